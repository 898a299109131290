/**
 * Source mappings: declarative JSON files that say how one source's files map to the canonical
 * fields of one record kind, and how to read its values (time zone, currency, phone region,
 * date format, status words). Built-in mappings live in src/ingest/mappings/; a user's own is
 * passed with --mapping. A bad mapping stops with a message naming the file and the field.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { PrecisError } from '../errors.ts';
import { eventTypes, orderStatuses } from '../db/schema/index.ts';
import { isTimeZone } from '../time-zone.ts';
import { allFieldsOf, canonicalFields, RecordKind } from './records.ts';

export const DateFormat = z.enum([
  /** ISO 8601 or `YYYY-MM-DD HH:MM[:SS]`; a value with an offset keeps it, one without is local. */
  'iso',
  /** `YYYYMMDD`, as in Febrl birth dates. */
  'yyyymmdd',
  /** `DD/MM/YYYY[ HH:MM]` */
  'dmy',
  /** `MM/DD/YYYY[ HH:MM]` */
  'mdy',
  /** Seconds since 1970. */
  'unix',
]);
export type DateFormat = z.infer<typeof DateFormat>;

export const Mapping = z
  .object({
    name: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'lower-case letters, digits, - and _'),
    description: z.string().optional(),
    kind: RecordKind,
    format: z.enum(['csv', 'ndjson']),
    csv: z
      .object({
        delimiter: z.string().length(1).default(','),
        /** Febrl writes ", value": drop the space after each delimiter. */
        skipInitialSpace: z.boolean().default(false),
      })
      .default({ delimiter: ',', skipInitialSpace: false }),
    /** Time zone of dates without an offset. */
    timeZone: z.string().refine(isTimeZone, 'must be an IANA time zone such as Asia/Shanghai').default('UTC'),
    dateFormat: DateFormat.default('iso'),
    /** Currency of amounts when the row names none. */
    currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code').optional(),
    /** Region for phone numbers written without a country code (ISO 3166 alpha-2). */
    phoneRegion: z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166 alpha-2 code such as CN').optional(),
    /** canonical field → source column (CSV header or NDJSON key; dots reach into objects). */
    columns: z.record(z.string(), z.string().min(1)),
    /** Source status words → order status; unlisted words are quarantined. */
    statuses: z.record(z.string(), z.enum(orderStatuses)).optional(),
    /** An order id starting with one of these marks a cancellation (UCI: "C536379"). */
    cancelledOrderPrefixes: z.array(z.string().min(1)).default([]),
    /** Product ids that are fees, postage or adjustments, not products: quarantined, named. A trailing * matches any ending. */
    nonProductIds: z.array(z.string().min(1)).default([]),
    /** Source event type words → canonical event type. */
    eventTypes: z.record(z.string(), z.enum(eventTypes)).optional(),
  })
  .superRefine((m, ctx) => {
    const known = new Set(allFieldsOf(m.kind));
    for (const field of Object.keys(m.columns)) {
      if (!known.has(field)) {
        ctx.addIssue({ code: 'custom', path: ['columns', field], message: `"${field}" is not a field of ${m.kind}; known fields: ${[...known].join(', ')}` });
      }
    }
    for (const field of canonicalFields[m.kind].required) {
      if (!(field in m.columns)) ctx.addIssue({ code: 'custom', path: ['columns', field], message: `${m.kind} needs a column for "${field}"` });
    }
  });
export type Mapping = z.infer<typeof Mapping>;

const builtInFolder = fileURLToPath(new URL('./mappings', import.meta.url));

/** Names of the mappings shipped with Precis. */
export function builtInMappings(): string[] {
  return readdirSync(builtInFolder)
    .filter((f) => f.endsWith('.json'))
    .map((f) => basename(f, '.json'))
    .sort();
}

/** Parses mapping text; every problem is named with the file and the field it is in. */
export function parseMapping(text: string, source: string): Mapping {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new PrecisError('input_invalid', { detail: `${source}: not valid JSON (${(err as Error).message})` });
  }
  const parsed = Mapping.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${source}: ${i.path.join('.') || '(top level)'}: ${i.message}`);
    throw new PrecisError('input_invalid', { detail: `The mapping is invalid:\n${problems.join('\n')}` });
  }
  return parsed.data;
}

/** Loads a mapping by built-in name ("tmall-orders") or by file path. */
export function loadMapping(nameOrPath: string): Mapping {
  const builtIn = join(builtInFolder, `${nameOrPath}.json`);
  const path = existsSync(builtIn) ? builtIn : nameOrPath;
  if (!existsSync(path)) {
    throw new PrecisError('input_invalid', {
      detail: `No mapping "${nameOrPath}": not a file, nor one of the built-in mappings (${builtInMappings().join(', ')}).`,
    });
  }
  return parseMapping(readFileSync(path, 'utf8'), path);
}
