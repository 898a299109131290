/**
 * Answer → one JSON object for scripts (`precis ask --json`): the validated query, column ids,
 * rows as shown (money in major units), and the same text a person would read.
 */
import type { TableAnswer } from '../assistant/types.ts';
import { renderText } from './text.ts';

export interface AnswerJson {
  query: TableAnswer['query'];
  columns: string[];
  /** Currency of money columns, by column id. */
  currency: Record<string, string>;
  rows: TableAnswer['rows'];
  text: string;
}

export function toJson(answer: TableAnswer): AnswerJson {
  const currency = Object.fromEntries(answer.columns.flatMap((c) => (c.currency ? [[c.id, c.currency]] : [])));
  return { query: answer.query, columns: answer.columns.map((c) => c.id), currency, rows: answer.rows, text: renderText(answer) };
}
