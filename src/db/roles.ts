/**
 * Database roles that make the limits hold in the database itself, not only in our code:
 *
 * - `precis_reader` runs every answer. It may SELECT the tables the semantic catalog reads,
 *   column by column, leaving out every personal column; it may write nothing.
 * - `precis_personal` runs the export and erasure paths: it reads every column, personal ones
 *   included, and writes rows (an erasure clears fields; both append their own audit entry in the
 *   same transaction). It never gets DDL or TRUNCATE.
 *
 * Both are NOLOGIN: Precis keeps its one connection pool and switches into a role for a single
 * transaction (`set_config('role', …, true)`, i.e. SET LOCAL ROLE), so the switch ends with the
 * transaction and a pooled connection never carries it to other work. That needs the connection's
 * user to be a member of both roles, which `createDbRoles` grants to whoever runs it.
 *
 * Personal columns are defined once here (`isPersonalColumn`), from the schema itself. This
 * module must never read a personal value; it only names columns.
 */
import { Column, is, SQL, sql, Table } from 'drizzle-orm';
import { getTableConfig, PgTable } from 'drizzle-orm/pg-core';
import type { Db, Store } from './client.ts';
import * as schema from './schema/index.ts';

export const dbRoles = { reader: 'precis_reader', personal: 'precis_personal' } as const;
export type DbRoleNames = { reader: string; personal: string };

/**
 * Columns that hold personal data or lead to it: every encrypted field (`*_enc`), every blind
 * index (`*_idx`, an HMAC of an email or phone that matches across tables), the quarantine's raw
 * rows (a whole source line), and identity-resolution evidence (how two people's fields compared).
 */
const personalByName = (column: string) => column.endsWith('_enc') || column.endsWith('_idx');
const personalExtra: Readonly<Record<string, readonly string[]>> = {
  quarantine: ['raw'],
  stage_quarantine: ['raw'],
  identity_links: ['evidence'],
  stage_customers: ['link_evidence'],
};

export function isPersonalColumn(table: string, column: string): boolean {
  return personalByName(column) || (personalExtra[table]?.includes(column) ?? false);
}

/** Every table of the Precis schema (src/db/schema). */
const schemaTables: readonly PgTable[] = (Object.values(schema) as unknown[]).filter((v): v is PgTable => is(v, PgTable));

/** Every personal column of the schema, as `table.column`. */
export const personalColumns: readonly string[] = schemaTables.flatMap((t) => {
  const { name, columns } = getTableConfig(t);
  return columns.filter((c) => isPersonalColumn(name, c.name)).map((c) => `${name}.${c.name}`);
});

/** A table's own name, also through an alias (Drizzle keeps it under this registered symbol). */
const ORIGINAL_NAME = Symbol.for('drizzle:OriginalName');
const tableName = (table: Table): string => (table as unknown as Record<symbol, string>)[ORIGINAL_NAME]!;

/**
 * The tables and columns a piece of SQL names (through Drizzle objects, aliases resolved to their
 * table), as `table` and `table.column`: how the reader's tables are found from the catalog.
 */
export function sqlReferences(...fragments: unknown[]): { tables: Set<string>; columns: Set<string> } {
  const found = { tables: new Set<string>(), columns: new Set<string>() };
  const walk = (chunk: unknown): void => {
    if (is(chunk, SQL)) chunk.queryChunks.forEach(walk);
    else if (is(chunk, SQL.Aliased)) walk(chunk.sql);
    else if (Array.isArray(chunk)) chunk.forEach(walk);
    else if (is(chunk, Column)) found.columns.add(`${tableName(chunk.table)}.${chunk.name}`);
    else if (is(chunk, Table)) found.tables.add(tableName(chunk));
  };
  fragments.forEach(walk);
  return found;
}

/** What the reader role may read: these tables' columns, personal ones left out. */
export interface ReaderGrant {
  /** Table names, e.g. from `sqlReferences` over the semantic catalog's sources. */
  tables: readonly string[];
  /** The statement timeout set on the reader role itself, in ms. */
  timeoutMs: number;
}

/** The reader's columns per table: every column of each table but the personal ones. */
function readerColumns(tables: readonly string[]): Map<string, string[]> {
  return new Map(
    tables.map((name) => {
      const table = schemaTables.find((t) => getTableConfig(t).name === name);
      if (!table) throw new Error(`the reader is to read ${name}, which is not a table of the Precis schema`);
      return [name, getTableConfig(table).columns.map((c) => c.name).filter((c) => !isPersonalColumn(name, c))];
    }),
  );
}

const id = (name: string) => sql.identifier(name);

/**
 * The statements that create both roles and their grants; running them again brings the grants
 * back in line (after a migration, or after a column became personal): every table privilege is
 * revoked and granted anew, which also drops column grants that no longer apply.
 */
