/**
 * Problem: an export takes data out of Precis for good, so it must not happen on one person's
 * say-so, must not carry personal data nobody approved, and must not linger.
 * Required behaviour: a request carries a reason, its query in words and its row count; an admin
 * other than the requester approves or denies it (with a reason); the file is the answer's rows,
 * redacted; clear personal fields only with the personal scope, which needs two distinct admins,
 * neither of them the requester; past its time nothing is given and the Slack file is deleted;
 * every step, refusals included, is in the audit log.
 */
import { parse } from 'csv-parse/sync';
import { asc, eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAssistant } from '../../src/assistant/answer.ts';
import { loadConfig } from '../../src/config.ts';
import type { TableAnswer } from '../../src/assistant/types.ts';
import type { Store } from '../../src/db/client.ts';
import { auditLog, customers, roles } from '../../src/db/schema/index.ts';
import { loadDemo } from '../../src/demo/load.ts';
import { approveExport, deliverExport, denyExport, expireExports, getExport, requestExport, type ExportDeps, type ExportFile } from '../../src/exports/index.ts';
import { createLogger } from '../../src/log.ts';
import type { QuerySpec } from '../../src/query/dsl.ts';
import { testConfig } from '../helpers/config.ts';
import { testCipher } from '../helpers/keys.ts';
import { testNow } from '../helpers/lexicon.ts';
import { describeEachStore } from '../helpers/stores.ts';

const MARKETER = 'U0MARKET1';
const VIEWER = 'U0VIEWER1';
const ADMIN = 'U0ADMIN01';
const ADMIN2 = 'U0ADMIN02';
const as = (id: string) => ({ id, local: false });

const topProducts: QuerySpec = { intent: 'top', metrics: ['revenue'], dimensions: ['product'], filters: [], period: null, sort: { metric: 'revenue', direction: 'desc' }, limit: 5, compare: null };
const byCity: QuerySpec = { intent: 'breakdown', metrics: ['customers'], dimensions: ['city'], filters: [], period: null, sort: null, limit: null, compare: null };
const inShanghai: QuerySpec = { ...byCity, intent: 'metric', dimensions: [], filters: [{ dimension: 'city', values: ['Shanghai'] }] };

const readCsv = (csv: string): string[][] => {
  expect(csv.startsWith('\uFEFF')).toBe(true);
  return parse(csv.slice(1), { relaxColumnCount: false }) as string[][];
};
const asCsvCell = (cell: string | number | null) => (cell === null ? '' : String(cell));

