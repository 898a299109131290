/**
 * TableAnswer → chart PNG, without a browser: Vega-Lite → Vega → SVG (Vega's headless view,
 * renderer 'none'), then SVG → PNG with resvg and the Noto Sans SC font shipped through npm.
 * Trends get a line, breakdowns and top lists get bars; other answers get no chart.
 *
 * It must never depend on the machine: no system fonts, no canvas, no network. Text is laid out
 * with Noto Sans SC's widths (chart/metrics.ts) and drawn with the same font.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { TableAnswer } from '../assistant/types.ts';
import { textWidth } from './chart/metrics.ts';
import { rasterize } from './chart/raster.ts';
import { chartSpec, FORMAT_TYPE, formatTick } from './chart/spec.ts';

export { chartKind, chartSpec } from './chart/spec.ts';
export { rasterize, type Raster } from './chart/raster.ts';

interface TextItem {
  fontSize?: number;
  limit?: number;
}

type Vega = typeof import('vega');
type VegaLite = typeof import('vega-lite');
let loaded: Promise<{ vega: Vega; compile: VegaLite['compile'] }> | undefined;

/**
 * Vega and Vega-Lite are loaded on the first chart, not at start: they are a second of start-up
 * and tens of megabytes that commands drawing no chart (ingest, quality, …) never need.
 */
function loadVega(): Promise<{ vega: Vega; compile: VegaLite['compile'] }> {
  return (loaded ??= Promise.all([import('vega'), import('vega-lite')]).then(([vega, vegaLite]) => {
    setUpVega(vega);
    return { vega, compile: vegaLite.compile };
  }));
}

/** Vega's text measure and number formatter are process-wide; set them once, before the first parse. */
function setUpVega(vega: Vega): void {
  const metrics = (vega as unknown as { textMetrics: { width: (item: TextItem, text: unknown) => number } }).textMetrics;
  metrics.width = (item, text) => {
    const width = textWidth(text == null ? '' : String(text).trim(), item.fontSize ?? 11);
    // Vega truncates a label wider than its limit; a truncated label is at most that wide.
    return item.limit && item.limit > 0 ? Math.min(width, item.limit) : width;
  };
  vega.expressionFunction(FORMAT_TYPE, (value: unknown, spec: string) => (typeof value === 'number' ? formatTick(value, spec) : String(value ?? '')));
}

/** The chart as SVG text, or undefined when the answer is not a trend or a breakdown. */
export async function renderChartSvg(answer: TableAnswer): Promise<string | undefined> {
  const spec = chartSpec(answer);
  return spec ? specToSvg(spec) : undefined;
}

/** Any Vega-Lite spec as SVG text, laid out with the shipped font (charts not drawn from an answer, e.g. the quality trend). */
export async function specToSvg(spec: TopLevelSpec): Promise<string> {
  const { vega, compile } = await loadVega();
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/**
 * The chart as a PNG (drawn at 2× for sharp text), or undefined when the answer is not a trend
 * or a breakdown.
 *
 * @example
 *   const png = await renderChartPng(answer);
 *   if (png) await client.files.uploadV2({ channel_id, thread_ts, file: png, filename: 'chart.png' });
 */
export async function renderChartPng(answer: TableAnswer): Promise<Buffer | undefined> {
  const svg = await renderChartSvg(answer);
  return svg === undefined ? undefined : rasterize(svg).png;
}
