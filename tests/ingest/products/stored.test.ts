/**
 * Problem: a later batch sees an earlier one only through the rows the store kept: one products
 * row (copied from the product's first listing) and its aliases. Whatever those rows lose — a
 * category the first listing's label did not give, the currency of an alias on another
 * platform, a barcode kept in the SKU column — the matcher cannot use.
 * Required behaviour: known products carry every alias with its own label, price and currency,
 * and a price whose currency is unknown is dropped rather than read in the wrong currency.
 */
import { describe, expect, it } from 'vitest';
import { batchListings, compileTaxonomy, knownProductsFrom, platformCurrencies, storedProductId, storedProductKey, type StoredAlias, type StoredProduct } from '../../../src/ingest/products/index.ts';

const taxonomy = compileTaxonomy([
  { name: 'Beauty', nameZh: '美妆', parentName: null },
  { name: 'Skincare', nameZh: '护肤', parentName: 'Beauty' },
]);

const serum: StoredProduct = { id: 1, sku: null, title: '露米娜Lumina 保湿精华液 30ml', brand: 'Lumina/露米娜', category: null, priceMinor: 31900, currency: 'CNY' };
const cream: StoredProduct = { id: 2, sku: '6900000000021', title: 'Lumina（露米娜）修护晚霜 50g', brand: null, category: 'Skincare', priceMinor: 23900, currency: 'CNY' };
const cleanser: StoredProduct = { id: 3, sku: 'LUM-00004', title: 'Lumina Gentle Foam Cleanser – 150ml', brand: 'Lumina', category: 'Skincare', priceMinor: 1899, currency: 'USD' };
const alias = (productId: number, platform: string, title: string, priceMinor: number, categoryLabel: string | null = null): StoredAlias => ({
  productId, platform, platformProductId: `${platform}-${productId}`, title, categoryLabel, priceMinor,
});
const aliases = [
  alias(1, 'tmall', serum.title, 31900, '面部护理'),
  alias(1, 'jd', 'Lumina（露米娜）保湿精华液 30ml', 30900, '美妆/护肤'),
  alias(1, 'shopify', 'Lumina Hydrating Serum – 30ml', 5099, 'Beauty > Skincare'),
  alias(2, 'jd', cream.title, 23900, '美妆/护肤'),
  alias(3, 'shopify', cleanser.title, 1899, 'Beauty > Skincare'),
];

describe('knownProductsFrom', () => {
  it('gives each alias its own label, price and its platform’s currency', () => {
    const [p1] = knownProductsFrom([serum, cream, cleanser], aliases);
    expect(p1).toEqual({
      key: 'p:1', sku: null, barcode: null, title: serum.title, brand: 'Lumina/露米娜', category: null, priceMinor: 31900, currency: 'CNY',
      aliases: [
        { key: 'tmall:tmall-1', platform: 'tmall', title: serum.title, categoryLabel: '面部护理', priceMinor: 31900, currency: 'CNY' },
        { key: 'jd:jd-1', platform: 'jd', title: 'Lumina（露米娜）保湿精华液 30ml', categoryLabel: '美妆/护肤', priceMinor: 30900, currency: 'CNY' },
        // Dollars, not yuan: the product's own currency is its first (Tmall) listing's.
        { key: 'shopify:shopify-1', platform: 'shopify', title: 'Lumina Hydrating Serum – 30ml', categoryLabel: 'Beauty > Skincare', priceMinor: 5099, currency: 'USD' },
      ],
    });
  });

  it('reads a platform’s currency off the products first listed there', () => {
    expect(platformCurrencies([serum, cream, cleanser], aliases)).toEqual(new Map([['tmall', 'CNY'], ['jd', 'CNY'], ['shopify', 'USD']]));
  });

  it('drops an alias price whose currency nothing shows, rather than read it in the product’s', () => {
    const [p1] = knownProductsFrom([serum], aliases.filter((a) => a.productId === 1));
    expect(p1!.aliases!.map((a) => [a.platform, a.priceMinor, a.currency])).toEqual([
      ['tmall', 31900, 'CNY'],
      ['jd', null, null],
      ['shopify', null, null],
    ]);
  });

  it('offers a barcode kept in the SKU column as a barcode too', () => {
    const [, p2, p3] = knownProductsFrom([serum, cream, cleanser], aliases);
    expect([p2!.sku, p2!.barcode]).toEqual(['6900000000021', '6900000000021']);
    expect([p3!.sku, p3!.barcode]).toEqual(['LUM-00004', null]);
  });

  it('keys products so their ids come back', () => {
    expect(storedProductKey(42)).toBe('p:42');
    expect(storedProductId('p:42')).toBe(42);
    expect(storedProductId('new:l:3')).toBeNull();
  });
});

describe('batchListings', () => {
  it('leaves out records the platform already lists, maps labels and reports those it cannot', () => {
    const records = [
      { platformProductId: 'a', title: '露米娜Lumina 保湿精华液 30ml', brand: 'Lumina/露米娜', categoryLabel: '美妆>护肤', priceMinor: 31900, currency: 'CNY' },
      { platformProductId: 'b', title: '露米娜Lumina 修护晚霜 50g', categoryLabel: '面部护理', priceMinor: 23900, currency: 'CNY' },
      { platformProductId: 'c', title: '露米娜Lumina 舒缓面膜 Aloe', categoryLabel: '面部护理' },
    ];
    const { listings, categoryOf, unmapped } = batchListings('tmall', records, (id) => id === 'a', taxonomy);
    expect(listings.map((l) => [l.key, l.category])).toEqual([
      ['l:1', undefined],
      ['l:2', undefined],
    ]);
    expect(listings[0]).toMatchObject({ platform: 'tmall', title: records[1]!.title, categoryLabel: '面部护理', priceMinor: 23900, currency: 'CNY' });
    expect(categoryOf).toEqual(['Skincare', undefined, undefined]);
    expect(unmapped).toEqual(['面部护理']);
  });
});
