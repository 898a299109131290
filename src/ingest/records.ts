/**
 * The canonical fields a source can be mapped to, per record kind. A mapping names, for each of
 * these, the source column that holds it; after mapping, every value is still the raw text of
 * the source (validation and normalization come next).
 */
import { z } from 'zod';

export const recordKinds = ['customers', 'products', 'order_lines', 'events'] as const;
export type RecordKind = (typeof recordKinds)[number];

/** Field names per kind; the first ones listed are required in every mapping of that kind. */
export const canonicalFields = {
  customers: {
    required: ['customer_id'],
    optional: ['email', 'phone', 'name', 'given_name', 'surname', 'address', 'street_number', 'address_2', 'city', 'region', 'country', 'postcode', 'gender', 'birth_date', 'signup_at', 'marketing_consent'],
  },
  products: {
    required: ['product_id', 'title'],
    optional: ['sku', 'barcode', 'brand', 'category', 'price', 'currency'],
  },
  order_lines: {
    required: ['order_id', 'ordered_at', 'product_id', 'quantity', 'unit_price'],
    // A line may carry the customer's id and country, and the product's title, as shop exports do.
    optional: ['customer_id', 'status', 'currency', 'line_total', 'title', 'sku', 'brand', 'category', 'country', 'email', 'phone'],
  },
  events: {
    required: ['customer_id', 'type', 'occurred_at'],
    optional: ['product_id'],
  },
} as const satisfies Record<RecordKind, { required: readonly string[]; optional: readonly string[] }>;

export type FieldOf<K extends RecordKind> = (typeof canonicalFields)[K]['required' | 'optional'][number];

/** A source row after mapping: canonical field → raw text (absent or '' when the source had none). */
export type MappedRow = Partial<Record<string, string>>;

export const allFieldsOf = (kind: RecordKind): readonly string[] => [...canonicalFields[kind].required, ...canonicalFields[kind].optional];

export const RecordKind = z.enum(recordKinds);
