/**
 * The ground truth of a dirty demo: who every customer record really is, what every product
 * listing really is, and every problem put into the files, with where it is. Ingest, identity
 * resolution and the quality checks are scored against it.
 *
 * Format of `truth.json` (one JSON document; every array element sits on its own line, so the
 * file diffs and greps well):
 *
 * ```
 * {
 *   "format": "precis-dirty-demo-truth/1",
 *   "options": { "customers": 5000, "seed": 1, "until": "2026-03-31T16:00:00.000Z" },
 *   "rates": { "duplicateCustomer": 0.03, … },           // the rates used, see DirtyRates
 *   "files": { "tmall/customers.csv": { "lines": 3223 }, … },  // lines, header included
 *   "totals": { "duplicate_customer_within_platform": 197, … }, // problems per kind, every kind listed
 *   "customers": [                                       // one per customer record written
 *     { "platform": "tmall", "customerId": "tm_…", "person": 17, "line": 2 }, …
 *   ],
 *   "products": [                                        // one per product listing written
 *     { "platform": "jd", "productId": "10…", "product": 12, "sku": "LUM-00012", "category": "Skincare", "line": 2 }, …
 *   ],
 *   "problems": [
 *     { "kind": "malformed_email_fixable", "platform": "tmall", "file": "tmall/customers.csv",
 *       "line": 57, "field": "email", "column": "邮箱", "variant": "uppercase", "expected": "…" }, …
 *   ]
 * }
 * ```
 *
 * - `person` is the clean generator's customer id (the golden person), `product` its product id
 *   and `sku` its sku: records with the same `person` are the same human being.
 * - `line` is 1-based: in a CSV the header is line 1; in NDJSON the first object is line 1.
 *   No value spans two lines.
 * - `field` is the canonical field (src/ingest/records.ts) and `column` the platform's column or
 *   dotted NDJSON key holding it; both are null for problems of a whole record.
 * - Each line holds at most one field problem. Record problems (duplicates of a customer or a
 *   product) may share a line with a field problem. Only lines without problems are copied as
 *   exact duplicates, and every line identical to an earlier one is labelled: `variant` "copied"
 *   when the line was repeated on purpose, "coincident" when two records came out the same (two
 *   events at the same clamped moment, or in the same minute where a platform writes minutes).
 * - Optional keys by kind: `variant` (which way it is broken), `expected` (the clean value a
 *   fixable problem normalizes to), `value` (the out-of-range or unknown value written),
 *   `person`/`product`, `sameAs` (the record a duplicate repeats), `variations` (how it differs),
 *   `duplicateOf` (the line an exact duplicate repeats).
 *
 * The truth holds only the demo's fake personal data, as the files do (an `expected` value is
 * the clean form of what a file holds); it must never be built from real customers' data.
 */
import type { PlatformId } from '../../semantic/places.ts';
import type { Variation } from './model.ts';

export const problemKinds = [
  /** The same person registered twice on one platform (typos in name or address, another or no email). */
  'duplicate_customer_within_platform',
  /** The same person's account on a second platform (sometimes with typos). */
  'duplicate_customer_across_platforms',
  /** The same product listed twice on one platform, under another id, title and price. */
  'duplicate_product_within_platform',
  /** Upper case, spaces, or a full-width ＠: NFKC, lower-casing and dropping whitespace repair it. */
  'malformed_email_fixable',
  /** No @, no domain, or @@: not an address. */
  'malformed_email_unfixable',
  /** 4–6 digits, or letters in place of digits. */
  'malformed_phone',
  /** A required canonical field left empty (order id, product id, quantity, title, customer id). */
  'missing_required_field',
  /** A line identical to an earlier line of the same file. */
  'exact_duplicate_row',
  /** Quantity 0 or negative on an order that was not cancelled. */
  'out_of_range_quantity',
  /** A price of 0 or below. */
  'non_positive_price',
  /** An order dated after the end of the data. */
  'future_date',
  /** A birth year before 1900. */
  'out_of_range_birth_year',
  /** A status word the platform's mapping does not list. */
  'unknown_status',
  /** An event type word the platform's mapping does not list. */
  'unknown_event_type',
  /** Full-width Latin letters or digits in a name, phone or title; NFKC repairs them. */
  'fullwidth_text',
] as const;
export type ProblemKind = (typeof problemKinds)[number];

export const TRUTH_FORMAT = 'precis-dirty-demo-truth/1';

/** A problem as found while writing a record; its place in the file comes later. */
export interface ProblemDraft {
  kind: ProblemKind;
  field: string | null;
  column: string | null;
  variant?: string;
  expected?: string;
  value?: string | number | null;
  person?: number;
  product?: number;
  sameAs?: { platform: PlatformId; id: string };
  variations?: Variation[];
  duplicateOf?: number;
}

export interface Problem extends ProblemDraft {
  platform: PlatformId;
  /** Relative to the output folder, with forward slashes: "tmall/customers.csv". */
  file: string;
  line: number;
}

export interface TruthCustomer {
  platform: PlatformId;
  customerId: string;
  person: number;
  line: number;
}

export interface TruthProduct {
  platform: PlatformId;
  productId: string;
  product: number;
  sku: string;
  /** The catalog's leaf category (English name) the platform's own label stands for. */
  category: string;
  line: number;
}

export interface Truth {
  format: typeof TRUTH_FORMAT;
  options: { customers: number; seed: number; until: string };
  rates: Record<string, number>;
  files: Record<string, { lines: number }>;
  totals: Record<ProblemKind, number>;
  customers: TruthCustomer[];
  products: TruthProduct[];
  problems: Problem[];
}

/** The truth without its long lists, which are written after it. */
export type TruthHead = Omit<Truth, TruthList>;
export type TruthList = 'customers' | 'products' | 'problems';
const truthLists: readonly TruthList[] = ['customers', 'products', 'problems'];

/** Every kind at zero, to count problems into. */
export function noProblems(): Record<ProblemKind, number> {
  return Object.fromEntries(problemKinds.map((k) => [k, 0])) as Record<ProblemKind, number>;
}

/**
 * The truth as text, a line at a time: pretty at the top, one line per list element. The lists
 * come as their elements' JSON, so a writer can keep them as text rather than as objects.
 */
export function* truthLines(head: TruthHead, lists: Readonly<Record<TruthList, readonly string[]>>): Generator<string> {
  yield '{';
  for (const [key, value] of Object.entries(head)) yield `  ${JSON.stringify(key)}: ${JSON.stringify(value)},`;
  for (const [i, key] of truthLists.entries()) {
    yield `  ${JSON.stringify(key)}: [`;
    const items = lists[key];
    for (let j = 0; j < items.length; j++) yield `    ${items[j]!}${j < items.length - 1 ? ',' : ''}`;
    yield `  ]${i < truthLists.length - 1 ? ',' : ''}`;
  }
  yield '}';
}
