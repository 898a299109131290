/** How a check is named for people, in their language, from its declaration (never from data). */
import { t, type Lang, type MessageKey } from '../messages/index.ts';
import type { Check } from './checks.ts';

export function checkLabel(check: Check, lang: Lang): string {
  const key = (check.kind === 'range' ? `quality.check.range_${check.rule}` : `quality.check.${check.kind}`) as MessageKey;
  const params: Record<string, string | number> = { table: check.table };
  if ('column' in check) params.column = check.column;
  if (check.kind === 'format') params.format = t(lang, `quality.format.${check.format}`);
  if (check.kind === 'references') params.parent = check.parent;
  if (check.kind === 'sum_matches') params.child = check.child;
  if (check.kind === 'batch_field_issue') Object.assign(params, { field: check.issue.split(':').at(-1)!, kind: check.batchKind });
  if (check.kind === 'price_spread') params.ratio = check.maxRatio;
  return t(lang, key, params);
}
