/**
 * Writes a batch's rows into the staging tables with COPY, a few thousand rows per statement,
 * so memory stays flat and the load runs near COPY speed on either driver.
 */
import { sql } from 'drizzle-orm';
import type { Executor, Store } from '../db/client.ts';
import { copyChunks, type CopyValue } from '../db/copy.ts';
import { WriteQueue } from './write-queue.ts';

export const stagingColumns = {
  stage_customers: [
    'batch_id', 'line', 'platform_customer_id', 'customer_id', 'email_enc', 'email_idx', 'phone_enc', 'phone_idx', 'name_enc',
    'address_enc', 'city', 'region', 'country', 'postcode', 'gender', 'birth_year', 'signup_at', 'marketing_consent', 'completeness',
    'link_rule', 'link_score', 'link_evidence', 'match_enc',
  ],
  stage_products: [
    'batch_id', 'line', 'platform_product_id', 'product_id', 'sku', 'title', 'brand', 'category_label', 'category_id', 'price_minor', 'currency',
  ],
  stage_quarantine: ['batch_id', 'line', 'raw', 'reasons'],
} as const;

export type StagingTable = keyof typeof stagingColumns;

const FLUSH_ROWS = 5000;

export class StagingWriter {
  private buffers = new Map<StagingTable, CopyValue[][]>();
  private readonly queue = new WriteQueue();

  constructor(
    private readonly store: Store,
    /** Dry runs validate everything and write nothing. */
    private readonly dryRun: boolean,
  ) {}

  async add(table: StagingTable, row: CopyValue[]): Promise<void> {
    if (this.dryRun) return;
    let buffer = this.buffers.get(table);
    if (!buffer) this.buffers.set(table, (buffer = []));
    buffer.push(row);
    if (buffer.length >= FLUSH_ROWS) await this.flushTable(table);
  }

  private async flushTable(table: StagingTable): Promise<void> {
    const rows = this.buffers.get(table);
    if (!rows || rows.length === 0) return;
    this.buffers.set(table, []);
    await this.queue.push(() => this.store.copyIn(table, stagingColumns[table], copyChunks(rows, FLUSH_ROWS)));
  }

  async flush(): Promise<void> {
    for (const table of this.buffers.keys()) await this.flushTable(table);
    await this.queue.drain();
  }
}

/** Removes a batch's staging rows: after its merge, or before a killed run is retried. */
export async function clearStaging(db: Executor, batchId: number): Promise<void> {
  for (const table of Object.keys(stagingColumns)) await db.execute(sql`delete from ${sql.identifier(table)} where batch_id = ${batchId}`);
}
