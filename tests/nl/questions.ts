/**
 * The question set: questions a marketer would type, in English and Chinese, each with the exact
 * query it must become — or the clarification, help or "unknown" it must get instead. "Today" is
 * Saturday 2026-11-28 in Shanghai, the values are tests/helpers/lexicon.ts. Shared by
 * tests/nl/questions.test.ts (the rules parser must reach its targets) and bench/eval-nl.ts
 * (accuracy per language, intent and tag, for the rules parser and the model parser).
 *
 * Tags: date (a period beyond "last month"), words (numbers in words), typo, fuzzy (a partial or
 * near name), mixed (both languages), filter, multi (two values of one dimension), vague,
 * ambiguous, unknown-value, out-of-scope, help; probe marks questions written after the parser's
 * first version, to see how it does on wording it was not built on (some it still misses).
 *
 * The scoring lives here too, so the test and the bench count alike.
 */
import { isDeepStrictEqual } from 'node:util';
import type { Lang } from '../../src/messages/index.ts';
import type { ClarifyReason } from '../../src/nl/rules.ts';
import type { Understanding } from '../../src/nl/understand.ts';
import type { Period, QuerySpec } from '../../src/query/dsl.ts';
import type { MetricId } from '../../src/semantic/index.ts';
import { q } from '../helpers/query.ts';

/** A query; a question back; help; "not understood"; or one of the requests that are not a query. */
export type Expectation =
  | QuerySpec
  | { clarify: ClarifyReason }
  | { segments: string[] }
  | { recommendFor: number; newOnly: boolean }
  | { alsoBought: string }
  | { saveAs: string }
  | { define: MetricId[] }
  | 'quality'
  | 'export'
  | 'help'
  | 'unknown';

export interface Question {
  q: string;
  lang: Lang;
  expect: Expectation;
  tags: string[];
}

/** Where the eval files a question: the query's intent, or what it must get instead. */
export const expectationKind = (e: Expectation): string =>
  e === 'help' || e === 'unknown' || e === 'quality' || e === 'export'
    ? e
    : 'clarify' in e
      ? 'clarify'
      : 'segments' in e
        ? 'segment_summary'
        : 'recommendFor' in e
          ? 'recommend_customer'
          : 'alsoBought' in e
            ? 'also_bought'
            : 'saveAs' in e
              ? 'save_segment'
              : 'define' in e
                ? 'definition'
                : e.intent;

const top = (metric: QuerySpec['metrics'][number], dimension: QuerySpec['dimensions'][number], limit: number, direction: 'asc' | 'desc', rest: Partial<QuerySpec> = {}) =>
  q({ intent: 'top', metrics: [metric], dimensions: [dimension], sort: { metric, direction }, limit, ...rest });
const city = (...values: string[]) => ({ dimension: 'city' as const, values });
const platform = (...values: string[]) => ({ dimension: 'platform' as const, values });
const category = (...values: string[]) => ({ dimension: 'category' as const, values });
const brand = (...values: string[]) => ({ dimension: 'brand' as const, values });
const region = (...values: string[]) => ({ dimension: 'region' as const, values });
const segment = (...values: string[]) => ({ dimension: 'segment' as const, values });

const span = (start: string, end: string) => (label: string): Period => ({ start, end, label });
/** Periods as of Saturday 2026-11-28 (weeks start on Monday). */
const P = {
  today: span('2026-11-28', '2026-11-29'),
  yesterday: span('2026-11-27', '2026-11-28'),
  dayBeforeYesterday: span('2026-11-26', '2026-11-27'),
  thisWeek: span('2026-11-23', '2026-11-30'),
  lastWeek: span('2026-11-16', '2026-11-23'),
  weekBeforeLast: span('2026-11-09', '2026-11-16'),
  thisMonth: span('2026-11-01', '2026-12-01'),
  lastMonth: span('2026-10-01', '2026-11-01'),
  september: span('2026-09-01', '2026-10-01'),
  thisQuarter: span('2026-10-01', '2027-01-01'),
  lastQuarter: span('2026-07-01', '2026-10-01'),
  thisYear: span('2026-01-01', '2027-01-01'),
  lastYear: span('2025-01-01', '2026-01-01'),
  y2024: span('2024-01-01', '2025-01-01'),
  ytd: span('2026-01-01', '2026-11-29'),
  last7: span('2026-11-22', '2026-11-29'),
  last14: span('2026-11-15', '2026-11-29'),
  last30: span('2026-10-30', '2026-11-29'),
  last90: span('2026-08-31', '2026-11-29'),
  last3m: span('2026-08-29', '2026-11-29'),
  last6m: span('2026-05-29', '2026-11-29'),
  last12m: span('2025-11-29', '2026-11-29'),
  q3: span('2026-07-01', '2026-10-01'),
  q3_2025: span('2025-07-01', '2025-10-01'),
  q3_2024: span('2024-07-01', '2024-10-01'),
  q4_2025: span('2025-10-01', '2026-01-01'),
  h1_2025: span('2025-01-01', '2025-07-01'),
  h1: span('2026-01-01', '2026-07-01'),
  h2: span('2026-07-01', '2027-01-01'),
  q1to3_2025: span('2025-01-01', '2025-04-01'),
  firstThreeMonths: span('2026-01-01', '2026-04-01'),
  firstThreeQuarters: span('2026-01-01', '2026-10-01'),
  march2025: span('2025-03-01', '2025-04-01'),
  sinceMarch: span('2026-03-01', '2026-11-29'),
  sinceSeptember: span('2026-09-01', '2026-11-29'),
  nov11: span('2026-11-11', '2026-11-12'),
  nov1to15: span('2026-11-01', '2026-11-16'),
  lastNovember: span('2025-11-01', '2025-12-01'),
};

const clarify = (reason: ClarifyReason) => ({ clarify: reason });
const en = (text: string, expect: Expectation, ...tags: string[]): Question => ({ q: text, lang: 'en', expect, tags });
const zh = (text: string, expect: Expectation, ...tags: string[]): Question => ({ q: text, lang: 'zh', expect, tags });

