/**
 * Normalizers for single values from any source. Each returns the canonical value or a reason
 * it cannot; none of them throws, logs, or keeps the value it was given.
 */
// The 'max' metadata checks number ranges per region, not just lengths: a short CN mobile fails.
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { currencyDigits } from '../semantic/money.ts';
import { places, type Place } from '../semantic/places.ts';
import type { Currency } from '../db/schema/index.ts';
import type { DateFormat } from './mapping.ts';

export type Result<T> = { ok: true; value: T } | { ok: false; reason: string };
const ok = <T>(value: T): Result<T> => ({ ok: true, value });
const fail = (reason: string): Result<never> => ({ ok: false, reason });

/** Printable ASCII words with single spaces between them: already what cleanText makes of it. */
const CLEAN_ASCII = /^[\x21-\x7e]+(?: [\x21-\x7e]+)*$/;

/** NFKC (full-width → half-width, compatibility forms), trimmed, inner whitespace collapsed. */
export function cleanText(text: string): string {
  // Most values are plain ASCII, which NFKC leaves alone: tested first, as this runs for most fields of millions of rows.
  if (CLEAN_ASCII.test(text)) return text;
  return text.normalize('NFKC').replace(/[\s\u200b\u3000]+/g, ' ').trim();
}

const EMAIL = /^[a-z0-9._%+'-]+@[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}$/;

/** `  Wang.Fang＠Example.COM ` → `wang.fang@example.com`; spaces inside are typing noise. */
export function normalizeEmail(text: string): Result<string> {
  const email = cleanText(text).toLowerCase().replace(/\s+/g, '').replace(/^mailto:/, '');
  return EMAIL.test(email) ? ok(email) : fail('invalid_email');
}

/** Any written form → E.164, reading numbers without a country code in `region`. */
export function normalizePhone(text: string, region: string | undefined): Result<string> {
  const cleaned = cleanText(text);
  if (/[a-z]/i.test(cleaned.replace(/\s*(ext|x)\.?\s*\d+$/i, ''))) return fail('invalid_phone');
  const parsed = parsePhoneNumberFromString(cleaned, region as CountryCode | undefined);
  return parsed?.isValid() ? ok(parsed.number) : fail('invalid_phone');
}

/** Decimal text → integer minor units, exactly (no floating point): "2.55" GBP → 255. */
export function toMinorUnits(text: string, currency: string): Result<number> {
  const cleaned = cleanText(text).replace(/[¥￥$£€,\s]|^[A-Z]{3}/g, '');
  const m = /^(-?)(\d*)(?:\.(\d*))?$/.exec(cleaned);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return fail('invalid_number');
  const digits = currencyDigits(currency);
  const fraction = (m[3] ?? '').padEnd(digits + 1, '0');
  // Round half away from zero on the first dropped digit.
  let minor = Number(m[2] || '0') * 10 ** digits + Number(fraction.slice(0, digits) || '0');
  if (Number(fraction[digits]) >= 5) minor += 1;
  return ok(m[1] === '-' ? -minor : minor);
}

/** Integer text, tolerating "6.0" as exports from spreadsheets write it. */
export function toInteger(text: string): Result<number> {
  const cleaned = cleanText(text);
  if (!/^-?\d+(\.0+)?$/.test(cleaned)) return fail('invalid_integer');
  return ok(Number.parseInt(cleaned, 10));
}

/** Formatters are costly to build (tens of microseconds): one per time zone, reused for every row. */
const zoneFormats = new Map<string, Intl.DateTimeFormat>();
const zoneFormat = (timeZone: string) => {
  let format = zoneFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
    });
    zoneFormats.set(timeZone, format);
  }
  return format;
};

/** The offset of `timeZone` from UTC at instant `utcMs`, in milliseconds, asking Intl. */
function formattedOffset(utcMs: number, timeZone: string): number {
  const parts = zoneFormat(timeZone).formatToParts(new Date(utcMs));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second')) - Math.floor(utcMs / 1000) * 1000;
}

const DAY_MS = 86_400_000;
/** `${zone} ${day}` → the zone's offset through that whole UTC day; NaN when it changes inside it. */
const dayOffsets = new Map<string, number>();

/**
 * The offset of `timeZone` from UTC at instant `utcMs`, in milliseconds. Asking Intl was 5% of a
 * customers file's CPU, and rows share days: a day whose first and last second have the same
 * offset holds no change (zones change at most once a day), so its offset is kept. Kept by the
 * hour, asking was still 3.5% of jd's 100k customers file's CPU profile: its dates spread over years.
 */
function zoneOffset(utcMs: number, timeZone: string): number {
  const day = Math.floor(utcMs / DAY_MS);
  const key = `${timeZone} ${day}`;
  let offset = dayOffsets.get(key);
  if (offset === undefined) {
    const first = formattedOffset(day * DAY_MS, timeZone);
    offset = first === formattedOffset(day * DAY_MS + DAY_MS - 1000, timeZone) ? first : NaN;
    if (dayOffsets.size >= 100_000) dayOffsets.clear();
    dayOffsets.set(key, offset);
  }
  return Number.isNaN(offset) ? formattedOffset(utcMs, timeZone) : offset;
}

/** Wall-clock time in `timeZone` → the instant, correct across DST changes. */
export function zonedToUtc(y: number, mo: number, d: number, h: number, mi: number, s: number, timeZone: string): Date {
  const wall = Date.UTC(y, mo - 1, d, h, mi, s);
  const first = wall - zoneOffset(wall, timeZone);
  return new Date(wall - zoneOffset(first, timeZone));
}

