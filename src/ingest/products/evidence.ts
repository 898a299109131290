/**
 * The evidence the matcher weighs, pair by pair: each title as an item (normalized tokens,
 * brand, category, price), how much each token says (IDF, platform noise), the hard
 * contradictions (quantities, models and numbers that disagree), and the two kinds of edge,
 * same-language and cross-language. No decisions about which edges to take: match.ts does that.
 */
import { normalizeTitle, singular, type BrandDictionary, type NormalTitle } from './normalize-title.ts';
import type { Taxonomy } from './categories.ts';
import type { KnownProduct, Listing } from './listing.ts';

/** Same-language titles need at least this weighted overlap (0–1) to be called one product… */
export const SAME_LANGUAGE_THRESHOLD = 0.7;
/** …and one of them must be found in the other to at least this share of its weight. */
export const SAME_LANGUAGE_COVERED = 0.95;
/** Cross-language pairs need at least this much shared evidence (points, see `crossPoints`). */
export const CROSS_LANGUAGE_MIN_POINTS = 3;

export type Lang = 'zh' | 'en';

/** One title to compare: a listing's, a known product's, or a known alias's. */
export interface Item {
  source: string;
  listing: Listing | null;
  platform: string | null;
  lang: Lang;
  brand: string | null;
  /** The taxonomy category: the label's, or learned (see `learnLabelCategories`) when it did not map. */
  category: string | null;
  /** The platform's category label, as given. */
  label: string | null;
  price: Price | null;
  norm: NormalTitle;
  words: Set<string>;
  bigrams: Set<string>;
  quantities: Set<string>;
  models: Set<string>;
  numbers: Set<string>;
  /** Every token as 'kind:token', for set look-ups. */
  keys: Set<string>;
}

export interface Price {
  amount: number;
  /** 'base' once converted; otherwise the currency as given (or '' when none). */
  currency: string;
}

/** A product in the making: the items matched so far, and what they say together. */
export interface Node {
  id: number;
  alive: boolean;
  items: Item[];
  product: KnownProduct | null;
  platforms: Set<string>;
  brand: string | null;
  categories: Set<string>;
}

/** A possible merge of two nodes, with its score and the facts behind it. */
export interface Edge {
  a: Node;
  b: Node;
  score: number;
  evidence: string[];
}

/** A price in the base currency when a rate is known, else in its own (comparable only to the same). */
export function priceOf(minor: number | null | undefined, currency: string | null | undefined, rates: Readonly<Record<string, number>>): Price | null {
  if (minor === null || minor === undefined || !(minor > 0)) return null;
  const rate = currency ? rates[currency.toUpperCase()] : undefined;
  return rate ? { amount: minor * rate, currency: 'base' } : { amount: minor, currency: currency?.toUpperCase() ?? '' };
}

export interface ItemInput {
  title: string;
  /** The listing key, or the known product's key for its title and aliases. */
  source: string;
  listing: Listing | null;
  platform: string | null;
  brand: string | null;
  category: string | null;
  label?: string | null;
  price: Price | null;
}

/** Normalizes a title into an item; the language is Chinese when any Chinese is left after the brand. */
export function makeItem(input: ItemInput, brands: BrandDictionary): Item {
  const norm = normalizeTitle(input.title, brands);
  const item: Item = {
    source: input.source,
    listing: input.listing,
    platform: input.platform,
    lang: norm.bigrams.length > 0 ? 'zh' : 'en',
    brand: input.brand,
    category: input.category,
    label: input.label?.trim() || null,
    price: input.price,
    norm,
    words: new Set(norm.words.map(singular)),
    bigrams: new Set(norm.bigrams),
    quantities: new Set(norm.quantities),
    models: new Set(norm.models),
    numbers: new Set(norm.numbers),
    keys: new Set(),
  };
  for (const [kind, token] of featuresOf(item)) item.keys.add(`${kind}:${token}`);
  return item;
}

// ---------------------------------------------------------------------------------------------
// Token weights

/** Token kinds: word, bigram, quantity, model, number. */
type Kind = 'w' | 'b' | 'q' | 'm' | 'n';

