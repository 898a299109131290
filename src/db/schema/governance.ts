/** Who may do what (roles), what was done (audit_log), and store-wide settings (precis_meta). */
import { bigint, index, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

export const roleNames = ['viewer', 'marketer', 'manager', 'admin'] as const;
export type RoleName = (typeof roleNames)[number];

export const roles = pgTable('roles', {
  /** Slack user id (or a local operator name for the CLI). */
  userId: text('user_id').primaryKey(),
  role: text('role', { enum: roleNames }).notNull(),
  grantedBy: text('granted_by').notNull(),
  grantedAt: timestamp('granted_at', { withTimezone: true }).notNull().defaultNow(),
  expiresAt: timestamp('expires_at', { withTimezone: true }),
});

/**
 * Append-only, hash-chained log: each row's hash covers the previous row's hash, so any edit or
 * deletion breaks the chain. `detail` never holds personal data in clear.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    actor: text('actor').notNull(),
    action: text('action').notNull(),
    detail: jsonb('detail').notNull(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [index('audit_log_actor').on(t.actor), index('audit_log_at').on(t.at)],
);

/** Small key/value facts about the store, e.g. the fingerprint of the data key that encrypted it. */
export const precisMeta = pgTable('precis_meta', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
