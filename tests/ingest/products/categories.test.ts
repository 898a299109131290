/**
 * Every platform files products under its own category words; sales by category are only right
 * when each label lands in one category of ours, and a label nothing explains must show up in
 * the report rather than be filed under a guess.
 */
import { describe, expect, it } from 'vitest';
import { collectUnmappedLabels, labelSegments, mapCategoryLabel, type TaxonomyEntry } from '../../../src/ingest/products/categories.ts';
import { demoListings } from './demo-listings.ts';

const taxonomy: TaxonomyEntry[] = [
  { name: 'Beauty', nameZh: '美妆', parentName: null },
  { name: 'Skincare', nameZh: '护肤', parentName: 'Beauty' },
  { name: 'Makeup', nameZh: '彩妆', parentName: 'Beauty' },
  { name: 'Apparel', nameZh: '服饰', parentName: null },
  { name: 'Womenswear', nameZh: '女装', parentName: 'Apparel' },
  { name: 'Electronics', nameZh: '数码', parentName: null },
  { name: 'Phones', nameZh: '手机', parentName: 'Electronics' },
  { name: 'Audio', nameZh: '耳机音响', parentName: 'Electronics' },
  { name: 'Food', nameZh: '食品', parentName: null },
  { name: 'Tea & Coffee', nameZh: '茶饮', parentName: 'Food' },
];
const map = (label: string) => mapCategoryLabel(label, taxonomy);

describe('mapCategoryLabel', () => {
  it.each([
    ['美妆>护肤', 'Skincare'],
    ['美妆/护肤', 'Skincare'],
    ['Beauty > Skincare', 'Skincare'],
    ['个护化妆>护肤', 'Skincare'],
    ['skin care', 'Skincare'],
    ['Skin-Care', 'Skincare'],
    ['美妆护肤/面部精华', 'Skincare'],
    ["Women's Wear", 'Womenswear'],
    ['Mobile Phones', 'Phones'],
    ['手机配件', 'Phones'],
    ['数码/耳机', 'Audio'],
    ['Coffee', 'Tea & Coffee'],
    ['Food › Tea & Coffee', 'Tea & Coffee'],
    ['Ｂｅａｕｔｙ ＞ Ｍａｋｅｕｐ', 'Makeup'],
    ['Beauty', 'Beauty'],
  ])('maps %s to %s', (label, category) => {
    expect(map(label)).toEqual({ category });
  });

  it('reports a label nothing explains instead of guessing', () => {
    expect(map('宠物用品')).toEqual({ unmapped: true, label: '宠物用品' });
    expect(map('Headphones')).toEqual({ unmapped: true, label: 'Headphones' });
  });

  it('does not file an unknown leaf under its department, which would hide it from the report', () => {
    expect(map('Beauty > Perfume Oils')).toEqual({ unmapped: true, label: 'Beauty > Perfume Oils' });
  });

  it('refuses a segment that fits two categories equally well', () => {
    const twins = [...taxonomy, { name: 'Tea Sets', nameZh: '茶具', parentName: 'Food' }];
    expect(mapCategoryLabel('茶饮茶具', twins)).toEqual({ unmapped: true, label: '茶饮茶具' });
  });

  it('splits a path on the separators platforms use', () => {
    expect(labelSegments('美妆 > 护肤 / 精华 | 面部 » x')).toEqual(['美妆', '护肤', '精华', '面部', 'x']);
  });

  it('maps every category label of the demo catalog to the category of its product', () => {
    const demo = demoListings(1);
    const categoryOf = new Map(demo.products.map((p) => [p.key, p.category]));
    const wrong = demo.listings.filter((l) => {
      const mapped = mapCategoryLabel(l.categoryLabel!, demo.taxonomy);
      return !('category' in mapped) || mapped.category !== categoryOf.get(demo.truth.get(l.key)!);
    });
    expect(demo.listings.length).toBe(565);
    expect(wrong).toEqual([]);
  });
});

describe('collectUnmappedLabels', () => {
  it('lists unmapped labels per platform, most listings first, and skips empty labels', () => {
    const listings = [
      { platform: 'tmall', categoryLabel: '宠物用品' },
      { platform: 'tmall', categoryLabel: '宠物用品' },
      { platform: 'tmall', categoryLabel: '美妆>护肤' },
      { platform: 'tmall', categoryLabel: '汽车用品' },
      { platform: 'jd', categoryLabel: '美妆/护肤' },
      { platform: 'jd', categoryLabel: '' },
      { platform: 'shopify', categoryLabel: 'Garden > Tools' },
      { platform: 'shopify', categoryLabel: null },
    ];
    expect(collectUnmappedLabels(listings, taxonomy)).toEqual([
      { platform: 'shopify', labels: [{ label: 'Garden > Tools', listings: 1 }] },
      {
        platform: 'tmall',
        labels: [
          { label: '宠物用品', listings: 2 },
          { label: '汽车用品', listings: 1 },
        ],
      },
    ]);
  });
});
