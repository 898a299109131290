/**
 * Rankings in questions: "top 10", "best-selling", "bottom 3", "前5", "倒数第一", "最多". A ranking
 * says how many and which way; "best-selling" also says by what (units).
 */
import type { MetricId } from '../../semantic/index.ts';
import { NUMBER, parseNumber } from '../numbers.ts';

export interface Ranking {
  limit: number;
  direction: 'asc' | 'desc';
  /** "best-selling" ranks by units unless the question names another metric. */
  metric?: MetricId;
  /** "best", "最好": says "rank" but not by what, so "best sales" may mean revenue or units. */
  vague?: boolean;
  /** The ranking words said how many ("top 5"); otherwise the count may stand elsewhere ("which 3 cities … the most"). */
  counted: boolean;
}

export interface RankingMatch {
  ranking: Ranking;
  index: number;
  length: number;
}

/** How many a ranking shows when the question does not say. */
export const DEFAULT_LIMIT = 10;

const COUNTER = '(?:名|个|位|款|家|大|座)?';

const rankingRules: { re: RegExp; direction: 'asc' | 'desc'; metric?: MetricId; vague?: boolean }[] = [
  { re: new RegExp(`\\b(?:top\\s*)?(${NUMBER})?\\s*(?:best[- ]?selling|best[- ]?sellers?|top[- ]?sellers?|top[- ]?selling|most sold|most popular|hottest|(?:sold|sell|sells|selling)\\s+(?:the\\s+)?most)\\b`), direction: 'desc', metric: 'units' },
  { re: new RegExp(`(?:最畅销|卖得最好|卖的最好|卖得最多|卖的最多|销量最高|销量最多|最受欢迎|最热卖)(?:的)?\\s*(${NUMBER})?\\s*${COUNTER}`), direction: 'desc', metric: 'units' },
  // "十大畅销商品", "热销商品": the N best sellers.
  { re: new RegExp(`(?:(${NUMBER})大)?(?:畅销|热销)(?:的)?`), direction: 'desc', metric: 'units' },
  { re: new RegExp(`(${NUMBER})大(?=\\s*(?:品牌|城市|商品|产品|品类|类目|平台|省份|地区))`), direction: 'desc' },
  { re: new RegExp(`\\b(?:bottom\\s*)?(${NUMBER})?\\s*(?:worst[- ]?selling|worst[- ]?sellers?|least[- ]?(?:sold|selling|popular)|(?:sold|sell|sells|selling)\\s+(?:the\\s+)?least)\\b`), direction: 'asc', metric: 'units' },
  { re: new RegExp(`(?:最滞销|卖得最差|卖的最差|卖得最少|卖的最少|销量最低|销量最少)(?:的)?\\s*(${NUMBER})?\\s*${COUNTER}`), direction: 'asc', metric: 'units' },
  // A number before the word ("the 5 worst") is read before the word alone would default to 10.
  { re: new RegExp(`\\b(${NUMBER})\\s+(?:best|top|biggest|largest|highest)\\b`), direction: 'desc' },
  { re: new RegExp(`\\b(${NUMBER})\\s+(?:worst|bottom|lowest|smallest|weakest)\\b`), direction: 'asc' },
  { re: new RegExp(`\\b(?:top|highest|largest|biggest|leading)\\s*(${NUMBER})?(?![\\p{L}])`, 'u'), direction: 'desc' },
  { re: new RegExp(`\\b(?:best|greatest)\\s*(${NUMBER})?(?![\\p{L}])`, 'u'), direction: 'desc', vague: true },
  { re: new RegExp(`\\b(?:bottom|worst|lowest|smallest|weakest)\\s*(${NUMBER})?(?![\\p{L}])`, 'u'), direction: 'asc' },
  { re: /\b(?:the\s+)?(?:least|fewest)\b/, direction: 'asc' },
  { re: /\b(?:the\s+)?most\b(?!\s+(?:of|recent))|\brank(?:ed|ing)?\b/, direction: 'desc' },
  { re: new RegExp(`倒数\\s*(?:第)?\\s*(${NUMBER})?\\s*${COUNTER}`), direction: 'asc' },
  { re: new RegExp(`(?:排名|排行)?(?:后|末)\\s*(${NUMBER})\\s*${COUNTER}`), direction: 'asc' },
  { re: new RegExp(`(?:最低|最少|最差|垫底)(?:的)?\\s*(${NUMBER})?\\s*${COUNTER}`), direction: 'asc' },
  { re: new RegExp(`(?:排名|排行)?前\\s*(${NUMBER})\\s*${COUNTER}`), direction: 'desc' },
  { re: new RegExp(`(?:最好)(?:的)?\\s*(${NUMBER})?\\s*${COUNTER}`), direction: 'desc', vague: true },
  { re: new RegExp(`(?:最高|最多|最大|排名|排行榜?|top)(?:的)?\\s*(${NUMBER})?\\s*${COUNTER}`), direction: 'desc' },
];

/** The first ranking in `text`, with where it was said. */
export function findRanking(text: string): RankingMatch | undefined {
  for (const rule of rankingRules) {
    const m = rule.re.exec(text);
    if (!m) continue;
    const limit = m[1] === undefined ? DEFAULT_LIMIT : parseNumber(m[1]);
    if (limit === undefined || limit < 1 || limit > 1000) continue;
    return { ranking: { limit, direction: rule.direction, metric: rule.metric, vague: rule.vague, counted: m[1] !== undefined }, index: m.index, length: m[0].length };
  }
  return undefined;
}

/** "which 3 cities", "the five brands", "哪3个城市": how many, said before what is ranked. */
const COUNT_BEFORE_RANKED = [new RegExp(`\\b(?:which|the)\\s+(${NUMBER})\\s+(?=\\p{L})`, 'u'), new RegExp(`哪\\s*(${NUMBER})\\s*${COUNTER}`)];

/** A ranking's count said apart from its words, with where it was said. */
export function findRankedCount(text: string): { limit: number; index: number; length: number } | undefined {
  for (const re of COUNT_BEFORE_RANKED) {
    const m = re.exec(text);
    const limit = m ? parseNumber(m[1]!) : undefined;
    if (m && limit !== undefined && limit >= 1 && limit <= 1000) return { limit, index: m.index, length: m[0].length };
  }
  return undefined;
}
