/**
 * Stage 5 for events (see load.ts): each chunk's platform ids become customer and product ids,
 * then the chunk is COPYed into `events`.
 */
import type { StoreTransaction } from '../db/client.ts';
import { copyChunks, type CopyValue } from '../db/copy.ts';
import type { MergeResult } from './merge.ts';
import type { NormalEvent } from './normalize.ts';
import { knownPlatformIds, type PlatformIdCaches } from './platform-ids.ts';
import { CHUNK_ROWS, FactLoader } from './load.ts';
import type { WriteQueue } from './write-queue.ts';

export class EventLoader extends FactLoader<NormalEvent> {
  private readonly known: PlatformIdCaches;
  private readonly counts = { customers: 0, products: 0, events: 0 };

  constructor(tx: StoreTransaction, queue: WriteQueue, private readonly platform: string) {
    super(tx, queue);
    this.known = knownPlatformIds(tx, platform);
  }

  protected result(): MergeResult {
    const { customers, products, events } = this.counts;
    return { created: { customers, identities: customers, products, aliases: products, events }, rowsLoaded: events, rowsMerged: 0 };
  }

  protected async write(rows: readonly NormalEvent[]): Promise<void> {
    const { tx, platform, counts } = this;
    const customers = await this.known.customers.ids(new Map(rows.map((r) => [r.platformCustomerId, undefined])));
    const products = await this.known.products.ids(new Map(rows.flatMap((r) => (r.platformProductId === undefined ? [] : [[r.platformProductId, undefined]]))));
    counts.customers += customers.created;
    counts.products += products.created;
    const copied = rows.map((r): CopyValue[] => [
      customers.ids.get(r.platformCustomerId) as CopyValue,
      r.platformProductId === undefined ? null : (products.ids.get(r.platformProductId) as CopyValue),
      r.type,
      r.occurredAt,
      platform,
    ]);
    await tx.copyIn('events', ['customer_id', 'product_id', 'type', 'occurred_at', 'platform'], copyChunks(copied, CHUNK_ROWS));
    counts.events += rows.length;
  }
}
