/**
 * Catalog checks, run at startup and in a unit test against the real catalog: every problem is
 * listed at once, so a bad edit to metrics.ts or dimensions.ts fails loudly before anyone asks.
 */
import type { Lang } from '../messages/index.ts';
import type { DimensionDef, MetricDef } from './types.ts';

export function checkCatalog(metrics: Record<string, MetricDef>, dimensions: Record<string, DimensionDef>): string[] {
  const problems: string[] = [];
  const claimed = new Map<string, string>();
  const claim = (owner: string, lang: Lang, phrase: string) => {
    if (phrase !== phrase.toLowerCase().trim()) problems.push(`${owner}: synonym "${phrase}" must be lower-case and trimmed`);
    const key = `${lang}:${phrase}`;
    const other = claimed.get(key);
    if (other && other !== owner) problems.push(`synonym "${phrase}" (${lang}) is claimed by both ${other} and ${owner}`);
    claimed.set(key, owner);
  };

  for (const [id, metric] of Object.entries(metrics)) {
    for (const lang of ['en', 'zh'] as const) for (const s of metric.synonyms[lang]) claim(`metric ${id}`, lang, s);
    if (metric.onSales !== undefined) {
      const target = metrics[metric.onSales];
      if (!target) problems.push(`metric ${id}: onSales names unknown metric "${metric.onSales}"`);
      else if (target.source !== 'sales') problems.push(`metric ${id}: onSales metric "${metric.onSales}" is not on the sales source`);
    }
  }
  for (const [id, dim] of Object.entries(dimensions)) {
    for (const lang of ['en', 'zh'] as const) for (const s of dim.synonyms[lang]) claim(`dimension ${id}`, lang, s);
    if (dim.kind === 'time' && !dim.grain) problems.push(`dimension ${id}: a time dimension needs a grain`);
    if (dim.kind === 'attribute' && Object.keys(dim.on).length === 0) problems.push(`dimension ${id}: binds to no source`);
  }
  return problems;
}
