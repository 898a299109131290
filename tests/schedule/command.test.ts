/**
 * `precis schedule …` as an operator runs it, in-process on a fresh embedded store (each command
 * opens the store, as the real command does, so this file keeps to a few commands). `run` posts
 * the real data-quality report to Slack's Web API, mocked by msw.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { runPrecis } from '../helpers/cli.ts';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeSlack } from '../slack/helpers.ts';

const API = 'https://slack.test/api/';
const dataDir = mkdtempSync(join(tmpdir(), 'precis-schedule-'));
const slack = fakeSlack(API);
const server = setupServer(...slack.handlers);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => {
  server.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const precis = (args: string[], env: Record<string, string> = {}) =>
  runPrecis(args, { PRECIS_DATA_DIR: dataDir, PRECIS_LOG_LEVEL: 'error', PRECIS_TIMEZONE: 'Asia/Shanghai', ...env });

describe('precis schedule', () => {
  it('adds a schedule and lists it', async () => {
    const added = await precis(['schedule', 'add', '0 9 * * 1', 'C012AB3CD', 'quality', '--gate']);
    expect(added).toMatchObject({ code: 0, out: 'Added: 1  "0 9 * * 1" Asia/Shanghai  C012AB3CD  quality  [gated]  not run yet\n' });
    const listed = await precis(['schedule', 'list']);
    expect(listed).toMatchObject({ code: 0, out: '1  "0 9 * * 1" Asia/Shanghai  C012AB3CD  quality  [gated]  not run yet\n' });
  });

  it('refuses a bad expression with exit code 2 and says which field is wrong', async () => {
    const r = await precis(['schedule', 'add', '0 9 * * 8', 'C012AB3CD', 'quality']);
    expect(r).toMatchObject({ code: 2, out: '' });
    expect(r.err).toBe('"0 9 * * 8" is not a cron expression (8 is a invalid expression for week day), e.g. "0 9 * * 1" is Mondays at 09:00.\n');
  });

  it('posts the report now with run, ignoring the gate, and shows it as the last run', async () => {
    const noSlack = await precis(['schedule', 'run', '1']);
    expect(noSlack.code).toBe(2);
    expect(noSlack.err).toContain('precis schedule run posts to Slack: set SLACK_BOT_TOKEN');

    const run = await precis(['schedule', 'run', '1'], { SLACK_BOT_TOKEN: 'xoxb-test-token', SLACK_SIGNING_SECRET: 'abcdef0123456789abcdef0123456789', SLACK_API_URL: API });
    const post = slack.calls.find((c) => c.method === 'chat.postMessage' && c.body.channel === 'C012AB3CD');
    expect(run).toMatchObject({ code: 0, out: `Schedule 1: posted (message ${post?.response.ts}).\n` });
    expect(post?.body.text).toMatch(/^Data quality: \d+\/100/);
    const listed = await precis(['schedule', 'list']);
    expect(listed.out).toMatch(/^1 {2}"0 9 \* \* 1" Asia\/Shanghai {2}C012AB3CD {2}quality {2}\[gated\] {2}last: posted \d{4}-\d\d-\d\d \d\d:\d\d \(manual\)\n$/);
  });
});
