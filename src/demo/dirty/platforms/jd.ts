/**
 * JD.com exports: Chinese CSV headers, day-first dates to the minute (11/11/2025 20:15, Beijing
 * wall clock), order lines as NDJSON with the buyer and the item nested ({"buyer":{"pin":…},
 * "item":{"skuId":…}}), status words in Chinese (已完成, 已取消, 已退款), and an EAN-13 barcode
 * on every product. Mobile numbers come bare, with "+86-", or grouped, and some in full-width
 * digits; missing values are null in NDJSON.
 */
import { dayFirstDate, dayFirstDateTime, jdPhone, money, SHANGHAI_OFFSET } from '../formats.ts';
import { labelFrom, type PlatformShape } from './shape.ts';

const categories: Record<string, string> = {
  Skincare: '个护化妆>面部护肤',
  Makeup: '个护化妆>彩妆',
  Fragrance: '个护化妆>香水',
  Womenswear: '服饰内衣>女装',
  Menswear: '服饰内衣>男装',
  Shoes: '鞋靴>流行鞋',
  Phones: '手机通讯>手机',
  Audio: '数码>影音娱乐',
  Wearables: '数码>智能设备',
  Kitchen: '厨具>烹饪锅具',
  Bedding: '家纺>床品件套',
  Snacks: '食品饮料>休闲食品',
  'Tea & Coffee': '食品饮料>茗茶冲饮',
  Diapers: '母婴>尿裤湿巾',
  Toys: '玩具乐器>益智玩具',
};

const titleTags = ['京东自营', '次日达', '正品行货', '官方授权', '限时秒杀'];

const gender = { female: '女', male: '男' } as const;

const statusWords = {
  paid: ['已完成', '等待确认收货'],
  cancelled: ['已取消'],
  refunded: ['已退款', '退款成功'],
} as const;

export const jd: PlatformShape = {
  platform: 'jd',
  customers: {
    kind: 'customers',
    file: 'customers.csv',
    format: 'csv',
    header: ['用户PIN', '收货人', '联系电话', '电子邮箱', '性别', '生日', '国家', '收货省份', '收货城市', '收货地址', '邮政编码', '注册日期', '营销授权'],
    columns: {
      customer_id: '用户PIN',
      name: '收货人',
      phone: '联系电话',
      email: '电子邮箱',
      gender: '性别',
      birth_date: '生日',
      country: '国家',
      region: '收货省份',
      city: '收货城市',
      address: '收货地址',
      postcode: '邮政编码',
      signup_at: '注册日期',
      marketing_consent: '营销授权',
    },
    empty: '',
    read: { timeZone: 'Asia/Shanghai', dateFormat: 'dmy', phoneRegion: 'CN' },
    row: (a, rng) => ({
      用户PIN: a.id,
      收货人: a.name,
      联系电话: a.phone === null ? '' : jdPhone(rng, a.phone),
      电子邮箱: a.email ?? '',
      性别: a.gender === null ? '保密' : gender[a.gender],
      生日: a.birth === null ? '' : dayFirstDate(a.birth),
      国家: a.place.countryZh,
      收货省份: a.place.regionZh,
      收货城市: a.place.cityZh,
      收货地址: a.address,
      邮政编码: a.postcode ?? '',
      注册日期: dayFirstDateTime(a.signupAt, SHANGHAI_OFFSET),
      营销授权: a.consent ? '1' : '0',
    }),
  },
  products: {
    kind: 'products',
    file: 'products.csv',
    format: 'csv',
    header: ['商品编号', '商品名称', '分类', '京东价', '条形码'],
    columns: { product_id: '商品编号', title: '商品名称', category: '分类', price: '京东价', barcode: '条形码' },
    empty: '',
    read: { timeZone: 'Asia/Shanghai', dateFormat: 'dmy', currency: 'CNY' },
    row: (l) => ({
      商品编号: l.id,
      商品名称: l.title,
      分类: jd.categoryLabel(l.department, l.leaf),
      京东价: money(l.priceMinor),
      条形码: l.barcode,
    }),
  },
  orderLines: {
    kind: 'order_lines',
    file: 'orders.ndjson',
    format: 'ndjson',
    columns: {
      order_id: 'orderId',
      ordered_at: 'orderTime',
      status: 'orderState',
      customer_id: 'buyer.pin',
      product_id: 'item.skuId',
      title: 'item.skuName',
      quantity: 'item.skuNum',
      unit_price: 'item.jdPrice',
    },
    empty: null,
    read: { timeZone: 'Asia/Shanghai', dateFormat: 'dmy', currency: 'CNY', phoneRegion: 'CN' },
    row: (l) => ({
      orderId: l.orderId,
      orderTime: dayFirstDateTime(l.orderedAt, SHANGHAI_OFFSET),
      orderState: l.statusWord,
      paymentType: '在线支付',
      buyer: { pin: l.account.id, province: l.account.place.regionZh },
      item: { skuId: l.listing.id, skuName: l.listing.title, skuNum: l.quantity, jdPrice: money(l.unitMinor) },
    }),
  },
  events: {
    kind: 'events',
    file: 'events.csv',
    format: 'csv',
    header: ['用户PIN', '商品编号', '行为类型', '行为时间'],
    columns: { customer_id: '用户PIN', product_id: '商品编号', type: '行为类型', occurred_at: '行为时间' },
    empty: '',
    read: { timeZone: 'Asia/Shanghai', dateFormat: 'dmy' },
    row: (e) => ({
      用户PIN: e.account.id,
      商品编号: e.listing?.id ?? '',
      行为类型: jd.eventWords[e.type],
      行为时间: dayFirstDateTime(e.at, SHANGHAI_OFFSET),
    }),
  },
  statusWords,
  unknownStatusWords: ['锁定', '暂停', '等待付款'],
  eventWords: { view: '浏览', cart: '加购', wishlist: '关注', search: '搜索' },
  unknownEventWords: ['分享', '咨询'],
  carries: { email: 0.7, phone: 1, birth: 0.5 },
  fullwidthCustomerFields: ['name', 'phone', 'address'],
  categoryLabel: (_department, leaf) => labelFrom(categories, 'jd', leaf),
  newListingId: (rng) => `10${rng.digits(10)}`,
  retitle: (title, rng) => {
    const base = title.replace(/【[^】]*】$/, '');
    return `${base}【${rng.pick(titleTags)}】${rng.chance(0.5) ? ' 新老包装随机发货' : ''}`;
  },
};
