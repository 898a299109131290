/**
 * The records the dirty demo writes, before any platform gives them its own shape: one
 * platform account (a customer record), one product listing, one order line, one event. Each
 * keeps the clean generator's ids it came from, so the truth file can say who and what it is.
 * Pure types; nothing here draws or writes.
 */
import type { EventRow } from '../generate.ts';
import type { OrderStatus } from '../../db/schema/index.ts';
import type { Gender } from '../../db/schema/index.ts';
import type { Place, PlatformId } from '../../semantic/places.ts';

/** How a record differs from the one it duplicates (a typo, another email, a missing field). */
export type Variation = 'name_typo' | 'address_typo' | 'email_changed' | 'email_missing' | 'phone_missing';

/** One customer record on one platform. */
export interface Account {
  platform: PlatformId;
  /** The platform's own customer id. */
  id: string;
  /** The golden person: the clean generator's customer id. */
  person: number;
  /**
   * primary: the account the person signed up with; secondary: the same person on another
   * platform; duplicate: the same person registered a second time on the same platform.
   */
  role: 'primary' | 'secondary' | 'duplicate';
  /** For a secondary or duplicate account: the account it repeats. */
  sameAs: { platform: PlatformId; id: string } | null;
  variations: Variation[];
  signupAt: number;
  name: string;
  /** Clean and lower case; null when the platform does not have it. */
  email: string | null;
  /** E.164; the platform writes it its own way. */
  phone: string | null;
  address: string;
  place: Place;
  postcode: string | null;
  gender: Gender | null;
  birth: { year: number; month: number; day: number } | null;
  consent: boolean;
}

/** One product as listed on one platform. */
export interface Listing {
  platform: PlatformId;
  /** The platform's own product id. */
  id: string;
  /** The true product: the clean generator's product id, and its sku. */
  product: number;
  sku: string;
  /** English brand name, and its Chinese name when the catalog has one. */
  brand: { en: string; zh: string | null };
  title: string;
  /** English names of the catalog's top-level and leaf category. */
  department: string;
  leaf: string;
  /** In the platform's currency's minor units. */
  priceMinor: number;
  /** An EAN-13 made from the product id (GS1 China prefix). */
  barcode: string;
  /** For a second listing of the same product on the same platform: the first one's id. */
  sameAs: string | null;
}

export interface OrderLine {
  platform: PlatformId;
  orderId: string;
  account: Account;
  orderedAt: number;
  status: OrderStatus;
  /** The platform's word for the status, the same on every line of the order. */
  statusWord: string;
  currency: string;
  listing: Listing;
  quantity: number;
  /** In the order's currency's minor units. */
  unitMinor: number;
}

export interface EventRecord {
  platform: PlatformId;
  account: Account;
  listing: Listing | null;
  type: EventRow['type'];
  at: number;
}