/** An item's tokens, the most telling kinds first (so evidence lists them first). */
function* featuresOf(item: Item): Generator<[Kind, string]> {
  for (const t of item.quantities) yield ['q', t];
  for (const t of item.models) yield ['m', t];
  for (const t of item.numbers) yield ['n', t];
  for (const t of item.words) yield ['w', t];
  for (const t of item.bigrams) yield ['b', t];
}

/**
 * Inverse document frequency over every title in the batch, and platform noise, which weighs
 * nothing: wording one platform adds to many of its titles and the others do not ('官方正品',
 * '京东自营').
 */
export class TokenWeights {
  readonly #idf = new Map<string, number>();
  readonly #n: number;
  readonly #platformNoise = new Map<string, Set<string>>();

  constructor(items: readonly Item[]) {
    this.#n = items.length;
    const df = new Map<string, number>();
    const perPlatform = new Map<string, { n: { zh: number; all: number }; df: Map<string, number> }>();
    for (const item of items) {
      const p = item.platform ?? '';
      const stats = perPlatform.get(p) ?? { n: { zh: 0, all: 0 }, df: new Map<string, number>() };
      perPlatform.set(p, stats);
      stats.n.all++;
      if (item.lang === 'zh') stats.n.zh++;
      for (const [kind, t] of featuresOf(item)) {
        const key = `${kind}:${t}`;
        df.set(key, (df.get(key) ?? 0) + 1);
        stats.df.set(key, (stats.df.get(key) ?? 0) + 1);
      }
    }
    for (const [key, count] of df) this.#idf.set(key, Math.log((this.#n + 1) / count));

    // A token one platform uses in ≥ 2% of its titles at 4× the rate of the other platforms.
    for (const [platform, stats] of perPlatform) {
      if (!platform) continue;
      const noise = new Set<string>();
      for (const [key, count] of stats.df) {
        const zhOnly = key.startsWith('b:');
        const n = zhOnly ? stats.n.zh : stats.n.all;
        let otherCount = 0;
        let otherN = 0;
        for (const [q, other] of perPlatform) {
          if (q === platform || !q) continue;
          otherCount += other.df.get(key) ?? 0;
          otherN += zhOnly ? other.n.zh : other.n.all;
        }
        if (otherN === 0 || count < 3) continue;
        const rate = count / n;
        if (rate >= 0.02 && rate >= 4 * (otherCount / otherN)) noise.add(key);
      }
      this.#platformNoise.set(platform, noise);
    }
  }

  /** True when the token says nothing about which product this item is. */
  isNoise(item: Item, kind: Kind, token: string): boolean {
    const key = `${kind}:${token}`;
    return item.platform !== null && (this.#platformNoise.get(item.platform)?.has(key) ?? false);
  }

  /** IDF times how much the kind of token says: quantities and models most. */
  weight(item: Item, kind: Kind, token: string): number {
    if (this.isNoise(item, kind, token)) return 0;
    const idf = this.#idf.get(`${kind}:${token}`) ?? Math.log(this.#n + 1);
    // A Latin word in a Chinese title is usually a variant or model label left untranslated.
    const kindWeight = kind === 'q' || kind === 'm' ? 2 : kind === 'n' ? 1.5 : kind === 'w' && item.lang === 'zh' ? 2 : 1;
    return idf * kindWeight;
  }
}

/**
 * Latin words that label variants of several product types in one category: 'Original' on
 * both seaweed crisps and egg rolls. Across languages such a word cannot say which product a
 * title is, since the words naming the type are translated and cannot be compared. A word is
 * such a label when two titles carrying it in the category (any brand, same language) share
 * less than half of their other words and bigrams.
 */
export class VariantLabels {
  readonly #shared = new Set<string>();

