/**
 * Stage 5 for customers and products: one batch's staged rows → the store, set-based, in ONE
 * transaction: quarantine, golden records, identities and their links, products and aliases, and
 * the batch's own bookkeeping. Either all of it lands or none of it does. (Facts go straight in:
 * load.ts.)
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Store } from '../db/client.ts';
import type { BatchSummary } from './batch.ts';
import type { FactKind } from './load.ts';
import type { RecordKind } from './records.ts';
import { clearStaging } from './stage.ts';

export interface MergeCounts {
  customers?: number;
  identities?: number;
  links?: number;
  products?: number;
  aliases?: number;
  orders?: number;
  orderItems?: number;
  events?: number;
}

/** The kinds merged from staging; facts (order lines, events) are COPYed straight in (load.ts). */
export type StagedKind = Exclude<RecordKind, FactKind>;

export interface MergeInput {
  batchId: number;
  platform: string;
  kind: StagedKind;
  header: string[] | undefined;
  summary: BatchSummary;
}

export interface MergeResult {
  created: MergeCounts;
  rowsLoaded: number;
  rowsMerged: number;
}

/** Runs a statement whose last step is `select count(*) as n`, and returns n. */
type Count = (q: SQL) => Promise<number>;

/**
 * Profile and personal columns a staged customer row brings to its golden record. The platform it
 * signed up on is the first platform whose customers file brought it (shells from orders have none).
 */
const customerFields = ['city', 'region', 'country', 'postcode', 'gender', 'birth_year', 'signup_at', 'email_enc', 'email_idx', 'phone_enc', 'phone_idx', 'name_enc', 'address_enc'];

async function mergeCustomers(count: Count, b: number, p: string): Promise<MergeResult> {
  // The fullest row of each golden record seeds it when new, and fills its gaps when not.
  const best = sql`(select distinct on (customer_id) * from stage_customers where batch_id = ${b} order by customer_id, completeness desc, line)`;
  const created = await count(sql`
    with inserted as (
      insert into customers (id, ${sql.raw(customerFields.join(', '))}, marketing_consent, signup_platform)
      select s.customer_id, ${sql.raw(customerFields.map((f) => `s.${f}`).join(', '))}, coalesce(s.marketing_consent, false), ${p}
      from ${best} s where not exists (select 1 from customers c where c.id = s.customer_id) returning 1)
    select count(*)::int as n from inserted`);
  await count(sql`
    with updated as (
      update customers c set ${sql.raw(customerFields.map((f) => `${f} = coalesce(c.${f}, s.${f})`).join(', '))}, signup_platform = coalesce(c.signup_platform, ${p})
      from ${best} s where c.id = s.customer_id and c.erased_at is null
        -- Only records with a gap this batch fills: a row rewritten unchanged costs as much as a changed one.
        and (c.signup_platform is null or ${sql.raw(customerFields.map((f) => `(c.${f} is null and s.${f} is not null)`).join(' or '))})
      returning 1)
    select count(*)::int as n from updated`);
  const identities = await count(sql`
    with inserted as (
      insert into customer_identities (customer_id, platform, platform_customer_id)
      select distinct on (platform_customer_id) customer_id, ${p}, platform_customer_id from stage_customers
      where batch_id = ${b} order by platform_customer_id, line
      on conflict (platform, platform_customer_id) do nothing returning 1)
    select count(*)::int as n from inserted`);
  const links = await count(sql`
    with inserted as (
      insert into identity_links (customer_id, platform, platform_customer_id, batch_id, rule, score, evidence)
      select customer_id, ${p}, platform_customer_id, batch_id, link_rule, link_score, link_evidence
      from stage_customers where batch_id = ${b} and link_rule is not null returning 1)
    select count(*)::int as n from inserted`);
  const staged = await count(sql`select count(*)::int as n from stage_customers where batch_id = ${b}`);
  return { created: { customers: created, identities, links }, rowsLoaded: staged - links, rowsMerged: links };
}