const english: Question[] = [
  // one figure
  en('how many customers do we have?', q({ intent: 'metric', metrics: ['customers'] })),
  en('total revenue last month', q({ intent: 'metric', metrics: ['revenue'], period: P.lastMonth('last month') })),
  en('number of orders yesterday', q({ intent: 'metric', metrics: ['orders'], period: P.yesterday('yesterday') })),
  en('what was our GMV in 2025?', q({ intent: 'metric', metrics: ['revenue'], period: P.lastYear('2025') }), 'date'),
  en('average order value this year', q({ intent: 'metric', metrics: ['aov'], period: P.thisYear('this year') })),
  en('units sold last week', q({ intent: 'metric', metrics: ['units'], period: P.lastWeek('last week') })),
  en('new signups this month', q({ intent: 'metric', metrics: ['new_customers'], period: P.thisMonth('this month') })),
  en('repeat purchase rate over the last 90 days', q({ intent: 'metric', metrics: ['repeat_rate'], period: P.last90('the last 90 days') }), 'date'),
  en("what's our churn rate?", q({ intent: 'metric', metrics: ['churned_share'] })),
  en('customer lifetime value', q({ intent: 'metric', metrics: ['clv'] })),
  en('average days since last order', q({ intent: 'metric', metrics: ['avg_days_since_last_order'] })),
  en('how many active buyers did we have in Q3 2025?', q({ intent: 'metric', metrics: ['active_customers'], period: P.q3_2025('q3 2025') }), 'date'),
  en('how many orders today?', q({ intent: 'metric', metrics: ['orders'], period: P.today('today') })),
  en('revenue for the past week', q({ intent: 'metric', metrics: ['revenue'], period: P.last7('the past week') }), 'date'),
  en('orders in the last two weeks', q({ intent: 'metric', metrics: ['orders'], period: P.last14('the last two weeks') }), 'date', 'words'),
  en('revenue over the past twelve months', q({ intent: 'metric', metrics: ['revenue'], period: P.last12m('the past twelve months') }), 'date', 'words'),
  en('aov since March', q({ intent: 'metric', metrics: ['aov'], period: P.sinceMarch('since march') }), 'date'),
  en('units sold between Jan and Mar 2025', q({ intent: 'metric', metrics: ['units'], period: P.q1to3_2025('between jan and mar 2025') }), 'date'),
  en('revenue in March 2025', q({ intent: 'metric', metrics: ['revenue'], period: P.march2025('march 2025') }), 'date'),
  en('revenue in Q3', q({ intent: 'metric', metrics: ['revenue'], period: P.q3('q3') }), 'date'),
  en('orders in the first half of 2025', q({ intent: 'metric', metrics: ['orders'], period: P.h1_2025('the first half of 2025') }), 'date'),
  en('new customers since the start of the year', q({ intent: 'metric', metrics: ['new_customers'], period: P.ytd('since the start of the year') }), 'date'),
  en("revenue on Singles' Day", q({ intent: 'metric', metrics: ['revenue'], period: P.nov11("singles' day") }), 'date'),
  en('orders from 2026-11-01 to 2026-11-15', q({ intent: 'metric', metrics: ['orders'], period: P.nov1to15('from 2026-11-01 to 2026-11-15') }), 'date'),
  en('revenue the week before last', q({ intent: 'metric', metrics: ['revenue'], period: P.weekBeforeLast('the week before last') }), 'date'),
  en('churn in q4 last year', q({ intent: 'metric', metrics: ['churned_share'], period: P.q4_2025('q4 last year') }), 'date'),
  en('clv for the last six months', q({ intent: 'metric', metrics: ['clv'], period: P.last6m('the last six months') }), 'date', 'words'),
  en('how many buyers in the past 3 months', q({ intent: 'metric', metrics: ['active_customers'], period: P.last3m('the past 3 months') }), 'date'),
  en('revenue and orders this month', q({ intent: 'metric', metrics: ['revenue', 'orders'], period: P.thisMonth('this month') })),
  en('orders the day before yesterday', q({ intent: 'metric', metrics: ['orders'], period: P.dayBeforeYesterday('the day before yesterday') }), 'date'),
  en('revenue in the second half of the year', q({ intent: 'metric', metrics: ['revenue'], period: P.h2('the second half of the year') }), 'date'),
  // filters
  en('revenue in Shanghai', q({ intent: 'metric', metrics: ['revenue'], filters: [city('Shanghai')] }), 'filter'),
  en('orders on JD last month', q({ intent: 'metric', metrics: ['orders'], filters: [platform('jd')], period: P.lastMonth('last month') }), 'filter'),
  en('revenue on our website this year', q({ intent: 'metric', metrics: ['revenue'], filters: [platform('shopify')], period: P.thisYear('this year') }), 'filter'),
  en('skincare revenue in 2025', q({ intent: 'metric', metrics: ['revenue'], filters: [category('Skincare')], period: P.lastYear('2025') }), 'filter'),
  en('Lumina sales last quarter', q({ intent: 'metric', metrics: ['revenue'], filters: [brand('Lumina')], period: P.lastQuarter('last quarter') }), 'filter'),
  en('sales in Hong Kong year to date', q({ intent: 'metric', metrics: ['revenue'], filters: [city('Hong Kong')], period: P.ytd('year to date') }), 'filter', 'date'),
  en('how many customers in Guangdong?', q({ intent: 'metric', metrics: ['customers'], filters: [region('Guangdong')] }), 'filter'),
  en('ltv in Beijing', q({ intent: 'metric', metrics: ['clv'], filters: [city('Beijing')] }), 'filter'),
  en('revenue in the Beauty category', q({ intent: 'metric', metrics: ['revenue'], filters: [category('Beauty')] }), 'filter'),
  en('units of Kestrel on Tmall in September', q({ intent: 'metric', metrics: ['units'], filters: [brand('Kestrel'), platform('tmall')], period: P.september('september') }), 'filter'),
  // breakdowns
  en('revenue by city last 30 days', q({ intent: 'breakdown', metrics: ['revenue'], dimensions: ['city'], period: P.last30('last 30 days') })),
  en('orders by platform in 2025', q({ intent: 'breakdown', metrics: ['orders'], dimensions: ['platform'], period: P.lastYear('2025') })),
  en('customers by region', q({ intent: 'breakdown', metrics: ['customers'], dimensions: ['region'] })),
  en('revenue by country this year', q({ intent: 'breakdown', metrics: ['revenue'], dimensions: ['country'], period: P.thisYear('this year') })),
  en('customers by gender', q({ intent: 'breakdown', metrics: ['customers'], dimensions: ['gender'] })),
  en('aov by channel last quarter', q({ intent: 'breakdown', metrics: ['aov'], dimensions: ['channel'], period: P.lastQuarter('last quarter') })),
  en('customers by age group', q({ intent: 'breakdown', metrics: ['customers'], dimensions: ['age_band'] })),
  en('customers by signup cohort', q({ intent: 'breakdown', metrics: ['customers'], dimensions: ['signup_cohort'] })),
  en('revenue by category in 2025', q({ intent: 'breakdown', metrics: ['revenue'], dimensions: ['category'], period: P.lastYear('2025') })),
  en('units by product last month', q({ intent: 'breakdown', metrics: ['units'], dimensions: ['product'], period: P.lastMonth('last month') })),
  en('revenue by brand for skincare', q({ intent: 'breakdown', metrics: ['revenue'], dimensions: ['brand'], filters: [category('Skincare')] }), 'filter'),
  en('orders by city and platform', q({ intent: 'breakdown', metrics: ['orders'], dimensions: ['city', 'platform'] })),
  en('repeat rate by platform', q({ intent: 'breakdown', metrics: ['repeat_rate'], dimensions: ['platform'] })),
  en('churn rate by region', q({ intent: 'breakdown', metrics: ['churned_share'], dimensions: ['region'] })),
  en('average days since last order by city', q({ intent: 'breakdown', metrics: ['avg_days_since_last_order'], dimensions: ['city'] })),
  en('new customers by platform this year', q({ intent: 'breakdown', metrics: ['new_customers'], dimensions: ['platform'], period: P.thisYear('this year') })),
  en('active customers by age band in 2025', q({ intent: 'breakdown', metrics: ['active_customers'], dimensions: ['age_band'], period: P.lastYear('2025') })),
  en('clv by channel', q({ intent: 'breakdown', metrics: ['clv'], dimensions: ['channel'] })),
  en('revenue in Shanghai and Beijing', q({ intent: 'breakdown', metrics: ['revenue'], dimensions: ['city'], filters: [city('Shanghai', 'Beijing')] }), 'multi'),
  en('Tmall vs JD revenue last month', q({ intent: 'breakdown', metrics: ['revenue'], dimensions: ['platform'], filters: [platform('tmall', 'jd')], period: P.lastMonth('last month') }), 'multi'),
  en('revenue by category and gender', q({ intent: 'breakdown', metrics: ['revenue'], dimensions: ['category', 'gender'] })),
  en('how do sales break down by channel?', q({ intent: 'breakdown', metrics: ['revenue'], dimensions: ['channel'] })),
  en('sales volume by brand', q({ intent: 'breakdown', metrics: ['units'], dimensions: ['brand'] })),
  en('revenue by segment', q({ intent: 'breakdown', metrics: ['revenue'], dimensions: ['segment'] })),
  en('customers by market', q({ intent: 'breakdown', metrics: ['customers'], dimensions: ['country'] })),
  en('revenue per sku this month', q({ intent: 'breakdown', metrics: ['revenue'], dimensions: ['product'], period: P.thisMonth('this month') })),
  // rankings
  en('top 10 products by revenue this year', top('revenue', 'product', 10, 'desc', { period: P.thisYear('this year') })),
  en('top five cities by orders', top('orders', 'city', 5, 'desc'), 'words'),
  en('best-selling products last week', top('units', 'product', 10, 'desc', { period: P.lastWeek('last week') })),
  en('bottom 3 platforms by aov', top('aov', 'platform', 3, 'asc')),
  en('top 3 brands by units sold in 2025', top('units', 'brand', 3, 'desc', { period: P.lastYear('2025') })),
  en('which city has the most customers?', top('customers', 'city', 10, 'desc')),
  en('lowest churn rate by region', top('churned_share', 'region', 10, 'asc')),
  en('top 20 categories by revenue last month', top('revenue', 'category', 20, 'desc', { period: P.lastMonth('last month') })),
  en('top twenty skus by units', top('units', 'product', 20, 'desc'), 'words'),
  en('5 best cities by clv', top('clv', 'city', 5, 'desc')),
  en('top countries by new customers', top('new_customers', 'country', 10, 'desc')),
  en('highest repeat rate brands', top('repeat_rate', 'brand', 10, 'desc')),
  en('top 5 cities', top('revenue', 'city', 5, 'desc')),
  en('worst performing categories by revenue last quarter', top('revenue', 'category', 10, 'asc', { period: P.lastQuarter('last quarter') })),
  en('top dozen products by orders', top('orders', 'product', 12, 'desc'), 'words'),
  en('top 3 channels by average order value in Shanghai', top('aov', 'channel', 3, 'desc', { filters: [city('Shanghai')] }), 'filter'),
  // trends
  en('monthly revenue this year', q({ intent: 'trend', metrics: ['revenue'], dimensions: ['month'], period: P.thisYear('this year') })),
  en('daily orders last week', q({ intent: 'trend', metrics: ['orders'], dimensions: ['day'], period: P.lastWeek('last week') })),
  en('weekly new customers in the last 3 months', q({ intent: 'trend', metrics: ['new_customers'], dimensions: ['week'], period: P.last3m('the last 3 months') }), 'date'),
  en('quarterly revenue in 2025', q({ intent: 'trend', metrics: ['revenue'], dimensions: ['quarter'], period: P.lastYear('2025') })),
  en('revenue by year', q({ intent: 'trend', metrics: ['revenue'], dimensions: ['year'] })),
  en('revenue trend this year', q({ intent: 'trend', metrics: ['revenue'], dimensions: ['month'], period: P.thisYear('this year') })),
  en('orders trend over the last 30 days', q({ intent: 'trend', metrics: ['orders'], dimensions: ['day'], period: P.last30('the last 30 days') })),
  en('aov by month in 2025', q({ intent: 'trend', metrics: ['aov'], dimensions: ['month'], period: P.lastYear('2025') })),
  en('units per day this week', q({ intent: 'trend', metrics: ['units'], dimensions: ['day'], period: P.thisWeek('this week') })),
  en('customers by month', q({ intent: 'trend', metrics: ['customers'], dimensions: ['month'] })),
  en('monthly revenue by platform this year', q({ intent: 'trend', metrics: ['revenue'], dimensions: ['platform', 'month'], period: P.thisYear('this year') })),
  en('repeat rate by quarter', q({ intent: 'trend', metrics: ['repeat_rate'], dimensions: ['quarter'] })),
  en('churn rate each month this year', q({ intent: 'trend', metrics: ['churned_share'], dimensions: ['month'], period: P.thisYear('this year') })),
  en('revenue over time in Shanghai', q({ intent: 'trend', metrics: ['revenue'], dimensions: ['month'], filters: [city('Shanghai')] }), 'filter'),
  en('weekly orders since September', q({ intent: 'trend', metrics: ['orders'], dimensions: ['week'], period: P.sinceSeptember('since september') }), 'date'),
  // comparisons
  en('revenue this month vs last month', q({ intent: 'compare', metrics: ['revenue'], period: P.thisMonth('this month'), compare: { kind: 'custom', period: P.lastMonth('last month') } })),
  en('orders 2025 vs 2024', q({ intent: 'compare', metrics: ['orders'], period: P.lastYear('2025'), compare: { kind: 'custom', period: P.y2024('2024') } })),
  en('revenue yoy this quarter', q({ intent: 'compare', metrics: ['revenue'], period: P.thisQuarter('this quarter'), compare: { kind: 'previous_year', period: P.q4_2025('yoy') } })),
  en(
    'aov last month compared to the previous month',
    q({ intent: 'compare', metrics: ['aov'], period: P.lastMonth('last month'), compare: { kind: 'previous_period', period: P.september('compared to the previous month') } }),
  ),
  en(
    'revenue by platform this year vs last year',
    q({ intent: 'compare', metrics: ['revenue'], dimensions: ['platform'], period: P.thisYear('this year'), compare: { kind: 'custom', period: P.lastYear('last year') } }),
  ),
  en('revenue vs last month', q({ intent: 'compare', metrics: ['revenue'], period: P.thisMonth('this month'), compare: { kind: 'custom', period: P.lastMonth('last month') } })),
  en('orders in q3 2025 versus q3 2024', q({ intent: 'compare', metrics: ['orders'], period: P.q3_2025('q3 2025'), compare: { kind: 'custom', period: P.q3_2024('q3 2024') } }), 'date'),
  en('units sold last year compared with 2024', q({ intent: 'compare', metrics: ['units'], period: P.lastYear('last year'), compare: { kind: 'custom', period: P.y2024('2024') } })),
  en('mom orders growth in October', q({ intent: 'compare', metrics: ['orders'], period: P.lastMonth('october'), compare: { kind: 'previous_period', period: P.september('mom') } })),
  en(
    'Shanghai revenue this year vs last year',
    q({ intent: 'compare', metrics: ['revenue'], filters: [city('Shanghai')], period: P.thisYear('this year'), compare: { kind: 'custom', period: P.lastYear('last year') } }),
    'filter',
  ),
  en('revenue growth this month', clarify('ambiguous'), 'ambiguous'),
  en('revenue yoy', clarify('vague'), 'vague'),
  // typos and near names
  en('revenue in Shangai last month', q({ intent: 'metric', metrics: ['revenue'], filters: [city('Shanghai')], period: P.lastMonth('last month') }), 'typo'),
  en('revnue by city', q({ intent: 'breakdown', metrics: ['revenue'], dimensions: ['city'] }), 'typo'),
  en('ordres by platform', q({ intent: 'breakdown', metrics: ['orders'], dimensions: ['platform'] }), 'typo'),
  en('custmers by region', q({ intent: 'breakdown', metrics: ['customers'], dimensions: ['region'] }), 'typo'),
  en('skincre revenue', q({ intent: 'metric', metrics: ['revenue'], filters: [category('Skincare')] }), 'typo'),
  en('revenue in Shanghia', q({ intent: 'metric', metrics: ['revenue'], filters: [city('Shanghai')] }), 'typo'),
  en('top 5 brnads by revenue', top('revenue', 'brand', 5, 'desc'), 'typo'),
  en('revenue in Bejing', q({ intent: 'metric', metrics: ['revenue'], filters: [city('Beijing')] }), 'typo'),
  en('reveune last month', q({ intent: 'metric', metrics: ['revenue'], period: P.lastMonth('last month') }), 'typo'),
  en('revenue in Hangzou', q({ intent: 'metric', metrics: ['revenue'], filters: [city('Hangzhou')] }), 'typo'),
  en('aov in new yrok', q({ intent: 'metric', metrics: ['aov'], filters: [city('New York')] }), 'typo'),
  en('electronic revenue', q({ intent: 'metric', metrics: ['revenue'], filters: [category('Electronics')] }), 'fuzzy'),
  en('orders on Tmal', clarify('unknown_value'), 'typo', 'unknown-value'),
  en('Lumia revenue', clarify('unknown_value'), 'typo', 'unknown-value'),
  // vague: about the business, but which figure?
  en('how are we doing?', clarify('vague'), 'vague'),
  en('show me Shanghai', clarify('vague'), 'vague'),
  en('how did Tmall do last month?', clarify('vague'), 'vague'),
  en('give me an overview of this year', clarify('vague'), 'vague'),
  en('what about by city?', clarify('vague'), 'vague'),
  en('business performance', clarify('vague'), 'vague'),
  en('Beijing', clarify('vague'), 'vague'),
  // two readings
  en('top customers', clarify('ambiguous'), 'ambiguous'),
  en('best sales products', clarify('ambiguous'), 'ambiguous'),
  // names the data does not have
  en('revenue for Nike', clarify('unknown_value'), 'unknown-value'),
  en('orders on Amazon', clarify('unknown_value'), 'unknown-value'),
  en('female customers', q({ intent: 'metric', metrics: ['customers'], filters: [{ dimension: 'gender', values: ['female'] }] }), 'filter'),
  en('revenue in Paris', clarify('unknown_value'), 'unknown-value'),
  en('sales of the Adidas brand', clarify('unknown_value'), 'unknown-value'),
  en('revenue from marketing consent customers', clarify('unknown_value'), 'unknown-value'),
  // not about the business
  en("what's the weather like in Beijing?", 'unknown', 'out-of-scope'),
  en('tell me a joke', 'unknown', 'out-of-scope'),
  en('what is the meaning of life?', 'unknown', 'out-of-scope'),
  en('who won the football game yesterday?', 'unknown', 'out-of-scope'),
  en('top 10 movies of 2025', 'unknown', 'out-of-scope'),
  // written after a first version of the parser, as a probe of questions it was not built on
  en('How much revenue did Shopify bring in last quarter?', q({ intent: 'metric', metrics: ['revenue'], filters: [platform('shopify')], period: P.lastQuarter('last quarter') }), 'probe', 'filter'),
  en('Avg order value per city in 2025', q({ intent: 'breakdown', metrics: ['aov'], dimensions: ['city'], period: P.lastYear('2025') }), 'probe'),
  en('Compare Q1 and Q2 revenue', q({ intent: 'compare', metrics: ['revenue'], period: span('2026-01-01', '2026-04-01')('q1'), compare: { kind: 'custom', period: span('2026-04-01', '2026-07-01')('q2') } }), 'probe', 'date'),
  en('orders per week in october', q({ intent: 'trend', metrics: ['orders'], dimensions: ['week'], period: P.lastMonth('october') }), 'probe'),
  en('Which age group spends the most?', top('revenue', 'age_band', 10, 'desc'), 'probe'),
  en('number of new customers by signup month', q({ intent: 'breakdown', metrics: ['new_customers'], dimensions: ['signup_cohort'] }), 'probe'),
  en('orders in Chengdu vs Wuhan this year', q({ intent: 'breakdown', metrics: ['orders'], dimensions: ['city'], filters: [city('Chengdu', 'Wuhan')], period: P.thisYear('this year') }), 'probe', 'multi'),
  en('lapsed customers share by platform', q({ intent: 'breakdown', metrics: ['churned_share'], dimensions: ['platform'] }), 'probe'),
  en('revenue for last month and this month', q({ intent: 'compare', metrics: ['revenue'], period: P.thisMonth('this month'), compare: { kind: 'custom', period: P.lastMonth('last month') } }), 'probe'),
  en('customer count trend', q({ intent: 'trend', metrics: ['customers'], dimensions: ['month'] }), 'probe'),
  en('which products sold the most this week', top('units', 'product', 10, 'desc', { period: P.thisWeek('this week') }), 'probe'),
  en('top sellers in the kitchen category', top('units', 'product', 10, 'desc', { filters: [category('Kitchen')] }), 'probe', 'filter'),
  en('customers who signed up in 2025', q({ intent: 'metric', metrics: ['new_customers'], period: P.lastYear('2025') }), 'probe'),
  en('how much did customers spend in 2025', q({ intent: 'metric', metrics: ['revenue'], period: P.lastYear('2025') }), 'probe'),
  en('what did we make last month', q({ intent: 'metric', metrics: ['revenue'], period: P.lastMonth('last month') }), 'probe'),
  en('How many SKUs did we sell yesterday?', clarify('vague'), 'probe', 'vague'),
  en('revenue from the UK', q({ intent: 'metric', metrics: ['revenue'], filters: [{ dimension: 'country', values: ['GB'] }] }), 'probe', 'filter'),
  en('orders by hour', clarify('unknown_value'), 'probe', 'unknown-value'),
  en('refund rate last month', q({ intent: 'metric', metrics: ['refund_rate'], period: P.lastMonth('last month') }), 'probe'),
  // real misses of 2026-11-29 (probes written after the parser): numbers, exclusions and contact
  // details that were dropped, a ranking's count said before its word, "compare … with …"
  en('show me the 5 worst selling brands last quarter', top('units', 'brand', 5, 'asc', { period: P.lastQuarter('last quarter') }), 'probe'),
  en('compare revenue this week with last week', q({ intent: 'compare', metrics: ['revenue'], period: P.thisWeek('this week'), compare: { kind: 'custom', period: P.lastWeek('last week') } }), 'probe', 'date'),
  en('how many new customers signed up in October', q({ intent: 'metric', metrics: ['new_customers'], period: P.lastMonth('october') }), 'probe'),
  en('what is the average basket size on jd', q({ intent: 'metric', metrics: ['aov'], filters: [platform('jd')] }), 'probe', 'filter'),
  en('is the data fresh', 'quality', 'probe', 'quality'),
  en('number of orders with more than 3 items', clarify('unknown_value'), 'probe', 'unknown-value'),
  en('revenue not from tmall this year', clarify('unknown_value'), 'probe', 'unknown-value'),
  en('orders from zhang.wei@example.cn', clarify('unknown_value'), 'probe', 'unknown-value'),
  en('revenue in the US', q({ intent: 'metric', metrics: ['revenue'], filters: [{ dimension: 'country', values: ['US'] }] }), 'probe', 'filter'),
  en('orders from China', q({ intent: 'metric', metrics: ['orders'], filters: [{ dimension: 'country', values: ['CN'] }] }), 'probe', 'filter'),
  en('show us revenue by city', q({ intent: 'breakdown', metrics: ['revenue'], dimensions: ['city'] }), 'probe'),
  en('least popular brands last month', top('units', 'brand', 10, 'asc', { period: P.lastMonth('last month') }), 'probe'),
  en('which month had the highest revenue this year', top('revenue', 'month', 10, 'desc', { period: P.thisYear('this year') }), 'probe', 'date'),
  en('How many customers bought something last month?', q({ intent: 'metric', metrics: ['customers'], period: P.lastMonth('last month') }), 'probe'),
  en("Compare this month's revenue to the same month last year", q({ intent: 'compare', metrics: ['revenue'], period: P.thisMonth('this month'), compare: { kind: 'previous_year', period: P.lastNovember('to the same month last year') } }), 'probe', 'date'),
  en('No. of customers by city', q({ intent: 'breakdown', metrics: ['customers'], dimensions: ['city'] }), 'probe'),
  en('is revenue going up', clarify('vague'), 'probe', 'vague'),
  en('revenue in fall 2025', clarify('unknown_value'), 'probe', 'unknown-value'),
  en('how are sales in Beijing trending', q({ intent: 'trend', metrics: ['revenue'], dimensions: ['month'], filters: [city('Beijing')] }), 'probe', 'filter'),
  en('revenue on Monday', q({ intent: 'metric', metrics: ['revenue'], period: span('2026-11-23', '2026-11-24')('monday') }), 'probe', 'date'),
  en('revenue since last Monday', q({ intent: 'metric', metrics: ['revenue'], period: span('2026-11-23', '2026-11-29')('since last monday') }), 'probe', 'date'),
  en('who are the at risk customers in Shanghai', q({ intent: 'list', metrics: ['customers'], filters: [{ dimension: 'segment', values: ['at_risk'] }, city('Shanghai')] }), 'probe', 'list'),
  // 11/11 reads the same either way round, and is Singles' Day; other slash dates are asked back.
  en('revenue on 11/11', q({ intent: 'metric', metrics: ['revenue'], period: P.nov11('11/11') }), 'probe', 'date'),
  en('revenue on 3/4', clarify('unknown_value'), 'probe', 'unknown-value'),
  // customer lists, promotions, recommendations (src/nl/requests.ts)
  en('list at-risk customers in Shanghai', q({ intent: 'list', metrics: ['customers'], filters: [segment('at_risk'), city('Shanghai')] }), 'list'),
  en('which customers bought skincare on tmall?', q({ intent: 'list', metrics: ['customers'], filters: [category('Skincare'), platform('tmall')] }), 'list'),
  en('top 10 customers by revenue', q({ intent: 'list', metrics: ['customers'], limit: 10 }), 'list'),
  en('customer list of champions in Beijing', q({ intent: 'list', metrics: ['customers'], filters: [segment('champions'), city('Beijing')] }), 'list'),
  en('what to promote to at-risk customers in Shanghai', q({ intent: 'promote', metrics: ['customers'], filters: [segment('at_risk'), city('Shanghai')] }), 'promote'),
  en('what should we offer to dormant customers?', q({ intent: 'promote', metrics: ['customers'], filters: [segment('dormant')] }), 'promote'),
  en('recommend products for customer 1042', { recommendFor: 1042, newOnly: false }, 'recommend'),
  en('what should we offer customer #77?', { recommendFor: 77, newOnly: false }, 'recommend'),
  en('recommend new products for customer 1042', { recommendFor: 1042, newOnly: true }, 'recommend'),
  en('customers who bought rose serum also bought', { alsoBought: 'rose serum' }, 'recommend'),
  en('what is often bought with drip coffee?', { alsoBought: 'drip coffee' }, 'recommend'),
  en('save this as Shanghai skincare VIPs', { saveAs: 'Shanghai skincare VIPs' }, 'save'),
  // what a figure is, not its value
  en('what does churned share mean?', { define: ['churned_share'] }, 'define'),
  en('how is revenue calculated', { define: ['revenue'] }, 'define'),
  en('definition of repeat purchase rate', { define: ['repeat_rate'] }, 'define'),
  en('what is revenue in Shanghai', q({ intent: 'metric', metrics: ['revenue'], filters: [city('Shanghai')] }), 'define'),
  en('data quality today?', 'quality', 'quality'),
  en('export this', 'export', 'export'),
  en('customer referral rate', clarify('unknown_value'), 'out-of-scope'),
  en('how is our data quality', 'quality', 'quality'),
  en('help', 'help', 'help'),
  en('what can you do?', 'help', 'help'),
];

