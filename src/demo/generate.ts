/**
 * The demo data set: two years of a shop selling on Tmall, JD.com and its own Shopify store to
 * shoppers in Chinese and international cities, with the rhythms a marketer expects to see
 * (Singles' Day and 6.18 peaks, the Spring Festival lull, December abroad, many one-time buyers
 * and a loyal few). Pure and deterministic: the same options give the same rows, field for field.
 * Personal fields come back in clear, apart from the columns, for the loader to encrypt; nothing
 * here writes anywhere.
 */
import type { customerIdentities, customers, events, orderItems, orders, OrderStatus } from '../db/schema/index.ts';
import { places, platforms, type Place, type PlatformId } from '../semantic/places.ts';
import { generateCatalog, type Catalog, type CategoryRow, type ProductAliasRow, type ProductRow } from './catalog.ts';
import type { Gender } from '../db/schema/index.ts';
import { PeopleFactory, type Personal } from './people.ts';
import { drawUnique, Random, Weighted, zipfWeights } from './random.ts';

/** Fixed demo exchange rates into the base currency, CNY; real ingest uses real rates. */
export const demoRatesToCny = { CNY: 1, USD: 7.2 } as const;

export interface DemoOptions {
  customers: number;
  seed: number;
  /** The end of the data: every timestamp is at or before it. */
  until: Date;
}

type CustomerRow = typeof customers.$inferSelect;
/** Customer columns that only ever hold ciphertext or a blind index; the loader fills them. */
export type ProtectedColumn = 'emailEnc' | 'emailIdx' | 'phoneEnc' | 'phoneIdx' | 'nameEnc' | 'addressEnc';
export type DemoCustomer = Omit<CustomerRow, ProtectedColumn> & { personal: Personal };
export type IdentityRow = typeof customerIdentities.$inferSelect;
/** An order as the clean generator makes it: no ingest batch behind it. */
export type OrderRow = Omit<typeof orders.$inferSelect, 'batchId'>;
export type OrderItemRow = typeof orderItems.$inferSelect;
export type EventRow = typeof events.$inferSelect;

export interface DemoData {
  categories: CategoryRow[];
  products: ProductRow[];
  productAliases: ProductAliasRow[];
  customers: DemoCustomer[];
  customerIdentities: IdentityRow[];
  orders: OrderRow[];
  orderItems: OrderItemRow[];
  events: EventRow[];
}

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const YEAR_MS = 365 * DAY_MS;

/**
 * Generates the whole data set.
 *
 * @example
 * const data = generateDemo({ customers: 5000, seed: 1, until: new Date('2026-06-30T12:00:00Z') });
 * data.orders.length; // ≈ 25,000
 */
export function generateDemo(options: DemoOptions): DemoData {
  const rng = new Random(options.seed);
  // One stream per part, drawn in a fixed order: the catalog stays the same whatever the size.
  const catalog = generateCatalog(rng.fork(), demoRatesToCny.USD);
  const shelves = new Shelves(rng.fork(), catalog);
  const customerRng = rng.fork();
  const orderRng = rng.fork();
  const browseRng = rng.fork();

  const until = options.until.getTime();
  const timeline = new Timeline(until - 2 * YEAR_MS, until);
  const shoppers = generateShoppers(customerRng, options.customers, timeline, catalog);
  const sales = generateOrders(orderRng, shoppers, timeline, shelves);
  const browsing = generateBrowsing(browseRng, shoppers, timeline, shelves);

  return {
    categories: catalog.categories,
    products: catalog.products,
    productAliases: catalog.productAliases,
    customers: shoppers.map((s) => s.customer),
    customerIdentities: shoppers.flatMap((s) => s.identities),
    orders: sales.orders,
    orderItems: sales.orderItems,
    events: toEventRows([...sales.events, ...browsing]),
  };
}

// ——— Time: the two-year window and its seasons ———

type Market = 'cn' | 'intl';

