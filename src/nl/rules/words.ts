/**
 * What is left of a question once periods, rankings and catalog phrases are set aside: filler
 * that carries no meaning here ("how many", "请问", "的"), words that say the question is about
 * the business without naming a figure ("how are we doing", "业绩"), and the rest — words the
 * parser did not understand, which must never be dropped silently.
 */

/** English words that carry no meaning for a query. Content words are deliberately absent. */
const EN_FILLER = new Set(
  `a an the of in on at by for from to with and or but vs versus per each every all any some our we us i me my mine you your it its
  this that these those there here is are was were be been being am do does did done have has had having get got gets getting
  can could would should will shall may might must please show shows showing tell give gives list display see let lets let's what what's whats
  which who whom whose where when how how's hows why much many number numbers total totals overall sum amount value values figure figures
  data breakdown broken down split across over under between during within than then so just only also too very really more less about
  around approximately roughly up out as like into onto compared compare comparison time period group grouped grouping
  view need want know find check pull run chart graph table plot look looking looks sold sell sells selling bought buy buys
  made make makes generated generate brought bring placed place came come coming happened happen did does doing done count counts
  many much currently current now so far yet ever still again break split separate separately per vs. v each respective
  versus they them their he she his her hey hi hello ok okay u ur yo re im thanks thank thx pls plz dear team kindly quick quickly real actual actually
  exactly exact detail details detailed general full whole entire total roughly approx latest recent figures
  brings bringing brought more fewer joined join joining unique distinct precis fastest slowest quickest comparing signed sign registered something anything
  i'd i'll i've like wondering wonder curious`
    .split(/\s+/)
    .filter(Boolean),
);

/** Words that say the question is about the business, without naming a figure. */
const EN_VAGUE = new Set(
  `doing going performance performing perform performed business overview summary summarize summarise kpi kpis dashboard stats statistics
  metrics results result report update status health numbers trading`
    .split(/\s+/)
    .filter(Boolean),
);

/** Chinese filler, longest first, stripped from what is left. Single characters only where they cannot start a name. */
const ZH_FILLER = `请问 请帮我 帮我 帮忙 麻烦 给我 告诉我 我想知道 我想看 想看看 想看 想知道 看看 看一下 看下 查一下 查查 查询 查看 查 显示 展示
  列出 列一下 应该 统计一下 统计 分析一下 分析 一下 数量 全年 为什么 多多少 少多少 我们的 我们 咱们 我 你们 你 公司 有多少 是多少 多少 一共有 一共 总共 总计 合计 总数 总量 总体 整体 全部 所有
  哪些 哪个 哪家 哪款 几款 这款 那款 每款 各款 哪 什么 怎么样 怎样 如何 是 有 的 了 吗 呢 吧 啊 呀 么 几 个 位 名 家 在 按照 按 分别 各个 各 每个 每 里面 里 中 之间 和 与 及 以及 跟 还有
  对比 比较 相比 分布 都 到底 目前 现在 当前 为止 截至 期间 时候 时 来自 通过 卖了 卖出 卖得 卖的 卖 买了 买 产生 带来 贡献 这些 那些 这 那 排 下 分 拆分 细分
  情况 数据 数字 数 一 以来 至今 到 从 自 对 做 共 值 是否 还是 并 且 及其 其 被 把 让 给 会 能 可以 要 需要 谢谢 上 里
  成交 最多 最高 最大 最少 最低 最快 最慢 官方旗舰店 旗舰店 官方 截至目前 到目前为止 目前为止 大概 大约 大致`
  .split(/\s+/)
  .filter(Boolean)
  .sort((a, b) => b.length - a.length);

/**
 * Words that leave something out or turn a condition around ("not from Tmall", "不是天猫",
 * "没有下单"). The catalog cannot state an exclusion, and dropping the word would answer the
 * opposite question, so these are never filler. Chinese ones are found inside runs, longest
 * first, before any filler is stripped (so "不是" keeps its "不").
 */
const EN_NEGATION = new Set(
  `not no non never none nobody neither nor except excluding exclude excludes excluded without besides
  didn't don't doesn't haven't hasn't isn't aren't wasn't weren't won't didnt dont doesnt havent hasnt isnt arent wasnt werent`
    .split(/\s+/)
    .filter(Boolean),
);
const ZH_NEGATION = /除了|除去|除外|以外|之外|没有|没|不|非|未|无/gu;
/** Chinese words that contain a negation character but negate nothing ("不同城市": the various cities; "是不是": a yes-no question). */
const ZH_NOT_NEGATION = /不同的|不同|非常|无论|是不是|是否|有没有|会不会|能不能|好不好|对不对|要不要|可不可以/gu;

