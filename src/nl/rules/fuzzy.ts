/**
 * Near matches for words the lexicon does not know: typos in Latin names ("Shanghia", "Tmal",
 * "skincre"), plurals ("customer"), prefixes ("lumi"), and for Chinese, containment ("耳机" in
 * "耳机音响") and one wrong character ("杭洲" for "杭州"). No pinyin: characters only.
 * A near match is a candidate; whether to take it or ask is the parser's decision.
 */
import type { LexiconEntry, LexiconTarget } from '../lexicon.ts';

export interface Candidate {
  target: LexiconTarget;
  phrase: string;
  /** exact: a plural or spacing variant; typo: within the edit budget; partial: a prefix or a containment; overlap: one wrong character. */
  kind: 'exact' | 'typo' | 'partial' | 'overlap';
  /** Edits for typos; 0 otherwise. */
  distance: number;
  /** 0–1, higher is closer; orders candidates. */
  score: number;
}

/** Optimal string alignment distance (Levenshtein plus adjacent transpositions). */
export function editDistance(a: string, b: string): number {
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) rows[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = d;
    }
  }
  return rows[a.length]![b.length]!;
}

/** How many typos a word of this length may carry and still be recognised. */
export const typoBudget = (length: number) => (length < 4 ? 0 : length < 6 ? 1 : length < 10 ? 2 : 3);

const HAN = /\p{Script=Han}/u;
const isLatinPhrase = (phrase: string) => /^[\p{Script=Latin}\d][\p{Script=Latin}\d .&'’-]*$/u.test(phrase);
const squash = (s: string) => s.replace(/[\s.&'’-]+/g, '');
const sameTarget = (a: LexiconTarget, b: LexiconTarget) => JSON.stringify(a) === JSON.stringify(b);

/** Keeps the best candidate per target, best first. */
function best(candidates: Candidate[]): Candidate[] {
  const rank = { exact: 0, typo: 1, partial: 2, overlap: 3 } as const;
  candidates.sort((a, b) => rank[a.kind] - rank[b.kind] || a.distance - b.distance || b.score - a.score || a.phrase.localeCompare(b.phrase));
  const kept: Candidate[] = [];
  for (const c of candidates) if (!kept.some((k) => sameTarget(k.target, c.target))) kept.push(c);
  return kept;
}

/** Latin candidates for a word (or two words, "shang hai"): plurals, typos, prefixes. */
export function latinCandidates(word: string, lexicon: readonly LexiconEntry[]): Candidate[] {
  const w = word.toLowerCase();
  const flat = squash(w);
  const out: Candidate[] = [];
  for (const { phrase, target } of lexicon) {
    if (!isLatinPhrase(phrase)) continue;
    const p = squash(phrase);
    if (p === flat || p === `${flat}s` || `${p}s` === flat || p === `${flat}es` || (flat.endsWith('y') && p === `${flat.slice(0, -1)}ies`)) {
      out.push({ target, phrase, kind: 'exact', distance: 0, score: 1 });
      continue;
    }
    if (p.length < 4 || flat.length < 4) continue;
    const budget = typoBudget(Math.min(flat.length, p.length));
    if (Math.abs(p.length - flat.length) <= budget) {
      const d = editDistance(flat, p);
      // The first letter is rarely the typo; requiring it keeps "phone" from meaning "home".
      if (d > 0 && d <= budget && flat[0] === p[0]) {
        out.push({ target, phrase, kind: 'typo', distance: d, score: 1 - d / Math.max(flat.length, p.length) });
        continue;
      }
    }
    if (p.startsWith(flat) && flat.length * 2 >= p.length) out.push({ target, phrase, kind: 'partial', distance: 0, score: flat.length / p.length });
  }
  return best(out);
}

/** Chinese candidates for a run of characters: a phrase containing it, or the same length with one character different. */
export function hanCandidates(run: string, lexicon: readonly LexiconEntry[]): Candidate[] {
  const chars = [...run];
  if (chars.length < 2) return [];
  const out: Candidate[] = [];
  for (const { phrase, target } of lexicon) {
    if (!HAN.test(phrase)) continue;
    const p = [...phrase];
    if (p.length < 2) continue;
    if (phrase.includes(run)) {
      if (chars.length * 2 >= p.length) out.push({ target, phrase, kind: 'partial', distance: 0, score: chars.length / p.length });
      continue;
    }
    // Slide the phrase over the run: one character off ("杭洲" ~ "杭州", "销受额" ~ "销售额").
    for (let at = 0; at + p.length <= chars.length; at++) {
      const same = p.filter((ch, i) => chars[at + i] === ch).length;
      if (same >= p.length - 1 && same * 2 >= p.length && HAN.test(chars.slice(at, at + p.length).join(''))) {
        out.push({ target, phrase, kind: 'overlap', distance: p.length - same, score: same / p.length });
        break;
      }
    }
  }
  return best(out);
}
