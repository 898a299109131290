/**
 * Puts labelled problems into records as they are written: at most one broken value per line,
 * drawn per record at the configured rates, plus the record-level labels (a duplicate customer
 * or listing). Each function returns the platform's row and the problems it carries; a problem
 * that does not apply to the record (no email to break) is simply not made.
 */
import type { Random } from '../random.ts';
import { money } from './formats.ts';
import type { Account, EventRecord, Listing, OrderLine } from './model.ts';
import type { FileInfo, Json, PlatformShape, Row } from './platforms/shape.ts';
import type { DirtyRates } from './rates.ts';
import { getPath, setPath } from './sheet.ts';
import { fixableEmail, hasAsciiAlnum, malformedPhone, toFullwidth, unfixableEmail } from './text.ts';
import type { ProblemDraft, ProblemKind } from './truth.ts';

const DAY_MS = 86_400_000;

export interface Dirtied {
  row: Row;
  problems: ProblemDraft[];
}

/** One draw, whatever comes out: which kind (or none) hits this record. */
function drawKind<K extends string>(rng: Random, options: readonly (readonly [K, number])[]): K | null {
  let r = rng.next();
  for (const [kind, rate] of options) {
    if (r < rate) return kind;
    r -= rate;
  }
  return null;
}

const columnOf = (shape: FileInfo, field: string): string => {
  const column = shape.columns[field];
  if (column === undefined) throw new Error(`dirty demo: ${shape.file} has no column for ${field}`);
  return column;
};

/** A problem with a field: where it is, and what it holds. */
function fieldProblem(shape: FileInfo, kind: ProblemKind, field: string, extra: Partial<ProblemDraft> = {}): ProblemDraft {
  return { kind, field, column: columnOf(shape, field), ...extra };
}

const text = (value: Json | undefined) => (typeof value === 'string' ? value : value === null || value === undefined ? '' : String(value));

export function dirtyCustomer(shape: PlatformShape, account: Account, rng: Random, rates: DirtyRates): Dirtied {
  const file: FileInfo = shape.customers;
  const problems: ProblemDraft[] = [];
  if (account.role !== 'primary') {
    problems.push({
      kind: account.role === 'duplicate' ? 'duplicate_customer_within_platform' : 'duplicate_customer_across_platforms',
      field: null,
      column: null,
      person: account.person,
      ...(account.sameAs ? { sameAs: account.sameAs } : {}),
      variations: account.variations,
    });
  }
  const kind = drawKind(rng, [
    ['malformed_email_fixable', rates.malformedEmailFixable],
    ['malformed_email_unfixable', rates.malformedEmailUnfixable],
    ['malformed_phone', rates.malformedPhone],
    ['out_of_range_birth_year', rates.outOfRangeBirthYear],
    ['fullwidth_text', rates.fullwidthText],
  ] as const);

  // A birth year is written by the shape, so it is changed before the row is made: a slip in
  // the century digit (1988 → 1888, 2003 → 1003).
  const tooOld = kind === 'out_of_range_birth_year' && account.birth !== null && 'birth_date' in file.columns;
  const slipped = (year: number) => (year < 2000 ? year - 100 : year - 1000);
  const written = tooOld ? { ...account, birth: { ...account.birth!, year: slipped(account.birth!.year) } } : account;
  const row = shape.customers.row(written, rng);
  if (tooOld) problems.push(fieldProblem(file, 'out_of_range_birth_year', 'birth_date', { value: written.birth!.year }));

  if ((kind === 'malformed_email_fixable' || kind === 'malformed_email_unfixable') && account.email !== null) {
    const column = columnOf(file, 'email');
    if (kind === 'malformed_email_fixable') {
      const { value, variant } = fixableEmail(rng, account.email);
      setPath(row, column, value);
      problems.push(fieldProblem(file, kind, 'email', { variant, expected: account.email }));
    } else {
      const { value, variant } = unfixableEmail(rng, account.email);
      setPath(row, column, value);
      problems.push(fieldProblem(file, kind, 'email', { variant, value }));
    }
  }
  if (kind === 'malformed_phone') {
    const column = columnOf(file, 'phone');
    const phone = text(getPath(row, column));
    if (phone !== '') {
      const { value, variant } = malformedPhone(rng, phone);
      setPath(row, column, value);
      problems.push(fieldProblem(file, kind, 'phone', { variant, value }));
    }
  }
  if (kind === 'fullwidth_text') {
    const field = rng.shuffle(shape.fullwidthCustomerFields).find((f) => hasAsciiAlnum(text(getPath(row, columnOf(file, f)))));
    if (field !== undefined) {
      const column = columnOf(file, field);
      const clean = text(getPath(row, column));
      setPath(row, column, toFullwidth(clean));
      problems.push(fieldProblem(file, kind, field, { expected: clean }));
    }
  }
  return { row, problems };
}

