/**
 * The data-quality report: runs the suite, stores the run, and turns the latest run and its
 * predecessor into one report model — failures first, new ones marked, unchanged repeats folded
 * into one line — which src/present/quality.ts renders as text, Block Kit and a trend chart.
 * The scheduler only sees `qualityReport` (a ProduceReport); the assistant only sees
 * `latestQualityStatus`, which reads history and never runs a check.
 */
import type { Store } from '../db/client.ts';
import type { QualityStatus } from '../db/schema/index.ts';
import type { Lang } from '../messages/index.ts';
import { qualityChartPng, qualityBlocks, qualityText } from '../present/quality.ts';
import type { ProduceReport, ReportOutput } from '../reports/types.ts';
import { qualityChecks, type Check } from './checks.ts';
import { latestRun, recentScores, saveRun, type StoredResult, type StoredRun } from './history.ts';
import { checkLabel } from './labels.ts';
import { runChecks } from './runner.ts';
import { scoreResults } from './score.ts';

export interface ReportItem {
  check: Check;
  result: StoredResult;
  /** Not failing in the previous run (or there was none). */
  isNew: boolean;
}

export interface QualityReportModel {
  /** The catalog the run is read against. */
  checks: readonly Check[];
  run: StoredRun;
  previous: StoredRun | null;
  /** Failing checks to show in full: new ones first, then those whose figures moved. */
  failing: ReportItem[];
  /** Failing as in the previous run, with the same figures: summarized, not re-alerted. */
  unchanged: ReportItem[];
  counts: Record<QualityStatus, number>;
  /** The last runs' scores, oldest first, for the trend chart. */
  trend: Awaited<ReturnType<typeof recentScores>>;
}

const TREND_RUNS = 30;

/** Builds the report model of `run`, comparing it with the run before it. */
export async function reportModel(store: Store, run: StoredRun, checks: readonly Check[] = qualityChecks()): Promise<QualityReportModel> {
  const previous = await latestRun(store, run.id);
  const before = new Map(previous?.results.map((r) => [r.checkId, r]) ?? []);
  const byId = new Map(checks.map((c) => [c.id, c]));
  const failing: ReportItem[] = [];
  const unchanged: ReportItem[] = [];
  const counts: Record<QualityStatus, number> = { pass: 0, fail: 0, skipped: 0 };
  for (const result of run.results) {
    counts[result.status]++;
    const check = byId.get(result.checkId);
    // A check dropped from the catalog since this run was stored: nothing left to name it by.
    if (!check || result.status !== 'fail') continue;
    const was = before.get(result.checkId);
    const isNew = was?.status !== 'fail';
    // An estimated row count moves with the table's statistics, not with the failure.
    const same = !isNew && was!.violations === result.violations && (was!.considered === result.considered || result.consideredEstimated);
    (same ? unchanged : failing).push({ check, result, isNew });
  }
  failing.sort((a, b) => Number(b.isNew) - Number(a.isNew));
  return { checks, run, previous, failing, unchanged, counts, trend: await recentScores(store, TREND_RUNS) };
}

/** True when any check's status differs from the previous run (a first run counts as a change). */
export const statusChanged = (model: QualityReportModel): boolean => {
  if (!model.previous) return true;
  const before = new Map(model.previous.results.map((r) => [r.checkId, r.status]));
  return model.run.results.some((r) => before.get(r.checkId) !== r.status) || model.previous.results.length !== model.run.results.length;
};

/** Runs every check now, stores the run, and returns its report model. */
export async function runQualitySuite(store: Store, options: { now: Date; timeZone: string; checks?: readonly Check[] }): Promise<QualityReportModel> {
  const { results, seconds } = await runChecks(store, options);
  const previous = await latestRun(store);
  const run = await saveRun(store, { ranAt: options.now, scores: scoreResults(results), seconds, results }, previous);
  return reportModel(store, run, options.checks);
}

/** The model as rendered for every door. */
export async function renderQualityReport(model: QualityReportModel, lang: Lang, timeZone: string): Promise<ReportOutput> {
  const text = qualityText(model, lang, timeZone);
  return {
    title: text.split('\n', 1)[0]!,
    text,
    blocks: qualityBlocks(model, lang, timeZone),
    chart: await qualityChartPng(model, lang, timeZone),
    changed: statusChanged(model),
    failing: model.run.results.some((r) => r.status === 'fail'),
  };
}

/** The scheduled data-quality report: runs the suite, stores its history, returns the message. */
export const qualityReport: ProduceReport = async (ctx) => {
  const model = await runQualitySuite(ctx.store, { now: ctx.now, timeZone: ctx.timeZone });
  return renderQualityReport(model, ctx.lang, ctx.timeZone);
};

/** The report for "data quality today?": the latest run when it is recent enough, else a new run. */
export async function currentQualityReport(store: Store, options: { now: Date; lang: Lang; timeZone: string; maxAgeMs: number }): Promise<ReportOutput> {
  const latest = await latestRun(store);
  const fresh = latest !== null && options.now.getTime() - latest.ranAt.getTime() <= options.maxAgeMs;
  const model = fresh ? await reportModel(store, latest) : await runQualitySuite(store, options);
  return renderQualityReport(model, options.lang, options.timeZone);
}

export interface FailingCheck {
  id: string;
  /** The table the check reads, so an answer can tell whether its figures are affected. */
  table: string;
  label: string;
}

/** The latest run's score and failing checks, from history only (no check runs); null before any run. */
export async function latestQualityStatus(store: Store, lang: Lang = 'en'): Promise<{ ranAt: Date; score: number; failing: FailingCheck[] } | null> {
  const run = await latestRun(store);
  if (!run) return null;
  const byId = new Map(qualityChecks().map((c) => [c.id, c]));
  const failing = run.results.flatMap((r) => {
    const check = byId.get(r.checkId);
    // A check dropped from the catalog since that run no longer speaks for the data.
    return r.status === 'fail' && check ? [{ id: r.checkId, table: check.table, label: checkLabel(check, lang) }] : [];
  });
  return { ranAt: run.ranAt, score: run.score, failing };
}
