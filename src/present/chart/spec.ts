/**
 * TableAnswer → Vega-Lite spec: a line for a trend (a time dimension, optionally one series
 * dimension), horizontal bars for a breakdown or top list (one attribute dimension). The first
 * metric is drawn; a comparison over time draws it twice, the compared period as a second line
 * on the same months. Titles, axis titles and numbers are in the asker's language.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { Cell, Column, TableAnswer } from '../../assistant/types.ts';
import { t, type Lang } from '../../messages/index.ts';
import { dimensions, type DimensionId } from '../../semantic/index.ts';
import { formatCell } from '../format.ts';
import { readingLine } from '../text.ts';
import { fitText, textWidth, wrapParts } from './metrics.ts';
import { FONT_FAMILY } from './raster.ts';

/** Bars beyond this become unreadable in a chat image: the largest are drawn, with a note. */
export const MAX_BARS = 25;
/** Lines beyond this are a tangle: the largest series are drawn, with a note. */
export const MAX_SERIES = 8;
/** The name of the number formatter registered with Vega (see chart.ts). */
export const FORMAT_TYPE = 'precisNumber';

const PLOT_WIDTH = 560;
/** Bar labels longer than this are shortened (the axis would cut them anyway, losing any suffix). */
const BAR_LABEL_WIDTH = 200;
const TITLE_SIZE = 15;
/** Titles are bold, and bold digits and letters run about a tenth wider than the regular widths textWidth knows. */
const BOLD_WIDER = 1.1;
const COLOR = '#1264a3';

export type ChartKind = 'line' | 'bar';

interface Point {
  x: string;
  y: number;
  /** The series, for a trend with a second dimension. */
  s?: string;
  /** The value as printed on a bar. */
  label: string;
}

const isTime = (column: Column) => column.role === 'dimension' && column.id in dimensions && dimensions[column.id as DimensionId].kind === 'time';

/** Which chart suits the answer, if any: trends get a line, single breakdowns get bars. */
export function chartKind(answer: TableAnswer): ChartKind | undefined {
  const dims = answer.columns.filter((c) => c.role === 'dimension');
  if (answer.rows.length === 0 || !answer.columns.some((c) => c.role === 'metric')) return undefined;
  const times = dims.filter(isTime);
  if (times.length === 1 && dims.length <= 2) return 'line';
  if (times.length === 0 && dims.length === 1) return 'bar';
  return undefined;
}

/** How an axis tick or a bar label shows a number: compact ("¥1.2M", "¥120万") or in full, as in tables. */
export function formatNumber(value: number, metric: Pick<Column, 'format' | 'currency'>, lang: Lang, compact: boolean): string {
  if (!compact || metric.format === 'percent') return formatCell(value, { id: '', label: '', role: 'metric', ...metric }, lang);
  const options: Intl.NumberFormatOptions = metric.currency
    ? { style: 'currency', currency: metric.currency, currencyDisplay: 'narrowSymbol', notation: 'compact', maximumSignificantDigits: 3 }
    : { notation: 'compact', maximumSignificantDigits: 3 };
  return new Intl.NumberFormat(lang === 'zh' ? 'zh-CN' : 'en-US', options).format(value);
}

/** Axis ticks name their format in a string ("zh|currency|CNY"), which Vega hands back to the formatter. */
export function formatTick(value: number, spec: string): string {
  const [lang, format, currency] = spec.split('|') as [Lang, Column['format'], string];
  return formatNumber(value, { format, ...(currency ? { currency } : {}) }, lang, true);
}

/**
 * Bar labels shortened to fit beside the bars, then made unique: the same label twice (two
 * products with one title, or two long titles that shorten alike) would merge into one bar, so
 * repeats are numbered, and the number stays visible.
 */
function barLabels(labels: string[]): string[] {
  const seen = new Map<string, number>();
  return labels.map((label) => {
    const short = fitText(label, 12, BAR_LABEL_WIDTH);
    const n = (seen.get(short) ?? 0) + 1;
    seen.set(short, n);
    if (n === 1) return short;
    const suffix = ` (${n})`;
    return `${fitText(label, 12, BAR_LABEL_WIDTH - textWidth(suffix, 12))}${suffix}`;
  });
}

const text = (cell: Cell | undefined) => (cell === null || cell === undefined ? '—' : String(cell));

