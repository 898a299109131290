/**
 * Pairwise precision and recall of `matchProducts` on the demo catalog (see demo-listings.ts),
 * overall and split into same-language (Tmall–JD) and cross-language (Shopify vs Chinese)
 * pairs. The test asserts on it; run it directly for more seeds and harder variants:
 *
 *   npx tsx tests/ingest/products/demo-evaluation.ts [seed …]     (default: seeds 1–10)
 */
import { pathToFileURL } from 'node:url';
import { matchProducts, productMatchScores, type PairScores } from '../../../src/ingest/products/index.ts';
import { demoListings } from './demo-listings.ts';

export interface Evaluation {
  all: PairScores;
  /** Tmall–JD pairs: both titles Chinese. */
  sameLanguage: PairScores;
  /** Recall of the pairs with one Shopify (English) listing. */
  crossLanguageRecall: number;
}

export interface Variant {
  /** Pass the catalog's products as known products (their SKUs decide Shopify listings). */
  withCatalog: boolean;
  /** Hide every SKU, the catalog's too. */
  hideSkus?: boolean;
  /** Hide every price. */
  hidePrices?: boolean;
}

export function evaluate(seed: number, variant: Variant): Evaluation {
  const demo = demoListings(seed);
  const listings = demo.listings.map((l) => ({ ...l, sku: variant.hideSkus ? null : l.sku, priceMinor: variant.hidePrices ? null : l.priceMinor }));
  const products = demo.products.map((p) => ({ ...p, sku: variant.hideSkus ? null : p.sku, priceMinor: variant.hidePrices ? null : p.priceMinor }));
  const { assignments } = matchProducts(listings, variant.withCatalog ? products : [], {
    brands: demo.brands,
    taxonomy: demo.taxonomy,
    ratesToBase: demo.ratesToBase,
  });
  const all = productMatchScores(assignments, demo.truth);
  const chinese = new Set(listings.filter((l) => l.platform !== 'shopify').map((l) => l.key));
  const sameLanguage = productMatchScores(
    assignments.filter((a) => chinese.has(a.listingKey)),
    demo.truth,
  );
  // A product has at most one Shopify listing, so every other true pair is cross-language.
  const crossLanguageRecall = (all.correctPairs - sameLanguage.correctPairs) / (all.truePairs - sameLanguage.truePairs);
  return { all, sameLanguage, crossLanguageRecall };
}

export const describeEvaluation = (name: string, e: Evaluation) =>
  `${name}: precision ${e.all.precision.toFixed(4)}, recall ${e.all.recall.toFixed(4)} ` +
  `(${e.all.correctPairs}/${e.all.truePairs} true pairs, ${e.all.decidedPairs} decided; ` +
  `same-language recall ${e.sameLanguage.recall.toFixed(3)}, cross-language recall ${e.crossLanguageRecall.toFixed(3)})`;

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const seeds = process.argv.slice(2).map(Number).filter(Number.isInteger);
  const variants: [string, Variant][] = [
    ['from scratch', { withCatalog: false }],
    ['against the catalog', { withCatalog: true }],
    ['against the catalog, no SKUs', { withCatalog: true, hideSkus: true }],
    ['against the catalog, no SKUs, no prices', { withCatalog: true, hideSkus: true, hidePrices: true }],
  ];
  for (const [name, variant] of variants) {
    let correct = 0;
    let decided = 0;
    let truePairs = 0;
    for (const seed of seeds.length > 0 ? seeds : [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]) {
      const e = evaluate(seed, variant);
      console.log(describeEvaluation(`seed ${seed}, ${name}`, e));
      correct += e.all.correctPairs;
      decided += e.all.decidedPairs;
      truePairs += e.all.truePairs;
    }
    console.log(`ALL SEEDS, ${name}: precision ${(correct / decided).toFixed(4)}, recall ${(correct / truePairs).toFixed(4)}\n`);
  }
}
