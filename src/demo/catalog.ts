/**
 * The demo shop's catalog: a two-level category tree with English and Chinese names, ~300
 * products from invented brands, and each product's listing on one to three platforms (its
 * alias: the platform's own id, title, category label and price). Deterministic from the Random
 * it is given; every brand name here is made up.
 */
import type { categories, productAliases, products } from '../db/schema/index.ts';
import { platforms, type PlatformId } from '../semantic/places.ts';
import type { Random } from './random.ts';

export type CategoryRow = typeof categories.$inferSelect;
export type ProductRow = typeof products.$inferSelect;
export type ProductAliasRow = typeof productAliases.$inferSelect;

interface Named {
  en: string;
  zh: string;
}

interface ProductType extends Named {
  /** Typical shelf price range in yuan; bigger variants sit higher in it. */
  priceYuan: readonly [number, number];
  /** Sizes, capacities or colours, smallest/cheapest first. */
  variants: readonly Named[];
}

interface LeafSpec {
  name: string;
  nameZh: string;
  brands: readonly Named[];
  types: readonly ProductType[];
  /** How many brand × type × variant combinations become products. */
  products: number;
}

/** How strongly women and men in the demo lean towards a department (relative weights). */
export interface Appeal {
  female: number;
  male: number;
}

interface DepartmentSpec {
  name: string;
  nameZh: string;
  appeal: Appeal;
  children: readonly LeafSpec[];
}

/** Variants whose label reads the same in both languages (sizes, capacities, models). */
const same = (...labels: string[]): Named[] => labels.map((label) => ({ en: label, zh: label }));

const brand = {
  lumina: { en: 'Lumina', zh: '露米娜' },
  aqualis: { en: 'Aqualis', zh: '雅蔻丽' },
  petalune: { en: 'Petalune', zh: '花月' },
  mossa: { en: 'Mossa Lab', zh: '茉莎' },
  moonpetal: { en: 'Moonpetal', zh: '月瓣' },
  kirei: { en: 'Kirei Studio', zh: '绮丽' },
  rougeline: { en: 'Rougeline', zh: '胭脂线' },
  oree: { en: 'Maison Orée', zh: '奥蕾之家' },
  cedarSalt: { en: 'Cedar & Salt', zh: '雪松海盐' },
  linenLane: { en: 'Linen & Lane', zh: '麻巷' },
  qingyi: { en: 'Qingyi', zh: '青衣' },
  mapleRow: { en: 'Maple Row', zh: '枫行' },
  northgate: { en: 'Northgate', zh: '北门' },
  stonefield: { en: 'Stonefield', zh: '石野' },
  harbourLine: { en: 'Harbour Line', zh: '港线' },
  strideLab: { en: 'Stride Lab', zh: '步研' },
  cloudwalk: { en: 'Cloudwalk', zh: '云步' },
  novaphone: { en: 'Novaphone', zh: '诺瓦' },
  kestrel: { en: 'Kestrel', zh: '红隼' },
  zento: { en: 'Zento', zh: '禅拓' },
  sonique: { en: 'Sonique', zh: '声动' },
  echoform: { en: 'Echoform', zh: '回形' },
  auralis: { en: 'Auralis', zh: '奥瑞斯' },
  hearthware: { en: 'Hearthware', zh: '炉屋' },
  ironleaf: { en: 'Ironleaf', zh: '铁叶' },
  sakuraKitchen: { en: 'Sakura Kitchen', zh: '樱厨' },
  cloudnest: { en: 'Cloudnest', zh: '云巢' },
  orchardTales: { en: 'Orchard Tales', zh: '果园记' },
  crunchyFox: { en: 'Crunchy Fox', zh: '脆狐' },
  mistyPeak: { en: 'Misty Peak', zh: '雾峰' },
  roasteryNine: { en: 'Roastery Nine', zh: '九号烘焙' },
  littleCloud: { en: 'Little Cloud', zh: '小云朵' },
  babybloom: { en: 'Babybloom', zh: '贝绽' },
  tinyTinker: { en: 'Tiny Tinker', zh: '小工匠' },
  woodlandPlay: { en: 'Woodland Play', zh: '林间' },
} as const satisfies Record<string, Named>;

