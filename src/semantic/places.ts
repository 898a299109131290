/**
 * The places and shop platforms Precis knows by name, in English and Chinese. The demo generator
 * draws customers from these cities, and the question parser recognises them ("revenue in 上海",
 * "orders on JD"), so both read this one list. Pure data: no lookups or I/O here.
 */

export interface Place {
  /** English city name, as stored in `customers.city`. */
  city: string;
  cityZh: string;
  /** English province, state or equivalent, as stored in `customers.region`. */
  region: string;
  regionZh: string;
  /** ISO 3166-1 alpha-2, as stored in `customers.country`. */
  country: string;
  countryZh: string;
}

export const places: readonly Place[] = [
  { city: 'Shanghai', cityZh: '上海', region: 'Shanghai', regionZh: '上海', country: 'CN', countryZh: '中国' },
  { city: 'Beijing', cityZh: '北京', region: 'Beijing', regionZh: '北京', country: 'CN', countryZh: '中国' },
  { city: 'Shenzhen', cityZh: '深圳', region: 'Guangdong', regionZh: '广东', country: 'CN', countryZh: '中国' },
  { city: 'Guangzhou', cityZh: '广州', region: 'Guangdong', regionZh: '广东', country: 'CN', countryZh: '中国' },
  { city: 'Hangzhou', cityZh: '杭州', region: 'Zhejiang', regionZh: '浙江', country: 'CN', countryZh: '中国' },
  { city: 'Chengdu', cityZh: '成都', region: 'Sichuan', regionZh: '四川', country: 'CN', countryZh: '中国' },
  { city: 'Wuhan', cityZh: '武汉', region: 'Hubei', regionZh: '湖北', country: 'CN', countryZh: '中国' },
  { city: 'Nanjing', cityZh: '南京', region: 'Jiangsu', regionZh: '江苏', country: 'CN', countryZh: '中国' },
  { city: "Xi'an", cityZh: '西安', region: 'Shaanxi', regionZh: '陕西', country: 'CN', countryZh: '中国' },
  { city: 'Chongqing', cityZh: '重庆', region: 'Chongqing', regionZh: '重庆', country: 'CN', countryZh: '中国' },
  { city: 'Suzhou', cityZh: '苏州', region: 'Jiangsu', regionZh: '江苏', country: 'CN', countryZh: '中国' },
  { city: 'Tianjin', cityZh: '天津', region: 'Tianjin', regionZh: '天津', country: 'CN', countryZh: '中国' },
  { city: 'Changsha', cityZh: '长沙', region: 'Hunan', regionZh: '湖南', country: 'CN', countryZh: '中国' },
  { city: 'Qingdao', cityZh: '青岛', region: 'Shandong', regionZh: '山东', country: 'CN', countryZh: '中国' },
  { city: 'Hong Kong', cityZh: '香港', region: 'Hong Kong', regionZh: '香港', country: 'HK', countryZh: '中国香港' },
  { city: 'Singapore', cityZh: '新加坡', region: 'Singapore', regionZh: '新加坡', country: 'SG', countryZh: '新加坡' },
  { city: 'Kuala Lumpur', cityZh: '吉隆坡', region: 'Kuala Lumpur', regionZh: '吉隆坡', country: 'MY', countryZh: '马来西亚' },
  { city: 'Tokyo', cityZh: '东京', region: 'Tokyo', regionZh: '东京都', country: 'JP', countryZh: '日本' },
  { city: 'Sydney', cityZh: '悉尼', region: 'New South Wales', regionZh: '新南威尔士州', country: 'AU', countryZh: '澳大利亚' },
  { city: 'London', cityZh: '伦敦', region: 'England', regionZh: '英格兰', country: 'GB', countryZh: '英国' },
  { city: 'New York', cityZh: '纽约', region: 'New York', regionZh: '纽约州', country: 'US', countryZh: '美国' },
  { city: 'Toronto', cityZh: '多伦多', region: 'Ontario', regionZh: '安大略省', country: 'CA', countryZh: '加拿大' },
];

/** The shop platforms orders come from; `id` is the slug stored in every `platform` column. */
export const platforms = [
  { id: 'tmall', en: 'Tmall', zh: '天猫', currency: 'CNY', channel: 'marketplace' },
  { id: 'jd', en: 'JD.com', zh: '京东', currency: 'CNY', channel: 'marketplace' },
  { id: 'shopify', en: 'Shopify store', zh: '独立站', currency: 'USD', channel: 'own_store' },
] as const;

/** Sales channels: where a platform sells, as marketers group them. */
export const channels = [
  { id: 'marketplace', en: 'Marketplaces', zh: '电商平台' },
  { id: 'own_store', en: 'Own store', zh: '自营独立站' },
] as const;

export type Platform = (typeof platforms)[number];
export type PlatformId = Platform['id'];