  constructor(items: readonly Item[], weights: TokenWeights) {
    // Distinct contexts per (category, word, language): titles are formulaic, so few per word.
    const contexts = new Map<string, Map<string, Set<string>>>();
    for (const item of items) {
      if (!item.category) continue;
      const keys = [...featuresOf(item)].filter(([k, t]) => (k === 'w' || k === 'b') && !weights.isNoise(item, k, t)).map(([k, t]) => `${k}:${t}`);
      for (const w of item.words) {
        const key = `${item.category}\u0000${w}\u0000${item.lang}`;
        const context = keys.filter((k) => k !== `w:${w}`).sort();
        const distinct = contexts.get(key) ?? new Map<string, Set<string>>();
        distinct.set(context.join(' '), new Set(context));
        contexts.set(key, distinct);
      }
    }
    for (const [key, distinct] of contexts) {
      const list = [...distinct.values()];
      const differ = list.some((x, i) => list.slice(i + 1).some((y) => jaccard(x, y) < 0.5));
      if (differ) this.#shared.add(key.slice(0, key.lastIndexOf('\u0000')));
    }
  }

  isShared(category: string, word: string): boolean {
    return this.#shared.has(`${category}\u0000${word}`);
  }
}

/**
 * Translations this batch teaches: an English word and a Chinese bigram that, across products
 * already holding titles in both languages, come together (in ≥ 2 products, and in ≥ 3/4 of the
 * products with either). Used only to refuse: an English title saying 'cleanser' does not match
 * a Chinese title without 洁面 once 'cleanser' ↔ 洁面 is learned. It never makes a match on its own.
 */
export class Lexicon {
  readonly #assoc: ReadonlyMap<string, ReadonlySet<string>>;

  private constructor(assoc: ReadonlyMap<string, ReadonlySet<string>>) {
    this.#assoc = assoc;
  }

  static empty(): Lexicon {
    return new Lexicon(new Map());
  }

  static learn(nodes: readonly Node[], weights: TokenWeights): Lexicon {
    const count = new Map<string, number>();
    const together = new Map<string, number>();
    const bump = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
    for (const node of nodes) {
      if (!node.alive) continue;
      const zh = node.items.filter((i) => i.lang === 'zh');
      const en = node.items.filter((i) => i.lang === 'en');
      if (zh.length === 0 || en.length === 0) continue;
      const untranslated = new Set(zh.flatMap((i) => [...i.words]));
      const words = new Set(en.flatMap((i) => [...i.words].filter((w) => w.length >= 2 && !untranslated.has(w) && !weights.isNoise(i, 'w', w))));
      const bigrams = new Set(zh.flatMap((i) => [...i.bigrams].filter((b) => !weights.isNoise(i, 'b', b))));
      for (const w of words) bump(count, `w:${w}`);
      for (const b of bigrams) bump(count, `b:${b}`);
      for (const w of words) for (const b of bigrams) bump(together, `w:${w}\u0000b:${b}`);
    }
    const assoc = new Map<string, Set<string>>();
    const link = (from: string, to: string) => assoc.set(from, (assoc.get(from) ?? new Set()).add(to));
    for (const [pair, n] of together) {
      const [w, b] = pair.split('\u0000') as [string, string];
      if (n >= 2 && n >= 0.75 * count.get(w)! && n >= 0.75 * count.get(b)!) {
        link(w, b);
        link(b, w);
      }
    }
    return new Lexicon(assoc);
  }

  /** Number of words and bigrams with a learned translation. */
  get size(): number {
    return this.#assoc.size;
  }

