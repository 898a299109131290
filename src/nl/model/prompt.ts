/**
 * The system prompt for the model parser, built from the semantic catalog, the allowed filter
 * values and the calendar — never from customer rows. Every metric, dimension and intent is
 * read from the catalog and the DSL at runtime, so the prompt follows them without an edit.
 * Values that look like personal data (an email, a phone number) are left out even if a caller
 * passes them, and the question is masked the same way before it is sent.
 */
import { Intent, type QuerySpec } from '../../query/dsl.ts';
import { redactText } from '../../privacy/redact.ts';
import { bindsAs, dimensions, metrics, type MetricId } from '../../semantic/index.ts';
import { addDays, addMonths, iso, startOfMonth, startOfYear, ymd } from '../calendar.ts';

export interface PromptValue {
  dimension: string;
  value: string;
  phrases: string[];
}

export interface PromptContext {
  today: string;
  timeZone: string;
  lang: 'en' | 'zh';
  values: readonly PromptValue[];
  previous?: QuerySpec;
}

/** How many allowed values per dimension the prompt lists; the rest are still checked. */
export const VALUES_PER_DIMENSION = 50;

const normalize = (text: string) => text.normalize('NFKC').toLowerCase().trim();

/** Guidance per intent; an intent the DSL gains without a line here is still offered by the tool schema. */
const intentHints: Partial<Record<Intent, string>> = {
  metric: 'one figure per metric',
  breakdown: 'figures grouped by the dimensions',
  top: 'a ranking over exactly one dimension, with sort (desc unless the lowest are asked for) and limit (10 unless a number is given)',
  trend: 'figures over a time dimension, which goes in dimensions',
  compare:
    'the period against an earlier one: period is the current period, compare is {kind, period} with the earlier period absolute (previous_period = the same length just before, whole months shifting by months; previous_year = a year earlier; custom = a period the asker names)',
  list: 'the individual customers the filters and period describe ("list at-risk customers in Shanghai"): metrics ["customers"], no dimensions, limit if a number is given',
  promote: 'products to promote to the customers the filters describe ("what to offer dormant customers"): metrics ["customers"], no dimensions',
};

const weekday = (date: string) => new Date(`${date}T00:00:00Z`).toLocaleDateString('en-US', { weekday: 'long', timeZone: 'UTC' });

/** Masks emails, phone numbers and ID numbers, so they never reach the model. */
export function maskQuestion(question: string): string {
  return redactText(question).text;
}

const looksPersonal = (text: string) => redactText(text).found.length > 0;

function canSplit(metric: MetricId, on: object): boolean {
  const def = metrics[metric];
  if (bindsAs(def.source) in on) return true;
  const onSales = 'onSales' in def ? (def.onSales as MetricId) : undefined;
  return onSales !== undefined && bindsAs(metrics[onSales].source) in on;
}

function catalogLines(): string[] {
  const list = (xs: readonly string[]) => xs.join(', ');
  const lines = ['Metrics (id: English label / Chinese label; synonyms; description):'];
  for (const [id, def] of Object.entries(metrics)) {
    const alone = 'perCustomer' in def ? ' Computed per customer: not combined with other metrics.' : '';
    lines.push(`- ${id}: ${def.label.en} / ${def.label.zh}; ${list([...def.synonyms.en, ...def.synonyms.zh])}; ${def.description.en}${alone}`);
  }
  const bySource = new Map<string, string[]>();
  for (const [id, def] of Object.entries(metrics)) bySource.set(def.source, [...(bySource.get(def.source) ?? []), id]);
  if (bySource.size > 1) {
    const groups = [...bySource].map(([source, ids]) => `${source}: ${list(ids)}`).join('; ');
    const swaps = Object.entries(metrics).flatMap(([id, def]) => ('onSales' in def ? [`${id} → ${String(def.onSales)}`] : []));
    lines.push(`Metrics of one question come from one source (${groups})${swaps.length > 0 ? `; where sales are involved these stand in: ${list(swaps)}` : ''}.`);
  }
  lines.push('Dimensions (same format; "not with" names the metrics it cannot break down or filter):');
  const metricIds = Object.keys(metrics) as MetricId[];
  for (const [id, def] of Object.entries(dimensions)) {
    const head = `- ${id}: ${def.label.en} / ${def.label.zh}; ${list([...def.synonyms.en, ...def.synonyms.zh])}; ${def.description.en}`;
    if (def.kind === 'time') {
      lines.push(`${head} Time grain: for breakdowns and trends, never a filter.`);
      continue;
    }
    const excluded = metricIds.filter((m) => !canSplit(m, def.on));
    lines.push(excluded.length > 0 ? `${head} Not with: ${list(excluded)}.` : head);
  }
  return lines;
}

