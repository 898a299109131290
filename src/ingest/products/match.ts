/**
 * Listings from many platforms → one product each, with the listings as its aliases.
 *
 *   1. a listing already known as an alias (same key)                 → rule 'alias'
 *   2. equal SKU, then equal barcode (GTIN-normalized)                 → rule 'sku' / 'barcode'
 *   3. same-language titles, within one brand: IDF-weighted overlap ≥ 0.7, one title (almost)
 *      wholly found in the other, each the other's best              → rule 'title'
 *   4. Chinese title vs English title, within one brand AND one category: shared quantities,
 *      models, numbers or untranslated labels (plus price closeness) reach 3 points, and each
 *      is the other's ONLY candidate                                  → rule 'title'
 *   3–4 repeat until nothing merges; then the products found in both languages teach word ↔
 *   bigram translations ('cleanser' ↔ 洁面) that veto later cross-language candidates, and 3–4
 *   run again.
 *
 * Hard rules, whatever the score: quantities, model numbers and bare numbers must agree when
 * both sides have them ('256GB' never matches '512GB'); brands must be equal; two known
 * products never merge; a product holds at most one listing per platform unless a SKU or
 * barcode says otherwise. Price is evidence only: a large gap lowers a score (and vetoes a
 * cross-language pair), an equal price adds at most one point and never matches on its own.
 *
 * Pure: the caller reads listings and products and persists the result. Precision comes first
 * (target ≥ 0.99 on pairwise same-product decisions); a listing left alone becomes a new
 * product, which a person can merge later, while a wrong merge corrupts every figure of both.
 */
import { PrecisError } from '../../errors.ts';
import { compileTaxonomy, mapCategoryLabel, type Taxonomy, type TaxonomyEntry } from './categories.ts';
import { brandEntryOf, brandKey, brandNameOf, compileBrands, learnBrandAliases, normalizeTitle, type BrandDictionary, type BrandEntry } from './normalize-title.ts';
import type { KnownProduct, Listing } from './listing.ts';
import { CategoryTree, crossLanguageEdge, learnLabelCategories, Lexicon, makeItem, priceOf, sameLanguageEdge, TokenWeights, VariantLabels, type Edge, type Item, type Node } from './evidence.ts';

export { KnownProduct, Listing } from './listing.ts';
export { SAME_LANGUAGE_COVERED, SAME_LANGUAGE_THRESHOLD, CROSS_LANGUAGE_MIN_POINTS } from './evidence.ts';

export interface MatchOptions {
  /** Known brands (and their other spellings); brands named on listings and products are added. */
  brands?: readonly BrandEntry[];
  /** Maps `categoryLabel` when a listing has no `category`. */
  taxonomy?: readonly TaxonomyEntry[] | Taxonomy;
  /** Currency → value of one unit in the base currency ({ CNY: 1, USD: 7.2 }), for price evidence. */
  ratesToBase?: Readonly<Record<string, number>>;
}

/**
 * Why a listing sits with its product: 'alias' (known listing key), 'sku', 'barcode', 'title',
 * or 'none' when nothing matched it and it stands alone as a new product.
 */
export type MatchRule = 'alias' | 'sku' | 'barcode' | 'title' | 'none';

export interface Assignment {
  listingKey: string;
  /** A known product's key, or the key of a product in `newProducts`. */
  productKey: string;
  rule: MatchRule;
  /** 1 for alias, SKU and barcode; the title score (0–1) otherwise; 0 for 'none'. */
  score: number;
  /** Short facts behind the decision, for review: 'sku LUM-00001', 'shared 30ml, 精华', … */
  evidence: string[];
}

export interface NewProduct {
  /** 'new:' + the first of its listing keys; stable for the same input. */
  productKey: string;
  listingKeys: string[];
}

export interface MatchResult {
  /** One per listing, in input order. */
  assignments: Assignment[];
  newProducts: NewProduct[];
}

interface Link {
  rule: MatchRule;
  score: number;
  evidence: string[];
}

/**
 * Matches listings to known products and to each other.
 *
 * @example
 * const { assignments, newProducts } = matchProducts(listings, products, {
 *   brands: ['Lumina'], taxonomy, ratesToBase: { CNY: 1, USD: 7.2 },
 * });
 */
