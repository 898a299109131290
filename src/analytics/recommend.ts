/**
 * Recommendations, computed set-based in the store.
 *
 * - `refreshSimilarities` rebuilds item_similarities from paid order lines: for each pair of
 *   products, the distinct customers who bought both ("co-buyers"), scored by *shrunk cosine*
 *   `co / sqrt(n_a · n_b) · co / (co + shrinkage)` (cosine over the customer–item purchase sets,
 *   pulled towards 0 when few customers support it), with lift `co · N / (n_a · n_b)` kept beside
 *   it for reasons and analysis. Only the best `maxPerItem` neighbours per product are kept.
 *   The same statement rebuilds product_stats (buyers, rebuy share, rebuy gap per product), so
 *   scoring a customer later reads only their own orders plus these two small tables.
 * - `recommendFor` / `recommendBatch` score one customer or many with ONE SQL definition
 *   (`candidatesSql`): similar items to what they bought (never something they already bought),
 *   mixed with "buy again" for consumables whose cycle has passed, filled up with popular items.
 *   A customer with no history gets what is popular in their city, else on their platform, else overall.
 *
 * Nothing here returns personal data: customers appear only as their numeric (pseudonymous) ids.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Store } from '../db/client.ts';
import type { Lang } from '../messages/index.ts';

export interface SimilarityOptions {
  /** Pairs with fewer distinct co-buyers are dropped (noise). */
  minCoBuyers?: number;
  /** Shrinkage constant: a pair with `shrinkage` co-buyers keeps half its cosine. */
  shrinkage?: number;
  /** Neighbours kept per product. */
  maxPerItem?: number;
  /** Only orders placed before this instant count (for time-split evaluation). Default: all. */
  asOf?: Date;
}

/**
 * Replaces the contents of item_similarities and product_stats, in one transaction.
 *
 * @example
 * const { pairs } = await refreshSimilarities(store, { minCoBuyers: 2, shrinkage: 10 });
 */
export async function refreshSimilarities(store: Store, options: SimilarityOptions = {}): Promise<{ pairs: number; seconds: number }> {
  const { minCoBuyers = 2, shrinkage = 10, maxPerItem = 50, asOf } = options;
  const started = performance.now();
  const before = asOf ? sql`and o.ordered_at < ${asOf.toISOString()}::timestamptz` : sql``;
  let pairs = 0;
  await store.db.transaction(async (tx) => {
    await store.rows(sql`delete from item_similarities`, tx);
    await store.rows(sql`delete from product_stats`, tx);
    // One statement, so the per-customer purchase table is computed once for both outputs.
    const [row] = await store.rows<{ n: number }>(
      sql`with customer_items as (
            select o.customer_id, oi.product_id, count(distinct o.id)::int as n, min(o.ordered_at) as first_at, max(o.ordered_at) as last_at
            from orders o join order_items oi on oi.order_id = o.id
            where o.status = 'paid' ${before}
            group by o.customer_id, oi.product_id
          ),
          stats as (
            insert into product_stats (product_id, buyers, repeat_share, gap_days)
            select product_id, count(*)::int, avg((n >= 2)::int)::float8,
              sum(extract(epoch from last_at - first_at) / 86400) / nullif(sum(n - 1), 0)
            from customer_items group by product_id
            returning 1
          ),
          buys as (select customer_id, product_id from customer_items),
          item_buyers as (select product_id, count(*)::float8 as n from buys group by product_id),
          total as (select count(distinct customer_id)::float8 as n from buys),
          co as (
            select a.product_id as p, b.product_id as q, count(*)::int as co_buyers
            from buys a join buys b on b.customer_id = a.customer_id and b.product_id <> a.product_id
            group by a.product_id, b.product_id
            having count(*) >= ${minCoBuyers}
          ),
          scored as (
            select co.p, co.q, co.co_buyers,
              co.co_buyers / sqrt(ia.n * ib.n) * co.co_buyers / (co.co_buyers + ${shrinkage}::float8) as score,
              co.co_buyers * total.n / (ia.n * ib.n) as lift
            from co join item_buyers ia on ia.product_id = co.p join item_buyers ib on ib.product_id = co.q cross join total
          ),
          ranked as (select *, row_number() over (partition by p order by score desc, q) as rn from scored),
          inserted as (
            insert into item_similarities (product_id, similar_product_id, co_buyers, score, lift)
            select p, q, co_buyers, score, lift from ranked where rn <= ${maxPerItem}
            returning 1
          )
          select (select count(*)::int from inserted) as n, (select count(*) from stats) as products`,
      tx,
    );
    pairs = Number(row?.n ?? 0);
  });
  return { pairs, seconds: (performance.now() - started) / 1000 };
}

