/**
 * Scheduled reports, run the way production runs them: the real scheduler and the real
 * @slack/web-api client against Slack's Web API mocked by msw (every call recorded), on PGlite
 * and on PostgreSQL. Ticks are driven by calling `tick` with an explicit tick time, never by
 * waiting on the clock.
 *
 * Problem: several replicas run the same schedules; each one's node-cron fires every tick.
 * Required behaviour: one post per schedule per tick, whatever the number of schedulers. On
 * PostgreSQL the two schedulers have separate connection pools to one database, as two replicas
 * would; PGlite is one in-process database, so there the honest equivalent is two schedulers
 * sharing one Store.
 */
import { WebClient } from '@slack/web-api';
import { setupServer } from 'msw/node';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/db/client.ts';
import { auditLog, roles, scheduleRuns } from '../../src/db/schema/index.ts';
import { createLogger } from '../../src/log.ts';
import type { ProduceReport, ReportOutput } from '../../src/reports/types.ts';
import { createScheduler, type Scheduler, type SchedulerDeps } from '../../src/schedule/scheduler.ts';
import { addSchedule, setPaused, removeSchedule } from '../../src/schedule/store.ts';
import { loadDemo } from '../../src/demo/load.ts';
import { testCipher } from '../helpers/keys.ts';
import { testNow } from '../helpers/lexicon.ts';
import { describeEachStore } from '../helpers/stores.ts';
import { fakeSlack, type ApiCall } from '../slack/helpers.ts';

const API = 'https://slack.test/api/';
const ADMIN = 'U0ADMIN01';
const SECOND_ADMIN = 'U0ADMIN02';
const operator = { id: 'local:ops', local: true };
/** Mondays 09:00 in Shanghai are Mondays 01:00 UTC. */
const WEEKLY = '0 9 * * 1';
const monday = (day: number, extraMs = 0) => new Date(Date.UTC(2026, 10, day, 1, 0, 0) + extraMs);

/** What the test-only report says about itself; each test sets it. */
const report = { changed: true, failing: false, chart: false, throws: false };

const testReport: ProduceReport = async (ctx) => {
  if (report.throws) throw new Error('the report could not be computed');
  const output: ReportOutput = {
    title: 'Test report',
    text: `Test report at ${ctx.now.toISOString()} in ${ctx.timeZone}`,
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: `*Test report* (${ctx.lang})` } }],
    changed: report.changed,
    failing: report.failing,
  };
  return report.chart ? { ...output, chart: { png: Buffer.from('fake png bytes'), filename: 'test.png', alt: 'A test chart' } } : output;
};

let channelSerial = 0;
/** A channel of its own per test, so counting posts to it counts only that test's. */
const newChannel = () => `C0TEST${String(++channelSerial).padStart(4, '0')}`;

