/**
 * Chart PNGs. The machine has no CJK font, so a chart whose Chinese text falls back to a system
 * font shows boxes ("tofu") instead of characters. The check below does not trust the SVG: it
 * looks at the pixels. Every missing character is drawn as the same box, so with tofu the text
 * "销售额" and "国国国" come out identical; with real glyphs they differ.
 */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { TableAnswer } from '../../src/assistant/types.ts';
import { chartKind, chartSpec, rasterize, renderChartPng, renderChartSvg, type Raster } from '../../src/present/chart.ts';
import { revenue, revenueByCity, revenueByCityQuery } from '../helpers/answers.ts';


function revenueByMonth(lang: 'en' | 'zh'): TableAnswer {
  const en = lang === 'en';
  const months = ['2025-01', '2025-02', '2025-03', '2025-04', '2025-05', '2025-06', '2025-07', '2025-08', '2025-09', '2025-10', '2025-11', '2025-12'];
  const values = [182_000, 165_500, 210_300, 198_700, 245_100, 320_900, 288_400, 301_200, 276_800, 355_600, 612_300, 420_750];
  return {
    ...revenueByCity(lang),
    query: { ...revenueByCityQuery, intent: 'trend', dimensions: ['month'] },
    reading: { ...revenueByCity(lang).reading, dimensions: [en ? 'Month' : '月'], period: en ? 'this year (2025-01-01 – 2025-12-31)' : '今年 (2025-01-01 – 2025-12-31)' },
    columns: [{ id: 'month', label: en ? 'Month' : '月', role: 'dimension', format: 'text' }, revenue(en ? 'Revenue' : '销售额')],
    rows: months.map((m, i) => [m, values[i]!]),
  };
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Width and height from the PNG's IHDR chunk. */
function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
  expect(png.subarray(12, 16).toString('latin1')).toBe('IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/** Pixels that are not near-white in rows [top, bottom). */
function ink(image: Raster, top = 0, bottom = image.height): number {
  let count = 0;
  for (let y = top; y < bottom; y++) {
    for (let x = 0; x < image.width; x++) {
      const i = (y * image.width + x) * 4;
      if (image.pixels[i]! < 200 || image.pixels[i + 1]! < 200 || image.pixels[i + 2]! < 200) count++;
    }
  }
  return count;
}

function differing(a: Raster, b: Raster): number {
  expect([a.width, a.height]).toEqual([b.width, b.height]);
  let count = 0;
  for (let i = 0; i < a.pixels.length; i += 4) if (a.pixels.readUInt32BE(i) !== b.pixels.readUInt32BE(i)) count++;
  return count;
}

/** A font without Chinese, as a machine without CJK fonts would fall back to. */
const LATIN_ONLY = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf';

const textSvg = (text: string) =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="240" height="60"><text x="10" y="40" font-family="Noto Sans SC" font-size="32">${text}</text></svg>`;

describe('chart', () => {
  it('draws a line for a trend, bars for a breakdown, and nothing for a single figure or a cross table', () => {
    expect(chartKind(revenueByMonth('zh'))).toBe('line');
    expect(chartKind(revenueByCity('en'))).toBe('bar');
    const figure: TableAnswer = { ...revenueByCity('en'), columns: [revenueByCity('en').columns[1]!], rows: [[12]] };
    expect(chartKind(figure)).toBeUndefined();
    const cross: TableAnswer = {
      ...revenueByCity('en'),
      columns: [{ id: 'city', label: 'City', role: 'dimension', format: 'text' }, { id: 'platform', label: 'Platform', role: 'dimension', format: 'text' }, revenueByCity('en').columns[1]!],
      rows: [['Shanghai', 'tmall', 1]],
    };
    expect(chartKind(cross)).toBeUndefined();
    expect(chartKind({ ...revenueByCity('en'), rows: [] })).toBeUndefined();
  });

  it('renders a Chinese trend as a PNG of sensible size', async () => {
    const png = await renderChartPng(revenueByMonth('zh'));
    expect(png).toBeInstanceOf(Buffer);
    const { width, height } = pngSize(png!);
    // Drawn at 2×: about 640 × 400 CSS pixels, readable in a Slack thread without zooming.
    expect(width).toBeGreaterThan(1000);
    expect(width).toBeLessThan(1600);
    expect(height).toBeGreaterThan(600);
    expect(height).toBeLessThan(1200);
    expect(png!.length).toBeGreaterThan(20_000);
    expect(png!.length).toBeLessThan(300_000);
  });

  it('titles the chart with the reading line and formats money on the axis in the asker\'s language', async () => {
    const zh = (await renderChartSvg(revenueByMonth('zh')))!;
    expect(zh).toContain('销售额 · 按月 · 今年 (2025-01-01 – 2025-12-31)');
    expect(zh).toContain('¥60万');
    expect(zh).toContain('>月<');
    const en = (await renderChartSvg(revenueByCity('en')))!;
    expect(en).toContain('Revenue · by City · in 2025 (2025-01-01 – 2025-12-31)');
    expect(en).toContain('¥1.2M');
    expect(en).toContain('¥1.23M');
    expect(en).toContain('Shanghai');
    expect(pngSize((await renderChartPng(revenueByCity('en')))!).width).toBeGreaterThan(1000);
  });

  it('draws a comparison over months as two lines, named by their periods, and keeps its long title inside the image', async () => {
    const base = revenueByMonth('zh');
    const compared: TableAnswer = {
      ...base,
      query: { ...base.query!, intent: 'compare', period: { start: '2025-01-01', end: '2026-01-01', label: '今年' }, compare: { kind: 'custom', period: { start: '2024-01-01', end: '2025-01-01', label: '去年' } } },
      reading: { ...base.reading, versus: '对比 去年 (2024-01-01 – 2024-12-31)' },
      columns: [...base.columns, { ...base.columns[1]!, id: 'revenue_previous', label: '销售额（对比期）' }],
      rows: base.rows.map((r) => [...r, (r[1] as number) / 2]),
    };
    const svg = (await renderChartSvg(compared))!;
    expect(svg).toContain('>今年<');
    expect(svg).toContain('>去年<');
    // Every month twice: once per line.
    const points = (chartSpec(compared) as { data: { values: { x: string; y: number; s: string }[] } }).data.values;
    expect(points.filter((p) => p.x === '2025-03').map((p) => [p.s, p.y])).toEqual([['今年', 210_300], ['去年', 105_150]]);
    // The reading line with its comparison is wrapped, not cut at the right edge.
    expect(svg).toContain('对比 去年 (2024-01-01 – 2024-12-31)');
    expect(svg).not.toContain('2025-12-31) · 对比');
  });

  it('draws Chinese characters as glyphs, not as boxes', () => {
    // Different characters give different pictures only when the font has them.
    const a = rasterize(textSvg('销售额'));
    const b = rasterize(textSvg('客户数'));
    expect(ink(a)).toBeGreaterThan(500);
    expect(ink(b)).toBeGreaterThan(500);
    expect(differing(a, b)).toBeGreaterThan(500);
  });

  it('draws every Chinese label of a real chart with glyphs, from the shipped font only', async () => {
    const svg = (await renderChartSvg(revenueByMonth('zh')))!;
    const real = rasterize(svg);
    const boxes = rasterize(svg.replace(/[\u4e00-\u9fff]/g, '国'));
    // Title band: text is drawn there at all...
    expect(ink(real, 0, 120)).toBeGreaterThan(2000);
    // ...and it changes with the characters, which tofu would not.
    expect(differing(real, boxes)).toBeGreaterThan(2000);
    // Without the shipped font nothing is drawn: the text does not come from the machine.
    expect(ink(rasterize(svg, { fonts: [] }), 0, 120)).toBe(0);
  });

  // The check above must be able to fail: with a font that lacks Chinese, the two pictures are
  // the same. Skipped where the machine has no DejaVu Sans to stand in for such a font.
  it.skipIf(!existsSync(LATIN_ONLY))('sees boxes when the font lacks Chinese (the check can fail)', async () => {
    const svg = (await renderChartSvg(revenueByMonth('zh')))!;
    const fonts = [LATIN_ONLY];
    expect(differing(rasterize(svg, { fonts }), rasterize(svg.replace(/[\u4e00-\u9fff]/g, '国'), { fonts }))).toBe(0);
  });
});
