/**
 * What one shop platform's export looks like: per file, its name, its columns (CSV header or
 * NDJSON keys), which column holds which canonical field, how it reads dates, money and
 * phones, and the words it uses for order statuses and event types. One interface, three
 * implementations (tmall.ts, jd.ts, shopify.ts); the built-in ingest mappings for these files
 * say the same thing in JSON, and a test holds the two together.
 */
import type { OrderStatus } from '../../../db/schema/index.ts';
import type { DateFormat } from '../../../ingest/mapping.ts';
import type { RecordKind } from '../../../ingest/records.ts';
import type { PlatformId } from '../../../semantic/places.ts';
import type { EventRow } from '../../generate.ts';
import type { Random } from '../../random.ts';
import type { Account, EventRecord, Listing, OrderLine } from '../model.ts';

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
/** One record as the platform writes it; nested objects only in NDJSON. */
export type Row = { [key: string]: Json };

export interface FileShape<R> {
  kind: RecordKind;
  /** Name inside the platform's folder. */
  file: string;
  format: 'csv' | 'ndjson';
  /** CSV only: the header, in order; every row has exactly these keys. */
  header?: readonly string[];
  /** Canonical field → column (NDJSON: dotted key path). The ingest mapping says the same. */
  columns: Readonly<Record<string, string>>;
  /** What the platform writes for a value it does not have. */
  empty: '' | null;
  /** How to read its values; mirrored by the mapping. */
  read: { timeZone: string; dateFormat: DateFormat; currency?: string; phoneRegion?: string };
  /** The clean record in the platform's shape; `rng` picks among formats the platform mixes. */
  row(record: R, rng: Random): Row;
}

/** What is known of a file without its row builder: enough to find, label and lay out its values. */
export type FileInfo = Pick<FileShape<unknown>, 'kind' | 'file' | 'format' | 'header' | 'columns' | 'empty'>;

export type EventType = EventRow['type'];

export interface PlatformShape {
  platform: PlatformId;
  customers: FileShape<Account>;
  products: FileShape<Listing>;
  orderLines: FileShape<OrderLine>;
  events: FileShape<EventRecord>;
  /** Status words per order status, the usual one first. */
  statusWords: Readonly<Record<OrderStatus, readonly string[]>>;
  /** Words the platform's export sometimes holds that no mapping lists. */
  unknownStatusWords: readonly string[];
  eventWords: Readonly<Record<EventType, string>>;
  unknownEventWords: readonly string[];
  /** Share of accounts whose export carries each optional personal field. */
  carries: { email: number; phone: number; birth: number };
  /** Customer fields in which full-width characters turn up (names, the digits of addresses and phones). */
  fullwidthCustomerFields: readonly string[];
  /** The category label the platform files a catalog leaf under. */
  categoryLabel(department: string, leaf: string): string;
  /** A new listing id in the platform's format (unique by the caller). */
  newListingId(rng: Random): string;
  /** The title a second listing of the same product gets. */
  retitle(title: string, rng: Random): string;
}

/** The usual status word most of the time, another synonym now and then. */
export function statusWord(rng: Random, words: readonly string[]): string {
  return words.length > 1 && rng.chance(0.15) ? rng.pick(words.slice(1)) : words[0]!;
}

/** Looks up a category label in a platform's table; a catalog leaf it lacks is a bug here. */
export function labelFrom(table: Readonly<Record<string, string>>, platform: string, leaf: string): string {
  const label = table[leaf];
  if (label === undefined) throw new Error(`dirty demo: ${platform} has no category label for "${leaf}"`);
  return label;
}

/** The word → status table a mapping needs. */
export function statusTable(shape: PlatformShape): Record<string, OrderStatus> {
  const table: Record<string, OrderStatus> = {};
  for (const [status, words] of Object.entries(shape.statusWords) as [OrderStatus, readonly string[]][]) {
    for (const word of words) table[word] = status;
  }
  return table;
}

/** The word → event type table a mapping needs. */
export function eventTable(shape: PlatformShape): Record<string, EventType> {
  return Object.fromEntries(Object.entries(shape.eventWords).map(([type, word]) => [word, type as EventType]));
}
