/**
 * The answer core: question + actor → Answer, through every stage of ARCHITECTURE.md —
 * understand → validate → authorize → plan/build → execute (read-only) → shape → redact → audit.
 * Every door (console, CLI, Slack) calls this and only renders what it returns. Failures come
 * back as refusals with a message for the asker; the log gets the detail, never personal data.
 */
import type { Store } from '../db/client.ts';
import type { Config } from '../config.ts';
import { PrecisError, toPrecisError } from '../errors.ts';
import type { Logger } from '../log.ts';
import { detectLang, t, type Lang } from '../messages/index.ts';
import { buildLexicon, type LexiconEntry } from '../nl/lexicon.ts';
import { understand, type Understanding } from '../nl/understand.ts';
import { authorize, resolveRole, type Actor } from '../privacy/access.ts';
import { recordAudit } from '../privacy/audit.ts';
import { redactRows, redactText } from '../privacy/redact.ts';
import { build, execute, plan, renderSql, validate } from '../query/index.ts';
import { buildAudienceSize, GROUP_CUSTOMERS } from '../query/build.ts';
import type { Plan } from '../query/plan.ts';
import { suppressSmallGroups } from '../analytics/segments.ts';
import { dimensionDef, metrics, sources, type SourceId } from '../semantic/index.ts';
import { gazetteerValues, storeValues, type ValueEntry } from '../semantic/values.ts';
import { sql } from 'drizzle-orm';
import { alignComparedTimes, joinComparison, rankByChange, ranksByChange, toDateSpans } from './compare.ts';
import { alsoBoughtAnswer, customerRecommendations } from './recommend-answer.ts';
import { currentQualityReport, latestQualityStatus } from '../quality/report.ts';
import { expandSavedSegments, listSavedSegments, saveSegment } from '../analytics/saved-segments.ts';
import { rfmSegments } from '../db/schema/index.ts';
import { segmentAnswer } from './segment-answer.ts';
import { cellsOf, columnsOf, filterWords, localizeParams, readingOf } from './shape.ts';
import { lastQuery, rememberQuery } from './threads.ts';
import { isVerified, markVerified, verifiedQueryFor } from './verified.ts';
import type { Answer, ClarifyAnswer, TableAnswer } from './types.ts';
import type { ModelParser } from '../nl/model.ts';
import { iso, todayIn } from '../nl/calendar.ts';
import { QuerySpec } from '../query/dsl.ts';
import { describeQuery } from '../nl/rules/clarify.ts';

export interface AssistantDeps {
  store: Store;
  config: Pick<Config, 'timeZone' | 'rowCap' | 'statementTimeoutMs' | 'baseCurrency' | 'minGroupSize'>;
  log: Logger;
  /** The model parser, when an endpoint is configured: asked when the rules parser is unsure. */
  model?: ModelParser;
  /** Injected so tests can fix "today". */
  clock?: () => Date;
}

export interface AskContext {
  /** Reply language; detected from the question when absent. */
  lang?: Lang;
  /** The conversation this message belongs to: follow-ups edit its last query. */
  threadId?: string;
  /**
   * A query the asker picked (a clarification option, "break down by…"): run as it is, with the
   * question as its label for the audit log. It is validated like any parser's output.
   */
  query?: QuerySpec;
}

export interface Assistant {
  answer(question: string, actor: Actor, context?: AskContext): Promise<Answer>;
  /**
   * Marks how `question` must be read: as it is read now, or, when it was read wrongly, as
   * `like` (another phrasing) is read. Admins only. Returns the reading that was stored.
   */
  verify(question: string, actor: Actor, like?: string): Promise<Answer>;
}

/** Data older than this behind an answer is flagged: a feed has probably stopped. */
const STALE_AFTER_DAYS = 2;

/**
 * The newest order, when it is older than STALE_AFTER_DAYS. Orders are the feed that stops
 * when an export breaks; signups are too sparse to say so, so customer counts are not flagged.
 */