export function matchProducts(listings: readonly Listing[], existing: readonly KnownProduct[] = [], options: MatchOptions = {}): MatchResult {
  const keys = new Set<string>();
  for (const l of listings) {
    if (keys.has(l.key)) throw new PrecisError('input_invalid', { detail: `matchProducts: listing key "${l.key}" appears more than once` });
    keys.add(l.key);
  }
  const brandNames = [...(options.brands ?? []), ...[...listings, ...existing].flatMap((x) => (x.brand?.trim() ? [brandEntryOf(x.brand)] : []))];
  const titles = [...listings.map((l) => l.title), ...existing.flatMap((p) => [p.title, ...(p.aliases ?? []).map((a) => a.title)])];
  const brands = withLearnedAliases(brandNames, titles);
  const taxonomy = options.taxonomy ? (Array.isArray(options.taxonomy) ? compileTaxonomy(options.taxonomy) : (options.taxonomy as Taxonomy)) : null;
  const rates = options.ratesToBase ?? {};

  // Items and nodes: one node per listing and per known product (holding its title and aliases).
  const nodes: Node[] = [];
  const nodeOfListing = new Map<string, Node>();
  const links = new Map<string, Link>();
  const newNode = (items: Item[], product: KnownProduct | null, platforms: Iterable<string>): Node => {
    const first = items[0]!;
    const node: Node = {
      id: nodes.length,
      alive: true,
      items,
      product,
      platforms: new Set(platforms),
      brand: first.brand,
      categories: new Set(items.flatMap((i) => (i.category ? [i.category] : []))),
    };
    nodes.push(node);
    return node;
  };
  for (const product of existing) {
    const aliases = product.aliases ?? [];
    const brand = resolveBrand(product.brand, [product.title, ...aliases.map((a) => a.title)], brands);
    const category = product.category ?? null;
    const known = { source: product.key, listing: null, brand };
    // The product's own title is usually a copy of its first alias's: counted once, the alias
    // keeps its platform (so that platform's wording weighs nothing) and IDF is not skewed.
    const items = aliases.some((a) => a.title === product.title)
      ? []
      : [makeItem({ ...known, category, title: product.title, platform: null, price: priceOf(product.priceMinor, product.currency, rates) }, brands)];
    for (const alias of aliases) {
      const aliasPrice = priceOf(alias.priceMinor, alias.currency ?? product.currency, rates);
      // Each alias is filed under its own platform's label: a product made from a listing whose
      // label did not map still has a category once another platform's alias says which.
      const aliasCategory = (taxonomy && alias.categoryLabel ? mappedCategory(alias.categoryLabel, taxonomy) : null) ?? category;
      items.push(makeItem({ ...known, category: aliasCategory, label: alias.categoryLabel, title: alias.title, platform: alias.platform ?? null, price: aliasPrice }, brands));
    }
    newNode(items, product, aliases.flatMap((a) => (a.platform ? [a.platform] : [])));
  }
  for (const listing of listings) {
    const brand = resolveBrand(listing.brand, [listing.title], brands);
    const category = listing.category ?? (taxonomy && listing.categoryLabel ? mappedCategory(listing.categoryLabel, taxonomy) : null);
    const listingPrice = priceOf(listing.priceMinor, listing.currency, rates);
    const item = makeItem({ title: listing.title, source: listing.key, listing, platform: listing.platform, brand, category, label: listing.categoryLabel, price: listingPrice }, brands);
    nodeOfListing.set(listing.key, newNode([item], null, [listing.platform]));
  }
  const weights = new TokenWeights(nodes.flatMap((n) => n.items));
  let labels = new VariantLabels(nodes.flatMap((n) => n.items), weights);

  const find = (node: Node): Node => {
    let n = node;
    while (!n.alive) n = nodes[mergedInto.get(n.id)!]!;
    return n;
  };
  const mergedInto = new Map<number, number>();
  /** Merges two nodes; `at` are the items the decision was about (one in each), whose listings record it. */
  const merge = (a: Node, b: Node, link: Link, at: readonly [Item | undefined, Item | undefined]): Node => {
    const [keep, gone] = a.product || (!b.product && a.items.length >= b.items.length) ? [a, b] : [b, a];
    keep.items.push(...gone.items);
    for (const p of gone.platforms) keep.platforms.add(p);
    for (const c of gone.categories) keep.categories.add(c);
    keep.brand ??= gone.brand;
    keep.product ??= gone.product;
    gone.alive = false;
    mergedInto.set(gone.id, keep.id);
    const [x, y] = at;
    if (x?.listing && !links.has(x.listing.key)) links.set(x.listing.key, { ...link, evidence: [...link.evidence, `with ${y?.source ?? '?'}`] });
    if (y?.listing && !links.has(y.listing.key)) links.set(y.listing.key, { ...link, evidence: [...link.evidence, `with ${x?.source ?? '?'}`] });
    return keep;
  };

  // 1. Listings already known as aliases.
  const productByAliasKey = new Map<string, Node>();
  for (const node of nodes) for (const alias of node.product?.aliases ?? []) if (alias.key) productByAliasKey.set(alias.key, node);
  for (const listing of listings) {
    const product = productByAliasKey.get(listing.key);
    if (!product) continue;
    const node = nodeOfListing.get(listing.key)!;
    merge(find(product), node, { rule: 'alias', score: 1, evidence: ['known alias'] }, [product.items[0], node.items[0]]);
  }

  // 2. SKU, then barcode: equal codes decide, even on one platform; two known products never merge.
  for (const [rule, codeOf] of [
    ['sku', (x: { sku?: string | null }) => normalizeSku(x.sku)],
    ['barcode', (x: { barcode?: string | null }) => normalizeBarcode(x.barcode)],
  ] as const) {
    const holder = new Map<string, Node>();
    for (const node of nodes) {
      const code = node.product ? codeOf(node.product) : null;
      if (code && !holder.has(code)) holder.set(code, node);
    }
    for (const listing of listings) {
      const code = codeOf(listing);
      if (!code) continue;
      const mine = find(nodeOfListing.get(listing.key)!);
      const other = holder.get(code);
      if (!other) {
        holder.set(code, mine);
        continue;
      }
      const theirs = find(other);
      if (theirs === mine || (theirs.product && mine.product)) continue;
      const item = mine.items.find((i) => i.listing?.key === listing.key);
      const otherListing = theirs.items.find((i) => i.listing && codeOf(i.listing) === code);
      holder.set(code, merge(theirs, mine, { rule, score: 1, evidence: [`${rule} ${code}`] }, [otherListing ?? theirs.items[0], item]));
    }
  }

  // 3 and 4, until nothing more merges: same-language first (strong), then cross-language;
  // then learn translations from the cross-language products found, and go again with them.
  const tree = new CategoryTree(taxonomy);
  let lexicon = Lexicon.empty();
  for (let pass = 0; pass < 4; pass++) {
    for (let round = 0; round < 6; round++) {
      const same = mergeMutualBest(nodes, (a, b) => sameLanguageEdge(a, b, weights, tree), merge);
      const cross = mergeUniqueCross(nodes, (a, b) => crossLanguageEdge(a, b, weights, labels, lexicon, tree), merge);
      if (same + cross === 0) break;
    }
    const learned = Lexicon.learn(nodes, weights);
    const placed = learnLabelCategories(nodes, tree);
    if (learned.size === lexicon.size && placed === 0) break;
    lexicon = learned;
    if (placed > 0) labels = new VariantLabels(nodes.flatMap((n) => n.items), weights);
  }

  // Results.
  const order = new Map(listings.map((l, i) => [l.key, i]));
  const newProducts: NewProduct[] = [];
  const productKeyOf = new Map<number, string>();
  for (const node of nodes) {
    if (!node.alive || node.product) continue;
    const listingKeys = node.items.flatMap((i) => (i.listing ? [i.listing.key] : []));
    listingKeys.sort((x, y) => order.get(x)! - order.get(y)!);
    const productKey = `new:${listingKeys[0]!}`;
    productKeyOf.set(node.id, productKey);
    newProducts.push({ productKey, listingKeys });
  }
  const assignments = listings.map((listing): Assignment => {
    const node = find(nodeOfListing.get(listing.key)!);
    const link = links.get(listing.key) ?? { rule: 'none' as const, score: 0, evidence: ['no match: a new product'] };
    return { listingKey: listing.key, productKey: node.product ? node.product.key : productKeyOf.get(node.id)!, ...link };
  });
  return { assignments, newProducts };
}