export function dirtyListing(shape: PlatformShape, listing: Listing, rng: Random, rates: DirtyRates): Dirtied {
  const file: FileInfo = shape.products;
  const problems: ProblemDraft[] = [];
  if (listing.sameAs !== null) {
    problems.push({
      kind: 'duplicate_product_within_platform',
      field: null,
      column: null,
      product: listing.product,
      sameAs: { platform: listing.platform, id: listing.sameAs },
    });
  }
  const row = shape.products.row(listing, rng);
  const kind = drawKind(rng, [
    ['fullwidth_text', rates.fullwidthText],
    ['non_positive_price', rates.nonPositivePrice],
    ['missing_required_field', rates.missingRequiredField],
  ] as const);
  const titleColumn = columnOf(file, 'title');
  const title = text(getPath(row, titleColumn));
  if (kind === 'fullwidth_text') {
    setPath(row, titleColumn, toFullwidth(title));
    problems.push(fieldProblem(file, kind, 'title', { expected: title }));
  } else if (kind === 'non_positive_price') {
    const value = rng.chance(0.5) ? money(0) : money(-listing.priceMinor);
    setPath(row, columnOf(file, 'price'), value);
    problems.push(fieldProblem(file, kind, 'price', { value }));
  } else if (kind === 'missing_required_field') {
    setPath(row, titleColumn, file.empty);
    problems.push(fieldProblem(file, kind, 'title'));
  }
  return { row, problems };
}

/**
 * The lines of one order. An order-wide problem (a date after `until`, a status word nobody
 * maps) is on every line; otherwise each line may get its own (a missing id or quantity, a
 * quantity of zero or less, a price of zero or less).
 */
export function dirtyOrder(shape: PlatformShape, lines: readonly OrderLine[], rng: Random, rates: DirtyRates, until: number): Dirtied[] {
  const file: FileInfo = shape.orderLines;
  const orderKind = drawKind(rng, [
    ['future_date', rates.futureDate],
    ['unknown_status', rates.unknownStatus],
  ] as const);
  const futureAt = until + rng.int(1, 400) * DAY_MS + rng.int(0, DAY_MS - 1);
  const unknownWord = rng.pick(shape.unknownStatusWords);

  return lines.map((clean) => {
    const line: OrderLine =
      orderKind === 'future_date' ? { ...clean, orderedAt: futureAt } : orderKind === 'unknown_status' ? { ...clean, statusWord: unknownWord } : clean;
    const row = shape.orderLines.row(line, rng);
    const problems: ProblemDraft[] = [];
    if (orderKind === 'future_date') {
      problems.push(fieldProblem(file, orderKind, 'ordered_at', { value: text(getPath(row, columnOf(file, 'ordered_at'))) }));
    } else if (orderKind === 'unknown_status') {
      problems.push(fieldProblem(file, orderKind, 'status', { value: unknownWord }));
    }
    const lineKind = drawKind(rng, [
      ['missing_required_field', rates.missingRequiredField],
      ['out_of_range_quantity', clean.status === 'cancelled' ? 0 : rates.outOfRangeQuantity],
      ['non_positive_price', rates.nonPositivePrice],
    ] as const);
    if (orderKind !== null || lineKind === null) return { row, problems };

    if (lineKind === 'missing_required_field') {
      const field = rng.pick(['order_id', 'product_id', 'quantity'] as const);
      setPath(row, columnOf(file, field), file.empty);
      problems.push(fieldProblem(file, lineKind, field));
    } else if (lineKind === 'out_of_range_quantity') {
      const value = rng.chance(0.5) ? 0 : -rng.int(1, 3);
      setPath(row, columnOf(file, 'quantity'), value);
      problems.push(fieldProblem(file, lineKind, 'quantity', { value }));
    } else {
      const value = rng.chance(0.5) ? money(0) : money(-clean.unitMinor);
      setPath(row, columnOf(file, 'unit_price'), value);
      problems.push(fieldProblem(file, lineKind, 'unit_price', { value }));
    }
    return { row, problems };
  });
}

export function dirtyEvent(shape: PlatformShape, event: EventRecord, rng: Random, rates: DirtyRates): Dirtied {
  const file: FileInfo = shape.events;
  const row = shape.events.row(event, rng);
  const problems: ProblemDraft[] = [];
  const kind = drawKind(rng, [
    ['missing_required_field', rates.missingRequiredField],
    ['unknown_event_type', rates.unknownEventType],
  ] as const);
  if (kind === 'missing_required_field') {
    setPath(row, columnOf(file, 'customer_id'), file.empty);
    problems.push(fieldProblem(file, kind, 'customer_id'));
  } else if (kind === 'unknown_event_type') {
    const value = rng.pick(shape.unknownEventWords);
    setPath(row, columnOf(file, 'type'), value);
    problems.push(fieldProblem(file, kind, 'type', { value }));
  }
  return { row, problems };
}
