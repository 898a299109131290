/**
 * `precis quality run|report` as an operator uses it: a fresh embedded store, planted defects;
 * `run` stores a run and prints it, `report` prints the latest run again without running.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { runPrecis } from '../helpers/cli.ts';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/db/client.ts';
import { migrate } from '../../src/db/migrate.ts';
import { plantDefects } from './fixture.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'precis-quality-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const run = (args: string[]) => runPrecis(args, { PRECIS_DATA_DIR: dataDir, PRECIS_LOG_LEVEL: 'error' });

async function runCount(): Promise<number> {
  const store = await openStore({ kind: 'pglite', dir: dataDir });
  const [row] = await store.rows<{ n: number }>(sql`select count(*)::int as n from quality_runs`);
  await store.close();
  return row!.n;
}

describe('precis quality', () => {
  beforeAll(async () => {
    const store = await openStore({ kind: 'pglite', dir: dataDir });
    await migrate(store);
    await plantDefects(store);
    await store.close();
  }, 60_000);

  it('says there is no run yet, and exits 1', async () => {
    const r = await run(['quality', 'report']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('No data-quality run yet: run `precis quality run`.');
  });

  it('runs the checks, stores the run and prints it; report prints the same without running', async () => {
    const ran = await run(['quality', 'run']);
    expect(ran.code).toBe(0);
    expect(ran.out).toMatch(/^Data quality: [\d.]+\/100 \(first run\) · /);
    expect(ran.out).toContain('[NEW] customers.country not a valid country code: 2 of 118 (1.69%), expected ≤ 0');
    expect(ran.out).not.toContain('zhang.wei');
    expect(await runCount()).toBe(1);

    const report = await run(['quality', 'report']);
    expect(report.out).toBe(ran.out);
    expect(await runCount()).toBe(1);
  }, 60_000);

  it('prints JSON with --json', async () => {
    const r = await run(['quality', 'report', '--json']);
    const json = JSON.parse(r.out);
    expect(json.checks.find((c: { id: string }) => c.id === 'orders.currency.allowed')).toMatchObject({ status: 'fail', violations: 2, considered: 51, new: true });
  });

  it('lists every check by dimension with --details, and names a run that does not exist', async () => {
    const r = await run(['quality', 'report', '--details', '--run', '1']);
    expect(r.code).toBe(0);
    const lines = r.out.trimEnd().split('\n');
    expect(lines).toContain('Completeness 80');
    expect(lines).toContain('  ✓ customers.city missing: 3 of 120 (2.5%) (≤ 20%)');
    expect(lines).toContain('  ✗ orders.currency outside its allowed values: 2 of 51 (3.92%) (≤ 0)');
    expect(lines.filter((l) => /^ {2}[✓✗–] /.test(l))).toHaveLength(34);
    const missing = await run(['quality', 'report', '--run', '99']);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('There is no data-quality run #99.');
  });

  it('refuses an unknown subcommand with the usage, exit 2', async () => {
    const r = await run(['quality', 'fix']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('precis quality run [--json] | precis quality report [--run <id>] [--details] [--json]');
  });
});
