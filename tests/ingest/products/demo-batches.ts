/**
 * The product matcher as the ingest pipeline runs it, without a database: one batch per
 * platform (Tmall, then JD, then Shopify), each matched against the products the earlier batches
 * made. `MemoryProductStore` keeps the products and product_aliases rows the pipeline would
 * write (src/ingest/merge.ts: a product row from the first listing of each new product, one alias
 * row per listing) and hands them back through the same `batchListings` / `knownProductsFrom` that
 * src/ingest/resolve-products.ts calls. Two sources of listings:
 *
 * - `dirtyDemoBatches`: the products.csv files `precis demo load` ingests, read with the built-in
 *   mappings, validated, normalized and de-duplicated as src/ingest/batch.ts does it;
 * - `catalogBatches`: the demo catalog's aliases (demo-listings.ts), clean.
 *
 *   npx tsx tests/ingest/products/demo-batches.ts [seed …]      prints both, per seed
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { demoTaxonomy } from '../../../src/demo/catalog.ts';
import { buildDirtyDemo } from '../../../src/demo/dirty/index.ts';
import { RowHashSet } from '../../../src/ingest/dedupe.ts';
import { loadMapping } from '../../../src/ingest/mapping.ts';
import { normalizeProduct, type NormalProduct } from '../../../src/ingest/normalize.ts';
import { parseFile } from '../../../src/ingest/parse.ts';
import {
  batchListings,
  compileTaxonomy,
  knownProductsFrom,
  matchProducts,
  productMatchScores,
  storedProductId,
  type BatchRecord,
  type MatchOptions,
  type PairScores,
  type StoredAlias,
  type StoredProduct,
  type Taxonomy,
  type TaxonomyEntry,
} from '../../../src/ingest/products/index.ts';
import { validateRow } from '../../../src/ingest/validate.ts';
import { ratesToCny } from '../../../src/ingest/values.ts';
import { demoListings } from './demo-listings.ts';

/** One platform's products file: its records in line order. */
export interface Batch {
  platform: string;
  records: BatchRecord[];
}

export interface DemoBatches {
  /** Tmall, JD, Shopify: the order `precis demo load` ingests them in. */
  batches: Batch[];
  /** `platform:platformProductId` → the product it truly lists. */
  truth: Map<string, string>;
  taxonomy: TaxonomyEntry[];
  /** A brand list to pass the matcher; the pipeline passes none (brands come from brand fields). */
  brands?: string[];
}

const order = ['tmall', 'jd', 'shopify'];

/**
 * The products and product_aliases tables, in memory, written the way src/ingest/merge.ts writes
 * them after src/ingest/resolve-products.ts has matched a batch.
 */
export class MemoryProductStore {
  readonly products: StoredProduct[] = [];
  readonly aliases: StoredAlias[] = [];
  #nextId = 1;
  readonly #taxonomy: Taxonomy;
  readonly #options: MatchOptions;

  constructor(taxonomy: readonly TaxonomyEntry[], options: MatchOptions = {}) {
    this.#taxonomy = compileTaxonomy(taxonomy);
    this.#options = { taxonomy: this.#taxonomy, ratesToBase: ratesToCny, ...options };
  }

