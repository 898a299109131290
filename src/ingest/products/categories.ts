/**
 * Platform category labels → one taxonomy. Each platform files products under its own path
 * ('美妆>护肤', '美妆/护肤', 'Beauty > Skincare', '美妆护肤/面部精华'); this maps a label to one
 * category of ours by its leaf segment first, then up its path, comparing English and Chinese
 * names and synonyms derived from them (spacing, plurals, the parts of 'Tea & Coffee', a Chinese
 * name inside a longer one). There is no hand-written list per label: a label nothing explains
 * comes back unmapped, and `collectUnmappedLabels` lists those per platform for the report.
 *
 * Never guesses between two categories: a label that fits two equally well is unmapped.
 */
import { z } from 'zod';
import { foldText, singular } from './normalize-title.ts';

/** One category of the taxonomy, as the categories table holds it (parent by name). */
export const TaxonomyEntry = z.object({
  name: z.string().min(1),
  nameZh: z.string().nullable(),
  parentName: z.string().nullable(),
});
export type TaxonomyEntry = z.infer<typeof TaxonomyEntry>;

export type CategoryMapping = { category: string } | { unmapped: true; label: string };

/** A taxonomy compiled for look-ups; `mapCategoryLabel` compiles (and caches) one itself. */
export interface Taxonomy {
  readonly entries: readonly TaxonomyEntry[];
  /** Folded key (English compact singular, or Chinese name) → category names. */
  readonly byKey: ReadonlyMap<string, readonly string[]>;
  /** Each category's English words (singular), for 'Mobile Phones' → Phones. */
  readonly wordsOf: ReadonlyMap<string, readonly (readonly string[])[]>;
  readonly depthOf: ReadonlyMap<string, number>;
  readonly ancestorsOf: ReadonlyMap<string, readonly string[]>;
  readonly hasChildren: ReadonlySet<string>;
}

const connectors = new Set(['and', 'the', 'of', 'for', 'other', 'others', 'misc']);

/** English words of a label, folded: "Women's Wear" → ['womens', 'wear']. */
function rawWords(s: string): string[] {
  return (foldText(s).match(/[a-z0-9]+/g) ?? []).filter((w) => !connectors.has(w));
}

/** The same, each word singular: 'Mobile Phones' → ['mobile', 'phone']. */
function englishWords(s: string): string[] {
  return rawWords(s).map(singular);
}

/** One key for spacing and plural variants: "Women's Wear", 'Womenswear' → 'womenswear'. */
function compactKey(s: string): string {
  return singular(rawWords(s).join(''));
}

/** The Chinese characters of a label, nothing else. */
function hanOf(s: string): string {
  return (foldText(s).match(/\p{Script=Han}+/gu) ?? []).join('');
}

/** Keys a name is known by: compact English ('skincare' for 'Skin Care') and its Chinese name. */
function keysOf(s: string): string[] {
  const keys: string[] = [];
  const compact = compactKey(s);
  if (compact) keys.push(compact);
  const han = hanOf(s);
  if (han) keys.push(han);
  return keys;
}

/**
 * Compiles a taxonomy: keys for every name, plus each part of a name made of parts ('Tea &
 * Coffee' is also 'tea' and 'coffee'), depths and ancestors.
 */
export function compileTaxonomy(entries: readonly TaxonomyEntry[]): Taxonomy {
  const byKey = new Map<string, string[]>();
  const wordsOf = new Map<string, string[][]>();
  const add = (key: string, name: string) => {
    const names = byKey.get(key) ?? [];
    if (!names.includes(name)) names.push(name);
    byKey.set(key, names);
  };
  const parentOf = new Map(entries.map((e) => [e.name, e.parentName]));
  const hasChildren = new Set(entries.flatMap((e) => (e.parentName ? [e.parentName] : [])));
  for (const entry of entries) {
    const forms = [entry.name];
    const parts = entry.name.split(/\s*(?:&|\band\b|\/|,|\+)\s*/i).filter(Boolean);
    if (parts.length > 1) forms.push(...parts);
    const wordForms: string[][] = [];
    for (const form of forms) {
      const words = englishWords(form);
      if (words.length > 0) {
        add(compactKey(form), entry.name);
        wordForms.push(words);
      }
    }
    wordsOf.set(entry.name, wordForms);
    if (entry.nameZh) add(hanOf(entry.nameZh) || foldText(entry.nameZh), entry.name);
  }
  const depthOf = new Map<string, number>();
  const ancestorsOf = new Map<string, string[]>();
  for (const entry of entries) {
    const ancestors: string[] = [];
    for (let p = entry.parentName; p && !ancestors.includes(p); p = parentOf.get(p) ?? null) ancestors.push(p);
    ancestorsOf.set(entry.name, ancestors);
    depthOf.set(entry.name, ancestors.length);
  }
  return { entries, byKey, wordsOf, depthOf, ancestorsOf, hasChildren };
}

const compiled = new WeakMap<readonly TaxonomyEntry[], Taxonomy>();
function asTaxonomy(taxonomy: readonly TaxonomyEntry[] | Taxonomy): Taxonomy {
  if (!Array.isArray(taxonomy)) return taxonomy as Taxonomy;
  const entries = taxonomy as readonly TaxonomyEntry[];
  let t = compiled.get(entries);
  if (!t) compiled.set(entries, (t = compileTaxonomy(entries)));
  return t;
}

