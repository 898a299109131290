/**
 * Stage 2: a source row → the mapping's canonical fields, checked with a zod schema per record
 * kind: every required field present. Problems become quarantine reasons ("missing:order_id"),
 * all of them at once, so a fixer sees everything wrong with a row in one look.
 */
import { z } from 'zod';
import type { Mapping } from './mapping.ts';
import type { SourceRow } from './parse.ts';
import { canonicalFields, type MappedRow, type RecordKind } from './records.ts';

const present = z.string().trim().min(1);

/** The schema of a kind, derived from its field list in records.ts. */
const schemaOf = (kind: RecordKind) => z.looseObject(Object.fromEntries(canonicalFields[kind].required.map((f) => [f, present])));

const rowSchemas: Record<RecordKind, z.ZodType> = {
  customers: schemaOf('customers'),
  products: schemaOf('products'),
  order_lines: schemaOf('order_lines'),
  events: schemaOf('events'),
};

/** Canonical field → the source's text; empty cells count as absent. */
export function mapRow(row: SourceRow, mapping: Mapping): MappedRow {
  const mapped: MappedRow = {};
  for (const [field, column] of Object.entries(mapping.columns)) {
    const value = row.fields?.[column];
    if (value !== undefined && value.trim() !== '') mapped[field] = value;
  }
  return mapped;
}

export type Validated = { ok: true; mapped: MappedRow } | { ok: false; reasons: string[] };

export function validateRow(row: SourceRow, mapping: Mapping): Validated {
  if (row.problem) return { ok: false, reasons: [row.problem] };
  const mapped = mapRow(row, mapping);
  const parsed = rowSchemas[mapping.kind].safeParse(mapped);
  if (parsed.success) return { ok: true, mapped };
  const missing = new Set(parsed.error.issues.map((i) => `missing:${String(i.path[0])}`));
  return { ok: false, reasons: [...missing] };
}
