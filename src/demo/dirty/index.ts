/**
 * `precis demo generate`: the demo shop's data as three platforms would export it, dirty, with
 * the truth about every record and every problem. Built on the clean generator: the same
 * options give byte-identical files. Nothing here touches a database; it only writes the
 * output folder (and only the files named below in it).
 *
 *   <out>/tmall/{customers.csv, products.csv, orders.ndjson, events.csv}
 *   <out>/jd/…       <out>/shopify/…     (same four names, each platform's own columns)
 *   <out>/truth.json                      (format: see truth.ts; written last, so a folder
 *                                          that has one is complete)
 *
 * The built-in mappings src/ingest/mappings/<platform>-<kind>.json read these files.
 */
import type { PlatformId } from '../../semantic/places.ts';
import { demoRatesToCny, generateDemo, type DemoOptions, type EventRow, type OrderItemRow, type OrderRow } from '../generate.ts';
import { Random } from '../random.ts';
import { buildAccounts } from './accounts.ts';
import { dirtyCustomer, dirtyEvent, dirtyListing, dirtyOrder } from './dirt.ts';
import { buildListings } from './listings.ts';
import type { OrderLine } from './model.ts';
import { platformShapes, type PlatformShape } from './platforms/index.ts';
import { statusWord } from './platforms/shape.ts';
import { resolveRates, type DirtyRates } from './rates.ts';
import { Sheet, type SheetOutput } from './sheet.ts';
import { FolderSink, MemorySink, type DirtyFile, type DirtySink } from './sink.ts';
import { noProblems, TRUTH_FORMAT, type Problem, type ProblemKind, type Truth, type TruthHead } from './truth.ts';

export { problemKinds, type Problem, type ProblemKind, type Truth } from './truth.ts';
export { defaultRates, type DirtyRates } from './rates.ts';
export { platformShapes } from './platforms/index.ts';
export type { DirtyFile } from './sink.ts';

export interface DirtyDemoOptions extends DemoOptions {
  rates?: Partial<DirtyRates>;
}

export interface DirtyDemo {
  files: DirtyFile[];
  truth: Truth;
}

/** Sent after each file: `file` has `lines` lines, and is the `done`-th of `total`. */
export interface DirtyProgress {
  file: string;
  lines: number;
  done: number;
  total: number;
}

export interface DirtySummary {
  outDir: string;
  files: { path: string; lines: number }[];
  customerRecords: number;
  listings: number;
  totals: Record<ProblemKind, number>;
}

/** A seed of its own, so the dirt never shares a stream with the clean data. */
const dirtSeed = (seed: number) => (seed ^ 0x64697274) >>> 0;

function byPlatform<T extends { platform: string }>(rows: readonly T[]): Record<PlatformId, T[]> {
  const out: Record<PlatformId, T[]> = { tmall: [], jd: [], shopify: [] };
  for (const row of rows) out[row.platform as PlatformId].push(row);
  return out;
}

/**
 * The clean data, cut to what the files are made from. The generator's own arrays go out of
 * scope here, so each platform's orders and events can be let go once its files are written.
 */
function cleanParts(options: DirtyDemoOptions, rng: Random, shapes: Record<PlatformId, PlatformShape>, rates: DirtyRates) {
  const data = generateDemo(options);
  const accounts = buildAccounts(rng.fork(), rng.fork(), data, shapes, rates, options.until.getTime());
  const listings = buildListings(rng.fork(), rng.fork(), data, shapes, rates);
  const itemsOf = new Map<number, OrderItemRow[]>();
  for (const item of data.orderItems) {
    const items = itemsOf.get(item.orderId);
    if (items) items.push(item);
    else itemsOf.set(item.orderId, [item]);
  }
  return { accounts, listings, itemsOf, orders: byPlatform<OrderRow>(data.orders), events: byPlatform<EventRow>(data.events) };
}

/**
 * Makes every file, platform by platform, handing each line, truth record and problem to
 * `sink` as soon as it is made. Pure apart from the sink: the same options give the same calls.
 */
