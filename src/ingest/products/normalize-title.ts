/**
 * Product titles, normalized for matching: NFKC (full-width → half-width), accents folded,
 * lower case, whitespace collapsed, quantities written one way ("30 ML", "30毫升" → "30ml",
 * "1.5L" → "1500ml"), model numbers kept whole ("wh-1000xm5", "x200", "eu40"), the brand taken
 * out when it is one of the known brands, and the rest split into tokens a matcher can weigh:
 * Latin words, quantities, models, bare numbers and Chinese character bigrams.
 *
 * Pure string work: no dictionary of products, no I/O. It never guesses a brand that is not in
 * the list it is given.
 */

/** A known brand: its canonical name and other spellings (a Chinese name, an old name). */
export type BrandEntry = string | { name: string; aliases?: readonly string[] };

/** Brands compiled once for repeated look-ups; build with `compileBrands`. */
export interface BrandDictionary {
  /** Canonical name by its folded key ('lumina' → 'Lumina'). */
  readonly byKey: ReadonlyMap<string, string>;
  /** Latin spellings as word sequences, longest first. */
  readonly latin: readonly { words: readonly string[]; name: string }[];
  /** Spellings in Chinese (or other CJK) script, longest first. */
  readonly cjk: readonly { text: string; name: string }[];
}

export interface NormalTitle {
  /** The whole title, normalized: 'lumina 露米娜 保湿精华液 30ml 京东自营'. */
  text: string;
  /** Canonical name of the known brand found in the title, if any. */
  brand: string | null;
  /** Latin words, brand words left out, in order: ['hydrating', 'serum']. */
  words: string[];
  /** Number + canonical unit: ['30ml'], ['256gb'], ['10pcs']. */
  quantities: string[];
  /** Tokens mixing letters and digits: ['wh-1000xm5'], ['spf50+'], ['eu40']. */
  models: string[];
  /** Numbers standing alone, without leading zeros: '#01' → ['1']. */
  numbers: string[];
  /** Bigrams of each run of Chinese characters (a run of one gives that character). */
  bigrams: string[];
  /** All of the above, in that order, without repeats. */
  tokens: string[];
}

interface UnitSpec {
  /** The canonical unit written after the number. */
  unit: string;
  /** What one of the written unit is in the canonical unit (kg → g: 1000). */
  factor: number;
  spellings: readonly string[];
}

/**
 * Written units and their canonical form. Mass, volume, length and storage convert to one unit
 * each so "1kg" equals "1000g"; counts keep their kind (pieces are not bags).
 */
