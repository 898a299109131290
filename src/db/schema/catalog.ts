/** Product catalog: one taxonomy, one product per real item, and each platform's alias of it. */
import { bigint, char, index, integer, pgTable, text, unique, type AnyPgColumn } from 'drizzle-orm/pg-core';

export const categories = pgTable('categories', {
  id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
  name: text('name').notNull().unique(),
  nameZh: text('name_zh'),
  parentId: integer('parent_id').references((): AnyPgColumn => categories.id),
});

export const products = pgTable(
  'products',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    sku: text('sku').unique(),
    title: text('title').notNull(),
    brand: text('brand'),
    categoryId: integer('category_id').references(() => categories.id),
    listPriceMinor: bigint('list_price_minor', { mode: 'number' }),
    currency: char('currency', { length: 3 }),
  },
  (t) => [index('products_category').on(t.categoryId)],
);

export const productAliases = pgTable(
  'product_aliases',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    productId: bigint('product_id', { mode: 'number' })
      .notNull()
      .references(() => products.id),
    platform: text('platform').notNull(),
    platformProductId: text('platform_product_id').notNull(),
    title: text('title'),
    categoryLabel: text('category_label'),
    priceMinor: bigint('price_minor', { mode: 'number' }),
  },
  (t) => [unique('product_aliases_platform_key').on(t.platform, t.platformProductId), index('product_aliases_product').on(t.productId)],
);