function roleSetupStatements(grant: ReaderGrant, names: DbRoleNames = dbRoles, existing: ReadonlySet<string> = new Set()): SQL[] {
  if (!Number.isInteger(grant.timeoutMs) || grant.timeoutMs <= 0) throw new Error(`statement timeout must be a positive whole number of ms, not ${grant.timeoutMs}`);
  const { reader, personal } = names;
  const statements: SQL[] = [];
  for (const role of [reader, personal]) if (!existing.has(role)) statements.push(sql`create role ${id(role)} nologin`);
  statements.push(
    // A utility statement takes no parameters; the value is a checked integer, never outside text.
    sql`alter role ${id(reader)} set statement_timeout = ${sql.raw(`'${grant.timeoutMs}ms'`)}`,
    sql`grant ${id(reader)}, ${id(personal)} to current_user`,
    sql`grant usage on schema public to ${id(reader)}, ${id(personal)}`,
    sql`revoke all on all tables in schema public from ${id(reader)}, ${id(personal)}`,
  );
  for (const [table, columns] of readerColumns(grant.tables)) {
    statements.push(sql`grant select (${sql.join(columns.map(id), sql`, `)}) on table ${id(table)} to ${id(reader)}`);
  }
  statements.push(
    sql`grant select, insert, update, delete on all tables in schema public to ${id(personal)}`,
    sql`grant usage, select on all sequences in schema public to ${id(personal)}`,
  );
  return statements;
}

/**
 * Roles belong to the whole server, so two databases on it may set them up at the same moment;
 * the loser of that race sees the role already created or its row updated under it, and retries.
 */
const RACE_CODES = new Set(['42710', '23505', 'XX000']);
const raceLost = (err: unknown) => {
  const e = err as { code?: string; cause?: { code?: string } };
  return RACE_CODES.has(e.cause?.code ?? e.code ?? '');
};

/** Creates the roles and grants (idempotent). Needs CREATEROLE (or a superuser) and ownership of the tables. */
export async function createDbRoles(store: Store, grant: ReaderGrant, names: DbRoleNames = dbRoles): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      const found = await store.rows<{ rolname: string }>(sql`select rolname from pg_roles where rolname in (${names.reader}, ${names.personal})`);
      const statements = roleSetupStatements(grant, names, new Set(found.map((r) => r.rolname)));
      await store.db.transaction(async (tx) => {
        for (const statement of statements) await tx.execute(statement);
      });
      break;
    } catch (err) {
      if (attempt >= 3 || !raceLost(err)) throw err;
    }
  }
  forgetRoleChecks(store);
}

interface RoleFacts {
  exists: boolean;
  superuser: boolean;
  member: boolean;
  settings: string[];
}

interface ColumnPrivilege {
  table: string;
  column: string;
  can_read: boolean;
  can_write: boolean;
}

async function roleFacts(store: Store, role: string): Promise<RoleFacts> {
  const [row] = await store.rows<{ super: boolean; bypass: boolean; member: boolean; settings: string[] | null }>(
    sql`select rolsuper as super, rolbypassrls as bypass, pg_has_role(current_user, oid, 'MEMBER') as member, rolconfig as settings from pg_roles where rolname = ${role}`,
  );
  if (!row) return { exists: false, superuser: false, member: false, settings: [] };
  return { exists: true, superuser: row.super || row.bypass, member: row.member, settings: row.settings ?? [] };
}

/** For each column of each table in schema public: may `role` read it, may it write its table. */
async function columnPrivileges(store: Store, role: string): Promise<ColumnPrivilege[]> {
  return store.rows<ColumnPrivilege>(sql`
    select c.relname as table, a.attname as column,
           has_column_privilege(r.oid, c.oid, a.attnum, 'SELECT') as can_read,
           has_table_privilege(r.oid, c.oid, 'INSERT, UPDATE, DELETE, TRUNCATE') as can_write
    from pg_class c
    join pg_namespace n on n.oid = c.relnamespace
    join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
    cross join pg_roles r
    where n.nspname = 'public' and c.relkind in ('r', 'p', 'v', 'm') and r.rolname = ${role}
    order by c.relname, a.attnum`);
}

/** Problems common to both roles; returns true when the role can be examined further. */
function basicProblems(role: string, facts: RoleFacts, problems: string[]): boolean {
  if (!facts.exists) {
    problems.push(`role ${role} does not exist`);
    return false;
  }
  if (facts.superuser) problems.push(`role ${role} is a superuser or bypasses row security, so no grant limits it`);
  if (!facts.member) problems.push(`the database user Precis connects as is not a member of ${role}, so it cannot switch to it`);
  return true;
}

const listed = (items: readonly string[], most = 6) => (items.length <= most ? items.join(', ') : `${items.slice(0, most).join(', ')} and ${items.length - most} more`);

