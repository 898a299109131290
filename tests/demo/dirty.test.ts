/**
 * The dirty demo is the answer key for ingest, identity resolution and the quality checks, so
 * its truth has to be exactly right: every problem it names must be in the file at the line and
 * field it names, and every problem in the files must be named. These tests re-read the
 * written files through the built-in mappings, find the problems on their own, and compare.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDirtyDemo, platformShapes, problemKinds, writeDirtyDemo, type DirtyRates, type ProblemKind, type Truth } from '../../src/demo/dirty/index.ts';
import { eventTable, statusTable, type FileInfo } from '../../src/demo/dirty/platforms/index.ts';
import { fullwidthAlnum } from '../../src/demo/dirty/text.ts';
import { builtInMappings, loadMapping, type Mapping } from '../../src/ingest/mapping.ts';
import { canonicalFields } from '../../src/ingest/records.ts';

const until = new Date('2026-03-31T16:00:00Z');
const CUSTOMERS = 300;
/** Ten times the default rates, so every kind of problem turns up among 300 customers. */
const busy: Partial<DirtyRates> = {
  duplicateCustomer: 0.1,
  duplicateProduct: 0.1,
  exactDuplicateRow: 0.03,
  malformedEmailFixable: 0.05,
  malformedEmailUnfixable: 0.05,
  malformedPhone: 0.05,
  outOfRangeBirthYear: 0.05,
  fullwidthText: 0.05,
  missingRequiredField: 0.05,
  outOfRangeQuantity: 0.05,
  nonPositivePrice: 0.05,
  futureDate: 0.05,
  unknownStatus: 0.05,
  unknownEventType: 0.05,
};

const folders: string[] = [];
function tempFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'precis-dirty-'));
  folders.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
});

/** sha256 over every file's relative path and bytes, in path order. */
function fingerprint(dir: string): string {
  const hash = createHash('sha256');
  const walk = (sub: string): string[] =>
    readdirSync(join(dir, sub)).flatMap((name) => {
      const rel = sub ? `${sub}/${name}` : name;
      return statSync(join(dir, rel)).isDirectory() ? walk(rel) : [rel];
    });
  for (const rel of walk('').sort()) hash.update(rel).update('\0').update(readFileSync(join(dir, rel))).update('\0');
  return hash.digest('hex');
}

type Value = string | null | undefined;

interface SourceLine {
  line: number;
  text: string;
  /** Canonical field → raw value as the mapping reads it (null: JSON null; undefined: key absent). */
  get(field: string): Value;
}

interface ReadFile {
  path: string;
  platform: string;
  mapping: Mapping;
  shape: FileInfo;
  header?: string[];
  lines: SourceLine[];
}