/** Standard-time UTC offsets; the demo ignores daylight saving. */
const utcOffsetHours: Record<string, number> = { CN: 8, HK: 8, SG: 8, MY: 8, JP: 9, AU: 10, GB: 0, US: -5, CA: -5 };

/** Local hour of day, 0–23: quiet at night, a lunch bump, the evening peak. */
const hourOfDay = new Weighted(
  Array.from({ length: 24 }, (_, hour) => hour),
  [1.2, 0.6, 0.3, 0.2, 0.15, 0.2, 0.4, 0.8, 1.2, 1.6, 1.8, 1.9, 2.2, 2.0, 1.7, 1.6, 1.6, 1.7, 1.9, 2.3, 2.8, 3.0, 2.7, 1.9],
);

/** Sunday first: weekends a little busier. */
const weekdayWeight = [1.15, 1.05, 0.95, 0.95, 0.95, 0.95, 1.1];

/** Spring Festival (Chinese New Year's Day) by year; outside these years there is no festival lull. */
const springFestival: Record<number, string> = {
  2020: '01-25', 2021: '02-12', 2022: '02-01', 2023: '01-22', 2024: '02-10', 2025: '01-29', 2026: '02-17', 2027: '02-06',
  2028: '01-26', 2029: '02-13', 2030: '02-03', 2031: '01-23', 2032: '02-11', 2033: '01-31', 2034: '02-19', 2035: '02-08',
};

/** Days from the nearest Spring Festival (negative before it), or NaN when the year is unknown. */
function daysFromSpringFestival(day: Date): number {
  const year = day.getUTCFullYear();
  const distances = [year, year + 1].flatMap((y) => {
    const monthDay = springFestival[y];
    return monthDay ? [(day.getTime() - Date.parse(`${y}-${monthDay}T00:00:00Z`)) / DAY_MS] : [];
  });
  return distances.sort((a, b) => Math.abs(a) - Math.abs(b))[0] ?? Number.NaN;
}

/** Black Friday: the day after the fourth Thursday of November. */
function blackFriday(year: number): number {
  const firstWeekday = new Date(Date.UTC(year, 10, 1)).getUTCDay();
  const firstThursday = 1 + ((4 - firstWeekday + 7) % 7);
  return firstThursday + 22;
}

/** Sale days: bigger baskets and more discounts. `day` is a local calendar date at 00:00 UTC. */
function isSaleDay(day: Date, market: Market): boolean {
  const month = day.getUTCMonth() + 1;
  const date = day.getUTCDate();
  if (month === 11 && date === 11) return true;
  if (market === 'cn') return (month === 6 && date === 18) || (month === 12 && date === 12);
  const friday = blackFriday(day.getUTCFullYear());
  return month === 11 && date >= friday && date <= friday + 3; // through Cyber Monday
}

/** Relative order volume of a local calendar day in mainland China. */
function chinaDayWeight(day: Date): number {
  const month = day.getUTCMonth() + 1;
  const date = day.getUTCDate();
  let weight = weekdayWeight[day.getUTCDay()]!;
  if (month === 11 && date === 11) weight *= 15; // Singles' Day
  else if (month === 11 && date < 11) weight *= 2.2; // its pre-sales and deposits
  else if (month === 11 && date <= 15) weight *= 1.4;
  else if (month === 10 && date >= 24) weight *= 1.3;
  else if (month === 6 && date === 18) weight *= 6; // JD's 6.18
  else if (month === 6 && date < 18) weight *= 1.5;
  else if (month === 12 && date === 12) weight *= 2.5; // Double 12
  const festival = daysFromSpringFestival(day);
  if (festival >= -7 && festival <= 8) weight *= 0.35; // couriers stop for the holiday
  else if (festival >= -28 && festival < -7) weight *= 1.15; // New Year shopping before it
  return weight;
}

