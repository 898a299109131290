/**
 * The `precis` command as a user runs it: a fresh data folder, no configuration. The first
 * command prepares the embedded store by itself; answers go to stdout, problems to stderr with
 * a non-zero exit code.
 */
import { execFile } from 'node:child_process';
import { runPrecis } from './helpers/cli.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../src/db/client.ts';
import { generateDataKey } from '../src/privacy/crypto.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'precis-cli-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

let customerCount = 0;
const baseEnv = { PRECIS_DATA_DIR: dataDir, PRECIS_DEMO_CUSTOMERS: '200', PRECIS_LOG_LEVEL: 'error' };

const run = (args: string[], env: Record<string, string> = {}) => runPrecis(args, { ...baseEnv, ...env });

describe('precis (the command)', () => {
  it('prepares the embedded store on first use and answers as JSON with what SELECT count(*) says', async () => {
    const first = await run(['ask', '--json', 'how many customers do we have?']);
    expect(first.err).toContain('Generated a data key');
    expect(first.code).toBe(0);
    const store = await openStore({ kind: 'pglite', dir: dataDir });
    const [{ n }] = (await store.rows(sql`select count(*)::int as n from customers`)) as [{ n: number }];
    await store.close();
    expect(n).toBeGreaterThan(190);
    const json = JSON.parse(first.out);
    expect(json.columns).toEqual(['customers']);
    expect(json.rows).toEqual([[n]]);
    expect(json.query).toMatchObject({ intent: 'metric', metrics: ['customers'] });
    expect(json.text).toContain(`Customers: ${n}`);
    customerCount = n;

    const second = await run(['ask', 'how many customers do we have?']);
    expect(second.err).not.toContain('Generated a data key');
    expect(second.out).toContain(`Customers: ${n}`);
  });

  it('says it did not understand on stderr and exits 1', async () => {
    const r = await run(['ask', 'what is love?']);
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toContain("I didn't understand that question yet");
  });

  it('refuses a Slack user without a role', async () => {
    const r = await run(['ask', '--as', 'U0NOBODY1', 'how many customers']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('You do not have access to Precis yet');
  });

  it('explains wrong usage and exits 2', async () => {
    expect(await run(['ask'])).toMatchObject({ code: 2, err: expect.stringContaining('precis ask needs a question') });
    expect(await run(['demo', 'load', '--customers', 'lots'])).toMatchObject({ code: 2 });
    expect(await run(['ask', '--as', 'bob', 'how many customers'])).toMatchObject({ code: 2, err: expect.stringContaining('Slack user id') });
    expect(await run(['frobnicate'])).toMatchObject({ code: 2, err: expect.stringContaining('Unknown command') });
  });

  it('lists every invalid environment variable at once', async () => {
    const r = await run(['ask', 'how many customers'], { PRECIS_TIMEZONE: 'Mars/Olympus', PRECIS_ROW_CAP: '-3' });
    expect(r.code).toBe(2);
    expect(r.err).toContain('PRECIS_TIMEZONE');
    expect(r.err).toContain('PRECIS_ROW_CAP');
  });

  it('refuses to open a store with a different data key', async () => {
    const r = await run(['ask', 'how many customers'], { PRECIS_DATA_KEY: generateDataKey() });
    expect(r.code).toBe(1);
    expect(r.err).toContain('encrypted with a different data key');
  });

  it('works as an installed binary', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['bin/precis.js', 'ask', '--json', '我们有多少客户'], {
      env: { ...process.env, ...baseEnv, DATABASE_URL: '' },
    });
    expect(JSON.parse(stdout).rows).toEqual([[customerCount]]);
  });
});
