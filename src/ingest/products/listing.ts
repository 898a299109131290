/**
 * What the matcher reads: listings (one product as one platform lists it) and the products the
 * store already holds. zod schemas, so a caller reading them from files or rows validates them
 * at the boundary; the types are inferred from the schemas.
 */
import { z } from 'zod';

/** One product as one platform lists it. `key` is `platform:platformProductId`. */
export const Listing = z.object({
  key: z.string().min(1),
  platform: z.string().min(1),
  title: z.string(),
  brand: z.string().nullish(),
  /** The platform's own category path, mapped with the taxonomy when `category` is absent. */
  categoryLabel: z.string().nullish(),
  /** A taxonomy category name, when the caller mapped it already. */
  category: z.string().nullish(),
  sku: z.string().nullish(),
  barcode: z.string().nullish(),
  priceMinor: z.number().nullish(),
  /** ISO 4217; prices in different currencies compare only through `ratesToBase`. */
  currency: z.string().nullish(),
});
export type Listing = z.infer<typeof Listing>;

/** A product already in the store, with the aliases it already has. */
export const KnownProduct = z.object({
  key: z.string().min(1),
  sku: z.string().nullish(),
  barcode: z.string().nullish(),
  title: z.string(),
  brand: z.string().nullish(),
  category: z.string().nullish(),
  priceMinor: z.number().nullish(),
  currency: z.string().nullish(),
  aliases: z
    .array(
      z.object({
        title: z.string(),
        /** The alias's listing key, so re-ingesting that listing finds its product at once. */
        key: z.string().nullish(),
        platform: z.string().nullish(),
        /** The platform's category path for this listing; mapped with the taxonomy like a listing's. */
        categoryLabel: z.string().nullish(),
        priceMinor: z.number().nullish(),
        currency: z.string().nullish(),
      }),
    )
    .optional(),
});
export type KnownProduct = z.infer<typeof KnownProduct>;