/**
 * Statistics the catalog does not compute. Their characters are filler elsewhere ("中", "位",
 * "数"), so they are taken out as words first: "订单中位数" must be asked about, not read as orders.
 */
const ZH_STATISTICS = /中位数|分位数|百分位|中位|众数|方差|标准差/gu;

/** Particles: filler that is never part of a word, so never said with a lone character. */
const ZH_PARTICLES = new Set([...'的了吗呢吧啊呀么']);
/** Which way a "which one" question compares ("哪个销售额高"); elsewhere a condition ("客单价高的客户"). */
const ZH_WHICH_WAY = new Set([...'高低多少大小']);
/** Single characters left over that change nothing: place and goods suffixes, particles. */
const ZH_HARMLESS = new Set([...'看过比市省区县品单着得地好最量']);

/** Chinese words that say the question is about the business, without naming a figure. */
const ZH_VAGUE = ['怎么样', '如何', '表现', '业绩', '情况', '概况', '生意', '经营', '总览', '汇总', '报告', '数据', '咋样', '好不好'];

export interface Leftover {
  /** Latin words nobody explained, lower-case, with their position in the text. */
  latin: { word: string; index: number; length: number }[];
  /** Numbers nobody read ("more than 3 items", "超过500"): each changes the question. */
  numbers: { word: string; index: number }[];
  /** The question names a person by contact details (an email, a URL, a handle, a phone number). */
  contact: boolean;
  /** Words that leave something out ("not", "except", "不", "除了"), as written. */
  negations: string[];
  /** Runs of Chinese characters nobody explained. */
  han: { run: string; index: number }[];
  /** The question speaks of the business in general ("how are we doing", "业绩"). */
  vague: boolean;
}

const HAN_RUN = /\p{Script=Han}+/gu;
/**
 * Emails, URLs, handles: never values, and never echoed back. Bounded by spaces and by Chinese
 * characters, which need no spaces around them ("zhang@x.cn的订单"). A slash alone is no URL
 * ("11/11" is a date the periods did not read, so its numbers stay unread).
 */