/** How repeat purchases and similar items are mixed; defaults tuned on a validation split (bench/eval-recs.ts). */
export interface Blend {
  /** Weight of the summed similarity of a new item against the buy-again score (which is ≤ 1). */
  similarWeight: number;
  /** A bought item is offered again once this fraction of its rebuy interval has passed (0: at once). */
  rebuyCycle: number;
  /** A product is a consumable when someone rebought it and at least this share of its buyers bought it in ≥ 2 orders. */
  consumableShare: number;
  /** Buy-again scores decay with the days between that purchase and the customer's latest order, halving every this many days (0: no decay). */
  recencyHalfLife: number;
  /** Similar items are summed over the customer's history weighted by 0.5^(days before their latest order / this) (0: equal weights). */
  seedHalfLife: number;
  /** Weight of popularity (distinct buyers before asOf, relative to the top item) added to items new to the customer. */
  trendWeight: number;
}

// Tuned on UCI Online Retail, train Dec 2010–Feb 2011 / validate Mar–May 2011 (never on the test months);
// see bench/eval-recs.ts, which re-runs the sweep and prints it.
export const defaultBlend: Blend = { similarWeight: 0.3, rebuyCycle: 0, consumableShare: 0, recencyHalfLife: 30, seedHalfLife: 30, trendWeight: 0 };

export type Reason =
  | { kind: 'bought_with'; withProductId: number; withTitle: string; coBuyers: number }
  | { kind: 'buy_again'; timesBought: number; cycleDays: number | null }
  | { kind: 'popular'; scope: 'city' | 'platform' | 'overall' | 'fill'; buyers: number };

export interface Recommendation {
  productId: number;
  title: string;
  score: number;
  reason: Reason;
  /** The customer bought this product before. */
  repeat: boolean;
}

export interface RecommendOptions {
  limit?: number;
  /** Recommend as of this instant: only earlier orders count. Default: now. */
  asOf?: Date;
  /** Overrides `defaultBlend.rebuyCycle`. */
  rebuyCycle?: number;
  /** Only items the customer never bought (a cross-sell list): no "buy again". */
  newOnly?: boolean;
  blend?: Partial<Blend>;
}

interface CandidateRow {
  customer_id: unknown;
  product_id: unknown;
  title: string;
  score: unknown;
  kind: Reason['kind'];
  with_product_id: unknown;
  with_title: string | null;
  co_buyers: unknown;
  times_bought: unknown;
  cycle_days: unknown;
  buyers: unknown;
}

/**
 * The one scoring definition: the top `limit` candidates of every customer in `customerIds`
 * who has paid orders before `asOf`.
 */
