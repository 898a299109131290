/**
 * Stage 3: canonical text → typed, canonical values, per record kind. A row that cannot be
 * trusted (bad number, date in the future, unknown status, a fee posing as a product) gets
 * reasons and goes to quarantine; a row with one bad optional field (an email that is not an
 * email) is kept without that field, and the field issue is counted in the batch summary.
 */
import { eventTypes, type EventType, type Gender } from '../db/schema/index.ts';
import { cleanText, convertMinor, normalizeCity, normalizeCountry, normalizeRegion, normalizeEmail, normalizePhone, parseDate, toInteger, toMinorUnits, type Result } from './values.ts';
import type { Mapping } from './mapping.ts';
import type { MappedRow } from './records.ts';

export interface NormalizeContext {
  mapping: Mapping;
  baseCurrency: string;
  /** Dates after this are out of range. */
  now: Date;
}

export interface NormalCustomer {
  platformCustomerId: string;
  email?: string;
  phone?: string;
  name?: string;
  givenName?: string;
  surname?: string;
  streetNumber?: string;
  address?: string;
  address2?: string;
  city?: string;
  region?: string;
  country?: string;
  postcode?: string;
  gender?: Gender;
  birthDate?: string;
  birthYear?: number;
  signupAt?: Date;
  marketingConsent?: boolean;
}

export interface NormalProduct {
  platformProductId: string;
  title: string;
  sku?: string;
  barcode?: string;
  brand?: string;
  categoryLabel?: string;
  priceMinor?: number;
  currency?: string;
}

export interface NormalOrderLine {
  platformOrderId: string;
  orderedAt: Date;
  status: 'paid' | 'cancelled' | 'refunded';
  currency: string;
  platformCustomerId: string;
  platformProductId: string;
  title?: string;
  country?: string;
  quantity: number;
  lineTotalMinor: number;
  unitPriceBaseMinor: number;
  lineTotalBaseMinor: number;
}

export interface NormalEvent {
  platformCustomerId: string;
  platformProductId?: string;
  type: EventType;
  occurredAt: Date;
}

export type Normalized<T> = { ok: true; record: T; fieldIssues: string[] } | { ok: false; reasons: string[] };

/** Collects row-level reasons and field-level issues while a row is normalized. */
class Findings {
  reasons: string[] = [];
  fieldIssues: string[] = [];

  /** A required value: its failure rejects the row. */
  need<T>(field: string, result: Result<T>): T | undefined {
    if (result.ok) return result.value;
    this.reasons.push(`${result.reason}:${field}`);
    return undefined;
  }

  /** An optional value: its failure drops the value and is noted. */
  may<T>(field: string, text: string | undefined, read: (t: string) => Result<T>): T | undefined {
    if (text === undefined) return undefined;
    const result = read(text);
    if (result.ok) return result.value;
    this.fieldIssues.push(result.reason.includes(':') ? result.reason : `${result.reason}:${field}`);
    return undefined;
  }

  rejected(): { ok: false; reasons: string[] } {
    return { ok: false, reasons: this.reasons };
  }

  done<T>(record: T): Normalized<T> {
    return this.reasons.length > 0 ? this.rejected() : { ok: true, record, fieldIssues: this.fieldIssues };
  }
}

const text = (v: string | undefined) => (v === undefined ? undefined : cleanText(v) || undefined);
/** Source ids written as spreadsheet floats ("17850.0") are the same id as "17850". */
export const id = (v: string) => cleanText(v).replace(/^(\d+)\.0+$/, '$1');

const GENDERS: Record<string, Gender> = { f: 'female', female: 'female', 女: 'female', w: 'female', m: 'male', male: 'male', 男: 'male' };
const YES = new Set(['1', 'true', 'yes', 'y', 't', '是', '同意']);

export function normalizeCustomer(row: MappedRow, ctx: NormalizeContext): Normalized<NormalCustomer> {
  const f = new Findings();
  const { mapping } = ctx;
  const birth = f.may('birth_date', row.birth_date, (t) => parseDate(t, mapping.dateFormat, 'UTC'));
  const birthYear = birth?.getUTCFullYear();
  const birthOk = birthYear !== undefined && birthYear >= 1900 && birth! <= ctx.now;
  if (birth && !birthOk) f.fieldIssues.push('out_of_range:birth_date');
  const signupAt = f.may('signup_at', row.signup_at, (t) => parseDate(t, mapping.dateFormat, mapping.timeZone));
  if (signupAt && signupAt > ctx.now) f.fieldIssues.push('future_date:signup_at');
  return f.done<NormalCustomer>({
    platformCustomerId: id(row.customer_id!),
    email: f.may('email', row.email, normalizeEmail),
    phone: f.may('phone', row.phone, (t) => normalizePhone(t, mapping.phoneRegion)),
    name: text(row.name),
    givenName: text(row.given_name),
    surname: text(row.surname),
    streetNumber: text(row.street_number),
    address: text(row.address),
    address2: text(row.address_2),
    city: row.city === undefined ? undefined : normalizeCity(row.city) || undefined,
    region: row.region === undefined ? undefined : normalizeRegion(row.region) || undefined,
    country: f.may('country', row.country, normalizeCountry),
    postcode: text(row.postcode)?.replace(/\s+/g, '').toUpperCase(),
    gender: row.gender === undefined ? undefined : GENDERS[cleanText(row.gender).toLowerCase()],
    birthDate: birthOk ? birth!.toISOString().slice(0, 10) : undefined,
    birthYear: birthOk ? birthYear : undefined,
    signupAt: signupAt && signupAt <= ctx.now ? signupAt : undefined,
    marketingConsent: row.marketing_consent === undefined ? undefined : YES.has(cleanText(row.marketing_consent).toLowerCase()),
  });
}