async function mergeProducts(count: Count, b: number, p: string): Promise<MergeResult> {
  const products = await count(sql`
    with inserted as (
      insert into products (id, sku, title, brand, category_id, list_price_minor, currency)
      select distinct on (s.product_id) s.product_id, s.sku, s.title, s.brand, s.category_id, s.price_minor, s.currency
      from stage_products s where s.batch_id = ${b} and not exists (select 1 from products x where x.id = s.product_id)
      order by s.product_id, s.line returning 1)
    select count(*)::int as n from inserted`);
  const aliases = await count(sql`
    with inserted as (
      insert into product_aliases (product_id, platform, platform_product_id, title, category_label, price_minor)
      select distinct on (platform_product_id) product_id, ${p}, platform_product_id, title, category_label, price_minor
      from stage_products where batch_id = ${b} order by platform_product_id, line
      on conflict (platform, platform_product_id) do nothing returning 1)
    select count(*)::int as n from inserted`);
  return { created: { products, aliases }, rowsLoaded: products, rowsMerged: aliases - products };
}

/** Each kind's staging table, and the columns its merge filters, joins and sorts on. */
const stagingOf: Record<StagedKind, { table: string; keyColumns: string[] }> = {
  customers: { table: 'stage_customers', keyColumns: ['batch_id', 'line', 'customer_id', 'platform_customer_id', 'completeness', 'link_rule'] },
  products: { table: 'stage_products', keyColumns: ['batch_id', 'line', 'product_id', 'platform_product_id'] },
};

const mergers: Record<StagedKind, (count: Count, b: number, p: string) => Promise<MergeResult>> = {
  customers: mergeCustomers,
  products: mergeProducts,
};

export async function mergeBatch(store: Store, input: MergeInput): Promise<MergeResult> {
  const { batchId: b, platform: p, summary } = input;
  return store.db.transaction(async (tx) => {
    const count: Count = async (q) => Number((await store.rows<{ n: unknown }>(q, tx))[0]?.n ?? 0);
    await count(sql`
      with moved as (insert into quarantine (batch_id, source_line, raw, reasons)
        select batch_id, line, raw, reasons from stage_quarantine where batch_id = ${b} returning 1)
      select count(*)::int as n from moved`);
    // The merge sorts and hashes a whole batch at once; with the default 4 MB those spill to disk.
    await tx.execute(sql`set local work_mem = '64MB'`);
    // Fresh staging rows have no statistics; without them the planner picks nested loops. Only the
    // columns the plans use: the encrypted ones are wide, and took most of the analyze's time
    // (0.71 s of tmall's 65k customers at 100k).
    const staging = stagingOf[input.kind];
    await tx.execute(sql`analyze ${sql.identifier(staging.table)} (${sql.join(staging.keyColumns.map((c) => sql.identifier(c)), sql`, `)})`);
    const result = await mergers[input.kind](count, b, p);
    await tx.execute(batchLoaded(b, input.header, summary, result));
    await clearStaging(tx, b);
    return result;
  });
}

/** The statement that marks a batch loaded and keeps its report: the last step of its transaction. */
export function batchLoaded(b: number, header: string[] | undefined, summary: BatchSummary, result: MergeResult): SQL {
  const report = { quarantinedByReason: summary.quarantinedByReason, fieldIssues: summary.fieldIssues, fieldIssueLines: summary.fieldIssueLines, created: result.created, unmappedCategoryLabels: summary.unmappedCategoryLabels };
  // clock_timestamp(): now() is when the transaction began, which would leave the load out of the batch's time.
  return sql`
    update ingest_batches set status = 'loaded', finished_at = clock_timestamp(), header = ${header ? JSON.stringify(header) : null}::jsonb,
      rows_read = ${summary.rowsRead}, rows_loaded = ${result.rowsLoaded}, rows_merged = ${result.rowsMerged},
      rows_quarantined = ${summary.rowsQuarantined}, summary = ${JSON.stringify(report)}::jsonb
    where id = ${b}`;
}
