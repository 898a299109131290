/**
 * Problem: a wrong merge of two products corrupts every figure of both (sales, stock, the
 * recommendations built on them), and nobody sees it; a missed merge only shows one product twice.
 * Required behaviour: codes decide when present; otherwise titles match only on agreeing
 * evidence, never on price alone, never across differing sizes or models, never twice on one
 * platform; and when two candidates fit equally, none is chosen.
 */
import { describe, expect, it } from 'vitest';
import { PrecisError } from '../../../src/errors.ts';
import { matchProducts, productMatchScores, type KnownProduct, type Listing, type MatchOptions } from '../../../src/ingest/products/index.ts';

const taxonomy = [
  { name: 'Beauty', nameZh: '美妆', parentName: null },
  { name: 'Skincare', nameZh: '护肤', parentName: 'Beauty' },
  { name: 'Apparel', nameZh: '服饰', parentName: null },
  { name: 'Womenswear', nameZh: '女装', parentName: 'Apparel' },
  { name: 'Electronics', nameZh: '数码', parentName: null },
  { name: 'Phones', nameZh: '手机', parentName: 'Electronics' },
];
const options: MatchOptions = { brands: ['Lumina', 'Novaphone', 'Qingyi'], taxonomy, ratesToBase: { CNY: 1, USD: 7.2 } };
const currency = { tmall: 'CNY', jd: 'CNY', shopify: 'USD' } as Record<string, string>;

let serial = 0;
/** A listing on `platform` with the given title; everything else optional. */
function listing(platform: string, title: string, more: Partial<Listing> = {}): Listing {
  return { key: `${platform}:${++serial}`, platform, title, currency: currency[platform] ?? null, ...more };
}

/** Listing keys grouped by the product they were given, each group sorted, groups sorted. */
function groups(listings: readonly Listing[], existing: readonly KnownProduct[] = [], opts: MatchOptions = options): string[][] {
  const byProduct = new Map<string, string[]>();
  for (const a of matchProducts(listings, existing, opts).assignments) byProduct.set(a.productKey, [...(byProduct.get(a.productKey) ?? []), a.listingKey]);
  return [...byProduct.values()].map((g) => g.sort()).sort((a, b) => a[0]!.localeCompare(b[0]!));
}
const singles = (listings: readonly Listing[]) => listings.map((l) => [l.key]).sort((a, b) => a[0]!.localeCompare(b[0]!));

describe('matchProducts: codes', () => {
  it('lets an equal SKU decide, whatever the titles say and even on one platform', () => {
    const a = listing('shopify', 'Lumina Hydrating Serum 30ml', { sku: 'LUM-00001' });
    const b = listing('shopify', 'Completely different words', { sku: ' lum-00001 ' });
    const c = listing('tmall', '露米娜 保湿精华液 30ml');
    const { assignments, newProducts } = matchProducts([a, b, c], [], options);
    expect(assignments.map((x) => [x.listingKey, x.productKey, x.rule])).toEqual([
      [a.key, `new:${a.key}`, 'sku'],
      [b.key, `new:${a.key}`, 'sku'],
      [c.key, `new:${c.key}`, 'none'],
    ]);
    expect(assignments[1]!.evidence).toEqual(['sku LUM-00001', `with ${a.key}`]);
    expect(newProducts).toEqual([
      { productKey: `new:${a.key}`, listingKeys: [a.key, b.key] },
      { productKey: `new:${c.key}`, listingKeys: [c.key] },
    ]);
  });

  it('assigns a listing to the known product with its SKU', () => {
    const known: KnownProduct = { key: 'product:7', sku: 'NOV-7', title: 'Novaphone 5G Smartphone 256GB', brand: 'Novaphone', category: 'Phones' };
    const l = listing('shopify', 'Something else entirely', { sku: 'NOV-7' });
    expect(matchProducts([l], [known], options).assignments).toEqual([{ listingKey: l.key, productKey: 'product:7', rule: 'sku', score: 1, evidence: ['sku NOV-7', 'with product:7'] }]);
  });

  it('reads a UPC-A and its EAN-13 as one barcode', () => {
    const a = listing('jd', 'Lumina 保湿精华液', { barcode: '012345678905' });
    const b = listing('shopify', 'Lumina Serum', { barcode: '0012345678905' });
    expect(matchProducts([a, b], [], options).assignments.map((x) => x.rule)).toEqual(['barcode', 'barcode']);
  });

  it('never merges two known products, even when a listing carries both their codes', () => {
    const p1: KnownProduct = { key: 'p1', sku: 'A-1', barcode: '4006381333931', title: 'Lumina Serum 30ml', brand: 'Lumina' };
    const p2: KnownProduct = { key: 'p2', barcode: '4012345678901', title: 'Lumina Serum 50ml', brand: 'Lumina' };
    const l = listing('jd', 'Lumina Serum', { sku: 'A-1', barcode: '4012345678901' });
    expect(matchProducts([l], [p1, p2], options).assignments[0]).toMatchObject({ productKey: 'p1', rule: 'sku' });
  });

  it('finds a listing it already knows as an alias by its key', () => {
    const known: KnownProduct = { key: 'p9', title: 'Lumina Serum 30ml', aliases: [{ key: 'tmall:123', platform: 'tmall', title: '露米娜 保湿精华液 30ml' }] };
    const l: Listing = { key: 'tmall:123', platform: 'tmall', title: '露米娜 精华液 新款 30ml' };
    expect(matchProducts([l], [known], options).assignments[0]).toMatchObject({ productKey: 'p9', rule: 'alias' });
  });
});

