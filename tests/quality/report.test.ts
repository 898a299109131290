/**
 * History and the report across runs: what is new is marked, a failure whose figures moved is
 * listed again, an unchanged failure is folded into one line with the date it started, scores
 * and their trend come from the stored runs, and the scheduled report says whether anything
 * changed. Slack gets the same content as blocks plus a trend chart.
 */
import { writeFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Store } from '../../src/db/client.ts';
import type { DataCipher } from '../../src/privacy/crypto.ts';
import { QUALITY_DETAILS_ACTION, qualityJson, qualityText } from '../../src/present/quality.ts';
import { latestQualityStatus, qualityReport, runQualitySuite, type QualityReportModel } from '../../src/quality/report.ts';
import type { ReportOutput } from '../../src/reports/types.ts';
import { describeEachStore } from '../helpers/stores.ts';
import { NOW, plantDefects, TIME_ZONE } from './fixture.ts';

const HOUR = 3_600_000;

describeEachStore('quality history and report', (kind) => {
  let store: Store;
  let drop: () => Promise<void>;
  let first: QualityReportModel;
  let second: QualityReportModel;
  let scheduled: ReportOutput;
  let statusBefore: Awaited<ReturnType<typeof latestQualityStatus>>;

  beforeAll(async () => {
    ({ store, drop } = await kind.open());
    await plantDefects(store);
    statusBefore = await latestQualityStatus(store);
    first = await runQualitySuite(store, { now: NOW, timeZone: TIME_ZONE });
    // Between the runs: gender fixed, one more future signup, 25 more customers without a city.
    await store.db.execute(sql`update customers set gender = 'female' where id = 8`);
    await store.db.execute(sql`update customers set signup_at = ${new Date(NOW.getTime() + 86_400_000).toISOString()}::timestamptz where id = 20`);
    await store.db.execute(sql`update customers set city = null where id between 21 and 45`);
    second = await runQualitySuite(store, { now: new Date(NOW.getTime() + HOUR), timeZone: TIME_ZONE });
    // A third run with nothing changed, as the scheduler would produce it.
    scheduled = await qualityReport({ store, cipher: {} as DataCipher, now: new Date(NOW.getTime() + 2 * HOUR), lang: 'en', timeZone: TIME_ZONE });
  }, 90_000);
  afterAll(() => drop());

  it('scores each dimension as the share of its judged checks that pass, and the store as their mean', () => {
    // Run 1: completeness 4/5, validity 2/16, uniqueness 1/2, consistency 0/6, timeliness 3/5.
    expect(first.run.dimensions).toEqual({ completeness: 80, validity: 12.5, uniqueness: 50, consistency: 0, timeliness: 60 });
    expect(first.run.score).toBe(40.5);
    // Run 2: a city failure more, the gender failure gone.
    expect(second.run.dimensions).toEqual({ completeness: 60, validity: 18.8, uniqueness: 50, consistency: 0, timeliness: 60 });
    expect(second.run.score).toBe(37.8);
  });

  it('marks the first run’s failures all new', () => {
    expect(first.previous).toBeNull();
    expect(first.failing).toHaveLength(24);
    expect(first.failing.every((i) => i.isNew)).toBe(true);
    expect(first.unchanged).toEqual([]);
  });

  it('lists new and moved failures in full and folds unchanged ones, keeping when each started', () => {
    expect(second.failing.map((i) => [i.check.id, i.isNew])).toEqual([
      ['customers.city.not_null', true],
      ['customers.signup_at.not_future', false],
    ]);
    expect(second.unchanged).toHaveLength(22);
    expect(second.failing[0]!.result.failingSince).toEqual(second.run.ranAt);
    expect(second.failing[1]!.result.failingSince).toEqual(NOW);
    expect(second.unchanged.every((i) => i.result.failingSince?.getTime() === NOW.getTime())).toBe(true);
    expect(second.run.results.find((r) => r.checkId === 'customers.gender.allowed')).toMatchObject({ status: 'pass', failingSince: null });
  });

  it('renders the report as text: score and trend, dimensions, failures first, repeats in one line', () => {
    const lines = qualityText(second, 'en', TIME_ZONE).split('\n');
    expect(lines.slice(0, 5)).toEqual([
      'Data quality: 37.8/100 (▼ 2.7 since the last run) · 2026-11-25 13:00',
      'Completeness 60 · Validity 18.8 · Uniqueness 50 · Consistency 0 · Timeliness 60',
      'Failing (24)',
      '  [NEW] customers.city missing: 28 of 120 (23.33%), expected ≤ 20%, failing since 2026-11-25 13:00',
      '      e.g. id 1 · city=null; id 2 · city=null; id 3 · city=null; id 21 · city=null; id 22 · city=null',
    ]);
    expect(lines[5]).toBe('  customers.signup_at in the future: 2 of 118 (1.69%), expected ≤ 0, failing since 2026-11-25 12:00');
    const repeat = lines.find((l) => l.startsWith('  Still failing, unchanged since the last run: '))!;
    expect(repeat).toContain('customers.country not a valid country code (since 2026-11-25 12:00)');
    expect(repeat.split('; ')).toHaveLength(22);
    expect(lines.at(-1)).toBe('10 pass · 24 fail · 0 skipped (too little data)');
  });

  it('marks a row count taken from the planner statistics as approximate', () => {
    const estimated: QualityReportModel = { ...second, failing: second.failing.map((i, k) => (k === 0 ? { ...i, result: { ...i.result, consideredEstimated: true } } : i)) };
    expect(qualityText(estimated, 'en', TIME_ZONE).split('\n')[3]).toBe('  [NEW] customers.city missing: 28 of ≈120 (23.33%), expected ≤ 20%, failing since 2026-11-25 13:00');
    expect(qualityText(second, 'en', TIME_ZONE)).not.toContain('≈');
  });

  it('renders in Chinese too', () => {
    const text = qualityText(second, 'zh', TIME_ZONE);
    expect(text.split('\n')[0]).toBe('数据质量：37.8/100（比上次 ▼ 2.7）· 2026-11-25 13:00');
    expect(text).toContain('[新] customers.city 缺失：120 中 28（23.33%），应为 ≤ 20%，自 2026-11-25 13:00 起未通过');
  });

  it('gives scripts every check as JSON with its flags', () => {
    const json = qualityJson(second, 'en');
    expect(json.counts).toEqual({ pass: 10, fail: 24, skipped: 0 });
    expect(json.checks.find((c) => c.id === 'customers.city.not_null')).toMatchObject({ status: 'fail', new: true, unchanged: false, violations: 28, considered: 120, band: '≤ 20%' });
    expect(json.checks.find((c) => c.id === 'orders.currency.allowed')).toMatchObject({ status: 'fail', new: false, unchanged: true, failingSince: NOW.toISOString() });
  });

  it('reports a run with nothing changed as unchanged but still failing, with chart and details button', () => {
    expect(scheduled.changed).toBe(false);
    expect(scheduled.failing).toBe(true);
    expect(scheduled.title).toBe('Data quality: 37.8/100 (same as the last run) · 2026-11-25 14:00');
    expect(scheduled.text).toContain('Still failing, unchanged since the last run: ');
    expect(scheduled.text).not.toContain('[NEW]');
    expect(scheduled.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: 'Data quality: 37.8/100' } });
    const actions = scheduled.blocks.at(-1) as { type: string; elements: { action_id: string; value: string }[] };
    expect(actions.type).toBe('actions');
    expect(actions.elements[0]!.action_id).toBe(QUALITY_DETAILS_ACTION);
    expect(actions.elements[0]!.value).toMatch(/^[1-9]\d*:en$/);
    expect(scheduled.chart!.png.subarray(1, 4).toString()).toBe('PNG');
    expect(scheduled.chart!.alt).toBe('Line chart of the data-quality score over the last 3 runs; latest 37.8/100.');
    if (process.env.PRECIS_KEEP_CHART) writeFileSync(process.env.PRECIS_KEEP_CHART, scheduled.chart!.png);
  });

  it('tells the assistant the latest status from history alone', async () => {
    expect(statusBefore).toBeNull();
    const status = await latestQualityStatus(store);
    expect(status!.score).toBe(37.8);
    expect(status!.ranAt).toEqual(new Date(NOW.getTime() + 2 * HOUR));
    expect(status!.failing).toHaveLength(24);
    expect(status!.failing).toContainEqual({ id: 'customers.city.not_null', table: 'customers', label: 'customers.city missing' });
    expect((await latestQualityStatus(store, 'zh'))!.failing.find((f) => f.id === 'customers.city.not_null')!.label).not.toBe('customers.city missing');
  });
});
