/**
 * Questions that ask for records or actions rather than a figure: a customer list ("list at-risk
 * customers in Shanghai", "上海高价值客户名单"), what to promote to an audience ("what to promote
 * to at-risk customers in Shanghai", "给上海的流失风险客户推荐什么"), one customer's
 * recommendations ("recommend for customer 1042", "给客户1042推荐"; "new products for customer 1042" for
 * never-bought items only) and "customers who bought X
 * also bought" ("买了玫瑰精华的人还买什么"). The action words are taken out and the rest is read by
 * the rules parser, so an audience is described exactly as in any other question.
 */
import type { QuerySpec } from '../query/dsl.ts';
import type { MetricId } from '../semantic/index.ts';
import { scan } from './lexicon.ts';
import { blank } from './rules/compare.ts';
import { normalizeQuestion, parseRules, type RulesContext, type RulesResult } from './rules.ts';

export type RequestQuestion =
  /** `newOnly`: a cross-sell list ("new products for customer 1042", "没买过的"). */
  | { kind: 'recommend_customer'; customerId: number; newOnly: boolean }
  | { kind: 'also_bought'; product: string }
  /** "save this as 上海护肤高价值客户": the thread's last query's filters, under a name. */
  | { kind: 'save_segment'; name: string }
  /** "data quality today?", "数据质量怎么样": the latest quality report. */
  | { kind: 'quality_status' }
  /** "export this", "导出": how to ask for an export (Slack's door takes these before the core does). */
  | { kind: 'export_request' }
  /** "what does churned share mean", "复购率怎么算": the catalog's definition, not a figure. */
  | { kind: 'definition'; metrics: MetricId[] };

const SAVE = [/^(?:please\s+)?save\s+(?:this|it|that|these(?: customers)?|them)?\s*(?:segment\s+)?as\s+(.+)$/i, /^(?:请)?(?:把)?(?:这个|这批客户|这些客户|这个分群)?(?:保存|存|另存)(?:为|成)(?:分群)?[:：]?\s*(.+)$/];
const EXPORT = /^(?:please\s+)?(?:export|download)\b|\b(?:a |an |as )?(?:csv|excel|xlsx|spreadsheet)\b|^(?:请)?(?:导出|下载)|表格文件/;
const QUALITY = new RegExp([
  /\b(?:data quality|data health|quality (?:report|status|checks?|score)|(?:is|how) (?:the |our )?data (?:fresh|stale|up to date|ok|okay|clean|reliable|trustworthy)|data freshness)\b/.source,
  /\bhow (?:fresh|old|recent) is (?:the |our )?data\b|\bdata (?:problems?|issues?|errors?)\b|\bwhen was (?:the |our )?data (?:last )?(?:updated|loaded|refreshed)\b/.source,
  /数据质量|质量报告|数据健康|数据(?:是否|是不是|够|是)?(?:新鲜|最新|及时|准确|可靠|干净)|数据(?:有|有没有)?(?:问题|异常)|数据(?:什么时候|何时)更新/.source,
].join('|'));

/** Words that ask what a figure is rather than its value. */
const DEFINE_EN = 'mean|means|meaning|definition|define|defined|calculated|calculate|computed|compute|measured|formula';
const DEFINE_ZH = '什么意思|啥意思|的定义|定义|怎么算|如何计算|怎么计算|计算方法|计算公式|口径|什么是|是什么';
const DEFINE = new RegExp(`\\b(?:${DEFINE_EN}|what is an?|what's an?)\\b|${DEFINE_ZH}`);
/** All a definition question may hold besides metric names; anything more asks about data ("what is revenue in Shanghai"). */
const DEFINE_ONLY = new RegExp(`^(?:what(?:'s| is| are| does)?|how(?: is| are| do (?:you|we))?|definition of|the|an?|of|by|please|exactly|here|in precis|${DEFINE_EN}|${DEFINE_ZH}|是|的|请问|\\s|[?？。.,，!！])*$`);