/** Splits a label into its path segments, root first: '美妆 > 护肤' → ['美妆', '护肤']. */
export function labelSegments(label: string): string[] {
  return label
    .normalize('NFKC')
    .split(/\s*(?:>|\/|\||\\|›|»|→|::)\s*/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Categories one segment could mean, most specific first; empty when none. */
function candidatesOf(segment: string, t: Taxonomy): string[] {
  // 1. A name or a derived key exactly ('skin care' → 'skincare', '护肤').
  const exact = new Set<string>();
  for (const key of keysOf(segment)) for (const name of t.byKey.get(key) ?? []) exact.add(name);
  if (exact.size > 0) return [...exact];

  const found = new Set<string>();
  // 2. Every word of a category name is in the segment ('Mobile Phones' → Phones).
  const words = new Set(englishWords(segment));
  if (words.size > 0) {
    for (const [name, forms] of t.wordsOf) if (forms.some((form) => form.every((w) => words.has(w)))) found.add(name);
  }
  // 3. A Chinese name inside the segment, or the segment inside a Chinese name (both ≥ 2 characters).
  const han = hanOf(segment);
  if (han.length >= 2) {
    for (const entry of t.entries) {
      const zh = entry.nameZh ? hanOf(entry.nameZh) : '';
      if (zh.length >= 2 && (han.includes(zh) || zh.includes(han))) found.add(entry.name);
    }
  }
  return [...found];
}

/**
 * Picks one category among a segment's candidates: the deepest, and among equally deep ones the
 * one whose ancestor the rest of the path names. Null when that still leaves more than one.
 */
function choose(candidates: readonly string[], pathCategories: ReadonlySet<string>, t: Taxonomy): string | null {
  if (candidates.length === 0) return null;
  const depth = (name: string) => t.depthOf.get(name) ?? 0;
  const deepest = Math.max(...candidates.map(depth));
  let best = candidates.filter((c) => depth(c) === deepest);
  if (best.length > 1) {
    const onPath = best.filter((c) => (t.ancestorsOf.get(c) ?? []).some((a) => pathCategories.has(a)));
    best = onPath.length > 0 ? onPath : best;
  }
  return best.length === 1 ? best[0]! : null;
}

/**
 * Maps one platform category label to a taxonomy category. The leaf segment decides when it
 * maps; otherwise the nearest segment up the path that maps to a category without children
 * ('美妆护肤/面部精华' → Skincare). A label whose only match is a broader category with
 * children ('Beauty > Perfume Oils' → only 'Beauty') is unmapped: filing it under the
 * department would hide it from the report.
 *
 * @example
 * mapCategoryLabel('个护化妆>护肤', taxonomy); // { category: 'Skincare' }
 * mapCategoryLabel('skin care', taxonomy);    // { category: 'Skincare' }
 * mapCategoryLabel('宠物用品', taxonomy);      // { unmapped: true, label: '宠物用品' }
 */
export function mapCategoryLabel(label: string, taxonomy: readonly TaxonomyEntry[] | Taxonomy): CategoryMapping {
  const t = asTaxonomy(taxonomy);
  const segments = labelSegments(label);
  const candidates = segments.map((s) => candidatesOf(s, t));
  const pathCategories = new Set(candidates.flat());
  for (let i = segments.length - 1; i >= 0; i--) {
    const chosen = choose(candidates[i]!, pathCategories, t);
    if (chosen === null) {
      if (candidates[i]!.length > 0) break; // ambiguous here: a broader segment cannot settle it
      continue;
    }
    if (i === segments.length - 1 || !t.hasChildren.has(chosen)) return { category: chosen };
    break;
  }
  return { unmapped: true, label };
}

export interface UnmappedLabels {
  platform: string;
  /** Each label nothing mapped, with how many listings carry it; most frequent first. */
  labels: { label: string; listings: number }[];
}

/**
 * The labels `mapCategoryLabel` could not map, per platform, for the data-quality report.
 * Listings without a label are not counted here (a missing label is a completeness problem).
 */
export function collectUnmappedLabels(
  listings: Iterable<{ platform: string; categoryLabel?: string | null | undefined }>,
  taxonomy: readonly TaxonomyEntry[] | Taxonomy,
): UnmappedLabels[] {
  const t = asTaxonomy(taxonomy);
  const memo = new Map<string, boolean>();
  const counts = new Map<string, Map<string, number>>();
  for (const { platform, categoryLabel } of listings) {
    const label = categoryLabel?.trim();
    if (!label) continue;
    let unmapped = memo.get(label);
    if (unmapped === undefined) memo.set(label, (unmapped = 'unmapped' in mapCategoryLabel(label, t)));
    if (!unmapped) continue;
    const perPlatform = counts.get(platform) ?? new Map<string, number>();
    perPlatform.set(label, (perPlatform.get(label) ?? 0) + 1);
    counts.set(platform, perPlatform);
  }
  return [...counts]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([platform, labels]) => ({
      platform,
      labels: [...labels].map(([label, n]) => ({ label, listings: n })).sort((a, b) => b.listings - a.listings || a.label.localeCompare(b.label)),
    }));
}
