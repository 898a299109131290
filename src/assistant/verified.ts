/**
 * Verified answers. An admin marks how a phrasing must be read (its current reading, or the
 * reading of another phrasing when it was read wrongly); that phrasing then skips the parsers,
 * and any answer running a verified query says so.
 */
import { eq, sql } from 'drizzle-orm';
import type { Store } from '../db/client.ts';
import { verifiedQueries } from '../db/schema/index.ts';
import { normalizeQuestion } from '../nl/rules.ts';
import { QuerySpec } from '../query/dsl.ts';

/** Two queries are the same when everything but the period's wording is equal. */
export function queryKey(query: QuerySpec): string {
  const { period, compare, ...rest } = query;
  return JSON.stringify({ ...rest, period: period && [period.start, period.end], compare: compare && [compare.kind, compare.period.start, compare.period.end] });
}

export async function verifiedQueryFor(store: Store, question: string): Promise<QuerySpec | undefined> {
  const [row] = await store.db.select({ query: verifiedQueries.query }).from(verifiedQueries).where(eq(verifiedQueries.phrasing, normalizeQuestion(question)));
  const parsed = row ? QuerySpec.safeParse(row.query) : undefined;
  return parsed?.success ? parsed.data : undefined;
}

export async function isVerified(store: Store, query: QuerySpec): Promise<boolean> {
  const key = queryKey(query);
  // Runs on every answer: read only the verified queries with the same metrics and breakdown.
  const rows = await store.db
    .select({ query: verifiedQueries.query })
    .from(verifiedQueries)
    .where(sql`${verifiedQueries.query}->'metrics' = ${JSON.stringify(query.metrics)}::jsonb and ${verifiedQueries.query}->'dimensions' = ${JSON.stringify(query.dimensions)}::jsonb`);
  return rows.some((r) => {
    const parsed = QuerySpec.safeParse(r.query);
    return parsed.success && queryKey(parsed.data) === key;
  });
}

export async function markVerified(store: Store, question: string, query: QuerySpec, admin: string): Promise<void> {
  const phrasing = normalizeQuestion(question);
  await store.db
    .insert(verifiedQueries)
    .values({ phrasing, query, verifiedBy: admin })
    .onConflictDoUpdate({ target: verifiedQueries.phrasing, set: { query, verifiedBy: admin, verifiedAt: new Date() } });
}
