/**
 * `/precis schedule …` through the real Bolt app over HTTP (signed requests, Slack's Web API and
 * response URLs mocked by msw): admins add, list, pause, resume and remove schedules; everyone
 * else is refused; mistakes get a reply that says what to type instead.
 */
import { setupServer } from 'msw/node';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Store } from '../../src/db/client.ts';
import { auditLog, roles, schedules } from '../../src/db/schema/index.ts';
import { createLogger } from '../../src/log.ts';
import type { SlackDoor } from '../../src/slack/app.ts';
import { describeEachStore } from '../helpers/stores.ts';
import { fakeSlack, form, onlyOurAppUnhandled, startTestDoor, TEST_API as API, type Poster } from '../slack/helpers.ts';

const ADMIN = 'U0ADMIN01';
const MARKETER = 'U0MARKET1';

describeEachStore('/precis schedule', (kind) => {
  const slack = fakeSlack(API);
  const server = setupServer(...slack.handlers);
  let store: Store;
  let drop: () => Promise<void>;
  let door: SlackDoor;
  let client: Poster;
  let serial = 0;

  beforeAll(async () => {
    server.listen(onlyOurAppUnhandled);
    ({ store, drop } = await kind.open());
    await store.db.insert(roles).values([
      { userId: ADMIN, role: 'admin', grantedBy: 'test' },
      { userId: MARKETER, role: 'marketer', grantedBy: 'test' },
    ]);
    const assistant = { answer: () => Promise.reject(new Error('no questions in these tests')) };
    ({ door, client } = await startTestDoor({ assistant, store, log: createLogger('silent'), lang: 'en', timeZone: 'Asia/Shanghai' }));
  });

  afterAll(async () => {
    await door?.stop();
    server.close();
    await drop();
  });

  const replies = () => slack.calls.filter((c) => c.method === 'respond');

  /** Sends `/precis <text>` as `user`; resolves with the private reply. */
  async function command(text: string, user = ADMIN): Promise<string> {
    const before = replies().length;
    const url = `https://hooks.slack.com/commands/T123/${++serial}/reply`;
    const body = form({ command: '/precis', text, user_id: user, user_name: 'someone', channel_id: 'C0HERE', channel_name: 'here', team_id: 'T123', response_url: url, trigger_id: `1.${serial}` });
    expect((await client.post(body, { form: true })).status).toBe(200);
    await slack.waitFor(() => replies().length > before);
    const reply = replies()[before]!;
    expect(reply.body.response_type).toBe('ephemeral');
    return String(reply.body.text);
  }

  it('adds a schedule from a channel mention and curly quotes, in the default zone, and audits it', async () => {
    const reply = await command('schedule add “0 9 * * 1” <#C012AB3CD|marketing> quality');
    const [row] = await store.db.select().from(schedules).where(eq(schedules.channel, 'C012AB3CD'));
    expect(row).toMatchObject({ cron: '0 9 * * 1', timeZone: 'Asia/Shanghai', kind: 'quality', gate: false, paused: false, createdBy: ADMIN, lang: 'en' });
    expect(reply).toBe(`Added schedule ${row!.id}: *${row!.id}*  \`0 9 * * 1\` (Asia/Shanghai) → <#C012AB3CD>  quality  · not run yet`);
    const [audit] = await store.db.select().from(auditLog).where(eq(auditLog.action, 'schedule_add'));
    expect(audit).toMatchObject({ actor: ADMIN, detail: { id: row!.id, cron: '0 9 * * 1', channel: 'C012AB3CD', kind: 'quality', gate: false, timeZone: 'Asia/Shanghai' } });
  });

  it('takes an unquoted expression, --tz and a dashed --gate', async () => {
    const reply = await command('schedule add 30 8 * * 1-5 <#G0PRIVATE1> quality —tz Europe/Berlin --gate');
    const [row] = await store.db.select().from(schedules).where(eq(schedules.channel, 'G0PRIVATE1'));
    expect(row).toMatchObject({ cron: '30 8 * * 1-5', timeZone: 'Europe/Berlin', gate: true });
    expect(reply).toContain('only when something changed or fails');
  });

  it('lists, pauses, resumes and removes', async () => {
    const [row] = await store.db.select().from(schedules).where(eq(schedules.channel, 'C012AB3CD'));
    const id = row!.id;
    expect((await command('schedule list')).split('\n')).toHaveLength(2);
    expect(await command(`schedule pause ${id}`)).toBe(`Schedule ${id} is paused.`);
    expect(await command(`schedule pause ${id}`)).toBe(`Schedule ${id} already was paused.`);
    expect((await command('schedule list')).split('\n')[0]).toContain(' · paused');
    expect(await command(`schedule resume ${id}`)).toBe(`Schedule ${id} runs again.`);
    expect(await command(`schedule remove ${id}`)).toBe(`Removed schedule ${id}.`);
    expect(await command(`schedule remove ${id}`)).toContain(`There is no schedule ${id}; list them with "schedule list".`);
    expect(await store.db.select().from(schedules).where(eq(schedules.id, id))).toEqual([]);
  });

  it('refuses everyone but admins, changing nothing', async () => {
    const before = await store.db.select().from(schedules);
    expect(await command('schedule add "0 9 * * 1" <#C0OTHER01|x> quality', MARKETER)).toBe('Your role (marketer) may not manage scheduled reports.');
    expect(await command('schedule list', 'U0NOBODY1')).toContain('You do not have access to Precis yet');
    expect(await store.db.select().from(schedules)).toEqual(before);
  });

  it('says what is wrong, and how to write it, for a bad expression, zone, channel or report', async () => {
    expect(await command('schedule add "0 25 * * 1" <#C0OTHER01|x> quality')).toMatch(/^"0 25 \* \* 1" is not a cron expression \(25 is a invalid expression for hour\).*\nUsage: `\/precis schedule add/s);
    expect(await command('schedule add "0 9 * * 1" <#C0OTHER01|x> quality --tz Mars/Olympus')).toContain('"Mars/Olympus" is not a time zone; use an IANA name such as Asia/Shanghai');
    expect(await command('schedule add "0 9 * * 1" #marketing quality')).toContain('Mention the channel so that Slack links it (#marketing); "#marketing" is not a channel Slack linked.');
    expect(await command('schedule add "0 9 * * 1" <#C0OTHER01|x> weather')).toContain('"weather" is not a report; reports are quality, backup_drill, access_review, model_refresh.');
    expect(await command('schedule frobnicate')).toContain('"frobnicate" is not a schedule command.');
    expect(await store.db.select().from(schedules).where(eq(schedules.channel, 'C0OTHER01'))).toEqual([]);
  });
});