/**
 * Allowed values per dimension, at most VALUES_PER_DIMENSION each; values the question names
 * come first, so a long list never hides the one that was asked about.
 */
function valueLines(values: readonly PromptValue[], question: string): string[] {
  const asked = normalize(question);
  const byDimension = new Map<string, { entry: PromptValue; named: boolean }[]>();
  for (const entry of values) {
    if (looksPersonal(entry.value)) continue;
    const phrases = entry.phrases.filter((p) => !looksPersonal(p));
    const named = [entry.value, ...phrases].some((p) => normalize(p).length > 0 && asked.includes(normalize(p)));
    const list = byDimension.get(entry.dimension) ?? [];
    list.push({ entry: { ...entry, phrases }, named });
    byDimension.set(entry.dimension, list);
  }
  if (byDimension.size === 0) return [];
  const lines = ['Allowed filter values (dimension: value (other phrases); …). Filters carry the value, not the phrase:'];
  for (const [dimension, list] of byDimension) {
    const ordered = [...list.filter((x) => x.named), ...list.filter((x) => !x.named)];
    const shown = ordered.slice(0, VALUES_PER_DIMENSION).map(({ entry }) => {
      const others = [...new Set(entry.phrases.filter((p) => normalize(p) !== normalize(entry.value)))];
      return others.length > 0 ? `${entry.value} (${others.join(', ')})` : entry.value;
    });
    const more = ordered.length - shown.length;
    lines.push(`- ${dimension}: ${shown.join('; ')}${more > 0 ? `; and ${more} more not listed (they are checked; if unsure, ask)` : ''}`);
  }
  return lines;
}

function dateLines(today: string, timeZone: string): string[] {
  const d = new Date(`${today}T00:00:00Z`);
  const tomorrow = iso(addDays(d, 1));
  const lastMonth = `${iso(addMonths(startOfMonth(d), -1))} to ${iso(startOfMonth(d))}`;
  return [
    `- Today is ${today} (${weekday(today)}) in the time zone ${timeZone}.`,
    '- Turn relative dates into an absolute period {start, end, label}: start is the first day included, end the day after the last day included (half-open).',
    `  For example "last 30 days" is ${iso(addDays(d, -29))} to ${tomorrow}; "last month" is ${lastMonth}; "this year" is ${iso(startOfYear(d))} to ${iso(ymd(d.getUTCFullYear() + 1, 1))}. Weeks start on Monday.`,
    '- label is the asker\'s own words for the period. No period in the question: period is null (all time).',
  ];
}

/** The system message: rules, the catalog, the allowed values, the calendar and the previous query. */
export function systemPrompt(ctx: PromptContext, question: string): string {
  const language = ctx.lang === 'zh' ? 'Chinese' : 'English';
  const intents = Intent.options.filter((i) => intentHints[i]).map((i) => `${i} = ${intentHints[i]}`);
  const lines = [
    "You turn a marketing question about a shop's customers, orders and products into a query for Precis, by calling exactly one tool:",
    '- answer_query, when the question has one clear reading in the catalog below;',
    '- ask_clarification, when two readings are plausible, when a value it names is not among the allowed values, or when it asks for something the catalog does not have. Ask one short question with 2 to 5 options, each a complete question the asker could send instead.',
    '',
    'Rules:',
    '- Use only the metric and dimension ids listed below, spelled exactly. Never invent a metric, a dimension or a value.',
    ...(intents.length > 0 ? [`- intent: ${intents.join('; ')}.`] : []),
    ...dateLines(ctx.today, ctx.timeZone),
    '- Filters name a dimension and allowed values. Time is never a filter: use period.',
    '- Fields the question does not need are null; lists it does not need are empty.',
    `- Write period labels, clarifying questions and options in ${language}.`,
    '',
    ...catalogLines(),
    ...(() => {
      const values = valueLines(ctx.values, question);
      return values.length > 0 ? ['', ...values] : [];
    })(),
  ];
  if (ctx.previous) {
    lines.push(
      '',
      'Previous query in this conversation. If the question follows up on it ("and by month?", "what about Beijing?", "只看天猫"), answer with that query edited; otherwise ignore it:',
      JSON.stringify(ctx.previous),
    );
  }
  return lines.join('\n');
}

/**
 * A cautious token estimate, made before anything is sent: four characters a token for Latin
 * text, one a token for CJK ideographs (which tokenizers rarely merge).
 */
export function estimateTokens(text: string): number {
  const cjk = text.match(/[\u3000-\u9fff\uf900-\ufaff\uff00-\uffef]/g)?.length ?? 0;
  return Math.ceil(cjk + (text.length - cjk) / 4);
}
