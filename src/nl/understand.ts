/**
 * understand(): a question in English or Chinese → a validated QuerySpec, help, or "not
 * understood". Today only the rules parser runs; a model parser (issue 4) slots in here and
 * must produce the same QuerySpec, validated by the same schema.
 */
import { QuerySpec } from '../query/dsl.ts';
import { todayIn } from './calendar.ts';
import type { LexiconEntry } from './lexicon.ts';
import { parseRules, type RulesResult } from './rules.ts';

export interface UnderstandContext {
  now: Date;
  timeZone: string;
  lexicon: readonly LexiconEntry[];
}

export type Understanding = RulesResult;

export function understand(question: string, ctx: UnderstandContext): Understanding {
  const result = parseRules(question, { today: todayIn(ctx.now, ctx.timeZone), lexicon: ctx.lexicon });
  // The parser is ours, but the schema is the contract every parser must meet.
  if (result.kind === 'query') return { ...result, query: QuerySpec.parse(result.query) };
  return result;
}
