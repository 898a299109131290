/**
 * The demo catalog as an ingest would see it: each alias of each product is one listing (its
 * platform's id, title, category label and price), and the truth is the product it belongs to.
 * What a platform would not tell us is hidden: Tmall listings carry no SKU, JD listings no SKU
 * and a barcode only when the catalog has one (the demo catalog has none), Shopify listings
 * carry the shop's own SKU.
 */
import { generateCatalog } from '../../../src/demo/catalog.ts';
import { demoRatesToCny } from '../../../src/demo/generate.ts';
import { Random } from '../../../src/demo/random.ts';
import type { KnownProduct, Listing, TaxonomyEntry } from '../../../src/ingest/products/index.ts';
import { platforms } from '../../../src/semantic/places.ts';

export interface DemoListings {
  listings: Listing[];
  /** Listing key → the catalog product it truly lists. */
  truth: Map<string, string>;
  /** The catalog's products, as a store that already holds them would pass them in. */
  products: KnownProduct[];
  taxonomy: TaxonomyEntry[];
  brands: string[];
  ratesToBase: Record<string, number>;
}

/** The catalog `generateDemo({ seed })` builds (the CLI's default seed is 1). */
export function demoListings(seed = 1): DemoListings {
  const catalog = generateCatalog(new Random(seed).fork(), demoRatesToCny.USD);
  const categoryName = new Map(catalog.categories.map((c) => [c.id, c.name]));
  const productById = new Map(catalog.products.map((p) => [p.id, p]));
  const currencyOf = new Map<string, string>(platforms.map((p) => [p.id, p.currency]));
  const productKey = (id: number) => `product:${id}`;

  const truth = new Map<string, string>();
  const listings = catalog.productAliases.map((alias): Listing => {
    const product = productById.get(alias.productId)!;
    const key = `${alias.platform}:${alias.platformProductId}`;
    truth.set(key, productKey(product.id));
    return {
      key,
      platform: alias.platform,
      title: alias.title ?? '',
      categoryLabel: alias.categoryLabel,
      priceMinor: alias.priceMinor,
      currency: currencyOf.get(alias.platform) ?? null,
      sku: alias.platform === 'shopify' ? product.sku : null,
      barcode: null,
    };
  });
  return {
    listings,
    truth,
    products: catalog.products.map((p) => ({
      key: productKey(p.id),
      sku: p.sku,
      title: p.title,
      brand: p.brand,
      category: p.categoryId ? (categoryName.get(p.categoryId) ?? null) : null,
      priceMinor: p.listPriceMinor,
      currency: p.currency,
    })),
    taxonomy: catalog.categories.map((c) => ({ name: c.name, nameZh: c.nameZh, parentName: c.parentId ? (categoryName.get(c.parentId) ?? null) : null })),
    brands: [...new Set(catalog.products.flatMap((p) => (p.brand ? [p.brand] : [])))],
    ratesToBase: { ...demoRatesToCny },
  };
}
