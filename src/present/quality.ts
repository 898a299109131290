/**
 * The data-quality report model → plain text (console, CLI, Slack fallback), Block Kit (one
 * grouped message with a "Details" button) and a PNG of the score over the last runs. Both
 * texts say the same things in the same order: score and trend, dimension scores, failing
 * checks (new ones marked, with examples), unchanged repeats in one line, then the tally.
 * Samples were redacted when stored; nothing here reads the store.
 */
import type { ActionsBlock, KnownBlock } from '@slack/web-api';
import type { TopLevelSpec } from 'vega-lite';
import { t, type Lang } from '../messages/index.ts';
import { dimensions, type Threshold } from '../quality/checks.ts';
import { checkLabel } from '../quality/labels.ts';
import type { QualityReportModel, ReportItem } from '../quality/report.ts';
import { cut, escape, slackLimits } from './blocks.ts';
import { specToSvg } from './chart.ts';
import { FONT_FAMILY, rasterize } from './chart/raster.ts';

/** The action id of the report's "Details" button; its value is `<run id>:<lang>` (the report's language, which its text cannot reliably tell). */
export const QUALITY_DETAILS_ACTION = 'precis_quality_details';

/** Failures shown one by one in Slack before the rest are only counted (Slack caps a message at 50 blocks). */
const MAX_FAILURE_BLOCKS = 30;

const locale: Record<Lang, string> = { en: 'en-US', zh: 'zh-CN' };
const number = (n: number, lang: Lang, digits = 1) => new Intl.NumberFormat(locale[lang], { maximumFractionDigits: digits }).format(n);

/** `2026-11-29 10:00` in the report's zone. */
export function formatWhen(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).format(at);
}

function band(threshold: Threshold, lang: Lang): string {
  const limit = threshold.unit === 'hours' ? t(lang, 'quality.hours', { n: number(threshold.limit, lang) }) : `${number(threshold.limit, lang, 2)}${threshold.unit === 'percent' ? '%' : ''}`;
  if (threshold.direction === 'within') return `|${threshold.unit === 'z' ? 'z' : 'x'}| ≤ ${limit}`;
  return `${threshold.direction === 'at_most' ? '≤' : '≥'} ${limit}`;
}

function measured({ check, result }: ReportItem, lang: Lang): string {
  const value = result.value ?? 0;
  if (check.threshold.unit === 'hours') return t(lang, 'quality.measured_hours', { hours: number(value, lang) });
  if (check.threshold.unit === 'z') return t(lang, 'quality.measured_z', { z: number(value, lang), n: number(result.violations, lang, 0) });
  if (check.kind === 'schema_drift') return t(lang, 'quality.measured_count', { n: number(result.violations, lang, 0) });
  const share = result.considered === 0 ? 0 : (100 * result.violations) / result.considered;
  const total = `${result.consideredEstimated ? '≈' : ''}${number(result.considered, lang, 0)}`;
  return t(lang, 'quality.measured_rows', { n: number(result.violations, lang, 0), total, share: `${number(share, lang, 2)}%` });
}

function failureLine(item: ReportItem, ranAt: Date, lang: Lang, timeZone: string): string {
  return t(lang, 'quality.failure', {
    label: checkLabel(item.check, lang),
    measured: measured(item, lang),
    band: band(item.check.threshold, lang),
    since: formatWhen(item.result.failingSince ?? ranAt, timeZone),
  });
}

function headline(model: QualityReportModel, lang: Lang): { title: string; trend: string } {
  const title = t(lang, 'quality.title', { score: number(model.run.score, lang) });
  if (!model.previous) return { title, trend: t(lang, 'quality.first_run') };
  const delta = Math.round((model.run.score - model.previous.score) * 10) / 10;
  const trend = delta > 0 ? t(lang, 'quality.trend_up', { delta: number(delta, lang) }) : delta < 0 ? t(lang, 'quality.trend_down', { delta: number(-delta, lang) }) : t(lang, 'quality.trend_same');
  return { title, trend };
}

function dimensionLine(model: QualityReportModel, lang: Lang): string {
  return dimensions
    .filter((d) => model.run.dimensions[d] !== undefined)
    .map((d) => `${t(lang, `quality.dimension.${d}`)} ${number(model.run.dimensions[d]!, lang)}`)
    .join(' · ');
}

const unchangedList = (model: QualityReportModel, lang: Lang, timeZone: string) =>
  model.unchanged.map((i) => t(lang, 'quality.repeat', { label: checkLabel(i.check, lang), since: formatWhen(i.result.failingSince ?? model.run.ranAt, timeZone) })).join(lang === 'zh' ? '；' : '; ');