describe('matchProducts: titles in one language', () => {
  it('matches the same title on two platforms, with the evidence', () => {
    const a = listing('tmall', '露米娜Lumina 保湿精华液 30ml', { categoryLabel: '美妆>护肤', priceMinor: 31900 });
    const b = listing('jd', 'Lumina（露米娜）保湿精华液 30ML', { categoryLabel: '美妆/护肤', priceMinor: 30900 });
    const [, second] = matchProducts([a, b], [], { ...options, brands: [{ name: 'Lumina', aliases: ['露米娜'] }] }).assignments;
    expect(second).toMatchObject({ productKey: `new:${a.key}`, rule: 'title', score: 1 });
    expect(second!.evidence).toEqual(['brand lumina', 'category Skincare', 'price ×1.03', 'shared 30ml, 保湿, 湿精, 精华, 华液', 'overlap 1.00', 'covered 1.00', `with ${a.key}`]);
  });

  it('never matches 256GB with 512GB', () => {
    const ls = [
      listing('tmall', '诺瓦Novaphone 5G智能手机 256GB', { priceMinor: 399900 }),
      listing('jd', 'Novaphone（诺瓦）5G智能手机 512GB', { priceMinor: 399900 }),
      listing('shopify', 'Novaphone 5G Smartphone 512 GB', { priceMinor: 59999 }),
    ];
    expect(groups(ls)).toEqual(singles(ls));
    const known: KnownProduct = { key: 'p256', title: 'Novaphone 5G Smartphone 256GB', brand: 'Novaphone', category: 'Phones' };
    expect(matchProducts([ls[2]!], [known], options).assignments[0]!.productKey).not.toBe('p256');
  });

  it('never matches different model numbers or sizes written as numbers', () => {
    const ls = [listing('tmall', 'Sony WH-1000XM5 降噪耳机'), listing('jd', 'Sony WH-1000XM4 降噪耳机'), listing('shopify', 'Qingyi Dress EU 38'), listing('tmall', 'Qingyi Dress EU 40')];
    expect(groups(ls, [], { ...options, brands: ['Sony', 'Qingyi'] })).toEqual(singles(ls));
  });

  it('never matches on an equal price alone', () => {
    const ls = [
      listing('tmall', '露米娜Lumina 保湿精华液', { priceMinor: 19900, categoryLabel: '美妆>护肤' }),
      listing('jd', 'Lumina（露米娜）修护晚霜', { priceMinor: 19900, categoryLabel: '美妆/护肤' }),
      listing('shopify', 'Lumina Repair Night Cream', { priceMinor: 19900, currency: 'CNY', categoryLabel: 'Beauty > Skincare' }),
    ];
    expect(groups(ls)).toEqual(singles(ls));
  });

  it('lowers the score for a large price gap, below a match', () => {
    const a = listing('tmall', '露米娜Lumina 保湿精华液 30ml', { priceMinor: 30000 });
    const close = listing('jd', 'Lumina（露米娜）保湿精华液 30ml', { priceMinor: 33000 });
    const far = listing('jd', 'Lumina（露米娜）保湿精华液 30ml', { priceMinor: 120000 });
    expect(groups([a, close])).toEqual([[a.key, close.key].sort()]);
    expect(groups([a, far])).toEqual(singles([a, far]));
  });

  it('never puts two listings of one platform in one product on title evidence', () => {
    const ls = [listing('tmall', '露米娜Lumina 保湿精华液 30ml'), listing('tmall', '露米娜Lumina 保湿精华液 30ml')];
    expect(groups(ls)).toEqual(singles(ls));
  });

  it('keeps colour variants apart, and pairs each with its own colour', () => {
    const ivory = listing('tmall', '青衣Qingyi 真丝衬衫 象牙白');
    const black = listing('jd', 'Qingyi（青衣）真丝衬衫 黑色');
    expect(groups([ivory, black])).toEqual(singles([ivory, black]));
    const ivoryJd = listing('jd', 'Qingyi（青衣）真丝衬衫 象牙白');
    expect(groups([ivory, black, ivoryJd])).toEqual([[ivory.key, ivoryJd.key].sort(), [black.key]].sort((a, b) => a[0]!.localeCompare(b[0]!)));
  });

  it('matches a new listing to a known product through the alias it already has on another platform', () => {
    const known: KnownProduct = {
      key: 'p1',
      title: 'Lumina Hydrating Serum 30ml',
      brand: 'Lumina',
      category: 'Skincare',
      aliases: [{ key: 'tmall:1', platform: 'tmall', title: '露米娜Lumina 保湿精华液 30ml' }],
    };
    const jd = listing('jd', 'Lumina（露米娜）保湿精华液 30ml', { categoryLabel: '美妆/护肤' });
    const tmall = listing('tmall', '露米娜Lumina 保湿精华液 30ml', { categoryLabel: '美妆>护肤' });
    const { assignments } = matchProducts([jd, tmall], [known], options);
    expect(assignments[0]).toMatchObject({ productKey: 'p1', rule: 'title' });
    // Tmall already lists p1 under another id: a second Tmall listing is a new product.
    expect(assignments[1]!.productKey).toBe(`new:${tmall.key}`);
  });

  it('never matches across brands', () => {
    const ls = [listing('tmall', 'Lumina 保湿精华液 30ml'), listing('jd', 'Qingyi 保湿精华液 30ml')];
    expect(groups(ls)).toEqual(singles(ls));
  });
});