describeEachStore('exports', (kind) => {
  let store: Store;
  let drop: () => Promise<void>;
  let now = testNow;
  let deps: ExportDeps;
  const assistantOf = () => createAssistant({ store, config: testConfig, log: createLogger('silent'), clock: () => now });

  beforeAll(async () => {
    ({ store, drop } = await kind.open());
    await loadDemo(store, testCipher, { customers: 300, seed: 7, until: testNow });
    await store.db.insert(roles).values([
      { userId: MARKETER, role: 'marketer', grantedBy: 'test' },
      { userId: VIEWER, role: 'viewer', grantedBy: 'test' },
      { userId: ADMIN, role: 'admin', grantedBy: 'test' },
      { userId: ADMIN2, role: 'admin', grantedBy: 'test' },
    ]);
    deps = { store, assistant: assistantOf(), cipher: testCipher, ttlHours: 24, timeZone: testConfig.timeZone, clock: () => now };
  });
  afterAll(async () => drop());

  /** Delivers to a memory "file" and returns its text; the fake file id stands in for Slack's. */
  async function download(id: number, by = MARKETER): Promise<ExportFile> {
    let got: ExportFile | undefined;
    await deliverExport(deps, as(by), id, async (file) => {
      got = file;
      return `F0EXPORT${id}`;
    });
    return got!;
  }

  const auditOf = async (id: number) =>
    (await store.db.select().from(auditLog).where(sql`${auditLog.action} like 'export%' and (${auditLog.detail}->>'id')::bigint = ${id}`).orderBy(asc(auditLog.id))).map((a) => [a.actor, a.action]);

  it('delivers exactly the answer’s rows, redacted, after an admin approves, and audits each step', async () => {
    // A seller typed a phone number into the best seller's title: the export must mask it like the answer does.
    const [best] = await store.rows<{ id: number }>(sql`select p.id from order_items oi join orders o on o.id = oi.order_id and o.status = 'paid' join products p on p.id = oi.product_id group by p.id order by sum(oi.line_total_base_minor) desc, p.id limit 1`);
    await store.rows(sql`update products set title = '13912345678 ' || title where id = ${best!.id}`);

    const request = await requestExport(deps, as(MARKETER), { query: topProducts, reason: 'Q4 planning', scope: 'answer', lang: 'en' });
    expect(request).toMatchObject({ status: 'requested', requester: MARKETER, reason: 'Q4 planning', scope: 'answer', rowCount: 5, words: 'Revenue · top 5 by Product · all time' });

    const approval = await approveExport(deps, as(ADMIN), request.id);
    expect(approval.complete).toBe(true);
    expect(approval.request.expiresAt).toEqual(new Date(now.getTime() + 24 * 3_600_000));

    const file = await download(request.id);
    const answer = (await assistantOf().answer('top 5 products by revenue', as(MARKETER), { query: topProducts, lang: 'en' })) as TableAnswer;
    expect(readCsv(file.csv)).toEqual([answer.columns.map((c) => c.label), ...answer.rows.map((r) => r.map(asCsvCell))]);
    expect(file.csv).toContain('139****5678');
    expect(file.csv).not.toContain('13912345678');
    expect((await getExport(deps, request.id)).status).toBe('delivered');
    expect((await getExport(deps, request.id)).fileId).toBe(`F0EXPORT${request.id}`);

    expect(await auditOf(request.id)).toEqual([
      [MARKETER, 'export_request'],
      [ADMIN, 'export_approve'],
      [MARKETER, 'export_deliver'],
    ]);
  });

  it('puts no personal field in clear in an answer export', async () => {
    const request = await requestExport(deps, as(MARKETER), { query: byCity, reason: 'city mix', scope: 'answer', lang: 'en' });
    await approveExport(deps, as(ADMIN), request.id);
    const { csv } = await download(request.id);
    const people = await store.db.select({ email: customers.emailEnc, phone: customers.phoneEnc }).from(customers);
    const clear = people.flatMap((p) => [p.email, p.phone]).filter((v): v is string => v !== null).map((v) => testCipher.decrypt(v));
    expect(clear.length).toBeGreaterThan(100);
    expect(clear.filter((v) => csv.includes(v))).toEqual([]);
    expect(readCsv(csv)[0]).toEqual(['City', 'Customers']);
  });

  it('refuses self-approval, even by an admin, and audits the refusal', async () => {
    const request = await requestExport(deps, as(ADMIN), { query: byCity, reason: 'board deck', scope: 'answer', lang: 'en' });
    await expect(approveExport(deps, as(ADMIN), request.id)).rejects.toMatchObject({ code: 'export_self_approval' });
    expect((await getExport(deps, request.id)).status).toBe('requested');
    await expect(approveExport(deps, as(MARKETER), request.id)).rejects.toMatchObject({ code: 'role_forbids' });
    await expect(download(request.id, ADMIN)).rejects.toMatchObject({ code: 'export_pending' });
    const refusals = await store.db.select().from(auditLog).where(eq(auditLog.action, 'export_refused')).orderBy(asc(auditLog.id));
    expect(refusals.filter((r) => (r.detail as { id: number }).id === request.id).map((r) => [r.actor, r.detail])).toEqual([
      [ADMIN, { step: 'approve', id: request.id, code: 'export_self_approval' }],
      [MARKETER, { step: 'approve', id: request.id, code: 'role_forbids' }],
    ]);
  });

  it('lets nobody without the export right ask, and wants a reason', async () => {
    await expect(requestExport(deps, as(VIEWER), { query: byCity, reason: 'curious', scope: 'answer', lang: 'en' })).rejects.toMatchObject({ code: 'role_forbids' });
    await expect(requestExport(deps, as(MARKETER), { query: byCity, reason: '   ', scope: 'answer', lang: 'en' })).rejects.toMatchObject({ code: 'export_reason_missing' });
  });

  it('masks personal data in the reason before it is kept', async () => {
    const request = await requestExport(deps, as(MARKETER), { query: byCity, reason: 'for zhang.wei@example.cn', scope: 'answer', lang: 'en' });
    expect(request.reason).toBe('for z***@example.cn');
  });

  it('denies with a reason the requester gets, and then nothing can be approved or downloaded', async () => {
    const request = await requestExport(deps, as(MARKETER), { query: byCity, reason: 'campaign', scope: 'answer', lang: 'en' });
    await expect(denyExport(deps, as(ADMIN), request.id, '')).rejects.toMatchObject({ code: 'export_reason_missing' });
    const denied = await denyExport(deps, as(ADMIN), request.id, 'Use the dashboard instead');
    expect(denied).toMatchObject({ status: 'denied', deniedBy: ADMIN, denyReason: 'Use the dashboard instead' });
    await expect(approveExport(deps, as(ADMIN2), request.id)).rejects.toMatchObject({ code: 'export_closed', params: { status: 'denied' } });
    await expect(download(request.id)).rejects.toMatchObject({ code: 'export_closed' });
    expect(await auditOf(request.id)).toEqual([
      [MARKETER, 'export_request'],
      [ADMIN, 'export_refused'],
      [ADMIN, 'export_deny'],
      [ADMIN2, 'export_refused'],
    ]);
  });

  it('builds a customer list with clear contact fields only after two distinct admins approve', async () => {
    const request = await requestExport(deps, as(MARKETER), { query: inShanghai, reason: 'VIP event invitations', scope: 'personal', lang: 'en' });
    const shanghai = await store.db.select().from(customers).where(sql`${customers.city} = 'Shanghai' and ${customers.erasedAt} is null`).orderBy(asc(customers.id));
    expect(shanghai.length).toBeGreaterThan(0);
    expect(request).toMatchObject({ rowCount: shanghai.length, words: 'Customer list with email, phone and name in clear, of customers matching: City: Shanghai' });

    const first = await approveExport(deps, as(ADMIN), request.id);
    expect(first.complete).toBe(false);
    expect(first.request.status).toBe('requested');
    await expect(download(request.id)).rejects.toMatchObject({ code: 'export_pending' });
    await expect(approveExport(deps, as(ADMIN), request.id)).rejects.toMatchObject({ code: 'export_already_approved' });
    await expect(approveExport(deps, as(MARKETER), request.id)).rejects.toMatchObject({ code: 'role_forbids' });
    const second = await approveExport(deps, as(ADMIN2), request.id);
    expect(second.complete).toBe(true);
    expect(second.request.approvals.map((a) => a.admin)).toEqual([ADMIN, ADMIN2]);

    const rows = readCsv((await download(request.id)).csv);
    const clear = (v: string | null) => (v === null ? '' : testCipher.decrypt(v));
    expect(rows).toEqual([['Customer id', 'Email', 'Phone', 'Name'], ...shanghai.map((c) => [String(c.id), clear(c.emailEnc), clear(c.phoneEnc), clear(c.nameEnc)])]);
  });

  it('never counts the requester among the two admins a personal export needs', async () => {
    // The requester's own approval never counts, so an admin asking needs two *other* admins.
    const request = await requestExport(deps, as(ADMIN), { query: inShanghai, reason: 'audit sample', scope: 'personal', lang: 'en' });
    await expect(approveExport(deps, as(ADMIN), request.id)).rejects.toMatchObject({ code: 'export_self_approval' });
    expect((await approveExport(deps, as(ADMIN2), request.id)).complete).toBe(false);
  });

  it('lists the customers who bought in a category when the question is about sales', async () => {
    const byCategory: QuerySpec = { ...inShanghai, metrics: ['revenue'], filters: [{ dimension: 'category', values: ['Skincare'] }] };
    const request = await requestExport(deps, as(MARKETER), { query: byCategory, reason: 'skincare launch', scope: 'personal', lang: 'en' });
    const [buyers] = await store.rows<{ n: unknown }>(sql`select count(distinct o.customer_id) as n from orders o join order_items oi on oi.order_id = o.id
      join products p on p.id = oi.product_id join categories c on c.id = p.category_id left join categories parent on parent.id = c.parent_id
      join customers cu on cu.id = o.customer_id
      where o.status = 'paid' and cu.erased_at is null and (c.name = 'Skincare' or parent.name = 'Skincare')`);
    expect(Number(buyers!.n)).toBeGreaterThan(0);
    expect(request.rowCount).toBe(Number(buyers!.n));
  });

  it('gives nothing past the expiry and deletes the delivered Slack file in the sweep', async () => {
    const request = await requestExport(deps, as(MARKETER), { query: byCity, reason: 'weekly', scope: 'answer', lang: 'en' });
    await approveExport(deps, as(ADMIN), request.id);
    await download(request.id);
    const pending = await requestExport(deps, as(MARKETER), { query: byCity, reason: 'still waiting', scope: 'answer', lang: 'en' });
    const start = now;
    try {
      now = new Date(start.getTime() + 25 * 3_600_000);
      await expect(download(request.id)).rejects.toMatchObject({ code: 'export_expired' });
      const deleted: string[] = [];
      const expired = await expireExports(deps, async (fileId) => void deleted.push(fileId));
      expect(expired.map((r) => r.id)).toContain(request.id);
      expect(expired.map((r) => r.id)).not.toContain(pending.id);
      expect(deleted).toContain(`F0EXPORT${request.id}`);
      expect((await getExport(deps, request.id)).status).toBe('expired');
      expect(await expireExports(deps, async () => undefined)).toEqual([]);
      await expect(download(request.id)).rejects.toMatchObject({ code: 'export_expired' });
      expect((await auditOf(request.id)).map(([, action]) => action)).toEqual(['export_request', 'export_approve', 'export_deliver', 'export_expire']);
    } finally {
      now = start;
    }
  });

  it('gives the file to the requester only', async () => {
    const request = await requestExport(deps, as(MARKETER), { query: byCity, reason: 'mine', scope: 'answer', lang: 'en' });
    await approveExport(deps, as(ADMIN), request.id);
    await expect(download(request.id, ADMIN2)).rejects.toMatchObject({ code: 'export_not_found' });
    const statuses = await store.db.select().from(auditLog).where(inArray(auditLog.action, ['export_deliver']));
    expect(statuses.some((a) => (a.detail as { id: number }).id === request.id)).toBe(false);
  });
});