const womensColours: Named[] = [
  { en: 'Ivory', zh: '象牙白' },
  { en: 'Black', zh: '黑色' },
  { en: 'Sage', zh: '鼠尾草绿' },
];
const mensColours: Named[] = [
  { en: 'Navy', zh: '藏青' },
  { en: 'Grey', zh: '灰色' },
  { en: 'Khaki', zh: '卡其' },
];

const categoryTree: readonly DepartmentSpec[] = [
  {
    name: 'Beauty',
    nameZh: '美妆',
    appeal: { female: 3, male: 0.6 },
    children: [
      {
        name: 'Skincare',
        nameZh: '护肤',
        brands: [brand.lumina, brand.aqualis, brand.petalune, brand.mossa],
        products: 38,
        types: [
          { en: 'Hydrating Serum', zh: '保湿精华液', priceYuan: [199, 459], variants: same('30ml', '50ml') },
          { en: 'Gentle Foam Cleanser', zh: '氨基酸洁面乳', priceYuan: [69, 139], variants: same('100ml', '150ml') },
          { en: 'Repair Night Cream', zh: '修护晚霜', priceYuan: [229, 529], variants: same('30g', '50g') },
          { en: 'Daily Sunscreen SPF50+', zh: '清爽防晒乳 SPF50+', priceYuan: [99, 219], variants: same('40ml', '60ml') },
          { en: 'Soothing Sheet Mask', zh: '舒缓修护面膜', priceYuan: [79, 169], variants: same('5 pcs', '10 pcs') },
          { en: 'Balancing Toner', zh: '平衡爽肤水', priceYuan: [119, 259], variants: same('150ml', '200ml') },
        ],
      },
      {
        name: 'Makeup',
        nameZh: '彩妆',
        brands: [brand.moonpetal, brand.kirei, brand.rougeline],
        products: 26,
        types: [
          { en: 'Matte Lipstick', zh: '哑光口红', priceYuan: [129, 329], variants: same('#01', '#05', '#12') },
          {
            en: 'Cushion Foundation',
            zh: '气垫粉底',
            priceYuan: [189, 399],
            variants: [
              { en: 'Ivory', zh: '象牙白' },
              { en: 'Natural', zh: '自然色' },
            ],
          },
          { en: 'Eyeshadow Palette', zh: '眼影盘', priceYuan: [159, 459], variants: same('9 shades', '12 shades') },
          { en: 'Waterproof Mascara', zh: '防水睫毛膏', priceYuan: [89, 199], variants: same('8g') },
          { en: 'Setting Powder', zh: '定妆散粉', priceYuan: [139, 299], variants: same('10g', '15g') },
        ],
      },
      {
        name: 'Fragrance',
        nameZh: '香水',
        brands: [brand.oree, brand.cedarSalt],
        products: 12,
        types: [
          { en: 'Eau de Parfum', zh: '淡香精', priceYuan: [399, 1299], variants: same('30ml', '50ml', '100ml') },
          { en: 'Hand Cream Trio', zh: '护手霜三支装', priceYuan: [89, 189], variants: same('3 × 30ml') },
          { en: 'Scented Candle', zh: '香氛蜡烛', priceYuan: [159, 359], variants: same('200g') },
          { en: 'Body Lotion', zh: '香氛身体乳', priceYuan: [129, 259], variants: same('250ml') },
        ],
      },
    ],
  },
  {
    name: 'Apparel',
    nameZh: '服饰',
    appeal: { female: 2.5, male: 1.5 },
    children: [
      {
        name: 'Womenswear',
        nameZh: '女装',
        brands: [brand.linenLane, brand.qingyi, brand.mapleRow],
        products: 28,
        types: [
          { en: 'Silk Blouse', zh: '真丝衬衫', priceYuan: [299, 899], variants: womensColours },
          { en: 'Knit Cardigan', zh: '针织开衫', priceYuan: [199, 599], variants: womensColours },
          { en: 'Wide-Leg Trousers', zh: '阔腿裤', priceYuan: [179, 459], variants: womensColours },
          { en: 'Midi Dress', zh: '中长连衣裙', priceYuan: [259, 799], variants: womensColours },
          { en: 'Down Jacket', zh: '轻薄羽绒服', priceYuan: [599, 1899], variants: womensColours },
        ],
      },
      {
        name: 'Menswear',
        nameZh: '男装',
        brands: [brand.northgate, brand.stonefield, brand.harbourLine],
        products: 20,
        types: [
          { en: 'Oxford Shirt', zh: '牛津纺衬衫', priceYuan: [169, 399], variants: mensColours },
          { en: 'Chino Trousers', zh: '休闲长裤', priceYuan: [199, 459], variants: mensColours },
          { en: 'Merino Sweater', zh: '美利奴羊毛衫', priceYuan: [399, 999], variants: mensColours },
          { en: 'Lightweight Jacket', zh: '轻薄夹克', priceYuan: [399, 1099], variants: mensColours },
          { en: 'Cotton T-Shirt', zh: '纯棉T恤', priceYuan: [79, 199], variants: mensColours },
        ],
      },
      {
        name: 'Shoes',
        nameZh: '鞋靴',
        brands: [brand.strideLab, brand.cloudwalk],
        products: 18,
        types: [
          { en: 'Running Shoes', zh: '跑步鞋', priceYuan: [399, 1099], variants: same('EU 38', 'EU 40', 'EU 42', 'EU 44') },
          { en: 'Leather Loafers', zh: '真皮乐福鞋', priceYuan: [459, 1299], variants: same('EU 39', 'EU 41', 'EU 43') },
          { en: 'Canvas Sneakers', zh: '帆布鞋', priceYuan: [159, 399], variants: same('EU 37', 'EU 40', 'EU 43') },
          { en: 'Ankle Boots', zh: '短靴', priceYuan: [499, 1399], variants: same('EU 37', 'EU 39') },
        ],
      },
    ],
  },
  {
    name: 'Electronics',
    nameZh: '数码',
    appeal: { female: 1, male: 3 },
    children: [
      {
        name: 'Phones',
        nameZh: '手机',
        brands: [brand.novaphone, brand.kestrel, brand.zento],
        products: 24,
        types: [
          { en: '5G Smartphone', zh: '5G智能手机', priceYuan: [1999, 6999], variants: same('128GB', '256GB', '512GB') },
          { en: 'Fast Charger 65W', zh: '65W快充充电器', priceYuan: [99, 249], variants: same('USB-C', 'Dual Port') },
          { en: 'Protective Case', zh: '手机保护壳', priceYuan: [39, 129], variants: same('Clear', 'Leather') },
          { en: 'Power Bank', zh: '充电宝', priceYuan: [129, 299], variants: same('10000mAh', '20000mAh') },
        ],
      },
      {
        name: 'Audio',
        nameZh: '耳机音响',
        brands: [brand.sonique, brand.echoform, brand.auralis],
        products: 22,
        types: [
          {
            en: 'Wireless Earbuds',
            zh: '真无线蓝牙耳机',
            priceYuan: [299, 1499],
            variants: [
              { en: 'Black', zh: '黑色' },
              { en: 'White', zh: '白色' },
            ],
          },
          { en: 'Noise-Cancelling Headphones', zh: '主动降噪头戴耳机', priceYuan: [899, 2999], variants: same('Gen 2', 'Gen 3') },
          { en: 'Portable Speaker', zh: '便携蓝牙音箱', priceYuan: [199, 899], variants: same('Mini', 'Max') },
          { en: 'Smart Speaker', zh: '智能音箱', priceYuan: [249, 699], variants: same('Lite', 'Pro') },
        ],
      },
      {
        name: 'Wearables',
        nameZh: '智能穿戴',
        brands: [brand.kestrel, brand.zento],
        products: 10,
        types: [
          { en: 'Smart Watch', zh: '智能手表', priceYuan: [699, 2499], variants: same('41mm', '45mm') },
          { en: 'Fitness Band', zh: '运动手环', priceYuan: [199, 399], variants: same('Standard', 'NFC') },
          { en: 'Watch Strap', zh: '替换表带', priceYuan: [49, 149], variants: same('Silicone', 'Leather') },
        ],
      },
    ],
  },
  {
    name: 'Home',
    nameZh: '家居',
    appeal: { female: 1.5, male: 1 },
    children: [
      {
        name: 'Kitchen',
        nameZh: '厨具',
        brands: [brand.hearthware, brand.ironleaf, brand.sakuraKitchen],
        products: 22,
        types: [
          { en: 'Non-Stick Frying Pan', zh: '不粘煎锅', priceYuan: [159, 459], variants: same('24cm', '28cm') },
          { en: 'Cast Iron Casserole', zh: '铸铁炖锅', priceYuan: [399, 1299], variants: same('20cm', '24cm') },
          { en: "Chef's Knife", zh: '主厨刀', priceYuan: [199, 699], variants: same('18cm', '20cm') },
          { en: 'Electric Kettle', zh: '电热水壶', priceYuan: [129, 399], variants: same('1.5L', '1.7L') },
          { en: 'Rice Cooker', zh: '电饭煲', priceYuan: [299, 1299], variants: same('3L', '4L') },
        ],
      },
      {
        name: 'Bedding',
        nameZh: '床品',
        brands: [brand.cloudnest, brand.linenLane],
        products: 14,
        types: [
          { en: 'Cotton Duvet Cover Set', zh: '纯棉床品四件套', priceYuan: [299, 899], variants: same('1.5m', '1.8m') },
          { en: 'Memory Foam Pillow', zh: '记忆棉枕', priceYuan: [129, 399], variants: same('Standard', 'Contour') },
          { en: 'Silk Pillowcase', zh: '真丝枕套', priceYuan: [159, 399], variants: same('48 × 74cm') },
          { en: 'Down Duvet', zh: '羽绒被', priceYuan: [699, 2499], variants: same('Summer', 'Winter') },
        ],
      },
    ],
  },
  {
    name: 'Food',
    nameZh: '食品',
    appeal: { female: 1.5, male: 1.5 },
    children: [
      {
        name: 'Snacks',
        nameZh: '零食',
        brands: [brand.orchardTales, brand.crunchyFox],
        products: 24,
        types: [
          { en: 'Daily Mixed Nuts', zh: '每日坚果礼盒', priceYuan: [89, 259], variants: same('750g', '1kg') },
          { en: 'Dried Mango', zh: '芒果干', priceYuan: [29, 69], variants: same('200g', '500g') },
          { en: 'Seaweed Crisps', zh: '海苔脆片', priceYuan: [19, 49], variants: same('Original', 'Spicy') },
          { en: 'Beef Jerky', zh: '手撕牛肉干', priceYuan: [49, 129], variants: same('150g', '300g') },
          { en: 'Egg Rolls', zh: '鸡蛋卷', priceYuan: [29, 79], variants: same('Original', 'Sesame') },
          { en: 'Snack Gift Box', zh: '零食大礼包', priceYuan: [99, 199], variants: same('Classic', 'Deluxe') },
        ],
      },
      {
        name: 'Tea & Coffee',
        nameZh: '茶饮',
        brands: [brand.mistyPeak, brand.roasteryNine],
        products: 18,
        types: [
          { en: 'Longjing Green Tea', zh: '龙井绿茶', priceYuan: [199, 899], variants: same('100g', '250g') },
          { en: "Pu'er Tea Cake", zh: '普洱茶饼', priceYuan: [159, 699], variants: same('357g') },
          { en: 'Drip Coffee Bags', zh: '挂耳咖啡', priceYuan: [59, 139], variants: same('10 bags', '30 bags') },
          { en: 'Coffee Beans', zh: '咖啡豆', priceYuan: [89, 229], variants: same('250g', '500g') },
          { en: 'Jasmine Tea', zh: '茉莉花茶', priceYuan: [69, 199], variants: same('100g', '200g') },
        ],
      },
    ],
  },
  {
    name: 'Baby',
    nameZh: '母婴',
    appeal: { female: 1.2, male: 0.6 },
    children: [
      {
        name: 'Diapers',
        nameZh: '纸尿裤',
        brands: [brand.littleCloud, brand.babybloom],
        products: 12,
        types: [
          { en: 'Diapers', zh: '纸尿裤', priceYuan: [99, 229], variants: same('S 60 pcs', 'M 50 pcs', 'L 42 pcs', 'XL 36 pcs') },
          { en: 'Baby Wipes', zh: '婴儿湿巾', priceYuan: [39, 99], variants: same('80 × 3 packs', '80 × 6 packs') },
        ],
      },
      {
        name: 'Toys',
        nameZh: '玩具',
        brands: [brand.tinyTinker, brand.woodlandPlay],
        products: 12,
        types: [
          { en: 'Wooden Building Blocks', zh: '木质积木', priceYuan: [99, 299], variants: same('50 pcs', '100 pcs') },
          { en: 'Plush Bunny', zh: '毛绒兔玩偶', priceYuan: [59, 159], variants: same('30cm', '45cm') },
          { en: 'Musical Activity Cube', zh: '音乐益智方块', priceYuan: [129, 299], variants: same('Classic') },
          { en: 'Stacking Rings', zh: '彩虹叠叠乐', priceYuan: [49, 119], variants: same('Classic') },
        ],
      },
    ],
  },
];

