/** Product identity across platforms: normalized titles, one taxonomy, listings matched to products. */
export {
  normalizeTitle,
  compileBrands,
  learnBrandAliases,
  brandEntryOf,
  brandNameOf,
  brandKey,
  foldText,
  canonicalQuantity,
  type NormalTitle,
  type BrandEntry,
  type BrandDictionary,
} from './normalize-title.ts';
export { TaxonomyEntry, mapCategoryLabel, compileTaxonomy, collectUnmappedLabels, labelSegments, type CategoryMapping, type Taxonomy, type UnmappedLabels } from './categories.ts';
export { Listing, KnownProduct } from './listing.ts';
export {
  matchProducts,
  SAME_LANGUAGE_THRESHOLD,
  SAME_LANGUAGE_COVERED,
  CROSS_LANGUAGE_MIN_POINTS,
  type MatchOptions,
  type MatchRule,
  type Assignment,
  type NewProduct,
  type MatchResult,
} from './match.ts';
export { productMatchScores, type PairScores } from './scores.ts';
export {
  batchListings,
  knownProductsFrom,
  platformCurrencies,
  storedProductKey,
  storedProductId,
  type BatchRecord,
  type BatchListings,
  type StoredProduct,
  type StoredAlias,
} from './stored.ts';
