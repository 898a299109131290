/** Numbers written in words, in English ("thirty", "twenty-five", "a dozen") and Chinese ("三十", "两"). */

const enUnits: Record<string, number> = {
  zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19,
  a: 1, an: 1, couple: 2,
};
const enTens: Record<string, number> = { twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90 };

const tensWords = Object.keys(enTens).join('|');
const unitWords = Object.keys(enUnits).filter((w) => w !== 'a' && w !== 'an' && w !== 'couple').join('|');

/** Regex source matching a number in digits, English words or Chinese numerals. */
export const NUMBER =
  `(?:\\d+|(?:${tensWords})(?:[- ](?:${unitWords}))?|(?:${unitWords})|a hundred|one hundred|hundred|` +
  `(?:a )?couple(?: of)?|(?:a )?dozen|[零一二两三四五六七八九十百]+)`;

const zhDigits: Record<string, number> = { 零: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

function parseChinese(text: string): number | undefined {
  let total = 0;
  let digit = 0;
  for (const ch of text) {
    if (ch in zhDigits) digit = zhDigits[ch]!;
    else if (ch === '十') {
      total += (digit || 1) * 10;
      digit = 0;
    } else if (ch === '百') {
      total += (digit || 1) * 100;
      digit = 0;
    } else return undefined;
  }
  return total + digit;
}

/** Parses what NUMBER matched; undefined when it is not a number after all. */
export function parseNumber(text: string): number | undefined {
  const t = text.trim().toLowerCase();
  if (/^\d+$/.test(t)) return Number(t);
  if (/hundred/.test(t)) return 100;
  if (/couple/.test(t)) return 2;
  if (/dozen/.test(t)) return 12;
  if (/^[零一二两三四五六七八九十百]+$/.test(t)) return parseChinese(t);
  const [first, second] = t.split(/[- ]/);
  if (first && first in enTens) return enTens[first]! + (second ? (enUnits[second] ?? 0) : 0);
  return first !== undefined ? enUnits[first] : undefined;
}