export interface Catalog {
  categories: CategoryRow[];
  products: ProductRow[];
  productAliases: ProductAliasRow[];
  /** Shopping appeal of each top-level category, by its id. */
  appealByDepartment: ReadonlyMap<number, Appeal>;
}

/** How often a product is listed on each platform; a product on none goes to Tmall. */
const listingChance: Record<PlatformId, number> = { tmall: 0.85, jd: 0.65, shopify: 0.4 };

/** Platform-specific wording, so each alias title differs from the catalog title as it would in life. */
const titleTags: Record<'tmall' | 'jd', readonly string[]> = {
  tmall: ['官方正品', '新品上市', '旗舰店热卖', '限时优惠'],
  jd: ['京东自营', '次日达', '正品行货', '官方授权'],
};

/** Yuan rounded to a shop-like price ending in 9 (189, 1299). */
function charmYuan(yuan: number): number {
  return Math.max(9, Math.round(yuan / 10) * 10 - 1);
}

/** Dollars rounded to a price ending in .99, in cents. */
function charmCents(dollars: number): number {
  return Math.max(499, Math.round(dollars) * 100 - 1);
}

/**
 * Builds the catalog. `usdToCny` prices the Shopify listings: the CNY list price converted to
 * dollars, plus a cross-border margin.
 */