/** What keeps the reader role from limiting answers, in plain sentences; empty when all is in place. */
export async function checkReaderRole(store: Store, tables: readonly string[], role: string = dbRoles.reader): Promise<string[]> {
  const problems: string[] = [];
  const facts = await roleFacts(store, role);
  if (!basicProblems(role, facts, problems)) return problems;
  if (!facts.settings.some((s) => s.startsWith('statement_timeout='))) problems.push(`role ${role} has no statement_timeout of its own`);

  const wanted = readerColumns(tables);
  const privileges = await columnPrivileges(store, role);
  const byTable = new Map<string, ColumnPrivilege[]>();
  for (const p of privileges) byTable.set(p.table, [...(byTable.get(p.table) ?? []), p]);
  for (const [table, columns] of wanted) {
    const readable = new Set((byTable.get(table) ?? []).filter((p) => p.can_read).map((p) => p.column));
    const missing = columns.filter((c) => !readable.has(c));
    if (missing.length > 0) problems.push(`${role} cannot read ${table} (${listed(missing)})`);
  }
  const personal = privileges.filter((p) => p.can_read && isPersonalColumn(p.table, p.column)).map((p) => `${p.table}.${p.column}`);
  if (personal.length > 0) problems.push(`${role} can read personal columns: ${listed(personal)}`);
  const extra = [...byTable].filter(([table, cols]) => !wanted.has(table) && cols.some((p) => p.can_read && !isPersonalColumn(p.table, p.column))).map(([table]) => table);
  if (extra.length > 0) problems.push(`${role} can read tables answers never need: ${listed(extra)}`);
  const writable = [...byTable].filter(([, cols]) => cols[0]?.can_write).map(([table]) => table);
  if (writable.length > 0) problems.push(`${role} can write to ${listed(writable)}`);
  return problems;
}

/** What keeps the export and erasure paths from running under the personal role; empty when all is in place. */
export async function checkPersonalRole(store: Store, role: string = dbRoles.personal): Promise<string[]> {
  const problems: string[] = [];
  const facts = await roleFacts(store, role);
  if (!basicProblems(role, facts, problems)) return problems;
  const privileges = await columnPrivileges(store, role);
  const unreadable = [...new Set(privileges.filter((p) => !p.can_read).map((p) => p.table))];
  if (unreadable.length > 0) problems.push(`${role} cannot read all of ${listed(unreadable)}`);
  const unwritable = [...new Set(privileges.filter((p) => !p.can_write).map((p) => p.table))];
  if (unwritable.length > 0) problems.push(`${role} cannot write to ${listed(unwritable)}`);
  return problems;
}

/** Both checks, with the command that fixes them; empty when all is in place. */
export async function checkDbRoles(store: Store, tables: readonly string[], names: DbRoleNames = dbRoles): Promise<string[]> {
  return [...(await checkReaderRole(store, tables, names.reader)), ...(await checkPersonalRole(store, names.personal))];
}

/**
 * Whether a role is in place, remembered per store for a minute: answers ask on every question,
 * and roles created (or broken) while Precis runs are picked up without a restart.
 */
const CHECK_TTL_MS = 60_000;
const checked = new WeakMap<Store, Map<string, { ready: Promise<boolean>; at: number }>>();

export function roleReady(store: Store, role: string, check: () => Promise<string[]>): Promise<boolean> {
  const perStore = checked.get(store) ?? new Map<string, { ready: Promise<boolean>; at: number }>();
  checked.set(store, perStore);
  const hit = perStore.get(role);
  if (hit && Date.now() - hit.at < CHECK_TTL_MS) return hit.ready;
  const ready = check().then(
    (problems) => problems.length === 0,
    (err: unknown) => {
      perStore.delete(role); // a failed check is asked again next time, not remembered
      throw err;
    },
  );
  perStore.set(role, { ready, at: Date.now() });
  return ready;
}

/** Drops remembered checks, after the roles were changed through this store. */
export function forgetRoleChecks(store: Store): void {
  checked.delete(store);
}

/** A transaction of the store's database. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/** Switches the rest of the transaction to `role`; the switch ends with the transaction. */
export async function assumeRole(tx: Tx, role: string): Promise<void> {
  await tx.execute(sql`select set_config('role', ${role}, true)`);
}

/**
 * Runs `fn` in a transaction under the personal role, the one role that may read personal
 * columns: the export and erasure paths use it. When the role is not in place (`precis db roles`
 * not run; start-up said so) it runs as the connection's own user, which owns the tables.
 *
 * @example
 * const rows = await withPersonalAccess(store, (tx) => store.rows(sql`select email_enc from customers where id = ${id}`, tx));
 */
export async function withPersonalAccess<T>(store: Store, fn: (tx: Tx) => Promise<T>): Promise<T> {
  const ready = await roleReady(store, dbRoles.personal, () => checkPersonalRole(store));
  return store.db.transaction(async (tx) => {
    if (ready) await assumeRole(tx, dbRoles.personal);
    return fn(tx);
  });
}
