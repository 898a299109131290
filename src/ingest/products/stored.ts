/**
 * Between the store's rows and the matcher: a batch's product records → `Listing`s, and the
 * store's products and aliases → `KnownProduct`s. The ingest pipeline calls these with the rows
 * it reads (src/ingest/resolve-products.ts), and tests call them with rows they keep in memory,
 * so a batch matched in a test sees its predecessors exactly as the pipeline does.
 *
 * What a products row lacks is taken from its aliases rather than guessed: each alias keeps its
 * own title, price and category label, and its currency is its platform's when the store shows
 * which currency that platform prices in. Never reads or writes a database.
 */
import { mapCategoryLabel, type Taxonomy } from './categories.ts';
import type { KnownProduct, Listing } from './listing.ts';

/** One product record of a batch, as the ingest normalizer leaves it. */
export interface BatchRecord {
  platformProductId: string;
  title: string;
  sku?: string | null;
  barcode?: string | null;
  brand?: string | null;
  categoryLabel?: string | null;
  priceMinor?: number | null;
  currency?: string | null;
}

export interface BatchListings {
  /** One per record not yet listed on the platform; key `l:<index of the record>`. */
  listings: Listing[];
  /** Per record, its label's taxonomy category (undefined when none or unmapped). */
  categoryOf: (string | undefined)[];
  /** Labels the taxonomy could not place, sorted. */
  unmapped: string[];
}

/**
 * A batch's records → the listings to match. Records whose id the platform already lists are left
 * out (they keep their product); labels are mapped here so the caller stores the same category.
 */
export function batchListings(platform: string, records: readonly BatchRecord[], alreadyListed: (platformProductId: string) => boolean, taxonomy: Taxonomy): BatchListings {
  const unmapped = new Set<string>();
  const categoryOf = records.map((r) => {
    if (!r.categoryLabel) return undefined;
    const mapped = mapCategoryLabel(r.categoryLabel, taxonomy);
    if ('unmapped' in mapped) unmapped.add(r.categoryLabel);
    return 'category' in mapped ? mapped.category : undefined;
  });
  const listings = records.flatMap((r, i): Listing[] =>
    alreadyListed(r.platformProductId)
      ? []
      : [{ key: `l:${i}`, platform, title: r.title, brand: r.brand, categoryLabel: r.categoryLabel, category: categoryOf[i], sku: r.sku, barcode: r.barcode, priceMinor: r.priceMinor, currency: r.currency }],
  );
  return { listings, categoryOf, unmapped: [...unmapped].sort() };
}

/** A products row: the first listing of the product as it was created. */
export interface StoredProduct {
  id: number;
  /** The listing's SKU, or its barcode when it had no SKU (the pipeline stores one code). */
  sku: string | null;
  title: string;
  brand: string | null;
  /** Taxonomy category name, when the first listing's label mapped to one. */
  category: string | null | undefined;
  priceMinor: number | null;
  currency: string | null;
}

/** A product_aliases row: one listing of a product on one platform. */
export interface StoredAlias {
  productId: number;
  platform: string;
  platformProductId: string;
  title: string | null;
  categoryLabel: string | null;
  priceMinor: number | null;
  /** Not stored by the pipeline; when absent, the platform's currency if the store shows it. */
  currency?: string | null;
}

/** The matcher's key of a stored product: 'p:42'. */
export const storedProductKey = (id: number): string => `p:${id}`;

/** The id in a key made by `storedProductKey`, or null for any other key ('new:…'). */
export function storedProductId(key: string): number | null {
  return /^p:\d+$/.test(key) ? Number(key.slice(2)) : null;
}

/** A code of 8, 12, 13 or 14 digits is a GTIN: the barcode a listing gave, stored as its SKU. */
const isGtin = (code: string) => /^(?:\d{8}|\d{12,14})$/.test(code.replace(/[\s-]/g, ''));

/**
 * Each platform's currency, read off the products whose own row was made from a listing on it:
 * the alias with the product's title and price is the one the row was copied from.
 */
export function platformCurrencies(products: readonly StoredProduct[], aliases: readonly StoredAlias[]): Map<string, string> {
  const byId = new Map(products.map((p) => [p.id, p]));
  const votes = new Map<string, Map<string, number>>();
  for (const a of aliases) {
    const p = byId.get(a.productId);
    if (!p?.currency || a.title !== p.title || a.priceMinor !== p.priceMinor) continue;
    const perPlatform = votes.get(a.platform) ?? new Map<string, number>();
    perPlatform.set(p.currency, (perPlatform.get(p.currency) ?? 0) + 1);
    votes.set(a.platform, perPlatform);
  }
  const out = new Map<string, string>();
  for (const [platform, counts] of votes) {
    const ranked = [...counts].sort((x, y) => y[1] - x[1]);
    // Two currencies equally common on one platform: better unknown than wrong.
    if (ranked.length === 1 || ranked[0]![1] > ranked[1]![1]) out.set(platform, ranked[0]![0]);
  }
  return out;
}

/**
 * Builds the matcher's known products from stored rows.
 *
 * @example
 * knownProductsFrom(
 *   [{ id: 1, sku: null, title: '露米娜Lumina 保湿精华液 30ml', brand: 'Lumina/露米娜', category: 'Skincare', priceMinor: 31900, currency: 'CNY' }],
 *   [{ productId: 1, platform: 'tmall', platformProductId: '6840', title: '露米娜Lumina 保湿精华液 30ml', categoryLabel: '美妆>护肤', priceMinor: 31900 }],
 * );
 * // [{ key: 'p:1', title: …, aliases: [{ key: 'tmall:6840', platform: 'tmall', currency: 'CNY', categoryLabel: '美妆>护肤', … }] }]
 */
export function knownProductsFrom(products: readonly StoredProduct[], aliases: readonly StoredAlias[], currencyOf: ReadonlyMap<string, string> = platformCurrencies(products, aliases)): KnownProduct[] {
  const byId = new Map(products.map((p) => [p.id, p]));
  const aliasesOf = new Map<number, NonNullable<KnownProduct['aliases']>>();
  for (const a of aliases) {
    if (!a.title) continue;
    const p = byId.get(a.productId);
    const origin = p !== undefined && a.title === p.title && a.priceMinor === p.priceMinor;
    // A price in an unknown currency would be read in the product's, maybe wrongly: drop it.
    const currency = a.currency ?? currencyOf.get(a.platform) ?? (origin ? p.currency : null);
    const list = aliasesOf.get(a.productId) ?? [];
    list.push({
      title: a.title,
      key: `${a.platform}:${a.platformProductId}`,
      platform: a.platform,
      categoryLabel: a.categoryLabel,
      priceMinor: currency ? a.priceMinor : null,
      currency,
    });
    aliasesOf.set(a.productId, list);
  }
  return products.map((p) => ({
    key: storedProductKey(p.id),
    sku: p.sku,
    barcode: p.sku && isGtin(p.sku) ? p.sku : null,
    title: p.title,
    brand: p.brand,
    category: p.category ?? null,
    priceMinor: p.priceMinor,
    currency: p.currency,
    aliases: aliasesOf.get(p.id),
  }));
}
