/**
 * Words that change what a question asks beyond the catalog's names: a count, a ratio, a place,
 * sign-ups, a forecast. The rules parser reads them to pick the figure ("how many champions"),
 * or to ask back instead of answering another question ("orders per customer", "will churn").
 */
import type { DimensionId } from '../../semantic/index.ts';

/** Words that ask for a count: with only a segment named ("how many champions", "有多少沉睡客户") they count its customers. */
export const COUNT_WORDS = /\bhow many\b|\bnumber of\b|\bcount of\b|多少|几个|几位/;

/** The word for customers, which a segment's name may carry ("at risk customers", "沉睡客户"). */
export const CUSTOMER_WORD = /\bcustomers?\b|客户|顾客|会员/;

/** "orders per customer", "人均订单数": one figure divided by another, which only the catalog's own ratios do. */
export const PER_HEAD =
  /\b(?:per|for each|for every|an?)\s+(?:customer|order|buyer|shopper|client|user|person|head)s?\b(?!\s+(?:segment|type|group|cohort))|每(?:个|位|一)?(?:客户|顾客|订单|单|人|用户|买家)|人均|单均/;

/** "where do our customers come from", "客户都在哪里": a breakdown by place, not a total. */
export const WHERE = /\bwhere\b|哪里|哪儿|来自哪/;
/** The places such a question is offered by. */
export const PLACES: readonly DimensionId[] = ['city', 'region', 'country', 'platform'];

/** Words of signing up, left once the catalog's phrases ("new signups", "新注册") are read. */
export const SIGNUP = /\b(?:signed up|signing up|sign(?:ed)?[- ]ups?|registered|registering|registrations?|joined|enrolled)\b|注册|加入/;

/**
 * "how many customers will churn", "预测下个月销售额": a forecast. Precis reports what happened;
 * answering with the past would answer another question, so it is asked back.
 */
export const FORECAST =
  /\bwill\b(?!\s+you\b)|\bgoing to\b|\bforecast\w*|\bpredict\w*|\bproject(?:ed|ion|ions)\b|\bnext (?:week|month|quarter|year)\b|预测|预计|将会|会流失|下个?月|下周|下季度|明年|未来/;
