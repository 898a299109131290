/**
 * The data-quality check catalog: every check declared once, as data, and validated with zod at
 * load (an unknown column or a duplicate id stops Precis with every problem listed). The runner,
 * the scores, the history and the report all read this list; nothing else defines a check.
 *
 * Personal fields exist only encrypted (see src/db/schema/customers.ts), so their *format* is
 * checked where they are still clear — at ingest, whose field issues each batch records
 * (`batch_field_issue`) — and in the store only through their blind indexes (completeness,
 * remaining duplicates). No check ever decrypts anything.
 */
import { getTableColumns } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import { countryCodePattern, currencies, customers, events, eventTypes, genders, orderItems, orders, orderStatuses, productAliases, products } from '../db/schema/index.ts';

export const dimensions = ['completeness', 'validity', 'uniqueness', 'consistency', 'timeliness'] as const;
export const Dimension = z.enum(dimensions);
export type Dimension = z.infer<typeof Dimension>;

/** The store tables a check may read in its table pass. */
export const checkedTables = { customers, products, product_aliases: productAliases, orders, order_items: orderItems, events } as const satisfies Record<string, PgTable>;
export const TableName = z.enum(Object.keys(checkedTables) as [keyof typeof checkedTables, ...(keyof typeof checkedTables)[]]);
export type TableName = z.infer<typeof TableName>;

/** Named value formats (a regex each), so the catalog never carries SQL or free patterns. */
export const formats = {
  currency_code: '^[A-Z]{3}$',
  country_code: countryCodePattern,
} as const;

export const Threshold = z.object({
  /** What the value counts: offending rows, their share, hours of age, or a robust z-score. */
  unit: z.enum(['count', 'percent', 'hours', 'z']),
  /** at_most: fail above the limit; at_least: fail below it; within: fail when |value| exceeds it. */
  direction: z.enum(['at_most', 'at_least', 'within']),
  limit: z.number().nonnegative(),
});
export type Threshold = z.infer<typeof Threshold>;

/** True when the value is inside the expected band. */
export function withinThreshold(value: number, threshold: Threshold): boolean {
  if (threshold.direction === 'at_most') return value <= threshold.limit;
  if (threshold.direction === 'at_least') return value >= threshold.limit;
  return Math.abs(value) <= threshold.limit;
}

const column = z.string().regex(/^[a-z_][a-z0-9_]*$/);
const base = {
  id: z.string().regex(/^[a-z_]+(\.[a-z0-9_]+)+$/, 'ids look like table.column.rule'),
  table: z.union([TableName, z.literal('ingest_batches')]),
  dimension: Dimension,
  threshold: Threshold,
  /** Fewer rows than this considered: the check is skipped (too little data to judge). */
  minRows: z.number().int().nonnegative().default(1),
};

export const Check = z.discriminatedUnion('kind', [
  /** Rows whose column is null. */
  z.object({ ...base, kind: z.literal('not_null'), column }),
  /** Non-null values not matching a named format. */
  z.object({ ...base, kind: z.literal('format'), column, format: z.enum(Object.keys(formats) as [keyof typeof formats]) }),
  /** Non-null values breaking a range rule; `not_future` compares with the run's time. */
  z.object({ ...base, kind: z.literal('range'), column, rule: z.enum(['positive', 'non_zero', 'not_future']) }),
  /** Non-null values outside a list. */
  z.object({ ...base, kind: z.literal('allowed'), column, values: z.array(z.string()).min(1) }),
  /** Rows sharing a non-null value with an earlier row (left after identity resolution). */
  z.object({ ...base, kind: z.literal('duplicates'), column }),
  /** Non-null keys with no row in the parent table (orders → customers). */
  z.object({ ...base, kind: z.literal('references'), column, parent: TableName }),
  /** Rows whose column differs from the sum of their child rows (an order's total vs its lines). */
  z.object({ ...base, kind: z.literal('sum_matches'), column, child: TableName, childKey: column, childColumn: column }),
  /** Hours between the run and the newest value. */
  z.object({ ...base, kind: z.literal('freshness'), column }),
  /** Rows on the last full local day against the same weekday of earlier weeks (robust z). */
  z.object({ ...base, kind: z.literal('daily_volume'), column, weeks: z.number().int().min(3).max(26) }),
  /** Worst latest batch (per platform and kind): share of rows with an ingest field issue (e.g. an invalid email dropped). */
  z.object({ ...base, kind: z.literal('batch_field_issue'), batchKind: z.enum(['customers', 'products', 'order_lines', 'events']), issue: z.string().min(1) }),
  /** Worst latest batch: share of its rows quarantined. */
  z.object({ ...base, kind: z.literal('quarantine_rate') }),
  /** Latest batch per platform and kind: rows read against that source's earlier batches (robust z). */
  z.object({ ...base, kind: z.literal('batch_volume'), history: z.number().int().min(3).max(50) }),
  /** Latest batch per platform and kind: columns added or gone since the source's previous batch. */
  z.object({ ...base, kind: z.literal('schema_drift') }),
  /** Products whose prices on different platforms (in the base currency) differ by more than `maxRatio`. */
  z.object({ ...base, kind: z.literal('price_spread'), maxRatio: z.number().gt(1) }),
  /** Platform category labels the taxonomy cannot map. */
  z.object({ ...base, kind: z.literal('unmapped_labels') }),
]);
export type Check = z.infer<typeof Check>;
export type CheckKind = Check['kind'];