function candidatesSql(customerIds: readonly number[], asOf: Date, limit: number, blend: Blend, newOnly: boolean): SQL {
  const at = sql`${asOf.toISOString()}::timestamptz`;
  const ids = `{${customerIds.map((id) => Math.trunc(id)).join(',')}}`;
  return sql`with paid as (
      select o.id as order_id, o.customer_id, o.ordered_at, oi.product_id
      from orders o join order_items oi on oi.order_id = o.id
      where o.status = 'paid' and o.ordered_at < ${at} and o.customer_id = any(${ids}::bigint[])
    ),
    hist as (
      select customer_id, product_id, count(distinct order_id)::int as n, min(ordered_at) as first_at, max(ordered_at) as last_at
      from paid group by customer_id, product_id
    ),
    cust as (
      select customer_id, count(distinct order_id)::int as n, count(distinct product_id)::int as items,
        min(ordered_at) as first_at, max(ordered_at) as last_at
      from paid group by customer_id
    ),
    again as (
      select h.customer_id, h.product_id,
        (h.n::float8 / c.n) * p.repeat_share
          * case when ${blend.recencyHalfLife}::float8 > 0 then power(0.5, extract(epoch from c.last_at - h.last_at) / 86400 / ${blend.recencyHalfLife}::float8) else 1 end
          as score, h.n as times_bought,
        coalesce(extract(epoch from h.last_at - h.first_at) / 86400 / nullif(h.n - 1, 0), p.gap_days,
                 extract(epoch from c.last_at - c.first_at) / 86400 / nullif(c.n - 1, 0)) as cycle_days,
        h.last_at
      from hist h join cust c using (customer_id) join product_stats p using (product_id)
      where p.repeat_share > 0 and p.repeat_share >= ${blend.consumableShare}
    ),
    again_due as (
      select * from again
      where extract(epoch from ${at} - last_at) / 86400 >= ${blend.rebuyCycle}::float8 * coalesce(cycle_days, 0)
    ),
    seeds as (
      select h.*, case when ${blend.seedHalfLife}::float8 > 0
          then power(0.5, extract(epoch from c.last_at - h.last_at) / 86400 / ${blend.seedHalfLife}::float8) else 1 end as w
      from hist h join cust c using (customer_id)
    ),
    seed_total as (select customer_id, sum(w) as w from seeds group by customer_id),
    similar_items as (
      select h.customer_id, s.similar_product_id as product_id, ${blend.similarWeight}::float8 * sum(h.w * s.score) / max(t.w) as score,
        (array_agg(s.product_id order by h.w * s.score desc, s.product_id))[1] as with_product_id,
        (array_agg(s.co_buyers order by h.w * s.score desc, s.product_id))[1] as co_buyers
      from seeds h join item_similarities s on s.product_id = h.product_id join seed_total t using (customer_id)
      where not exists (select 1 from hist b where b.customer_id = h.customer_id and b.product_id = s.similar_product_id)
      group by h.customer_id, s.similar_product_id
    ),
    popular as (
      select product_id, buyers from product_stats order by buyers desc, product_id limit ${limit + 200}
    ),
    fill as (
      select c.customer_id, p.product_id, (${blend.trendWeight}::float8 + 1e-9) * p.buyers / max(p.buyers) over () as score, p.buyers
      from cust c cross join popular p
      where not exists (select 1 from hist b where b.customer_id = c.customer_id and b.product_id = p.product_id)
    ),
    candidates as (
      select customer_id, product_id, score, 'buy_again' as kind, null::bigint as with_product_id, null::int as co_buyers,
        times_bought, cycle_days, null::int as buyers from again_due where not ${newOnly}
      union all
      select s.customer_id, s.product_id, s.score + coalesce(f.score, 0), 'bought_with', s.with_product_id, s.co_buyers, null, null, null
      from similar_items s left join fill f using (customer_id, product_id)
      union all
      select customer_id, product_id, score, 'popular', null, null, null, null, buyers from fill
    ),
    best as (
      select distinct on (customer_id, product_id) * from candidates order by customer_id, product_id, score desc
    ),
    ranked as (
      select *, row_number() over (partition by customer_id order by score desc, product_id) as rn from best
    )
    select r.customer_id, r.product_id, pr.title, r.score, r.kind, r.with_product_id, w.title as with_title, r.co_buyers,
      r.times_bought, r.cycle_days, r.buyers
    from ranked r join products pr on pr.id = r.product_id left join products w on w.id = r.with_product_id
    where r.rn <= ${limit}
    order by r.customer_id, r.rn`;
}

function toRecommendation(row: CandidateRow): Recommendation {
  const score = Number(row.score);
  const productId = Number(row.product_id);
  if (row.kind === 'buy_again') {
    const cycle = row.cycle_days === null ? null : Math.round(Number(row.cycle_days));
    return { productId, title: row.title, score, repeat: true, reason: { kind: 'buy_again', timesBought: Number(row.times_bought), cycleDays: cycle } };
  }
  if (row.kind === 'bought_with') {
    return {
      productId, title: row.title, score, repeat: false,
      reason: { kind: 'bought_with', withProductId: Number(row.with_product_id), withTitle: row.with_title ?? '', coBuyers: Number(row.co_buyers) },
    };
  }
  return { productId, title: row.title, score, repeat: false, reason: { kind: 'popular', scope: 'fill', buyers: Number(row.buyers) } };
}

function resolveBlend(options: RecommendOptions): Blend {
  return { ...defaultBlend, ...options.blend, ...(options.rebuyCycle === undefined ? {} : { rebuyCycle: options.rebuyCycle }) };
}

/**
 * Recommendations for many customers at once (the set-based twin of `recommendFor`, same SQL).
 * Customers without paid orders before `asOf` are absent from the result.
 */
export async function recommendBatch(store: Store, customerIds: readonly number[], options: RecommendOptions = {}): Promise<Map<number, Recommendation[]>> {
  const out = new Map<number, Recommendation[]>();
  if (customerIds.length === 0) return out;
  const rows = await store.rows<CandidateRow>(candidatesSql(customerIds, options.asOf ?? new Date(), options.limit ?? 10, resolveBlend(options), options.newOnly ?? false));
  for (const row of rows) {
    const id = Number(row.customer_id);
    const list = out.get(id) ?? [];
    list.push(toRecommendation(row));
    out.set(id, list);
  }
  return out;
}

/**
 * What to offer one customer, best first, each with its reason.
 *
 * @example
 * const recs = await recommendFor(store, 42, { limit: 5 });
 * reasonText(recs[0]!, 'en'); // "Bought with Green Tea Mask by 312 customers"
 */
