/**
 * What the Slack door reads and writes in the store, behind one small port so listeners never
 * touch the database: event ids already taken, feedback, and a person's own recent questions.
 * Recent questions come from the audit log, filtered by the asker's own id: nobody sees
 * another person's questions, and the text there was already masked by the core.
 */
import { and, desc, eq, lt } from 'drizzle-orm';
import type { Store } from '../db/client.ts';
import { auditLog, feedback, slackEvents, type FeedbackVote } from '../db/schema/index.ts';
import type { QuerySpec } from '../query/dsl.ts';

export interface FeedbackEntry {
  userId: string;
  channel: string;
  messageTs: string;
  query: QuerySpec | undefined;
  vote: FeedbackVote;
  reason?: string;
}

export interface RecentQuestion {
  at: Date;
  question: string;
}

export interface SlackStore {
  /** True the first time `eventId` is seen; false for Slack's retries of it. */
  firstDelivery(eventId: string, now: Date): Promise<boolean>;
  /** Stores a vote; returns its id, so a reason given afterwards can be added to it. */
  recordFeedback(entry: FeedbackEntry, now: Date): Promise<number>;
  /** Adds the voter's reason to their vote (only the voter's own); false when there is no such vote. */
  addFeedbackReason(id: number, userId: string, reason: string): Promise<boolean>;
  recentQuestions(userId: string, limit: number): Promise<RecentQuestion[]>;
}

/** Slack gives up retrying within the hour; a day of event ids is plenty. */
const KEEP_EVENTS_MS = 86_400_000;
const PRUNE_EVERY_MS = 3_600_000;

export function createSlackStore(store: Store): SlackStore {
  let prunedAt = 0;
  return {
    async firstDelivery(eventId, now) {
      if (now.getTime() - prunedAt > PRUNE_EVERY_MS) {
        prunedAt = now.getTime();
        await store.db.delete(slackEvents).where(lt(slackEvents.receivedAt, new Date(now.getTime() - KEEP_EVENTS_MS)));
      }
      const inserted = await store.db
        .insert(slackEvents)
        .values({ eventId, receivedAt: now })
        .onConflictDoNothing({ target: slackEvents.eventId })
        .returning({ eventId: slackEvents.eventId });
      return inserted.length === 1;
    },

    async recordFeedback(entry, now) {
      const [row] = await store.db
        .insert(feedback)
        .values({ ...entry, query: entry.query ?? null, reason: entry.reason ?? null, createdAt: now })
        .returning({ id: feedback.id });
      return row!.id;
    },

    async addFeedbackReason(id, userId, reason) {
      const updated = await store.db
        .update(feedback)
        .set({ reason })
        .where(and(eq(feedback.id, id), eq(feedback.userId, userId)))
        .returning({ id: feedback.id });
      return updated.length > 0;
    },

    async recentQuestions(userId, limit) {
      const rows = await store.db
        .select({ at: auditLog.at, detail: auditLog.detail })
        .from(auditLog)
        .where(and(eq(auditLog.actor, userId), eq(auditLog.action, 'question')))
        .orderBy(desc(auditLog.id))
        .limit(limit);
      return rows.flatMap(({ at, detail }) => {
        const { question } = detail as { question?: unknown };
        return typeof question === 'string' ? [{ at, question }] : [];
      });
    },
  };
}
