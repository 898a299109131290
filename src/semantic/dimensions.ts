/**
 * Dimensions: what a metric can be broken down or filtered by, defined once per source.
 * Personal fields (email, phone, name, address, birth date) are deliberately absent: no
 * question can select or group by them.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { categories, customerFeatures, customers, orders, products, type RfmSegment } from '../db/schema/index.ts';
import type { Lang } from '../messages/index.ts';
import { channels, places, platforms } from './places.ts';
import { parentCategories } from './sources.ts';
import type { DimensionBinding, DimensionDef, TimeGrain, ValueContext } from './types.ts';

const plain = (column: PgColumn, joins?: DimensionBinding['joins']): DimensionBinding => ({ value: () => sql`${column}`, joins });

/** Age bands marketers use; the years come from the birth year and today's year. */
const ageBand = (): SQL => sql`case
  when ${customers.birthYear} is null then null
  when extract(year from current_date) - ${customers.birthYear} < 25 then '18-24'
  when extract(year from current_date) - ${customers.birthYear} < 35 then '25-34'
  when extract(year from current_date) - ${customers.birthYear} < 45 then '35-44'
  when extract(year from current_date) - ${customers.birthYear} < 55 then '45-54'
  else '55+' end`;
const channelOf = (platform: PgColumn): SQL =>
  sql`case ${platform} ${sql.join(platforms.map((p) => sql`when ${p.id} then ${p.channel}`), sql` `)} else 'other' end`;
const cohortOf = (ctx: ValueContext): SQL => sql`to_char(${customers.signupAt} at time zone ${ctx.timeZone}, 'YYYY-MM')`;
const channelLabel = new Map<string, { en: string; zh: string }>(channels.map((c) => [c.id, c]));

const cityZh = new Map(places.map((p) => [p.city, p.cityZh]));
const regionZh = new Map(places.map((p) => [p.region, p.regionZh]));
const countryZh = new Map(places.map((p) => [p.country, p.countryZh]));
const platformLabel = new Map<string, { en: string; zh: string }>(platforms.map((p) => [p.id, p]));
const genderLabel: Record<string, Record<Lang, string>> = { female: { en: 'Female', zh: '女' }, male: { en: 'Male', zh: '男' } };

/** RFM segment names as merchants say them (ids come from src/analytics/features.ts's rule table). */
export const segmentLabels: Record<RfmSegment, Record<Lang, string>> = {
  champions: { en: 'Champions', zh: '重要价值客户' },
  loyal: { en: 'Loyal', zh: '忠诚客户' },
  active: { en: 'Active', zh: '活跃客户' },
  promising: { en: 'Promising', zh: '潜力客户' },
  new: { en: 'New', zh: '新客户' },
  needs_attention: { en: 'Needs attention', zh: '需要关注' },
  at_risk: { en: 'At risk', zh: '有流失风险' },
  previously_loyal: { en: 'Previously loyal', zh: '曾经的忠诚客户' },
  almost_lost: { en: 'Almost lost', zh: '即将流失' },
  dormant: { en: 'Dormant', zh: '沉睡客户' },
};

const translated = (zh: Map<string, string>) => (value: string, lang: Lang) => (lang === 'zh' ? (zh.get(value) ?? value) : value);

/** Leaf category in the asker's language; a filter on a parent ("Beauty") includes its children. */
const categoryBinding: DimensionBinding = {
  value: ({ lang }) => (lang === 'zh' ? sql`coalesce(${categories.nameZh}, ${categories.name})` : sql`${categories.name}`),
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
    synonyms: { en: ['region', 'regions', 'province', 'provinces', 'state', 'states'], zh: ['省份', '地区', '区域', '省'] },
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
    synonyms: { en: ['platform', 'platforms', 'shop platform', 'shop platforms'], zh: ['平台', '店铺', '各平台'] },
    description: { en: 'The shop platform of the order (for customers: where they signed up).', zh: '订单所在平台（客户则为注册平台）。' },
    kind: 'attribute',
    on: { customers: plain(customers.signupPlatform), sales: plain(orders.platform) },
    display: (value, lang) => platformLabel.get(value)?.[lang] ?? value,
  },
  channel: {
    label: { en: 'Channel', zh: '渠道' },
    synonyms: { en: ['channel', 'channels', 'sales channel', 'sales channels'], zh: ['渠道', '销售渠道', '各渠道'] },
    description: { en: 'Marketplaces (Tmall, JD.com) or the own store.', zh: '电商平台（天猫、京东）或自营独立站。' },
    kind: 'attribute',
    on: { customers: { value: () => channelOf(customers.signupPlatform) }, sales: { value: () => channelOf(orders.platform) } },
    display: (value, lang) => channelLabel.get(value)?.[lang] ?? value,
  },
  age_band: {
    label: { en: 'Age band', zh: '年龄段' },
    synonyms: { en: ['age band', 'age bands', 'age group', 'age groups', 'age'], zh: ['年龄段', '年龄', '年龄层', '各年龄段'] },
    description: { en: 'The customer\'s age band, from the birth year.', zh: '客户年龄段（按出生年份）。' },
    kind: 'attribute',
    on: { customers: { value: ageBand }, sales: { value: ageBand, joins: ['customer'] } },
  },
  signup_cohort: {
    label: { en: 'Signup cohort', zh: '注册批次' },
    synonyms: { en: ['signup cohort', 'signup cohorts', 'cohort', 'cohorts', 'signup month'], zh: ['注册批次', '注册月份', '同期群', '注册队列'] },
    description: { en: 'The month the customer signed up.', zh: '客户注册的月份。' },
    kind: 'attribute',
    on: { customers: { value: cohortOf }, sales: { value: cohortOf, joins: ['customer'] } },
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
  segment: {
    label: { en: 'Segment', zh: '客户分群' },
    synonyms: { en: ['segment', 'segments', 'rfm segment', 'rfm segments', 'customer segment', 'customer segments'], zh: ['客户分群', '分群', '客群', 'rfm分群', '客户分层'] },
    description: { en: "The customer's RFM segment at the latest feature refresh.", zh: '客户在最近一次特征刷新时的RFM分群。' },
    kind: 'attribute',
    on: { customers: plain(customerFeatures.segment, ['features']), sales: plain(customerFeatures.segment, ['features']) },
    display: (value, lang) => segmentLabels[value as RfmSegment]?.[lang] ?? value,
  },
  day: timeDimension('day', { en: 'Day', zh: '日' }, ['day', 'daily', 'each day', 'per day'], ['每天', '每日', '按天', '按日', '日趋势', '各天', '各日']),
  week: timeDimension('week', { en: 'Week', zh: '周' }, ['week', 'weekly', 'each week', 'per week'], ['每周', '按周', '周趋势', '各周']),
  month: timeDimension('month', { en: 'Month', zh: '月' }, ['month', 'monthly', 'each month', 'per month', 'trend', 'trends', 'trending', 'over time'], ['每月', '按月', '月度', '每个月', '趋势', '走势', '各月', '各月份']),
  quarter: timeDimension('quarter', { en: 'Quarter', zh: '季度' }, ['quarter', 'quarterly', 'each quarter'], ['每季度', '按季度', '季度', '各季度']),
  year: timeDimension('year', { en: 'Year', zh: '年' }, ['year', 'yearly', 'annual', 'each year', 'per year'], ['每年', '按年', '年度', '逐年', '各年']),
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