export function generateCatalog(rng: Random, usdToCny: number): Catalog {
  const categoryRows: CategoryRow[] = [];
  const productRows: ProductRow[] = [];
  const aliasRows: ProductAliasRow[] = [];
  const appealByDepartment = new Map<number, Appeal>();

  for (const department of categoryTree) {
    const departmentId = categoryRows.length + 1;
    categoryRows.push({ id: departmentId, name: department.name, nameZh: department.nameZh, parentId: null });
    appealByDepartment.set(departmentId, department.appeal);

    for (const leaf of department.children) {
      const leafId = categoryRows.length + 1;
      categoryRows.push({ id: leafId, name: leaf.name, nameZh: leaf.nameZh, parentId: departmentId });

      for (const { brand: maker, type, variant, variantIndex } of chooseCombinations(rng, leaf)) {
        const id = productRows.length + 1;
        const share = (variantIndex + rng.next()) / type.variants.length;
        const listYuan = charmYuan(type.priceYuan[0] + (type.priceYuan[1] - type.priceYuan[0]) * share);
        productRows.push({
          id,
          sku: `${skuPrefix(maker.en)}-${String(id).padStart(5, '0')}`,
          title: `${maker.en} ${type.en} ${variant.en}`,
          brand: maker.en,
          categoryId: leafId,
          listPriceMinor: listYuan * 100,
          currency: 'CNY',
        });

        for (const platform of listedPlatforms(rng)) {
          const listing = listingOn(platform, rng, { id, maker, type, variant, listYuan, department, leaf }, usdToCny);
          aliasRows.push({ id: aliasRows.length + 1, productId: id, platform, ...listing });
        }
      }
    }
  }
  return { categories: categoryRows, products: productRows, productAliases: aliasRows, appealByDepartment };
}

