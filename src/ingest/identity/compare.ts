/**
 * The comparison vector of a record pair: for each weighed field, which agreement level the two
 * values reach ('exact', 'close', …, or 'missing' when either side lacks it). A vector is packed
 * into one integer, its "pattern", so that millions of pairs fold into a few thousand distinct
 * patterns and EM runs over those counts, not over pairs.
 *
 * Names and street lines are also compared crosswise (given name against surname, line 1 against
 * line 2), and the better reading wins: sources swap them, and Febrl injects exactly that error.
 */
import type { Person } from './prepare.ts';
import { birthDatesNear, jaroWinkler, jaroWinklerBound, withinOneEdit } from './similarity.ts';
import type { PatternCounts } from './em.ts';
import { comparedFields, type ComparedField } from './types.ts';

const textLevels = ['exact', 'close', 'similar', 'different'] as const;

// Locality: every combination of how the postcodes and the cities compare, then the region alone
// for pairs with neither. EM learns each combination's m and u, which is what keeps "same
// postcode, same city" from weighing as two independent coincidences.
const postcodeParts = ['exact', 'one edit', 'different', 'missing'] as const;
const cityParts = ['exact', 'close', 'different', 'missing'] as const;
const localityLevels = [
  // Row-major over (postcode, city); the last cell, both missing, is left out and replaced by the region levels.
  ...postcodeParts.flatMap((postcode) => cityParts.map((city) => `postcode ${postcode}, city ${city}`)).slice(0, -1),
  'region exact',
  'region different',
];

/** Agreement levels per field; 'missing' is implicit and always comes last. */
export const fieldLevels: Record<ComparedField, readonly string[]> = {
  givenName: textLevels,
  surname: textLevels,
  birthDate: ['exact', 'near', 'different'],
  streetNumber: ['exact', 'different'],
  address: textLevels,
  address2: textLevels,
  locality: localityLevels,
};

/** Level index of 'missing' per field, in comparedFields order. */
export const missingLevel: readonly number[] = comparedFields.map((field) => fieldLevels[field].length);

// Mixed-radix place value of each field in a pattern.
const strides: readonly number[] = comparedFields.reduce<number[]>((acc, _, i) => {
  acc.push(i === 0 ? 1 : acc[i - 1]! * (missingLevel[i - 1]! + 1));
  return acc;
}, []);

/** Bits returned by compareInto. */
export const namesSwapped = 1;
export const addressesSwapped = 2;

// Jaro–Winkler cut-offs: 'close' is a typo or two, 'similar' is a mangled but recognisable value.
const closeSimilarity = 0.92;
const similarSimilarity = 0.8;

// 'missing' is the level after the last named one.
const textMissing = textLevels.length;
const textDifferent = textLevels.indexOf('different');
const dateMissing = fieldLevels.birthDate.length;
const streetNumberMissing = fieldLevels.streetNumber.length;
const localityMissing = localityLevels.length;
const regionExact = localityMissing - 2;

function textLevel(a: string, b: string): number {
  if (a === '' || b === '') return textMissing;
  if (a === b) return 0;
  if (jaroWinklerBound(a, b) < similarSimilarity) return textDifferent;
  const similarity = jaroWinkler(a, b);
  return similarity >= closeSimilarity ? 1 : similarity >= similarSimilarity ? 2 : textDifferent;
}

// How much a text level supports "same", to choose between the straight and the crossed reading.
const support = [3, 2, 1, -2, 0];
const supportOf = (level: number) => support[level]!;

/**
 * Whether reading (x1, x2) against (y2, y1) is worth the two extra comparisons: only when the
 * straight reading was weak (checked by the caller) and a first letter lines up crosswise. A
 * swap with a typo in the first letter of both values is the price; skipping saves two
 * Jaro–Winkler runs on nearly every pair of different people.
 */
const mayBeCrossed = (x1: string, x2: string, y1: string, y2: string) => x1.charCodeAt(0) === y2.charCodeAt(0) || x2.charCodeAt(0) === y1.charCodeAt(0);

/**
 * Writes the levels of two swappable fields into out[at] and out[at + 1], straight or crosswise,
 * whichever reading has more support; returns true when crosswise won.
 */
function comparePair(a1: string, a2: string, b1: string, b2: string, out: Uint8Array, at: number): boolean {
  const first = textLevel(a1, b1);
  const second = textLevel(a2, b2);
  out[at] = first;
  out[at + 1] = second;
  if ((first < 2 && second < 2) || !mayBeCrossed(a1, a2, b1, b2)) return false;
  const cross1 = textLevel(a1, b2);
  const cross2 = textLevel(a2, b1);
  if (supportOf(cross1) + supportOf(cross2) <= supportOf(first) + supportOf(second)) return false;
  out[at] = cross1;
  out[at + 1] = cross2;
  return true;
}