describe('exports configuration', () => {
  it('keeps a file a day by default, and takes an admin channel only as a channel id', () => {
    expect(loadConfig({}).exports).toEqual({ ttlHours: 24, adminChannel: undefined });
    expect(loadConfig({ PRECIS_EXPORT_TTL_HOURS: '2', SLACK_ADMIN_CHANNEL: 'C0ADMINS' }).exports).toEqual({ ttlHours: 2, adminChannel: 'C0ADMINS' });
    expect(() => loadConfig({ SLACK_ADMIN_CHANNEL: '#admins', PRECIS_EXPORT_TTL_HOURS: '0' })).toThrow(/PRECIS_EXPORT_TTL_HOURS.*SLACK_ADMIN_CHANNEL: must be a Slack channel id/);
  });
});

describe('exports CSV', () => {
  it('quotes commas, quotes and line breaks, and defuses spreadsheet formulas', async () => {
    const { toCsv } = await import('../../src/exports/csv.ts');
    const csv = toCsv(['Name', 'Value'], [['a,b', 1], ['say "hi"', -2.5], ['line\nbreak', null], ['=SUM(A1:A9)', 0], ['@cmd', 3], ['+8613812345678', 4]]);
    expect(csv).toBe('\uFEFFName,Value\r\n"a,b",1\r\n"say ""hi""",-2.5\r\n"line\nbreak",\r\n\'=SUM(A1:A9),0\r\n\'@cmd,3\r\n+8613812345678,4\r\n');
    expect(parse(csv.slice(1))).toEqual([['Name', 'Value'], ['a,b', '1'], ['say "hi"', '-2.5'], ['line\nbreak', ''], ["'=SUM(A1:A9)", '0'], ["'@cmd", '3'], ['+8613812345678', '4']]);
  });
});
