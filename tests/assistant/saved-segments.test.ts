/**
 * Custom segments: "save this as <name>" keeps the thread's filters under a name; the name then
 * works in any question, in both languages, exactly as if the filters had been asked for.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createAssistant, type Assistant } from '../../src/assistant/answer.ts';
import type { Answer } from '../../src/assistant/types.ts';
import { cleanSegmentName, expandSavedSegments } from '../../src/analytics/saved-segments.ts';
import type { Store } from '../../src/db/client.ts';
import { roles } from '../../src/db/schema/index.ts';
import { loadDemo } from '../../src/demo/load.ts';
import { createLogger } from '../../src/log.ts';
import { describeEachStore } from '../helpers/stores.ts';
import { testCipher } from '../helpers/keys.ts';
import { testNow } from '../helpers/lexicon.ts';
import { testConfig } from '../helpers/config.ts';
import { q } from '../helpers/query.ts';

const local = { id: 'local:tester', local: true };
const rows = (a: Answer) => (a.kind === 'table' ? a.rows : `not a table: ${JSON.stringify(a)}`);

it('expands a saved name in a segment filter and leaves RFM segments alone', () => {
  const saved = [{ name: 'Shanghai skincare', filters: [{ dimension: 'city' as const, values: ['Shanghai'] }, { dimension: 'category' as const, values: ['Skincare'] }] }];
  const { query, used } = expandSavedSegments(q({ intent: 'metric', metrics: ['revenue'], filters: [{ dimension: 'segment', values: ['champions', 'shanghai SKINCARE'] }] }), saved);
  expect(used.map((s) => s.name)).toEqual(['Shanghai skincare']);
  expect(query.filters).toEqual([{ dimension: 'segment', values: ['champions'] }, ...saved[0]!.filters]);
  expect(() => cleanSegmentName('x')).toThrow(/2 to 60/);
  expect(() => cleanSegmentName('champions')).toThrow(/RFM segment/);
  expect(cleanSegmentName(' “上海护肤客户” ')).toBe('上海护肤客户');
});

describeEachStore('saved segments', (kind) => {
  let store: Store;
  let drop: () => Promise<void>;
  let assistant: Assistant;

  beforeAll(async () => {
    ({ store, drop } = await kind.open());
    await loadDemo(store, testCipher, { customers: 300, seed: 11, until: testNow });
    assistant = createAssistant({ store, config: testConfig, log: createLogger('silent'), clock: () => testNow });
    await store.db.insert(roles).values({ userId: 'UVIEWER1', role: 'viewer', grantedBy: 'local:test' });
  }, 120_000);
  afterAll(() => drop());

  it('saves the thread’s filters under a name and answers with them by that name', async () => {
    const thread = { threadId: 'T-save-1' };
    expect((await assistant.answer('revenue of skincare in Shanghai last year', local, thread)).kind).toBe('table');
    const saved = await assistant.answer('save this as 上海护肤客户', local, thread);
    expect(saved).toMatchObject({ kind: 'notice' });
    expect(saved.kind === 'notice' && saved.message).toContain('上海护肤客户');

    const direct = await assistant.answer('orders of skincare in Shanghai in 2025', local);
    const byName = await assistant.answer('上海护肤客户2025年的订单数', local);
    expect(rows(byName)).toEqual(rows(direct));
    expect(byName.kind === 'table' && byName.notes.join(' ')).toContain('上海护肤客户');
    expect(byName.kind === 'table' && byName.query?.filters).toEqual([{ dimension: 'segment', values: ['上海护肤客户'] }]);

    // Summarized like an RFM segment, and compared with one.
    const [members] = await store.rows<{ n: unknown }>(sql`select count(distinct f.customer_id) as n from customer_features f
      join orders o on o.customer_id = f.customer_id and o.status = 'paid' join order_items oi on oi.order_id = o.id
      join products p on p.id = oi.product_id join categories c on c.id = p.category_id left join categories parent on parent.id = c.parent_id
      join customers cu on cu.id = f.customer_id
      where cu.city = 'Shanghai' and (c.name = 'Skincare' or parent.name = 'Skincare')`);
    const summary = await assistant.answer('summarize 上海护肤客户', local);
    if (summary.kind !== 'table') throw new Error(JSON.stringify(summary));
    expect(summary.rows[0]![0]).toBe('上海护肤客户');
    expect(summary.rows[0]![1]).toBe(Number(members!.n));
    expect(summary.notes.join(' ')).toMatch(/上海护肤客户.*Skincare/);
    const compared = await assistant.answer('compare 上海护肤客户 and champions', local);
    expect(compared.kind === 'table' && compared.rows.map((r) => r[0])).toEqual(['上海护肤客户', '重要价值客户']);
  });

  it('refuses to save with nothing asked before, and viewers may not save', async () => {
    const nothing = await assistant.answer('save this as Lonely segment', local, { threadId: 'T-empty' });
    expect(nothing).toMatchObject({ kind: 'refusal' });
    expect(nothing.kind === 'refusal' && nothing.message).toMatch(/Ask a question about a group of customers first/);
    await assistant.answer('revenue in Beijing', { id: 'UVIEWER1', local: false }, { threadId: 'T-viewer' });
    const viewer = await assistant.answer('save this as Beijing people', { id: 'UVIEWER1', local: false }, { threadId: 'T-viewer' });
    expect(viewer).toMatchObject({ kind: 'refusal', code: 'role_forbids' });
  });
});
