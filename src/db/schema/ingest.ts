/** Ingest bookkeeping: one row per loaded file (batch), and every row that could not be loaded. */
import { bigint, boolean, char, doublePrecision, index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

export const batchStatuses = ['running', 'loaded'] as const;

export const ingestBatches = pgTable('ingest_batches', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
  platform: text('platform').notNull(),
  /** The file as given, for people; the checksum is what identifies it. */
  source: text('source').notNull(),
  kind: text('kind').notNull(),
  /** Built-in mapping name or mapping file path, so quarantined rows can be retried. */
  mapping: text('mapping').notNull(),
  /** CSV header of the file, so a quarantined CSV line can be read again on retry. */
  header: jsonb('header').$type<string[]>(),
  /** sha256 of the file's bytes: the same file twice is recognised and changes nothing. */
  checksum: text('checksum').notNull().unique(),
  status: text('status', { enum: batchStatuses }).notNull(),
  startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
  finishedAt: timestamp('finished_at', { withTimezone: true }),
  rowsRead: integer('rows_read').notNull().default(0),
  rowsLoaded: integer('rows_loaded').notNull().default(0),
  rowsMerged: integer('rows_merged').notNull().default(0),
  rowsQuarantined: integer('rows_quarantined').notNull().default(0),
  summary: jsonb('summary'),
});

export const quarantine = pgTable(
  'quarantine',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    batchId: bigint('batch_id', { mode: 'number' })
      .notNull()
      .references(() => ingestBatches.id),
    sourceLine: integer('source_line').notNull(),
    /** The raw row as read, encrypted with the data key (it may hold personal data); never logged. */
    raw: text('raw').notNull(),
    reasons: jsonb('reasons').$type<string[]>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
  },
  (t) => [index('quarantine_batch').on(t.batchId)],
);

/**
 * Every merge of a platform identity into a golden customer record, with its evidence: which
 * rule (email, phone, fuzzy), the score, and per field how it compared. Never holds clear values.
 */
export const identityLinks = pgTable(
  'identity_links',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    customerId: bigint('customer_id', { mode: 'number' }).notNull(),
    platform: text('platform').notNull(),
    platformCustomerId: text('platform_customer_id').notNull(),
    batchId: bigint('batch_id', { mode: 'number' }).references(() => ingestBatches.id),
    rule: text('rule').notNull(),
    score: doublePrecision('score'),
    evidence: jsonb('evidence'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('identity_links_customer').on(t.customerId)],
);

/*
 * Staging: a batch is first copied here (fast COPY: no constraints, no indexes, no WAL), then merged into the store
 * in one transaction. Rows carry their batch and source line; a batch's staging rows are
 * deleted when it is merged, and left-overs of a killed run are cleared when it is retried.
 */
const staged = {
  batchId: bigint('batch_id', { mode: 'number' }).notNull(),
  line: integer('line').notNull(),
};

export const stageCustomers = pgTable(
  'stage_customers',
  {
    ...staged,
    platformCustomerId: text('platform_customer_id').notNull(),
    /** The golden record this row resolves to; filled by identity resolution. */
    customerId: bigint('customer_id', { mode: 'number' }),
    emailEnc: text('email_enc'),
    emailIdx: text('email_idx'),
    phoneEnc: text('phone_enc'),
    phoneIdx: text('phone_idx'),
    nameEnc: text('name_enc'),
    addressEnc: text('address_enc'),
    city: text('city'),
    region: text('region'),
    country: text('country'),
    postcode: text('postcode'),
    gender: text('gender'),
    birthYear: integer('birth_year'),
    signupAt: timestamp('signup_at', { withTimezone: true }),
    marketingConsent: boolean('marketing_consent'),
    /** How many personal and profile fields the row has: the fullest row seeds a new golden record. */
    completeness: integer('completeness').notNull(),
    /** Why this row joined an existing or shared golden record (null: it starts a new one alone). */
    linkRule: text('link_rule'),
    linkScore: doublePrecision('link_score'),
    linkEvidence: jsonb('link_evidence'),
    /** The row as identity resolution compares it (encrypted JSON), so later chunks of the same batch can be compared with it. */
    matchEnc: text('match_enc'),
  },
);

export const stageProducts = pgTable(
  'stage_products',
  {
    ...staged,
    platformProductId: text('platform_product_id').notNull(),
    productId: bigint('product_id', { mode: 'number' }),
    sku: text('sku'),
    title: text('title').notNull(),
    brand: text('brand'),
    categoryLabel: text('category_label'),
    categoryId: integer('category_id'),
    priceMinor: bigint('price_minor', { mode: 'number' }),
    currency: char('currency', { length: 3 }),
  },
);

export const stageQuarantine = pgTable(
  'stage_quarantine',
  {
    batchId: bigint('batch_id', { mode: 'number' }).notNull(),
    line: integer('line').notNull(),
    raw: text('raw').notNull(),
    reasons: jsonb('reasons').$type<string[]>().notNull(),
  },
);