/** Check kinds computed inside a table's single aggregate pass. */
export const passKinds = ['not_null', 'format', 'range', 'allowed', 'duplicates', 'references', 'sum_matches', 'freshness', 'daily_volume'] as const;
export type PassCheck = Extract<Check, { kind: (typeof passKinds)[number] }>;
export const isPassCheck = (c: Check): c is PassCheck => (passKinds as readonly string[]).includes(c.kind);

const pct = (limit: number) => ({ unit: 'percent', direction: 'at_most', limit }) as const;
const none = { unit: 'count', direction: 'at_most', limit: 0 } as const;
const zBand = { unit: 'z', direction: 'within', limit: 3.5 } as const;

const declared: z.input<typeof Check>[] = [
  // customers — profile completeness, validity of clear fields, identities left unmerged
  { id: 'customers.city.not_null', table: 'customers', dimension: 'completeness', kind: 'not_null', column: 'city', threshold: pct(20), minRows: 100 },
  { id: 'customers.country.not_null', table: 'customers', dimension: 'completeness', kind: 'not_null', column: 'country', threshold: pct(20), minRows: 100 },
  { id: 'customers.email_idx.not_null', table: 'customers', dimension: 'completeness', kind: 'not_null', column: 'email_idx', threshold: pct(40), minRows: 100 },
  { id: 'customers.signup_at.not_null', table: 'customers', dimension: 'completeness', kind: 'not_null', column: 'signup_at', threshold: pct(10), minRows: 100 },
  { id: 'customers.country.format', table: 'customers', dimension: 'validity', kind: 'format', column: 'country', format: 'country_code', threshold: none },
  { id: 'customers.gender.allowed', table: 'customers', dimension: 'validity', kind: 'allowed', column: 'gender', values: [...genders], threshold: none },
  { id: 'customers.signup_at.not_future', table: 'customers', dimension: 'validity', kind: 'range', column: 'signup_at', rule: 'not_future', threshold: none },
  { id: 'customers.email_idx.duplicates', table: 'customers', dimension: 'uniqueness', kind: 'duplicates', column: 'email_idx', threshold: pct(1), minRows: 100 },
  { id: 'customers.phone_idx.duplicates', table: 'customers', dimension: 'uniqueness', kind: 'duplicates', column: 'phone_idx', threshold: pct(1), minRows: 100 },
  // products and their platform listings
  { id: 'products.category_id.not_null', table: 'products', dimension: 'completeness', kind: 'not_null', column: 'category_id', threshold: pct(10), minRows: 10 },
  { id: 'products.list_price_minor.positive', table: 'products', dimension: 'validity', kind: 'range', column: 'list_price_minor', rule: 'positive', threshold: none },
  { id: 'products.currency.format', table: 'products', dimension: 'validity', kind: 'format', column: 'currency', format: 'currency_code', threshold: none },
  { id: 'product_aliases.price.spread', table: 'product_aliases', dimension: 'consistency', kind: 'price_spread', maxRatio: 1.5, threshold: pct(5), minRows: 5 },
  { id: 'product_aliases.category_label.unmapped', table: 'product_aliases', dimension: 'consistency', kind: 'unmapped_labels', threshold: pct(5), minRows: 10 },
  // orders
  { id: 'orders.customer_id.references', table: 'orders', dimension: 'consistency', kind: 'references', column: 'customer_id', parent: 'customers', threshold: none },
  { id: 'orders.currency.format', table: 'orders', dimension: 'validity', kind: 'format', column: 'currency', format: 'currency_code', threshold: none },
  { id: 'orders.currency.allowed', table: 'orders', dimension: 'validity', kind: 'allowed', column: 'currency', values: [...currencies], threshold: none },
  { id: 'orders.status.allowed', table: 'orders', dimension: 'validity', kind: 'allowed', column: 'status', values: [...orderStatuses], threshold: none },
  { id: 'orders.ordered_at.not_future', table: 'orders', dimension: 'validity', kind: 'range', column: 'ordered_at', rule: 'not_future', threshold: none },
  { id: 'orders.total_base_minor.sum_of_lines', table: 'orders', dimension: 'consistency', kind: 'sum_matches', column: 'total_base_minor', child: 'order_items', childKey: 'order_id', childColumn: 'line_total_base_minor', threshold: none },
  { id: 'orders.ordered_at.freshness', table: 'orders', dimension: 'timeliness', kind: 'freshness', column: 'ordered_at', threshold: { unit: 'hours', direction: 'at_most', limit: 48 } },
  { id: 'orders.ordered_at.daily_volume', table: 'orders', dimension: 'timeliness', kind: 'daily_volume', column: 'ordered_at', weeks: 8, threshold: zBand, minRows: 4 },
  // order lines
  { id: 'order_items.product_id.references', table: 'order_items', dimension: 'consistency', kind: 'references', column: 'product_id', parent: 'products', threshold: none },
  { id: 'order_items.quantity.non_zero', table: 'order_items', dimension: 'validity', kind: 'range', column: 'quantity', rule: 'non_zero', threshold: none },
  { id: 'order_items.unit_price_base_minor.positive', table: 'order_items', dimension: 'validity', kind: 'range', column: 'unit_price_base_minor', rule: 'positive', threshold: none },
  // events
  { id: 'events.type.allowed', table: 'events', dimension: 'validity', kind: 'allowed', column: 'type', values: [...eventTypes], threshold: none },
  { id: 'events.occurred_at.not_future', table: 'events', dimension: 'validity', kind: 'range', column: 'occurred_at', rule: 'not_future', threshold: none },
  { id: 'events.occurred_at.freshness', table: 'events', dimension: 'timeliness', kind: 'freshness', column: 'occurred_at', threshold: { unit: 'hours', direction: 'at_most', limit: 48 } },
  { id: 'events.occurred_at.daily_volume', table: 'events', dimension: 'timeliness', kind: 'daily_volume', column: 'occurred_at', weeks: 8, threshold: zBand, minRows: 4 },
  // ingest batches: what arrived, how much was rejected, whether a source changed shape
  { id: 'ingest_batches.email.format', table: 'ingest_batches', dimension: 'validity', kind: 'batch_field_issue', batchKind: 'customers', issue: 'invalid_email:email', threshold: pct(5), minRows: 20 },
  { id: 'ingest_batches.phone.format', table: 'ingest_batches', dimension: 'validity', kind: 'batch_field_issue', batchKind: 'customers', issue: 'invalid_phone:phone', threshold: pct(5), minRows: 20 },
  { id: 'ingest_batches.rows.quarantine_rate', table: 'ingest_batches', dimension: 'validity', kind: 'quarantine_rate', threshold: pct(10), minRows: 20 },
  { id: 'ingest_batches.rows.volume', table: 'ingest_batches', dimension: 'timeliness', kind: 'batch_volume', history: 8, threshold: zBand, minRows: 3 },
  { id: 'ingest_batches.header.schema_drift', table: 'ingest_batches', dimension: 'consistency', kind: 'schema_drift', threshold: none },
];