/**
 * Fills `out` (one level per field, in comparedFields order: given name, surname, birth date,
 * street number, street line 1, line 2, locality) and returns which crosswise readings
 * were used (namesSwapped | addressesSwapped).
 */
export function compareInto(a: Person, b: Person, out: Uint8Array): number {
  let flags = 0;
  // Two fields that sources swap (given name and surname; street lines 1 and 2) are read
  // crosswise too, and the reading with more support wins.
  if (comparePair(a.given, a.surname, b.given, b.surname, out, 0)) flags |= namesSwapped;

  out[2] = a.birthDate === '' || b.birthDate === '' ? dateMissing : a.birthDate === b.birthDate ? 0 : birthDatesNear(a.birthDate, b.birthDate) ? 1 : 2;
  out[3] = a.streetNumber === '' || b.streetNumber === '' ? streetNumberMissing : a.streetNumber === b.streetNumber ? 0 : 1;

  if (comparePair(a.address, a.address2, b.address, b.address2, out, 4)) flags |= addressesSwapped;
  out[6] = localityLevel(a, b);
  return flags;
}

// Index of 'missing' in postcodeParts and in cityParts.
const partMissing = 3;

function localityLevel(a: Person, b: Person): number {
  const postcode = a.postcode === '' || b.postcode === '' ? partMissing : a.postcode === b.postcode ? 0 : withinOneEdit(a.postcode, b.postcode) ? 1 : 2;
  const city = a.city === '' || b.city === '' ? partMissing : a.city === b.city ? 0 : jaroWinklerBound(a.city, b.city) >= closeSimilarity && jaroWinkler(a.city, b.city) >= closeSimilarity ? 1 : 2;
  if (postcode !== partMissing || city !== partMissing) return postcode * cityParts.length + city;
  if (a.region === '' || b.region === '') return localityMissing;
  return a.region === b.region ? regionExact : regionExact + 1;
}

/** Packs a comparison vector into its pattern number. */
export function patternOf(levels: Uint8Array): number {
  let pattern = 0;
  for (let f = 0; f < strides.length; f++) pattern += levels[f]! * strides[f]!;
  return pattern;
}

/** Unpacks a pattern number into `out`, one level per field. */
export function levelsOf(pattern: number, out: Uint8Array): Uint8Array {
  for (let f = 0; f < strides.length; f++) out[f] = Math.floor(pattern / strides[f]!) % (missingLevel[f]! + 1);
  return out;
}

const scratch = new Uint8Array(comparedFields.length);

/** The pattern of one pair. */
export function comparePattern(a: Person, b: Person): number {
  compareInto(a, b, scratch);
  return patternOf(scratch);
}

const givenField = comparedFields.indexOf('givenName');
const birthDateField = comparedFields.indexOf('birthDate');
const givenDifferent = fieldLevels.givenName.indexOf('different');
const birthDateDifferent = fieldLevels.birthDate.indexOf('different');

/**
 * True when the pattern's given names and birth dates are both known and both different: the
 * signature of two people of one household (same surname, same address), whom the summed weights
 * would otherwise merge, since every address field agrees. A fuzzy link is never made on it. On
 * Febrl it refuses 3 of 1,500 true merges, whose duplicates had both fields replaced.
 */
export function identityConflict(pattern: number): boolean {
  levelsOf(pattern, scratch);
  return scratch[givenField] === givenDifferent && scratch[birthDateField] === birthDateDifferent;
}

/** Folds the patterns of many pairs into distinct patterns with their counts, for EM. */
export function countPatterns(patterns: ArrayLike<number>): PatternCounts {
  const countOf = new Map<number, number>();
  for (let k = 0; k < patterns.length; k++) countOf.set(patterns[k]!, (countOf.get(patterns[k]!) ?? 0) + 1);
  return tabulatePatterns(countOf);
}

/** Pattern → count, unpacked into the level table EM reads. */
export function tabulatePatterns(countOf: ReadonlyMap<number, number>): PatternCounts {
  const fields = comparedFields.length;
  const levels = new Uint8Array(countOf.size * fields);
  const counts = new Float64Array(countOf.size);
  let k = 0;
  for (const [pattern, count] of countOf) {
    levelsOf(pattern, levels.subarray(k * fields, (k + 1) * fields));
    counts[k++] = count;
  }
  return { levels, counts, missing: missingLevel };
}
