/**
 * The rules parser against the question set (tests/nl/questions.ts): at least 95% exact DSL in
 * each language, and never a query where the set expects a clarification or "unknown" — an
 * answer to a question it did not read is worse than a question back.
 */
import { describe, expect, it } from 'vitest';
import { parseRules } from '../../src/nl/rules.ts';
import { understand } from '../../src/nl/understand.ts';
import { todayIn } from '../../src/nl/calendar.ts';
import { QuerySpec } from '../../src/query/dsl.ts';
import { validate } from '../../src/query/validate.ts';
import { dimensionIds, metricIds } from '../../src/semantic/index.ts';
import { testLexicon, testNow } from '../helpers/lexicon.ts';
import { describeMiss, expectationKind, outcomeOf, pct, questions, score, tally, type Question } from './questions.ts';

const today = todayIn(testNow, 'Asia/Shanghai');

const scored = questions.map((question: Question) => score(question, outcomeOf(understand(question.q, { now: testNow, timeZone: 'Asia/Shanghai', lexicon: testLexicon }))));
const queries = questions.flatMap((q) => (typeof q.expect === 'object' && 'intent' in q.expect ? [{ q, spec: q.expect }] : []));

describe('question set', () => {
  it('has at least 200 questions, at least 100 of them in Chinese', () => {
    expect(questions.length).toBeGreaterThanOrEqual(200);
    expect(questions.filter((q) => q.lang === 'zh').length).toBeGreaterThanOrEqual(100);
  });

  it('covers every intent, metric and dimension in each language', () => {
    for (const lang of ['en', 'zh'] as const) {
      const specs = queries.filter((x) => x.q.lang === lang).map((x) => x.spec);
      const missing = [
        ...['metric', 'breakdown', 'top', 'trend', 'compare', 'list', 'promote'].filter((i) => !specs.some((s) => s.intent === i)).map((i) => `intent ${i}`),
        ...metricIds.filter((m) => !specs.some((s) => s.metrics.includes(m))).map((m) => `metric ${m}`),
        ...dimensionIds.filter((d) => !specs.some((s) => s.dimensions.includes(d) || s.filters.some((f) => f.dimension === d))).map((d) => `dimension ${d}`),
      ];
      expect(missing, lang).toEqual([]);
    }
  });

  it('covers typos, mixed language, numbers in words, vague, ambiguous, unknown names and out-of-scope questions', () => {
    for (const tag of ['typo', 'mixed', 'words', 'vague', 'ambiguous', 'unknown-value', 'out-of-scope']) {
      expect(questions.some((q) => q.tags.includes(tag)), tag).toBe(true);
    }
  });

  it('expects only queries the schema accepts', () => {
    const invalid = queries.filter((x) => !QuerySpec.safeParse(x.spec).success).map((x) => x.q.q);
    expect(invalid).toEqual([]);
  });

  it('expects queries the catalog can answer, except where a problem is the point', () => {
    const withProblems = queries.filter((x) => validate(x.spec).problems.length > 0).map((x) => `${x.q.q}: ${validate(x.spec).problems.map((p) => p.key).join(', ')}`);
    expect(withProblems).toEqual([]);
  });
});

describe('rules parser on the question set', () => {
  for (const lang of ['en', 'zh'] as const) {
    it(`reads at least 95% of the ${lang} questions exactly`, () => {
    const mine = scored.filter((s) => s.question.lang === lang);
    const t = tally(mine, () => ['all']).get('all')!;
    const misses = mine.filter((s) => !s.correct).map(describeMiss);
    expect(t.correct / t.total, `${lang}: ${pct(t)} (${t.correct}/${t.total}); misses:\n${misses.join('\n')}`).toBeGreaterThanOrEqual(0.95);
    });
  }

  it('never answers with a query where it should ask back or say it does not know', () => {
    const overconfident = scored.filter((s) => s.overconfident).map(describeMiss);
    expect(overconfident).toEqual([]);
  });

  it('offers only options that validate, each labelled in the asker\'s language', () => {
    for (const question of questions.filter((q) => expectationKind(q.expect) === 'clarify')) {
      const r = parseRules(question.q, { today, lexicon: testLexicon, lang: question.lang });
      if (r.kind !== 'clarify') continue;
      expect(r.options.length, question.q).toBeGreaterThan(0);
      expect(r.options.length, question.q).toBeLessThanOrEqual(4);
      expect(r.lang).toBe(question.lang);
      for (const option of r.options) {
        expect(validate(QuerySpec.parse(option.query)).problems, `${question.q} → ${option.label}`).toEqual([]);
        if (question.lang === 'zh') expect(option.label, question.q).toMatch(/\p{Script=Han}/u);
      }
    }
  });
});