// ---------------------------------------------------------------------------------------------
// Inputs

/** The brand list, plus the Chinese names the titles themselves reveal (see `learnBrandAliases`). */
function withLearnedAliases(entries: readonly BrandEntry[], titles: readonly string[]): BrandDictionary {
  const given = compileBrands(entries);
  return compileBrands([...entries, ...learnBrandAliases(titles, given)]);
}

/** The brand key: the brand field's (its Latin name when it gives two), else the first title naming a known brand. */
function resolveBrand(given: string | null | undefined, titles: readonly string[], brands: BrandDictionary): string | null {
  if (given?.trim()) {
    const name = brandNameOf(given);
    return brandKey(brands.byKey.get(brandKey(name)) ?? name);
  }
  for (const title of titles) {
    const found = normalizeTitle(title, brands).brand;
    if (found) return brandKey(found);
  }
  return null;
}

function mappedCategory(label: string, taxonomy: Taxonomy): string | null {
  const m = mapCategoryLabel(label, taxonomy);
  return 'category' in m ? m.category : null;
}

const normalizeSku = (sku: string | null | undefined) => (sku?.trim() ? sku.normalize('NFKC').toUpperCase().replace(/\s+/g, '') : null);

/** GTIN digits padded to 14, so a UPC-A and its EAN-13 are one code; other codes upper-cased. */
function normalizeBarcode(code: string | null | undefined): string | null {
  const c = code?.normalize('NFKC').replace(/[\s-]/g, '').toUpperCase();
  if (!c) return null;
  return /^\d{8,14}$/.test(c) ? c.padStart(14, '0') : c;
}