const chinese: Question[] = [
  // 单个数字
  zh('我们有多少客户？', q({ intent: 'metric', metrics: ['customers'] })),
  zh('上个月的销售额是多少', q({ intent: 'metric', metrics: ['revenue'], period: P.lastMonth('上个月') })),
  zh('昨天有多少订单', q({ intent: 'metric', metrics: ['orders'], period: P.yesterday('昨天') })),
  zh('2025年的GMV', q({ intent: 'metric', metrics: ['revenue'], period: P.lastYear('2025年') }), 'date'),
  zh('今年的客单价', q({ intent: 'metric', metrics: ['aov'], period: P.thisYear('今年') })),
  zh('上周的销量', q({ intent: 'metric', metrics: ['units'], period: P.lastWeek('上周') })),
  zh('本月新客户数', q({ intent: 'metric', metrics: ['new_customers'], period: P.thisMonth('本月') })),
  zh('近90天的复购率', q({ intent: 'metric', metrics: ['repeat_rate'], period: P.last90('近90天') }), 'date'),
  zh('流失率是多少', q({ intent: 'metric', metrics: ['churned_share'] })),
  zh('客户终身价值', q({ intent: 'metric', metrics: ['clv'] })),
  zh('平均未购天数', q({ intent: 'metric', metrics: ['avg_days_since_last_order'] })),
  zh('2025年第三季度的活跃客户数', q({ intent: 'metric', metrics: ['active_customers'], period: P.q3_2025('2025年第三季度') }), 'date'),
  zh('今天的订单数', q({ intent: 'metric', metrics: ['orders'], period: P.today('今天') })),
  zh('过去一周的销售额', q({ intent: 'metric', metrics: ['revenue'], period: P.last7('过去一周') }), 'date', 'words'),
  zh('最近两周的订单', q({ intent: 'metric', metrics: ['orders'], period: P.last14('最近两周') }), 'date', 'words'),
  zh('近十二个月的销售额', q({ intent: 'metric', metrics: ['revenue'], period: P.last12m('近十二个月') }), 'date', 'words'),
  zh('3月以来的客单价', q({ intent: 'metric', metrics: ['aov'], period: P.sinceMarch('3月以来') }), 'date'),
  zh('2025年1月到3月的销量', q({ intent: 'metric', metrics: ['units'], period: P.q1to3_2025('2025年1月到3月') }), 'date'),
  zh('2025年3月的销售额', q({ intent: 'metric', metrics: ['revenue'], period: P.march2025('2025年3月') }), 'date'),
  zh('第三季度的销售额', q({ intent: 'metric', metrics: ['revenue'], period: P.q3('第三季度') }), 'date'),
  zh('2025年上半年的订单数', q({ intent: 'metric', metrics: ['orders'], period: P.h1_2025('2025年上半年') }), 'date'),
  zh('年初至今的新客数', q({ intent: 'metric', metrics: ['new_customers'], period: P.ytd('年初至今') }), 'date'),
  zh('双十一的销售额', q({ intent: 'metric', metrics: ['revenue'], period: P.nov11('双十一') }), 'date'),
  zh('上上周的销售额', q({ intent: 'metric', metrics: ['revenue'], period: P.weekBeforeLast('上上周') }), 'date'),
  zh('去年第四季度的流失率', q({ intent: 'metric', metrics: ['churned_share'], period: P.q4_2025('去年第四季度') }), 'date'),
  zh('近半年的客户终身价值', q({ intent: 'metric', metrics: ['clv'], period: P.last6m('近半年') }), 'date'),
  zh('前三个月有多少活跃客户', q({ intent: 'metric', metrics: ['active_customers'], period: P.last3m('前三个月') }), 'date', 'words'),
  zh('今年前三个月的销售额', q({ intent: 'metric', metrics: ['revenue'], period: P.firstThreeMonths('今年前三个月') }), 'date', 'words'),
  zh('下半年的订单', q({ intent: 'metric', metrics: ['orders'], period: P.h2('下半年') }), 'date'),
  zh('11月11日的订单数', q({ intent: 'metric', metrics: ['orders'], period: P.nov11('11月11日') }), 'date'),
  zh('前三季度的销售额', q({ intent: 'metric', metrics: ['revenue'], period: P.firstThreeQuarters('前三季度') }), 'date', 'words'),
  zh('前天的订单', q({ intent: 'metric', metrics: ['orders'], period: P.dayBeforeYesterday('前天') }), 'date'),
  zh('去年11月的销售额', q({ intent: 'metric', metrics: ['revenue'], period: P.lastNovember('去年11月') }), 'date'),
  zh('销售额和订单数', q({ intent: 'metric', metrics: ['revenue', 'orders'] })),
  // 筛选
  zh('上海的销售额', q({ intent: 'metric', metrics: ['revenue'], filters: [city('Shanghai')] }), 'filter'),
  zh('上个月京东的订单量', q({ intent: 'metric', metrics: ['orders'], filters: [platform('jd')], period: P.lastMonth('上个月') }), 'filter'),
  zh('今年官网的销售额', q({ intent: 'metric', metrics: ['revenue'], filters: [platform('shopify')], period: P.thisYear('今年') }), 'filter'),
  zh('2025年护肤品类的销售额', q({ intent: 'metric', metrics: ['revenue'], filters: [category('Skincare')], period: P.lastYear('2025年') }), 'filter'),
  zh('香港今年以来的销售额', q({ intent: 'metric', metrics: ['revenue'], filters: [city('Hong Kong')], period: P.ytd('今年以来') }), 'filter', 'date'),
  zh('广东有多少客户', q({ intent: 'metric', metrics: ['customers'], filters: [region('Guangdong')] }), 'filter'),
  zh('深圳市的订单数', q({ intent: 'metric', metrics: ['orders'], filters: [city('Shenzhen')] }), 'filter'),
  zh('美妆类目的客单价', q({ intent: 'metric', metrics: ['aov'], filters: [category('Beauty')] }), 'filter'),
  zh('天猫上母婴的销量', q({ intent: 'metric', metrics: ['units'], filters: [platform('tmall'), category('Baby')] }), 'filter'),
  zh('北京的客户终身价值', q({ intent: 'metric', metrics: ['clv'], filters: [city('Beijing')] }), 'filter'),
  // 拆分
  zh('近30天各城市的销售额', q({ intent: 'breakdown', metrics: ['revenue'], dimensions: ['city'], period: P.last30('近30天') })),
  zh('2025年各平台的订单数', q({ intent: 'breakdown', metrics: ['orders'], dimensions: ['platform'], period: P.lastYear('2025年') })),
  zh('各省份的客户数', q({ intent: 'breakdown', metrics: ['customers'], dimensions: ['region'] })),
  zh('今年各国家的销售额', q({ intent: 'breakdown', metrics: ['revenue'], dimensions: ['country'], period: P.thisYear('今年') })),
  zh('客户的性别分布', q({ intent: 'breakdown', metrics: ['customers'], dimensions: ['gender'] })),
  zh('上季度各渠道的客单价', q({ intent: 'breakdown', metrics: ['aov'], dimensions: ['channel'], period: P.lastQuarter('上季度') })),
  zh('各年龄段的客户数', q({ intent: 'breakdown', metrics: ['customers'], dimensions: ['age_band'] })),
  zh('按注册月份看客户数', q({ intent: 'breakdown', metrics: ['customers'], dimensions: ['signup_cohort'] })),
  zh('2025年各品类的销售额', q({ intent: 'breakdown', metrics: ['revenue'], dimensions: ['category'], period: P.lastYear('2025年') })),
  zh('上个月各商品的销量', q({ intent: 'breakdown', metrics: ['units'], dimensions: ['product'], period: P.lastMonth('上个月') })),
  zh('护肤品类下各品牌的销售额', q({ intent: 'breakdown', metrics: ['revenue'], dimensions: ['brand'], filters: [category('Skincare')] }), 'filter'),
  zh('各城市各平台的订单数', q({ intent: 'breakdown', metrics: ['orders'], dimensions: ['city', 'platform'] })),
  zh('各平台的复购率', q({ intent: 'breakdown', metrics: ['repeat_rate'], dimensions: ['platform'] })),
  zh('各地区的流失率', q({ intent: 'breakdown', metrics: ['churned_share'], dimensions: ['region'] })),
  zh('各城市的平均未购天数', q({ intent: 'breakdown', metrics: ['avg_days_since_last_order'], dimensions: ['city'] })),
  zh('今年各平台的新客户', q({ intent: 'breakdown', metrics: ['new_customers'], dimensions: ['platform'], period: P.thisYear('今年') })),
  zh('2025年各年龄段的活跃客户', q({ intent: 'breakdown', metrics: ['active_customers'], dimensions: ['age_band'], period: P.lastYear('2025年') })),
  zh('各渠道的客户终身价值', q({ intent: 'breakdown', metrics: ['clv'], dimensions: ['channel'] })),
  zh('上海和北京的销售额', q({ intent: 'breakdown', metrics: ['revenue'], dimensions: ['city'], filters: [city('Shanghai', 'Beijing')] }), 'multi'),
  zh(
    '上个月天猫和京东的销售额对比',
    q({ intent: 'breakdown', metrics: ['revenue'], dimensions: ['platform'], filters: [platform('tmall', 'jd')], period: P.lastMonth('上个月') }),
    'multi',
  ),
  zh('按品类和性别看销售额', q({ intent: 'breakdown', metrics: ['revenue'], dimensions: ['category', 'gender'] })),
  zh('各品牌的销售量', q({ intent: 'breakdown', metrics: ['units'], dimensions: ['brand'] })),
  zh('各客户分群的销售额', q({ intent: 'breakdown', metrics: ['revenue'], dimensions: ['segment'] })),
  zh('各市场的客户数', q({ intent: 'breakdown', metrics: ['customers'], dimensions: ['country'] })),
  zh('本月每个单品的销售额', q({ intent: 'breakdown', metrics: ['revenue'], dimensions: ['product'], period: P.thisMonth('本月') })),
  // 排行
  zh('今年销售额前5的商品', top('revenue', 'product', 5, 'desc', { period: P.thisYear('今年') })),
  zh('客户最多的3个城市', top('customers', 'city', 3, 'desc')),
  zh('上周最畅销的商品', top('units', 'product', 10, 'desc', { period: P.lastWeek('上周') })),
  zh('客单价最低的3个平台', top('aov', 'platform', 3, 'asc')),
  zh('2025年销量前十的品牌', top('units', 'brand', 10, 'desc', { period: P.lastYear('2025年') }), 'words'),
  zh('订单数最多的城市', top('orders', 'city', 10, 'desc')),
  zh('流失率最高的地区', top('churned_share', 'region', 10, 'desc')),
  zh('上个月销售额排名前20的品类', top('revenue', 'category', 20, 'desc', { period: P.lastMonth('上个月') })),
  zh('卖得最好的五款商品', top('units', 'product', 5, 'desc'), 'words'),
  zh('复购率最高的品牌', top('repeat_rate', 'brand', 10, 'desc')),
  zh('新客户最多的国家', top('new_customers', 'country', 10, 'desc')),
  zh('客户终身价值最低的五个城市', top('clv', 'city', 5, 'asc'), 'words'),
  zh('前5的城市', top('revenue', 'city', 5, 'desc')),
  zh('上海销售额前三的商品', top('revenue', 'product', 3, 'desc', { filters: [city('Shanghai')] }), 'filter', 'words'),
  zh('客单价最高的渠道', top('aov', 'channel', 10, 'desc')),
  // 趋势
  zh('今年每月销售额', q({ intent: 'trend', metrics: ['revenue'], dimensions: ['month'], period: P.thisYear('今年') })),
  zh('上周每天的订单', q({ intent: 'trend', metrics: ['orders'], dimensions: ['day'], period: P.lastWeek('上周') })),
  zh('近三个月每周的新客户', q({ intent: 'trend', metrics: ['new_customers'], dimensions: ['week'], period: P.last3m('近三个月') }), 'words'),
  zh('2025年按季度的销售额', q({ intent: 'trend', metrics: ['revenue'], dimensions: ['quarter'], period: P.lastYear('2025年') })),
  zh('每年的销售额', q({ intent: 'trend', metrics: ['revenue'], dimensions: ['year'] })),
  zh('今年销售额趋势', q({ intent: 'trend', metrics: ['revenue'], dimensions: ['month'], period: P.thisYear('今年') })),
  zh('近30天订单走势', q({ intent: 'trend', metrics: ['orders'], dimensions: ['day'], period: P.last30('近30天') })),
  zh('2025年每月的客单价', q({ intent: 'trend', metrics: ['aov'], dimensions: ['month'], period: P.lastYear('2025年') })),
  zh('本周每日销量', q({ intent: 'trend', metrics: ['units'], dimensions: ['day'], period: P.thisWeek('本周') })),
  zh('每个月的客户数', q({ intent: 'trend', metrics: ['customers'], dimensions: ['month'] })),
  zh('今年每月各平台的销售额', q({ intent: 'trend', metrics: ['revenue'], dimensions: ['platform', 'month'], period: P.thisYear('今年') })),
  zh('每季度的复购率', q({ intent: 'trend', metrics: ['repeat_rate'], dimensions: ['quarter'] })),
  zh('今年每月的流失率', q({ intent: 'trend', metrics: ['churned_share'], dimensions: ['month'], period: P.thisYear('今年') })),
  zh('上海的销售额趋势', q({ intent: 'trend', metrics: ['revenue'], dimensions: ['month'], filters: [city('Shanghai')] }), 'filter'),
  zh('年度销售额', q({ intent: 'trend', metrics: ['revenue'], dimensions: ['year'] })),
  // 对比
  zh('本月销售额对比上月', q({ intent: 'compare', metrics: ['revenue'], period: P.thisMonth('本月'), compare: { kind: 'custom', period: P.lastMonth('上月') } })),
  zh('2025年和2024年的订单数', q({ intent: 'compare', metrics: ['orders'], period: P.lastYear('2025年'), compare: { kind: 'custom', period: P.y2024('2024年') } })),
  zh('本季度销售额同比', q({ intent: 'compare', metrics: ['revenue'], period: P.thisQuarter('本季度'), compare: { kind: 'previous_year', period: P.q4_2025('同比') } })),
  zh('上个月订单环比', q({ intent: 'compare', metrics: ['orders'], period: P.lastMonth('上个月'), compare: { kind: 'previous_period', period: P.september('环比') } })),
  zh(
    '今年各平台销售额与去年相比',
    q({ intent: 'compare', metrics: ['revenue'], dimensions: ['platform'], period: P.thisYear('今年'), compare: { kind: 'custom', period: P.lastYear('去年') } }),
  ),
  zh('客单价比上个月', q({ intent: 'compare', metrics: ['aov'], period: P.thisMonth('本月'), compare: { kind: 'custom', period: P.lastMonth('上个月') } })),
  zh(
    '上海今年的销售额和去年比',
    q({ intent: 'compare', metrics: ['revenue'], filters: [city('Shanghai')], period: P.thisYear('今年'), compare: { kind: 'custom', period: P.lastYear('去年') } }),
    'filter',
  ),
  zh(
    '本月订单数与去年同期相比',
    q({ intent: 'compare', metrics: ['orders'], period: P.thisMonth('本月'), compare: { kind: 'previous_year', period: span('2025-11-01', '2025-12-01')('与去年同期相比') } }),
  ),
  zh('销售额同比增长', clarify('vague'), 'vague'),
  zh('本月销售额增长了多少', clarify('ambiguous'), 'ambiguous'),
  // 错字与近似名称
  zh('杭洲的销售额', clarify('unknown_value'), 'typo', 'unknown-value'),
  zh('上个月的销受额', clarify('unknown_value'), 'typo', 'unknown-value'),
  zh('耳机的销量', q({ intent: 'metric', metrics: ['units'], filters: [category('Audio')] }), 'fuzzy'),
  zh('护肤的销售额', q({ intent: 'metric', metrics: ['revenue'], filters: [category('Skincare')] }), 'filter'),
  zh('营业额', q({ intent: 'metric', metrics: ['revenue'] })),
  zh('复购怎么样', q({ intent: 'metric', metrics: ['repeat_rate'] }), 'fuzzy'),
  // 中英混合
  zh('上个月 revenue by city', q({ intent: 'breakdown', metrics: ['revenue'], dimensions: ['city'], period: P.lastMonth('上个月') }), 'mixed'),
  zh('Tmall 的销售额', q({ intent: 'metric', metrics: ['revenue'], filters: [platform('tmall')] }), 'mixed', 'filter'),
  zh('今年 top 10 products', top('revenue', 'product', 10, 'desc', { period: P.thisYear('今年') }), 'mixed'),
  zh('2025年 orders by platform', q({ intent: 'breakdown', metrics: ['orders'], dimensions: ['platform'], period: P.lastYear('2025年') }), 'mixed'),
  zh('Lumina 上个月的销量', q({ intent: 'metric', metrics: ['units'], filters: [brand('Lumina')], period: P.lastMonth('上个月') }), 'mixed', 'filter'),
  zh('本月 GMV 同比', q({ intent: 'compare', metrics: ['revenue'], period: P.thisMonth('本月'), compare: { kind: 'previous_year', period: span('2025-11-01', '2025-12-01')('同比') } }), 'mixed'),
  zh('aov 各城市', q({ intent: 'breakdown', metrics: ['aov'], dimensions: ['city'] }), 'mixed'),
  zh('新加坡 customers', q({ intent: 'metric', metrics: ['customers'], filters: [city('Singapore')] }), 'mixed', 'filter'),
  zh('skincare 的 top 5 brands', top('revenue', 'brand', 5, 'desc', { filters: [category('Skincare')] }), 'mixed', 'filter'),
  zh('revnue 上海', q({ intent: 'metric', metrics: ['revenue'], filters: [city('Shanghai')] }), 'mixed', 'typo'),
  // 模糊：问的是业务，但要看哪个数？
  zh('最近怎么样', clarify('vague'), 'vague'),
  zh('上海', clarify('vague'), 'vague'),
  zh('上个月天猫表现如何', clarify('vague'), 'vague'),
  zh('今年的业绩', clarify('vague'), 'vague'),
  zh('按城市看看', clarify('vague'), 'vague'),
  zh('生意怎么样', clarify('vague'), 'vague'),
  // 两种理解
  zh('最好的客户', clarify('ambiguous'), 'ambiguous'),
  zh('销售最好的品类', clarify('ambiguous'), 'ambiguous'),
  zh('销售额前10的客户', clarify('ambiguous'), 'ambiguous'),
  // 数据里没有的名称
  zh('巴黎的销售额', clarify('unknown_value'), 'unknown-value'),
  zh('露米娜品牌的销售额', clarify('unknown_value'), 'unknown-value'),
  zh('女性客户数', q({ intent: 'metric', metrics: ['customers'], filters: [{ dimension: 'gender', values: ['female'] }] }), 'filter'),
  zh('拼多多上的订单', clarify('unknown_value'), 'unknown-value'),
  zh('线上销售额', clarify('unknown_value'), 'unknown-value'),
  // 与业务无关
  zh('今天天气怎么样', 'unknown', 'out-of-scope'),
  zh('给我讲个笑话', 'unknown', 'out-of-scope'),
  zh('帮我订一张机票', 'unknown', 'out-of-scope'),
  zh('你是谁', 'unknown', 'out-of-scope'),
  zh('明天会下雨吗', 'unknown', 'out-of-scope'),
  // 第一版解析器写完之后补充的问题，用来检验它没见过的问法
  zh('上个月卖了多少钱', q({ intent: 'metric', metrics: ['revenue'], period: P.lastMonth('上个月') }), 'probe'),
  zh('哪个平台卖得最好', top('units', 'platform', 10, 'desc'), 'probe'),
  zh('北京上海广州的订单', q({ intent: 'breakdown', metrics: ['orders'], dimensions: ['city'], filters: [city('Beijing', 'Shanghai', 'Guangzhou')] }), 'probe', 'multi'),
  zh('看一下近7天每天的销售额', q({ intent: 'trend', metrics: ['revenue'], dimensions: ['day'], period: P.last7('近7天') }), 'probe'),
  zh('本月新增了多少客户', q({ intent: 'metric', metrics: ['new_customers'], period: P.thisMonth('本月') }), 'probe', 'fuzzy'),
  zh('数码产品的销售额', q({ intent: 'metric', metrics: ['revenue'], filters: [category('Electronics')] }), 'probe', 'filter'),
  zh('客户数最多的前三个省', top('customers', 'region', 3, 'desc'), 'probe', 'words'),
  zh('天猫旗舰店的订单', q({ intent: 'metric', metrics: ['orders'], filters: [platform('tmall')] }), 'probe', 'filter'),
  zh('国庆期间的销售额', q({ intent: 'metric', metrics: ['revenue'], period: span('2026-10-01', '2026-10-08')('国庆期间') }), 'probe', 'date'),
  zh('每个品牌卖了多少件', q({ intent: 'breakdown', metrics: ['units'], dimensions: ['brand'] }), 'probe'),
  zh('最近一个月的订单量', q({ intent: 'metric', metrics: ['orders'], period: span('2026-10-29', '2026-11-29')('最近一个月') }), 'probe', 'date', 'words'),
  zh('今年每个季度的订单', q({ intent: 'trend', metrics: ['orders'], dimensions: ['quarter'], period: P.thisYear('今年') }), 'probe'),
  zh('零食类目上个月的销量', q({ intent: 'metric', metrics: ['units'], filters: [category('Snacks')], period: P.lastMonth('上个月') }), 'probe', 'filter'),
  zh('茶饮和零食的销售额对比', q({ intent: 'breakdown', metrics: ['revenue'], dimensions: ['category'], filters: [category('Tea & Coffee', 'Snacks')] }), 'probe', 'multi'),
  zh('这个月赚了多少', q({ intent: 'metric', metrics: ['revenue'], period: P.thisMonth('这个月') }), 'probe'),
  zh('去年同期的销售额', clarify('vague'), 'probe', 'vague'),
  zh('这周的销售情况', clarify('ambiguous'), 'probe', 'ambiguous'),
  zh('哪个品类增长最快', clarify('vague'), 'probe', 'vague'),
  zh('我想看看每个年龄段的消费', clarify('ambiguous'), 'probe', 'ambiguous'),
  zh('男性客户的客单价', q({ intent: 'metric', metrics: ['aov'], filters: [{ dimension: 'gender', values: ['male'] }] }), 'probe', 'filter'),
  zh('转化率', 'unknown', 'probe', 'out-of-scope'),
  // customer lists, promotions, recommendations (src/nl/requests.ts)
  zh('上海的流失风险客户名单', q({ intent: 'list', metrics: ['customers'], filters: [city('Shanghai'), segment('at_risk')] }), 'list'),
  zh('列出北京的重要价值客户', q({ intent: 'list', metrics: ['customers'], filters: [city('Beijing'), segment('champions')] }), 'list'),
  zh('哪些客户在天猫买过护肤品', q({ intent: 'list', metrics: ['customers'], filters: [platform('tmall'), category('Skincare')] }), 'list'),
  zh('消费最高的前10名客户', q({ intent: 'list', metrics: ['customers'], limit: 10 }), 'list'),
  zh('给上海的流失风险客户推荐什么', q({ intent: 'promote', metrics: ['customers'], filters: [city('Shanghai'), segment('at_risk')] }), 'promote'),
  zh('向沉睡客户推广什么', q({ intent: 'promote', metrics: ['customers'], filters: [segment('dormant')] }), 'promote'),
  zh('给客户1042推荐什么', { recommendFor: 1042, newOnly: false }, 'recommend'),
  zh('顾客 77 适合买什么推荐', { recommendFor: 77, newOnly: false }, 'recommend'),
  zh('给客户1042推荐他没买过的商品', { recommendFor: 1042, newOnly: true }, 'recommend'),
  zh('买了玫瑰精华的人还买什么', { alsoBought: '玫瑰精华' }, 'recommend'),
  zh('和挂耳咖啡一起买的商品', { alsoBought: '挂耳咖啡' }, 'recommend'),
  zh('保存为上海护肤高价值客户', { saveAs: '上海护肤高价值客户' }, 'save'),
  zh('复购率是什么意思', { define: ['repeat_rate'] }, 'define'),
  zh('客单价怎么算', { define: ['aov'] }, 'define'),
  zh('什么是客户终身价值', { define: ['clv'] }, 'define'),
  zh('上海的客单价是多少', q({ intent: 'metric', metrics: ['aov'], filters: [city('Shanghai')] }), 'define'),
  zh('数据质量怎么样', 'quality', 'quality'),
  zh('客户推荐率', clarify('unknown_value'), 'out-of-scope'),
  zh('给沉睡客户推荐', q({ intent: 'promote', metrics: ['customers'], filters: [segment('dormant')] }), 'promote'),
  zh('导出这份数据', 'export', 'export'),
  zh('今天的数据质量报告', 'quality', 'quality'),
  zh('数据是否最新', 'quality', 'probe', 'quality'),
  // real misses of 2026-11-29: a refund, an age and an amount threshold, and exclusions, all dropped
  zh('上个月京东的退款订单有多少', q({ intent: 'metric', metrics: ['refunded_orders'], filters: [platform('jd')], period: P.lastMonth('上个月') }), 'probe', 'filter'),
  zh('30岁以上客户的销售额', clarify('unknown_value'), 'probe', 'unknown-value'),
  zh('客单价超过500的订单有多少', clarify('unknown_value'), 'probe', 'unknown-value'),
  zh('不是天猫的销售额', clarify('unknown_value'), 'probe', 'unknown-value'),
  // real misses of 2026-11-29 (afternoon): an audience of new customers dropped (promotions to
  // everyone), recommendations to a segment not read, and counts of a segment asked back
  en('what should we promote to new customers', q({ intent: 'promote', metrics: ['customers'], filters: [segment('new')] }), 'probe', 'promote'),
  zh('给新客户推荐什么', q({ intent: 'promote', metrics: ['customers'], filters: [segment('new')] }), 'probe', 'promote'),
  en('list new customers this month', q({ intent: 'list', metrics: ['new_customers'], period: P.thisMonth('this month') }), 'probe', 'list'),
  en('what to recommend to champions', q({ intent: 'promote', metrics: ['customers'], filters: [segment('champions')] }), 'probe', 'promote'),
  en('recommend products for dormant customers in shanghai', q({ intent: 'promote', metrics: ['customers'], filters: [segment('dormant'), city('Shanghai')] }), 'probe', 'promote'),
  en('what products should we recommend to loyal customers', q({ intent: 'promote', metrics: ['customers'], filters: [segment('loyal')] }), 'probe', 'promote'),
  en('how many dormant customers in hangzhou', q({ intent: 'metric', metrics: ['customers'], filters: [segment('dormant'), city('Hangzhou')] }), 'probe'),
  en('how many champions do we have', q({ intent: 'metric', metrics: ['customers'], filters: [segment('champions')] }), 'probe'),
  zh('杭州有多少沉睡客户', q({ intent: 'metric', metrics: ['customers'], filters: [city('Hangzhou'), segment('dormant')] }), 'probe'),
  zh('有多少重要价值客户', q({ intent: 'metric', metrics: ['customers'], filters: [segment('champions')] }), 'probe'),
  // real misses of 2026-11-29: "grew the most" ranked by the value, not the change; a count said
  // before what is ranked ("which 3 cities") was not read
  en('which 3 cities grew the most in 2025 vs 2024', q({ intent: 'compare', metrics: ['revenue'], dimensions: ['city'], period: P.lastYear('2025'), sort: { metric: 'revenue', direction: 'desc', change: true }, limit: 3, compare: { kind: 'custom', period: P.y2024('2024') } }), 'probe', 'compare'),
  en('which cities declined the most in 2025 vs 2024', q({ intent: 'compare', metrics: ['revenue'], dimensions: ['city'], period: P.lastYear('2025'), sort: { metric: 'revenue', direction: 'asc', change: true }, limit: 10, compare: { kind: 'custom', period: P.y2024('2024') } }), 'probe', 'compare'),
  en('top 5 cities by revenue growth this year', q({ intent: 'compare', metrics: ['revenue'], dimensions: ['city'], period: P.thisYear('this year'), sort: { metric: 'revenue', direction: 'desc', change: true }, limit: 5, compare: { kind: 'previous_year', period: P.lastYear('same period last year') } }), 'probe', 'compare'),
  zh('今年增长最快的3个城市', q({ intent: 'compare', metrics: ['revenue'], dimensions: ['city'], period: P.thisYear('今年'), sort: { metric: 'revenue', direction: 'desc', change: true }, limit: 3, compare: { kind: 'previous_year', period: P.lastYear('去年同期') } }), 'probe', 'compare'),
  en('the 5 brands with the highest revenue', top('revenue', 'brand', 5, 'desc'), 'probe', 'top'),
  zh('哪3个城市销售额最高', top('revenue', 'city', 3, 'desc'), 'probe', 'top'),
  // real misses of 2026-11-29: "revenue of new customers" answered as two figures; a holiday of a
  // named year; words for "in total" and "how long since they bought"
  en('how much revenue came from new customers this month', clarify('unknown_value'), 'probe', 'unknown-value'),
  zh('新客户的销售额', clarify('unknown_value'), 'probe', 'unknown-value'),
  en('revenue from active customers last month', q({ intent: 'metric', metrics: ['revenue'], period: P.lastMonth('last month') }), 'probe'),
  zh('去年双十一的订单量', q({ intent: 'metric', metrics: ['orders'], period: span('2025-11-11', '2025-11-12')('去年双十一') }), 'probe'),
  en("last year's singles day revenue", q({ intent: 'metric', metrics: ['revenue'], period: span('2025-11-11', '2025-11-12')("last year's singles day") }), 'probe'),
  zh('客户总数', q({ intent: 'metric', metrics: ['customers'] }), 'probe'),
  zh('平均多少天没买了', q({ intent: 'metric', metrics: ['avg_days_since_last_order'] }), 'probe'),
  // real misses of 2026-11-29: a ratio answered as its two parts (or as the numerator alone), a
  // ranking within another dimension answered as one ranking
  en('orders per customer this year', clarify('unknown_value'), 'probe', 'unknown-value'),
  zh('每个客户的订单数', clarify('unknown_value'), 'probe', 'unknown-value'),
  en('revenue per order on jd', q({ intent: 'metric', metrics: ['aov'], filters: [platform('jd')] }), 'probe'),
  en('top categories in each city', clarify('ambiguous'), 'probe', 'ambiguous'),
  zh('每个城市销量最高的品类', clarify('ambiguous'), 'probe', 'ambiguous'),
  en('summarize the champions segment', { segments: ['champions'] }, 'probe', 'segment'),
  // real misses of 2026-11-29: "多少单" read as revenue; "上海地区" read as a breakdown by region; "上升" as 上海
  zh('昨天成交了多少单', q({ intent: 'metric', metrics: ['orders'], period: P.yesterday('昨天') }), 'probe'),
  zh('今天有多少单', q({ intent: 'metric', metrics: ['orders'], period: P.today('今天') }), 'probe'),
  zh('上海地区天猫平台护肤品类上个月销售额', q({ intent: 'metric', metrics: ['revenue'], filters: [city('Shanghai'), platform('tmall'), category('Skincare')], period: P.lastMonth('上个月') }), 'probe', 'filter'),
  zh('销售额环比上升了吗', clarify('vague'), 'probe', 'compare'),
  // real misses of 2026-11-29: "customers signed up yesterday" counted yesterday's buyers
  en('how many customers signed up yesterday', q({ intent: 'metric', metrics: ['new_customers'], period: P.yesterday('yesterday') }), 'probe'),
  en('how many customers registered last month', q({ intent: 'metric', metrics: ['new_customers'], period: P.lastMonth('last month') }), 'probe'),
  zh('上个月注册的客户数', q({ intent: 'metric', metrics: ['new_customers'], period: P.lastMonth('上个月') }), 'probe'),
  zh('本月有多少人注册', q({ intent: 'metric', metrics: ['new_customers'], period: P.thisMonth('本月') }), 'probe'),
  en('revenue from customers who registered last month', clarify('unknown_value'), 'probe', 'unknown-value'),
  en('how many unique customers bought this month', q({ intent: 'metric', metrics: ['customers'], period: P.thisMonth('this month') }), 'probe', 'words'),
  en("what's the avg basket on tmall this month", q({ intent: 'metric', metrics: ['aov'], filters: [platform('tmall')], period: P.thisMonth('this month') }), 'probe', 'words'),
  en('spend per customer by city', q({ intent: 'breakdown', metrics: ['clv'], dimensions: ['city'] }), 'probe', 'words'),
  zh('Q3各月销售额', q({ intent: 'trend', metrics: ['revenue'], dimensions: ['month'], period: P.q3('q3') }), 'probe', 'words'),
  en('which customers spent the most last month', q({ intent: 'list', metrics: ['customers'], period: P.lastMonth('last month') }), 'probe', 'list'),
  en('who bought the most last month', q({ intent: 'list', metrics: ['customers'], period: P.lastMonth('last month') }), 'probe', 'list'),
  zh('给沉睡客户推荐什么商品', q({ intent: 'promote', metrics: ['customers'], filters: [segment('dormant')] }), 'probe', 'promote'),
  en('where do our customers come from', clarify('vague'), 'probe', 'vague'),
  zh('客户都在哪里', clarify('vague'), 'probe', 'vague'),
  // real misses of 2026-11-29: addressing the assistant read as a contact detail; forecasts answered
  // with the past; shorthand; "WoW" asked back for its unit
  en('@precis revenue last week?', q({ intent: 'metric', metrics: ['revenue'], period: P.lastWeek('last week') }), 'probe', 'words'),
  en('hey precis, what were sales yesterday', q({ intent: 'metric', metrics: ['revenue'], period: P.yesterday('yesterday') }), 'probe', 'words'),
  en('how many customers will churn', clarify('unknown_value'), 'probe', 'unknown-value'),
  en('what will revenue be next month', clarify('unknown_value'), 'probe', 'unknown-value'),
  zh('预测下个月的销售额', clarify('unknown_value'), 'probe', 'unknown-value'),
  en('rev by city MTD', q({ intent: 'breakdown', metrics: ['revenue'], dimensions: ['city'], period: span('2026-11-01', '2026-11-29')('mtd') }), 'probe', 'words'),
  en('WoW orders', q({ intent: 'compare', metrics: ['orders'], period: P.thisWeek('this week'), compare: { kind: 'previous_period', period: P.lastWeek('previous period') } }), 'probe', 'compare'),
  en('at risk customers by city', q({ intent: 'breakdown', metrics: ['customers'], dimensions: ['city'], filters: [segment('at_risk')] }), 'probe'),
  zh('沉睡客户的城市分布', q({ intent: 'breakdown', metrics: ['customers'], dimensions: ['city'], filters: [segment('dormant')] }), 'probe'),
  zh('没有下单的客户', clarify('unknown_value'), 'probe', 'unknown-value'),
  zh('销量最低的5个商品', top('units', 'product', 5, 'asc'), 'probe'),
  zh('最滞销的商品', top('units', 'product', 10, 'asc'), 'probe'),
  zh('上周一的销售额', q({ intent: 'metric', metrics: ['revenue'], period: span('2026-11-16', '2026-11-17')('上周一') }), 'probe', 'date'),
  zh('本周天猫的销售额', q({ intent: 'metric', metrics: ['revenue'], filters: [platform('tmall')], period: P.thisWeek('本周') }), 'probe', 'date', 'filter'),
  zh('最近一周天猫的订单量是多少', q({ intent: 'metric', metrics: ['orders'], filters: [platform('tmall')], period: P.last7('最近一周') }), 'probe', 'date', 'filter'),
  zh('去年全年的销售额是多少', q({ intent: 'metric', metrics: ['revenue'], period: P.lastYear('去年') }), 'probe', 'date'),
  zh('上海和北京哪个销售额高', q({ intent: 'breakdown', metrics: ['revenue'], dimensions: ['city'], filters: [city('Shanghai', 'Beijing')] }), 'probe', 'multi'),
  zh('客单价高的客户', clarify('unknown_value'), 'probe', 'unknown-value'),
  zh('订单量是不是在增长', clarify('vague'), 'probe', 'vague'),
  zh('有没有上海的订单', q({ intent: 'metric', metrics: ['orders'], filters: [city('Shanghai')] }), 'probe', 'filter'),
  zh('本月销售额比上月多多少', q({ intent: 'compare', metrics: ['revenue'], period: P.thisMonth('本月'), compare: { kind: 'custom', period: P.lastMonth('上月') } }), 'probe', 'date'),
  zh('十大畅销商品', top('units', 'product', 10, 'desc'), 'probe', 'words'),
  zh('最后五名的品类', top('revenue', 'category', 5, 'asc'), 'probe', 'words'),
  zh('上海的十大品牌', top('revenue', 'brand', 10, 'desc', { filters: [city('Shanghai')] }), 'probe', 'words', 'filter'),
  zh('中国的客户数', q({ intent: 'metric', metrics: ['customers'], filters: [{ dimension: 'country', values: ['CN'] }] }), 'probe', 'filter'),
  zh('周日的订单数', q({ intent: 'metric', metrics: ['orders'], period: span('2026-11-22', '2026-11-23')('周日') }), 'probe', 'date'),
  zh('老客户的销售额', clarify('unknown_value'), 'probe', 'unknown-value'),
  // real misses of 2026-11-29 (evening): a statistic the catalog lacks ("中位数") was filler and the
  // question answered as a count; names for segments, spend and lists that were not read
  zh('今年的订单中位数', clarify('ambiguous'), 'probe', 'ambiguous'),
  zh('客单价中位数', clarify('ambiguous'), 'probe', 'ambiguous'),
  zh('冠军客户的平均客单价', q({ intent: 'metric', metrics: ['aov'], filters: [segment('champions')] }), 'probe', 'filter'),
  zh('对比冠军客户和流失风险客户', { segments: ['champions', 'at_risk'] }, 'probe', 'segment'),
  zh('北京客户上个月花了多少钱', q({ intent: 'metric', metrics: ['revenue'], filters: [city('Beijing')], period: P.lastMonth('上个月') }), 'probe', 'filter'),
  zh('忠诚客户表现如何', { segments: ['loyal'] }, 'probe', 'segment'),
  en('how is the loyal segment doing', { segments: ['loyal'] }, 'probe', 'segment'),
  en('who are our top 5 spenders in beijing', q({ intent: 'list', metrics: ['customers'], filters: [city('Beijing')], limit: 5 }), 'probe', 'list'),
  en('what are people buying together with lipstick', { alsoBought: 'lipstick' }, 'probe', 'recommend'),
  // "周一以来" was Monday alone; two platforms compared with last year were summed into one row
  zh('周一以来的订单', q({ intent: 'metric', metrics: ['orders'], period: span('2026-11-23', '2026-11-29')('周一以来') }), 'probe', 'date'),
  zh('上周三以来的销售额', q({ intent: 'metric', metrics: ['revenue'], period: span('2026-11-18', '2026-11-29')('上周三以来') }), 'probe', 'date'),
  en('compare tmall and jd revenue this year vs last year', q({ intent: 'compare', metrics: ['revenue'], dimensions: ['platform'], filters: [platform('tmall', 'jd')], period: P.thisYear('this year'), compare: { kind: 'custom', period: P.lastYear('last year') } }), 'probe', 'compare', 'multi'),
  zh('天猫和京东今年与去年的销售额对比', q({ intent: 'compare', metrics: ['revenue'], dimensions: ['platform'], filters: [platform('tmall', 'jd')], period: P.thisYear('今年'), compare: { kind: 'custom', period: P.lastYear('去年') } }), 'probe', 'compare', 'multi'),
  // "by month, this year vs last year" lost its months (a comparison had no time breakdown)
  en('revenue by month this year vs last year', q({ intent: 'compare', metrics: ['revenue'], dimensions: ['month'], period: P.thisYear('this year'), compare: { kind: 'custom', period: P.lastYear('last year') } }), 'probe', 'compare'),
  zh('今年每月销售额和去年对比', q({ intent: 'compare', metrics: ['revenue'], dimensions: ['month'], period: P.thisYear('今年'), compare: { kind: 'custom', period: P.lastYear('去年') } }), 'probe', 'compare'),
  // asked about the data, an export or a promotion in words the requests did not know
  en('any data problems?', 'quality', 'probe'),
  en('how fresh is the data', 'quality', 'probe'),
  en('when was the data last updated', 'quality', 'probe'),
  zh('数据是最新的吗', 'quality', 'probe'),
  en('i need a csv of champions', 'export', 'probe'),
  zh('沉睡客户应该推什么商品', q({ intent: 'promote', metrics: ['customers'], filters: [segment('dormant')] }), 'probe'),
  // long-winded: "I'd like to know", "大概", a count said as 数量 after a metric that ends in 数
  en("I'd like to know how many new customers signed up on tmall in october", q({ intent: 'metric', metrics: ['new_customers'], filters: [platform('tmall')], period: span('2026-10-01', '2026-11-01')('october') }), 'probe', 'filter'),
  zh('请问一下上个月我们在北京的销售额大概是多少呢', q({ intent: 'metric', metrics: ['revenue'], filters: [city('Beijing')], period: P.lastMonth('上个月') }), 'probe', 'filter'),
  zh('上周各个城市的新客户数量分别是多少', q({ intent: 'breakdown', metrics: ['new_customers'], dimensions: ['city'], period: P.lastWeek('上周') }), 'probe'),
  // refunds and cancellations, once asked back as unknown words
  en('how many refunds did we have last month', q({ intent: 'metric', metrics: ['refunded_orders'], period: P.lastMonth('last month') }), 'probe'),
  en('cancelled orders this week', q({ intent: 'metric', metrics: ['cancelled_orders'], period: P.thisWeek('this week') }), 'probe'),
  en('return rate by category', q({ intent: 'breakdown', metrics: ['refund_rate'], dimensions: ['category'] }), 'probe'),
  zh('上个月退款了多少单', q({ intent: 'metric', metrics: ['refunded_orders'], period: P.lastMonth('上个月') }), 'probe'),
  zh('本周取消的订单', q({ intent: 'metric', metrics: ['cancelled_orders'], period: P.thisWeek('本周') }), 'probe'),
  zh('各平台的退款率', q({ intent: 'breakdown', metrics: ['refund_rate'], dimensions: ['platform'] }), 'probe'),
  zh('帮助', 'help', 'help'),
  zh('你能做什么', 'help', 'help'),
];

