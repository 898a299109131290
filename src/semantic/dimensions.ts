/**
 * Dimensions: what a metric can be broken down or filtered by, defined once per source.
 * Personal fields (email, phone, name, address, birth date) are deliberately absent: no
 * question can select or group by them.
 */
import { sql } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { categories, customers, orders, products } from '../db/schema/index.ts';
import type { Lang } from '../messages/index.ts';
import { places, platforms } from './places.ts';
import { parentCategories } from './sources.ts';
import type { DimensionBinding, DimensionDef, TimeGrain } from './types.ts';

const plain = (column: PgColumn, joins?: DimensionBinding['joins']): DimensionBinding => ({ value: () => sql`${column}`, joins });

const cityZh = new Map(places.map((p) => [p.city, p.cityZh]));
const regionZh = new Map(places.map((p) => [p.region, p.regionZh]));
const countryZh = new Map(places.map((p) => [p.country, p.countryZh]));
const platformLabel = new Map<string, { en: string; zh: string }>(platforms.map((p) => [p.id, p]));
const genderLabel: Record<string, Record<Lang, string>> = { female: { en: 'Female', zh: '女' }, male: { en: 'Male', zh: '男' } };

const translated = (zh: Map<string, string>) => (value: string, lang: Lang) => (lang === 'zh' ? (zh.get(value) ?? value) : value);

/** Leaf category in the asker's language; a filter on a parent ("Beauty") includes its children. */
const categoryBinding: DimensionBinding = {
  value: (lang) => (lang === 'zh' ? sql`coalesce(${categories.nameZh}, ${categories.name})` : sql`${categories.name}`),
  key: sql`${categories.id}`,
  filter: (values) => sql`(${categories.name} in ${values} or ${parentCategories.name} in ${values})`,
  joins: ['category', 'parentCategory'],
};

function timeDimension(grain: TimeGrain, label: Record<Lang, string>, en: string[], zh: string[]): DimensionDef {
  return {
    label,
    synonyms: { en, zh },
    description: { en: `Calendar ${grain} in the store's time zone.`, zh: `按店铺时区的${label.zh}。` },
    kind: 'time',
    grain,
    on: {},
  };
}

export const dimensions = {
  city: {
    label: { en: 'City', zh: '城市' },
    synonyms: { en: ['city', 'cities', 'town'], zh: ['城市', '各城市', '城市分布'] },
    description: { en: "The customer's city.", zh: '客户所在城市。' },
    kind: 'attribute',
    on: { customers: plain(customers.city), sales: plain(customers.city, ['customer']) },
    display: translated(cityZh),
  },
  region: {
    label: { en: 'Region', zh: '省份' },
    synonyms: { en: ['region', 'regions', 'province', 'provinces', 'state', 'states'], zh: ['省份', '地区', '区域'] },
    description: { en: "The customer's province or state.", zh: '客户所在省份或州。' },
    kind: 'attribute',
    on: { customers: plain(customers.region), sales: plain(customers.region, ['customer']) },
    display: translated(regionZh),
  },
  country: {
    label: { en: 'Country', zh: '国家' },
    synonyms: { en: ['country', 'countries', 'market', 'markets'], zh: ['国家', '国家和地区', '市场'] },
    description: { en: "The customer's country.", zh: '客户所在国家或地区。' },
    kind: 'attribute',
    on: { customers: plain(customers.country), sales: plain(customers.country, ['customer']) },
    display: translated(countryZh),
  },
  gender: {
    label: { en: 'Gender', zh: '性别' },
    synonyms: { en: ['gender', 'sex'], zh: ['性别', '男女'] },
    description: { en: "The customer's gender, where given.", zh: '客户性别（如有）。' },
    kind: 'attribute',
    on: { customers: plain(customers.gender), sales: plain(customers.gender, ['customer']) },
    display: (value, lang) => genderLabel[value]?.[lang] ?? value,
  },
  platform: {
    label: { en: 'Platform', zh: '平台' },
    synonyms: { en: ['platform', 'platforms', 'channel', 'channels', 'marketplace', 'marketplaces'], zh: ['平台', '渠道', '店铺', '各平台'] },
    description: { en: 'The shop platform of the order (for customers: where they signed up).', zh: '订单所在平台（客户则为注册平台）。' },
    kind: 'attribute',
    on: { customers: plain(customers.signupPlatform), sales: plain(orders.platform) },
    display: (value, lang) => platformLabel.get(value)?.[lang] ?? value,
  },
  category: {
    label: { en: 'Category', zh: '品类' },
    synonyms: { en: ['category', 'categories', 'product category', 'department'], zh: ['品类', '类目', '分类', '商品类别', '类别'] },
    description: { en: 'The product category (a parent category includes its children).', zh: '商品品类（父品类包含其子品类）。' },
    kind: 'attribute',
    on: { sales: categoryBinding },
  },
  product: {
    label: { en: 'Product', zh: '商品' },
    synonyms: { en: ['product', 'products', 'item', 'items', 'sku', 'skus'], zh: ['商品', '产品', '单品', '宝贝'] },
    description: { en: 'The product, as one record across platforms.', zh: '商品（跨平台合并为一条）。' },
    kind: 'attribute',
    on: { sales: { value: () => sql`${products.title}`, key: sql`${products.id}`, joins: ['product'] } },
  },
  brand: {
    label: { en: 'Brand', zh: '品牌' },
    synonyms: { en: ['brand', 'brands'], zh: ['品牌'] },
    description: { en: "The product's brand.", zh: '商品品牌。' },
    kind: 'attribute',
    on: { sales: plain(products.brand, ['product']) },
  },
  day: timeDimension('day', { en: 'Day', zh: '日' }, ['day', 'daily', 'each day', 'per day'], ['每天', '每日', '按天', '按日', '日趋势']),
  week: timeDimension('week', { en: 'Week', zh: '周' }, ['week', 'weekly', 'each week', 'per week'], ['每周', '按周', '周趋势']),
  month: timeDimension('month', { en: 'Month', zh: '月' }, ['month', 'monthly', 'each month', 'per month', 'trend'], ['每月', '按月', '月度', '每个月', '趋势', '走势']),
  quarter: timeDimension('quarter', { en: 'Quarter', zh: '季度' }, ['quarter', 'quarterly', 'each quarter'], ['每季度', '按季度', '季度']),
  year: timeDimension('year', { en: 'Year', zh: '年' }, ['year', 'yearly', 'annual', 'each year', 'per year'], ['每年', '按年', '年度', '逐年']),
} satisfies Record<string, DimensionDef>;

export type DimensionId = keyof typeof dimensions;
export const dimensionIds = Object.keys(dimensions) as [DimensionId, ...DimensionId[]];

/** SQL text for a time grain's label; constant per grain, never from input. */
export const timeGrainFormat: Record<TimeGrain, string> = {
  day: 'YYYY-MM-DD',
  week: 'IYYY-"W"IW',
  month: 'YYYY-MM',
  quarter: 'YYYY-"Q"Q',
  year: 'YYYY',
};
