/** The shapes of the semantic catalog: what may be asked, defined once. */
import type { SQL } from 'drizzle-orm';
import type { Lang } from '../messages/index.ts';

export type Localized = Record<Lang, string>;
export type LocalizedList = Record<Lang, readonly string[]>;

/** A fact table with the joins it may need; every metric lives on exactly one source. */
export type SourceId = 'customers' | 'sales';
export type JoinId = 'customer' | 'product' | 'category' | 'parentCategory';

export type MetricFormat = 'count' | 'currency' | 'number';

export interface MetricDef {
  label: Localized;
  synonyms: LocalizedList;
  description: Localized;
  source: SourceId;
  /** The aggregate, over the source's rows. */
  aggregate: SQL;
  format: MetricFormat;
  /**
   * The metric to use instead when the question needs the sales source (a sales dimension or
   * a period): "customers by category" can only mean customers who bought in each category.
   */
  onSales?: string;
}

/** How a dimension reads on one source. */
export interface DimensionBinding {
  /** The value shown and grouped by; may depend on the asker's language. */
  value: (lang: Lang) => SQL;
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
  on: Partial<Record<SourceId, DimensionBinding>>;
  /** Turns a stored value into what a person reads (platform slug → "Tmall" / "天猫"). */
  display?: (value: string, lang: Lang) => string;
}