const counts = (model: QualityReportModel, lang: Lang) => t(lang, 'quality.counts', { pass: model.counts.pass, fail: model.counts.fail, skipped: model.counts.skipped });

/** The whole report as plain text. */
export function qualityText(model: QualityReportModel, lang: Lang, timeZone: string): string {
  const { title, trend } = headline(model, lang);
  const lines = [t(lang, 'quality.headline', { title, trend, at: formatWhen(model.run.ranAt, timeZone) }), dimensionLine(model, lang)];
  if (model.failing.length + model.unchanged.length === 0) lines.push(t(lang, 'quality.all_pass'));
  else lines.push(t(lang, 'quality.failing', { count: model.failing.length + model.unchanged.length }));
  for (const item of model.failing) {
    lines.push(`  ${item.isNew ? `[${t(lang, 'quality.new')}] ` : ''}${failureLine(item, model.run.ranAt, lang, timeZone)}`);
    if (item.result.samples.length > 0) lines.push(`      ${t(lang, 'quality.examples', { samples: item.result.samples.join('; ') })}`);
  }
  if (model.unchanged.length > 0) lines.push(`  ${t(lang, 'quality.unchanged', { list: unchangedList(model, lang, timeZone) })}`);
  lines.push(counts(model, lang));
  return lines.join('\n');
}

const mark: Record<QualityReportModel['run']['results'][number]['status'], string> = { pass: '✓', fail: '✗', skipped: '–' };

/**
 * Every check of the run, by dimension, with its figures and band: what "Details" shows (the
 * report itself lists only what fails).
 */
export function qualityDetailsText(model: QualityReportModel, lang: Lang, timeZone: string): string {
  const { title } = headline(model, lang);
  const byId = new Map(model.run.results.map((r) => [r.checkId, r]));
  const lines = [`${title} · ${formatWhen(model.run.ranAt, timeZone)}`];
  for (const dimension of dimensions) {
    const items = model.checks.filter((c) => c.dimension === dimension && byId.has(c.id)).map((check) => ({ check, result: byId.get(check.id)!, isNew: false }));
    if (items.length === 0) continue;
    const score = model.run.dimensions[dimension];
    lines.push(`${t(lang, `quality.dimension.${dimension}`)}${score === undefined ? '' : ` ${number(score, lang)}`}`);
    for (const item of items) {
      const figures = item.result.value === null ? '' : `: ${measured(item, lang)} (${band(item.check.threshold, lang)})`;
      lines.push(`  ${mark[item.result.status]} ${checkLabel(item.check, lang)}${figures}`);
    }
  }
  return lines.join('\n');
}

const mrkdwn = (text: string) => ({ type: 'mrkdwn' as const, text: cut(text, slackLimits.sectionText) });

/** The report as one Slack message (the chart travels separately, as a file). */
export function qualityBlocks(model: QualityReportModel, lang: Lang, timeZone: string): KnownBlock[] {
  const { title, trend } = headline(model, lang);
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: cut(title, slackLimits.headerText) } },
    { type: 'section', text: mrkdwn(`${escape(trend)} · ${escape(formatWhen(model.run.ranAt, timeZone))}\n${escape(dimensionLine(model, lang))}`) },
    { type: 'divider' },
  ];
  if (model.failing.length + model.unchanged.length === 0) blocks.push({ type: 'section', text: mrkdwn(escape(t(lang, 'quality.all_pass'))) });
  else blocks.push({ type: 'section', text: mrkdwn(`*${escape(t(lang, 'quality.failing', { count: model.failing.length + model.unchanged.length }))}*`) });
  for (const item of model.failing.slice(0, MAX_FAILURE_BLOCKS)) {
    const examples = item.result.samples.length > 0 ? `\n_${escape(t(lang, 'quality.examples', { samples: item.result.samples.join('; ') }))}_` : '';
    blocks.push({ type: 'section', text: mrkdwn(`${item.isNew ? `*${escape(t(lang, 'quality.new'))}* ` : ''}${escape(failureLine(item, model.run.ranAt, lang, timeZone))}${examples}`) });
  }
  const context = [counts(model, lang)];
  if (model.unchanged.length > 0) context.unshift(t(lang, 'quality.unchanged', { list: unchangedList(model, lang, timeZone) }));
  blocks.push({ type: 'context', elements: context.map((text) => mrkdwn(escape(text))) });
  const actions: ActionsBlock = {
    type: 'actions',
    elements: [{ type: 'button', action_id: QUALITY_DETAILS_ACTION, text: { type: 'plain_text', text: t(lang, 'quality.details') }, value: `${model.run.id}:${lang}` }],
  };
  blocks.push(actions);
  return blocks;
}

