/** The shapes of the semantic catalog: what may be asked, defined once. */
import type { SQL } from 'drizzle-orm';
import type { Lang } from '../messages/index.ts';

export type Localized = Record<Lang, string>;
export type LocalizedList = Record<Lang, readonly string[]>;

/**
 * A fact table with the joins it may need; every metric lives on exactly one source. `orders`
 * is every order line whatever its status (refunds, cancellations); it reads dimensions as
 * `sales` does, so dimensions bind to customers or sales only.
 */
export type SourceId = 'customers' | 'sales' | 'orders';
export type BindingSource = Exclude<SourceId, 'orders'>;
export type JoinId = 'customer' | 'product' | 'category' | 'parentCategory' | 'features';

export type MetricFormat = 'count' | 'currency' | 'number' | 'percent' | 'days';

/** What a dimension's SQL may depend on besides the catalog: the asker's language and the store's time zone. */
export interface ValueContext {
  lang: Lang;
  timeZone: string;
}

/**
 * A metric computed per customer first, then across customers (repeat rate, days since the
 * last order): `inner` aggregates one customer's rows in a group, `outer` combines the
 * per-customer values, and `asOf` gives the reference instant ("today" or the period's end).
 */
export interface PerCustomer {
  inner: (asOf: SQL) => SQL;
  outer: (inner: SQL) => SQL;
  /** Reads all history up to the period's end, not just the period (churn, recency). */
  history?: boolean;
}

export interface MetricDef {
  label: Localized;
  synonyms: LocalizedList;
  description: Localized;
  source: SourceId;
  /** The aggregate, over the source's rows. */
  aggregate: SQL;
  format: MetricFormat;
  perCustomer?: PerCustomer;
  /**
   * The metric to use instead when the question needs the sales source (a sales dimension or
   * a period): "customers by category" can only mean customers who bought in each category.
   */
  onSales?: string;
}

/** How a dimension reads on one source. */
export interface DimensionBinding {
  /** The value shown and grouped by; may depend on the asker's language and the time zone. */
  value: (ctx: ValueContext) => SQL;
  /** An extra grouping key when values are not unique (two products with one title). */
  key?: SQL;
  /** Condition for "dimension is one of these canonical values"; defaults to `value('en') in (…)`. */
  filter?: (values: readonly string[]) => SQL;
  joins?: readonly JoinId[];
}

export type TimeGrain = 'day' | 'week' | 'month' | 'quarter' | 'year';

export interface DimensionDef {
  label: Localized;
  synonyms: LocalizedList;
  description: Localized;
  /** Attribute dimensions bind per source; time dimensions use each source's time column. */
  kind: 'attribute' | 'time';
  grain?: TimeGrain;
  on: Partial<Record<BindingSource, DimensionBinding>>;
  /** Turns a stored value into what a person reads (platform slug → "Tmall" / "天猫"). */
  display?: (value: string, lang: Lang) => string;
}
