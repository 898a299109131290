/**
 * Segment summaries as answers: size, shares, revenue, AOV, frequency, recency, top categories,
 * cities and platforms, and movement since the last refresh; and a comparison of two segments.
 *
 * Privacy floor: any group of fewer than k customers (default 10) is suppressed, in the
 * segment itself and in every breakdown line, so a small group cannot point at people.
 * `suppressSmallGroups` / `belowFloor` are the one definition of that floor; this module must
 * never return a number describing fewer than k customers.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Store } from '../db/client.ts';
import { customers } from '../db/schema/index.ts';
import type { RfmSegment } from '../db/schema/index.ts';
import type { Movement } from './features.ts';

/** The default minimum group size for anything shown about customers. */
export const DEFAULT_K = 10;

/** What a suppressed group shows instead of its numbers (and its name). */
export interface Suppressed {
  suppressed: true;
}
const SUPPRESSED: Suppressed = Object.freeze({ suppressed: true as const });

/** True when `n` customers are too few to show (an empty group identifies nobody). */
export const belowFloor = (n: number, k: number): boolean => n > 0 && n < k;

function checkK(k: number): void {
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`k must be a positive integer, got ${k}`);
}

/**
 * The privacy floor for any grouped result: each row whose `countColumn` counts fewer than k
 * customers is replaced by `{ suppressed: true }` (label included, since a label next to
 * "fewer than k" still says something about those people).
 *
 * @example
 *   suppressSmallGroups([{ city: 'Shanghai', customers: 12 }, { city: 'Lhasa', customers: 3 }], 'customers', 10)
 *   // → [{ city: 'Shanghai', customers: 12 }, { suppressed: true }]
 */
export function suppressSmallGroups<T extends object>(rows: readonly T[], countColumn: keyof T, k: number = DEFAULT_K): (T | Suppressed)[] {
  checkK(k);
  return rows.map((row) => (belowFloor(Number(row[countColumn]), k) ? SUPPRESSED : row));
}

const floorCount = (n: number, k: number): number | Suppressed => (belowFloor(n, k) ? SUPPRESSED : n);

export interface TopLine {
  value: string;
  customers: number;
}

/**
 * Whom a summary describes: an RFM segment, or a saved custom segment given by its name and its
 * members (a condition on `customers`, src/query/audience.ts).
 */
export type SegmentRef = RfmSegment | { name: string; members: SQL };

export interface SegmentFigures {
  /** The RFM segment id, or the custom segment's name. */
  segment: string;
  custom: boolean;
  suppressed: false;
  size: number;
  shareOfCustomers: number;
  revenueMinor: number;
  shareOfRevenue: number;
  /** Revenue per order in the segment (base currency, minor units); null for an empty segment. */
  aovMinor: number | null;
  avgFrequency: number | null;
  avgRecencyDays: number | null;
  /** By each customer's top category (most revenue). */
  topCategories: (TopLine | Suppressed)[];
  topCities: (TopLine | Suppressed)[];
  /** By each customer's preferred platform (most orders). */
  topPlatforms: (TopLine | Suppressed)[];
  /** Since the previous refresh (from the latest feature_refreshes row); RFM segments only. */
  movedIn?: number | Suppressed;
  movedOut?: number | Suppressed;
  /** Where the entrants came from; `none` = customers not scored before. */
  from: Record<string, number | Suppressed>;
}

export type SegmentSummary = SegmentFigures | ({ segment: string } & Suppressed);

const TOP = 3;

async function topLines(store: Store, k: number, query: ReturnType<typeof sql>): Promise<(TopLine | Suppressed)[]> {
  const rows = await store.rows<TopLine>(query);
  return suppressSmallGroups(rows, 'customers', k).slice(0, TOP);
}

/**
 * One segment's figures from customer_features, with the k floor applied throughout.
 *
 * @example
 *   const s = await segmentSummary(store, 'at_risk');
 *   if (!s.suppressed) console.log(s.size, s.shareOfRevenue, s.movedIn);
 */
