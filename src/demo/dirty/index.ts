/**
 * `precis demo generate`: the demo shop's data as three platforms would export it, dirty, with
 * the truth about every record and every problem. Built on the clean generator: the same
 * options give byte-identical files. Nothing here touches a database; it only writes the
 * output folder (and only the files named below in it).
 *
 *   <out>/tmall/{customers.csv, products.csv, orders.ndjson, events.csv}
 *   <out>/jd/…       <out>/shopify/…     (same four names, each platform's own columns)
 *   <out>/truth.json                      (format: see truth.ts)
 *
 * The built-in mappings src/ingest/mappings/<platform>-<kind>.json read these files.
 */
import { mkdir, open } from 'node:fs/promises';
import { join } from 'node:path';
import type { PlatformId } from '../../semantic/places.ts';
import { demoRatesToCny, generateDemo, type DemoOptions, type OrderItemRow } from '../generate.ts';
import { Random } from '../random.ts';
import { buildAccounts } from './accounts.ts';
import { dirtyCustomer, dirtyEvent, dirtyListing, dirtyOrder } from './dirt.ts';
import { buildListings } from './listings.ts';
import type { OrderLine } from './model.ts';
import { platformShapes, type PlatformShape } from './platforms/index.ts';
import { statusWord } from './platforms/shape.ts';
import { resolveRates, type DirtyRates } from './rates.ts';
import { Sheet, type Entry } from './sheet.ts';
import { countByKind, TRUTH_FORMAT, truthLines, type Problem, type ProblemKind, type Truth } from './truth.ts';

export { problemKinds, type Problem, type ProblemKind, type Truth } from './truth.ts';
export { defaultRates, type DirtyRates } from './rates.ts';
export { platformShapes } from './platforms/index.ts';

export interface DirtyDemoOptions extends DemoOptions {
  rates?: Partial<DirtyRates>;
}

