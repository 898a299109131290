/**
 * Customers: one golden record per person, and the platform identities merged into it.
 *
 * Personal fields (email, phone, name, street address) exist only as AES-256-GCM ciphertext
 * (`*_enc`) plus, for exact lookup, an HMAC-SHA256 blind index (`*_idx`). Nothing here may ever
 * hold them in clear; see src/privacy/crypto.ts.
 */
import { sql } from 'drizzle-orm';
import { bigint, boolean, check, index, integer, pgTable, text, timestamp, unique } from 'drizzle-orm/pg-core';
import { literalList } from './constraints.ts';

export const genders = ['female', 'male'] as const;
export type Gender = (typeof genders)[number];
/** ISO 3166-1 alpha-2, as normalize stores every country it recognizes (others are dropped). */
export const countryCodePattern = '^[A-Z]{2}$';

export const customers = pgTable(
  'customers',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    city: text('city'),
    region: text('region'),
    country: text('country'),
    gender: text('gender', { enum: genders }),
    birthYear: integer('birth_year'),
    signupAt: timestamp('signup_at', { withTimezone: true }),
    signupPlatform: text('signup_platform'),
    postcode: text('postcode'),
    marketingConsent: boolean('marketing_consent').notNull().default(false),
    emailEnc: text('email_enc'),
    emailIdx: text('email_idx'),
    phoneEnc: text('phone_enc'),
    phoneIdx: text('phone_idx'),
    nameEnc: text('name_enc'),
    addressEnc: text('address_enc'),
    erasedAt: timestamp('erased_at', { withTimezone: true }),
  },
  (t) => [
    index('customers_email_idx').on(t.emailIdx),
    index('customers_phone_idx').on(t.phoneIdx),
    index('customers_city').on(t.city),
    // What ingest writes anyway (normalize drops other values); as constraints they let the
    // quality suite prove its country and gender checks without reading a row (quality/proven.ts).
    check('customers_country_check', sql`${t.country} ~ ${literalList([countryCodePattern])}`),
    check('customers_gender_check', sql`${t.gender} in (${literalList(genders)})`),
  ],
);

export const customerIdentities = pgTable(
  'customer_identities',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    customerId: bigint('customer_id', { mode: 'number' })
      .notNull()
      .references(() => customers.id),
    platform: text('platform').notNull(),
    platformCustomerId: text('platform_customer_id').notNull(),
  },
  (t) => [unique('customer_identities_platform_key').on(t.platform, t.platformCustomerId), index('customer_identities_customer').on(t.customerId)],
);