const unitSpecs: readonly UnitSpec[] = [
  { unit: 'g', factor: 1, spellings: ['g', 'gr', 'gram', 'grams', '克'] },
  { unit: 'g', factor: 1000, spellings: ['kg', 'kgs', 'kilogram', 'kilograms', '千克', '公斤'] },
  { unit: 'g', factor: 500, spellings: ['斤'] },
  { unit: 'g', factor: 0.001, spellings: ['mg', '毫克'] },
  { unit: 'ml', factor: 1, spellings: ['ml', 'mls', 'millilitre', 'milliliter', 'millilitres', 'milliliters', '毫升'] },
  { unit: 'ml', factor: 1000, spellings: ['l', 'litre', 'liter', 'litres', 'liters', 'ltr', '升', '公升'] },
  { unit: 'cm', factor: 1, spellings: ['cm', '厘米', '公分'] },
  { unit: 'cm', factor: 0.1, spellings: ['mm', '毫米'] },
  { unit: 'cm', factor: 100, spellings: ['m', '米'] },
  { unit: 'in', factor: 1, spellings: ['inch', 'inches', '英寸', '寸'] },
  { unit: 'gb', factor: 1, spellings: ['gb'] },
  { unit: 'gb', factor: 1024, spellings: ['tb'] },
  { unit: 'mb', factor: 1, spellings: ['mb'] },
  { unit: 'mah', factor: 1, spellings: ['mah', '毫安'] },
  { unit: 'w', factor: 1, spellings: ['w', 'watt', 'watts', '瓦'] },
  { unit: 'w', factor: 1000, spellings: ['kw'] },
  { unit: 'v', factor: 1, spellings: ['v', 'volt', 'volts', '伏'] },
  { unit: 'hz', factor: 1, spellings: ['hz'] },
  { unit: 'pcs', factor: 1, spellings: ['pcs', 'pc', 'piece', 'pieces', 'sheets', '片', '个', '只', '件', '枚', '张'] },
  { unit: 'bags', factor: 1, spellings: ['bag', 'bags', 'sachet', 'sachets', '袋'] },
  { unit: 'packs', factor: 1, spellings: ['pack', 'packs', '包'] },
  { unit: 'caps', factor: 1, spellings: ['caps', 'capsule', 'capsules', 'softgels', '粒'] },
  { unit: 'tabs', factor: 1, spellings: ['tablet', 'tablets', 'tabs'] },
  { unit: 'bottles', factor: 1, spellings: ['bottle', 'bottles', '瓶'] },
  { unit: 'boxes', factor: 1, spellings: ['box', 'boxes', '盒'] },
  { unit: 'sticks', factor: 1, spellings: ['stick', 'sticks', '支'] },
  { unit: 'pairs', factor: 1, spellings: ['pair', 'pairs', '双', '对'] },
  { unit: 'shades', factor: 1, spellings: ['shade', 'shades', 'colours', 'colors', '色'] },
];

const unitBySpelling = new Map<string, { unit: string; factor: number }>(
  unitSpecs.flatMap(({ unit, factor, spellings }) => spellings.map((s) => [s, { unit, factor }] as const)),
);

const isCjkChar = (c: string) => /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u.test(c);
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A number (with thousands commas or a decimal part) and a unit. The number must not continue a
 * model ("wh-1000xm5", "a15g"); a Latin unit must not run into more letters ("5 grand"); a
 * Chinese count may carry 装 ("10片装").
 */
const quantityPattern = (() => {
  const spellings = [...unitBySpelling.keys()].sort((a, b) => b.length - a.length);
  const latin = spellings.filter((s) => !isCjkChar(s)).map(escape);
  const cjk = spellings.filter((s) => isCjkChar(s)).map(escape);
  return new RegExp(
    String.raw`(?<![a-z0-9.]|[a-z0-9]-)(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?\s*(?:(${latin.join('|')})(?![a-z])|(${cjk.join('|')})装?)`,
    'g',
  );
})();

/** Words that say nothing about which product it is. */
const stopwords = new Set(['a', 'an', 'and', 'the', 'of', 'for', 'with', 'in', 'on', 'to', 'by', 'x']);

/** Folds accents on Latin letters (é → e) and leaves every other script alone. */
function foldAccents(s: string): string {
  return s.replace(/[\u00c0-\u024f\u1e00-\u1eff]/g, (c) => c.normalize('NFD').replace(/\p{Mn}/gu, ''));
}

