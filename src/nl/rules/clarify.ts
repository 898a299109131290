/**
 * Clarifications: when the rules parser cannot answer with confidence, it asks back with
 * complete alternative queries — each becomes a button that runs it. An option that would not
 * validate is never offered, so every button answers.
 */
import { t, type Lang } from '../../messages/index.ts';
import { QuerySpec } from '../../query/dsl.ts';
import { validate } from '../../query/validate.ts';
import { dimensions, metrics, type DimensionId } from '../../semantic/index.ts';
import type { LexiconEntry } from '../lexicon.ts';

export type ClarifyReason = 'vague' | 'ambiguous' | 'unknown_value';

export interface ClarifyOption {
  /** What the button says, in the asker's language: "Revenue · Shanghai · last month". */
  label: string;
  query: QuerySpec;
}

export interface Clarification {
  kind: 'clarify';
  reason: ClarifyReason;
  /** The asker's language, which the message and labels are in. */
  lang: Lang;
  /** The question back, in the asker's language (src/messages). */
  message: string;
  /** Complete alternative queries, best first; at most MAX_OPTIONS. */
  options: ClarifyOption[];
}

export const MAX_OPTIONS = 4;

/** A value as the asker reads it: the dimension's display, else the lexicon's Chinese name for Chinese askers. */
function displayValue(d: DimensionId, value: string, lang: Lang, lexicon: readonly LexiconEntry[]): string {
  const def = dimensions[d];
  if ('display' in def && def.display) return def.display(value, lang);
  if (lang === 'zh') {
    const named = lexicon.find((e) => e.target.kind === 'value' && e.target.dimension === d && e.target.value === value && /\p{Script=Han}/u.test(e.phrase));
    if (named) return named.phrase;
  }
  return value;
}

/** A short reading of a query, for a button. */
export function describeQuery(q: QuerySpec, lang: Lang, lexicon: readonly LexiconEntry[] = []): string {
  const list = (xs: string[]) => xs.join(lang === 'zh' ? '、' : ', ');
  const dimLabel = (d: DimensionId) => (lang === 'en' ? dimensions[d].label.en.toLowerCase() : dimensions[d].label.zh);
  const parts = [list(q.metrics.map((m) => metrics[m].label[lang]))];
  if (q.intent === 'top' && q.limit !== null && q.dimensions[0]) parts.push(t(lang, 'reading.top', { n: q.limit, dim: dimLabel(q.dimensions[0]) }));
  else if (q.dimensions.length > 0) parts.push(t(lang, 'reading.by', { dims: list(q.dimensions.map(dimLabel)) }));
  for (const f of q.filters) parts.push(list(f.values.map((v) => displayValue(f.dimension, v, lang, lexicon))));
  if (q.period) parts.push(q.period.label);
  if (q.compare) parts.push(t(lang, 'reading.versus', { period: q.compare.period.label }));
  return parts.join(' · ');
}

/** Options from candidate queries: valid ones only, no two alike, at most MAX_OPTIONS. */
export function toOptions(queries: QuerySpec[], lang: Lang, lexicon: readonly LexiconEntry[]): ClarifyOption[] {
  const seen = new Set<string>();
  const options: ClarifyOption[] = [];
  for (const candidate of queries) {
    const parsed = QuerySpec.safeParse(candidate);
    if (!parsed.success || validate(parsed.data).problems.length > 0) continue;
    const key = JSON.stringify(parsed.data);
    if (seen.has(key)) continue;
    seen.add(key);
    options.push({ label: describeQuery(parsed.data, lang, lexicon), query: parsed.data });
    if (options.length === MAX_OPTIONS) break;
  }
  return options;
}
