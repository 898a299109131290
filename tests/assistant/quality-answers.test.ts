/**
 * Data quality in answers: "data quality today?" gets the same report the schedule posts (reusing
 * a recent run), and figures drawn from tables with failing checks say so.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createAssistant, type Assistant } from '../../src/assistant/answer.ts';
import type { Store } from '../../src/db/client.ts';
import { roles } from '../../src/db/schema/index.ts';
import { loadDemo } from '../../src/demo/load.ts';
import { createLogger } from '../../src/log.ts';
import { describeEachStore } from '../helpers/stores.ts';
import { testCipher } from '../helpers/keys.ts';
import { testNow } from '../helpers/lexicon.ts';
import { testConfig } from '../helpers/config.ts';

const local = { id: 'local:tester', local: true };
const runs = async (store: Store) => Number((await store.rows<{ n: unknown }>(sql`select count(*) as n from quality_runs`))[0]!.n);

describeEachStore('quality in answers', (kind) => {
  let store: Store;
  let drop: () => Promise<void>;
  let assistant: Assistant;

  beforeAll(async () => {
    ({ store, drop } = await kind.open());
    await loadDemo(store, testCipher, { customers: 300, seed: 5, until: testNow });
    assistant = createAssistant({ store, config: testConfig, log: createLogger('silent'), clock: () => testNow });
    await store.db.insert(roles).values({ userId: 'UVIEWER1', role: 'viewer', grantedBy: 'local:test' });
  }, 120_000);
  afterAll(() => drop());

  it('answers "data quality today?" with the report, running the checks only when no recent run exists', async () => {
    const before = await assistant.answer('revenue by platform', local);
    expect(before.kind === 'table' && before.notes.join(' ')).not.toMatch(/quality checks failing/);

    const first = await assistant.answer('data quality today?', local);
    expect(first.kind).toBe('report');
    expect(await runs(store)).toBe(1);
    const again = await assistant.answer('数据质量怎么样', local);
    expect(again.kind === 'report' && again.report.text).toMatch(/\p{Script=Han}/u);
    expect(await runs(store)).toBe(1);
    expect((await assistant.answer('data quality today?', { id: 'UVIEWER1', local: false })).kind).toBe('refusal');
  });

  it('flags figures whose tables have failing checks, and only those', async () => {
    const failingTables = (await store.rows<{ table_name: string }>(
      sql`select distinct split_part(check_id, '.', 1) as table_name from quality_results where status = 'fail' and run_id = (select max(id) from quality_runs)`,
    )).map((r) => r.table_name);
    const flagged = async (question: string) => {
      const answer = await assistant.answer(question, local);
      return answer.kind === 'table' && answer.notes.some((n) => n.startsWith('Data-quality checks failing'));
    };
    // The demo shop's products lack some categories, so a sales figure must be flagged…
    expect(failingTables).toContain('products');
    expect(await flagged('revenue by platform')).toBe(true);
    // …and a count of customers only when a check on customers fails.
    expect(await flagged('how many customers do we have?')).toBe(['customers', 'ingest_batches'].some((t) => failingTables.includes(t)));
  });
});