export const questions: readonly Question[] = [...english, ...chinese];

// Scoring

/** What a parser said, reduced to what the question set can check. */
export type Outcome =
  | { kind: 'query'; query: QuerySpec }
  | { kind: 'clarify'; reason?: string }
  | { kind: 'help' }
  | { kind: 'unknown' }
  | { kind: 'failed'; detail: string }
  | { kind: 'quality' }
  | { kind: 'export' }
  | { kind: 'request'; request: Exclude<Expectation, QuerySpec | { clarify: ClarifyReason } | 'help' | 'unknown' | 'quality' | 'export'> };

/** What understand() said, as an Outcome. */
export function outcomeOf(u: Understanding): Outcome {
  if (u.kind === 'clarify') return { kind: 'clarify', reason: u.reason };
  if (u.kind === 'segment_summary') return { kind: 'request', request: { segments: u.segments } };
  if (u.kind === 'recommend_customer') return { kind: 'request', request: { recommendFor: u.customerId, newOnly: u.newOnly } };
  if (u.kind === 'also_bought') return { kind: 'request', request: { alsoBought: u.product } };
  if (u.kind === 'save_segment') return { kind: 'request', request: { saveAs: u.name } };
  if (u.kind === 'definition') return { kind: 'request', request: { define: u.metrics } };
  if (u.kind === 'quality_status') return { kind: 'quality' };
  if (u.kind === 'export_request') return { kind: 'export' };
  return u;
}