function pick(obj: unknown, path: string): unknown {
  let cur = obj;
  for (const key of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

const asValue = (v: unknown): Value => (v === undefined ? undefined : v === null ? null : String(v));
const isEmpty = (v: Value) => v === undefined || v === null || v === '';

function readSource(dir: string, platform: string, shape: FileInfo): ReadFile {
  const path = `${platform}/${shape.file}`;
  const mapping = loadMapping(`${platform}-${shape.kind}`);
  const text = readFileSync(join(dir, path), 'utf8');
  expect(text.endsWith('\n')).toBe(true);
  const physical = text.slice(0, -1).split('\n');
  if (mapping.format === 'ndjson') {
    const lines = physical.map((raw, i) => {
      const obj: unknown = JSON.parse(raw);
      return { line: i + 1, text: raw, get: (field: string) => asValue(pick(obj, mapping.columns[field] ?? '\0')) };
    });
    return { path, platform, mapping, shape, lines };
  }
  const records = parseCsv(text, { relax_column_count: false }) as string[][];
  // No value spans two lines, so record i is on line i + 1 and the truth's line numbers hold.
  expect(records.length).toBe(physical.length);
  const [header = [], ...rows] = records;
  const lines = rows.map((cells, i) => ({
    line: i + 2,
    text: physical[i + 1]!,
    get: (field: string) => {
      const column = mapping.columns[field];
      const at = column === undefined ? -1 : header.indexOf(column);
      return at < 0 ? undefined : cells[at];
    },
  }));
  return { path, platform, mapping, shape, header, lines };
}

let dir: string;
let truth: Truth;
let files: ReadFile[];
const keyOf = (file: string, line: number, field: string | null) => `${file}:${line}:${field}`;
const labelled = (kind: ProblemKind) => truth.problems.filter((p) => p.kind === kind).map((p) => keyOf(p.file, p.line, p.field)).sort();
/** Every (file, line, field) where `test` holds, over the files of the given record kinds. */
function found(kinds: readonly string[], fields: readonly string[], test: (v: Value, f: ReadFile, field: string, l: SourceLine) => boolean): string[] {
  const out: string[] = [];
  for (const f of files.filter((file) => kinds.includes(file.shape.kind))) {
    for (const l of f.lines) for (const field of fields) if (field in f.mapping.columns && test(l.get(field), f, field, l)) out.push(keyOf(f.path, l.line, field));
  }
  return out.sort();
}

beforeAll(async () => {
  dir = tempFolder();
  await writeDirtyDemo({ customers: CUSTOMERS, seed: 3, until, outDir: dir, rates: busy });
  truth = JSON.parse(readFileSync(join(dir, 'truth.json'), 'utf8')) as Truth;
  files = platformShapes.flatMap((shape) =>
    [shape.customers, shape.products, shape.orderLines, shape.events].map((file) => readSource(dir, shape.platform, file)),
  );
});

describe('writeDirtyDemo: determinism', () => {
  it('writes byte-identical files for the same options, and different ones for another seed', async () => {
    const [a, b, c] = [tempFolder(), tempFolder(), tempFolder()];
    await writeDirtyDemo({ customers: CUSTOMERS, seed: 7, until, outDir: a });
    await writeDirtyDemo({ customers: CUSTOMERS, seed: 7, until: new Date(until.getTime()), outDir: b });
    await writeDirtyDemo({ customers: CUSTOMERS, seed: 8, until, outDir: c });
    expect(fingerprint(b)).toBe(fingerprint(a));
    expect(fingerprint(c)).not.toBe(fingerprint(a));
  });

  it('reports each file once, in order, with its line count', async () => {
    const seen: string[] = [];
    const summary = await writeDirtyDemo({ customers: 50, seed: 1, until, outDir: tempFolder() }, (p) => {
      expect(p.total).toBe(13);
      seen.push(`${p.done}:${p.file}`);
    });
    expect(seen).toEqual(summary.files.map((f, i) => `${i + 1}:${f.path}`));
    expect(summary.files.map((f) => f.path)).toContain('truth.json');
  });

  it('writes, file by file, exactly what buildDirtyDemo builds in memory', () => {
    const built = buildDirtyDemo({ customers: CUSTOMERS, seed: 3, until, rates: busy });
    expect(built.files).toHaveLength(12);
    for (const file of built.files) expect(readFileSync(join(dir, file.path), 'utf8')).toBe(`${file.lines.join('\n')}\n`);
    expect(truth).toEqual(built.truth);
  });

  it('leaves no truth.json behind when a run stops halfway, so the folder is not taken for complete', async () => {
    const out = tempFolder();
    await writeDirtyDemo({ customers: 50, seed: 1, until, outDir: out });
    // A folder where the last platform's events file should go: that file cannot be written.
    rmSync(join(out, 'shopify', 'events.csv'));
    mkdirSync(join(out, 'shopify', 'events.csv'));
    await expect(writeDirtyDemo({ customers: 50, seed: 1, until, outDir: out })).rejects.toThrow(/EISDIR/);
    expect(existsSync(join(out, 'truth.json'))).toBe(false);
  });
});

describe('built-in platform mappings', () => {
  it('has one valid mapping per platform and record kind', () => {
    const names = platformShapes.flatMap((s) => ['customers', 'products', 'order_lines', 'events'].map((k) => `${s.platform}-${k}`));
    expect(builtInMappings()).toEqual(expect.arrayContaining(names));
    for (const name of names) expect(loadMapping(name).name).toBe(name);
  });

  it('says what the writer writes: columns, time zone, date format, currency, phone region, words', () => {
    for (const shape of platformShapes) {
      for (const file of [shape.customers, shape.products, shape.orderLines, shape.events]) {
        const mapping = loadMapping(`${shape.platform}-${file.kind}`);
        expect({ name: mapping.name, format: mapping.format, columns: mapping.columns, ...pickRead(mapping) }).toEqual({
          name: mapping.name,
          format: file.format,
          columns: file.columns,
          ...file.read,
        });
        if (file.kind === 'order_lines') expect(mapping.statuses).toEqual(statusTable(shape));
        if (file.kind === 'events') expect(mapping.eventTypes).toEqual(eventTable(shape));
      }
    }
  });

  it('names only columns that are in every file it reads (CSV header, NDJSON keys on every line)', () => {
    for (const f of files) {
      const columns = Object.values(f.mapping.columns);
      if (f.header) {
        expect(columns.filter((c) => !f.header!.includes(c)), f.path).toEqual([]);
      } else {
        const absent = f.lines.flatMap((l) => Object.keys(f.mapping.columns).filter((field) => l.get(field) === undefined).map((field) => `${l.line}:${field}`));
        expect(absent, f.path).toEqual([]);
      }
    }
  });

  it('differ between platforms, as real exports do', () => {
    const customerHeaders = files.filter((f) => f.shape.kind === 'customers').map((f) => f.header!.join(','));
    expect(new Set(customerHeaders).size).toBe(3);
    expect(new Set(files.filter((f) => f.shape.kind === 'order_lines').map((f) => f.mapping.columns.order_id)).size).toBe(3);
    expect(new Set(files.filter((f) => f.shape.kind === 'customers').map((f) => f.mapping.dateFormat))).toEqual(new Set(['iso', 'dmy']));
  });
});

function pickRead(m: Mapping) {
  return {
    timeZone: m.timeZone,
    dateFormat: m.dateFormat,
    ...(m.currency ? { currency: m.currency } : {}),
    ...(m.phoneRegion ? { phoneRegion: m.phoneRegion } : {}),
  };
}

describe('truth: every problem labelled is in the file, and every problem in the file is labelled', () => {
  it('counts every kind, and turns up every kind at these rates', () => {
    expect(Object.keys(truth.totals).sort()).toEqual([...problemKinds].sort());
    for (const kind of problemKinds) {
      expect(truth.totals[kind], kind).toBe(truth.problems.filter((p) => p.kind === kind).length);
      expect(truth.totals[kind], kind).toBeGreaterThan(0);
    }
    for (const f of files) expect(truth.files[f.path]?.lines, f.path).toBe(f.lines.length + (f.header ? 1 : 0));
  });

  it('labels exactly the lines identical to an earlier line, and points at that line', () => {
    const byFile = new Map(files.map((f) => [f.path, f]));
    const actual: string[] = [];
    for (const f of files) {
      const first = new Map<string, number>();
      for (const l of f.lines) {
        if (first.has(l.text)) actual.push(keyOf(f.path, l.line, null));
        else first.set(l.text, l.line);
      }
    }
    expect(labelled('exact_duplicate_row')).toEqual(actual.sort());
    for (const p of truth.problems.filter((q) => q.kind === 'exact_duplicate_row')) {
      const lines = byFile.get(p.file)!.lines;
      const at = (n: number) => lines.find((l) => l.line === n)!.text;
      expect(at(p.line)).toBe(at(p.duplicateOf!));
      expect(p.duplicateOf!).toBeLessThan(p.line);
    }
  });

  it('labels exactly the required fields left empty', () => {
    const actual = files.flatMap((f) =>
      f.lines.flatMap((l) => canonicalFields[f.shape.kind].required.filter((field) => isEmpty(l.get(field))).map((field) => keyOf(f.path, l.line, field))),
    );
    expect(labelled('missing_required_field')).toEqual(actual.sort());
  });

  it('labels exactly the emails that normalize to a clean address, and those that cannot', () => {
    const clean = /^[a-z0-9._%+'-]+@example\.(com|org|net)$/;
    const normalized = (v: string) => v.normalize('NFKC').toLowerCase().replace(/\s+/g, '');
    const broken = (v: Value) => !isEmpty(v) && !clean.test(v!);
    expect(labelled('malformed_email_fixable')).toEqual(found(['customers', 'order_lines'], ['email'], (v) => broken(v) && clean.test(normalized(v!))));
    expect(labelled('malformed_email_unfixable')).toEqual(found(['customers', 'order_lines'], ['email'], (v) => broken(v) && !clean.test(normalized(v!))));
    for (const p of truth.problems.filter((q) => q.kind === 'malformed_email_fixable')) {
      const line = files.find((f) => f.path === p.file)!.lines.find((l) => l.line === p.line)!;
      expect(normalized(line.get('email')!)).toBe(p.expected);
    }
  });

  it('labels exactly the phones with letters or too few digits', () => {
    const malformed = (v: Value) => {
      if (isEmpty(v)) return false;
      const text = v!.normalize('NFKC');
      return /[a-z]/i.test(text) || text.replace(/\D/g, '').length < 7;
    };
    expect(labelled('malformed_phone')).toEqual(found(['customers', 'order_lines'], ['phone'], malformed));
  });

  it('labels exactly the full-width letters and digits, and NFKC gives back the clean text', () => {
    const everyField = [...new Set(Object.values(canonicalFields).flatMap((k) => [...k.required, ...k.optional]))];
    expect(labelled('fullwidth_text')).toEqual(found(['customers', 'products', 'order_lines', 'events'], everyField, (v) => !isEmpty(v) && fullwidthAlnum.test(v!)));
    for (const p of truth.problems.filter((q) => q.kind === 'fullwidth_text')) {
      const line = files.find((f) => f.path === p.file)!.lines.find((l) => l.line === p.line)!;
      expect(line.get(p.field!)!.normalize('NFKC')).toBe(p.expected!.normalize('NFKC'));
    }
  });

  it('labels exactly the birth years before 1900', () => {
    const year = (v: string) => Number(/(\d{4})/.exec(v)?.[1]);
    expect(labelled('out_of_range_birth_year')).toEqual(found(['customers'], ['birth_date'], (v) => !isEmpty(v) && year(v!) < 1900));
  });

  it('labels exactly the quantities of zero or less, none of them on a cancelled order', () => {
    expect(labelled('out_of_range_quantity')).toEqual(found(['order_lines'], ['quantity'], (v) => !isEmpty(v) && Number(v) <= 0));
    for (const p of truth.problems.filter((q) => q.kind === 'out_of_range_quantity')) {
      const f = files.find((file) => file.path === p.file)!;
      const status = f.lines.find((l) => l.line === p.line)!.get('status')!;
      expect(f.mapping.statuses?.[status]).not.toBe('cancelled');
    }
  });

  it('labels exactly the prices of zero or less', () => {
    expect(labelled('non_positive_price')).toEqual(found(['order_lines', 'products'], ['unit_price', 'price'], (v) => !isEmpty(v) && Number(v) <= 0));
  });

  it('labels exactly the orders dated after the end of the data', () => {
    const offsetMs = (f: ReadFile) => (f.mapping.timeZone === 'Asia/Shanghai' ? 8 * 3_600_000 : 0);
    const instant = (v: string, f: ReadFile) => {
      if (f.mapping.dateFormat === 'dmy') {
        const [, d, m, y, hh, mm] = /^(\d{2})\/(\d{2})\/(\d{4}) (\d{2}):(\d{2})$/.exec(v)!.map(Number) as number[];
        return Date.UTC(y!, m! - 1, d!, hh!, mm!) - offsetMs(f);
      }
      return /[+-]\d{2}:\d{2}$|Z$/.test(v) ? Date.parse(v) : Date.parse(`${v.replace(' ', 'T')}Z`) - offsetMs(f);
    };
    expect(labelled('future_date')).toEqual(found(['order_lines'], ['ordered_at'], (v, f) => instant(v!, f) > until.getTime()));
  });

  it('labels exactly the status and event words the mapping does not list', () => {
    expect(labelled('unknown_status')).toEqual(found(['order_lines'], ['status'], (v, f) => !(v! in (f.mapping.statuses ?? {}))));
    expect(labelled('unknown_event_type')).toEqual(found(['events'], ['type'], (v, f) => !(v! in (f.mapping.eventTypes ?? {}))));
  });
});

describe('truth: who and what every record is', () => {
  it('names every customer record once, at its line (exact duplicate copies aside)', () => {
    const copies = new Set(truth.problems.filter((p) => p.kind === 'exact_duplicate_row').map((p) => `${p.file}:${p.line}`));
    const actual = files
      .filter((f) => f.shape.kind === 'customers')
      .flatMap((f) => f.lines.filter((l) => !copies.has(`${f.path}:${l.line}`)).map((l) => `${f.platform}:${l.get('customer_id')}:${l.line}`));
    expect(truth.customers.map((c) => `${c.platform}:${c.customerId}:${c.line}`).sort()).toEqual(actual.sort());
  });

  it('names every product listing once, at its line, with its sku', () => {
    const copies = new Set(truth.problems.filter((p) => p.kind === 'exact_duplicate_row').map((p) => `${p.file}:${p.line}`));
    const actual = files
      .filter((f) => f.shape.kind === 'products')
      .flatMap((f) => f.lines.filter((l) => !copies.has(`${f.path}:${l.line}`)).map((l) => `${f.platform}:${l.get('product_id')}:${l.line}`));
    expect(truth.products.map((p) => `${p.platform}:${p.productId}:${p.line}`).sort()).toEqual(actual.sort());
    // One label per true category on each platform, and no two platforms with the same label.
    const labels = new Map<string, Set<string>>();
    for (const p of truth.products) {
      const label = files.find((f) => f.path === `${p.platform}/products.csv`)!.lines.find((l) => l.line === p.line)!.get('category')!;
      labels.set(`${p.platform}:${p.category}`, (labels.get(`${p.platform}:${p.category}`) ?? new Set()).add(label));
    }
    expect([...labels.values()].filter((s) => s.size !== 1)).toEqual([]);
    const allLabels = [...labels.values()].map((s) => [...s][0]);
    expect(new Set(allLabels).size).toBe(allLabels.length);

    const shopify = files.find((f) => f.path === 'shopify/products.csv')!;
    const skuAt = new Map(shopify.lines.map((l) => [l.line, l.get('sku')]));
    for (const p of truth.products.filter((q) => q.platform === 'shopify')) expect(skuAt.get(p.line)).toBe(p.sku);
  });

  it('counts duplicates as the truth maps show them: per person and platform, and across platforms', () => {
    const perPlatform = new Map<string, number>();
    const platformsOf = new Map<number, Set<string>>();
    for (const c of truth.customers) {
      perPlatform.set(`${c.person}:${c.platform}`, (perPlatform.get(`${c.person}:${c.platform}`) ?? 0) + 1);
      platformsOf.set(c.person, (platformsOf.get(c.person) ?? new Set()).add(c.platform));
    }
    const sum = (values: Iterable<number>) => [...values].reduce((s, n) => s + n, 0);
    expect(truth.totals.duplicate_customer_within_platform).toBe(sum([...perPlatform.values()].map((n) => n - 1)));
    expect(truth.totals.duplicate_customer_across_platforms).toBe(sum([...platformsOf.values()].map((s) => s.size - 1)));

    const perListing = new Map<string, number>();
    for (const p of truth.products) perListing.set(`${p.product}:${p.platform}`, (perListing.get(`${p.product}:${p.platform}`) ?? 0) + 1);
    expect(truth.totals.duplicate_product_within_platform).toBe(sum([...perListing.values()].map((n) => n - 1)));
  });

  it('points every duplicate at a record of the same person or product', () => {
    const person = new Map(truth.customers.map((c) => [`${c.platform}:${c.customerId}`, c.person]));
    const product = new Map(truth.products.map((p) => [`${p.platform}:${p.productId}`, p.product]));
    for (const p of truth.problems.filter((q) => q.kind.startsWith('duplicate_customer'))) {
      expect(person.get(`${p.sameAs!.platform}:${p.sameAs!.id}`)).toBe(p.person);
      expect(p.kind === 'duplicate_customer_within_platform' ? p.sameAs!.platform === p.platform : p.sameAs!.platform !== p.platform).toBe(true);
    }
    for (const p of truth.problems.filter((q) => q.kind === 'duplicate_product_within_platform')) {
      expect(product.get(`${p.sameAs!.platform}:${p.sameAs!.id}`)).toBe(p.product);
    }
  });

  it('has every order line and event refer to a customer record and a listing of its platform', () => {
    const customers = new Set(truth.customers.map((c) => `${c.platform}:${c.customerId}`));
    const products = new Set(truth.products.map((p) => `${p.platform}:${p.productId}`));
    for (const f of files.filter((file) => file.shape.kind === 'order_lines' || file.shape.kind === 'events')) {
      const strays = f.lines.flatMap((l) => {
        const customer = l.get('customer_id');
        const product = l.get('product_id');
        return [
          ...(isEmpty(customer) || customers.has(`${f.platform}:${customer}`) ? [] : [`${l.line}: customer ${customer}`]),
          ...(isEmpty(product) || products.has(`${f.platform}:${product}`) ? [] : [`${l.line}: product ${product}`]),
        ];
      });
      expect(strays, f.path).toEqual([]);
    }
  });
});

describe('privacy of the demo', () => {
  it('writes no email outside the domains reserved for examples', () => {
    const outside: string[] = [];
    for (const f of files) {
      for (const l of f.lines) {
        for (const [, domain] of l.text.normalize('NFKC').matchAll(/@+([^\s",@}]*)/g)) {
          if (domain !== '' && !/^example\.(com|org|net)$/i.test(domain!)) outside.push(`${f.path}:${l.line}: ${domain}`);
        }
      }
      for (const l of f.lines) {
        const email = l.get('email');
        // An address that lost its @ still ends in a reserved domain.
        if (!isEmpty(email) && !email!.includes('@') && !email!.normalize('NFKC').includes('@') && !/example\.(com|org|net)$/i.test(email!.trim())) {
          outside.push(`${f.path}:${l.line}: ${email}`);
        }
      }
    }
    expect(outside).toEqual([]);
  });
});
