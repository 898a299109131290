/**
 * One SQL pass per table: every pass check of a table becomes aggregates with FILTER over a
 * single scan (`sum_matches` checks add fingerprints to the passes of both tables, see sums.ts),
 * so the suite reads each table once however many checks it has. What an index answers exactly
 * is asked of the index inside the same statement instead of being compared on every row: the
 * newest row and daily counts (time checks), rows dated in the future on an indexed time column.
 * A check the table's validated constraints already answer is not measured at all (proven.ts).
 * A `references` check on an indexed key runs beside the pass (orphans.ts); on a key without an
 * index its parent is hash-joined into the pass. Duplicates of an indexed column are counted
 * beside it too, in the column's index.
 * Column names come from the validated catalog (identifiers), values are parameters only.
 * Samples of offending rows are a second, small query, run only for checks that fail.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Executor, Store } from '../db/client.ts';
import { redactText } from '../privacy/redact.ts';
import { formats, type PassCheck, type TableName } from './checks.ts';
import { columnFacts } from './columns.ts';
import { countOrphans } from './orphans.ts';
import { provenClean } from './proven.ts';
import { robustZ, weekdayWindows } from './robust.ts';
import { fingerprintAggregate, readFingerprint, type SumCheck } from './sums.ts';

export interface Measured {
  violations: number;
  considered: number;
  /** `considered` is the planner's row estimate, not a count (see `countRowsUpTo`). */
  estimated?: boolean;
  /** In the check's unit; null when there is nothing to measure (no rows, no history). */
  value: number | null;
}

export interface PassOptions {
  now: Date;
  timeZone: string;
  /**
   * A table none of whose checks reads a row (every one answered by constraints and indexes, as
   * for the events) is counted only up to this many rows; above it, the rows considered are the
   * planner's estimate (`reltuples`, kept by vacuum and analyze) and no row is read. Violations
   * stay exact either way. Default COUNT_ROWS_UP_TO.
   */
  countRowsUpTo?: number;
}

/** Rows a table is counted up to when no check reads its rows: counting 23M events took 1.2 s of CPU. */
const COUNT_ROWS_UP_TO = 1_000_000;

const t = sql.identifier('t');
const col = (name: string) => sql`${t}.${sql.identifier(name)}`;
const alias = (i: number) => sql.identifier(`j${i}`);
const num = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));

/** The row predicate that makes a row offend, for row-level kinds (null for aggregate-only kinds). */
function violation(check: PassCheck, i: number, options: PassOptions): SQL | null {
  const c = 'column' in check ? col(check.column) : sql``;
  switch (check.kind) {
    case 'not_null':
      return sql`${c} is null`;
    case 'format':
      return sql`${c}::text !~ ${formats[check.format]}`;
    case 'range':
      if (check.rule === 'positive') return sql`${c} <= 0`;
      if (check.rule === 'non_zero') return sql`${c} = 0`;
      return sql`${c} > ${options.now.toISOString()}::timestamptz`;
    case 'allowed':
      return notIn(check.table as TableName, check.column, check.values);
    case 'references':
      return sql`${c} is not null and ${alias(i)}.id is null`;
    case 'sum_matches':
      return sql`${c} is distinct from coalesce(${alias(i)}.s, 0)`;
    default:
      return null;
  }
}

/**
 * Values outside a list. A text column is compared as it is stored (a cast to text on every row
 * of a char(3) column measured 0.15 s of 2.3M orders), other columns as text.
 */
function notIn(table: TableName, column: string, values: readonly string[]): SQL {
  const c = columnFacts(table, column).isText ? col(column) : sql`${col(column)}::text`;
  return sql`${c} not in (${sql.join(values.map((v) => sql`${v}`), sql`, `)})`;
}

/**
 * A format check's row predicate inside the pass. When an `allowed` check of the same column
 * lists only values that have the format, a listed value cannot offend, so the regex runs only
 * on the rare unlisted value (the regex on every order measured 0.58 s of CPU for 2.3M orders,
 * the list test 0.06 s). The formats are plain character classes, which JavaScript and
 * PostgreSQL read alike.
 */
