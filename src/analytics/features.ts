/**
 * Customer features: recency, frequency, monetary value, RFM quintile scores and the RFM
 * segment merchants know, plus first/last order, AOV, top category, preferred platform and a
 * lifetime-value estimate; one row per customer with at least one paid order.
 *
 * The refresh is one transaction of set-based SQL over paid orders; it never loops over
 * customers in JavaScript and never reads personal fields. Scores are quintiles *relative to
 * every customer*, so each refresh recomputes the aggregates in full; the write is an upsert
 * keyed on the customer (which is what keeps `previous_segment`), and only customers who no
 * longer have a paid order are deleted.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Store } from '../db/client.ts';
import { featureRefreshes, rfmSegments, type RfmSegment } from '../db/schema/index.ts';

/** A cell range of the RFM grid: R score and FM score (both 1–5, inclusive bounds). */
export interface SegmentRule {
  segment: RfmSegment;
  r: readonly [number, number];
  fm: readonly [number, number];
}

/**
 * The score → segment rule table: the usual RFM grid over R (recency quintile, 5 = most recent)
 * and FM = round((F + M) / 2), half up. Every one of the 25 cells belongs to exactly one
 * segment (a unit test checks it). Read as: "champions bought recently and often",
 * "previously loyal bought often but long ago", and so on.
 *
 *          FM=1          FM=2          FM=3             FM=4       FM=5
 *   R=5    new           active        active           champions  champions
 *   R=4    promising     active        active           loyal      loyal
 *   R=3    almost_lost   almost_lost   needs_attention  loyal      loyal
 *   R=2    dormant       dormant       at_risk          at_risk    previously_loyal
 *   R=1    dormant       dormant       at_risk          at_risk    previously_loyal
 */
export const segmentRules: readonly SegmentRule[] = [
  { segment: 'champions', r: [5, 5], fm: [4, 5] },
  { segment: 'loyal', r: [3, 4], fm: [4, 5] },
  { segment: 'active', r: [4, 5], fm: [2, 3] },
  { segment: 'promising', r: [4, 4], fm: [1, 1] },
  { segment: 'new', r: [5, 5], fm: [1, 1] },
  { segment: 'needs_attention', r: [3, 3], fm: [3, 3] },
  { segment: 'almost_lost', r: [3, 3], fm: [1, 2] },
  { segment: 'at_risk', r: [1, 2], fm: [3, 4] },
  { segment: 'previously_loyal', r: [1, 2], fm: [5, 5] },
  { segment: 'dormant', r: [1, 2], fm: [1, 2] },
];

/** FM as the SQL below computes it: the mean of F and M, rounded half up. */
export const fmScore = (f: number, m: number): number => Math.floor((f + m) / 2 + 0.5);

/** The segment of one score pair, by the rule table (for tests and explanations; the refresh does this in SQL). */
export function segmentOf(r: number, f: number, m: number): RfmSegment {
  const fm = fmScore(f, m);
  const rule = segmentRules.find((s) => r >= s.r[0] && r <= s.r[1] && fm >= s.fm[0] && fm <= s.fm[1]);
  if (!rule) throw new Error(`No RFM segment covers R=${r} FM=${fm}`);
  return rule.segment;
}

/**
 * Lifetime-value estimate, expected revenue over the next year (documented here, computed in SQL):
 *
 *   clv = AOV × expected orders next year × retention
 *   expected orders next year = frequency / max(tenure in years, 1), tenure = now − first order
 *   retention = max(0, 1 − recency days / CLV_RETENTION_DAYS): linear decay, 0 after two silent years
 *
 * Deliberately simple (no BG/NBD fit): it ranks customers sensibly and a marketer can check it by hand.
 */
export const CLV_RETENTION_DAYS = 730;

/** Per segment: how many entered, how many left, and from which segment the entrants came (`none` = not scored before). */
export interface SegmentMovement {
  in: number;
  out: number;
  from: Record<string, number>;
}
export type Movement = Record<RfmSegment, SegmentMovement>;

export interface RefreshResult {
  customers: number;
  movement: Movement;
  seconds: number;
}

const rulesTable = (): SQL =>
  sql`(values ${sql.join(
    segmentRules.map((s) => sql`(${s.segment}::text, ${s.r[0]}::int, ${s.r[1]}::int, ${s.fm[0]}::int, ${s.fm[1]}::int)`),
    sql`, `,
  )}) as rules(segment, r_min, r_max, fm_min, fm_max)`;

/**
 * The upsert. Ties: ntile(5) splits equal values across quintiles, so each window orders by a
 * deterministic tie-break (R: last order, then id; F: frequency, monetary, id; M: monetary,
 * frequency, id): the same data always gives the same scores.
 */