describe('matchProducts: Chinese title against English title', () => {
  const zh = () => listing('tmall', '露米娜Lumina 保湿精华液 30ml', { categoryLabel: '美妆>护肤', priceMinor: 31900 });
  const en = () => listing('shopify', 'Lumina Hydrating Serum – 30ml', { categoryLabel: 'Beauty > Skincare', priceMinor: 5099 });

  it('matches on brand, category and a shared size when nothing else shares it', () => {
    const [a, b] = [zh(), en()];
    const second = matchProducts([a, b], [], options).assignments[1]!;
    expect(second).toMatchObject({ productKey: `new:${a.key}`, rule: 'title' });
    expect(second.evidence).toEqual(['cross-language', 'brand lumina', 'category Skincare', 'price ×1.15', 'shared 30ml', 'points 4', 'only candidate on both sides', `with ${a.key}`]);
  });

  it('refuses to choose when two Chinese titles share the only evidence', () => {
    const ls = [zh(), listing('jd', 'Lumina 平衡爽肤水 30ml', { categoryLabel: '美妆/护肤', priceMinor: 29900 }), en()];
    expect(groups(ls)).toEqual(singles(ls));
  });

  it('refuses categories that differ, and a pair where neither category is known', () => {
    const a = zh();
    const phones = { ...en(), categoryLabel: 'Electronics > Phones' };
    expect(groups([a, phones])).toEqual(singles([a, phones]));
    const gardenZh = { ...zh(), categoryLabel: '园艺工具' };
    const gardenEn = { ...en(), categoryLabel: 'Garden > Tools' };
    expect(groups([gardenZh, gardenEn])).toEqual(singles([gardenZh, gardenEn]));
  });

  it('lets a department agree with a category under it: 美妆 and Beauty > Skincare', () => {
    const [a, b] = [{ ...zh(), categoryLabel: '美妆' }, en()];
    const second = matchProducts([a, b], [], options).assignments[1]!;
    expect(second.productKey).toBe(`new:${a.key}`);
    expect(second.evidence).toContain('category Skincare');
  });

  it('matches across a label the taxonomy cannot place on a shared size, never on a label word alone', () => {
    // 'Garden > Tools' maps to nothing: unknown is not a contradiction, but only 30ml may speak.
    const [a, b] = [zh(), { ...en(), categoryLabel: 'Garden > Tools' }];
    const second = matchProducts([a, b], [], options).assignments[1]!;
    expect(second.productKey).toBe(`new:${a.key}`);
    expect(second.evidence).toContain('category unknown: sizes, models, numbers only');
    // 'Leather' names a strap and a case alike; only the category could tell which.
    const strap = listing('tmall', '诺瓦Novaphone 替换表带 Leather', { categoryLabel: '智能设备', priceMinor: 9900 });
    const cover = listing('shopify', 'Novaphone Protective Case – Leather', { categoryLabel: 'Electronics > Phones', priceMinor: 1399 });
    expect(groups([strap, cover])).toEqual(singles([strap, cover]));
  });

  it('learns what a label the taxonomy cannot place means from the products its listings joined', () => {
    // Tmall's '面部护理' maps to nothing; two of its listings join JD's 美妆/护肤 ones, so it is
    // Skincare, and then the shared label 'Aloe' may count for the third.
    const tmall = (title: string, priceMinor: number) => listing('tmall', `露米娜Lumina ${title}`, { categoryLabel: '面部护理', priceMinor });
    const jd = (title: string, priceMinor: number) => listing('jd', `Lumina（露米娜）${title}`, { categoryLabel: '美妆/护肤', priceMinor });
    const mask = tmall('舒缓面膜 Aloe', 15900);
    const ls = [tmall('保湿精华液 30ml', 31900), tmall('修护晚霜 50g', 23900), mask, jd('保湿精华液 30ml', 30900), jd('修护晚霜 50g', 24900)];
    const shopify = listing('shopify', 'Lumina Soothing Mask – Aloe', { categoryLabel: 'Beauty > Skincare', priceMinor: 2199 });
    const last = matchProducts([...ls, shopify], [], options).assignments.at(-1)!;
    expect(last.productKey).toBe(`new:${mask.key}`);
    expect(last.evidence).toContain('category Skincare');
    // Without the JD listings nothing says what '面部护理' is: the label alone decides nothing.
    expect(groups([mask, shopify])).toEqual(singles([mask, shopify]));
  });

  it('needs a shared size, model or label: brand, category and a close price are not enough', () => {
    const a = listing('tmall', '青衣Qingyi 真丝衬衫 象牙白', { categoryLabel: '服饰>女装', priceMinor: 59900 });
    const b = listing('shopify', 'Qingyi Silk Blouse – Ivory', { categoryLabel: 'Apparel > Womenswear', priceMinor: 8999 });
    expect(groups([a, b])).toEqual(singles([a, b]));
  });

  it('matches on one shared label with a close price, and refuses when the labels differ', () => {
    const a = listing('tmall', '诺瓦Novaphone 手机保护壳 Clear', { categoryLabel: '数码>手机', priceMinor: 7900 });
    const b = listing('shopify', 'Novaphone Protective Case – Leather', { categoryLabel: 'Electronics > Phones', priceMinor: 1299 });
    const c = listing('shopify', 'Novaphone Protective Case – Clear', { categoryLabel: 'Electronics > Phones', priceMinor: 1299 });
    expect(groups([a, b])).toEqual(singles([a, b]));
    expect(groups([a, c])).toEqual([[a.key, c.key].sort()]);
  });

  it('refuses a size shared across a price gap of more than 2.5×', () => {
    const a = zh();
    const b = { ...en(), priceMinor: 999 }; // ≈ ¥72 against ¥319
    expect(groups([a, b])).toEqual(singles([a, b]));
  });
});

