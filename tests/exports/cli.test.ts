/**
 * `precis export` as an operator runs it, on a fresh embedded store. The operator acts as an
 * admin, but a request made at this machine is theirs: approving it needs another identity
 * (`--as` a Slack admin), never the same operator.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { runPrecis } from '../helpers/cli.ts';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, describe, expect, it } from 'vitest';

const dataDir = mkdtempSync(join(tmpdir(), 'precis-export-cli-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
const env = { PRECIS_DATA_DIR: dataDir, PRECIS_DEMO_CUSTOMERS: '200', PRECIS_LOG_LEVEL: 'error', PRECIS_MIN_GROUP_SIZE: '1' };
const operator = `local:${userInfo().username}`;

const run = (...args: string[]) => runPrecis(args, env);

describe('precis export', () => {
  it('requests, refuses the operator’s own approval, approves as another admin, and downloads the answer’s rows', async () => {
    expect((await run('role', 'grant', 'U0ADMIN01', 'admin')).code).toBe(0);
    const asked = JSON.parse((await run('ask', '--json', 'customers by gender')).out) as { rows: (string | number | null)[][] };

    const requested = await run('export', 'request', 'customers by gender', '--reason', 'gender mix');
    expect(requested.code).toBe(0);
    expect(requested.out).toBe(`Requested export #1: Customers · by Gender · all time (${asked.rows.length} rows). An admin other than you must approve it.\n`);

    const own = await run('export', 'approve', '1');
    expect(own).toMatchObject({ code: 1, out: '', err: 'You asked for export #1, so another admin must approve it.\n' });
    const notYet = await run('export', 'download', '1', '--out', join(dataDir, 'early.csv'));
    expect(notYet).toMatchObject({ code: 1, err: 'Export #1 is not approved yet.\n' });

    const approved = await run('export', 'approve', '1', '--as', 'U0ADMIN01');
    expect(approved.code).toBe(0);
    expect(approved.out).toContain(`Approved export #1; ${operator} can download it until`);

    const file = join(dataDir, 'gender.csv');
    expect(await run('export', 'download', '1', '--out', file)).toMatchObject({ code: 0, out: `Wrote export #1 to ${file}.\n` });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const rows = parse(readFileSync(file, 'utf8').slice(1)) as string[][];
    expect(rows).toEqual([['Gender', 'Customers'], ...asked.rows.map((r) => r.map((cell) => (cell === null ? '' : String(cell))))]);

    const list = await run('export', 'list');
    expect(list.out).toContain(`#1  delivered  answer  by ${operator}  ${asked.rows.length} rows`);
    expect(list.out).toContain('approved by U0ADMIN01');
    expect(list.out).toContain('reason: gender mix');
  });

  it('denies with a reason, and tells what is wrong with the command line', async () => {
    expect((await run('export', 'request', 'orders by platform', '--reason', 'channel plan')).code).toBe(0);
    expect(await run('export', 'deny', '2', '--as', 'U0ADMIN01')).toMatchObject({ code: 1, err: 'Say why you need the export: admins decide on the reason.\n' });
    expect(await run('export', 'deny', '2', '--as', 'U0ADMIN01', '--reason', 'not needed')).toMatchObject({ code: 0, out: 'Denied export #2.\n' });
    expect((await run('export', 'list')).out).toContain('denied by U0ADMIN01: not needed');
    expect((await run('export', 'request', 'orders by platform')).code).toBe(2);
    expect((await run('export', 'approve', 'x')).code).toBe(2);
    expect((await run('export', 'frobnicate')).code).toBe(2);
    expect(await run('export', 'approve', '99', '--as', 'U0ADMIN01')).toMatchObject({ code: 1, err: 'There is no export request #99.\n' });
  });
});
