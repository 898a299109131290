/**
 * Record-shaped answers on the demo data: customer lists, promotion lists for an audience, one
 * customer's recommendations and "also bought" — each checked against hand-written SQL, with
 * the rules users notice: who may see lists, where they may be shown, and the privacy floor.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createAssistant, type Assistant } from '../../src/assistant/answer.ts';
import type { TableAnswer } from '../../src/assistant/types.ts';
import type { Store } from '../../src/db/client.ts';
import { roles } from '../../src/db/schema/index.ts';
import { loadDemo } from '../../src/demo/load.ts';
import { createLogger } from '../../src/log.ts';
import { exposureOf } from '../../src/slack/disclosure.ts';
import { describeEachStore } from '../helpers/stores.ts';
import { metrics } from '../../src/semantic/index.ts';
import { testCipher } from '../helpers/keys.ts';
import { testNow } from '../helpers/lexicon.ts';
import { testConfig } from '../helpers/config.ts';

const local = { id: 'local:tester', local: true };

describeEachStore('record-shaped answers', (kind) => {
  let store: Store;
  let drop: () => Promise<void>;
  let assistant: Assistant;

  beforeAll(async () => {
    ({ store, drop } = await kind.open());
    await loadDemo(store, testCipher, { customers: 400, seed: 7, until: testNow });
    assistant = createAssistant({ store, config: testConfig, log: createLogger('silent'), clock: () => testNow });
    await store.db.insert(roles).values([
      { userId: 'UVIEWER1', role: 'viewer', grantedBy: 'local:test' },
      { userId: 'UMARKET1', role: 'marketer', grantedBy: 'local:test' },
    ]);
  }, 120_000);
  afterAll(() => drop());

  const table = async (question: string, actor = local): Promise<TableAnswer> => {
    const answer = await assistant.answer(question, actor);
    if (answer.kind !== 'table') throw new Error(`expected a table for ${question}, got ${JSON.stringify(answer)}`);
    return answer;
  };
  const biggestCity = async () => (await store.rows<{ city: string }>(sql`select city from customers where city is not null group by city order by count(*) desc, city limit 1`))[0]!.city;

  it('lists the customers of a segment in a city, biggest spenders first, with pseudonymous ids only', async () => {
    const city = await biggestCity();
    const expected = await store.rows<{ id: string }>(
      sql`select c.id::text as id from customers c join customer_features f on f.customer_id = c.id
          where c.city = ${city} and f.segment = 'champions' order by f.monetary_minor desc, c.id limit 20`,
    );
    for (const question of [`list champions customers in ${city}`, `${city}的重要价值客户名单`]) {
      const answer = await table(question);
      expect(answer.query?.intent).toBe('list');
      expect(answer.rows.map((r) => r[0])).toEqual(expected.map((e) => e.id));
      expect(answer.columns.map((c) => c.id)).toEqual(['customer', 'city', 'segment', 'orders', 'revenue', 'last_order']);
      expect(exposureOf(answer)).toBe('records');
    }
    expect(expected.length).toBeGreaterThan(0);
  });

  it('honours "top N customers" and keeps figures as aggregates elsewhere', async () => {
    const answer = await table('top 5 customers by revenue');
    const [top] = await store.rows<{ id: string }>(sql`select customer_id::text as id from customer_features order by monetary_minor desc, customer_id limit 1`);
    expect(answer.rows).toHaveLength(5);
    expect(answer.rows[0]![0]).toBe(top!.id);
    expect(exposureOf(await table('revenue by city in 2025'))).toBe('aggregate');
  });

  it('lists new customers of a period as those who signed up in it, and buyers of a period as those who paid in it, by what they spent in it', async () => {
    const signedUp = await store.rows<{ id: string }>(
      sql`select c.id::text as id from customers c left join customer_features f on f.customer_id = c.id
          where c.signup_at >= '2025-01-01T00:00:00+08' and c.signup_at < '2026-01-01T00:00:00+08' and c.erased_at is null
          order by f.monetary_minor desc nulls last, c.id limit 20`,
    );
    expect(signedUp.length).toBeGreaterThan(0);
    expect((await table('list new customers in 2025')).rows.map((r) => r[0])).toEqual(signedUp.map((e) => e.id));
    const paid = await store.rows<{ id: string; spend: number }>(
      sql`select c.id::text as id, sum(oi.line_total_base_minor)::float8 / 100 as spend
          from orders o join order_items oi on oi.order_id = o.id join customers c on c.id = o.customer_id
          where o.status = 'paid' and o.ordered_at >= '2025-01-01T00:00:00+08' and o.ordered_at < '2026-01-01T00:00:00+08' and c.erased_at is null
          group by c.id order by 2 desc, c.id limit 20`,
    );
    for (const question of ['list customers who bought in 2025', 'which customers spent the most in 2025']) {
      const answer = await table(question);
      expect(answer.rows.map((r) => [r[0], r[4]])).toEqual(paid.map((e) => [e.id, e.spend]));
      expect(answer.reading.definitions[0]).toMatch(/in the period first/);
    }
    expect(paid.map((e) => e.id)).not.toEqual(signedUp.map((e) => e.id));
  });

  it('keeps a list a list when a follow-up narrows it, and reads a new list request as new', async () => {
    const thread = { threadId: 'T-list-1' };
    await assistant.answer('list at-risk customers in Shanghai', local, thread);
    const narrowed = await assistant.answer('only Tmall', local, thread);
    expect(narrowed.kind === 'table' && narrowed.query).toMatchObject({ intent: 'list', filters: expect.arrayContaining([{ dimension: 'platform', values: ['tmall'] }, { dimension: 'segment', values: ['at_risk'] }]) });
    const fresh = await assistant.answer('北京的重要价值客户名单', local, thread);
    expect(fresh.kind === 'table' && fresh.query).toMatchObject({ intent: 'list', filters: expect.arrayContaining([{ dimension: 'city', values: ['Beijing'] }, { dimension: 'segment', values: ['champions'] }]) });
    expect(fresh.kind === 'table' && fresh.query!.filters.some((f) => f.dimension === 'platform')).toBe(false);
  });

  it('says how to ask for an export, naming the thread’s last answer', async () => {
    const thread = { threadId: 'T-export-1' };
    await assistant.answer('revenue by city in 2025', local, thread);
    const help = await assistant.answer('export this', local, thread);
    expect(help.kind).toBe('notice');
    expect(help.kind === 'notice' && help.message).toContain('precis export request');
    expect(help.kind === 'notice' && help.message).toContain('The last answer here: Revenue · by city · 2025.');
  });

  it('says what a figure is, from the catalog, in the asker\u2019s language, when asked what it means', async () => {
    const en = await assistant.answer('what does churned share mean?', local);
    expect(en).toEqual({ kind: 'notice', lang: 'en', message: `Churned share: ${metrics.churned_share.description.en}` });
    const zh = await assistant.answer('复购率怎么算', local);
    expect(zh).toEqual({ kind: 'notice', lang: 'zh', message: `复购率：${metrics.repeat_rate.description.zh}` });
  });

  it('lets marketers see customer lists but not viewers', async () => {
    const refused = await assistant.answer('list at-risk customers', { id: 'UVIEWER1', local: false });
    expect(refused.kind).toBe('refusal');
    expect((await assistant.answer('list at-risk customers', { id: 'UMARKET1', local: false })).kind).toBe('table');
  });

  it('ranks products to promote to an audience by reach over things its members have not bought', async () => {
    const city = await biggestCity();
    const answer = await table(`what to promote to at-risk customers in ${city}`);
    expect(answer.query).toMatchObject({ intent: 'promote', filters: expect.arrayContaining([{ dimension: 'city', values: [city] }, { dimension: 'segment', values: ['at_risk'] }]) });
    const expected = await store.rows<{ title: string; reach: number }>(
      sql`with audience as (select c.id from customers c join customer_features f on f.customer_id = c.id where c.city = ${city} and f.segment = 'at_risk'),
          bought as (select distinct o.customer_id, oi.product_id from orders o join order_items oi on oi.order_id = o.id where o.status = 'paid' and o.customer_id in (select id from audience)),
          cand as (select b.customer_id, s.similar_product_id as p, max(s.score) as score from bought b join item_similarities s on s.product_id = b.product_id
                   where (b.customer_id, s.similar_product_id) not in (select customer_id, product_id from bought) group by 1, 2)
          select pr.title, count(*)::int as reach from cand join products pr on pr.id = cand.p group by pr.id, pr.title order by sum(score) desc, pr.id limit 10`,
    );
    expect(expected.length).toBeGreaterThan(0);
    expect(answer.rows.map((r) => [r[0], r[1]])).toEqual(expected.map((e) => [e.title, e.reach]));
    const zh = await table(`给${city === 'Shanghai' ? '上海' : city}的流失风险客户推荐什么`);
    expect(zh.query?.intent).toBe('promote');
  });

  it('holds back a promotion whose audience is under the privacy floor', async () => {
    const strict = createAssistant({ store, config: { ...testConfig, minGroupSize: 100_000 }, log: createLogger('silent'), clock: () => testNow });
    const answer = await strict.answer('what to promote to champions customers', local);
    if (answer.kind !== 'table') throw new Error(answer.kind);
    expect(answer.rows).toEqual([]);
    expect(answer.notes.join(' ')).toContain('fewer than 100000');
  });

  it("recommends for one customer items they never bought, each with a reason, shown only privately", async () => {
    const [buyer] = await store.rows<{ id: number }>(sql`select customer_id::int as id from customer_features order by frequency desc, customer_id limit 1`);
    const answer = await table(`recommend for customer ${buyer!.id}`);
    expect(answer.rows.length).toBeGreaterThan(0);
    expect(answer.rows.every((r) => typeof r[1] === 'string' && r[1].length > 0)).toBe(true);
    expect(answer.query).toBeNull();
    expect(exposureOf(answer)).toBe('records');
    const zh = await table(`给客户${buyer!.id}推荐什么`);
    expect(zh.rows).toEqual((await table(`recommend for customer ${buyer!.id}`)).rows.map((r, i) => [r[0], zh.rows[i]![1]]));
    const fresh = await table(`recommend new products for customer ${buyer!.id}`);
    const bought = new Set((await store.rows<{ title: string }>(
      sql`select distinct p.title from orders o join order_items oi on oi.order_id = o.id join products p on p.id = oi.product_id where o.customer_id = ${buyer!.id} and o.status = 'paid'`,
    )).map((r) => r.title));
    expect(fresh.rows.length).toBeGreaterThan(0);
    expect(fresh.rows.filter((r) => bought.has(String(r[0])))).toEqual([]);
    expect(fresh.reading.metrics[0]).toBe(`New for customer ${buyer!.id}`);
    const missing = await assistant.answer('recommend for customer 99999999', local);
    expect(missing).toMatchObject({ kind: 'refusal', message: 'There is no customer 99999999.' });
  });

  it('answers "customers who bought X also bought" from the stored neighbours', async () => {
    const [pair] = await store.rows<{ title: string; neighbour: string }>(
      sql`select p.title, q.title as neighbour from item_similarities s join products p on p.id = s.product_id join products q on q.id = s.similar_product_id
          join product_stats st on st.product_id = p.id order by st.buyers desc, s.score desc limit 1`,
    );
    const answer = await table(`customers who bought ${pair!.title} also bought`);
    expect(answer.rows[0]![0]).toBe(pair!.neighbour);
    const unknown = await assistant.answer('customers who bought zzqx unicorn also bought', local);
    expect(unknown.kind).toBe('refusal');
  });
});