export async function segmentSummary(store: Store, ref: SegmentRef, options: { k?: number } = {}): Promise<SegmentSummary> {
  const k = options.k ?? DEFAULT_K;
  checkK(k);
  const segment = typeof ref === 'string' ? ref : ref.name;
  const inSegment = typeof ref === 'string' ? sql`f.segment = ${ref}` : sql`f.customer_id in (select ${customers.id} from ${customers} where ${ref.members})`;
  const [row] = await store.rows<{ size: number; revenue: number; orders: number; avg_frequency: number | null; avg_recency: number | null; all_customers: number; all_revenue: number }>(sql`
    select count(*) filter (where ${inSegment})::int as size,
      coalesce(sum(f.monetary_minor) filter (where ${inSegment}), 0)::float8 as revenue,
      coalesce(sum(f.frequency) filter (where ${inSegment}), 0)::int as orders,
      (avg(f.frequency) filter (where ${inSegment}))::float8 as avg_frequency,
      (avg(f.recency_days) filter (where ${inSegment}))::float8 as avg_recency,
      count(*)::int as all_customers, coalesce(sum(f.monetary_minor), 0)::float8 as all_revenue
    from customer_features f`);
  const { size, revenue, orders, all_customers: allCustomers, all_revenue: allRevenue } = row!;
  if (belowFloor(size, k)) return { segment, ...SUPPRESSED };

  const topCategories = await topLines(store, k, sql`
    select c.name as value, count(*)::int as customers from customer_features f join categories c on c.id = f.top_category_id
    where ${inSegment} group by c.name order by 2 desc, 1 limit ${TOP}`);
  const topCities = await topLines(store, k, sql`
    select cu.city as value, count(*)::int as customers from customer_features f join customers cu on cu.id = f.customer_id
    where ${inSegment} and cu.city is not null group by cu.city order by 2 desc, 1 limit ${TOP}`);
  const topPlatforms = await topLines(store, k, sql`
    select f.preferred_platform as value, count(*)::int as customers from customer_features f
    where ${inSegment} and f.preferred_platform is not null group by f.preferred_platform order by 2 desc, 1 limit ${TOP}`);

  // Movement is tracked per RFM segment by the features refresh; a custom segment has none.
  const [latest] = typeof ref === 'string' ? await store.rows<{ movement: Movement | string }>(sql`select movement from feature_refreshes order by id desc limit 1`) : [];
  const raw = latest ? (typeof latest.movement === 'string' ? (JSON.parse(latest.movement) as Movement) : latest.movement) : undefined;
  const moved = typeof ref === 'string' ? (raw?.[ref] ?? { in: 0, out: 0, from: {} }) : undefined;

  return {
    segment,
    custom: typeof ref !== 'string',
    suppressed: false,
    size,
    shareOfCustomers: allCustomers > 0 ? size / allCustomers : 0,
    revenueMinor: revenue,
    shareOfRevenue: allRevenue > 0 ? revenue / allRevenue : 0,
    aovMinor: orders > 0 ? revenue / orders : null,
    avgFrequency: row!.avg_frequency,
    avgRecencyDays: row!.avg_recency,
    topCategories,
    topCities,
    topPlatforms,
    ...(moved ? { movedIn: floorCount(moved.in, k), movedOut: floorCount(moved.out, k) } : {}),
    from: Object.fromEntries(Object.entries(moved?.from ?? {}).map(([s, n]) => [s, floorCount(n, k)])),
  };
}

export interface SegmentComparison {
  a: SegmentSummary;
  b: SegmentSummary;
  /** a minus b, for the headline numbers; null when either side is suppressed or empty. */
  difference: {
    size: number;
    revenueMinor: number;
    shareOfRevenue: number;
    aovMinor: number;
    avgFrequency: number;
    avgRecencyDays: number;
  } | null;
}

/** Two segments side by side, each under the same k floor. */
export async function compareSegments(store: Store, a: SegmentRef, b: SegmentRef, options: { k?: number } = {}): Promise<SegmentComparison> {
  const left = await segmentSummary(store, a, options);
  const right = await segmentSummary(store, b, options);
  if (left.suppressed || right.suppressed || left.size === 0 || right.size === 0) return { a: left, b: right, difference: null };
  return {
    a: left,
    b: right,
    difference: {
      size: left.size - right.size,
      revenueMinor: left.revenueMinor - right.revenueMinor,
      shareOfRevenue: left.shareOfRevenue - right.shareOfRevenue,
      aovMinor: left.aovMinor! - right.aovMinor!,
      avgFrequency: left.avgFrequency! - right.avgFrequency!,
      avgRecencyDays: left.avgRecencyDays! - right.avgRecencyDays!,
    },
  };
}