const CUSTOMER_ID = /(?:\bcustomer|\bclient|顾客|客户|会员)\s*(?:#|no\.?|id|编号|号)?\s*[:：]?\s*(\d{1,12})(?!\d)/;
const NEW_ONLY = /\b(?:new (?:products?|items?|things)|never (?:bought|purchased)|not bought|cross-?sell\w*)\b|没买过|未买过|新品|交叉销售/;
const RECOMMEND = /\b(?:recommend\w*|suggest\w*|next best|what (?:should|could|can) (?:we|i) (?:offer|sell|show))\b|推荐|推什么|卖什么/;

const ALSO_BOUGHT = [
  /\b(?:customers|people|those|shoppers) who (?:bought|buy|purchased) (.+?) also (?:bought|buy|purchased)\b/,
  /\b(?:often |frequently )?(?:bought|buy|buys|buying|purchased?|purchasing) (?:together )?with (.+?)\s*[?？]?$/,
  /\balso bought with (.+?)\s*[?？]?$/,
  /买了?(.+?)的(?:人|客户|顾客|用户)(?:还|也|通常)(?:会)?买/,
  /(?:和|跟|与)(.+?)一起(?:买|购买)/,
];

/** A list of customers, with the words that say so (removed before the rest is read). */
const LIST = [
  // "which customers spent the most", "who bought the most last month": a list is ordered by spend.
  /(?<=\b(?:customers?|who)\b.*)\b(?:spent|spend|spends|spending|bought|ordered|purchased)\s+(?:the\s+)?most\b/,
  /\b(?:list(?: of)?|which|who are the|biggest|best)\b(?=.*\b(?:customers?|spenders)\b)/, /(?=\btop\s+\d*\s*(?:customers|spenders)\b)/, /\bcustomer list\b/, /名单|列出|列一下|哪些(?=客户|顾客)|客户列表/, /(?:消费|花钱|购买|买得)最(?:高|多)的(?=.*(?:客户|顾客))/];
/** "top 20", "前20": how many rows, taken out before the audience is read. */
const HOW_MANY = /\b(?:top|first)\s+(\d{1,3})\b|前\s*(\d{1,3})\s*(?:名|位|个)?/;
const PROMOTE_VERBS = [
  /\bwhat (?:products? |items? )?(?:to|should we|can we|could we) (?:promote|offer|push|recommend|sell)(?: to| for)?\b/,
  /\b(?:products? |items? )?to (?:promote|push|offer) (?:to|for)\b/,
  /\bpromot\w* (?:products? |items? )?(?:to|for)\b/,
  /\brecommend(?:ations?)? (?:products? |items? )?(?:to|for)\b/,
  // 推荐 alone is too common ("推荐率"): it must ask what to recommend, or end "给…推荐".
  /(?:推荐|推广)(?:(?:什么|哪些)(?:的)?(?:商品|产品)?|(?:些)?(?:商品|产品))|推什么(?:的)?(?:商品|产品)?/,
  /(?<=^(?:给|向|对).*)(?:推荐|推广)$/,
];
/** Taken out only once a promotion verb was found: "给…推荐", "向…推广". */
const PROMOTE_PARTICLES = [/^(?:给|向|对)/];

/** Questions may rank customers by what they spent; a list is always ordered by spend. */
const LIST_METRICS: readonly MetricId[] = ['customers', 'active_customers', 'new_customers', 'revenue', 'orders', 'aov', 'clv'];

/** The question without the first match of each pattern that matches. */
function without(text: string, patterns: readonly RegExp[]): { text: string; hit: boolean } {
  let out = text;
  let hit = false;
  for (const re of patterns) {
    const m = re.exec(out);
    if (!m) continue;
    hit = true;
    out = `${out.slice(0, m.index)} ${out.slice(m.index + m[0].length)}`;
  }
  return { text: out.replace(/\s+/g, ' ').trim(), hit };
}

/** The audience the rest of the question describes, as a list or promotion query; undefined if it is not about customers. */
function audienceQuery(rest: string, intent: 'list' | 'promote', ctx: RulesContext): RulesResult | undefined {
  const n = HOW_MANY.exec(rest);
  const limit = n ? Number(n[1] ?? n[2]) : null;
  const read = parseRules(n ? `${rest.slice(0, n.index)} ${rest.slice(n.index + n[0].length)}` : rest, ctx);
  // "at-risk customers in Shanghai" names an audience but no figure, so the parser asks which
  // figure; a list needs none, and every option carries the same audience.
  const q = read.kind === 'query' ? read.query : read.kind === 'clarify' && read.reason === 'vague' ? read.options[0]?.query : undefined;
  if (!q) return read.kind === 'clarify' ? read : undefined;
  if (q.dimensions.length > 0 || !q.metrics.every((m) => LIST_METRICS.includes(m))) return undefined;
  // "new customers" are those who signed up in the period; with no period, the RFM segment of
  // recent first buyers. Any other figure only says the audience are customers (buyers, when a
  // period is named: the period then applies to their orders).
  const isNew = q.metrics.includes('new_customers');
  const segmentNamed = q.filters.some((f) => f.dimension === 'segment');
  const metrics: MetricId[] = isNew && q.period ? ['new_customers'] : ['customers'];
  const filters = isNew && !q.period && !segmentNamed ? [...q.filters, { dimension: 'segment' as const, values: ['new'] }] : q.filters;
  const query: QuerySpec = { intent, metrics, dimensions: [], filters, period: q.period, sort: null, limit: limit && limit > 0 ? limit : null, compare: null };
  return { kind: 'query', query, confidence: read.kind === 'query' ? read.confidence : 0.85 };
}

/**
 * "what does churned share mean", "how is revenue calculated", "复购率是什么意思": only metric
 * names and the words of asking, so nothing a figure could be computed for.
 */
function definitionOf(text: string, ctx: RulesContext): RequestQuestion | undefined {
  if (!DEFINE.test(text)) return undefined;
  const found = scan(text, ctx.lexicon);
  const metrics = [...new Set(found.flatMap((m) => (m.target.kind === 'metric' ? [m.target.id] : [])))];
  if (metrics.length === 0 || found.length !== found.filter((m) => m.target.kind === 'metric').length) return undefined;
  const rest = found.reduce((t, m) => blank(t, m.index, m.length), text);
  return DEFINE_ONLY.test(rest) ? { kind: 'definition', metrics } : undefined;
}

/**
 * Commands that are never a follow-up, even in a thread ("save this as Beijing VIPs" must not
 * read as "and in Beijing?"): saving a segment, the quality report, an export.
 */
export function readCommand(question: string): RequestQuestion | undefined {
  // The name keeps its case as typed.
  const cased = question.normalize('NFKC').replace(/\s+/g, ' ').trim();
  for (const re of SAVE) {
    const name = re.exec(cased)?.[1];
    if (name) return { kind: 'save_segment', name };
  }
  const text = normalizeQuestion(question);
  if (EXPORT.test(text)) return { kind: 'export_request' };
  return QUALITY.test(text) ? { kind: 'quality_status' } : undefined;
}

/** Whether the words ask for a list, a promotion or recommendations: a new request, never a follow-up edit. */
export function asksForRecords(question: string): boolean {
  const text = normalizeQuestion(question);
  return [...LIST, ...PROMOTE_VERBS, ...ALSO_BOUGHT].some((re) => re.test(text)) || (CUSTOMER_ID.test(text) && RECOMMEND.test(text));
}

export function readRequest(question: string, ctx: RulesContext): RequestQuestion | RulesResult | undefined {
  const text = normalizeQuestion(question);
  const definition = definitionOf(text, ctx);
  if (definition) return definition;
  const id = CUSTOMER_ID.exec(text);
  if (id && RECOMMEND.test(text)) return { kind: 'recommend_customer', customerId: Number(id[1]), newOnly: NEW_ONLY.test(text) };
  for (const re of ALSO_BOUGHT) {
    const m = re.exec(text);
    const product = m?.[1]?.replace(/["“”'‘’「」]/g, '').trim();
    if (product) return { kind: 'also_bought', product };
  }
  const promote = without(text, PROMOTE_VERBS);
  if (promote.hit && !/\bhow many\b|多少/.test(text)) {
    const read = audienceQuery(without(promote.text, PROMOTE_PARTICLES).text, 'promote', ctx);
    if (read) return read;
  }
  const list = without(text, LIST);
  if (list.hit) return audienceQuery(list.text, 'list', ctx);
  return undefined;
}
