/**
 * Stage 5 for events. An event is a fact with nothing to merge, so staging it would only write it
 * twice: an events batch is COPYed straight into `events` inside the batch's one transaction
 * (all or nothing, like a merge), a few thousand rows at a time, while the next rows are read.
 * Each chunk's platform ids become customer and product ids in one statement each, which also
 * creates a shell for an id that no customers or products file introduced. Quarantined rows go
 * straight to `quarantine`.
 */
import { sql } from 'drizzle-orm';
import type { StoreTransaction } from '../db/client.ts';
import { copyChunks, type CopyValue } from '../db/copy.ts';
import type { MergeResult } from './merge.ts';
import type { NormalEvent } from './normalize.ts';

/** Rows per COPY: large enough for COPY's speed, small enough that two chunks in memory are nothing. */
const CHUNK_ROWS = 5000;

type Ids = Map<string, unknown>;

export class EventLoader {
  private events: NormalEvent[] = [];
  private quarantined: CopyValue[][] = [];
  /** The chunk being written: the next one is read meanwhile, and waits for it. */
  private inflight: Promise<void> = Promise.resolve();
  private readonly counts = { customers: 0, products: 0, events: 0 };

  constructor(
    private readonly tx: StoreTransaction,
    private readonly platform: string,
    private readonly batchId: number,
  ) {}

  async add(event: NormalEvent): Promise<void> {
    this.events.push(event);
    if (this.events.length >= CHUNK_ROWS) await this.write(() => this.writeEvents());
  }

  /** A row that could not be loaded, its raw content already encrypted. */
  async quarantine(line: number, rawEncrypted: string, reasons: readonly string[]): Promise<void> {
    this.quarantined.push([this.batchId, line, rawEncrypted, JSON.stringify(reasons)]);
    if (this.quarantined.length >= CHUNK_ROWS) await this.write(() => this.writeQuarantined());
  }

  /** Writes what is left and says what the batch created. */
  async finish(): Promise<MergeResult> {
    await this.write(() => this.writeEvents());
    await this.write(() => this.writeQuarantined());
    await this.inflight;
    const { customers, products, events } = this.counts;
    return { created: { customers, identities: customers, products, aliases: products, events }, rowsLoaded: events, rowsMerged: 0 };
  }

  /** Queues `step` behind the chunk in flight and waits for that one only. */
  private async write(step: () => Promise<void>): Promise<void> {
    const previous = this.inflight;
    this.inflight = previous.then(step);
    // Marked handled here; the error still surfaces at the next write or at finish.
    this.inflight.catch(() => {});
    await previous;
  }

  private async writeEvents(): Promise<void> {
    const rows = this.events;
    this.events = [];
    if (rows.length === 0) return;
    const customerIds = await this.customerIds(rows.map((r) => r.platformCustomerId));
    const productIds = await this.productIds(rows.flatMap((r) => (r.platformProductId === undefined ? [] : [r.platformProductId])));
    const copied = rows.map((r): CopyValue[] => [
      customerIds.get(r.platformCustomerId) as CopyValue,
      r.platformProductId === undefined ? null : (productIds.get(r.platformProductId) as CopyValue),
      r.type,
      r.occurredAt,
      this.platform,
    ]);
    await this.tx.copyIn('events', ['customer_id', 'product_id', 'type', 'occurred_at', 'platform'], copyChunks(copied, CHUNK_ROWS));
    this.counts.events += rows.length;
  }

  private async writeQuarantined(): Promise<void> {
    const rows = this.quarantined;
    this.quarantined = [];
    if (rows.length > 0) await this.tx.copyIn('quarantine', ['batch_id', 'source_line', 'raw', 'reasons'], copyChunks(rows, CHUNK_ROWS));
  }

  /** The customer of each platform id, creating a shell customer for an id not seen before. */
  private async customerIds(platformIds: readonly string[]): Promise<Ids> {
    const p = this.platform;
    // The ids are untrusted text: one JSON parameter, never spliced into the statement.
    const rows = await this.tx.rows<{ pid: string; id: unknown; shell: boolean }>(sql`
      with wanted as (select distinct jsonb_array_elements_text(${JSON.stringify(platformIds)}::jsonb) as pid),
      missing as (
        select w.pid from wanted w
        where not exists (select 1 from customer_identities ci where ci.platform = ${p} and ci.platform_customer_id = w.pid)),
      numbered as materialized (select nextval(pg_get_serial_sequence('customers', 'id')) as id, m.pid from missing m),
      inserted as (insert into customers (id, signup_platform) select id, ${p} from numbered returning id),
      shells as (
        insert into customer_identities (customer_id, platform, platform_customer_id)
        select n.id, ${p}, n.pid from numbered n join inserted i on i.id = n.id returning customer_id, platform_customer_id)
      select platform_customer_id as pid, customer_id as id, true as shell from shells
      union all
      select ci.platform_customer_id, ci.customer_id, false from customer_identities ci
      join wanted w on ci.platform = ${p} and ci.platform_customer_id = w.pid`);
    return this.idsOf(rows, 'customers');
  }

  /** The product of each platform id, creating a shell product (titled by its id) for an id not seen before. */
  private async productIds(platformIds: readonly string[]): Promise<Ids> {
    if (platformIds.length === 0) return new Map();
    const p = this.platform;
    const rows = await this.tx.rows<{ pid: string; id: unknown; shell: boolean }>(sql`
      with wanted as (select distinct jsonb_array_elements_text(${JSON.stringify(platformIds)}::jsonb) as pid),
      missing as (
        select w.pid from wanted w
        where not exists (select 1 from product_aliases a where a.platform = ${p} and a.platform_product_id = w.pid)),
      numbered as materialized (select nextval(pg_get_serial_sequence('products', 'id')) as id, m.pid from missing m),
      inserted as (insert into products (id, title) select id, pid from numbered returning id),
      shells as (
        insert into product_aliases (product_id, platform, platform_product_id)
        select n.id, ${p}, n.pid from numbered n join inserted i on i.id = n.id returning product_id, platform_product_id)
      select platform_product_id as pid, product_id as id, true as shell from shells
      union all
      select a.platform_product_id, a.product_id, false from product_aliases a
      join wanted w on a.platform = ${p} and a.platform_product_id = w.pid`);
    return this.idsOf(rows, 'products');
  }

  private idsOf(rows: readonly { pid: string; id: unknown; shell: boolean }[], shells: 'customers' | 'products'): Ids {
    for (const r of rows) if (r.shell) this.counts[shells]++;
    return new Map(rows.map((r) => [r.pid, r.id]));
  }
}