describe('matchProducts: products an earlier batch made', () => {
  // The pipeline passes no brand list: brands come from the brand fields, as platforms write them.
  const pipeline: MatchOptions = { taxonomy, ratesToBase: { CNY: 1, USD: 7.2 } };
  const tmallAlias = { key: 'tmall:1', platform: 'tmall', title: '露米娜Lumina 舒缓面膜 Aloe', categoryLabel: '面部护理', priceMinor: 15900, currency: 'CNY' };
  const jdAlias = { key: 'jd:1', platform: 'jd', title: 'Lumina（露米娜）舒缓面膜 Aloe', categoryLabel: '美妆/护肤', priceMinor: 16900, currency: 'CNY' };
  /** As knownProductsFrom builds it: the first listing's row, which had no mapped category. */
  const known = (aliases: NonNullable<KnownProduct['aliases']>): KnownProduct => ({
    key: 'p:1', title: tmallAlias.title, brand: 'Lumina/露米娜', category: null, priceMinor: 15900, currency: 'CNY', aliases,
  });

  it('reads a brand field that names the brand twice ("Lumina/露米娜") as the brand other platforms write', () => {
    const a = listing('tmall', '露米娜Lumina 保湿精华液 30ml', { brand: 'Lumina/露米娜', categoryLabel: '美妆>护肤', priceMinor: 31900 });
    const b = listing('jd', 'Lumina（露米娜）保湿精华液 30ml', { categoryLabel: '美妆/护肤', priceMinor: 30900 });
    expect(groups([a, b], [], pipeline)).toEqual([[a.key, b.key].sort()]);
    const jd = listing('jd', 'Lumina（露米娜）舒缓面膜 Aloe', { categoryLabel: '美妆/护肤', priceMinor: 16900 });
    expect(matchProducts([jd], [known([tmallAlias])], pipeline).assignments[0]).toMatchObject({ productKey: 'p:1', rule: 'title' });
    expect(matchProducts([jd], [known([tmallAlias])], pipeline).assignments[0]!.evidence).toContain('brand lumina');
  });

  it('files a known product under the category its aliases give when its own row has none', () => {
    const shopify = listing('shopify', 'Lumina Soothing Mask – Aloe', { brand: 'Lumina', categoryLabel: 'Beauty > Skincare', priceMinor: 2199 });
    expect(matchProducts([shopify], [known([tmallAlias, jdAlias])], pipeline).assignments[0]).toMatchObject({ productKey: 'p:1', rule: 'title' });
    // With only the Tmall alias, whose label maps to nothing, 'Aloe' alone cannot decide.
    expect(matchProducts([shopify], [known([tmallAlias])], pipeline).assignments[0]!.rule).toBe('none');
  });
});