export interface Scored {
  question: Question;
  outcome: Outcome;
  correct: boolean;
  /** A query where the set expects a clarification or "unknown": answered wrongly with confidence. */
  overconfident: boolean;
}

/**
 * A query must equal the expected one exactly; a clarification must give the expected reason
 * when the parser says one (the model parser does not); help and unknown must match.
 */
export function score(question: Question, outcome: Outcome): Scored {
  const e: Expectation = question.expect;
  const kind = expectationKind(e);
  let correct: boolean;
  if (kind === 'help' || kind === 'unknown' || kind === 'quality' || kind === 'export') correct = outcome.kind === kind;
  else if (kind === 'clarify') {
    const reason = (e as { clarify: string }).clarify;
    correct = outcome.kind === 'clarify' && (outcome.reason === undefined || outcome.reason === reason);
  } else if (typeof e === 'object' && !('intent' in e)) correct = outcome.kind === 'request' && isDeepStrictEqual(outcome.request, e);
  else correct = outcome.kind === 'query' && isDeepStrictEqual(outcome.query, e);
  const overconfident = outcome.kind === 'query' && (kind === 'clarify' || kind === 'unknown');
  return { question, outcome, correct, overconfident };
}

export interface Tally {
  correct: number;
  total: number;
}

/** Correct/total per key (language, intent, tag). */
export function tally(scored: readonly Scored[], keys: (s: Scored) => string[]): Map<string, Tally> {
  const out = new Map<string, Tally>();
  for (const s of scored) {
    for (const key of keys(s)) {
      const t = out.get(key) ?? { correct: 0, total: 0 };
      t.total++;
      if (s.correct) t.correct++;
      out.set(key, t);
    }
  }
  return out;
}

export const pct = (t: Tally) => (t.total === 0 ? '–' : `${((100 * t.correct) / t.total).toFixed(1)}%`);

/** One line per miss: the question, what was expected, what came back. */
export function describeMiss(s: Scored): string {
  const e = s.question.expect;
  const expected = typeof e === 'string' ? e : 'clarify' in e ? `clarify:${e.clarify}` : JSON.stringify(e);
  const o = s.outcome;
  const got =
    o.kind === 'query' ? JSON.stringify(o.query) : o.kind === 'clarify' ? `clarify:${o.reason ?? '?'}` : o.kind === 'failed' ? `failed:${o.detail}` : o.kind === 'request' ? JSON.stringify(o.request) : o.kind;
  return `[${s.question.lang}] ${s.question.q}\n    expected ${expected}\n    got      ${got}`;
}