function formatViolation(check: Extract<PassCheck, { kind: 'format' }>, siblings: readonly PassCheck[]): SQL {
  const pattern = formats[check.format];
  const regex = new RegExp(pattern);
  const listed = siblings.find((s): s is Extract<PassCheck, { kind: 'allowed' }> => s.kind === 'allowed' && s.table === check.table && s.column === check.column && s.values.every((v) => regex.test(v)));
  const bad = sql`${col(check.column)}::text !~ ${pattern}`;
  return listed ? sql`${notIn(check.table as TableName, check.column, listed.values)} and ${bad}` : bad;
}

/**
 * The predicate a pass counts for a check. It is also what the table's constraints are asked to
 * rule out (proven.ts), so a format check whose list a constraint holds to is proven too.
 */
function passViolation(check: PassCheck, i: number, options: PassOptions, siblings: readonly PassCheck[]): SQL | null {
  return check.kind === 'format' ? formatViolation(check, siblings) : violation(check, i, options);
}

/** The join a check's offending rows are found through (a parent table, or the child sums). */
function join(check: PassCheck, i: number): SQL | null {
  if (check.kind === 'references') return sql`left join ${sql.identifier(check.parent)} ${alias(i)} on ${alias(i)}.id = ${col(check.column)}`;
  if (check.kind === 'sum_matches') {
    const key = sql.identifier(check.childKey);
    return sql`left join (select ${key} as k, sum(${sql.identifier(check.childColumn)}) as s from ${sql.identifier(check.child)} group by ${key}) ${alias(i)} on ${alias(i)}.k = ${t}.id`;
  }
  return null;
}

/**
 * Checks counted by a statement of their own beside the pass, from the column's index: a
 * `references` check (orphans.ts) and duplicates. Beside, not inside: each takes its own
 * connection, so it overlaps with the passes instead of running after the scan in the pass's
 * process (an InitPlan of the aggregate).
 */
const countedBeside = (table: TableName, check: PassCheck): boolean =>
  (check.kind === 'references' || check.kind === 'duplicates') && columnFacts(table, check.column).indexed;

/** What a statement beside the pass counted: offending rows, and for duplicates the column's values. */
interface CountedBeside {
  violations: number;
  values?: number;
}

/**
 * Rows that repeat a value of an indexed column, grouped in the index's order with no sort: on
 * the 1M store 225 ms against 735 ms for count(distinct) over email_idx (the index-only scan
 * needs a vacuumed table to skip the rows). The same walk counts the column's values, so
 * neither this check nor a not-null check of the column makes the pass read it: a pass reads a
 * row only up to the last column it needs, and a blind index sits behind the encrypted fields.
 */
async function countDuplicates(store: Store, table: TableName, column: string): Promise<CountedBeside> {
  const c = sql.identifier(column);
  const [row] = await store.rows<{ dups: unknown; values: unknown }>(
    sql`select coalesce(sum(n - 1), 0) as dups, coalesce(sum(n), 0) as values from (select count(*) as n from ${sql.identifier(table)} where ${c} is not null group by ${c}) g`,
  );
  return { violations: num(row?.dups), values: num(row?.values) };
}

/** A column whose values a duplicates walk beside the pass counts (see countDuplicates). */
const valuesCountedBeside = (table: TableName, column: string, siblings: readonly PassCheck[]): boolean =>
  siblings.some((s) => s.kind === 'duplicates' && s.column === column && countedBeside(table, s));

/** What a pass knows before it reads: the other checks of the table, those its constraints answer, and how it counts rows. */
interface PassContext {
  siblings: readonly PassCheck[];
  proven: ReadonlySet<string>;
  /** `count(*)`, or the estimate when the table is not read (see `countRowsUpTo`). */
  rows: SQL;
}

/** The aggregates of one check, named `c<i>_<part>`. */
interface Aggregates {
  parts: SQL[];
  /** Whether they look inside each row (a predicate, a sum, a nullable column's count), or only count rows and ask indexes. */
  readsValues: boolean;
  /** Whether the rows it considered are the table's rows (so an estimate when those are). */
  consideredRows?: boolean;
  /** Whether its figure needs the exact row count (a percentage of rows, or rows less values): then the table is counted. */
  exactRows?: boolean;
}

