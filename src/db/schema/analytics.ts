/**
 * Derived data, rebuilt from the store by set-based SQL (src/analytics): per-customer features
 * with RFM segments, item-to-item similarities for recommendations, saved custom segments.
 * Nothing here is a source of truth; a refresh can always recompute it.
 */
import { bigint, doublePrecision, index, integer, jsonb, pgTable, primaryKey, smallint, text, timestamp } from 'drizzle-orm/pg-core';
import { customers } from './customers.ts';
import { products } from './catalog.ts';

export const rfmSegments = [
  'champions', 'loyal', 'active', 'promising', 'new', 'needs_attention', 'at_risk', 'previously_loyal', 'almost_lost', 'dormant',
] as const;
export type RfmSegment = (typeof rfmSegments)[number];

export const customerFeatures = pgTable(
  'customer_features',
  {
    customerId: bigint('customer_id', { mode: 'number' })
      .primaryKey()
      .references(() => customers.id),
    recencyDays: integer('recency_days').notNull(),
    frequency: integer('frequency').notNull(),
    monetaryMinor: bigint('monetary_minor', { mode: 'number' }).notNull(),
    /** Quintile scores 1–5 (5 best) over all customers with a paid order. */
    rScore: smallint('r_score').notNull(),
    fScore: smallint('f_score').notNull(),
    mScore: smallint('m_score').notNull(),
    segment: text('segment', { enum: rfmSegments }).notNull(),
    /** The segment before the latest refresh, for movement ("12 moved from loyal to at risk"). */
    previousSegment: text('previous_segment', { enum: rfmSegments }),
    firstOrderAt: timestamp('first_order_at', { withTimezone: true }).notNull(),
    lastOrderAt: timestamp('last_order_at', { withTimezone: true }).notNull(),
    aovMinor: doublePrecision('aov_minor').notNull(),
    topCategoryId: integer('top_category_id'),
    preferredPlatform: text('preferred_platform'),
    /** Expected revenue over the next year (base currency, minor units). */
    clvMinor: doublePrecision('clv_minor').notNull(),
    refreshedAt: timestamp('refreshed_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('customer_features_segment').on(t.segment)],
);

/** One row per refresh: when it ran, how, and how many customers moved between segments. */
export const featureRefreshes = pgTable('feature_refreshes', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
  startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
  finishedAt: timestamp('finished_at', { withTimezone: true }).notNull(),
  customers: integer('customers').notNull(),
  similarities: integer('similarities').notNull(),
  /** segment → { in, out, from: { segment: n } } */
  movement: jsonb('movement').notNull(),
});

export const itemSimilarities = pgTable(
  'item_similarities',
  {
    productId: bigint('product_id', { mode: 'number' })
      .notNull()
      .references(() => products.id),
    similarProductId: bigint('similar_product_id', { mode: 'number' })
      .notNull()
      .references(() => products.id),
    /** Customers who bought both. */
    coBuyers: integer('co_buyers').notNull(),
    /** The ranking score (shrunk co-purchase similarity). */
    score: doublePrecision('score').notNull(),
    lift: doublePrecision('lift').notNull(),
  },
  (t) => [primaryKey({ columns: [t.productId, t.similarProductId] })],
);

/**
 * Per-product purchase statistics, rebuilt with item_similarities (same instant, same paid
 * orders), so a recommendation reads a handful of rows instead of aggregating every order line.
 */
export const productStats = pgTable(
  'product_stats',
  {
    productId: bigint('product_id', { mode: 'number' })
      .primaryKey()
      .references(() => products.id),
    /** Distinct customers with a paid order of it. */
    buyers: integer('buyers').notNull(),
    /** Share of its buyers who bought it in two or more orders (0: never rebought). */
    repeatShare: doublePrecision('repeat_share').notNull(),
    /** Mean days between one buyer's repeat orders of it; null when no one rebought it. */
    gapDays: doublePrecision('gap_days'),
  },
  (t) => [index('product_stats_buyers').on(t.buyers)],
);

/** Custom segments: a named filter of the query DSL ("上海护肤高价值客户"), reusable in questions. */
export const savedSegments = pgTable('saved_segments', {
  name: text('name').primaryKey(),
  /** The DSL filters (and period) that define it. */
  definition: jsonb('definition').notNull(),
  createdBy: text('created_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
