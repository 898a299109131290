/**
 * Problem: roles outlive their reason (a contractor leaves, an expiry passes) and nobody notices.
 * Required behaviour: the monthly review lists every role with who granted it, when, its expiry
 * and its holder's last use, and flags expired, never used and unused-for-30-days roles; a run
 * reports "changed" only when the list itself changed since the previous run, and is audited.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { runPrecis } from '../helpers/cli.ts';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Store } from '../../src/db/client.ts';
import { runAccessReview } from '../../src/governance/access-review.ts';
import { recordAudit, searchAudit } from '../../src/privacy/audit.ts';
import { grantRole } from '../../src/privacy/roles.ts';
import type { ReportContext } from '../../src/reports/types.ts';
import { testCipher } from '../helpers/keys.ts';
import { describeEachStore } from '../helpers/stores.ts';

const operator = { id: 'local:tester', local: true };
const now = new Date('2026-11-29T03:00:00Z');
const daysAgo = (n: number) => new Date(now.getTime() - n * 86_400_000);

describeEachStore('access review', (kind) => {
  let store: Store;
  let drop: () => Promise<void>;
  const ctx = (lang: 'en' | 'zh' = 'en'): ReportContext => ({ store, cipher: testCipher, now, lang, timeZone: 'Asia/Shanghai' });

  beforeAll(async () => {
    ({ store, drop } = await kind.open());
    await grantRole(store, operator, 'U0ACTIVE', 'marketer', null, daysAgo(90));
    await grantRole(store, operator, 'U0IDLE', 'manager', null, daysAgo(90));
    await grantRole(store, operator, 'U0NEVER', 'viewer', new Date('2027-01-31T23:59:59Z'), daysAgo(5));
    await grantRole(store, operator, 'U0GONE', 'admin', daysAgo(1), daysAgo(60));
    const used = (actor: string, at: Date) => recordAudit(store, { actor, action: 'question', detail: { outcome: 'answered' } }, at);
    await used('U0ACTIVE', daysAgo(40));
    await used('U0ACTIVE', daysAgo(2));
    await used('U0IDLE', daysAgo(30));
    await used('U0GONE', daysAgo(10));
  });
  afterAll(() => drop());

  it('lists who has what, granted by whom and when, with expiry, last use and flags', async () => {
    const { entries, report } = await runAccessReview(ctx(), 'local:tester');
    expect(entries.map((e) => ({ user: e.userId, role: e.role, by: e.grantedBy, lastUsed: e.lastUsed?.toISOString() ?? null, flags: e.flags }))).toEqual([
      { user: 'U0ACTIVE', role: 'marketer', by: 'local:tester', lastUsed: daysAgo(2).toISOString(), flags: [] },
      { user: 'U0GONE', role: 'admin', by: 'local:tester', lastUsed: daysAgo(10).toISOString(), flags: ['expired'] },
      { user: 'U0IDLE', role: 'manager', by: 'local:tester', lastUsed: daysAgo(30).toISOString(), flags: ['unused'] },
      { user: 'U0NEVER', role: 'viewer', by: 'local:tester', lastUsed: null, flags: ['never_used'] },
    ]);
    // The anchor is the run's own audit entry, the newest in the log.
    const [head] = await store.rows<{ id: unknown; hash: string }>(sql`select id, hash from audit_log order by id desc limit 1`);
    const anchor = `${Number(head!.id)}:${head!.hash.slice(0, 32)}`;
    expect(report.text).toBe(
      [
        'Access review · 2026-11-29',
        '4 people have a role (viewer 1, marketer 1, manager 1, admin 1); 3 need a look.',
        'U0ACTIVE · marketer · granted by local:tester on 2026-08-31 · no expiry · last used 2026-11-27',
        'U0GONE · admin · granted by local:tester on 2026-09-30 · expires 2026-11-28 · last used 2026-11-19 · ⚠ expired',
        'U0IDLE · manager · granted by local:tester on 2026-08-31 · no expiry · last used 2026-10-30 · ⚠ unused for 30+ days',
        'U0NEVER · viewer · granted by local:tester on 2026-11-24 · expires 2027-01-31 · ⚠ never used',
        `Audit log anchor, to keep: \`${anchor}\` (check later with \`precis audit verify --anchor ${anchor}\`).`,
      ].join('\n'),
    );
    expect(report.failing).toBe(true);
    // Slack mentions show people's names without the report holding them.
    expect(JSON.stringify(report.blocks)).toContain('<@U0IDLE> · manager');
  });

  it('is audited, and is unchanged on a second run until a role changes', async () => {
    const second = await runAccessReview(ctx(), 'precis:access_review');
    expect(second.report.changed).toBe(false);
    await grantRole(store, operator, 'U0NEWCOMER', 'viewer', null, now);
    const third = await runAccessReview(ctx('zh'), 'precis:access_review');
    expect(third.report.changed).toBe(true);
    expect(third.report.text.split('\n')[0]).toBe('权限审查 · 2026-11-29');
    const runs = await searchAudit(store, { action: 'access_review', limit: 10 });
    expect(runs.map((r) => [r.actor, (r.detail as { people: number }).people])).toEqual([
      ['precis:access_review', 5],
      ['precis:access_review', 4],
      ['local:tester', 4],
    ]);
  });
});

it('precis access review --json prints the review for a local operator', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'precis-access-'));
  const run = (args: string[]) => runPrecis(args, { PRECIS_DATA_DIR: dataDir, PRECIS_LOG_LEVEL: 'silent' });
  try {
    expect((await run(['role', 'grant', 'U0CLI', 'marketer', '--expires', '2099-01-31'])).code).toBe(0);
    const { code, out } = await run(['access', 'review', '--json']);
    expect(code).toBe(0);
    const review = JSON.parse(out) as { entries: { userId: string; role: string; expiresAt: string; flags: string[] }[]; flagged: number };
    expect(review.entries.map(({ userId, role, expiresAt, flags }) => ({ userId, role, expiresAt, flags }))).toEqual([
      { userId: 'U0CLI', role: 'marketer', expiresAt: '2099-01-31T23:59:59.000Z', flags: ['never_used'] },
    ]);
    expect(review.flagged).toBe(1);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}, 60_000);