describeEachStore('scheduler', (kind) => {
  const slack = fakeSlack(API);
  const server = setupServer(...slack.handlers);
  let store: Store;
  let otherStore: Store;
  let drop: () => Promise<void>;
  const logs: string[] = [];
  const waits: number[] = [];
  let clockNow = monday(30);

  const deps = (s: Store): SchedulerDeps => ({
    store: s,
    cipher: testCipher,
    // Retries off in the client: the scheduler's own retries are what is under test.
    client: new WebClient('xoxb-test-token', { slackApiUrl: API, retryConfig: { retries: 0 }, fetch: (input, init) => globalThis.fetch(input, init) }),
    log: createLogger('info', (line) => logs.push(line)),
    clock: () => clockNow,
    producers: { quality: testReport },
    retry: { delaysMs: [1_000, 5_000], sleep: async (ms) => void waits.push(ms) },
  });
  let a: Scheduler;
  let b: Scheduler;

  const postsTo = (channel: string) => slack.calls.filter((c) => c.method === 'chat.postMessage' && c.body.channel === channel && c.status === 200 && c.response.ok === true);
  const runsOf = (id: number) => store.db.select().from(scheduleRuns).where(eq(scheduleRuns.scheduleId, id)).orderBy(scheduleRuns.tickAt);
  const add = (channel: string, options: { gate?: boolean; cron?: string } = {}) =>
    addSchedule(store, operator, { cron: options.cron ?? WEEKLY, channel, kind: 'quality', timeZone: 'Asia/Shanghai', lang: 'en', gate: options.gate ?? false }, monday(2));

  beforeAll(async () => {
    server.listen({ onUnhandledRequest: 'error' });
    const opened = await kind.open();
    ({ store, drop } = opened);
    otherStore = opened.url ? await openStore({ kind: 'postgres', url: opened.url }) : store;
    await store.db.insert(roles).values([
      { userId: ADMIN, role: 'admin', grantedBy: 'test' },
      { userId: SECOND_ADMIN, role: 'admin', grantedBy: 'test' },
      { userId: 'U0EXPIRED', role: 'admin', grantedBy: 'test', expiresAt: new Date('2026-01-01T00:00:00Z') },
      { userId: 'U0MARKETER', role: 'marketer', grantedBy: 'test' },
    ]);
    a = createScheduler(deps(store));
    b = createScheduler(deps(otherStore));
  });

  beforeEach(() => {
    Object.assign(report, { changed: true, failing: false, chart: false, throws: false });
    waits.length = 0;
    clockNow = monday(30);
  });

  afterAll(async () => {
    server.close();
    if (otherStore !== store) await otherStore.close();
    await drop();
  });

  it('posts each tick exactly once when two schedulers on one database both fire it', async () => {
    const channel = newChannel();
    const { id } = await add(channel);
    for (const day of [9, 16, 23]) {
      // Two replicas' timers fire within the same minute, a few hundred milliseconds apart.
      const results = await Promise.all([a.tick(id, monday(day)), b.tick(id, monday(day, 350))]);
      expect(results.map((r) => r.status).sort()).toEqual(['posted', 'taken']);
    }
    const posts = postsTo(channel);
    expect(posts).toHaveLength(3);
    expect(posts.map((p) => p.body.text)).toEqual([9, 16, 23].map(() => `Test report at ${clockNow.toISOString()} in Asia/Shanghai`));
    const runs = await runsOf(id);
    expect(runs.map((r) => [r.tickAt.toISOString(), r.trigger, r.status, r.attempts])).toEqual([
      ['2026-11-09T01:00:00.000Z', 'cron', 'posted', 1],
      ['2026-11-16T01:00:00.000Z', 'cron', 'posted', 1],
      ['2026-11-23T01:00:00.000Z', 'cron', 'posted', 1],
    ]);
    expect(runs.map((r) => r.messageTs)).toEqual(posts.map((p) => p.response.ts));
  });

  it('does not post a tick again when a late replica fires it after the first one finished', async () => {
    const channel = newChannel();
    const { id } = await add(channel);
    expect((await a.tick(id, monday(23))).status).toBe('posted');
    expect((await b.tick(id, monday(23, 59_000))).status).toBe('taken');
    expect(postsTo(channel)).toHaveLength(1);
  });

  it('with the gate, posts only when something changed or a check fails', async () => {
    const channel = newChannel();
    const { id } = await add(channel, { gate: true });
    Object.assign(report, { changed: false, failing: false });
    expect((await a.tick(id, monday(9))).status).toBe('gated');
    Object.assign(report, { changed: false, failing: true });
    expect((await a.tick(id, monday(16))).status).toBe('posted');
    Object.assign(report, { changed: true, failing: false });
    expect((await b.tick(id, monday(23))).status).toBe('posted');
    expect(postsTo(channel)).toHaveLength(2);
    expect((await runsOf(id)).map((r) => r.status)).toEqual(['gated', 'posted', 'posted']);

    // An admin asking for the report now gets it, gate or not.
    Object.assign(report, { changed: false, failing: false });
    expect((await a.runNow(operator, id)).status).toBe('posted');
    expect(postsTo(channel)).toHaveLength(3);
  });

  it('without the gate, posts even when nothing changed', async () => {
    const channel = newChannel();
    const { id } = await add(channel);
    Object.assign(report, { changed: false, failing: false });
    expect((await a.tick(id, monday(9))).status).toBe('posted');
    expect(postsTo(channel)).toHaveLength(1);
  });

  it('notes the runs missed while no scheduler ran, once, in the schedule’s channel', async () => {
    const channel = newChannel();
    const { id } = await add(channel);
    await a.tick(id, monday(9));
    const paused = await add(newChannel());
    await setPaused(store, operator, paused.id, true, monday(3));
    // Both replicas come back on Wednesday 25 November: the 16th and the 23rd were not posted.
    clockNow = new Date('2026-11-25T03:00:00Z');
    await Promise.all([a.noteMissed(), b.noteMissed()]);
    const notices = postsTo(channel).filter((p) => String(p.body.text).includes('was due'));
    expect(notices.map((p) => p.body.text)).toEqual([
      'The data-quality report (schedule ' +
        id +
        ') was due 2 time(s) while Precis was not running, from 2026-11-16 09:00 to 2026-11-23 09:00 (Asia/Shanghai), and was not posted. The next one comes on time; an admin can post one now with `precis schedule run ' +
        id +
        '`.',
    ]);
    const [missed] = (await runsOf(id)).filter((r) => r.trigger === 'missed');
    expect(missed).toMatchObject({ status: 'missed', attempts: 2, tickAt: monday(23), missedFrom: monday(16) });
    // A paused schedule owes nothing; a second start notes nothing new.
    expect(slack.calls.filter((c) => c.body.channel === paused.channel)).toHaveLength(0);
    expect(await a.noteMissed()).toBe(0);
  });

  it('closes a run that a stopped replica left running, so the list shows it failed', async () => {
    const channel = newChannel();
    const { id } = await add(channel);
    await store.db.insert(scheduleRuns).values({ scheduleId: id, tickAt: monday(23), trigger: 'cron', status: 'running', startedAt: monday(23) });
    clockNow = new Date('2026-11-23T01:20:00Z');
    await a.noteMissed();
    expect((await runsOf(id)).map((r) => [r.status, r.error])).toEqual([['running', null]]);
    clockNow = new Date('2026-11-23T01:45:00Z');
    await a.noteMissed();
    expect((await runsOf(id)).map((r) => [r.status, r.error])).toEqual([['failed', 'interrupted']]);
    expect(postsTo(channel)).toHaveLength(0);
  });

  it('owes nothing for the ticks a schedule slept through while paused', async () => {
    const channel = newChannel();
    const { id } = await add(channel);
    await setPaused(store, operator, id, true, monday(3));
    await setPaused(store, operator, id, false, new Date('2026-11-24T00:00:00Z'));
    clockNow = new Date('2026-11-25T03:00:00Z');
    await a.noteMissed();
    expect(postsTo(channel)).toHaveLength(0);
    clockNow = new Date('2026-12-01T03:00:00Z');
    await a.noteMissed();
    expect(postsTo(channel).map((p) => String(p.body.text).split(',')[0])).toEqual([`The data-quality report (schedule ${id}) was due 1 time(s) while Precis was not running`]);
  });

  it('retries a failed post with backoff, then tells every admin by direct message', async () => {
    const channel = newChannel();
    const { id } = await add(channel);
    for (let i = 0; i < 3; i += 1) slack.failNext('chat.postMessage', 500, {}, { ok: false, error: 'internal_error' });
    const result = await a.tick(id, monday(23));
    expect(result).toEqual({ status: 'failed', attempts: 3 });
    expect(waits).toEqual([1_000, 5_000]);
    const [run] = await runsOf(id);
    expect(run).toMatchObject({ status: 'failed', attempts: 3, messageTs: null });
    const opened = slack.calls.filter((c) => c.method === 'conversations.open').map((c) => c.body.users);
    expect(opened).toEqual(expect.arrayContaining([ADMIN, SECOND_ADMIN]));
    expect(opened).not.toContain('U0EXPIRED');
    expect(opened).not.toContain('U0MARKETER');
    const dms = slack.calls.filter((c) => c.method === 'chat.postMessage' && String(c.body.channel).startsWith('D0ADMIN'));
    expect(dms.map((c) => c.body.channel).sort()).toEqual(['D0ADMIN01', 'D0ADMIN02']);
    expect(dms[0]?.body.text).toMatch(new RegExp(`^The data-quality report \\(schedule ${id}\\) could not be posted to <#${channel}> after 3 attempt\\(s\\): `));
    slack.calls.length = 0;
  });

  it('posts on a retry when Slack recovers, and tells no one', async () => {
    const channel = newChannel();
    const { id } = await add(channel);
    slack.failNext('chat.postMessage', 500, {}, { ok: false, error: 'internal_error' });
    expect(await a.tick(id, monday(23))).toMatchObject({ status: 'posted', attempts: 2 });
    expect(waits).toEqual([1_000]);
    expect(postsTo(channel)).toHaveLength(1);
    expect(slack.calls.filter((c) => c.method === 'conversations.open')).toHaveLength(0);
  });

  it('does not retry what another attempt cannot fix (not in the channel), and tells the admins', async () => {
    const channel = newChannel();
    const { id } = await add(channel);
    slack.failNext('chat.postMessage', 200, {}, { ok: false, error: 'not_in_channel' });
    expect(await a.tick(id, monday(23))).toEqual({ status: 'failed', attempts: 1 });
    expect(waits).toEqual([]);
    const [run] = await runsOf(id);
    expect(run?.error).toBe('not_in_channel');
    const dm = slack.calls.find((c) => c.method === 'chat.postMessage' && c.body.channel === 'D0ADMIN01');
    expect(dm?.body.text).toContain(`after 1 attempt(s): not_in_channel. Check that Precis is in that channel`);
    slack.calls.length = 0;
  });

  it('tells the admins, and posts nothing, when the report itself fails', async () => {
    const channel = newChannel();
    const { id } = await add(channel);
    report.throws = true;
    expect(await a.tick(id, monday(23))).toEqual({ status: 'failed', attempts: 0 });
    expect(postsTo(channel)).toHaveLength(0);
    const dm = slack.calls.find((c) => c.method === 'chat.postMessage' && c.body.channel === 'D0ADMIN01');
    expect(dm?.body.text).toMatch(new RegExp(`^The data-quality report \\(schedule ${id}\\) for <#${channel}> could not be written \\(reference [0-9a-f]{8}\\)`));
    expect(logs.some((l) => l.includes('schedule_report_failed'))).toBe(true);
    slack.calls.length = 0;
  });

  it('attaches the report’s chart in the report’s thread', async () => {
    const channel = newChannel();
    const { id } = await add(channel);
    report.chart = true;
    const result = await a.tick(id, monday(23));
    expect(result.status).toBe('posted');
    const complete = await slack.waitFor((c: ApiCall) => c.method === 'files.completeUploadExternal' && c.body.channel_id === channel);
    expect(complete.body.thread_ts).toBe(result.messageTs);
    expect(slack.calls.some((c) => c.method === 'upload' && (c.body.bytes as Buffer).includes('fake png bytes'))).toBe(true);
  });

  it('skips the ticks of a paused or removed schedule that a stale task still fires', async () => {
    const channel = newChannel();
    const { id } = await add(channel);
    await setPaused(store, operator, id, true);
    expect((await a.tick(id, monday(23))).status).toBe('skipped');
    await removeSchedule(store, operator, id);
    expect((await b.tick(id, monday(23))).status).toBe('skipped');
    expect(postsTo(channel)).toHaveLength(0);
  });

  it('runs a schedule now only for admins, and audits it', async () => {
    const channel = newChannel();
    const { id } = await add(channel);
    await expect(a.runNow({ id: 'U0MARKETER', local: false }, id)).rejects.toThrow('Your role (marketer) may not manage scheduled reports.');
    expect(postsTo(channel)).toHaveLength(0);
    expect((await a.runNow({ id: ADMIN, local: false }, id)).status).toBe('posted');
    const audited = await store.db.select().from(auditLog).where(and(eq(auditLog.action, 'schedule_run'), eq(auditLog.actor, ADMIN)));
    expect(audited.map((r) => r.detail)).toEqual([{ id }]);
  });

  it('starts one node-cron task per active schedule in its own zone, and follows changes', async () => {
    const fresh = createScheduler({ ...deps(store), pollMs: 3_600_000 });
    const berlin = await addSchedule(store, operator, { cron: '30 7 * * *', channel: newChannel(), kind: 'quality', timeZone: 'Europe/Berlin', lang: 'en', gate: false }, new Date());
    await fresh.start();
    try {
      const next = fresh.nextRuns().get(berlin.id);
      // 07:30 on Berlin's clock, whatever the date and the season.
      expect(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Berlin', hour: '2-digit', minute: '2-digit' }).format(next!)).toBe('07:30');
      await setPaused(store, operator, berlin.id, true);
      await expect.poll(() => fresh.nextRuns().has(berlin.id)).toBe(false);
      await setPaused(store, operator, berlin.id, false);
      await expect.poll(() => fresh.nextRuns().has(berlin.id)).toBe(true);
    } finally {
      await fresh.stop();
      await removeSchedule(store, operator, berlin.id);
    }
    expect(fresh.nextRuns().size).toBe(0);
  });

  it('posts the real data-quality report, header block and chart included, from the registry', async () => {
    await loadDemo(store, testCipher, { customers: 120, seed: 5, until: testNow });
    const real = createScheduler({ ...deps(store), producers: undefined });
    const channel = newChannel();
    const { id } = await add(channel);
    expect((await real.tick(id, monday(23))).status).toBe('posted');
    const [post] = postsTo(channel);
    expect(post?.body.text).toMatch(/^Data quality: \d+\/100 \(first run\) · /);
    expect((post?.body.blocks as { type: string; text?: { text: string } }[])[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: expect.stringMatching(/^Data quality: \d+\/100$/) } });
    // The second run has a trend to draw: same data, same score, and a chart in its thread.
    const second = await real.tick(id, monday(30));
    expect(postsTo(channel)[1]?.body.text).toMatch(/^Data quality: \d+\/100 \(same as the last run\) · /);
    const chart = slack.calls.find((c) => c.method === 'files.completeUploadExternal' && c.body.channel_id === channel);
    expect(chart?.body.thread_ts).toBe(second.messageTs);
  });

  it('posts the real access review from the registry, listing who has a role', async () => {
    const real = createScheduler({ ...deps(store), producers: undefined });
    const channel = newChannel();
    const { id } = await addSchedule(store, operator, { cron: '0 10 1 * *', channel, kind: 'access_review', timeZone: 'Asia/Shanghai', lang: 'en', gate: false }, monday(2));
    expect((await real.runNow(operator, id)).status).toBe('posted');
    const [post] = postsTo(channel);
    for (const user of [ADMIN, SECOND_ADMIN, 'U0MARKETER']) expect(post?.body.text).toContain(user);
  });
});