async function staleness(store: Store, source: SourceId, now: Date): Promise<{ date: string; days: number } | undefined> {
  if (source === 'customers') return undefined;
  const column = sources[source].timeColumn;
  const [row] = await store.rows<{ newest: unknown }>(sql`select max(${column}) as newest from ${column.table}`);
  if (!row?.newest) return undefined;
  const newest = new Date(row.newest as string);
  const days = Math.floor((now.getTime() - newest.getTime()) / 86_400_000);
  return days > STALE_AFTER_DAYS ? { date: newest.toISOString().slice(0, 10), days } : undefined;
}

/** The tables each source's figures come from: failing quality checks on them are flagged on the answer. */
const orderTables = ['orders', 'order_items', 'products', 'product_aliases', 'ingest_batches'];
const sourceTables: Record<SourceId, readonly string[]> = {
  sales: orderTables,
  orders: orderTables,
  customers: ['customers', 'ingest_batches'],
};

/** Failing checks of the latest quality run on the tables behind an answer, in the asker's language. */
async function failingChecks(store: Store, source: SourceId, lang: Lang): Promise<{ labels: string[]; date: string } | undefined> {
  const status = await latestQualityStatus(store, lang);
  const relevant = status?.failing.filter((f) => sourceTables[source].includes(f.table)) ?? [];
  return status && relevant.length > 0 ? { labels: relevant.map((f) => f.label), date: status.ranAt.toISOString().slice(0, 10) } : undefined;
}

/** "Data quality today?" reuses a run this recent rather than running every check again. */
const QUALITY_REPORT_FRESH_MS = 60 * 60_000;

/**
 * The privacy floor in every breakdown: a group defined by a customer attribute (a city, a
 * segment, a brand) with fewer than k customers behind it is held back, so nobody can be picked
 * out; so is a product to promote that reaches fewer than k customers. Pure time buckets (a day,
 * a month) identify no one and are kept.
 */
function withoutSmallGroups(plan: Plan, rows: Record<string, unknown>[], k: number): { rows: Record<string, unknown>[]; hidden: number } {
  if (plan.intent !== 'promote' && !plan.dimensions.some((d) => dimensionDef(d).kind === 'attribute')) return { rows, hidden: 0 };
  const kept = suppressSmallGroups(rows, GROUP_CUSTOMERS, k).filter((r): r is Record<string, unknown> => !('suppressed' in r && r.suppressed === true));
  return { rows: kept, hidden: rows.length - kept.length };
}

/** A reading at least this sure is answered without asking the model. */
const CONFIDENT = 0.8;

/** How long the value lexicon (categories, brands from the store) is reused before reloading. */
const LEXICON_TTL_MS = 60_000;

