/**
 * Stage 5 for events (see load.ts): each chunk's platform ids become customer and product ids,
 * then the chunk is COPYed into `events`.
 */
import type { StoreTransaction } from '../db/client.ts';
import { copyChunks, type CopyValue } from '../db/copy.ts';
import type { MergeResult } from './merge.ts';
import type { NormalEvent } from './normalize.ts';
import { loadPlatformIds, type PlatformIdMaps } from './platform-ids.ts';
import { CHUNK_ROWS, FactLoader, type ChunkWrite } from './load.ts';
import type { WriteQueue } from './write-queue.ts';

const columns = ['customer_id', 'product_id', 'type', 'occurred_at', 'platform'];

export class EventLoader extends FactLoader<NormalEvent, void> {
  /** Read in by the first chunk's `resolve`, inside the batch's transaction. */
  private known: PlatformIdMaps | undefined;
  private readonly counts = { customers: 0, products: 0, events: 0 };

  constructor(tx: StoreTransaction, queue: WriteQueue, private readonly platform: string) {
    super(tx, queue);
  }

  protected result(): MergeResult {
    const { customers, products, events } = this.counts;
    return { created: { customers, identities: customers, products, aliases: products, events }, rowsLoaded: events, rowsMerged: 0 };
  }

  protected ready(rows: readonly NormalEvent[]): ChunkWrite | undefined {
    const { known, platform } = this;
    if (!known) return undefined;
    const copied: CopyValue[][] = [];
    for (const r of rows) {
      const customer = known.customers.get(r.platformCustomerId);
      const product = r.platformProductId === undefined ? null : known.products.get(r.platformProductId);
      if (customer === undefined || product === undefined) return undefined;
      copied.push([customer, product, r.type, r.occurredAt, platform]);
    }
    const text = [...copyChunks(copied, CHUNK_ROWS)];
    this.counts.events += rows.length;
    return () => this.tx.copyIn('events', columns, text);
  }

  protected async resolve(rows: readonly NormalEvent[]): Promise<void> {
    const known = (this.known ??= await loadPlatformIds(this.tx, this.platform));
    this.counts.customers += await known.customers.resolve(new Map(rows.map((r) => [r.platformCustomerId, undefined])));
    this.counts.products += await known.products.resolve(new Map(rows.flatMap((r) => (r.platformProductId === undefined ? [] : [[r.platformProductId, undefined]]))));
  }
}