  /** A learned translation of one title's word missing from the other title, if any. */
  contradicts(zh: Item, en: Item, weights: TokenWeights): string | null {
    for (const w of en.words) {
      const zhs = this.#assoc.get(`w:${w}`);
      if (zhs && !zh.words.has(w) && ![...zhs].some((b) => zh.bigrams.has(b.slice(2)))) return `'${w}' untranslated`;
    }
    for (const b of zh.bigrams) {
      if (weights.isNoise(zh, 'b', b)) continue;
      const ens = this.#assoc.get(`b:${b}`);
      if (ens && ![...ens].some((w) => en.words.has(w.slice(2)))) return `'${b}' untranslated`;
    }
    return null;
  }
}

/**
 * Categories for the labels the taxonomy could not place ('智能设备>智能手表/手环'), read off the
 * products their listings joined: a platform's label whose listings sit, in at least 2 products,
 * with listings of one category (and in at least 3/4 of such products) is taken to mean it. Sets
 * the category of every item with that label and none yet, and returns how many were set. A
 * label is a whole platform's word for a shelf, so a few matches speak for all its listings.
 */
export function learnLabelCategories(nodes: readonly Node[], categories: CategoryTree): number {
  const votes = new Map<string, Map<string, number>>();
  for (const node of nodes) {
    if (!node.alive) continue;
    const category = categories.mostSpecific(node.categories);
    if (category === null) continue;
    const keys = new Set(node.items.flatMap((i) => (i.category === null && i.label ? [`${i.platform ?? ''}\u0000${i.label}`] : [])));
    for (const key of keys) {
      const perLabel = votes.get(key) ?? new Map<string, number>();
      perLabel.set(category, (perLabel.get(category) ?? 0) + 1);
      votes.set(key, perLabel);
    }
  }
  const learned = new Map<string, string>();
  for (const [key, perLabel] of votes) {
    const ranked = [...perLabel].sort((x, y) => y[1] - x[1]);
    const total = ranked.reduce((sum, [, n]) => sum + n, 0);
    const [category, n] = ranked[0]!;
    if (n >= 2 && n >= 0.75 * total) learned.set(key, category);
  }
  let placed = 0;
  for (const node of nodes) {
    if (!node.alive) continue;
    for (const item of node.items) {
      const category = item.category === null && item.label ? learned.get(`${item.platform ?? ''}\u0000${item.label}`) : undefined;
      if (category === undefined) continue;
      item.category = category;
      node.categories.add(category);
      placed++;
    }
  }
  return placed;
}

function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let both = 0;
  for (const x of a) if (b.has(x)) both++;
  return both / (a.size + b.size - both);
}

// ---------------------------------------------------------------------------------------------
// Pair rules

/** Both sides name values and neither set contains the other: 256GB vs 512GB, Gen 2 vs Gen 3. */
function disagree(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  if (a.size === 0 || b.size === 0) return false;
  const aInB = [...a].every((t) => b.has(t));
  const bInA = [...b].every((t) => a.has(t));
  return !aInB && !bInA;
}

function conflict(a: Item, b: Item): string | null {
  if (disagree(a.quantities, b.quantities)) return 'quantities differ';
  if (disagree(a.models, b.models)) return 'models differ';
  if (disagree(a.numbers, b.numbers)) return 'numbers differ';
  return null;
}

/**
 * Whether two nodes may become one product at all: not two known products, no platform twice,
 * one brand, and no item of one contradicting an item of the other.
 */
function compatible(a: Node, b: Node): boolean {
  if (a === b || (a.product && b.product)) return false;
  for (const p of a.platforms) if (b.platforms.has(p)) return false;
  if (a.brand !== b.brand) return false;
  for (const x of a.items) for (const y of b.items) if (conflict(x, y)) return false;
  return true;
}

/**
 * How two nodes' categories compare. Equal categories agree, and so do a category and one of its
 * ancestors: a platform that files dried mango under 'Food' does not contradict one that files
 * it under 'Snacks', it is only less precise. Without a taxonomy, only equal names agree.
 */
export class CategoryTree {
  readonly #ancestors: ReadonlyMap<string, readonly string[]>;

  constructor(taxonomy: Pick<Taxonomy, 'ancestorsOf'> | null) {
    this.#ancestors = taxonomy?.ancestorsOf ?? new Map();
  }