/** Relative order volume of a local calendar day outside mainland China. */
function internationalDayWeight(day: Date): number {
  const month = day.getUTCMonth() + 1;
  const date = day.getUTCDate();
  let weight = weekdayWeight[day.getUTCDay()]!;
  const friday = blackFriday(day.getUTCFullYear());
  if (month === 11 && date >= friday && date <= friday + 3) weight *= 3;
  else if (month === 11 && date === 11) weight *= 2;
  else if (month === 12 && date <= 22) weight *= 1.7; // Christmas shopping
  else if (month === 12 && date <= 26) weight *= 0.6;
  else if (month === 1) weight *= 0.8;
  return weight;
}

/** Draws moments that follow each market's seasons, inside the data window. */
class Timeline {
  readonly start: number;
  readonly until: number;
  readonly #firstDay: number;
  /** Per market: cumulative[i] = total weight of the days before #firstDay + i. */
  readonly #cumulative: Record<Market, number[]>;

  constructor(start: number, until: number) {
    this.start = start;
    this.until = until;
    // One spare day each side, so every UTC offset's local dates are covered.
    this.#firstDay = Math.floor(start / DAY_MS) - 1;
    const days = Math.floor(until / DAY_MS) + 2 - this.#firstDay;
    const cumulate = (weightOf: (day: Date) => number) => {
      const cumulative = [0];
      for (let i = 0; i < days; i++) cumulative.push(cumulative[i]! + weightOf(new Date((this.#firstDay + i) * DAY_MS)));
      return cumulative;
    };
    this.#cumulative = { cn: cumulate(chinaDayWeight), intl: cumulate(internationalDayWeight) };
  }

  /** A moment in [from, to]: its local day follows the market's seasons, its hour the daily rhythm. */
  moment(rng: Random, market: Market, offsetHours: number, from: number, to: number): number {
    const offset = offsetHours * HOUR_MS;
    const firstIndex = Math.floor((from + offset) / DAY_MS) - this.#firstDay;
    const lastIndex = Math.floor((to + offset) / DAY_MS) - this.#firstDay;
    for (let attempt = 0; attempt < 8; attempt++) {
      const day = this.#firstDay + this.#drawDayIndex(rng, this.#cumulative[market], firstIndex, lastIndex);
      const at = day * DAY_MS + hourOfDay.draw(rng) * HOUR_MS + rng.int(0, HOUR_MS - 1) - offset;
      if (at >= from && at <= to) return at;
    }
    // Only a window of a few hours misses eight times; any moment in it will do.
    return from + Math.floor(rng.next() * (to - from + 1));
  }

  /** The local calendar date of a moment, as 00:00 UTC of that date. */
  localDay(at: number, offsetHours: number): Date {
    return new Date(Math.floor((at + offsetHours * HOUR_MS) / DAY_MS) * DAY_MS);
  }

  #drawDayIndex(rng: Random, cumulative: number[], first: number, last: number): number {
    const low = cumulative[first]!;
    const target = low + rng.next() * (cumulative[last + 1]! - low);
    let lo = first;
    let hi = last;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (cumulative[mid]! <= target) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}

// ——— Customers ———

/** Relative share of customers per city: the big Chinese cities lead. */
const cityWeight: Record<string, number> = {
  Shanghai: 16, Beijing: 14, Shenzhen: 11, Guangzhou: 10, Hangzhou: 8, Chengdu: 7, Chongqing: 5, Wuhan: 5, Nanjing: 5,
  "Xi'an": 4, Suzhou: 4, Tianjin: 4, Changsha: 3, Qingdao: 3,
  'Hong Kong': 5, Singapore: 5, 'Kuala Lumpur': 2, Tokyo: 2, Sydney: 2.5, London: 2, 'New York': 2, Toronto: 1.5,
};

function cityPicker(inChina: boolean): Weighted<Place> {
  const chosen = places.filter((p) => (p.country === 'CN') === inChina);
  return new Weighted(
    chosen,
    chosen.map((p) => {
      const weight = cityWeight[p.city];
      if (weight === undefined) throw new Error(`demo: no customer weight for ${p.city}`);
      return weight;
    }),
  );
}

const INTERNATIONAL_SHARE = 0.2;

/** How often a customer buys: many once, a loyal few often, some never after signing up. */
type BuyerKind = 'never' | 'once' | 'occasional' | 'loyal';
const buyerKind = new Weighted<BuyerKind>(['never', 'once', 'occasional', 'loyal'], [10, 38, 36, 16]);
/** Orders per active year, for repeat buyers. */
const ordersPerYear: Record<'occasional' | 'loyal', readonly [number, number]> = { occasional: [2, 7], loyal: [9, 26] };

const genders = new Weighted<Gender | null>(['female', 'male', null], [56, 41, 3]);

const platformCustomerIdPrefix: Record<PlatformId, string> = { tmall: 'tm_', jd: 'jd_', shopify: 'sh_' };

interface Shopper {
  customer: DemoCustomer;
  identities: IdentityRow[];
  market: Market;
  offsetHours: number;
  /** Where this customer shops, most used first. */
  platforms: readonly PlatformId[];
  /** Top-level category ids this customer mostly buys from. */
  favourites: readonly number[];
  kind: BuyerKind;
  signupAt: number;
  /** The part of the window in which this customer orders and browses. */
  activeFrom: number;
  activeUntil: number;
}

function generateShoppers(rng: Random, count: number, timeline: Timeline, catalog: Catalog): Shopper[] {
  const people = new PeopleFactory();
  const chinaCities = cityPicker(true);
  const worldCities = cityPicker(false);
  const untilYear = new Date(timeline.until).getUTCFullYear();
  const departments = [...catalog.appealByDepartment.keys()];

  const drafts = Array.from({ length: count }, () => {
    const place = (rng.chance(INTERNATIONAL_SHARE) ? worldCities : chinaCities).draw(rng);
    const market: Market = place.country === 'CN' ? 'cn' : 'intl';
    const offsetHours = utcOffsetHours[place.country];
    if (offsetHours === undefined) throw new Error(`demo: no UTC offset for ${place.country}`);
    const gender = genders.draw(rng);
    const leaning: Gender = gender ?? rng.pick(['female', 'male'] as const);
    const birthYear = untilYear - Math.min(65, Math.max(18, Math.round(rng.normal(32, 9))));
    const signupAt = signupMoment(rng, timeline, market, offsetHours);
    const shopsOn = customerPlatforms(rng, market);
    const kind = buyerKind.draw(rng);
    const activeFrom = Math.max(signupAt, timeline.start);
    // Half the repeat buyers drift away at some point and never come back.
    const churned = (kind === 'occasional' || kind === 'loyal') && rng.chance(0.5);
    const activeUntil = churned ? activeFrom + (timeline.until - activeFrom) * rng.between(0.1, 0.7) : timeline.until;
    const appeal = new Weighted(departments, departments.map((id) => catalog.appealByDepartment.get(id)![leaning]));
    const favourites = [...new Set([appeal.draw(rng), appeal.draw(rng)])];
    const person = people.next(rng, place, leaning, birthYear);
    const customer: DemoCustomer = {
      id: 0, // numbered below, in signup order
      city: place.city,
      region: place.region,
      country: place.country,
      gender,
      birthYear,
      signupAt: new Date(signupAt),
      signupPlatform: shopsOn[0]!,
      postcode: person.postcode,
      marketingConsent: rng.chance(0.6),
      erasedAt: null,
      personal: person.personal,
    };
    return { customer, market, offsetHours, platforms: shopsOn, favourites, kind, signupAt, activeFrom, activeUntil };
  });

  // Customer ids grow with signup time, as they would in a real shop.
  drafts.sort((a, b) => a.signupAt - b.signupAt);
  const takenIds = new Set<string>();
  let identityId = 0;
  return drafts.map((draft, index) => {
    draft.customer.id = index + 1;
    const identities = draft.platforms.map((platform) => ({
      id: ++identityId,
      customerId: draft.customer.id,
      platform,
      platformCustomerId: drawUnique(takenIds, () => `${platformCustomerIdPrefix[platform]}${base36(rng, 10)}`),
    }));
    return { ...draft, identities };
  });
}

/** Two in five signed up in the year before the window (the regulars); the rest inside it, a few more as the shop grows. */
function signupMoment(rng: Random, timeline: Timeline, market: Market, offsetHours: number): number {
  if (rng.chance(0.4)) return timeline.start - Math.floor(rng.next() * YEAR_MS);
  const span = timeline.until - timeline.start;
  for (;;) {
    const at = timeline.moment(rng, market, offsetHours, timeline.start, timeline.until);
    if (rng.chance(0.7 + (0.3 * (at - timeline.start)) / span)) return at;
  }
}

/** Chinese shoppers use Tmall and JD; those abroad mostly the Shopify store, some Tmall Global. */
function customerPlatforms(rng: Random, market: Market): PlatformId[] {
  const [primary, other]: [PlatformId, PlatformId] =
    market === 'cn' ? (rng.chance(0.55) ? ['tmall', 'jd'] : ['jd', 'tmall']) : rng.chance(0.8) ? ['shopify', 'tmall'] : ['tmall', 'shopify'];
  return rng.chance(market === 'cn' ? 0.3 : 0.25) ? [primary, other] : [primary];
}

function base36(rng: Random, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += rng.int(0, 35).toString(36);
  return out;
}

// ——— What sells where ———

/** Picks products the way shoppers do: mostly from their favourite departments, popular ones most. */
class Shelves {
  readonly #byKey = new Map<string, Weighted<number>>();
  readonly #price = new Map<string, number>();
  readonly #departmentOf = new Map<number, number>();

  constructor(rng: Random, catalog: Catalog) {
    const parentOf = new Map(catalog.categories.map((c) => [c.id, c.parentId ?? c.id]));
    for (const p of catalog.products) this.#departmentOf.set(p.id, parentOf.get(p.categoryId!)!);
    for (const a of catalog.productAliases) this.#price.set(`${a.platform}:${a.productId}`, a.priceMinor!);

    // Popularity is one global ranking; each shelf keeps its products in that order.
    const rank = new Map(rng.shuffle(catalog.products.map((p) => p.id)).map((id, i) => [id, i]));
    const shelves = new Map<string, number[]>();
    for (const a of catalog.productAliases) {
      for (const key of [`${a.platform}:*`, `${a.platform}:${this.#departmentOf.get(a.productId)}`]) {
        const shelf = shelves.get(key);
        if (shelf) shelf.push(a.productId);
        else shelves.set(key, [a.productId]);
      }
    }
    for (const [key, ids] of shelves) {
      ids.sort((a, b) => rank.get(a)! - rank.get(b)!);
      this.#byKey.set(key, new Weighted(ids, zipfWeights(ids.length, 0.9)));
    }
  }

  /** A product listed on `platform`, from a favourite department 70% of the time. */
  pick(rng: Random, platform: PlatformId, favourites: readonly number[]): number {
    const favourite = rng.chance(0.7) ? this.#byKey.get(`${platform}:${rng.pick(favourites)}`) : undefined;
    return (favourite ?? this.#byKey.get(`${platform}:*`)!).draw(rng);
  }

  /** The product's price on the platform, in the platform's currency's minor units. */
  price(platform: PlatformId, productId: number): number {
    return this.#price.get(`${platform}:${productId}`)!;
  }
}

function pickPlatform(rng: Random, shopper: Shopper): PlatformId {
  return shopper.platforms.length > 1 && rng.chance(0.3) ? shopper.platforms[1]! : shopper.platforms[0]!;
}

// ——— Orders ———

const statuses = new Weighted<OrderStatus>(['paid', 'cancelled', 'refunded'], [92, 5, 3]);
const lineCount = new Weighted([1, 2, 3, 4], [45, 32, 15, 8]);
const quantity = new Weighted([1, 2, 3], [82, 13, 5]);
const currencyOf = (platform: PlatformId) => platforms.find((p) => p.id === platform)!.currency;

interface EventDraft {
  customerId: number;
  productId: number | null;
  type: EventRow['type'];
  at: number;
  platform: PlatformId;
}

function orderCount(rng: Random, shopper: Shopper): number {
  if (shopper.kind === 'never') return 0;
  if (shopper.kind === 'once') return 1;
  const [low, high] = ordersPerYear[shopper.kind];
  const years = (shopper.activeUntil - shopper.activeFrom) / YEAR_MS;
  return Math.max(shopper.kind === 'loyal' ? 4 : 2, Math.round(years * rng.between(low, high)));
}

/** A new customer's first order comes soon: often straight after signing up, else within this. */
const FIRST_ORDER_WITHIN_MS = 60 * DAY_MS;

function orderMoments(rng: Random, shopper: Shopper, timeline: Timeline): number[] {
  const { market, offsetHours, activeFrom, activeUntil } = shopper;
  const signedUpInWindow = activeFrom === shopper.signupAt;
  return Array.from({ length: orderCount(rng, shopper) }, (_, n) => {
    if (n > 0 || !signedUpInWindow) return timeline.moment(rng, market, offsetHours, activeFrom, activeUntil);
    if (rng.chance(0.55)) return Math.min(activeUntil, activeFrom + rng.int(3, 90) * MINUTE_MS);
    return timeline.moment(rng, market, offsetHours, activeFrom, Math.min(activeUntil, activeFrom + FIRST_ORDER_WITHIN_MS));
  });
}

function generateOrders(rng: Random, shoppers: readonly Shopper[], timeline: Timeline, shelves: Shelves) {
  const planned = shoppers.flatMap((shopper) =>
    orderMoments(rng, shopper, timeline).map((at) => ({ shopper, at, platform: pickPlatform(rng, shopper) })),
  );
  // Order ids and each platform's order numbers grow with time.
  planned.sort((a, b) => a.at - b.at);

  const orderRows: OrderRow[] = [];
  const itemRows: OrderItemRow[] = [];
  const eventDrafts: EventDraft[] = [];
  const perPlatform: Record<PlatformId, number> = { tmall: 0, jd: 0, shopify: 0 };

  for (const { shopper, at, platform } of planned) {
    const orderId = orderRows.length + 1;
    const currency = currencyOf(platform);
    const sale = isSaleDay(timeline.localDay(at, shopper.offsetHours), shopper.market);
    let totalMinor = 0;
    let totalBaseMinor = 0;
    for (const productId of distinctProducts(rng, shelves, platform, shopper.favourites, lineCount.draw(rng))) {
      const discount = rng.chance(sale ? 0.6 : 0.12) ? rng.between(sale ? 0.1 : 0.05, sale ? 0.3 : 0.2) : 0;
      const unitMinor = Math.round(shelves.price(platform, productId) * (1 - discount));
      const unitBaseMinor = Math.round(unitMinor * demoRatesToCny[currency]);
      const qty = quantity.draw(rng);
      totalMinor += unitMinor * qty;
      totalBaseMinor += unitBaseMinor * qty;
      itemRows.push({
        id: itemRows.length + 1,
        orderId,
        productId,
        quantity: qty,
        unitPriceBaseMinor: unitBaseMinor,
        lineTotalBaseMinor: unitBaseMinor * qty,
      });
      eventDrafts.push(...eventsBeforePurchase(rng, shopper, platform, productId, at));
    }
    if (rng.chance(0.3)) eventDrafts.push(event(shopper, null, 'search', at - rng.int(10, 48 * 60) * MINUTE_MS, platform));
    orderRows.push({
      id: orderId,
      customerId: shopper.customer.id,
      platform,
      platformOrderId: platformOrderId(rng, platform, ++perPlatform[platform]),
      orderedAt: new Date(at),
      status: statuses.draw(rng),
      currency,
      totalMinor,
      totalBaseMinor,
    });
  }
  return { orders: orderRows, orderItems: itemRows, events: eventDrafts };
}

function distinctProducts(rng: Random, shelves: Shelves, platform: PlatformId, favourites: readonly number[], count: number): number[] {
  const chosen = new Set<number>();
  // A small shelf may not hold `count` different products; a few tries are plenty otherwise.
  for (let attempt = 0; attempt < count * 5 && chosen.size < count; attempt++) chosen.add(shelves.pick(rng, platform, favourites));
  return [...chosen];
}

/** Tmall: 18 digits, JD: 12 digits, Shopify: the shop's running number. Unique through `serial`. */
function platformOrderId(rng: Random, platform: PlatformId, serial: number): string {
  if (platform === 'shopify') return `#${1000 + serial}`;
  const digits = String(serial).padStart(8, '0');
  return platform === 'tmall' ? `${rng.int(1, 9)}${rng.digits(9)}${digits}` : `${rng.int(1, 9)}${rng.digits(3)}${digits}`;
}

/** A view (sometimes two) and usually a cart add before each item bought. */
function eventsBeforePurchase(rng: Random, shopper: Shopper, platform: PlatformId, productId: number, at: number): EventDraft[] {
  const out = [event(shopper, productId, 'view', at - rng.int(5, 3 * 24 * 60) * MINUTE_MS, platform)];
  if (rng.chance(0.2)) out.push(event(shopper, productId, 'view', at - rng.int(60, 7 * 24 * 60) * MINUTE_MS, platform));
  if (rng.chance(0.6)) out.push(event(shopper, productId, 'cart', at - rng.int(1, 5) * MINUTE_MS, platform));
  return out;
}

/** No event before the customer existed. */
function event(shopper: Shopper, productId: number | null, type: EventRow['type'], at: number, platform: PlatformId): EventDraft {
  return { customerId: shopper.customer.id, productId, type, at: Math.max(at, shopper.signupAt), platform };
}

// ——— Browsing without buying ———

/** Browsing sessions per active year, by how much the customer buys. */
const sessionsPerYear: Record<BuyerKind, readonly [number, number]> = {
  never: [1, 3],
  once: [0.5, 2],
  occasional: [1, 3],
  loyal: [2, 5],
};

function generateBrowsing(rng: Random, shoppers: readonly Shopper[], timeline: Timeline, shelves: Shelves): EventDraft[] {
  const out: EventDraft[] = [];
  for (const shopper of shoppers) {
    const years = (shopper.activeUntil - shopper.activeFrom) / YEAR_MS;
    const [low, high] = sessionsPerYear[shopper.kind];
    const sessions = Math.round(years * rng.between(low, high));
    for (let s = 0; s < sessions; s++) {
      const platform = pickPlatform(rng, shopper);
      let at = timeline.moment(rng, shopper.market, shopper.offsetHours, shopper.activeFrom, shopper.activeUntil);
      const session: EventDraft[] = [];
      if (rng.chance(0.4)) session.push(event(shopper, null, 'search', at, platform));
      let productId = 0;
      for (let v = rng.int(1, 4); v > 0; v--) {
        at += rng.int(20, 240) * 1000;
        productId = shelves.pick(rng, platform, shopper.favourites);
        session.push(event(shopper, productId, 'view', at, platform));
      }
      if (rng.chance(0.12)) session.push(event(shopper, productId, 'cart', at + rng.int(10, 120) * 1000, platform));
      if (rng.chance(0.08)) session.push(event(shopper, productId, 'wishlist', at + rng.int(10, 120) * 1000, platform));
      out.push(...session.filter((e) => e.at <= timeline.until));
    }
  }
  return out;
}

/** Event ids follow time, as they would in a real event stream. */
function toEventRows(drafts: EventDraft[]): EventRow[] {
  drafts.sort((a, b) => a.at - b.at);
  // Spelled out, not spread: rows built by a spread take more memory (about 360 MB more over
  // the 24 million events of a million customers, where every gigabyte counts).
  return drafts.map((d, i) => ({ id: i + 1, customerId: d.customerId, productId: d.productId, type: d.type, platform: d.platform, occurredAt: new Date(d.at) }));
}
