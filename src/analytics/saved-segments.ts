/**
 * Custom segments: the filters of a question, saved under a name ("save this as 上海护肤高价值客户")
 * and reused in later questions by that name ("上海护肤高价值客户的销售额", "list 上海护肤高价值客户").
 *
 * A saved name is understood as a value of the `segment` dimension (the lexicon loads them with
 * the store's values), and `expandSavedSegments` replaces it by its filters before a query is
 * validated, so the compiler only ever sees catalog filters. Definitions are stored expanded: a
 * segment saved from a question that used another saved segment does not depend on it.
 */
import { asc, sql } from 'drizzle-orm';
import type { Store } from '../db/client.ts';
import { rfmSegments, savedSegments } from '../db/schema/index.ts';
import { PrecisError } from '../errors.ts';
import { Filter, type QuerySpec } from '../query/dsl.ts';
import { z } from 'zod';

export const SavedDefinition = z.object({ filters: z.array(Filter).min(1).max(10) });
export type SavedDefinition = z.infer<typeof SavedDefinition>;

export interface SavedSegment {
  name: string;
  filters: Filter[];
}

/** Names are what people typed, trimmed; short enough for a button and never an RFM segment id. */
export function cleanSegmentName(text: string): string {
  const name = text.normalize('NFKC').trim().replace(/^["“「'‘]+|["”」'’。.!！?？]+$/gu, '').replace(/\s+/g, ' ').trim();
  if (name.length < 2 || name.length > 60) throw new PrecisError('input_invalid', { detail: 'A segment name needs 2 to 60 characters.' });
  if (/[\p{Cc}]/u.test(name)) throw new PrecisError('input_invalid', { detail: 'A segment name cannot contain control characters.' });
  if ((rfmSegments as readonly string[]).includes(name.toLowerCase())) throw new PrecisError('input_invalid', { detail: `"${name}" is already the name of an RFM segment.` });
  return name;
}

export async function listSavedSegments(store: Store): Promise<SavedSegment[]> {
  const rows = await store.db.select().from(savedSegments).orderBy(asc(savedSegments.name));
  // A definition that no longer validates (an older DSL) is left out rather than half-applied.
  return rows.flatMap((r) => {
    const parsed = SavedDefinition.safeParse(r.definition);
    return parsed.success ? [{ name: r.name, filters: parsed.data.filters }] : [];
  });
}

/** Replaces saved names in segment filters by their filters; RFM segment values stay as they are. */
export function expandSavedSegments(query: QuerySpec, saved: readonly SavedSegment[]): { query: QuerySpec; used: SavedSegment[] } {
  const byName = new Map(saved.map((s) => [s.name.toLowerCase(), s]));
  const used: SavedSegment[] = [];
  const filters: Filter[] = [];
  for (const f of query.filters) {
    const named = f.dimension === 'segment' ? f.values.flatMap((v) => byName.get(v.toLowerCase()) ?? []) : [];
    if (named.length === 0) {
      filters.push(f);
      continue;
    }
    const rest = f.values.filter((v) => !byName.has(v.toLowerCase()));
    if (rest.length > 0) filters.push({ dimension: 'segment', values: rest });
    for (const s of named) {
      used.push(s);
      filters.push(...s.filters);
    }
  }
  return { query: { ...query, filters }, used };
}

/**
 * Saves the filters of `query` (expanded) under `name`, replacing an older definition of that
 * name. Returns what was stored.
 */
export async function saveSegment(store: Store, name: string, query: QuerySpec, by: string, now: Date): Promise<SavedSegment> {
  const clean = cleanSegmentName(name);
  const { filters } = expandSavedSegments(query, await listSavedSegments(store)).query;
  if (filters.length === 0) throw new PrecisError('input_invalid', { detail: 'That question has no filters to save: ask about a group of customers first (a city, a category, a segment…).' });
  const definition: SavedDefinition = { filters };
  await store.db
    .insert(savedSegments)
    .values({ name: clean, definition, createdBy: by, createdAt: now })
    .onConflictDoUpdate({ target: savedSegments.name, set: { definition, createdBy: by, createdAt: sql`excluded.created_at` } });
  return { name: clean, filters };
}
