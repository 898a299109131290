/**
 * Stage 4b: a batch's product listings → products. A listing already known on this platform
 * keeps its product; the others are matched against the store's products and each other by
 * src/ingest/products (SKU or barcode first, then title, brand, category and price evidence),
 * and their category labels are mapped onto the store's taxonomy. Returns labels it could not map.
 *
 * Only the reading and writing is here: the rows become listings and known products through
 * `batchListings` and `knownProductsFrom`, which the tests replaying batches in memory call too.
 */
import { eq } from 'drizzle-orm';
import type { Store } from '../db/client.ts';
import { allocateIds } from '../db/ids.ts';
import { categories, productAliases, products } from '../db/schema/index.ts';
import type { HeldRow } from './batch.ts';
import type { NormalProduct } from './normalize.ts';
import { batchListings, compileTaxonomy, knownProductsFrom, matchProducts, storedProductId, type StoredAlias, type StoredProduct } from './products/index.ts';
import type { StagingWriter } from './stage.ts';
import { ratesToCny } from './values.ts';

/** The store's products and every alias they are known by, as `knownProductsFrom` reads them. */
async function storedProducts(store: Store, categoryName: Map<number, string>): Promise<{ products: StoredProduct[]; aliases: StoredAlias[] }> {
  const rows = await store.db
    .select({ id: products.id, sku: products.sku, title: products.title, brand: products.brand, categoryId: products.categoryId, priceMinor: products.listPriceMinor, currency: products.currency })
    .from(products);
  const aliases = await store.db
    .select({ productId: productAliases.productId, platform: productAliases.platform, platformProductId: productAliases.platformProductId, title: productAliases.title, categoryLabel: productAliases.categoryLabel, priceMinor: productAliases.priceMinor })
    .from(productAliases);
  return {
    products: rows.map(({ categoryId, ...p }) => ({ ...p, category: categoryId === null ? null : categoryName.get(categoryId) })),
    aliases,
  };
}

export async function resolveProductRows(store: Store, platform: string, baseCurrency: string, batchId: number, rows: HeldRow<NormalProduct>[], writer: StagingWriter): Promise<string[]> {
  const taxonomyRows = await store.db.select().from(categories);
  const categoryName = new Map(taxonomyRows.map((c) => [c.id, c.name]));
  const categoryId = new Map(taxonomyRows.map((c) => [c.name, c.id]));
  const taxonomy = compileTaxonomy(taxonomyRows.map((c) => ({ name: c.name, nameZh: c.nameZh, parentName: c.parentId === null ? null : (categoryName.get(c.parentId) ?? null) })));

  const known = new Map(
    (await store.db.select({ pid: productAliases.platformProductId, id: productAliases.productId }).from(productAliases).where(eq(productAliases.platform, platform))).map((r) => [r.pid, r.id]),
  );
  const { listings, categoryOf, unmapped } = batchListings(platform, rows.map((r) => r.record), (pid) => known.has(pid), taxonomy);
  const base = ratesToCny[baseCurrency] ?? 1;
  const ratesToBase = Object.fromEntries(Object.entries(ratesToCny).map(([c, r]) => [c, r / base]));
  const stored = await storedProducts(store, categoryName);
  const { assignments, newProducts } = matchProducts(listings, knownProductsFrom(stored.products, stored.aliases), { taxonomy, ratesToBase });

  const target = new Map<number, number>();
  for (const a of assignments) {
    const id = storedProductId(a.productKey);
    if (id !== null) target.set(Number(a.listingKey.slice(2)), id);
  }
  const ids = await allocateIds(store, 'products', newProducts.length);
  newProducts.forEach((group, k) => group.listingKeys.forEach((key) => target.set(Number(key.slice(2)), ids[k]!)));

  for (const [i, { line, record: p }] of rows.entries()) {
    const category = categoryOf[i];
    await writer.add('stage_products', [
      batchId, line, p.platformProductId, known.get(p.platformProductId) ?? target.get(i), p.sku ?? p.barcode, p.title, p.brand, p.categoryLabel,
      category === undefined ? null : categoryId.get(category), p.priceMinor, p.currency,
    ]);
  }
  return unmapped;
}