function buildInto(options: DirtyDemoOptions, sink: DirtySink): { head: TruthHead; customerRecords: number; listings: number } {
  const rates = resolveRates(options.rates);
  const until = options.until.getTime();
  const shapes = Object.fromEntries(platformShapes.map((s) => [s.platform, s])) as Record<PlatformId, PlatformShape>;
  const rng = new Random(dirtSeed(options.seed));
  const { accounts, listings, itemsOf, orders, events } = cleanParts(options, rng, shapes, rates);

  const files: Record<string, { lines: number }> = {};
  const totals = noProblems();
  const out: SheetOutput = {
    file: (path) => sink.file(path),
    problem: (problem: Problem) => {
      totals[problem.kind]++;
      sink.problem(problem);
    },
  };
  let customerRecords = 0;
  let listingCount = 0;

  for (const shape of platformShapes) {
    const { platform } = shape;
    // Each file draws from its own stream, so dirt in one file never reshuffles another; the
    // streams that place exact duplicate lines come after those four, one per file.
    const [customerRng, productRng, orderRng, eventRng] = [rng.fork(), rng.fork(), rng.fork(), rng.fork()] as const;
    const [customerCopies, productCopies, orderCopies, eventCopies] = [rng.fork(), rng.fork(), rng.fork(), rng.fork()] as const;
    const finish = (sheet: Sheet) => (files[sheet.path] = { lines: sheet.finish() });

    const customers = new Sheet(platform, shape.customers, customerCopies, rates.exactDuplicateRow, out);
    for (const account of accounts.byPlatform[platform]) {
      const { row, problems } = dirtyCustomer(shape, account, customerRng, rates);
      sink.customer({ platform, customerId: account.id, person: account.person, line: customers.add(row, problems) });
      customerRecords++;
    }
    finish(customers);

    const products = new Sheet(platform, shape.products, productCopies, rates.exactDuplicateRow, out);
    for (const listing of listings.byPlatform[platform]) {
      const { row, problems } = dirtyListing(shape, listing, productRng, rates);
      const line = products.add(row, problems);
      sink.product({ platform, productId: listing.id, product: listing.product, sku: listing.sku, category: listing.leaf, line });
      listingCount++;
    }
    finish(products);

    const orderLines = new Sheet(platform, shape.orderLines, orderCopies, rates.exactDuplicateRow, out);
    for (const order of orders[platform]) {
      const at = order.orderedAt.getTime();
      const account = accounts.route(order.customerId, platform, at);
      const word = statusWord(orderRng, shape.statusWords[order.status]);
      const lines: OrderLine[] = (itemsOf.get(order.id) ?? []).map((item) => ({
        platform,
        orderId: order.platformOrderId,
        account,
        orderedAt: at,
        status: order.status,
        statusWord: word,
        currency: order.currency,
        listing: listings.route(platform, item.productId),
        quantity: item.quantity,
        // Exact: each unit price in base fen was rounded once from the order's currency.
        unitMinor: Math.round(item.unitPriceBaseMinor / demoRatesToCny[order.currency as keyof typeof demoRatesToCny]),
      }));
      itemsOf.delete(order.id);
      for (const { row, problems } of dirtyOrder(shape, lines, orderRng, rates, until)) orderLines.add(row, problems);
    }
    orders[platform] = [];
    finish(orderLines);

    const eventLines = new Sheet(platform, shape.events, eventCopies, rates.exactDuplicateRow, out);
    for (const event of events[platform]) {
      const at = event.occurredAt.getTime();
      const record = {
        platform,
        account: accounts.route(event.customerId, platform, at),
        listing: event.productId === null ? null : listings.route(platform, event.productId),
        type: event.type,
        at,
      };
      const { row, problems } = dirtyEvent(shape, record, eventRng, rates);
      eventLines.add(row, problems);
    }
    events[platform] = [];
    finish(eventLines);
  }

  const head: TruthHead = {
    format: TRUTH_FORMAT,
    options: { customers: options.customers, seed: options.seed, until: options.until.toISOString() },
    rates: { ...rates },
    files,
    totals,
  };
  return { head, customerRecords, listings: listingCount };
}

/**
 * Builds every file in memory, with its truth. Pure: the same options give the same lines.
 *
 * @example
 * const { files, truth } = buildDirtyDemo({ customers: 300, seed: 1, until: new Date('2026-03-31T16:00:00Z') });
 * truth.totals.exact_duplicate_row; // ≈ 1% of the lines
 */
export function buildDirtyDemo(options: DirtyDemoOptions): DirtyDemo {
  const sink = new MemorySink();
  const { head } = buildInto(options, sink);
  return { files: sink.files, truth: { ...head, ...sink.lists } };
}

/**
 * Writes the dirty demo into `outDir` (created if need be; files of the same names replaced),
 * each file as it is made: memory grows with the customers, not with the lines written.
 *
 * @example
 * const summary = await writeDirtyDemo({ customers: 5000, seed: 1, until: new Date(), outDir: 'demo-raw' });
 * summary.totals.duplicate_customer_within_platform; // ≈ 3% of the accounts
 */
export async function writeDirtyDemo(
  options: DirtyDemoOptions & { outDir: string },
  onProgress?: (p: DirtyProgress) => void,
): Promise<DirtySummary> {
  const written: { path: string; lines: number }[] = [];
  const total = platformShapes.length * 4 + 1;
  const sink = new FolderSink(options.outDir, platformShapes.map((s) => s.platform), (file, lines) => {
    written.push({ path: file, lines });
    onProgress?.({ file, lines, done: written.length, total });
  });
  const { head, customerRecords, listings } = buildInto(options, sink);
  sink.writeTruth(head);
  return { outDir: options.outDir, files: written, customerRecords, listings, totals: head.totals };
}