export async function recommendFor(store: Store, customerId: number, options: RecommendOptions = {}): Promise<Recommendation[]> {
  const fromHistory = (await recommendBatch(store, [customerId], options)).get(customerId);
  if (fromHistory && fromHistory.length > 0) return fromHistory;
  return coldStart(store, customerId, options.limit ?? 10, options.asOf ?? new Date());
}

/** No history: what is popular in the customer's city, then on their platform, then overall. */
async function coldStart(store: Store, customerId: number, limit: number, asOf: Date): Promise<Recommendation[]> {
  const at = sql`${asOf.toISOString()}::timestamptz`;
  const [me] = await store.rows<{ city: string | null; platform: string | null }>(
    sql`select c.city, coalesce(c.signup_platform, (select platform from customer_identities i where i.customer_id = c.id order by i.id limit 1)) as platform
        from customers c where c.id = ${customerId}`,
  );
  const scopes: { scope: 'city' | 'platform' | 'overall'; where: SQL }[] = [];
  if (me?.city) scopes.push({ scope: 'city', where: sql`and o.customer_id in (select id from customers where city = ${me.city})` });
  if (me?.platform) scopes.push({ scope: 'platform', where: sql`and o.platform = ${me.platform}` });
  scopes.push({ scope: 'overall', where: sql`` });
  const recs: Recommendation[] = [];
  const seen = new Set<number>();
  for (const { scope, where } of scopes) {
    if (recs.length >= limit) break;
    const rows = await store.rows<{ product_id: unknown; title: string; buyers: unknown }>(
      sql`select oi.product_id, p.title, count(distinct o.customer_id)::int as buyers
          from orders o join order_items oi on oi.order_id = o.id join products p on p.id = oi.product_id
          where o.status = 'paid' and o.ordered_at < ${at} and o.customer_id <> ${customerId} ${where}
          group by oi.product_id, p.title order by buyers desc, oi.product_id limit ${limit + seen.size}`,
    );
    for (const row of rows) {
      const productId = Number(row.product_id);
      if (seen.has(productId) || recs.length >= limit) continue;
      seen.add(productId);
      const buyers = Number(row.buyers);
      recs.push({ productId, title: row.title, score: buyers, repeat: false, reason: { kind: 'popular', scope, buyers } });
    }
  }
  return recs;
}

/** "Customers who bought X also bought": X's stored neighbours, best first. */
export async function alsoBought(store: Store, productId: number, limit = 10): Promise<{ productId: number; title: string; coBuyers: number; score: number; lift: number }[]> {
  const rows = await store.rows<{ product_id: unknown; title: string; co_buyers: unknown; score: unknown; lift: unknown }>(
    sql`select s.similar_product_id as product_id, p.title, s.co_buyers, s.score, s.lift
        from item_similarities s join products p on p.id = s.similar_product_id
        where s.product_id = ${productId} order by s.score desc, s.similar_product_id limit ${limit}`,
  );
  return rows.map((r) => ({ productId: Number(r.product_id), title: r.title, coBuyers: Number(r.co_buyers), score: Number(r.score), lift: Number(r.lift) }));
}

const reasonTexts = {
  en: {
    bought_with: (r: Extract<Reason, { kind: 'bought_with' }>) => `Bought with ${r.withTitle} by ${r.coBuyers} customers`,
    buy_again: (r: Extract<Reason, { kind: 'buy_again' }>) =>
      r.cycleDays === null ? `Bought ${r.timesBought} times before` : `Bought ${r.timesBought} times before, about every ${r.cycleDays} days`,
    popular: (r: Extract<Reason, { kind: 'popular' }>) =>
      `Popular ${{ city: 'in your city', platform: 'on your platform', overall: 'overall', fill: 'overall' }[r.scope]}: ${r.buyers} buyers`,
  },
  zh: {
    bought_with: (r: Extract<Reason, { kind: 'bought_with' }>) => `${r.coBuyers} 位顾客同时买了${r.withTitle}`,
    buy_again: (r: Extract<Reason, { kind: 'buy_again' }>) =>
      r.cycleDays === null ? `之前买过 ${r.timesBought} 次` : `之前买过 ${r.timesBought} 次，约每 ${r.cycleDays} 天一次`,
    popular: (r: Extract<Reason, { kind: 'popular' }>) =>
      `${{ city: '同城热销', platform: '本平台热销', overall: '全店热销', fill: '全店热销' }[r.scope]}：${r.buyers} 位买家`,
  },
} satisfies Record<Lang, unknown>;

/** The one-line reason shown next to a recommendation. */
export function reasonText(rec: Pick<Recommendation, 'reason'>, lang: Lang): string {
  const texts = reasonTexts[lang];
  const r = rec.reason;
  if (r.kind === 'bought_with') return texts.bought_with(r);
  if (r.kind === 'buy_again') return texts.buy_again(r);
  return texts.popular(r);
}
