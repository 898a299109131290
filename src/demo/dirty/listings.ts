/**
 * Product listings per platform, with the product each really is. Every catalog alias becomes a
 * listing (its own id, title, price), filed under the platform's own category label; now and
 * then a product is listed a second time on the same platform, under a new id with another
 * title and price, and some later sales go to that listing.
 */
import type { PlatformId } from '../../semantic/places.ts';
import type { DemoData } from '../generate.ts';
import { drawUnique, type Random } from '../random.ts';
import type { Listing } from './model.ts';
import type { PlatformShape } from './platforms/shape.ts';
import type { DirtyRates } from './rates.ts';

/** Share of sales that go to a product's second listing. */
const SECOND_LISTING_USE = 0.3;

export interface ListingBook {
  /** Listings per platform: the catalog's first, second listings after them. */
  byPlatform: Record<PlatformId, Listing[]>;
  /** The listing a sale of `product` on `platform` goes to. */
  route(platform: PlatformId, product: number): Listing;
}

export function buildListings(
  rng: Random,
  routeRng: Random,
  data: DemoData,
  shapes: Readonly<Record<PlatformId, PlatformShape>>,
  rates: DirtyRates,
): ListingBook {
  const categoryById = new Map(data.categories.map((c) => [c.id, c]));
  const productById = new Map(data.products.map((p) => [p.id, p]));
  const brandZh = chineseBrandNames(data);
  const byPlatform: Record<PlatformId, Listing[]> = { tmall: [], jd: [], shopify: [] };
  const usual = new Map<string, { main: Listing; second?: Listing }>();
  const takenIds = new Set(data.productAliases.map((a) => `${a.platform}:${a.platformProductId}`));

  for (const alias of data.productAliases) {
    const product = productById.get(alias.productId);
    const leaf = categoryById.get(product?.categoryId ?? -1);
    const department = categoryById.get(leaf?.parentId ?? -1);
    if (!product || !leaf || !department || !product.sku) throw new Error(`dirty demo: product ${alias.productId} is not in the catalog`);
    const platform = alias.platform as PlatformId;
    const listing: Listing = {
      platform,
      id: alias.platformProductId,
      product: product.id,
      sku: product.sku,
      brand: { en: product.brand ?? '', zh: brandZh.get(product.id) ?? null },
      title: alias.title ?? product.title,
      department: department.name,
      leaf: leaf.name,
      priceMinor: alias.priceMinor ?? product.listPriceMinor ?? 0,
      barcode: ean13(`690${String(product.id).padStart(9, '0')}`),
      sameAs: null,
    };
    byPlatform[platform].push(listing);
    usual.set(`${platform}:${product.id}`, { main: listing });
  }

  for (const [platform, listings] of Object.entries(byPlatform) as [PlatformId, Listing[]][]) {
    const shape = shapes[platform];
    for (const listing of [...listings]) {
      if (!rng.chance(rates.duplicateProduct)) continue;
      const id = drawUnique(takenIds, () => `${platform}:${shape.newListingId(rng)}`).slice(platform.length + 1);
      const second: Listing = {
        ...listing,
        id,
        title: shape.retitle(listing.title, rng),
        priceMinor: reprice(rng, listing.priceMinor, platform === 'shopify'),
        sameAs: listing.id,
      };
      listings.push(second);
      usual.get(`${platform}:${listing.product}`)!.second = second;
    }
  }

  return {
    byPlatform,
    route(platform, product) {
      const entry = usual.get(`${platform}:${product}`);
      if (!entry) throw new Error(`dirty demo: product ${product} is not listed on ${platform}`);
      return entry.second && routeRng.chance(SECOND_LISTING_USE) ? entry.second : entry.main;
    },
  };
}

/** The catalog keeps brands in English; the Tmall and JD titles carry the Chinese name too. */
function chineseBrandNames(data: DemoData): Map<number, string> {
  const brandOf = new Map(data.products.map((p) => [p.id, p.brand ?? '']));
  const names = new Map<number, string>();
  for (const alias of data.productAliases) {
    const en = brandOf.get(alias.productId) ?? '';
    const title = alias.title ?? '';
    if (!en || names.has(alias.productId)) continue;
    // Tmall: "露米娜Lumina 保湿精华液…"; JD: "Lumina（露米娜）保湿精华液…".
    const tmall = alias.platform === 'tmall' ? title.slice(0, Math.max(0, title.indexOf(en))) : '';
    const jd = alias.platform === 'jd' && title.startsWith(`${en}（`) ? title.slice(en.length + 1, title.indexOf('）')) : '';
    if (tmall || jd) names.set(alias.productId, tmall || jd);
  }
  return names;
}

/** Another shop price near the first: yuan ending in 9, or dollars ending in .99. */
function reprice(rng: Random, minor: number, dollars: boolean): number {
  const factor = rng.between(0.93, 1.06);
  if (dollars) return Math.max(499, Math.round((minor / 100) * factor) * 100 - 1);
  return Math.max(9, Math.round((minor / 100) * factor / 10) * 10 - 1) * 100;
}

/** Appends the EAN-13 check digit to 12 digits. */
function ean13(twelve: string): string {
  const sum = [...twelve].reduce((s, d, i) => s + Number(d) * (i % 2 === 0 ? 1 : 3), 0);
  return `${twelve}${(10 - (sum % 10)) % 10}`;
}