/** What the pass selects for one check: its measure and the rows (or values) it considered. */
function aggregates(table: TableName, check: PassCheck, i: number, options: PassOptions, { siblings, proven, rows }: PassContext): Aggregates {
  const name = (part: string) => sql.identifier(`c${i}_${part}`);
  if (check.kind === 'sum_matches') return { parts: [fingerprintAggregate(col(check.column), sql`${t}.id`, `c${i}_f`), sql`count(*) as ${name('n')}`], readsValues: true };
  const facts = columnFacts(table, check.column);
  const c = col(check.column);
  // A NOT NULL column's count is the row count: no need to look inside the row for it.
  const countsRows = check.kind === 'not_null' || facts.notNull;
  const considered = sql`${countsRows ? rows : sql`count(${c})`} as ${name('n')}`;
  const withConsidered = (...parts: SQL[]): Aggregates => ({
    parts: [...parts, considered],
    readsValues: !countsRows,
    consideredRows: countsRows,
    // A share of the rows is only exact over the exact count; a proven check's share is 0 over any count.
    exactRows: countsRows && check.threshold.unit === 'percent' && !proven.has(check.id),
  });
  const from = sql.identifier(table);
  const bare = sql.identifier(check.column);
  const at = (d: Date) => sql`${d.toISOString()}::timestamptz`;
  // Counted beside the pass, values too; the pass reads nothing for it.
  // (A not-null check's missing values are then the rows less the values: the rows must be counted.)
  if ((check.kind === 'duplicates' || check.kind === 'not_null') && valuesCountedBeside(table, check.column, siblings)) return { parts: [], readsValues: false, exactRows: check.kind === 'not_null' };
  // Counted beside the pass; the pass only counts the values considered.
  if (countedBeside(table, check)) return withConsidered();
  if (proven.has(check.id)) return withConsidered(sql`0 as ${name('v')}`);
  // Rows dated in the future are a range at the end of the column's index.
  if (check.kind === 'range' && check.rule === 'not_future' && facts.indexed) {
    return withConsidered(sql`(select count(*) from ${from} where ${bare} > ${at(options.now)}) as ${name('v')}`);
  }
  const bad = passViolation(check, i, options, siblings);
  if (bad) return { parts: [sql`count(*) filter (where ${bad}) as ${name('v')}`, considered], readsValues: true };
  if (check.kind === 'duplicates') {
    // Equal under the database's collation means equal bytes (it is deterministic), so the
    // distinct count may sort by bytes: measured 40% faster than sorting by language rules.
    const distinct = facts.isText ? sql`${c} collate "C"` : c;
    return { parts: [sql`count(${c}) - count(distinct ${distinct}) as ${name('v')}`, considered], readsValues: true };
  }
  // Time checks read a few days or the newest row: scalar subqueries inside the same statement,
  // answered from the time column's index (orders_ordered_at, events_occurred_at), rather than
  // a dozen comparisons on every row of the scan. Rows dated in the future are the not_future
  // check's business; for freshness they would hide staleness.
  if (check.kind === 'freshness') return withConsidered(sql`(select extract(epoch from max(${bare})) from ${from} where ${bare} <= ${at(options.now)}) as ${name('v')}`);
  if (check.kind === 'daily_volume') {
    const days = weekdayWindows(options.now, options.timeZone, check.weeks);
    return { parts: days.map((w, k) => sql`(select count(*) from ${from} where ${bare} >= ${at(w.start)} and ${bare} < ${at(w.end)}) as ${name(`d${k}`)}`), readsValues: false };
  }
  throw new Error(`no aggregate for ${check.kind}`);
}

/** Turns a check's aggregates back into its measure. */
function measure(check: PassCheck, i: number, row: Record<string, unknown>, now: Date): Measured {
  const get = (part: string) => row[`c${i}_${part}`];
  if (check.kind === 'freshness') {
    const newest = get('v');
    const considered = num(get('n'));
    return { violations: 0, considered, value: newest === null || newest === undefined ? null : (now.getTime() / 1000 - Number(newest)) / 3600 };
  }
  if (check.kind === 'daily_volume') {
    const [day, ...history] = Array.from({ length: check.weeks + 1 }, (_, k) => num(get(`d${k}`)));
    // Weeks before the table had any rows are not history: a young store is not an anomaly.
    const lived = history.filter((n) => n > 0);
    return { violations: day!, considered: lived.length, value: lived.length === 0 ? null : robustZ(day!, lived) };
  }
  const violations = num(get('v'));
  const considered = num(get('n'));
  const value = check.threshold.unit === 'percent' ? (considered === 0 ? null : (100 * violations) / considered) : violations;
  return { violations, considered, value };
}