/** NFKC, accents folded, lower case, apostrophes dropped ("Chef's" → 'chefs'). */
export function foldText(s: string): string {
  return foldAccents(s.normalize('NFKC'))
    .toLowerCase()
    .replace(/['\u2019]/g, '');
}

/** English plural to singular, crudely: 'accessories' → 'accessory', 'shoes' → 'shoe', 'glasses' → 'glass'. */
export function singular(word: string): string {
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.length > 4 && /(?:ss|ch|sh|x)es$/.test(word)) return word.slice(0, -2);
  if (word.length > 3 && word.endsWith('s') && !/(?:ss|us|is)$/.test(word)) return word.slice(0, -1);
  return word;
}

/** '1,000' → 1000, '01' → 1, 1.50 → '1.5'. */
function formatNumber(n: number): string {
  return String(Math.round(n * 1000) / 1000);
}

/** The canonical token for a number and a written unit, or null when the unit is unknown. */
export function canonicalQuantity(value: number, writtenUnit: string): string | null {
  const spec = unitBySpelling.get(writtenUnit.trim());
  return spec ? `${formatNumber(value * spec.factor)}${spec.unit}` : null;
}

const hasHan = (s: string) => /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u.test(s);
const hasLatin = (s: string) => /[a-z]/i.test(foldAccents(s));

/**
 * A brand field as shops write it, read as one brand with its spellings: Tmall's 'Lumina/露米娜',
 * 'Lumina（露米娜）', '露米娜 Lumina'. Only a Latin name next to a Chinese one is split, so
 * 'AC/DC' or 'Cedar & Salt' stay whole; the Latin spelling is the name.
 *
 * @example
 * brandEntryOf('Lumina/露米娜'); // { name: 'Lumina', aliases: ['露米娜'] }
 * brandEntryOf('Cedar & Salt');  // 'Cedar & Salt'
 */
export function brandEntryOf(field: string): BrandEntry {
  const text = field.normalize('NFKC').trim();
  let parts = text
    .split(/[/|()[\]【】]+/)
    .map((s) => s.trim())
    .filter(Boolean);
  // Written together: '露米娜Lumina', 'Lumina 露米娜'.
  if (parts.length === 1) {
    parts = text
      .split(/(?<=[\p{Script=Han}])\s*(?=[a-z])|(?<=[a-z0-9.&'])\s*(?=[\p{Script=Han}])/iu)
      .map((s) => s.trim())
      .filter(Boolean);
  }
  const latin = parts.filter((p) => hasLatin(p) && !hasHan(p));
  const cjk = parts.filter((p) => hasHan(p) && !hasLatin(p));
  if (latin.length === 0 || cjk.length === 0 || latin.length + cjk.length !== parts.length) return text;
  return { name: latin[0]!, aliases: [...latin.slice(1), ...cjk] };
}

/** The canonical name a brand field gives: 'Lumina/露米娜' → 'Lumina'. */
export function brandNameOf(field: string): string {
  const entry = brandEntryOf(field);
  return typeof entry === 'string' ? entry : entry.name;
}

/**
 * Compiles a brand list for `normalizeTitle`. Spellings are folded like titles, so 'Maison Orée'
 * is found in 'MAISON OREE 淡香精'.
 *
 * @example
 * const brands = compileBrands(['Lumina', { name: 'Cedar & Salt', aliases: ['雪松海盐'] }]);
 */
export function compileBrands(entries: readonly BrandEntry[]): BrandDictionary {
  const byKey = new Map<string, string>();
  const latin: { words: string[]; name: string }[] = [];
  const cjk: { text: string; name: string }[] = [];
  for (const entry of entries) {
    const name = typeof entry === 'string' ? entry : entry.name;
    const spellings = typeof entry === 'string' ? [entry] : [entry.name, ...(entry.aliases ?? [])];
    if (!byKey.has(brandKey(name))) byKey.set(brandKey(name), name);
    const canonical = byKey.get(brandKey(name)) ?? name;
    for (const spelling of spellings) {
      const folded = foldText(spelling);
      byKey.set(brandKey(spelling), canonical);
      const words = folded.match(/[a-z0-9]+/g) ?? [];
      const han = [...folded].filter(isCjkChar).join('');
      if (words.length > 0 && han.length === 0 && !latin.some((l) => l.words.join(' ') === words.join(' '))) latin.push({ words, name: canonical });
      else if (han.length > 0 && words.length === 0 && !cjk.some((c) => c.text === han)) cjk.push({ text: han, name: canonical });
    }
  }
  latin.sort((a, b) => b.words.join(' ').length - a.words.join(' ').length);
  cjk.sort((a, b) => b.text.length - a.text.length);
  return { byKey, latin, cjk };
}

/** 'Cedar & Salt' and 'cedar and salt' → 'cedarsalt'; the key brands are compared by. */
export function brandKey(name: string): string {
  return foldText(name)
    .replace(/&|\band\b|\+/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

const noBrands: BrandDictionary = { byKey: new Map(), latin: [], cjk: [] };

/** A Latin chunk as the title wrote it: 'wh-1000xm5', 'spf50+', 'usb-c', '38'. */
interface Chunk {
  kind: 'latin';
  text: string;
}
interface Piece {
  kind: 'quantity' | 'cjk';
  text: string;
}

/**
 * Normalizes one product title.
 *
 * @example
 * normalizeTitle('Lumina（露米娜）保湿精华液 30ML【京东自营】', compileBrands(['Lumina']));
 * // { text: 'lumina 露米娜 保湿精华液 30ml 京东自营', brand: 'Lumina', words: [], quantities: ['30ml'],
 * //   models: [], numbers: [], bigrams: ['露米', '米娜', '保湿', …], tokens: […] }
 */
export function normalizeTitle(title: string, brands: BrandDictionary = noBrands): NormalTitle {
  const pieces = piecesOf(foldText(title));
  const { brand, dropped, cjkBrand } = findBrand(pieces, brands);

  const words: string[] = [];
  const quantities: string[] = [];
  const models: string[] = [];
  const numbers: string[] = [];
  const bigrams: string[] = [];
  const text: string[] = [];
  for (let i = 0; i < pieces.length; i++) {
    const piece = pieces[i]!;
    text.push(piece.text);
    if (dropped.has(i)) continue;
    if (piece.kind === 'quantity') quantities.push(piece.text);
    else if (piece.kind === 'cjk') {
      const runs = cjkBrand ? piece.text.split(cjkBrand.text) : [piece.text];
      for (const run of runs) bigrams.push(...bigramsOf(run));
    } else {
      const next = pieces[i + 1];
      // 'eu 40', 'gen 2', 'spf 50': a short word naming the number that follows is one model.
      if (/^[a-z]{1,3}$/.test(piece.text) && !stopwords.has(piece.text) && next?.kind === 'latin' && /^\d+$/.test(next.text) && !dropped.has(i + 1)) {
        models.push(piece.text + formatNumber(Number(next.text)));
        text.push(next.text);
        i++;
      } else if (/^[\d.]+$/.test(piece.text)) {
        numbers.push(formatNumber(Number(piece.text)));
      } else if (/\d/.test(piece.text)) {
        models.push(piece.text);
      } else {
        for (const word of piece.text.split(/[-./]+/)) if (word && !stopwords.has(word)) words.push(word);
      }
    }
  }
  const unique = (xs: string[]) => [...new Set(xs)];
  const parts = { words: unique(words), quantities: unique(quantities), models: unique(models), numbers: unique(numbers), bigrams: unique(bigrams) };
  return {
    text: text.join(' '),
    brand,
    ...parts,
    tokens: unique([...parts.words, ...parts.quantities, ...parts.models, ...parts.numbers, ...parts.bigrams]),
  };
}

/** Quantities first, before words and numbers are split apart; then Latin chunks and CJK runs. */
function piecesOf(folded: string): (Chunk | Piece)[] {
  const pieces: (Chunk | Piece)[] = [];
  let last = 0;
  for (const m of folded.matchAll(quantityPattern)) {
    const [whole, intPart = '', decimals = '', latinUnit, cjkUnit] = m;
    const token = canonicalQuantity(Number(intPart.replace(/,/g, '') + decimals), latinUnit ?? cjkUnit ?? '');
    if (token === null) continue;
    pieces.push(...splitRest(folded.slice(last, m.index)));
    pieces.push({ kind: 'quantity', text: token });
    last = m.index + whole.length;
  }
  pieces.push(...splitRest(folded.slice(last)));
  return pieces;
}

/**
 * The brand: the longest known Latin spelling as a run of whole words, else a CJK spelling.
 * `dropped` holds the pieces that spell it; `at` the first and last of them.
 */
function findBrand(pieces: readonly (Chunk | Piece)[], brands: BrandDictionary) {
  let brand: string | null = null;
  let at: [number, number] | null = null;
  const latinIdx = pieces.flatMap((p, i) => (p.kind === 'latin' ? [i] : []));
  const latinWords = latinIdx.map((i) => pieces[i]!.text);
  const dropped = new Set<number>();
  for (const { words, name } of brands.latin) {
    const start = findRun(latinWords, words);
    if (start < 0) continue;
    brand = name;
    for (let k = 0; k < words.length; k++) dropped.add(latinIdx[start + k]!);
    at = [latinIdx[start]!, latinIdx[start + words.length - 1]!];
    break;
  }
  const cjkBrand = brands.cjk.find(({ text, name }) => (brand === null || name === brand) && pieces.some((p) => p.kind === 'cjk' && p.text.includes(text)));
  if (cjkBrand) brand ??= cjkBrand.name;
  return { brand, dropped, cjkBrand, at };
}

/**
 * Learns the Chinese names of known brands from titles that write both, as shops do
 * ('露米娜Lumina …', 'Lumina（露米娜）…'): the CJK run right before or after the Latin name.
 * A run counts when it sits next to the brand in at least 3 titles and in more of them than any
 * other run does (product words sit next to it too, but vary). Brands whose Chinese name the
 * list already holds are left alone.
 *
 * @example
 * learnBrandAliases(['露米娜Lumina 保湿精华液', 'Lumina（露米娜）修护晚霜', '露米娜Lumina 晚霜'], compileBrands(['Lumina']));
 * // [{ name: 'Lumina', aliases: ['露米娜'] }]
 */
export function learnBrandAliases(titles: Iterable<string>, brands: BrandDictionary): { name: string; aliases: string[] }[] {
  const known = new Set(brands.cjk.map((c) => c.name));
  const counts = new Map<string, Map<string, number>>();
  for (const title of titles) {
    const pieces = piecesOf(foldText(title));
    const { brand, at } = findBrand(pieces, brands);
    if (!brand || !at || known.has(brand)) continue;
    const perBrand = counts.get(brand) ?? new Map<string, number>();
    counts.set(brand, perBrand);
    const runs = new Set([pieces[at[0] - 1], pieces[at[1] + 1]].flatMap((p) => (p?.kind === 'cjk' && [...p.text].length <= 8 ? [p.text] : [])));
    for (const run of runs) perBrand.set(run, (perBrand.get(run) ?? 0) + 1);
  }
  const learned: { name: string; aliases: string[] }[] = [];
  for (const [name, runs] of counts) {
    const ranked = [...runs].sort((a, b) => b[1] - a[1]);
    const [first, second] = ranked;
    if (first && first[1] >= 3 && (!second || first[1] > second[1])) learned.push({ name, aliases: [first[0]] });
  }
  return learned.sort((a, b) => a.name.localeCompare(b.name));
}

/** Splits text without quantities into Latin chunks and CJK runs; everything else separates. */
function splitRest(s: string): (Chunk | Piece)[] {
  const out: (Chunk | Piece)[] = [];
  const pattern = /([a-z0-9]+(?:[-./][a-z0-9]+)*\+*)|([\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+)/gu;
  for (const m of s.matchAll(pattern)) {
    if (m[1] !== undefined) out.push({ kind: 'latin', text: /\d/.test(m[1]) ? m[1] : m[1].replace(/\+$/, '') });
    else if (m[2] !== undefined) out.push({ kind: 'cjk', text: m[2] });
  }
  return out;
}

function findRun(haystack: readonly string[], needle: readonly string[]): number {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let k = 0; k < needle.length; k++) if (haystack[i + k] !== needle[k]) continue outer;
    return i;
  }
  return -1;
}

function bigramsOf(run: string): string[] {
  const chars = [...run];
  if (chars.length === 1) return [chars[0]!];
  const out: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i]! + chars[i + 1]!);
  return out;
}