const CONTACT = /[^\s\p{Script=Han}]*(?:@|#|:\/\/|\bwww\.)[^\s\p{Script=Han}]*/gu;
const NUMBER = /\d+(?:[.,]\d+)*/g;
/** A run of digits this long is a phone number or an account, not a quantity anyone asks about. */
const CONTACT_DIGITS = 7;
const LATIN_WORD = /[\p{Script=Latin}][\p{Script=Latin}'’]*/gu;

/**
 * Splits what is left into filler, vague business words and unexplained words. `allCaps` are the
 * words the asker wrote in capitals: "US" is a country, not the filler "us".
 */
export function leftover(text: string, allCaps: ReadonlySet<string> = new Set()): Leftover {
  const latin: Leftover['latin'] = [];
  const han: Leftover['han'] = [];
  const numbers: Leftover['numbers'] = [];
  const negations: string[] = [];
  let vague = false;
  let contact = false;
  const blank = (s: string) => ' '.repeat(s.length);
  let masked = text.replace(CONTACT, (s) => ((contact = true), blank(s)));
  masked = masked.replace(NUMBER, (s, index: number) => {
    if (s.replace(/\D/g, '').length >= CONTACT_DIGITS) contact = true;
    else numbers.push({ word: s, index });
    return blank(s);
  });
  for (const m of masked.matchAll(LATIN_WORD)) {
    const word = m[0].replace(/['’]s$/, '');
    // "No. of orders" counts them, and "… or not?" only asks: neither leaves anything out.
    const saysNumber = word === 'no' && /^(?:\.|\s+of\b)/.test(text.slice(m.index + m[0].length));
    const orNot = word === 'not' && /\bor\s+$/.test(text.slice(0, m.index));
    if (saysNumber || orNot) continue;
    if (EN_NEGATION.has(word)) negations.push(word);
    else if (EN_VAGUE.has(word)) vague = true;
    else if (allCaps.has(word) || (!EN_FILLER.has(word) && !EN_FILLER.has(m[0]))) latin.push({ word, index: m.index, length: m[0].length });
  }
  for (const m of masked.matchAll(HAN_RUN)) {
    let run = m[0].replace(ZH_NOT_NEGATION, blank);
    run = run.replace(ZH_NEGATION, (w) => {
      negations.push(w);
      return blank(w);
    });
    // Concept words first: "线上" must not lose "上" to the filler.
    for (const c of run.matchAll(HAN_CONCEPT)) {
      han.push({ run: c[0], index: m.index + c.index });
      run = run.slice(0, c.index) + ' '.repeat(c[0].length) + run.slice(c.index + c[0].length);
    }
    run = run.replace(ZH_STATISTICS, (w: string, at: number) => {
      han.push({ run: w, index: m.index + at });
      return blank(w);
    });
    for (const v of ZH_VAGUE) {
      if (run.includes(v)) vague = true;
      run = run.split(v).join(' '.repeat(v.length));
    }
    for (const f of ZH_FILLER) run = run.split(f).join(' '.repeat(f.length));
    for (const part of run.matchAll(/\S+/g)) {
      // A lone character is unread too ("老客户", "会员" once "会" went as filler): said with the
      // filler it came with, so the asker recognizes the word. Only suffixes and particles that
      // change nothing ("深圳市", "护肤品", "按月份看") are let go.
      if (part[0].length === 1 && ZH_HARMLESS.has(part[0])) continue;
      // "上海和北京哪个销售额高": which is higher is the comparison itself, shown side by side.
      if (part[0].length === 1 && ZH_WHICH_WAY.has(part[0]) && /哪|谁/.test(text)) continue;
      const joins = (k: number) => part[0].length === 1 && k >= 0 && k < run.length && m[0][k] !== run[k] && !ZH_PARTICLES.has(m[0][k]!);
      const start = joins(part.index! - 1) ? part.index! - 1 : part.index!;
      const end = start === part.index && joins(part.index! + 1) ? part.index! + 2 : part.index! + part[0].length;
      han.push({ run: m[0].slice(start, end), index: m.index + start });
    }
  }
  return { latin, han, numbers, contact, negations, vague };
}

type HintDimension = 'brand' | 'category' | 'city' | 'region' | 'platform' | 'country' | 'gender' | 'age_band' | 'channel' | 'day';

/**
 * Words for things the catalog can break down by but has no values for: "female customers" is
 * not answerable as asked, but "customers by gender" is.
 */
const CONCEPTS: { re: RegExp; dimension: HintDimension }[] = [
  { re: /^(?:female|females|male|males|women|woman|men|man|ladies|lady|gentlemen|女性|男性|女生|男生|女士|男士|女|男)$/, dimension: 'gender' },
  { re: /^(?:young|younger|youngest|old|older|oldest|senior|seniors|elderly|youth|teens?|teenagers?|millennials?|boomers?|年轻|年轻人|老年|老年人|中年|青年|年长)$/, dimension: 'age_band' },
  { re: /^(?:online|offline|direct|线上|线下|电商|自营)$/, dimension: 'channel' },
  { re: /^(?:hour|hours|hourly|minute|minutes|weekday|weekdays|weekend|weekends|小时|每小时|时段|工作日|周末)$/, dimension: 'day' },
  { re: /^(?:overseas|international|domestic|abroad|foreign|local|海外|国内|国外|境外|本地)$/, dimension: 'country' },
];

const HAN_CONCEPT = new RegExp(
  CONCEPTS.flatMap((c) => c.re.source.replace(/^\^\(\?:|\)\$$/g, '').split('|')).filter((w) => /^\p{Script=Han}{2,}$/u.test(w)).sort((a, b) => b.length - a.length).join('|'),
  'gu',
);

export interface Hint {
  /** The dimension the words around it name: "brand Nike", "露米娜品牌", "on Amazon", "female". */
  dimension?: HintDimension;
  /** Said as a place: "in Paris", "在巴黎". */
  location: boolean;
  /** The word itself names a concept the catalog breaks down by ("female" → gender), so it is no misspelt name. */
  concept?: boolean;
}

/** What the words around an unknown word say about it. `text` is the whole normalized question. */
export function hintAround(text: string, index: number, length: number): Hint {
  const before = text.slice(Math.max(0, index - 14), index);
  const after = text.slice(index + length, index + length + 12);
  const location = /\b(?:in|at|from)\s+(?:the\s+)?$/.test(before) || /(?:在|来自)\s*$/.test(before);
  const word = text.slice(index, index + length);
  const concept = CONCEPTS.find((c) => c.re.test(word));
  if (concept) return { dimension: concept.dimension, location, concept: true };
  if (/\b(?:on|via)\s+(?:the\s+)?$/.test(before) || /^\s*(?:平台|旗舰店|店铺|store\b|shop\b)/.test(after)) return { dimension: 'platform', location };
  if (/\bbrand\s+$/.test(before) || /品牌\s*$/.test(before) || /^\s*(?:brand\b|brands\b|品牌|牌子)/.test(after)) return { dimension: 'brand', location };
  if (/\bcategory\s+$/.test(before) || /^\s*(?:category\b|categories\b|products\b|品类|类目|类别|类|产品)/.test(after)) return { dimension: 'category', location };
  if (/\bcity of\s+$/.test(before) || /^\s*(?:city\b|市)/.test(after)) return { dimension: 'city', location };
  if (/^\s*(?:province\b|region\b|state\b|省)/.test(after)) return { dimension: 'region', location };
  return { location };
}