function upsertStatement(now: SQL): SQL {
  return sql`
    with paid as (
      select o.id, o.customer_id, o.platform, o.ordered_at from orders o where o.status = 'paid' and o.ordered_at <= ${now}
        -- An erased customer's orders stay for aggregates, but they get no segment again (src/governance/erase.ts).
        and not exists (select 1 from customers c where c.id = o.customer_id and c.erased_at is not null)
    ),
    per_customer as (
      select customer_id, count(*)::int as frequency, min(ordered_at) as first_order_at, max(ordered_at) as last_order_at
      from paid group by customer_id
    ),
    money as (
      select p.customer_id, sum(oi.line_total_base_minor)::bigint as monetary
      from paid p join order_items oi on oi.order_id = p.id group by p.customer_id
    ),
    top_category as (
      select distinct on (customer_id) customer_id, category_id from (
        select p.customer_id, pr.category_id, sum(oi.line_total_base_minor) as revenue
        from paid p join order_items oi on oi.order_id = p.id join products pr on pr.id = oi.product_id
        where pr.category_id is not null group by p.customer_id, pr.category_id
      ) c order by customer_id, revenue desc, category_id
    ),
    preferred_platform as (
      select distinct on (customer_id) customer_id, platform from (
        select customer_id, platform, count(*) as n, max(ordered_at) as latest from paid group by customer_id, platform
      ) c order by customer_id, n desc, latest desc, platform
    ),
    base as (
      select pc.*, coalesce(m.monetary, 0)::bigint as monetary,
        floor(extract(epoch from (${now} - pc.last_order_at)) / 86400)::int as recency_days,
        extract(epoch from (${now} - pc.first_order_at)) / 86400.0 as tenure_days
      from per_customer pc left join money m on m.customer_id = pc.customer_id
    ),
    scored as (
      select b.*,
        ntile(5) over (order by b.last_order_at, b.customer_id) as r_score,
        ntile(5) over (order by b.frequency, b.monetary, b.customer_id) as f_score,
        ntile(5) over (order by b.monetary, b.frequency, b.customer_id) as m_score
      from base b
    ),
    graded as (
      select s.*, rules.segment from scored s join ${rulesTable()}
        on s.r_score between rules.r_min and rules.r_max
        and floor((s.f_score + s.m_score) / 2.0 + 0.5) between rules.fm_min and rules.fm_max
    )
    insert into customer_features (customer_id, recency_days, frequency, monetary_minor, r_score, f_score, m_score, segment,
      previous_segment, first_order_at, last_order_at, aov_minor, top_category_id, preferred_platform, clv_minor, refreshed_at)
    select g.customer_id, g.recency_days, g.frequency, g.monetary, g.r_score, g.f_score, g.m_score, g.segment,
      null, g.first_order_at, g.last_order_at, g.monetary::float8 / g.frequency, tc.category_id, pp.platform,
      (g.monetary::float8 / g.frequency)
        * (g.frequency / greatest(g.tenure_days / 365.0, 1))::float8
        * greatest(0, 1 - g.recency_days / ${CLV_RETENTION_DAYS}::float8),
      ${now}
    from graded g
      left join top_category tc on tc.customer_id = g.customer_id
      left join preferred_platform pp on pp.customer_id = g.customer_id
    on conflict (customer_id) do update set
      recency_days = excluded.recency_days, frequency = excluded.frequency, monetary_minor = excluded.monetary_minor,
      r_score = excluded.r_score, f_score = excluded.f_score, m_score = excluded.m_score,
      segment = excluded.segment, previous_segment = customer_features.segment,
      first_order_at = excluded.first_order_at, last_order_at = excluded.last_order_at, aov_minor = excluded.aov_minor,
      top_category_id = excluded.top_category_id, preferred_platform = excluded.preferred_platform,
      clv_minor = excluded.clv_minor, refreshed_at = excluded.refreshed_at`;
}

const emptyMovement = (): Movement =>
  Object.fromEntries(rfmSegments.map((s) => [s, { in: 0, out: 0, from: {} }])) as unknown as Movement;

/**
 * Recomputes customer_features as of `now` in one transaction and records the run in
 * feature_refreshes (with movement between segments since the previous refresh).
 *
 * @example
 *   const { customers, movement } = await refreshFeatures(store);
 *   movement.at_risk.from.loyal // customers who moved from loyal to at risk
 */
export async function refreshFeatures(store: Store, options: { now?: Date } = {}): Promise<RefreshResult> {
  const startedAt = new Date();
  const now = sql`${(options.now ?? startedAt).toISOString()}::timestamptz`;
  return store.db.transaction(async (tx) => {
    const movement = emptyMovement();
    // Customers without a paid order (any more) leave their segment.
    const removed = await store.rows<{ segment: RfmSegment; n: number }>(
      sql`with gone as (
            delete from customer_features f
            where not exists (select 1 from orders o where o.customer_id = f.customer_id and o.status = 'paid' and o.ordered_at <= ${now})
            returning f.segment)
          select segment, count(*)::int as n from gone group by segment`,
      tx,
    );
    for (const r of removed) movement[r.segment].out += r.n;

    await store.rows(upsertStatement(now), tx);

    const moves = await store.rows<{ previous: RfmSegment | null; segment: RfmSegment; n: number }>(
      sql`select previous_segment as previous, segment, count(*)::int as n from customer_features
          where previous_segment is distinct from segment group by previous_segment, segment`,
      tx,
    );
    for (const m of moves) {
      const to = movement[m.segment];
      to.in += m.n;
      const from = m.previous ?? 'none';
      to.from[from] = (to.from[from] ?? 0) + m.n;
      if (m.previous) movement[m.previous].out += m.n;
    }
    const [total] = await store.rows<{ n: number }>(sql`select count(*)::int as n from customer_features`, tx);
    const customers = total?.n ?? 0;
    const finishedAt = new Date();
    await tx.insert(featureRefreshes).values({ startedAt, finishedAt, customers, similarities: 0, movement });
    return { customers, movement, seconds: (finishedAt.getTime() - startedAt.getTime()) / 1000 };
  });
}
