/**
 * The backup drill as a scheduled report: it says in the reader's language whether every table
 * came back equal, is "changed" only when the outcome differs from the previous drill, and is
 * "failing" when a drill cannot even run, with the reason.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Store } from '../../src/db/client.ts';
import { backupDrillReport } from '../../src/governance/backup-report.ts';
import { describeEachStore } from '../helpers/stores.ts';
import { testCipher } from '../helpers/keys.ts';

describeEachStore('backup drill report', (kind) => {
  let store: Store;
  let drop: () => Promise<void>;
  beforeAll(async () => ({ store, drop } = await kind.open()));
  afterAll(() => drop());
  const ctx = (lang: 'en' | 'zh') => ({ store, cipher: testCipher, now: new Date('2026-11-29T01:00:00Z'), lang, timeZone: 'Asia/Shanghai' });

  it('reports every table equal, and is news only the first time', async () => {
    await store.rows(sql`insert into customers (city) values ('Suzhou')`);
    const first = await backupDrillReport(ctx('en'));
    const [row] = await store.rows<{ n: number }>(sql`select count(*)::int as n from pg_tables where schemaname in ('public', 'drizzle')`);
    expect(first).toMatchObject({ title: 'Backup drill · 2026-11-29', changed: true, failing: false });
    expect(first.text).toContain(`all ${row!.n} tables have the same rows and checksums as the live store`);
    expect(first.text).toMatch(/^customers\s+1\s+1\s+ok$/m);
    expect(first.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: 'Backup drill · 2026-11-29' } });
    const second = await backupDrillReport(ctx('zh'));
    expect(second).toMatchObject({ title: '备份演练 · 2026-11-29', changed: false, failing: false });
  });

  it('fails with its reason when the drill cannot run', async () => {
    // A store that is gone: whatever the cause, the report must say the drill did not run.
    const gone = await kind.open();
    await gone.drop();
    const report = await backupDrillReport({ ...ctx('en'), store: gone.store });
    expect(report).toMatchObject({ title: 'Backup drill · 2026-11-29', failing: true, changed: true });
    expect(report.text).toMatch(/^Backup drill · 2026-11-29\nThe backup drill could not run: Something went wrong on our side \(reference [0-9a-f]{8}\)/);
  });
});