/**
 * Runs a pass in one process, with PostgreSQL's JIT inlining and optimizing what it compiles.
 * - JIT: by default a statement is compiled above `jit_above_cost` but inlined and optimized only
 *   far above it (500,000), so a pass over a few million rows gets compiled expressions that
 *   still call a function per operator. Inlined, the 1M store's passes measured (serial, min of
 *   3): order lines 1.24 → 0.81 s, orders 0.82 → 0.66 s. Only statements already above
 *   `jit_above_cost` are compiled (none with `jit` off).
 * - One process: the passes already run side by side, a connection each. Parallel workers on top
 *   each compile the pass again (about 0.1 s apiece) and compete for the same cores: the whole
 *   suite on the 1M store measured 2.56 s with them and 2.12 s without, on 2 cores.
 * A pass that only counts rows (every check of the table answered by constraints and indexes,
 * as for the events) compiles next to nothing and is left to the planner: it may go parallel.
 */
function inOneProcessWithFullJit<T>(store: Store, run: (tx: Executor) => Promise<T>): Promise<T> {
  return store.db.transaction(async (tx) => {
    if (store.kind === 'postgres') {
      await tx.execute(sql`select set_config('jit_inline_above_cost', current_setting('jit_above_cost'), true), set_config('jit_optimize_above_cost', current_setting('jit_above_cost'), true), set_config('max_parallel_workers_per_gather', '0', true)`);
    }
    return run(tx);
  });
}

export interface TablePass {
  measured: Map<string, Measured>;
  /** Sum fingerprints by `parent:<check id>` and `child:<check id>` (see src/quality/sums.ts). */
  fingerprints: Map<string, string>;
}

/**
 * Measures every pass check of one table in one statement, adding the sum fingerprints of the
 * `sum_matches` checks whose children live in this table. A `sum_matches` check's violations
 * stay 0 here: the runner settles them by comparing both sides' fingerprints.
 *
 * @example
 *   await runTablePass(store, 'orders', checksOfOrders, { now, timeZone: 'Asia/Shanghai' });
 *   // measured: Map { 'orders.currency.format' → { violations: 2, considered: 5000, value: 2 }, … }
 */
export async function runTablePass(store: Store, table: TableName, checks: readonly PassCheck[], options: PassOptions, childSums: readonly SumCheck[] = []): Promise<TablePass> {
  const rowLevel = checks.filter((c) => c.kind === 'not_null' || c.kind === 'format' || c.kind === 'range' || c.kind === 'allowed');
  const proven = await provenClean(store, table, rowLevel.map((c) => ({ id: c.id, bad: passViolation(c, 0, options, checks)! })));
  const context: PassContext = { siblings: checks, proven, rows: sql`count(*)` };
  let measures = checks.map((c, i) => aggregates(table, c, i, options, context));
  const joins = checks.filter((c) => c.kind === 'references' && !countedBeside(table, c)).map((c) => join(c, checks.indexOf(c))!);
  const readsValues = measures.some((m) => m.readsValues) || childSums.length > 0 || joins.length > 0;
  const estimate = readsValues || measures.some((m) => m.exactRows) ? null : await estimatedRows(store, table);
  const estimated = estimate !== null && estimate > (options.countRowsUpTo ?? COUNT_ROWS_UP_TO);
  if (estimated) measures = checks.map((c, i) => aggregates(table, c, i, options, { ...context, rows: sql`${estimate}::bigint` }));
  const selects = [
    // Always an aggregate (or the estimate), so the statement returns one row even when every check reads by subquery.
    estimated ? sql`${estimate}::bigint as rows` : sql`count(*) as rows`,
    ...measures.flatMap((m) => m.parts),
    ...childSums.map((c, i) => fingerprintAggregate(col(c.childColumn), col(c.childKey), `s${i}_f`)),
  ];
  const beside = checks.filter((c) => countedBeside(table, c));
  const from = estimated ? sql`` : sql` from ${sql.identifier(table)} ${t} ${sql.join(joins, sql` `)}`;
  const pass = (via?: Executor) => store.rows(sql`select ${sql.join(selects, sql`, `)}${from}`, via);
  // Side by side: on PostgreSQL each statement takes its own connection.
  const [[row = {}], ...counts] = await Promise.all([
    readsValues ? inOneProcessWithFullJit(store, pass) : pass(),
    ...beside.map(async (c): Promise<CountedBeside> => (c.kind === 'references' ? { violations: await countOrphans(store, table, c) } : countDuplicates(store, table, c.column))),
  ]);
  beside.forEach((c, k) => {
    const { violations, values } = counts[k]!;
    row[`c${checks.indexOf(c)}_v`] = violations;
    if (values === undefined) return;
    row[`c${checks.indexOf(c)}_n`] = values;
    checks.forEach((s, i) => {
      if (s.kind !== 'not_null' || s.column !== c.column) return;
      row[`c${i}_v`] = num(row.rows) - values;
      row[`c${i}_n`] = row.rows;
    });
  });
  const fingerprints = new Map<string, string>();
  checks.forEach((c, i) => c.kind === 'sum_matches' && fingerprints.set(`parent:${c.id}`, readFingerprint(row, `c${i}_f`)));
  childSums.forEach((c, i) => fingerprints.set(`child:${c.id}`, readFingerprint(row, `s${i}_f`)));
  const measured = checks.map((c, i): [string, Measured] => [c.id, { ...measure(c, i, row, options.now), ...(estimated && measures[i]!.consideredRows ? { estimated: true } : {}) }]);
  return { measured: new Map(measured), fingerprints };
}