  /** Matches one batch against the stored products and stores the result. */
  ingest({ platform, records }: Batch): void {
    const listed = new Map(this.aliases.filter((a) => a.platform === platform).map((a) => [a.platformProductId, a.productId]));
    const { listings, categoryOf } = batchListings(platform, records, (pid) => listed.has(pid), this.#taxonomy);
    const { assignments, newProducts } = matchProducts(listings, knownProductsFrom(this.products, this.aliases), this.#options);

    const target = new Map<number, number>();
    for (const a of assignments) {
      const id = storedProductId(a.productKey);
      if (id !== null) target.set(Number(a.listingKey.slice(2)), id);
    }
    for (const group of newProducts) {
      const id = this.#nextId++;
      for (const key of group.listingKeys) target.set(Number(key.slice(2)), id);
    }
    // merge.ts: a product row from the first line of each new product; one alias per listing id.
    const stored = new Set(this.products.map((p) => p.id));
    records.forEach((r, i) => {
      const productId = listed.get(r.platformProductId) ?? target.get(i)!;
      if (!stored.has(productId)) {
        stored.add(productId);
        this.products.push({
          id: productId,
          sku: r.sku ?? r.barcode ?? null,
          title: r.title,
          brand: r.brand ?? null,
          category: categoryOf[i] ?? null,
          priceMinor: r.priceMinor ?? null,
          currency: r.currency ?? null,
        });
      }
      if (listed.has(r.platformProductId)) return;
      listed.set(r.platformProductId, productId);
      this.aliases.push({ productId, platform, platformProductId: r.platformProductId, title: r.title, categoryLabel: r.categoryLabel ?? null, priceMinor: r.priceMinor ?? null });
    });
  }

  /** Each stored listing (`platform:id`) and its product, as `precis ingest evaluate` reads them. */
  assignments(): { listingKey: string; productKey: string }[] {
    return this.aliases.map((a) => ({ listingKey: `${a.platform}:${a.platformProductId}`, productKey: String(a.productId) }));
  }
}

export interface BatchEvaluation {
  all: PairScores;
  /** Recall of the true pairs of two platforms' listings (the pairs the batches change). */
  crossPlatformRecall: number;
  /** Recall of the true pairs of one platform's listings: a product listed twice. */
  withinPlatformRecall: number;
  listings: number;
}

/** Ingests the batches in order into an empty store and scores the products it ends with. */
export function evaluateBatches(demo: DemoBatches, options: MatchOptions = {}): BatchEvaluation {
  const store = new MemoryProductStore(demo.taxonomy, { ...(demo.brands ? { brands: demo.brands } : {}), ...options });
  for (const batch of demo.batches) store.ingest(batch);
  const assignments = store.assignments();
  const all = productMatchScores(assignments, demo.truth);
  const platformOf = (key: string) => key.slice(0, key.indexOf(':'));
  const within = productMatchScores(
    assignments.map((a) => ({ ...a, productKey: `${a.productKey}@${platformOf(a.listingKey)}` })),
    (key) => (demo.truth.has(key) ? `${demo.truth.get(key)!}@${platformOf(key)}` : undefined),
  );
  return {
    all,
    crossPlatformRecall: (all.correctPairs - within.correctPairs) / (all.truePairs - within.truePairs),
    withinPlatformRecall: within.recall,
    listings: assignments.length,
  };
}

/** The demo catalog's aliases (demo-listings.ts), one batch per platform. */
export function catalogBatches(seed = 1): DemoBatches {
  const demo = demoListings(seed);
  const batches = order.map((platform) => ({
    platform,
    records: demo.listings
      .filter((l) => l.platform === platform)
      .map((l): BatchRecord => ({ ...l, platformProductId: l.key.slice(platform.length + 1) })),
  }));
  return { batches, truth: demo.truth, taxonomy: demo.taxonomy, brands: demo.brands };
}

/**
 * The products files `precis demo load` writes for `seed` (the same whatever the number of
 * customers), read as src/ingest/batch.ts reads them: built-in mapping, row validation,
 * normalization, exact duplicate rows dropped; rows it would quarantine are left out.
 */
export async function dirtyDemoBatches(seed = 1): Promise<DemoBatches> {
  const { files, truth } = buildDirtyDemo({ customers: 50, seed, until: new Date('2026-11-29T00:00:00Z') });
  const dir = mkdtempSync(join(tmpdir(), 'precis-demo-products-'));
  try {
    const batches: Batch[] = [];
    for (const platform of order) {
      const file = files.find((f) => f.path === `${platform}/products.csv`)!;
      mkdirSync(join(dir, platform));
      const path = join(dir, platform, 'products.csv');
      writeFileSync(path, `${file.lines.join('\n')}\n`);
      const mapping = loadMapping(`${platform}-products`);
      const seen = new RowHashSet();
      const records: BatchRecord[] = [];
      for await (const row of parseFile(path, mapping)) {
        if (!seen.add(row.raw)) continue;
        const validated = validateRow(row, mapping);
        if (!validated.ok) continue;
        const normalized = normalizeProduct(validated.mapped, { mapping, baseCurrency: 'CNY', now: new Date('2026-11-29T00:00:00Z') });
        if (normalized.ok) records.push(normalized.record as NormalProduct);
      }
      batches.push({ platform, records });
    }
    return {
      batches,
      truth: new Map(truth.products.map((p) => [`${p.platform}:${p.productId}`, String(p.product)])),
      taxonomy: demoTaxonomy(),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const describeBatches = (name: string, e: BatchEvaluation) =>
  `${name}: precision ${e.all.precision.toFixed(4)}, recall ${e.all.recall.toFixed(4)} ` +
  `(${e.all.correctPairs}/${e.all.truePairs} true pairs, ${e.all.decidedPairs} decided, ${e.listings} listings; ` +
  `across platforms ${e.crossPlatformRecall.toFixed(3)}, within one platform ${e.withinPlatformRecall.toFixed(3)})`;

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const seeds = process.argv.slice(2).map(Number).filter(Number.isInteger);
  for (const seed of seeds.length > 0 ? seeds : [1, 2, 3, 4, 5]) {
    console.log(describeBatches(`seed ${seed}, dirty exports in batches`, evaluateBatches(await dirtyDemoBatches(seed))));
    console.log(describeBatches(`seed ${seed}, catalog aliases in batches`, evaluateBatches(catalogBatches(seed))));
  }
}
