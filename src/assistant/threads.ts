/** The last query of each conversation, in the store so any replica can take the next message. */
import { eq, sql } from 'drizzle-orm';
import type { Store } from '../db/client.ts';
import { threads } from '../db/schema/index.ts';
import { QuerySpec } from '../query/dsl.ts';

export async function lastQuery(store: Store, threadId: string): Promise<QuerySpec | undefined> {
  const [row] = await store.db.select({ query: threads.query }).from(threads).where(eq(threads.id, threadId));
  // A stored query from an older DSL that no longer validates is simply not followed up.
  const parsed = row ? QuerySpec.safeParse(row.query) : undefined;
  return parsed?.success ? parsed.data : undefined;
}

export async function rememberQuery(store: Store, threadId: string, actor: string, query: QuerySpec): Promise<void> {
  await store.db
    .insert(threads)
    .values({ id: threadId, actor, query })
    .onConflictDoUpdate({ target: threads.id, set: { query, actor, updatedAt: sql`now()` } });
}
