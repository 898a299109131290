/**
 * The small ways people and systems garble text: full-width characters from a Chinese input
 * method, typos in names and addresses, broken emails and phone numbers. Each function takes a
 * clean value and returns a dirty one, deterministic from the Random passed in; the caller
 * labels what it did. Emails keep to the reserved example domains whatever is done to them.
 */
import type { Random } from '../random.ts';

/** ASCII letters, digits and punctuation to their full-width forms, space to the ideographic space. NFKC undoes it. */
export function toFullwidth(text: string): string {
  return text.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).replace(/ /g, '\u3000');
}

/** Full-width Latin letters and digits: what `toFullwidth` leaves behind, and NFKC folds. */
export const fullwidthAlnum = /[\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A]/;

export const hasAsciiAlnum = (text: string) => /[A-Za-z0-9]/.test(text);

/** Characters typed for another that sounds the same, or its traditional form. */
const hanziSlips: Record<string, string> = {
  婷: '亭', 静: '靜', 丽: '麗', 敏: '民', 燕: '艳', 芳: '方', 娜: '那', 雪: '学', 欣: '新', 怡: '宜', 佳: '家',
  琳: '林', 慧: '惠', 颖: '英', 晶: '精', 莉: '丽', 倩: '茜', 悦: '月', 雨: '宇', 涵: '含', 梦: '夢', 诗: '詩',
  晓: '小', 玥: '月', 伟: '玮', 强: '強', 磊: '蕾', 军: '君', 洋: '阳', 勇: '永', 杰: '傑', 涛: '濤', 明: '鸣',
  超: '潮', 斌: '彬', 浩: '皓', 鹏: '朋', 宇: '雨', 俊: '骏', 峰: '锋', 辉: '晖', 凯: '恺', 鑫: '新', 昊: '浩',
  博: '波', 文: '雯', 轩: '宣', 志: '智',
};

const isHanzi = (c: string) => /\p{Script=Han}/u.test(c);

/** A name with one slip: a homophone hanzi, a space after the surname, or a Latin-letter typo. */
export function nameTypo(rng: Random, name: string): string {
  const chars = [...name];
  if (chars.every(isHanzi)) {
    const slippable = chars.map((c, i) => (i > 0 && hanziSlips[c] ? i : -1)).filter((i) => i >= 0);
    if (slippable.length > 0 && rng.chance(0.75)) {
      const i = rng.pick(slippable);
      chars[i] = hanziSlips[chars[i]!]!;
      return chars.join('');
    }
    return `${chars[0]} ${chars.slice(1).join('')}`;
  }
  return letterTypo(rng, name);
}

/** Swaps two neighbouring letters, drops one or doubles one; never the first letter. */
export function letterTypo(rng: Random, text: string): string {
  const positions = [...text].map((c, i) => (i > 0 && /[a-z]/i.test(c) ? i : -1)).filter((i) => i >= 0);
  if (positions.length === 0) return `${text}${text.slice(-1)}`;
  const i = rng.pick(positions);
  const chars = [...text];
  const style = rng.int(0, 2);
  if (style === 0 && /[a-z]/i.test(chars[i + 1] ?? '')) [chars[i], chars[i + 1]] = [chars[i + 1]!, chars[i]!];
  else if (style === 1) chars.splice(i, 1);
  else chars.splice(i, 0, chars[i]!);
  return chars.join('');
}

const streetAbbreviations: readonly (readonly [string, string])[] = [
  ['Street', 'St'], ['Road', 'Rd'], ['Avenue', 'Ave'], ['Lane', 'Ln'], ['Crescent', 'Cres'],
];

/** An address written another way: a Chinese one without its city or with 幢 for 栋; an English one abbreviated or misspelt. */
export function addressTypo(rng: Random, address: string): string {
  if (/\p{Script=Han}/u.test(address)) {
    const withoutCity = address.replace(/^[^市]+市/, '');
    if (withoutCity !== address && rng.chance(0.5)) return withoutCity;
    if (address.includes('栋') && rng.chance(0.5)) return address.replace('栋', '幢');
    return address.replace(/(\d+)号/, (_, n: string) => `${n}號`);
  }
  const abbreviation = streetAbbreviations.find(([long]) => address.includes(` ${long}`));
  if (abbreviation && rng.chance(0.5)) return address.replace(` ${abbreviation[0]}`, ` ${abbreviation[1]}`);
  if (address.startsWith('Apt ') && rng.chance(0.5)) return address.replace(/^Apt [^,]+, /, '');
  return letterTypo(rng, address);
}

export type FixableEmail = 'uppercase' | 'edge_spaces' | 'fullwidth_at' | 'inner_space';
export type UnfixableEmail = 'missing_at' | 'missing_domain' | 'double_at';

/** An email that NFKC, lower-casing and dropping whitespace bring back to `email`. */
export function fixableEmail(rng: Random, email: string): { value: string; variant: FixableEmail } {
  const variant = rng.pick(['uppercase', 'edge_spaces', 'fullwidth_at', 'inner_space'] as const);
  const [local = '', domain = ''] = email.split('@');
  const cut = Math.max(1, Math.floor(local.length / 2));
  const value = {
    uppercase: () => (rng.chance(0.5) ? email.toUpperCase() : `${local.charAt(0).toUpperCase()}${local.slice(1)}@${domain.charAt(0).toUpperCase()}${domain.slice(1)}`),
    edge_spaces: () => (rng.chance(0.5) ? ` ${email} ` : `${email}  `),
    fullwidth_at: () => `${local}＠${domain}`,
    inner_space: () => `${local.slice(0, cut)} ${local.slice(cut)}@${domain}`,
  }[variant]();
  return { value, variant };
}

/** An email no normalization can repair: what is left is not an address. */
export function unfixableEmail(rng: Random, email: string): { value: string; variant: UnfixableEmail } {
  const variant = rng.pick(['missing_at', 'missing_domain', 'double_at'] as const);
  const [local = '', domain = ''] = email.split('@');
  const value = {
    missing_at: () => `${local}${domain}`,
    missing_domain: () => `${local}@`,
    double_at: () => `${local}@@${domain}`,
  }[variant]();
  return { value, variant };
}

export type MalformedPhone = 'too_short' | 'letters';

const lookAlikes: Record<string, string> = { '0': 'O', '1': 'l', '2': 'Z', '5': 'S', '6': 'b', '8': 'B' };

/** A phone number left with 4 to 6 digits, or with digits typed as look-alike letters. */
export function malformedPhone(rng: Random, phone: string): { value: string; variant: MalformedPhone } {
  const digitsAt = [...phone].map((c, i) => (/[0-9]/.test(c) ? i : -1)).filter((i) => i >= 0);
  const replaceable = digitsAt.filter((i) => i > 0 && lookAlikes[phone[i]!]);
  if (replaceable.length > 0 && rng.chance(0.5)) {
    const chars = [...phone];
    for (const i of rng.shuffle(replaceable).slice(0, rng.int(1, 2))) chars[i] = lookAlikes[chars[i]!]!;
    return { value: chars.join(''), variant: 'letters' };
  }
  const keep = rng.int(4, 6);
  return { value: phone.slice(0, digitsAt[keep - 1]! + 1).replace(/[\s-]+$/, ''), variant: 'too_short' };
}
