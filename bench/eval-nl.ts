/**
 * Question-set evaluation (tests/nl/questions.ts): accuracy of the rules parser per language,
 * per intent (or expected clarification / help / unknown) and per tag, the misses, and how often
 * a question that needed a clarification got a query instead. The model parser (src/nl/model.ts)
 * is evaluated too when OPENAI_API_KEY is set; otherwise it is skipped, and the output says so.
 *
 *   npm run eval:nl
 *   OPENAI_API_KEY=… [OPENAI_BASE_URL=…] [OPENAI_MODEL=…] npm run eval:nl
 *
 * "Today" is fixed (Saturday 2026-11-28, Asia/Shanghai), so the figures are reproducible.
 */
import { loadConfig } from '../src/config.ts';
import { iso, todayIn } from '../src/nl/calendar.ts';
import { createModelParser, type ModelParser } from '../src/nl/model.ts';
import { testLexicon, testNow, testValues } from '../tests/helpers/lexicon.ts';
import { describeMiss, expectationKind, outcomeOf, pct, questions, score, tally, type Outcome, type Scored } from '../tests/nl/questions.ts';
import { understand } from '../src/nl/understand.ts';

const TIME_ZONE = 'Asia/Shanghai';
const today = todayIn(testNow, TIME_ZONE);

function report(name: string, scored: readonly Scored[]): void {
  const line = (label: string, t: { correct: number; total: number }) => `  ${label.padEnd(16)} ${pct(t).padStart(6)}  (${t.correct}/${t.total})`;
  console.log(`\n${name}`);
  const all = tally(scored, () => ['all']).get('all')!;
  console.log(line('all', all));
  console.log(' per language');
  for (const [lang, t] of tally(scored, (s) => [s.question.lang])) console.log(line(lang, t));
  console.log(' per intent (expected)');
  const byIntent = tally(scored, (s) => [expectationKind(s.question.expect), `${expectationKind(s.question.expect)}/${s.question.lang}`]);
  for (const [intent, t] of [...byIntent].sort(([a], [b]) => a.localeCompare(b))) console.log(line(intent, t));
  console.log(' per tag');
  for (const [tag, t] of [...tally(scored, (s) => s.question.tags)].sort(([a], [b]) => a.localeCompare(b))) console.log(line(tag, t));
  const overconfident = scored.filter((s) => s.overconfident);
  console.log(`  answered with a query where a clarification or "unknown" was expected: ${overconfident.length}`);
  const misses = scored.filter((s) => !s.correct);
  if (misses.length > 0) {
    console.log(` misses (${misses.length})`);
    for (const m of misses) console.log(`  ${describeMiss(m).replace(/\n/g, '\n  ')}`);
  }
}

/** The rules side as users get it: understand() (requests, segment summaries, then the rules parser). */
function rulesOutcome(question: string): Outcome {
  return outcomeOf(understand(question, { now: testNow, timeZone: TIME_ZONE, lexicon: testLexicon }));
}

async function modelOutcome(parser: ModelParser, question: string, lang: 'en' | 'zh'): Promise<Outcome> {
  const r = await parser.parse(question, { today: iso(today), timeZone: TIME_ZONE, lang, values: testValues });
  if (r.kind === 'query') return { kind: 'query', query: r.query };
  // The model has no "help" or "unknown": it asks back, which the set counts as not answering.
  if (r.kind === 'clarify') return { kind: 'clarify' };
  return { kind: 'failed', detail: `${r.reason} ${r.detail}` };
}

report('Rules parser', questions.map((q) => score(q, rulesOutcome(q.q))));

const { model } = loadConfig(process.env);
if (!model) {
  console.log('\nModel parser: skipped (OPENAI_API_KEY is not set).');
} else {
  const parser = createModelParser(model);
  const scored: Scored[] = [];
  for (const q of questions) {
    const outcome = await modelOutcome(parser, q.q, q.lang);
    // "help" and "unknown" questions: the model passes when it does not answer with a query.
    const s = score(q, outcome);
    const kind = expectationKind(q.expect);
    scored.push((kind === 'help' || kind === 'unknown') && outcome.kind !== 'query' ? { ...s, correct: true } : s);
  }
  report(`Model parser (${model.model}${model.baseURL ? ` at ${model.baseURL}` : ''})`, scored);
}