export function chartSpec(answer: TableAnswer): TopLevelSpec | undefined {
  const kind = chartKind(answer);
  if (!kind) return undefined;
  const { columns, rows, lang } = answer;
  const metricIndex = columns.findIndex((c) => c.role === 'metric');
  const metric = columns[metricIndex]!;
  const dims = columns.map((c, i) => ({ c, i })).filter(({ c }) => c.role === 'dimension');
  const xDim = kind === 'line' ? dims.find(({ c }) => isTime(c))! : dims[0]!;
  const seriesDim = kind === 'line' ? dims.find(({ c }) => !isTime(c)) : undefined;

  // "This year vs last year by month": the earlier figures ride on the same x, as a series of their own.
  const previousIndex = kind === 'line' && !seriesDim ? columns.findIndex((c) => c.id === `${metric.id}_previous`) : -1;
  const compared = answer.query?.compare ? [answer.query.period?.label, answer.query.compare.period.label] : [];
  const series: { index: number; name?: string }[] = previousIndex >= 0
    ? [{ index: metricIndex, name: compared[0] ?? metric.label }, { index: previousIndex, name: compared[1] ?? columns[previousIndex]!.label }]
    : [{ index: metricIndex }];
  let points: Point[] = series.flatMap(({ index, name }) => rows
    .filter((row) => typeof row[index] === 'number')
    .map((row) => ({
      x: text(row[xDim.i]),
      y: row[index] as number,
      ...(seriesDim ? { s: text(row[seriesDim.i]) } : name ? { s: name } : {}),
      label: '',
    })));
  if (points.length === 0) return undefined;
  const seriesTitle = seriesDim?.c.label ?? (previousIndex >= 0 ? '' : undefined);

  let subtitle: string | undefined;
  if (kind === 'bar') {
    if (points.length > MAX_BARS) {
      subtitle = t(lang, 'chart.top_shown', { shown: MAX_BARS, total: points.length });
      points = [...points].sort((a, b) => b.y - a.y).slice(0, MAX_BARS);
    }
    const labels = barLabels(points.map((p) => p.x));
    points = points.map((p, i) => ({ ...p, x: labels[i]! }));
  } else if (seriesDim) {
    const totals = new Map<string, number>();
    for (const p of points) totals.set(p.s!, (totals.get(p.s!) ?? 0) + p.y);
    if (totals.size > MAX_SERIES) {
      const kept = new Set([...totals].sort((a, b) => b[1] - a[1]).slice(0, MAX_SERIES).map(([s]) => s));
      subtitle = t(lang, 'chart.top_shown', { shown: MAX_SERIES, total: totals.size });
      points = points.filter((p) => kept.has(p.s!));
    }
  }

  // One format for all bar labels: compact as soon as one of them is large.
  const compact = points.some((p) => Math.abs(p.y) >= 10_000);
  points = points.map((p) => ({ ...p, label: formatNumber(p.y, metric, lang, compact) }));

  const title = wrapParts(readingLine(answer.reading, lang), TITLE_SIZE * BOLD_WIDER, PLOT_WIDTH + 40);
  const axisFormat = { format: `${lang}|${metric.format}|${metric.currency ?? ''}`, formatType: FORMAT_TYPE };
  const valueAxis = { title: metric.label, ...axisFormat, tickCount: 5 };
  const common = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: title, ...(subtitle ? { subtitle } : {}) },
    data: { values: points },
    config: {
      font: FONT_FAMILY,
      background: 'white',
      padding: 16,
      customFormatTypes: true,
      view: { stroke: null },
      title: { fontSize: TITLE_SIZE, fontWeight: 'bold', anchor: 'start', color: '#1d1c1d', subtitleFontSize: 12, subtitleColor: '#616061', subtitlePadding: 6, offset: 14 },
      axis: {
        labelFontSize: 12, labelColor: '#1d1c1d', titleFontSize: 12, titleFontWeight: 'normal', titleColor: '#616061',
        gridColor: '#ebebeb', domainColor: '#9a9a9a', tickColor: '#9a9a9a',
      },
      legend: { orient: 'bottom', labelFontSize: 12, titleFontSize: 12, titleFontWeight: 'normal', labelLimit: 160 },
    },
  } as const;

  if (kind === 'line') {
    const ticks = [...new Set(points.map((p) => p.x))];
    // Upright labels while they fit side by side; slanted when they would touch; beyond a
    // dozen or so, every k-th label, upright, with its tick.
    const needed = ticks.reduce((sum, x) => sum + textWidth(x, 12) + 12, 0);
    const crowded = needed > PLOT_WIDTH;
    const every = crowded && ticks.length > 16 ? Math.ceil(needed / PLOT_WIDTH) : 1;
    const shownTicks = every > 1 ? ticks.filter((_, i) => i % every === 0) : undefined;
    return {
      ...common,
      width: PLOT_WIDTH,
      height: 260,
      mark: { type: 'line', strokeWidth: 2.5, point: ticks.length <= 40 ? { size: 36, filled: true } : false, ...(seriesTitle === undefined ? { color: COLOR } : {}) },
      encoding: {
        x: { field: 'x', type: 'ordinal', title: xDim.c.label, axis: { labelAngle: crowded && every === 1 ? -40 : 0, labelOverlap: 'parity', labelPadding: 6, ...(shownTicks ? { values: shownTicks } : {}) } },
        y: { field: 'y', type: 'quantitative', axis: { ...valueAxis, titleAngle: 0, titleAnchor: 'end', titleAlign: 'left', titleBaseline: 'bottom', titleY: -10 } },
        ...(seriesTitle === undefined ? {} : { color: { field: 's', type: 'nominal', title: seriesTitle || null, sort: null, scale: { scheme: 'tableau10' } } }),
      },
    } as TopLevelSpec;
  }
  return {
    ...common,
    width: PLOT_WIDTH,
    height: { step: 24 },
    encoding: {
      y: { field: 'x', type: 'nominal', sort: null, title: xDim.c.label, axis: { labelLimit: BAR_LABEL_WIDTH + 20, titleAngle: 0, titleAnchor: 'end', titleAlign: 'right', titleBaseline: 'bottom', titleY: -6 } },
      x: { field: 'y', type: 'quantitative', axis: { ...valueAxis, orient: 'top', labelAngle: 0 }, scale: { nice: true } },
    },
    layer: [
      { mark: { type: 'bar', color: COLOR, cornerRadiusEnd: 2, height: { band: 0.7 } } },
      { mark: { type: 'text', align: 'left', baseline: 'middle', dx: 4, fontSize: 11, color: '#1d1c1d' }, encoding: { text: { field: 'label' } } },
    ],
  } as TopLevelSpec;
}