  #depth(c: string): number {
    return this.#ancestors.get(c)?.length ?? 0;
  }

  /** The more specific of two related categories, or null when neither contains the other. */
  #meet(x: string, y: string): string | null {
    if (x === y) return x;
    if (this.#ancestors.get(x)?.includes(y)) return x;
    if (this.#ancestors.get(y)?.includes(x)) return y;
    return null;
  }

  /** The most specific category both nodes can be in, or null when either has none or they differ. */
  shared(a: Node, b: Node): string | null {
    let best: string | null = null;
    for (const x of a.categories) {
      for (const y of b.categories) {
        const m = this.#meet(x, y);
        if (m !== null && (best === null || this.#depth(m) > this.#depth(best))) best = m;
      }
    }
    return best;
  }

  /** The deepest of a set of categories when every other one is it or its ancestor, else null. */
  mostSpecific(categories: Iterable<string>): string | null {
    let best: string | null = null;
    for (const c of categories) {
      const m: string | null = best === null ? c : this.#meet(best, c);
      if (m === null) return null;
      best = m;
    }
    return best;
  }

  /** Both nodes have categories, and none of one is related to any of the other. */
  clash(a: Node, b: Node): boolean {
    return a.categories.size > 0 && b.categories.size > 0 && this.shared(a, b) === null;
  }
}

/** Price ratio (≥ 1) between the nodes, when some pair of their prices can be compared. */
function priceRatio(a: Node, b: Node): number | null {
  let best: number | null = null;
  for (const x of a.items) {
    for (const y of b.items) {
      if (!x.price || !y.price || x.price.currency !== y.price.currency) continue;
      const r = Math.max(x.price.amount, y.price.amount) / Math.min(x.price.amount, y.price.amount);
      if (best === null || r < best) best = r;
    }
  }
  return best;
}

/** Multiplier for a same-language score: a large price gap lowers it, a close price never raises it. */
function priceFactor(ratio: number | null): number {
  if (ratio === null || ratio <= 1.5) return 1;
  if (ratio <= 2) return 0.9;
  if (ratio <= 3) return 0.75;
  return 0.5;
}

const show = (xs: Iterable<string>, n = 6) => {
  const all = [...xs];
  return all.length > n ? `${all.slice(0, n).join(', ')}, …` : all.join(', ');
};

function describeBase(a: Node, b: Node, ratio: number | null, categories: CategoryTree): string[] {
  const out = [`brand ${a.brand ?? '(none)'}`];
  const shared = categories.shared(a, b);
  if (shared !== null) out.push(`category ${shared}`);
  else if (categories.clash(a, b)) out.push(`categories differ (${show(a.categories)} / ${show(b.categories)})`);
  if (ratio !== null) out.push(`price ×${ratio.toFixed(2)}`);
  return out;
}

/**
 * How much two same-language titles share, by token weight. `dice` is the overlap (0–1);
 * `covered` is the larger of the two shares of one title found in the other. Noise tokens weigh
 * nothing, so '官方正品' on one side and '京东自营' on the other cost nothing.
 */
function overlap(x: Item, y: Item, weights: TokenWeights): { dice: number; covered: number; shared: string[] } {
  const shared: string[] = [];
  const side = (i: Item, other: ReadonlySet<string>, record: boolean) => {
    let total = 0;
    let common = 0;
    for (const [kind, t] of featuresOf(i)) {
      const w = weights.weight(i, kind, t);
      total += w;
      if (!other.has(`${kind}:${t}`)) continue;
      common += w;
      if (record && w > 0) shared.push(t);
    }
    return { total, common };
  };
  const sx = side(x, y.keys, true);
  const sy = side(y, x.keys, false);
  if (sx.total === 0 || sy.total === 0) return { dice: 0, covered: 0, shared };
  return { dice: (sx.common + sy.common) / (sx.total + sy.total), covered: Math.max(sx.common / sx.total, sy.common / sy.total), shared };
}

/**
 * The best same-language edge between two nodes, or null. Besides a high overlap, one title
 * must be (almost) wholly found in the other: two titles that each say something the other
 * does not ('黑色' here, '白色' there) are two variants, however much else they share.
 */
export function sameLanguageEdge(a: Node, b: Node, weights: TokenWeights, categories: CategoryTree): Edge | null {
  if (!compatible(a, b)) return null;
  let best: ReturnType<typeof overlap> | null = null;
  for (const x of a.items) {
    for (const y of b.items) {
      if (x.lang !== y.lang) continue;
      const o = overlap(x, y, weights);
      if (o.covered >= SAME_LANGUAGE_COVERED && (!best || o.dice > best.dice)) best = o;
    }
  }
  if (!best) return null;
  const ratio = priceRatio(a, b);
  const score = best.dice * priceFactor(ratio) * (categories.clash(a, b) ? 0.85 : 1);
  if (score < SAME_LANGUAGE_THRESHOLD) return null;
  return {
    a,
    b,
    score,
    evidence: [...describeBase(a, b, ratio, categories), `shared ${show(best.shared)}`, `overlap ${best.dice.toFixed(2)}`, `covered ${best.covered.toFixed(2)}`],
  };
}

/**
 * Evidence for a Chinese and an English title being one product, as points: each shared
 * quantity 3, model 4, number 2, word 2 (1 for a one- or two-letter word, 0 for a variant label
 * of several product types). Latin words of the Chinese title are labels it left untranslated;
 * one missing from the English title means a different variant, so no evidence at all. Without
 * a category (null), words earn nothing: whether a word is a variant label is known per category.
 */
function crossPoints(zh: Item, en: Item, category: string | null, weights: TokenWeights, labels: VariantLabels): { points: number; shared: string[] } | null {
  const shared: string[] = [];
  let points = 0;
  for (const w of zh.words) {
    if (weights.isNoise(zh, 'w', w)) continue;
    if (!en.words.has(w)) return null;
    if (category === null || labels.isShared(category, w)) continue;
    shared.push(w);
    points += w.length >= 3 ? 2 : 1;
  }
  const strong = [
    [zh.quantities, en.quantities, 3],
    [zh.models, en.models, 4],
    [zh.numbers, en.numbers, 2],
  ] as const;
  for (const [mine, theirs, each] of strong) {
    for (const t of mine) {
      if (!theirs.has(t)) continue;
      shared.push(t);
      points += each;
    }
  }
  return { points, shared };
}

/** Price evidence for a cross-language pair, in points. */
function pricePoints(ratio: number | null): number {
  if (ratio === null) return 0;
  if (ratio <= 1.3) return 1;
  if (ratio <= 1.6) return 0;
  if (ratio <= 2.5) return -3;
  return -6;
}

/**
 * The cross-language edge between two nodes of one brand, or null. Their categories must agree.
 * When one has none (its platform's label did not map), they may still match, but on sizes,
 * models and numbers only: a label such as 'Leather' names variants in several categories
 * ('替换表带 Leather', 'Protective Case – Leather'), and only the category tells those apart.
 * Such a node is also a candidate, so it can make another pair ambiguous, as it should: leaving
 * it out would let a casserole of 20 cm be the 'only' match of a chef's knife of 20 cm. With
 * no category on either side, nothing matches.
 */
export function crossLanguageEdge(a: Node, b: Node, weights: TokenWeights, labels: VariantLabels, lexicon: Lexicon, categories: CategoryTree): Edge | null {
  if (a.brand === null || (a.categories.size === 0 && b.categories.size === 0) || categories.clash(a, b) || !compatible(a, b)) return null;
  const category = categories.shared(a, b);
  let best: { points: number; shared: string[] } | null = null;
  for (const x of a.items) {
    for (const y of b.items) {
      if (x.lang === y.lang) continue;
      const [zh, en] = x.lang === 'zh' ? [x, y] : [y, x];
      if (lexicon.contradicts(zh, en, weights)) return null;
      const p = crossPoints(zh, en, category, weights, labels);
      if (p === null) return null; // one contradiction is enough
      if (!best || p.points > best.points) best = p;
    }
  }
  if (!best || best.shared.length === 0) return null;
  const ratio = priceRatio(a, b);
  const points = best.points + pricePoints(ratio);
  if (points < CROSS_LANGUAGE_MIN_POINTS) return null;
  return {
    a,
    b,
    score: Math.min(0.95, points / (points + 3)),
    evidence: ['cross-language', ...describeBase(a, b, ratio, categories), ...(category === null ? ['category unknown: sizes, models, numbers only'] : []), `shared ${show(best.shared)}`, `points ${points}`],
  };
}

