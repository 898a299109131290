/**
 * Tmall exports: Chinese CSV headers for customers and products, order lines as the flat
 * NDJSON of the Taobao trade API (tid, num_iid, num, price, status words such as
 * TRADE_FINISHED), and behaviour logs in the style of Alibaba's UserBehavior data set (pv, cart,
 * fav; Unix seconds). Times are Beijing wall-clock without an offset, money is yuan, mobile
 * numbers mostly come without +86. No SKU column: Tmall has only its own item ids.
 */
import { isoDate, localDateTime, money, SHANGHAI_OFFSET, tmallPhone, unixSeconds } from '../formats.ts';
import { labelFrom, type PlatformShape } from './shape.ts';

const categories: Record<string, string> = {
  Skincare: '美容护肤/美体/精油>面部护理',
  Makeup: '彩妆/香水/美妆工具>彩妆',
  Fragrance: '彩妆/香水/美妆工具>香水',
  Womenswear: '女装/女士精品',
  Menswear: '男装',
  Shoes: '流行男鞋/女鞋',
  Phones: '手机',
  Audio: '影音电器>耳机/耳麦',
  Wearables: '智能设备>智能手表/手环',
  Kitchen: '厨房/烹饪用具',
  Bedding: '床上用品',
  Snacks: '零食/坚果/特产',
  'Tea & Coffee': '茶/咖啡/冲饮',
  Diapers: '尿片/洗护/喂哺/推车床>纸尿裤',
  Toys: '玩具/童车/益智/积木/模型',
};

const titleTags = ['官方正品', '新品上市', '旗舰店热卖', '限时优惠', '包邮', '2件95折'];

const gender = { female: '女', male: '男' } as const;

const statusWords = {
  paid: ['TRADE_FINISHED', 'WAIT_BUYER_CONFIRM_GOODS', 'TRADE_BUYER_SIGNED'],
  cancelled: ['TRADE_CLOSED', 'TRADE_CLOSED_BY_TAOBAO'],
  refunded: ['REFUND_SUCCESS'],
} as const;

export const tmall: PlatformShape = {
  platform: 'tmall',
  customers: {
    kind: 'customers',
    file: 'customers.csv',
    format: 'csv',
    header: ['会员ID', '姓名', '手机号', '邮箱', '性别', '出生日期', '国家/地区', '省份', '城市', '详细地址', '邮编', '注册时间', '是否订阅营销'],
    columns: {
      customer_id: '会员ID',
      name: '姓名',
      phone: '手机号',
      email: '邮箱',
      gender: '性别',
      birth_date: '出生日期',
      country: '国家/地区',
      region: '省份',
      city: '城市',
      address: '详细地址',
      postcode: '邮编',
      signup_at: '注册时间',
      marketing_consent: '是否订阅营销',
    },
    empty: '',
    read: { timeZone: 'Asia/Shanghai', dateFormat: 'iso', phoneRegion: 'CN' },
    row: (a, rng) => ({
      会员ID: a.id,
      姓名: a.name,
      手机号: a.phone === null ? '' : tmallPhone(rng, a.phone),
      邮箱: a.email ?? '',
      性别: a.gender === null ? '' : gender[a.gender],
      出生日期: a.birth === null ? '' : isoDate(a.birth),
      '国家/地区': a.place.countryZh,
      省份: a.place.regionZh,
      城市: a.place.cityZh,
      详细地址: a.address,
      邮编: a.postcode ?? '',
      注册时间: localDateTime(a.signupAt, SHANGHAI_OFFSET),
      是否订阅营销: a.consent ? '是' : '否',
    }),
  },
  products: {
    kind: 'products',
    file: 'products.csv',
    format: 'csv',
    header: ['商品ID', '商品标题', '类目', '品牌', '一口价'],
    columns: { product_id: '商品ID', title: '商品标题', category: '类目', brand: '品牌', price: '一口价' },
    empty: '',
    read: { timeZone: 'Asia/Shanghai', dateFormat: 'iso', currency: 'CNY' },
    row: (l) => ({
      商品ID: l.id,
      商品标题: l.title,
      类目: tmall.categoryLabel(l.department, l.leaf),
      品牌: l.brand.zh ? `${l.brand.en}/${l.brand.zh}` : l.brand.en,
      一口价: money(l.priceMinor),
    }),
  },
  orderLines: {
    kind: 'order_lines',
    file: 'orders.ndjson',
    format: 'ndjson',
    columns: {
      order_id: 'tid',
      ordered_at: 'created',
      customer_id: 'buyer_open_uid',
      status: 'status',
      product_id: 'num_iid',
      title: 'title',
      quantity: 'num',
      unit_price: 'price',
      line_total: 'total_fee',
      country: 'receiver_country',
    },
    empty: '',
    read: { timeZone: 'Asia/Shanghai', dateFormat: 'iso', currency: 'CNY', phoneRegion: 'CN' },
    row: (l) => ({
      tid: l.orderId,
      created: localDateTime(l.orderedAt, SHANGHAI_OFFSET),
      status: l.statusWord,
      buyer_open_uid: l.account.id,
      num_iid: l.listing.id,
      title: l.listing.title,
      num: l.quantity,
      price: money(l.unitMinor),
      total_fee: money(l.unitMinor * l.quantity),
      receiver_country: l.account.place.countryZh,
      receiver_city: l.account.place.cityZh,
    }),
  },
  events: {
    kind: 'events',
    file: 'events.csv',
    format: 'csv',
    header: ['user_id', 'item_id', 'behavior_type', 'timestamp'],
    columns: { customer_id: 'user_id', product_id: 'item_id', type: 'behavior_type', occurred_at: 'timestamp' },
    empty: '',
    read: { timeZone: 'Asia/Shanghai', dateFormat: 'unix' },
    row: (e) => ({
      user_id: e.account.id,
      item_id: e.listing?.id ?? '',
      behavior_type: tmall.eventWords[e.type],
      timestamp: unixSeconds(e.at),
    }),
  },
  statusWords,
  unknownStatusWords: ['WAIT_BUYER_PAY', 'TRADE_NO_CREATE_PAY', 'PAY_PENDING'],
  eventWords: { view: 'pv', cart: 'cart', wishlist: 'fav', search: 'search' },
  unknownEventWords: ['buy', 'share'],
  carries: { email: 0.45, phone: 1, birth: 0.6 },
  fullwidthCustomerFields: ['name', 'address'],
  categoryLabel: (_department, leaf) => labelFrom(categories, 'tmall', leaf),
  newListingId: (rng) => `6${rng.digits(11)}`,
  retitle: (title, rng) => {
    const words = title.split(' ');
    const last = words[words.length - 1] ?? '';
    const base = titleTags.includes(last) ? words.slice(0, -1).join(' ') : title;
    return rng.chance(0.5) ? `【直播推荐】${base}` : `${base} ${rng.pick(titleTags.filter((t) => t !== last))}`;
  },
};