/**
 * Parses a catalog and checks it against the schema, listing every problem at once: unknown
 * tables or columns, duplicate ids.
 *
 * @example
 *   const checks = loadCatalog(); // throws "customers.citty.not_null: customers has no column citty; …"
 */
export function loadCatalog(entries: readonly unknown[] = declared): Check[] {
  const problems: string[] = [];
  const checks: Check[] = [];
  const seen = new Set<string>();
  entries.forEach((entry, i) => {
    const parsed = Check.safeParse(entry);
    if (!parsed.success) {
      problems.push(`check ${i}: ${parsed.error.issues.map((e) => `${e.path.join('.')}: ${e.message}`).join('; ')}`);
      return;
    }
    const check = parsed.data;
    if (seen.has(check.id)) problems.push(`${check.id}: declared twice`);
    seen.add(check.id);
    const has = (table: TableName, name: string) => Object.values(getTableColumns(checkedTables[table])).some((c) => c.name === name);
    if ('column' in check) {
      if (check.table === 'ingest_batches') problems.push(`${check.id}: ${check.kind} needs a store table`);
      else if (!has(check.table, check.column)) problems.push(`${check.id}: ${check.table} has no column ${check.column}`);
    }
    if (check.kind === 'sum_matches') {
      for (const name of [check.childKey, check.childColumn]) if (!has(check.child, name)) problems.push(`${check.id}: ${check.child} has no column ${name}`);
    }
    checks.push(check);
  });
  if (problems.length > 0) throw new Error(`The quality check catalog is invalid:\n${problems.join('\n')}`);
  return checks;
}

let catalog: Check[] | undefined;
/** The built-in catalog, parsed once. */
export function qualityChecks(): Check[] {
  catalog ??= loadCatalog();
  return catalog;
}
