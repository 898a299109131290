/**
 * Stage 4b: a batch's product listings → products. A listing already known on this platform
 * keeps its product; the others are matched against the store's products and each other by
 * src/ingest/products (SKU or barcode first, then title, brand, category and price evidence),
 * and their category labels are mapped onto the store's taxonomy. Returns labels it could not map.
 */
import { eq, sql } from 'drizzle-orm';
import type { Store } from '../db/client.ts';
import { categories, productAliases, products } from '../db/schema/index.ts';
import type { HeldRow } from './batch.ts';
import type { NormalProduct } from './normalize.ts';
import { mapCategoryLabel, matchProducts, type KnownProduct, type Listing } from './products/index.ts';
import type { StagingWriter } from './stage.ts';

async function allocateProductIds(store: Store, n: number): Promise<number[]> {
  if (n === 0) return [];
  const rows = await store.rows<{ id: unknown }>(sql`select nextval(pg_get_serial_sequence('products', 'id')) as id from generate_series(1, ${n})`);
  return rows.map((r) => Number(r.id));
}

export async function resolveProductRows(store: Store, platform: string, batchId: number, rows: HeldRow<NormalProduct>[], writer: StagingWriter): Promise<string[]> {
  const taxonomyRows = await store.db.select({ id: categories.id, name: categories.name, nameZh: categories.nameZh, parentId: categories.parentId }).from(categories);
  const nameOfId = new Map(taxonomyRows.map((c) => [c.id, c.name]));
  const idOfName = new Map(taxonomyRows.map((c) => [c.name, c.id]));
  const taxonomy = taxonomyRows.map((c) => ({ name: c.name, nameZh: c.nameZh, parentName: c.parentId === null ? null : (nameOfId.get(c.parentId) ?? null) }));

  const unmapped = new Set<string>();
  const categoryOf = rows.map(({ record }) => {
    if (!record.categoryLabel) return undefined;
    const mapped = mapCategoryLabel(record.categoryLabel, taxonomy);
    if ('unmapped' in mapped) unmapped.add(record.categoryLabel);
    return 'category' in mapped ? mapped.category : undefined;
  });

  const known = new Map(
    (await store.db.select({ pid: productAliases.platformProductId, id: productAliases.productId }).from(productAliases).where(eq(productAliases.platform, platform))).map((r) => [r.pid, r.id]),
  );
  const existingRows = await store.db
    .select({ id: products.id, sku: products.sku, title: products.title, brand: products.brand, categoryId: products.categoryId, priceMinor: products.listPriceMinor })
    .from(products);
  const aliasTitles = await store.db.select({ id: productAliases.productId, title: productAliases.title }).from(productAliases);
  const titlesOf = new Map<number, { title: string }[]>();
  for (const a of aliasTitles) if (a.title) titlesOf.set(a.id, [...(titlesOf.get(a.id) ?? []), { title: a.title }]);
  const existing: KnownProduct[] = existingRows.map((p) => ({
    key: `p:${p.id}`, sku: p.sku ?? undefined, title: p.title, brand: p.brand ?? undefined,
    category: p.categoryId === null ? undefined : nameOfId.get(p.categoryId), priceMinor: p.priceMinor ?? undefined, aliases: titlesOf.get(p.id),
  }));

  const pending = rows.map((r, i) => ({ r, i })).filter(({ r }) => !known.has(r.record.platformProductId));
  const listings: Listing[] = pending.map(({ r, i }) => ({
    key: `l:${i}`, platform, title: r.record.title, brand: r.record.brand, categoryLabel: r.record.categoryLabel, category: categoryOf[i],
    sku: r.record.sku, barcode: r.record.barcode, priceMinor: r.record.priceMinor,
  }));
  const { assignments, newProducts } = matchProducts(listings, existing);

  const target = new Map<number, number>();
  for (const a of assignments) if (a.productKey.startsWith('p:')) target.set(Number(a.listingKey.slice(2)), Number(a.productKey.slice(2)));
  const ids = await allocateProductIds(store, newProducts.length);
  newProducts.forEach((group, k) => group.listingKeys.forEach((key) => target.set(Number(key.slice(2)), ids[k]!)));

  for (const [i, { line, rowHash, record: p }] of rows.entries()) {
    const productId = known.get(p.platformProductId) ?? target.get(i);
    const category = categoryOf[i];
    await writer.add('stage_products', [
      batchId, line, rowHash, p.platformProductId, productId, p.sku ?? p.barcode, p.title, p.brand, p.categoryLabel,
      category === undefined ? null : idOfName.get(category), p.priceMinor, p.currency,
    ]);
  }
  return [...unmapped].sort();
}