// ---------------------------------------------------------------------------------------------
// Merging

type Merge = (a: Node, b: Node, link: Link, at: readonly [Item | undefined, Item | undefined]) => Node;

/** Nodes grouped for pairing: by brand, or by category when the brand is unknown. */
function blocks(nodes: readonly Node[]): Node[][] {
  const groups = new Map<string, Node[]>();
  for (const node of nodes) {
    if (!node.alive) continue;
    const key = node.brand !== null ? `b:${node.brand}` : node.categories.size === 1 ? `c:${[...node.categories][0]!}` : null;
    if (key === null) continue;
    const group = groups.get(key) ?? [];
    group.push(node);
    groups.set(key, group);
  }
  return [...groups.values()];
}

/** The items an edge is recorded on: the first listing of each node (else its product's title). */
function endpoints(edge: Edge): [Item, Item] {
  return [edge.a.items.find((i) => i.listing) ?? edge.a.items[0]!, edge.b.items.find((i) => i.listing) ?? edge.b.items[0]!];
}

/** One round: every pair of nodes that are each other's best edge merges. Returns merges made. */
function mergeMutualBest(nodes: readonly Node[], edgeOf: (a: Node, b: Node) => Edge | null, merge: Merge): number {
  let merged = 0;
  for (const block of blocks(nodes)) {
    const best = new Map<Node, Edge>();
    for (let i = 0; i < block.length; i++) {
      for (let j = i + 1; j < block.length; j++) {
        const edge = edgeOf(block[i]!, block[j]!);
        if (!edge) continue;
        for (const end of [edge.a, edge.b]) {
          const current = best.get(end);
          if (!current || edge.score > current.score) best.set(end, edge);
        }
      }
    }
    for (const [node, edge] of best) {
      const other = edge.a === node ? edge.b : edge.a;
      if (node.id > other.id || best.get(other) !== edge || !node.alive || !other.alive) continue;
      merge(edge.a, edge.b, { rule: 'title', score: round(edge.score), evidence: edge.evidence }, endpoints(edge));
      merged++;
    }
  }
  return merged;
}

/**
 * One round of cross-language merges: a pair merges only when each is the other's ONLY
 * candidate. Shared sizes and labels identify a product within its brand and category only if
 * nothing else there shares them; when two could, neither is chosen.
 */
function mergeUniqueCross(nodes: readonly Node[], edgeOf: (a: Node, b: Node) => Edge | null, merge: Merge): number {
  let merged = 0;
  for (const block of blocks(nodes)) {
    const candidates = new Map<Node, Edge[]>();
    for (let i = 0; i < block.length; i++) {
      for (let j = i + 1; j < block.length; j++) {
        const edge = edgeOf(block[i]!, block[j]!);
        if (!edge) continue;
        for (const end of [edge.a, edge.b]) candidates.set(end, [...(candidates.get(end) ?? []), edge]);
      }
    }
    for (const [node, edges] of candidates) {
      const edge = edges[0]!;
      const other = edge.a === node ? edge.b : edge.a;
      if (edges.length !== 1 || candidates.get(other)?.length !== 1 || node.id > other.id || !node.alive || !other.alive) continue;
      merge(edge.a, edge.b, { rule: 'title', score: round(edge.score), evidence: [...edge.evidence, 'only candidate on both sides'] }, endpoints(edge));
      merged++;
    }
  }
  return merged;
}

const round = (x: number) => Math.round(x * 1000) / 1000;