/** The planner's row count of a table; null before it was ever vacuumed or analyzed. */
async function estimatedRows(store: Store, table: TableName): Promise<number | null> {
  const [row] = await store.rows<{ n: unknown }>(sql`select reltuples::float8 as n from pg_class where oid = to_regclass(${table}::text)`);
  const n = Number(row?.n ?? -1);
  return n >= 0 ? Math.round(n) : null;
}

/**
 * The exact number of offending rows of one row-level check, in a statement of its own: for a
 * `sum_matches` check whose fingerprints differ, this is where the children get grouped.
 */
export async function countOffenders(store: Store, table: TableName, check: PassCheck, options: PassOptions): Promise<number> {
  const bad = violation(check, 0, options);
  if (!bad) throw new Error(`${check.id}: ${check.kind} has no row predicate`);
  const query = sql`select count(*) as n from ${sql.identifier(table)} ${t} ${join(check, 0) ?? sql``} where ${bad}`;
  // Under a parallel plan every worker would group the whole child table again (measured: 3× the work).
  const [row] = await store.db.transaction(async (tx) => {
    await tx.execute(sql`set local max_parallel_workers_per_gather = 0`);
    return store.rows<{ n: unknown }>(query, tx);
  });
  return num(row?.n);
}

/** Columns derived from personal data: never shown in a sample, even as an opaque hash. */
const isPersonal = (column: string) => /_(enc|idx)$/.test(column);

/** Up to `limit` offending rows of a failing row-level check, as redacted one-liners ("id 42 · currency=US"). */
export async function sampleOffenders(store: Store, table: TableName, check: PassCheck, options: PassOptions, limit = 5): Promise<string[]> {
  let query: SQL;
  if (check.kind === 'duplicates') {
    const c = col(check.column);
    query = sql`select ${t}.id from ${sql.identifier(table)} ${t} where ${c} in (select ${sql.identifier(check.column)} from ${sql.identifier(table)} where ${sql.identifier(check.column)} is not null group by 1 having count(*) > 1) order by ${t}.id limit ${limit}`;
  } else {
    const bad = violation(check, 0, options);
    if (!bad || !('column' in check)) return [];
    const shown = isPersonal(check.column) ? sql`` : sql`, ${col(check.column)}::text as value`;
    const extra = check.kind === 'sum_matches' ? sql`, coalesce(${alias(0)}.s, 0)::text as expected` : sql``;
    query = sql`select ${t}.id${shown}${extra} from ${sql.identifier(table)} ${t} ${join(check, 0) ?? sql``} where ${bad} order by ${t}.id limit ${limit}`;
  }
  const rows = await store.rows<{ id: unknown; value?: string | null; expected?: string }>(query);
  const column = 'column' in check ? check.column : '';
  return rows.map((r) => {
    const parts = [`id ${String(r.id)}`];
    if ('value' in r) parts.push(`${column}=${r.value ?? 'null'}`);
    if (r.expected !== undefined) parts.push(`lines=${r.expected}`);
    return redactText(parts.join(' · ')).text;
  });
}