export function normalizeProduct(row: MappedRow, ctx: NormalizeContext): Normalized<NormalProduct> {
  const f = new Findings();
  const currency = text(row.currency)?.toUpperCase() ?? ctx.mapping.currency ?? ctx.baseCurrency;
  const priceMinor = row.price === undefined ? undefined : f.need('price', toMinorUnits(row.price, currency));
  if (priceMinor !== undefined && priceMinor <= 0) f.reasons.push('non_positive:price');
  return f.done<NormalProduct>({
    platformProductId: id(row.product_id!),
    title: cleanText(row.title!),
    sku: text(row.sku),
    barcode: text(row.barcode),
    brand: text(row.brand),
    categoryLabel: text(row.category),
    priceMinor,
    currency,
  });
}

/** True when the id is one of the mapping's fee/postage codes (a trailing * matches any ending). */
export function isNonProduct(productId: string, mapping: Mapping): boolean {
  return mapping.nonProductIds.some((p) => (p.endsWith('*') ? productId.startsWith(p.slice(0, -1)) : productId === p));
}

export function normalizeOrderLine(row: MappedRow, ctx: NormalizeContext): Normalized<NormalOrderLine> {
  const f = new Findings();
  const { mapping } = ctx;
  const orderId = id(row.order_id!);
  const productId = id(row.product_id!);
  const cancelledById = mapping.cancelledOrderPrefixes.some((p) => orderId.startsWith(p));

  let status: NormalOrderLine['status'] = cancelledById ? 'cancelled' : 'paid';
  if (row.status !== undefined) {
    const word = cleanText(row.status);
    const mapped = mapping.statuses?.[word] ?? mapping.statuses?.[word.toLowerCase()];
    if (mapped) status = mapped;
    else f.reasons.push('unknown_status');
  }
  if (row.customer_id === undefined) f.reasons.push('missing_customer');
  if (isNonProduct(productId, mapping)) f.reasons.push('non_product');

  const orderedAt = f.need('ordered_at', parseDate(row.ordered_at!, mapping.dateFormat, mapping.timeZone));
  if (orderedAt && orderedAt > ctx.now) f.reasons.push('future_date:ordered_at');
  const quantity = f.need('quantity', toInteger(row.quantity!));
  if (quantity === 0) f.reasons.push('zero_quantity');
  // Negative quantities belong to cancellations (UCI's "C" invoices); elsewhere, a refunded
  // order included, they are write-offs or typing errors.
  if (quantity !== undefined && quantity < 0 && status !== 'cancelled') f.reasons.push('negative_quantity');

  const currency = text(row.currency)?.toUpperCase() ?? mapping.currency ?? ctx.baseCurrency;
  const unitMinor = f.need('unit_price', toMinorUnits(row.unit_price!, currency));
  const lineMinor = row.line_total !== undefined ? f.need('line_total', toMinorUnits(row.line_total, currency)) : unitMinor !== undefined && quantity !== undefined ? unitMinor * quantity : undefined;
  const unitBase = unitMinor === undefined ? undefined : f.need('currency', convertMinor(unitMinor, currency, ctx.baseCurrency));
  const lineBase = lineMinor === undefined ? undefined : f.need('currency', convertMinor(lineMinor, currency, ctx.baseCurrency));
  // Not positive as written, or once converted: a fraction of the base currency's smallest unit
  // rounds to 0 (1 fen in yen), which order_items_unit_price_check would refuse with the batch.
  if ((unitMinor !== undefined && unitMinor <= 0) || (unitBase !== undefined && unitBase <= 0)) f.reasons.push('non_positive:unit_price');
  if (f.reasons.length > 0) return f.rejected();

  return f.done<NormalOrderLine>({
    platformOrderId: orderId,
    orderedAt: orderedAt!,
    status,
    currency,
    platformCustomerId: id(row.customer_id!),
    platformProductId: productId,
    title: text(row.title),
    country: f.may('country', row.country, normalizeCountry),
    quantity: quantity!,
    lineTotalMinor: lineMinor!,
    unitPriceBaseMinor: unitBase!,
    lineTotalBaseMinor: lineBase!,
  });
}

export function normalizeEvent(row: MappedRow, ctx: NormalizeContext): Normalized<NormalEvent> {
  const f = new Findings();
  const word = cleanText(row.type!).toLowerCase();
  const type = ctx.mapping.eventTypes?.[word] ?? ((eventTypes as readonly string[]).includes(word) ? (word as EventType) : undefined);
  if (!type) f.reasons.push('unknown_event_type');
  const occurredAt = f.need('occurred_at', parseDate(row.occurred_at!, ctx.mapping.dateFormat, ctx.mapping.timeZone));
  if (occurredAt && occurredAt > ctx.now) f.reasons.push('future_date:occurred_at');
  return f.done<NormalEvent>({
    platformCustomerId: id(row.customer_id!),
    platformProductId: row.product_id === undefined ? undefined : id(row.product_id),
    type: type!,
    occurredAt: occurredAt!,
  });
}