export function createAssistant(deps: AssistantDeps): Assistant {
  const clock = deps.clock ?? (() => new Date());
  let lexicon: { entries: LexiconEntry[]; values: ValueEntry[]; loadedAt: number } | undefined;

  async function currentVocabulary(now: number): Promise<{ entries: LexiconEntry[]; values: ValueEntry[] }> {
    if (!lexicon || now - lexicon.loadedAt > LEXICON_TTL_MS) {
      const values = [...gazetteerValues(), ...(await storeValues(deps.store))];
      lexicon = { entries: buildLexicon(values), values, loadedAt: now };
    }
    return lexicon;
  }
  const currentLexicon = async (now: number) => (await currentVocabulary(now)).entries;

  /**
   * The model is asked only when the rules parser did not read the question confidently; if
   * it fails (down, slow, over budget, invalid twice), the rules' reading stands.
   */
  async function askModel(question: string, lang: Lang, now: Date, previous: QuerySpec | undefined, rules: Understanding): Promise<Understanding | ClarifyAnswer> {
    // Only a reading the rules were unsure of: a request they recognised (a summary, a list, a
    // definition, the quality report) is not a query the model could improve on.
    const unsure = rules.kind === 'unknown' || rules.kind === 'clarify' || (rules.kind === 'query' && rules.confidence < CONFIDENT);
    if (!deps.model || !unsure) return rules;
    const { values } = await currentVocabulary(now.getTime());
    const result = await deps.model.parse(question, { today: iso(todayIn(now, deps.config.timeZone)), timeZone: deps.config.timeZone, lang, values, previous });
    if (result.kind === 'query') return { kind: 'query', query: result.query, confidence: CONFIDENT };
    if (result.kind === 'clarify') return { kind: 'clarify', lang, message: result.question, options: result.options.map((label) => ({ label })) };
    deps.log.warn('model_parser_failed', { reason: result.reason, detail: result.detail });
    return rules;
  }

  async function answerTable(question: string, actor: Actor, lang: Lang, now: Date, context: AskContext): Promise<{ answer: Answer; audit: Record<string, unknown> }> {
    authorize(await resolveRole(deps.store, actor, now), 'ask');
    const { threadId } = context;
    const previous = threadId ? await lastQuery(deps.store, threadId) : undefined;
    const verifiedQuery = context.query ? undefined : await verifiedQueryFor(deps.store, question);
    const picked = context.query ? QuerySpec.parse(context.query) : verifiedQuery;
    const understood: Understanding | ClarifyAnswer = picked
      ? { kind: 'query', query: picked, confidence: 1 }
      : await askModel(question, lang, now, previous, understand(question, { now, timeZone: deps.config.timeZone, lexicon: await currentLexicon(now.getTime()), previous }));
    if (understood.kind === 'segment_summary') {
      const answer = await segmentAnswer(deps.store, understood.segments, lang, deps.config.baseCurrency, deps.config.minGroupSize, deps.config.timeZone);
      return { answer, audit: { outcome: 'answered', segments: understood.segments, rows: answer.rows.length } };
    }
    if (understood.kind === 'recommend_customer') {
      authorize(await resolveRole(deps.store, actor, now), 'list_customers');
      const answer = await customerRecommendations(deps.store, understood.customerId, lang, understood.newOnly);
      return { answer, audit: { outcome: 'answered', recommendFor: understood.customerId, newOnly: understood.newOnly, rows: answer.rows.length } };
    }
    if (understood.kind === 'also_bought') {
      const answer = await alsoBoughtAnswer(deps.store, understood.product, lang, deps.config.minGroupSize);
      return { answer, audit: { outcome: 'answered', alsoBought: redactText(understood.product).text, rows: answer.rows.length } };
    }
    if (understood.kind === 'quality_status') {
      authorize(await resolveRole(deps.store, actor, now), 'read_quality');
      const report = await currentQualityReport(deps.store, { now, lang, timeZone: deps.config.timeZone, maxAgeMs: QUALITY_REPORT_FRESH_MS });
      return { answer: { kind: 'report', lang, report }, audit: { outcome: 'answered', report: 'quality', failing: report.failing } };
    }
    if (understood.kind === 'export_request') {
      const words = previous ? describeQuery(previous, lang) : undefined;
      const message = [t(lang, 'export.how'), ...(words ? [t(lang, 'export.last_answer', { words })] : [])].join('\n');
      return { answer: { kind: 'notice', lang, message }, audit: { outcome: 'export_help' } };
    }
    if (understood.kind === 'definition') {
      const message = understood.metrics.map((id) => t(lang, 'definition.line', { label: metrics[id].label[lang], description: metrics[id].description[lang] })).join('\n');
      return { answer: { kind: 'notice', lang, message }, audit: { outcome: 'definition', metrics: understood.metrics } };
    }
    if (understood.kind === 'save_segment') {
      authorize(await resolveRole(deps.store, actor, now), 'save_segment');
      if (!previous) throw new PrecisError('input_invalid', { detail: t(lang, 'saved.nothing_to_save') });
      const saved = await saveSegment(deps.store, understood.name, previous, actor.id, now);
      lexicon = undefined; // the new name must be understood from the next question on
      await recordAudit(deps.store, { actor: actor.id, action: 'segment_save', detail: { name: saved.name, filters: saved.filters } }, now);
      return { answer: { kind: 'notice', lang, message: t(lang, 'saved.done', { name: saved.name, filters: filterWords(saved.filters, lang).join(' · ') }) }, audit: { outcome: 'saved_segment', name: saved.name } };
    }
    if (understood.kind === 'clarify') {
      const { message, options } = understood;
      return { answer: { kind: 'clarify', lang, message, options }, audit: { outcome: 'clarify', options: options.length } };
    }
    if (understood.kind !== 'query') {
      const notUnderstood = understood.kind === 'unknown';
      return { answer: { kind: 'help', lang, notUnderstood }, audit: { outcome: notUnderstood ? 'not_understood' : 'help' } };
    }

    const { query } = understood;
    // Saved segment names become their filters here, so validation and the compiler see catalog filters only.
    const custom = query.filters.some((f) => f.dimension === 'segment' && f.values.some((v) => !(rfmSegments as readonly string[]).includes(v)));
    const expanded = custom ? expandSavedSegments(query, await listSavedSegments(deps.store)) : { query, used: [] };
    const { problems, resolution } = validate(expanded.query);
    if (problems.length > 0) {
      const list = problems.map((p) => t(lang, p.key, localizeParams(p.params, lang))).join(lang === 'zh' ? '；' : '; ');
      throw new PrecisError('query_invalid', { problems: list });
    }
    if (query.intent === 'list') authorize(await resolveRole(deps.store, actor, now), 'list_customers');
    const asked = plan(expanded.query, resolution);
    // A comparison of a running period reads both periods to date; the thread keeps the question as asked.
    const spans = query.compare && asked.period ? toDateSpans(asked.period, query.compare.period, iso(todayIn(now, deps.config.timeZone))) : undefined;
    const planned = spans ? { ...asked, period: spans.current } : asked;
    const shownQuery = spans ? { ...query, compare: { ...query.compare!, period: spans.previous } } : query;
    const scope = { lang, timeZone: deps.config.timeZone, rowCap: deps.config.rowCap, now };
    const limits = { timeoutMs: deps.config.statementTimeoutMs, rowCap: deps.config.rowCap };
    // Ranked by change, every group is read and the list is cut only once the change is known.
    const byChange = ranksByChange(query);
    const statement = build(byChange ? { ...planned, limit: null } : planned, scope);
    const executed = await execute(deps.store, statement, limits);
    // A promotion's audience must itself be above the floor, or its reach figures describe a handful of people.
    const audience = query.intent === 'promote' ? Number((await execute(deps.store, buildAudienceSize(planned, scope), limits)).rows[0]?.audience ?? 0) : undefined;
    if (audience !== undefined && audience < deps.config.minGroupSize) executed.rows = [];

    let columns = columnsOf(planned, lang, deps.config.baseCurrency);
    const shown = withoutSmallGroups(planned, executed.rows, deps.config.minGroupSize);
    let cells = cellsOf(columns, shown.rows, lang);
    // The comparison period's statement runs too, so the audit records it next to the main one.
    // Every group of the earlier period: a row ranked 8th now may have been 12th then.
    const compared = shownQuery.compare ? build({ ...planned, limit: null, period: shownQuery.compare.period }, scope) : undefined;
    if (compared) {
      const before = await execute(deps.store, compared, limits);
      const earlier = cellsOf(columns, withoutSmallGroups(planned, before.rows, deps.config.minGroupSize).rows, lang);
      ({ columns, rows: cells } = joinComparison(columns, cells, alignComparedTimes(columns, earlier, planned.period!, shownQuery.compare!.period), lang));
      if (byChange) cells = rankByChange(columns, cells, query.sort!, planned.limit);
    }
    const { rows, redactedColumns } = redactRows(columns, cells);
    const notes: string[] = [];
    if (planned.substitutions.length > 0) notes.push(t(lang, 'answer.fallback_buyers'));
    if (spans) notes.push(t(lang, 'answer.to_date', { days: spans.days }));
    if (executed.truncated) notes.push(t(lang, 'answer.truncated', { shown: rows.length }));
    for (const s of expanded.used) notes.push(t(lang, 'saved.used', { name: s.name, filters: filterWords(s.filters, lang).join(' · ') }));
    if (shown.hidden > 0) notes.push(t(lang, 'answer.small_groups', { n: shown.hidden, k: deps.config.minGroupSize }));
    if (audience !== undefined && audience < deps.config.minGroupSize) notes.push(t(lang, 'promote.audience_small', { k: deps.config.minGroupSize }));
    const stale = await staleness(deps.store, planned.source, now);
    if (stale) notes.push(t(lang, 'answer.stale', stale));
    const failing = await failingChecks(deps.store, planned.source, lang);
    if (failing) {
      const listed = failing.labels.slice(0, 3).join(lang === 'zh' ? '；' : '; ');
      notes.push(t(lang, 'answer.quality_failing', { n: failing.labels.length, checks: failing.labels.length > 3 ? `${listed} …` : listed, date: failing.date }));
    }
    if (redactedColumns.length > 0) notes.push(t(lang, 'answer.redacted', { fields: redactedColumns.join(', ') }));

    if (threadId) await rememberQuery(deps.store, threadId, actor.id, query);
    const verified = verifiedQuery !== undefined || (await isVerified(deps.store, query));
    const answer: TableAnswer = {
      kind: 'table', lang, query, reading: readingOf(planned, shownQuery, lang, deps.config.baseCurrency, audience), columns, rows, notes, truncated: executed.truncated, redactedColumns, verified,
      ...(query.intent === 'list' ? { records: true } : {}),
    };
    return { answer, audit: { outcome: 'answered', query, statement: renderSql(statement), ...(compared ? { compareStatement: renderSql(compared) } : {}), rows: rows.length, redactedColumns } };
  }

  return {
    async verify(question, actor, like) {
      const lang = detectLang(question);
      const now = clock();
      try {
        authorize(await resolveRole(deps.store, actor, now), 'verify');
        const understood = understand(like ?? question, { now, timeZone: deps.config.timeZone, lexicon: await currentLexicon(now.getTime()) });
        if (understood.kind !== 'query') return { kind: 'help', lang, notUnderstood: true };
        const { problems } = validate(understood.query);
        if (problems.length > 0) throw new PrecisError('query_invalid', { problems: problems.map((p) => t(lang, p.key, localizeParams(p.params, lang))).join('; ') });
        await markVerified(deps.store, question, understood.query, actor.id);
        await recordAudit(deps.store, { actor: actor.id, action: 'verify', detail: { question: redactText(question).text, query: understood.query } }, now);
        return this.answer(question, actor, { lang });
      } catch (err) {
        const e = toPrecisError(err);
        return { kind: 'refusal', lang, code: e.code, message: e.userMessage(lang) };
      }
    },

    async answer(question, actor, context = {}) {
      const lang = context.lang ?? detectLang(question);
      const now = clock();
      let result: { answer: Answer; audit: Record<string, unknown> };
      try {
        result = await answerTable(question, actor, lang, now, context);
      } catch (err) {
        const e = toPrecisError(err);
        if (e.code === 'internal') deps.log.error('answer_failed', { ref: e.params.ref, detail: e.detail });
        result = { answer: { kind: 'refusal', lang, code: e.code, message: e.userMessage(lang) }, audit: { outcome: 'refused', code: e.code } };
      }
      try {
        // The question is free text: mask anything personal in it before it is kept.
        await recordAudit(deps.store, { actor: actor.id, action: 'question', detail: { question: redactText(question).text, ...result.audit } }, now);
      } catch (err) {
        // No answer leaves without its audit entry.
        const e = toPrecisError(err);
        deps.log.error('audit_failed', { ref: e.params.ref, detail: e.detail });
        return { kind: 'refusal', lang, code: e.code, message: e.userMessage(lang) };
      }
      return result.answer;
    },
  };
}
