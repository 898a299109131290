/**
 * String and date comparators for identity resolution: Jaro–Winkler for names and street lines,
 * "one edit away" for postcodes, "one slip away" for birth dates, and Soundex for blocking keys.
 * They run millions of times per resolve, so they work on char codes and reuse their buffers;
 * they never allocate per call on the common paths.
 */

// Reused by jaroWinkler: one flag per character of each side, grown when a longer string comes.
let matchedA = new Uint8Array(64);
let matchedB = new Uint8Array(64);

/**
 * Jaro–Winkler similarity in [0, 1]: 1 for equal strings, 0 when either is empty or nothing
 * matches. The prefix bonus (0.1 per shared leading character, up to 4) rewards what typists
 * rarely get wrong.
 *
 * @example
 * jaroWinkler('martha', 'marhta'); // 0.9611…
 */
export function jaroWinkler(a: string, b: string): number {
  if (a === b) return a.length > 0 ? 1 : 0;
  const la = a.length;
  const lb = b.length;
  if (la === 0 || lb === 0) return 0;
  if (la > matchedA.length) matchedA = new Uint8Array(la * 2);
  if (lb > matchedB.length) matchedB = new Uint8Array(lb * 2);
  matchedA.fill(0, 0, la);
  matchedB.fill(0, 0, lb);

  const window = Math.max(0, (Math.max(la, lb) >> 1) - 1);
  let matches = 0;
  for (let i = 0; i < la; i++) {
    const code = a.charCodeAt(i);
    const end = Math.min(i + window + 1, lb);
    for (let j = Math.max(0, i - window); j < end; j++) {
      if (matchedB[j] === 0 && b.charCodeAt(j) === code) {
        matchedA[i] = 1;
        matchedB[j] = 1;
        matches++;
        break;
      }
    }
  }
  if (matches === 0) return 0;

  let halfTranspositions = 0;
  for (let i = 0, j = 0; i < la; i++) {
    if (matchedA[i] === 0) continue;
    while (matchedB[j] === 0) j++;
    if (a.charCodeAt(i) !== b.charCodeAt(j)) halfTranspositions++;
    j++;
  }
  const jaro = (matches / la + matches / lb + (matches - halfTranspositions / 2) / matches) / 3;

  let prefix = 0;
  const maxPrefix = Math.min(4, la, lb);
  while (prefix < maxPrefix && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  return jaro + prefix * 0.1 * (1 - jaro);
}

// Reused by jaroWinklerBound: character counts, bucketed by the low byte of the char code.
const bucketCounts = new Int32Array(256);

/**
 * An upper bound of jaroWinkler(a, b) in time linear in the lengths: Jaro cannot count more
 * matches than the two strings have characters in common, nor fewer transpositions than none.
 * It lets a caller that only needs to know "below 0.8?" skip the quadratic part for most pairs
 * of different people. (Two characters sharing a bucket only loosen the bound.)
 *
 * @example
 * jaroWinklerBound('smith', 'jones') >= jaroWinkler('smith', 'jones'); // true
 */
export function jaroWinklerBound(a: string, b: string): number {
  const la = a.length;
  const lb = b.length;
  if (la === 0 || lb === 0) return 0;
  for (let i = 0; i < la; i++) bucketCounts[a.charCodeAt(i) & 255]!++;
  let common = 0;
  for (let j = 0; j < lb; j++) {
    const bucket = b.charCodeAt(j) & 255;
    if (bucketCounts[bucket]! > 0) {
      bucketCounts[bucket]!--;
      common++;
    }
  }
  for (let i = 0; i < la; i++) bucketCounts[a.charCodeAt(i) & 255] = 0;
  if (common === 0) return 0;
  const jaro = (common / la + common / lb + 1) / 3;
  let prefix = 0;
  const maxPrefix = Math.min(4, la, lb);
  while (prefix < maxPrefix && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  return jaro + prefix * 0.1 * (1 - jaro);
}

/**
 * True when `b` is `a` with exactly one substitution, insertion, deletion, or swap of two
 * neighbouring characters (restricted Damerau–Levenshtein distance 1). Equal strings are not.
 *
 * @example
 * withinOneEdit('4814', '4184'); // true (8 and 1 swapped)
 */
export function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return false;
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > 1) return false;
  let i = 0;
  while (i < la && i < lb && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  if (la === lb) {
    // One substitution at i, or a swap of i and i+1, and the rest equal.
    if (sameTail(a, i + 1, b, i + 1)) return true;
    return i + 1 < la && a.charCodeAt(i) === b.charCodeAt(i + 1) && a.charCodeAt(i + 1) === b.charCodeAt(i) && sameTail(a, i + 2, b, i + 2);
  }
  // One insertion or deletion at i.
  return la > lb ? sameTail(a, i + 1, b, i) : sameTail(a, i, b, i + 1);
}

// Substring comparisons in place: slicing would allocate on a path taken millions of times.
const sameTail = (a: string, i: number, b: string, j: number) => a.length - i === b.length - j && sameRange(a, i, b, j, a.length - i);

function sameRange(a: string, i: number, b: string, j: number, length: number): boolean {
  for (let k = 0; k < length; k++) if (a.charCodeAt(i + k) !== b.charCodeAt(j + k)) return false;
  return true;
}

/**
 * True when two YYYY-MM-DD dates differ by one typing slip: day and month swapped, one digit
 * wrong, or two neighbouring digits swapped. Those are the errors clerks and forms make, and
 * they keep most of the evidence that a birth date carries.
 *
 * @example
 * birthDatesNear('1990-03-04', '1990-04-03'); // true (day and month swapped)
 */
export function birthDatesNear(a: string, b: string): boolean {
  if (a === b || a.length !== 10 || b.length !== 10) return false;
  // YYYY-MM-DD: the year equal, MM of one the DD of the other and the other way round.
  if (sameRange(a, 0, b, 0, 4) && sameRange(a, 5, b, 8, 2) && sameRange(a, 8, b, 5, 2)) return true;
  let first = -1;
  let differing = 0;
  for (let i = 0; i < 10; i++) {
    if (a.charCodeAt(i) === b.charCodeAt(i)) continue;
    if (++differing > 2) return false;
    if (first < 0) first = i;
  }
  if (differing === 1) return true;
  // Exactly two differ: near only when they are neighbours holding each other's digit.
  return a.charCodeAt(first) === b.charCodeAt(first + 1) && a.charCodeAt(first + 1) === b.charCodeAt(first);
}

// Soundex digit for 'a'..'z'; 0 marks vowels and h, w, y, which carry no code.
const soundexDigits = '01230120022455012623010202';

/**
 * American Soundex (letter + three digits) of a Latin-script name, for blocking: "smith" and
 * "smyth" share S530. A name that does not start with a Latin letter (hanzi, say) is returned
 * whole, since there is no sound-alike to fold it into.
 *
 * @example
 * soundex('robert'); // 'r163'
 */
export function soundex(name: string): string {
  const first = name.charCodeAt(0);
  if (!(first >= 97 && first <= 122)) return name;
  let code = name[0]!;
  let previous = soundexDigits[first - 97]!;
  for (let i = 1; i < name.length && code.length < 4; i++) {
    const c = name.charCodeAt(i);
    if (c < 97 || c > 122) continue;
    const digit = soundexDigits[c - 97]!;
    // h and w do not separate two letters with the same code; vowels do.
    if (digit !== '0' && digit !== previous) code += digit;
    if (c !== 104 && c !== 119) previous = digit;
  }
  return code.padEnd(4, '0');
}
