/** What the core returns to every door: data and words, never SQL clients or Slack objects. */
import type { Lang } from '../messages/index.ts';
import type { QuerySpec } from '../query/dsl.ts';
import type { MetricFormat } from '../semantic/index.ts';
import type { ReportOutput } from '../reports/types.ts';

export type Cell = string | number | null;

export interface Column {
  id: string;
  label: string;
  role: 'dimension' | 'metric';
  format: MetricFormat | 'text';
  /** ISO currency code of money columns; values are in its major unit (yuan, not fen). */
  currency?: string;
}

/** How the question was read, in the asker's language: shown so a misreading is seen at once. */
export interface Reading {
  metrics: string[];
  dimensions: string[];
  filters: string[];
  period: string;
  ranking?: string;
  /** The comparison period, for `compare` questions. */
  versus?: string;
  /** How each metric is computed, in words: "Revenue: sum of paid order lines, in CNY." */
  definitions: string[];
}

export interface TableAnswer {
  kind: 'table';
  lang: Lang;
  /** The DSL query behind the figures; null for answers that are not one (a customer's recommendations). */
  query: QuerySpec | null;
  /** Rows are individual customers or one customer's items: shown only where the audience is private. */
  records?: boolean;
  reading: Reading;
  columns: Column[];
  rows: Cell[][];
  /** Things the asker should know: substitutions, truncation, redaction. */
  notes: string[];
  truncated: boolean;
  redactedColumns: string[];
  /** The query is one an admin verified. */
  verified: boolean;
}

export interface HelpAnswer {
  kind: 'help';
  lang: Lang;
  /** True when shown because the question was not understood. */
  notUnderstood: boolean;
}

export interface RefusalAnswer {
  kind: 'refusal';
  lang: Lang;
  code: string;
  message: string;
}

/** A question back: the asker picks an option (a button in Slack) or rephrases. */
export interface ClarifyAnswer {
  kind: 'clarify';
  lang: Lang;
  message: string;
  /** An option with a query runs it when picked; one without is asked as a question. */
  options: { label: string; query?: QuerySpec }[];
}

/** Something was done at the asker's request ("saved as a segment"): a sentence, nothing to show. */
export interface NoticeAnswer {
  kind: 'notice';
  lang: Lang;
  message: string;
}

/** A grouped report asked for by question ("data quality today?"): the same one the schedule posts. */
export interface ReportAnswer {
  kind: 'report';
  lang: Lang;
  report: ReportOutput;
}

export type Answer = TableAnswer | HelpAnswer | RefusalAnswer | ClarifyAnswer | NoticeAnswer | ReportAnswer;
