/**
 * Titles are the only evidence most listings carry, so their normal form is pinned exactly: a
 * unit written another way, or a model number split in two, silently changes which listings
 * match.
 */
import { describe, expect, it } from 'vitest';
import { brandEntryOf, compileBrands, learnBrandAliases, normalizeTitle, type NormalTitle } from '../../../src/ingest/products/normalize-title.ts';

const brands = compileBrands(['Lumina', 'Sony', 'Novaphone', { name: 'Maison Orée', aliases: ['奥蕾之家'] }, 'Stride Lab', 'Cedar & Salt']);
const parts = (title: string): Omit<NormalTitle, 'tokens'> => {
  const { tokens: _tokens, ...rest } = normalizeTitle(title, brands);
  return rest;
};
const none = { words: [], quantities: [], models: [], numbers: [], bigrams: [] };

describe('normalizeTitle', () => {
  it('folds full-width forms, lower-cases and keeps a model number whole', () => {
    expect(parts('Ｓｏｎｙ ＷＨ-１０００ＸＭ５ Wireless Headphones')).toEqual({
      ...none,
      text: 'sony wh-1000xm5 wireless headphones',
      brand: 'Sony',
      words: ['wireless', 'headphones'],
      models: ['wh-1000xm5'],
    });
  });

  it('writes "30 ML" and "30毫升" as 30ml, and splits Chinese into bigrams', () => {
    expect(parts('Lumina Hydrating Serum – 30 ML')).toEqual({ ...none, text: 'lumina hydrating serum 30ml', brand: 'Lumina', words: ['hydrating', 'serum'], quantities: ['30ml'] });
    expect(parts('露米娜 保湿精华液 30毫升')).toEqual({
      ...none,
      text: '露米娜 保湿精华液 30ml',
      brand: null,
      quantities: ['30ml'],
      bigrams: ['露米', '米娜', '保湿', '湿精', '精华', '华液'],
    });
  });

  it('converts to one unit per dimension, so 1.5L equals 1500ml and 2TB equals 2048GB', () => {
    expect(normalizeTitle('Kettle 1.5L').quantities).toEqual(['1500ml']);
    expect(normalizeTitle('每日坚果 1kg 30袋装').quantities).toEqual(['1000g', '30bags']);
    expect(normalizeTitle('2TB SSD 41mm 1.8m').quantities).toEqual(['2048gb', '4.1cm', '180cm']);
    expect(normalizeTitle('10,000mAh 65W').quantities).toEqual(['10000mah', '65w']);
  });

  it('keeps the kind of a count: pieces, packs, bags and capsules are different things', () => {
    expect(normalizeTitle('婴儿湿巾 80片 × 3包').quantities).toEqual(['80pcs', '3packs']);
    expect(normalizeTitle('Diapers XL 36 pcs').quantities).toEqual(['36pcs']);
    expect(normalizeTitle('鱼油软胶囊 120粒').quantities).toEqual(['120caps']);
    expect(normalizeTitle('Drip Coffee Bags 10 bags').quantities).toEqual(['10bags']);
  });

  it('reads a short label before a number as one model, and a bare number without leading zeros', () => {
    expect(parts('Stride Lab Running Shoes – EU 40')).toEqual({ ...none, text: 'stride lab running shoes eu 40', brand: 'Stride Lab', words: ['running', 'shoes'], models: ['eu40'] });
    expect(normalizeTitle('Daily Sunscreen SPF50+ 40ml').models).toEqual(['spf50+']);
    expect(normalizeTitle('Matte Lipstick #01').numbers).toEqual(['1']);
  });

  it('does not read a unit inside a model number (x200, a15g)', () => {
    expect(parts('Novaphone X200 A15G 5G 256 GB')).toEqual({
      ...none,
      text: 'novaphone x200 a15g 5g 256gb',
      brand: 'Novaphone',
      models: ['x200', 'a15g'],
      // '5G' reads as 5 grams: harmless for matching, since both sides read it the same way.
      quantities: ['5g', '256gb'],
    });
  });

  it('finds a brand by any spelling, accents and "&" aside, and leaves it out of the tokens', () => {
    expect(parts('MAISON OREE Eau de Parfum 100ml')).toMatchObject({ brand: 'Maison Orée', words: ['eau', 'de', 'parfum'] });
    expect(parts('奥蕾之家 淡香精 1.5L')).toMatchObject({ text: '奥蕾之家 淡香精 1500ml', brand: 'Maison Orée', bigrams: ['淡香', '香精'] });
    expect(parts('Cedar & Salt Scented Candle 200g')).toMatchObject({ brand: 'Cedar & Salt', words: ['scented', 'candle'] });
  });

  it('never guesses a brand that is not in the list', () => {
    expect(normalizeTitle('Acme Rocket Skates').brand).toBeNull();
    expect(normalizeTitle('Luminary Desk Lamp', brands).brand).toBeNull();
  });

  it('lists tokens as words, quantities, models, numbers, then bigrams', () => {
    expect(normalizeTitle('Lumina（露米娜）保湿精华液 Gen 2 30ML #3', brands).tokens).toEqual(['30ml', 'gen2', '3', '露米', '米娜', '保湿', '湿精', '精华', '华液']);
  });
});

describe('learnBrandAliases', () => {
  it('learns a Chinese brand name from the run written next to the Latin one', () => {
    const titles = ['露米娜Lumina 保湿精华液 30ml', 'Lumina（露米娜）修护晚霜 50g', '露米娜Lumina 平衡爽肤水 150ml', 'Sony WH-1000XM5'];
    expect(learnBrandAliases(titles, compileBrands(['Lumina', 'Sony']))).toEqual([{ name: 'Lumina', aliases: ['露米娜'] }]);
  });

  it('learns nothing from too few titles or when product words tie with the name', () => {
    expect(learnBrandAliases(['露米娜Lumina 保湿精华液', '露米娜Lumina 保湿精华液'], compileBrands(['Lumina']))).toEqual([]);
    expect(learnBrandAliases(['露米娜Lumina 精华液', '露米娜Lumina 精华液', '露米娜Lumina 精华液'], compileBrands(['Lumina']))).toEqual([]);
  });
});

describe('brandEntryOf', () => {
  it('reads a brand field that gives a Latin and a Chinese name as one brand with two spellings', () => {
    expect(brandEntryOf('Lumina/露米娜')).toEqual({ name: 'Lumina', aliases: ['露米娜'] });
    expect(brandEntryOf('Linen & Lane／麻巷')).toEqual({ name: 'Linen & Lane', aliases: ['麻巷'] });
    expect(brandEntryOf('Lumina（露米娜）')).toEqual({ name: 'Lumina', aliases: ['露米娜'] });
    expect(brandEntryOf('露米娜Lumina')).toEqual({ name: 'Lumina', aliases: ['露米娜'] });
    expect(brandEntryOf('露米娜 Lumina')).toEqual({ name: 'Lumina', aliases: ['露米娜'] });
  });

  it('leaves a name whole when its parts are not one Latin and one Chinese spelling', () => {
    expect(brandEntryOf('AC/DC')).toBe('AC/DC');
    expect(brandEntryOf('Cedar & Salt')).toBe('Cedar & Salt');
    expect(brandEntryOf(' 雪松海盐 ')).toBe('雪松海盐');
    expect(brandEntryOf('Lumina/露米娜Lab')).toBe('Lumina/露米娜Lab');
  });
});