/** A random subset of the leaf's brand × type × variant combinations, in catalog order. */
function chooseCombinations(rng: Random, leaf: LeafSpec) {
  const all = leaf.brands.flatMap((maker) =>
    leaf.types.flatMap((type) => type.variants.map((variant, variantIndex) => ({ brand: maker, type, variant, variantIndex }))),
  );
  const chosen = new Set(rng.shuffle(all).slice(0, leaf.products));
  return all.filter((combination) => chosen.has(combination));
}

interface Listed {
  id: number;
  maker: Named;
  type: ProductType;
  variant: Named;
  listYuan: number;
  department: DepartmentSpec;
  leaf: LeafSpec;
}

/** How one platform lists the product: its own id, wording, category path and price. */
function listingOn(platform: PlatformId, rng: Random, p: Listed, usdToCny: number): Omit<ProductAliasRow, 'id' | 'productId' | 'platform'> {
  const serial = String(p.id).padStart(6, '0'); // keeps platform ids unique without a lookup
  switch (platform) {
    case 'tmall':
      return {
        platformProductId: `6${rng.digits(5)}${serial}`,
        title: `${p.maker.zh}${p.maker.en} ${p.type.zh} ${p.variant.zh} ${rng.pick(titleTags.tmall)}`,
        categoryLabel: `${p.department.nameZh}>${p.leaf.nameZh}`,
        priceMinor: charmYuan(p.listYuan * rng.between(0.92, 1)) * 100,
      };
    case 'jd':
      return {
        platformProductId: `10${rng.digits(4)}${serial}`,
        title: `${p.maker.en}（${p.maker.zh}）${p.type.zh} ${p.variant.zh}【${rng.pick(titleTags.jd)}】`,
        categoryLabel: `${p.department.nameZh}/${p.leaf.nameZh}`,
        priceMinor: charmYuan(p.listYuan * rng.between(0.9, 1.03)) * 100,
      };
    case 'shopify':
      return {
        platformProductId: `8${rng.digits(6)}${serial}`,
        title: `${p.maker.en} ${p.type.en} – ${p.variant.en}`,
        categoryLabel: `${p.department.name} > ${p.leaf.name}`,
        priceMinor: charmCents((p.listYuan / usdToCny) * rng.between(1.1, 1.25)),
      };
  }
}

function listedPlatforms(rng: Random): PlatformId[] {
  const listed = platforms.map((p) => p.id).filter((id) => rng.chance(listingChance[id]));
  return listed.length > 0 ? listed : ['tmall'];
}

/** 'Maison Orée' → 'MAI', 'Cedar & Salt' → 'CED'. */
function skuPrefix(brandName: string): string {
  return brandName
    .replace(/[^A-Za-z]/g, '')
    .slice(0, 3)
    .toUpperCase();
}

/** The demo's taxonomy: departments and their leaves, English and Chinese names, parents by name. */
export function demoTaxonomy(): { name: string; nameZh: string; parentName: string | null }[] {
  return categoryTree.flatMap((d) => [
    { name: d.name, nameZh: d.nameZh, parentName: null },
    ...d.children.map((c) => ({ name: c.name, nameZh: c.nameZh, parentName: d.name })),
  ]);
}