/** Labels for the x axis: run times, numbered when two runs share a minute. */
function runLabels(times: Date[], timeZone: string): string[] {
  const seen = new Map<string, number>();
  return times.map((at) => {
    const label = formatWhen(at, timeZone).slice(5);
    const n = (seen.get(label) ?? 0) + 1;
    seen.set(label, n);
    return n === 1 ? label : `${label} (${n})`;
  });
}

/** The score and each dimension over the last runs as a line chart; undefined before a second run. */
export function qualityTrendSpec(model: QualityReportModel, lang: Lang, timeZone: string): TopLevelSpec | undefined {
  if (model.trend.length < 2) return undefined;
  const labels = runLabels(model.trend.map((r) => r.ranAt), timeZone);
  const overall = t(lang, 'quality.chart_overall');
  const points = model.trend.flatMap((r, i) => [
    { x: labels[i]!, y: r.score, s: overall, w: 3 },
    ...dimensions.filter((d) => r.dimensions[d] !== undefined).map((d) => ({ x: labels[i]!, y: r.dimensions[d]!, s: t(lang, `quality.dimension.${d}`), w: 1.5 })),
  ]);
  const series = [overall, ...dimensions.map((d) => t(lang, `quality.dimension.${d}`))];
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: t(lang, 'quality.chart_title', { n: model.trend.length }) },
    data: { values: points },
    width: 560,
    height: 260,
    config: {
      font: FONT_FAMILY,
      background: 'white',
      padding: 16,
      view: { stroke: null },
      title: { fontSize: 15, fontWeight: 'bold', anchor: 'start', color: '#1d1c1d', offset: 14 },
      axis: { labelFontSize: 11, labelColor: '#1d1c1d', titleFontSize: 12, titleFontWeight: 'normal', titleColor: '#616061', gridColor: '#ebebeb', domainColor: '#9a9a9a', tickColor: '#9a9a9a' },
      legend: { orient: 'bottom', labelFontSize: 12, title: null },
    },
    mark: { type: 'line', point: model.trend.length <= 40 ? { size: 30, filled: true } : false },
    encoding: {
      x: { field: 'x', type: 'ordinal', sort: null, title: t(lang, 'quality.chart_run'), axis: { labelAngle: model.trend.length > 8 ? -40 : 0 } },
      y: { field: 'y', type: 'quantitative', title: null, scale: { domain: [0, 100] }, axis: { tickCount: 5 } },
      color: { field: 's', type: 'nominal', sort: series, scale: { domain: series, range: ['#1d1c1d', '#1264a3', '#2eb67d', '#ecb22e', '#e01e5a', '#8e44ad'] } },
      strokeWidth: { field: 'w', type: 'quantitative', scale: null, legend: null },
    },
  } as TopLevelSpec;
}

/** The trend chart as a PNG for Slack, or undefined before a second run. */
export async function qualityChartPng(model: QualityReportModel, lang: Lang, timeZone: string): Promise<{ png: Buffer; filename: string; alt: string } | undefined> {
  const spec = qualityTrendSpec(model, lang, timeZone);
  if (!spec) return undefined;
  return {
    png: rasterize(await specToSvg(spec)).png,
    filename: `quality-${model.run.id}.png`,
    alt: t(lang, 'quality.chart_alt', { n: model.trend.length, score: number(model.run.score, lang) }),
  };
}

/** The run as JSON for scripts: every check with its label, status, figures and band. */
export function qualityJson(model: QualityReportModel, lang: Lang) {
  const listed = new Map([...model.failing, ...model.unchanged].map((i) => [i.check.id, i]));
  const byId = new Map(model.checks.map((c) => [c.id, c]));
  return {
    runId: model.run.id,
    ranAt: model.run.ranAt.toISOString(),
    score: model.run.score,
    previousScore: model.previous?.score ?? null,
    dimensions: model.run.dimensions,
    counts: model.counts,
    checks: model.run.results.map((r) => {
      const check = byId.get(r.checkId);
      return {
        id: r.checkId,
        ...(check ? { label: checkLabel(check, lang), band: band(check.threshold, lang) } : {}),
        status: r.status,
        value: r.value,
        violations: r.violations,
        considered: r.considered,
        consideredEstimated: r.consideredEstimated,
        failingSince: r.failingSince?.toISOString() ?? null,
        new: listed.get(r.checkId)?.isNew ?? false,
        unchanged: model.unchanged.some((i) => i.check.id === r.checkId),
        samples: r.samples,
      };
    }),
  };
}
