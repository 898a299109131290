/**
 * What the Slack door keeps: the event ids it has already taken (so Slack's retries never give a
 * second answer) and the 👍/👎 people leave on answers, for review. Neither holds personal data:
 * user ids are Slack's, the query is the validated DSL object, never the question's text.
 */
import { bigint, index, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** Event ids taken from the Events API; rows older than a day are pruned (Slack retries within minutes). */
export const slackEvents = pgTable(
  'slack_events',
  {
    eventId: text('event_id').primaryKey(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('slack_events_received_at').on(t.receivedAt)],
);

export const feedbackVotes = ['up', 'down'] as const;
export type FeedbackVote = (typeof feedbackVotes)[number];

/** A vote on one answer message; the review list reads it newest first. */
export const feedback = pgTable(
  'feedback',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    userId: text('user_id').notNull(),
    channel: text('channel').notNull(),
    messageTs: text('message_ts').notNull(),
    /** The QuerySpec the answer ran, when there was one. */
    query: jsonb('query'),
    vote: text('vote', { enum: feedbackVotes }).notNull(),
    reason: text('reason'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('feedback_created_at').on(t.createdAt)],
);
