/**
 * The Shopify store's exports: English headers close to Shopify's own CSVs (First Name, Default
 * Address City, Variant SKU…), order lines as NDJSON shaped like the Admin API (customer and
 * line_item nested, financial_status paid/voided/refunded, an explicit currency), times as ISO
 * 8601 (orders with the store's +08:00 offset, customers in UTC with Z, events as UTC wall
 * clock without an offset), prices in US dollars, phones in E.164. Missing values are null in
 * NDJSON. The store keeps no birth dates or genders.
 */
import { isoUtc, isoWithOffset, localDateTime, money } from '../formats.ts';
import type { PlatformShape } from './shape.ts';

/** The store runs on Hong Kong time (UTC+8 all year). */
const STORE_OFFSET = 8;

const statusWords = {
  paid: ['paid'],
  cancelled: ['voided'],
  refunded: ['refunded', 'partially_refunded'],
} as const;

/** "王婷" → [婷, 王]; "Olivia Smith" → [Olivia, Smith]. */
function splitName(name: string): [given: string, family: string] {
  const space = name.indexOf(' ');
  if (space > 0) return [name.slice(0, space), name.slice(space + 1)];
  const chars = [...name];
  return [chars.slice(1).join(''), chars[0] ?? ''];
}

const handle = (title: string) => title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

export const shopify: PlatformShape = {
  platform: 'shopify',
  customers: {
    kind: 'customers',
    file: 'customers.csv',
    format: 'csv',
    header: [
      'Customer ID', 'First Name', 'Last Name', 'Email', 'Accepts Email Marketing', 'Default Address Address1',
      'Default Address City', 'Default Address Province', 'Default Address Country Code', 'Default Address Zip', 'Phone', 'Created At',
    ],
    columns: {
      customer_id: 'Customer ID',
      given_name: 'First Name',
      surname: 'Last Name',
      email: 'Email',
      marketing_consent: 'Accepts Email Marketing',
      address: 'Default Address Address1',
      city: 'Default Address City',
      region: 'Default Address Province',
      country: 'Default Address Country Code',
      postcode: 'Default Address Zip',
      phone: 'Phone',
      signup_at: 'Created At',
    },
    empty: '',
    read: { timeZone: 'UTC', dateFormat: 'iso', phoneRegion: 'US' },
    row: (a) => {
      const [given, family] = splitName(a.name);
      return {
        'Customer ID': a.id,
        'First Name': given,
        'Last Name': family,
        Email: a.email ?? '',
        'Accepts Email Marketing': a.consent ? 'yes' : 'no',
        'Default Address Address1': a.address,
        'Default Address City': a.place.city,
        'Default Address Province': a.place.region,
        'Default Address Country Code': a.place.country,
        'Default Address Zip': a.postcode ?? '',
        Phone: a.phone ?? '',
        'Created At': isoUtc(a.signupAt),
      };
    },
  },
  products: {
    kind: 'products',
    file: 'products.csv',
    format: 'csv',
    header: ['ID', 'Handle', 'Title', 'Vendor', 'Product Category', 'Variant SKU', 'Variant Price', 'Status'],
    columns: { product_id: 'ID', title: 'Title', brand: 'Vendor', category: 'Product Category', sku: 'Variant SKU', price: 'Variant Price' },
    empty: '',
    read: { timeZone: 'UTC', dateFormat: 'iso', currency: 'USD' },
    row: (l) => ({
      ID: l.id,
      Handle: l.sameAs === null ? handle(l.title) : `${handle(l.title)}-1`,
      Title: l.title,
      Vendor: l.brand.en,
      'Product Category': shopify.categoryLabel(l.department, l.leaf),
      'Variant SKU': l.sku,
      'Variant Price': money(l.priceMinor),
      Status: 'active',
    }),
  },
  orderLines: {
    kind: 'order_lines',
    file: 'orders.ndjson',
    format: 'ndjson',
    columns: {
      order_id: 'name',
      ordered_at: 'created_at',
      status: 'financial_status',
      currency: 'currency',
      customer_id: 'customer.id',
      email: 'customer.email',
      product_id: 'line_item.product_id',
      sku: 'line_item.sku',
      title: 'line_item.title',
      quantity: 'line_item.quantity',
      unit_price: 'line_item.price',
      country: 'shipping_address.country_code',
    },
    empty: null,
    read: { timeZone: 'Asia/Hong_Kong', dateFormat: 'iso', currency: 'USD', phoneRegion: 'US' },
    row: (l) => ({
      name: l.orderId,
      created_at: isoWithOffset(l.orderedAt, STORE_OFFSET),
      financial_status: l.statusWord,
      currency: l.currency,
      customer: { id: l.account.id, email: l.account.email },
      line_item: { product_id: l.listing.id, sku: l.listing.sku, title: l.listing.title, quantity: l.quantity, price: money(l.unitMinor) },
      shipping_address: { country_code: l.account.place.country },
    }),
  },
  events: {
    kind: 'events',
    file: 'events.csv',
    format: 'csv',
    header: ['customer_id', 'event_name', 'product_id', 'occurred_at'],
    columns: { customer_id: 'customer_id', type: 'event_name', product_id: 'product_id', occurred_at: 'occurred_at' },
    empty: '',
    read: { timeZone: 'UTC', dateFormat: 'iso' },
    row: (e) => ({
      customer_id: e.account.id,
      event_name: shopify.eventWords[e.type],
      product_id: e.listing?.id ?? '',
      occurred_at: localDateTime(e.at, 0),
    }),
  },
  statusWords,
  unknownStatusWords: ['pending', 'authorized', 'expired'],
  eventWords: { view: 'product_viewed', cart: 'product_added_to_cart', wishlist: 'added_to_wishlist', search: 'search_submitted' },
  unknownEventWords: ['checkout_started', 'page_viewed'],
  carries: { email: 0.98, phone: 0.6, birth: 0 },
  fullwidthCustomerFields: ['given_name', 'surname', 'address'],
  categoryLabel: (department, leaf) => `${department} > ${leaf}`,
  newListingId: (rng) => `8${rng.digits(12)}`,
  retitle: (title, rng) => (rng.chance(0.5) ? `${title.replace(' – ', ' - ')} (New)` : title.replace(' – ', ', ').toUpperCase()),
};
