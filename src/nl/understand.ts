/**
 * understand(): a question in English or Chinese → a validated QuerySpec, help, or "not
 * understood". Today only the rules parser runs; a model parser (issue 4) slots in here and
 * must produce the same QuerySpec, validated by the same schema.
 */
import { QuerySpec } from '../query/dsl.ts';
import { todayIn } from './calendar.ts';
import type { LexiconEntry } from './lexicon.ts';
import { applyFollowUp } from './followup.ts';
import { parseRules, type RulesResult } from './rules.ts';

export interface UnderstandContext {
  now: Date;
  timeZone: string;
  lexicon: readonly LexiconEntry[];
  /** The thread's last query: a follow-up edits it. */
  previous?: QuerySpec;
}

export type Understanding = RulesResult;

/** How sure a follow-up edit is: it changes one part of a query the asker already saw. */
const FOLLOW_UP_CONFIDENCE = 0.85;

export function understand(question: string, ctx: UnderstandContext): Understanding {
  const today = todayIn(ctx.now, ctx.timeZone);
  const edited = ctx.previous && applyFollowUp(question, ctx.previous, { today, lexicon: ctx.lexicon });
  if (edited) return { kind: 'query', query: edited, confidence: FOLLOW_UP_CONFIDENCE };
  const result = parseRules(question, { today, lexicon: ctx.lexicon });
  // The parser is ours, but the schema is the contract every parser must meet.
  if (result.kind === 'query') return { ...result, query: QuerySpec.parse(result.query) };
  return result;
}