export interface DirtyFile {
  /** Relative to the output folder, with forward slashes. */
  path: string;
  /** Without line ends; each is written followed by "\n". */
  lines: string[];
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

/**
 * Builds every file in memory, with its truth. Pure: the same options give the same lines.
 *
 * @example
 * const { files, truth } = buildDirtyDemo({ customers: 300, seed: 1, until: new Date('2026-03-31T16:00:00Z') });
 * truth.totals.exact_duplicate_row; // ≈ 1% of the lines
 */
export function buildDirtyDemo(options: DirtyDemoOptions): DirtyDemo {
  const rates = resolveRates(options.rates);
  const until = options.until.getTime();
  const data = generateDemo(options);
  const shapes = Object.fromEntries(platformShapes.map((s) => [s.platform, s])) as Record<PlatformId, PlatformShape>;

  const rng = new Random(dirtSeed(options.seed));
  const accounts = buildAccounts(rng.fork(), rng.fork(), data, shapes, rates, until);
  const listings = buildListings(rng.fork(), rng.fork(), data, shapes, rates);

  const itemsOf = new Map<number, OrderItemRow[]>();
  for (const item of data.orderItems) {
    const items = itemsOf.get(item.orderId);
    if (items) items.push(item);
    else itemsOf.set(item.orderId, [item]);
  }

  const files: DirtyFile[] = [];
  const problems: Problem[] = [];
  const customerEntries: { entry: Entry; platform: PlatformId; customerId: string; person: number }[] = [];
  const productEntries: { entry: Entry; platform: PlatformId; productId: string; product: number; sku: string; category: string }[] = [];

  for (const shape of platformShapes) {
    const { platform } = shape;
    // Each file draws from its own stream, so dirt in one file never reshuffles another.
    const [customerRng, productRng, orderRng, eventRng] = [rng.fork(), rng.fork(), rng.fork(), rng.fork()] as const;
    const sheets = {
      customers: new Sheet(platform, shape.customers),
      products: new Sheet(platform, shape.products),
      orders: new Sheet(platform, shape.orderLines),
      events: new Sheet(platform, shape.events),
    };

    for (const account of accounts.byPlatform[platform]) {
      const { row, problems: found } = dirtyCustomer(shape, account, customerRng, rates);
      customerEntries.push({ entry: sheets.customers.add(row, found), platform, customerId: account.id, person: account.person });
    }
    for (const listing of listings.byPlatform[platform]) {
      const { row, problems: found } = dirtyListing(shape, listing, productRng, rates);
      productEntries.push({
        entry: sheets.products.add(row, found),
        platform,
        productId: listing.id,
        product: listing.product,
        sku: listing.sku,
        category: listing.leaf,
      });
    }
    for (const order of data.orders) {
      if (order.platform !== platform) continue;
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
      for (const { row, problems: found } of dirtyOrder(shape, lines, orderRng, rates, until)) sheets.orders.add(row, found);
    }
    for (const event of data.events) {
      if (event.platform !== platform) continue;
      const at = event.occurredAt.getTime();
      const record = {
        platform,
        account: accounts.route(event.customerId, platform, at),
        listing: event.productId === null ? null : listings.route(platform, event.productId),
        type: event.type,
        at,
      };
      const { row, problems: found } = dirtyEvent(shape, record, eventRng, rates);
      sheets.events.add(row, found);
    }

    for (const sheet of Object.values(sheets)) {
      const finished = sheet.finish(rng.fork(), rates.exactDuplicateRow);
      files.push({ path: sheet.path, lines: finished.lines });
      // One at a time: spreading a sheet's problems (millions at 500k customers) overflows the stack.
      for (const problem of finished.problems) problems.push(problem);
    }
  }

  const truth: Truth = {
    format: TRUTH_FORMAT,
    options: { customers: options.customers, seed: options.seed, until: options.until.toISOString() },
    rates: { ...rates },
    files: Object.fromEntries(files.map((f) => [f.path, { lines: f.lines.length }])),
    totals: countByKind(problems),
    customers: customerEntries.map((c) => ({ platform: c.platform, customerId: c.customerId, person: c.person, line: c.entry.line })),
    products: productEntries.map((p) => ({
      platform: p.platform,
      productId: p.productId,
      product: p.product,
      sku: p.sku,
      category: p.category,
      line: p.entry.line,
    })),
    problems,
  };
  return { files, truth };
}

/** Lines per write: keeps memory flat for big files without a write per line. */
const CHUNK_LINES = 20_000;

async function writeLines(path: string, lines: readonly string[]): Promise<void> {
  const handle = await open(path, 'w');
  try {
    for (let i = 0; i < lines.length; i += CHUNK_LINES) {
      await handle.write(`${lines.slice(i, i + CHUNK_LINES).join('\n')}\n`);
    }
  } finally {
    await handle.close();
  }
}

/**
 * Writes the dirty demo into `outDir` (created if need be; files of the same names replaced).
 *
 * @example
 * const summary = await writeDirtyDemo({ customers: 5000, seed: 1, until: new Date(), outDir: 'demo-raw' });
 * summary.totals.duplicate_customer_within_platform; // ≈ 3% of the accounts
 */
export async function writeDirtyDemo(
  options: DirtyDemoOptions & { outDir: string },
  onProgress?: (p: DirtyProgress) => void,
): Promise<DirtySummary> {
  const { files, truth } = buildDirtyDemo(options);
  const all: DirtyFile[] = [...files, { path: 'truth.json', lines: truthLines(truth) }];
  for (const shape of platformShapes) await mkdir(join(options.outDir, shape.platform), { recursive: true });
  for (const [index, file] of all.entries()) {
    await writeLines(join(options.outDir, ...file.path.split('/')), file.lines);
    onProgress?.({ file: file.path, lines: file.lines.length, done: index + 1, total: all.length });
  }
  return {
    outDir: options.outDir,
    files: all.map((f) => ({ path: f.path, lines: f.lines.length })),
    customerRecords: truth.customers.length,
    listings: truth.products.length,
    totals: truth.totals,
  };
}