describe('matchProducts: input', () => {
  it('refuses a listing key given twice', () => {
    const l = listing('tmall', 'x');
    expect(() => matchProducts([l, { ...l }], [], options)).toThrow(PrecisError);
  });

  it('returns one assignment per listing, in input order, with nothing to match against', () => {
    const ls = [listing('tmall', 'a'), listing('jd', 'b')];
    expect(matchProducts(ls).assignments.map((a) => [a.listingKey, a.rule, a.score])).toEqual([
      [ls[0]!.key, 'none', 0],
      [ls[1]!.key, 'none', 0],
    ]);
  });
});

describe('productMatchScores', () => {
  it('scores pairwise same-product decisions against the truth', () => {
    const assignments = [
      { listingKey: 'a', productKey: 'X' },
      { listingKey: 'b', productKey: 'X' },
      { listingKey: 'c', productKey: 'X' },
      { listingKey: 'd', productKey: 'Y' },
      { listingKey: 'e', productKey: 'Z' },
      { listingKey: 'unknown', productKey: 'X' },
    ];
    const truth = new Map([
      ['a', 'P1'],
      ['b', 'P1'],
      ['c', 'P2'],
      ['d', 'P2'],
      ['e', 'P1'],
    ]);
    // Decided pairs: ab ✓, ac ✗, bc ✗. True pairs: ab, ae, be, cd → 1 of 4 found.
    expect(productMatchScores(assignments, truth)).toEqual({
      precision: 1 / 3,
      recall: 1 / 4,
      decidedPairs: 3,
      truePairs: 4,
      correctPairs: 1,
      wrongPairs: [
        ['a', 'c'],
        ['b', 'c'],
      ],
    });
  });

  it('calls precision 1 when nothing was decided', () => {
    expect(productMatchScores([{ listingKey: 'a', productKey: 'X' }], new Map([['a', 'P']]))).toMatchObject({ precision: 1, recall: 1, decidedPairs: 0 });
  });
});
