/**
 * The review list: answers people marked 👎 (with their reason), newest first, each with the
 * query it ran in words and whether that query is verified — what an admin works through to
 * correct misreadings (`precis verify "<question>" --like "<phrasing>"`) and grow the question set.
 */
import { and, count, desc, eq, gte } from 'drizzle-orm';
import type { Store } from '../db/client.ts';
import { feedback, type FeedbackVote } from '../db/schema/index.ts';
import type { Lang } from '../messages/index.ts';
import { describeQuery } from '../nl/rules/clarify.ts';
import { QuerySpec } from '../query/dsl.ts';
import { isVerified } from './verified.ts';

export interface ReviewEntry {
  id: number;
  at: Date;
  vote: FeedbackVote;
  userId: string;
  /** What the voter said was wrong; null when they gave no reason. */
  reason: string | null;
  /** The answer's query in words; null for answers without a query (recommendations). */
  words: string | null;
  verified: boolean;
}

export interface ReviewList {
  entries: ReviewEntry[];
  /** Votes of each kind in the window, for the headline. */
  up: number;
  down: number;
}

export async function reviewList(store: Store, options: { lang: Lang; since?: Date; limit?: number; votes?: readonly FeedbackVote[] }): Promise<ReviewList> {
  const { lang, since, limit = 50, votes = ['down'] } = options;
  const window = since ? gte(feedback.createdAt, since) : undefined;
  const totals = await store.db.select({ vote: feedback.vote, n: count() }).from(feedback).where(window).groupBy(feedback.vote);
  const rows = await store.db
    .select()
    .from(feedback)
    .where(and(window, votes.length === 1 ? eq(feedback.vote, votes[0]!) : undefined))
    .orderBy(desc(feedback.createdAt), desc(feedback.id))
    .limit(limit);
  const entries: ReviewEntry[] = [];
  for (const r of rows) {
    const query = r.query === null ? undefined : QuerySpec.safeParse(r.query).data;
    entries.push({
      id: r.id, at: r.createdAt, vote: r.vote, userId: r.userId, reason: r.reason,
      words: query ? describeQuery(query, lang) : null,
      verified: query ? await isVerified(store, query) : false,
    });
  }
  const of = (vote: FeedbackVote) => totals.find((t) => t.vote === vote)?.n ?? 0;
  return { entries, up: of('up'), down: of('down') };
}
