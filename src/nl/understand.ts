/**
 * understand(): a question in English or Chinese → a validated QuerySpec, a segment summary
 * request, a recommendation request (src/nl/requests.ts), a question back, help, or "not understood" — by the rules parser (the model parser
 * is asked by the assistant when these are unsure, and must meet the same schema).
 */
import { QuerySpec } from '../query/dsl.ts';
import { todayIn } from './calendar.ts';
import { scan, type LexiconEntry } from './lexicon.ts';
import { applyFollowUp } from './followup.ts';
import { asksForRecords, readCommand, readRequest, type RequestQuestion } from './requests.ts';
import { normalizeQuestion, parseRules, type RulesResult } from './rules.ts';

export interface UnderstandContext {
  now: Date;
  timeZone: string;
  lexicon: readonly LexiconEntry[];
  /** The thread's last query: a follow-up edits it. */
  previous?: QuerySpec;
}

/**
 * "Summarize at-risk customers", "重要价值客户画像", "compare champions and loyal", "how is the
 * loyal segment doing". Segments by RFM id or by a saved custom segment's name.
 */
export type SegmentQuestion = { kind: 'segment_summary'; segments: string[] };

export type Understanding = RulesResult | SegmentQuestion | RequestQuestion;

const SUMMARY_WORDS = /\b(?:summar(?:y|ise|ize)|overview|profile|describe|tell me about|who are|compare)\b|\bhow (?:is|are)\b.*\b(?:doing|performing)\b|概况|画像|概览|总结|介绍|分析|对比|比较|表现(?:如何|怎么样|怎样)/;

/** A question about one or two segments (RFM or saved) as a whole, rather than a figure. */
function segmentQuestion(question: string, lexicon: readonly LexiconEntry[]): SegmentQuestion | undefined {
  const text = normalizeQuestion(question);
  if (!SUMMARY_WORDS.test(text)) return undefined;
  const matches = scan(text, lexicon);
  // A summary covers a segment as a whole: "at risk customers in Shanghai" is narrower than that.
  // ("the champions segment": the word for segments only says what champions are.)
  if (matches.some((m) => m.target.kind === 'metric' || (m.target.kind === 'dimension' && m.target.id !== 'segment') || (m.target.kind === 'value' && m.target.dimension !== 'segment'))) return undefined;
  const segments = [...new Set(matches.flatMap((m) => (m.target.kind === 'value' && m.target.dimension === 'segment' ? [m.target.value] : [])))];
  return segments.length >= 1 && segments.length <= 2 ? { kind: 'segment_summary', segments } : undefined;
}

/** How sure a follow-up edit is: it changes one part of a query the asker already saw. */
const FOLLOW_UP_CONFIDENCE = 0.85;

export function understand(question: string, ctx: UnderstandContext): Understanding {
  const today = todayIn(ctx.now, ctx.timeZone);
  const command = readCommand(question);
  if (command) return command;
  // "how is the loyal segment doing" asks about the segment, even in a thread about something else.
  const segments = segmentQuestion(question, ctx.lexicon);
  if (segments) return segments;
  const edited = ctx.previous && !asksForRecords(question) && applyFollowUp(question, ctx.previous, { today, lexicon: ctx.lexicon });
  if (edited) return { kind: 'query', query: edited, confidence: FOLLOW_UP_CONFIDENCE };
  const result = readRequest(question, { today, lexicon: ctx.lexicon }) ?? parseRules(question, { today, lexicon: ctx.lexicon });
  // The parser is ours, but the schema is the contract every parser must meet.
  if (result.kind === 'query') return { ...result, query: QuerySpec.parse(result.query) };
  return result;
}
