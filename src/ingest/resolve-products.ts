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
import { compileTaxonomy, mapCategoryLabel, matchProducts, type KnownProduct, type Listing } from './products/index.ts';
import type { StagingWriter } from './stage.ts';
import { ratesToCny } from './values.ts';

async function allocateProductIds(store: Store, n: number): Promise<number[]> {
  if (n === 0) return [];
  const rows = await store.rows<{ id: unknown }>(sql`select nextval(pg_get_serial_sequence('products', 'id')) as id from generate_series(1, ${n})`);
  return rows.map((r) => Number(r.id));
}

/** The store's products, with every alias title they are known by, for the matcher. */
async function knownProducts(store: Store, categoryName: Map<number, string>): Promise<KnownProduct[]> {
  const rows = await store.db
    .select({ id: products.id, sku: products.sku, title: products.title, brand: products.brand, categoryId: products.categoryId, priceMinor: products.listPriceMinor, currency: products.currency })
    .from(products);
  const aliases = await store.db.select().from(productAliases);
  const aliasesOf = new Map<number, NonNullable<KnownProduct['aliases']>>();
  for (const a of aliases) {
    if (!a.title) continue;
    const list = aliasesOf.get(a.productId) ?? [];
    list.push({ title: a.title, key: `${a.platform}:${a.platformProductId}`, platform: a.platform, priceMinor: a.priceMinor });
    aliasesOf.set(a.productId, list);
  }
  return rows.map((p) => ({
    key: `p:${p.id}`, sku: p.sku, title: p.title, brand: p.brand, category: p.categoryId === null ? null : categoryName.get(p.categoryId),
    priceMinor: p.priceMinor, currency: p.currency, aliases: aliasesOf.get(p.id),
  }));
}

export async function resolveProductRows(store: Store, platform: string, baseCurrency: string, batchId: number, rows: HeldRow<NormalProduct>[], writer: StagingWriter): Promise<string[]> {
  const taxonomyRows = await store.db.select().from(categories);
  const categoryName = new Map(taxonomyRows.map((c) => [c.id, c.name]));
  const categoryId = new Map(taxonomyRows.map((c) => [c.name, c.id]));
  const taxonomy = compileTaxonomy(taxonomyRows.map((c) => ({ name: c.name, nameZh: c.nameZh, parentName: c.parentId === null ? null : (categoryName.get(c.parentId) ?? null) })));

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
  const listings: Listing[] = rows.flatMap(({ record: p }, i) =>
    known.has(p.platformProductId)
      ? []
      : [{ key: `l:${i}`, platform, title: p.title, brand: p.brand, categoryLabel: p.categoryLabel, category: categoryOf[i], sku: p.sku, barcode: p.barcode, priceMinor: p.priceMinor, currency: p.currency }],
  );
  const base = ratesToCny[baseCurrency] ?? 1;
  const ratesToBase = Object.fromEntries(Object.entries(ratesToCny).map(([c, r]) => [c, r / base]));
  const { assignments, newProducts } = matchProducts(listings, await knownProducts(store, categoryName), { taxonomy, ratesToBase });

  const target = new Map<number, number>();
  for (const a of assignments) if (a.productKey.startsWith('p:')) target.set(Number(a.listingKey.slice(2)), Number(a.productKey.slice(2)));
  const ids = await allocateProductIds(store, newProducts.length);
  newProducts.forEach((group, k) => group.listingKeys.forEach((key) => target.set(Number(key.slice(2)), ids[k]!)));

  for (const [i, { line, rowHash, record: p }] of rows.entries()) {
    const category = categoryOf[i];
    await writer.add('stage_products', [
      batchId, line, rowHash, p.platformProductId, known.get(p.platformProductId) ?? target.get(i), p.sku ?? p.barcode, p.title, p.brand, p.categoryLabel,
      category === undefined ? null : categoryId.get(category), p.priceMinor, p.currency,
    ]);
  }
  return [...unmapped].sort();
}