const DATE_PATTERNS: Record<Exclude<DateFormat, 'unix'>, RegExp> = {
  iso: /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i,
  yyyymmdd: /^(\d{4})(\d{2})(\d{2})$/,
  dmy: /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/,
  mdy: /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/,
};

/** A date or date-time as the source writes it → the UTC instant. */
export function parseDate(text: string, format: DateFormat, timeZone: string): Result<Date> {
  const cleaned = cleanText(text).replace(/\//g, format === 'iso' ? '-' : '/');
  if (format === 'unix') return /^\d+$/.test(cleaned) ? ok(new Date(Number(cleaned) * 1000)) : fail('invalid_date');
  const m = DATE_PATTERNS[format].exec(cleaned);
  if (!m) return fail('invalid_date');
  const [y, mo, d] = format === 'dmy' ? [m[3], m[2], m[1]] : format === 'mdy' ? [m[3], m[1], m[2]] : [m[1], m[2], m[3]];
  const [year, month, day, hour, minute, second] = [y, mo, d, m[4], m[5], m[6]].map((v) => Number(v ?? 0)) as [number, number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return fail('invalid_date');
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCMonth() !== month - 1) return fail('invalid_date'); // 31 February
  const offset = format === 'iso' ? m[7] : undefined;
  if (offset) {
    const sign = offset.toUpperCase() === 'Z' ? 0 : offset.startsWith('-') ? -1 : 1;
    const [oh, om] = sign === 0 ? [0, 0] : [Number(offset.slice(1, 3)), Number(offset.slice(-2))];
    return ok(new Date(Date.UTC(year, month - 1, day, hour, minute, second) - sign * (oh * 60 + om) * 60_000));
  }
  return ok(zonedToUtc(year, month, day, hour, minute, second, timeZone));
}

const regionNames = new Intl.DisplayNames('en', { type: 'region' });
/** English country names (and common aliases) → ISO 3166 alpha-2. */
const countryCodes = new Map<string, string>();
for (let a = 65; a <= 90; a++) {
  for (let b = 65; b <= 90; b++) {
    const code = String.fromCharCode(a, b);
    const name = regionNames.of(code);
    // First code wins: GB before the exceptionally reserved UK.
    if (name && name !== code && !countryCodes.has(name.toLowerCase())) countryCodes.set(name.toLowerCase(), code);
  }
}
const countryAliases: Record<string, string> = {
  eire: 'IE', usa: 'US', 'united states of america': 'US', uk: 'GB', 'great britain': 'GB', england: 'GB', rsa: 'ZA',
  'czech republic': 'CZ', 'hong kong': 'HK', china: 'CN', 'mainland china': 'CN', 中国大陆: 'CN', 香港: 'HK', 美国: 'US',
};

// The gazetteer's Chinese country names ("中国香港") are aliases too.
for (const p of places) countryCodes.set(p.countryZh, p.country);

/** A country as written → ISO alpha-2; unknown or placeholder names ("Unspecified") fail. */
export function normalizeCountry(text: string): Result<string> {
  const cleaned = cleanText(text);
  if (/^[A-Za-z]{2}$/.test(cleaned) && regionNames.of(cleaned.toUpperCase()) !== cleaned.toUpperCase()) return ok(cleaned.toUpperCase());
  const key = cleaned.toLowerCase();
  const code = countryAliases[key] ?? countryCodes.get(key);
  return code ? ok(code) : fail('unknown_country');
}

/** Every way the gazetteer's cities and regions are written ("上海", "上海市", "shanghai") → the stored name. */
const placeNames = (pick: (p: Place) => [string, string], suffixes: string[]) => {
  const names = new Map<string, string>();
  for (const p of places) {
    const [en, zh] = pick(p);
    names.set(en.toLowerCase(), en);
    for (const suffix of ['', ...suffixes]) names.set(`${zh}${suffix}`, en);
  }
  return names;
};
const cityNames = placeNames((p) => [p.city, p.cityZh], ['市']);
const regionNamesByText = placeNames((p) => [p.region, p.regionZh], ['省', '市', '特别行政区']);

/** One name per city, whichever language a platform writes it in; unknown cities keep their text. */
export const normalizeCity = (text: string): string => cityNames.get(cleanText(text).toLowerCase()) ?? cleanText(text);
export const normalizeRegion = (text: string): string => regionNamesByText.get(cleanText(text).toLowerCase()) ?? cleanText(text);

/**
 * Reference rates to CNY; a base currency other than CNY is reached through them. Exactly the
 * store's `currencies` (orders_currency_check allows no other), which `satisfies` holds to.
 */
export const ratesToCny: Record<string, number> = {
  CNY: 1, USD: 7.2, GBP: 9.1, EUR: 7.8, HKD: 0.92, JPY: 0.048, SGD: 5.35, AUD: 4.7, CAD: 5.2, MYR: 1.6, KRW: 0.0053, TWD: 0.22,
} satisfies Record<Currency, number>;

/** Minor units of `currency` → minor units of `base`, rounded to the nearest unit. */
export function convertMinor(minor: number, currency: string, base: string): Result<number> {
  const from = ratesToCny[currency];
  const to = ratesToCny[base];
  if (from === undefined || to === undefined) return fail('unknown_currency');
  const major = minor / 10 ** currencyDigits(currency);
  return ok(Math.round((major * from * 10 ** currencyDigits(base)) / to));
}
