/**
 * The parser's vocabulary: every phrase that names a metric, a dimension or a value, derived
 * from the semantic catalog and the store's values — never written here by hand.
 */
import { dimensions, metrics, type DimensionId, type MetricId } from '../semantic/index.ts';
import type { ValueEntry } from '../semantic/values.ts';

export type LexiconTarget =
  | { kind: 'metric'; id: MetricId }
  | { kind: 'dimension'; id: DimensionId }
  | { kind: 'value'; dimension: DimensionId; value: string };

export interface LexiconEntry {
  phrase: string;
  target: LexiconTarget;
}

export interface Match {
  index: number;
  length: number;
  target: LexiconTarget;
}

export function buildLexicon(values: readonly ValueEntry[]): LexiconEntry[] {
  const entries: LexiconEntry[] = [];
  for (const [id, def] of Object.entries(metrics)) {
    for (const phrase of [...def.synonyms.en, ...def.synonyms.zh]) entries.push({ phrase, target: { kind: 'metric', id: id as MetricId } });
  }
  for (const [id, def] of Object.entries(dimensions)) {
    for (const phrase of [...def.synonyms.en, ...def.synonyms.zh]) entries.push({ phrase, target: { kind: 'dimension', id: id as DimensionId } });
  }
  for (const v of values) {
    for (const phrase of v.phrases) entries.push({ phrase, target: { kind: 'value', dimension: v.dimension, value: v.value } });
  }
  return entries;
}

const isWordChar = (ch: string | undefined) => ch !== undefined && /[\p{Script=Latin}\p{N}]/u.test(ch);

/**
 * Finds lexicon phrases in `text`: longest first, never overlapping. Latin phrases must stand as
 * whole words ("market" does not match inside "marketing"); Chinese ones match anywhere.
 */
export function scan(text: string, lexicon: readonly LexiconEntry[]): Match[] {
  const candidates: Match[] = [];
  for (const { phrase, target } of lexicon) {
    for (let at = text.indexOf(phrase); at !== -1; at = text.indexOf(phrase, at + 1)) {
      const before = text[at - 1];
      const after = text[at + phrase.length];
      if (isWordChar(phrase[0]) && isWordChar(before)) continue;
      if (isWordChar(phrase[phrase.length - 1]) && isWordChar(after)) continue;
      candidates.push({ index: at, length: phrase.length, target });
    }
  }
  candidates.sort((a, b) => b.length - a.length || a.index - b.index);
  const taken: Match[] = [];
  for (const c of candidates) {
    if (taken.every((t) => c.index + c.length <= t.index || t.index + t.length <= c.index)) taken.push(c);
  }
  return taken.sort((a, b) => a.index - b.index);
}
