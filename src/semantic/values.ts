/**
 * Values a question may name ("Shanghai", "天猫", "Skincare", a brand), with every phrase that
 * means each one. Cities, regions and platforms come from the gazetteer; categories, brands and
 * saved custom segments from the store, so newly ingested ones are understood without a code change.
 */
import { asc, isNotNull } from 'drizzle-orm';
import type { Store } from '../db/client.ts';
import { categories, products, savedSegments } from '../db/schema/index.ts';
import type { DimensionId } from './dimensions.ts';
import { channels, places, platforms } from './places.ts';

export interface ValueEntry {
  dimension: DimensionId;
  /** The canonical stored value, used in filters. */
  value: string;
  /** Lower-case phrases that name it, in any language. */
  phrases: string[];
}

/** Extra names people use for platforms, beyond the labels. */
const platformAliases: Record<string, string[]> = {
  tmall: ['tianmao', 'tmall.com', '淘宝天猫'],
  jd: ['jd', 'jingdong', '京东商城'],
  shopify: ['shopify', 'our website', 'web store', 'webshop', '官网'],
};

const phrasesOf = (...names: (string | null | undefined)[]) => [...new Set(names.filter((n): n is string => !!n).map((n) => n.normalize('NFKC').toLowerCase().trim()))];

export function gazetteerValues(): ValueEntry[] {
  const entries: ValueEntry[] = [];
  for (const p of platforms) entries.push({ dimension: 'platform', value: p.id, phrases: phrasesOf(p.id, p.en, p.zh, ...(platformAliases[p.id] ?? [])) });
  const seenRegions = new Set<string>();
  for (const p of places) {
    entries.push({ dimension: 'city', value: p.city, phrases: phrasesOf(p.city, p.cityZh, p.cityZh.replace(/市$/, '')) });
    if (!seenRegions.has(p.region) && p.region !== p.city) {
      seenRegions.add(p.region);
      entries.push({ dimension: 'region', value: p.region, phrases: phrasesOf(p.region, p.regionZh) });
    }
  }
  // Countries by name (the store keeps ISO codes): never by the code itself ("US", "IN" are
  // words too), and not by a name a city already answers to ("Hong Kong", "Singapore").
  const cityPhrases = new Set(entries.filter((e) => e.dimension === 'city').flatMap((e) => e.phrases));
  const englishName = new Intl.DisplayNames(['en'], { type: 'region' });
  for (const [code, zh] of new Map(places.map((p) => [p.country, p.countryZh]))) {
    const phrases = phrasesOf(englishName.of(code) ?? code, zh, ...(countryAliases[code] ?? [])).filter((ph) => !cityPhrases.has(ph));
    if (phrases.length > 0) entries.push({ dimension: 'country', value: code, phrases });
  }
  for (const c of channels) entries.push({ dimension: 'channel', value: c.id, phrases: phrasesOf(c.en, c.zh, ...(channelAliases[c.id] ?? [])) });
  for (const [value, phrases] of Object.entries(genderPhrases)) entries.push({ dimension: 'gender', value, phrases: phrasesOf(...phrases) });
  for (const [value, phrases] of Object.entries(segmentPhrases)) entries.push({ dimension: 'segment', value, phrases: phrasesOf(...phrases) });
  return entries;
}

const countryAliases: Record<string, string[]> = { US: ['usa', 'america', 'united states of america', '美利坚'], GB: ['uk', 'britain', 'great britain'], CN: ['mainland china', '中国大陆'] };
const channelAliases: Record<string, string[]> = { marketplace: ['marketplace', 'marketplaces', '第三方平台'], own_store: ['own store', 'our own store', '自营'] };
const genderPhrases: Record<string, string[]> = { female: ['female', 'women', 'woman', '女性', '女顾客', '女客户'], male: ['male', 'men', 'man', '男性', '男顾客', '男客户'] };
/**
 * The names people use for RFM segments. Plain "new" and "active" (and 新客户, 活跃客户) are left
 * out on purpose: they already name metrics (new customers, active customers).
 */
const segmentPhrases: Record<string, string[]> = {
  champions: ['champions', 'champion customers', '重要价值客户', '高价值客户', '冠军客户'],
  loyal: ['loyal', 'loyal customers', '忠诚客户', '忠实客户'],
  promising: ['promising customers', '潜力客户'],
  needs_attention: ['needs attention', 'customers needing attention', '需要关注的客户', '需要关注'],
  at_risk: ['at risk', 'at-risk', 'at risk customers', 'at-risk customers', '有流失风险', '流失风险客户', '有流失风险的客户'],
  previously_loyal: ['previously loyal', '曾经的忠诚客户'],
  almost_lost: ['almost lost', '即将流失', '即将流失的客户'],
  dormant: ['dormant', 'dormant customers', '沉睡客户'],
};

export async function storeValues(store: Store): Promise<ValueEntry[]> {
  const cats = await store.db.select({ name: categories.name, nameZh: categories.nameZh }).from(categories).orderBy(asc(categories.id));
  const brands = await store.db.selectDistinct({ brand: products.brand }).from(products).where(isNotNull(products.brand)).orderBy(asc(products.brand));
  // Custom segments are named like RFM segments, and expanded into their filters before validation.
  const saved = await store.db.select({ name: savedSegments.name }).from(savedSegments).orderBy(asc(savedSegments.name));
  return [
    ...saved.map((s) => ({ dimension: 'segment' as const, value: s.name, phrases: phrasesOf(s.name) })),
    ...cats.map((c) => ({ dimension: 'category' as const, value: c.name, phrases: phrasesOf(c.name, c.nameZh) })),
    ...brands.map((b) => ({ dimension: 'brand' as const, value: b.brand!, phrases: phrasesOf(b.brand) })),
  ];
}
