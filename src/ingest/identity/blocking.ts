/**
 * Blocking: which record pairs are worth comparing at all. Comparing every pair is quadratic, so
 * each pass groups records by one key and pairs records within a group; a true pair needs to
 * share the key of only one pass, and the passes key on different fields so that one wrong or
 * missing field rarely hides a duplicate from all of them. Pairs found by several passes are
 * kept once.
 *
 * A group larger than the cap (a common surname in a big postcode, say) would cost its size
 * squared; its records are instead paired with their neighbours in name order, which keeps the
 * cost linear and still finds duplicates whose names sort together.
 */
import type { Person } from './prepare.ts';
import type { ComparedField } from './types.ts';

export interface BlockingPass {
  name: string;
  /**
   * The compared fields its key is made of. Pairs a pass finds agree on these by construction,
   * different people included, so EM on that pass's pairs must not learn from them.
   */
  fields: readonly ComparedField[];
  /** A hash of the record's blocking key, or 0 to leave the record out of this pass (a key field is missing). */
  key(person: Person): number;
}

/**
 * 32-bit FNV-1a hash of two key parts, never 0; 0 when either part is missing. Hashing instead of
 * building key strings keeps a pass over a million records free of garbage; two keys that collide
 * only put a few unrelated records in one group, which costs comparisons, never a wrong link.
 */
function keyOf(a: string, b: string): number {
  if (a === '' || b === '') return 0;
  let hash = 0x811c9dc5;
  for (let i = 0; i < a.length; i++) hash = Math.imul(hash ^ a.charCodeAt(i), 0x01000193);
  hash = Math.imul(hash ^ 0x1f, 0x01000193); // separator: ("ab", "c") and ("a", "bc") differ
  for (let i = 0; i < b.length; i++) hash = Math.imul(hash ^ b.charCodeAt(i), 0x01000193);
  return hash >>> 0 || 1;
}

export const blockingPasses: readonly BlockingPass[] = [
  { name: 'surname sound + postcode', fields: ['surname', 'locality'], key: (p) => keyOf(p.surnameSound, p.postcode) },
  { name: 'given name + birth date', fields: ['givenName', 'birthDate'], key: (p) => keyOf(p.given, p.birthDate) },
  { name: 'postcode + street number', fields: ['locality', 'streetNumber'], key: (p) => keyOf(p.postcode, p.streetNumber) },
  { name: 'name sounds + birth year', fields: ['givenName', 'surname', 'birthDate'], key: (p) => keyOf(p.nameSounds, p.birthDate.slice(0, 4)) },
  { name: 'street word + street number', fields: ['address', 'streetNumber'], key: (p) => keyOf(p.streetWord, p.streetNumber) },
  { name: 'birth date + postcode', fields: ['birthDate', 'locality'], key: (p) => keyOf(p.birthDate, p.postcode) },
  { name: 'surname sound + birth date', fields: ['surname', 'birthDate'], key: (p) => keyOf(p.surnameSound, p.birthDate) },
  { name: 'birth date + city', fields: ['birthDate', 'locality'], key: (p) => keyOf(p.birthDate, p.city) },
  { name: 'street word + postcode', fields: ['address', 'locality'], key: (p) => keyOf(p.streetWord, p.postcode) },
  { name: 'name sounds + city', fields: ['givenName', 'surname', 'locality'], key: (p) => keyOf(p.nameSounds, p.city) },
  { name: 'street word + city', fields: ['address', 'locality'], key: (p) => keyOf(p.streetWord, p.city) },
];

export interface CandidatePairs {
  /** Pair k is (left[k], right[k]), indexes into the people array, left < right, sorted, each pair once. */
  left: Int32Array;
  right: Int32Array;
  /** Bit p set when pass p found pair k. */
  foundBy: Uint16Array;
  /** Groups over the cap, paired by sorted neighbourhood instead of all against all. */
  oversizedBlocks: number;
}

/** Pairs per record compared inside an oversized group (each record meets this many following it). */
const neighbourWindow = 8;

/**
 * Candidate pairs over all passes.
 *
 * @param resolved the first `resolved` people are already resolved among themselves (the stored
 *   records a batch is matched against): a pair of two of them is never made. Skipping them here,
 *   not after, matters: a group of 60 stored records and one new row holds 1,770 such pairs and
 *   only 60 worth comparing.
 * @example
 * const { left, right } = candidatePairs(people);
 * // compare people[left[k]] with people[right[k]] for every k
 */
export function candidatePairs(people: readonly Person[], passes: readonly BlockingPass[] = blockingPasses, maxBlockSize = 64, resolved = 0): CandidatePairs {
  const n = people.length;
  if (passes.length > maxPasses) throw new RangeError(`candidatePairs: at most ${maxPasses} blocking passes, got ${passes.length}`);
  if (n * n * maxPasses > Number.MAX_SAFE_INTEGER) throw new RangeError(`candidatePairs: at most ${maxRecords.toLocaleString('en')} records per call, got ${n.toLocaleString('en')}`);
  const pairs = new PairBuffer(n);
  let oversizedBlocks = 0;
  passes.forEach((pass, p) => {
    for (const members of groups(people, pass)) {
      if (members.length <= maxBlockSize) {
        // Members are in input order, so the resolved ones come first and each pairs only with the rest.
        let firstNew = 0;
        while (firstNew < members.length && members[firstNew]! < resolved) firstNew++;
        for (let x = 0; x < members.length; x++) for (let y = Math.max(x + 1, firstNew); y < members.length; y++) pairs.add(members[x]!, members[y]!, p);
      } else {
        oversizedBlocks++;
        const sorted = [...members].sort((i, j) => compareNames(people[i]!, people[j]!) || i - j);
        for (let x = 0; x < sorted.length; x++) {
          const end = Math.min(sorted.length, x + 1 + neighbourWindow);
          for (let y = x + 1; y < end; y++) if (sorted[x]! >= resolved || sorted[y]! >= resolved) pairs.add(sorted[x]!, sorted[y]!, p);
        }
      }
    }
  });
  return { ...pairs.sortedUnique(), oversizedBlocks };
}

// A pair is stored as (lo × n + hi) × maxPasses + pass in a double, exact below 2^53.
const maxPasses = 16;
const maxRecords = Math.floor(Math.sqrt(Number.MAX_SAFE_INTEGER / maxPasses));

const compareNames = (a: Person, b: Person) => (a.surname < b.surname ? -1 : a.surname > b.surname ? 1 : a.given < b.given ? -1 : a.given > b.given ? 1 : 0);

/**
 * Record indexes grouped by key (groups of one left out), in input order within a group. Each
 * record becomes one number, hash × 2^indexBits + index, so one numeric sort groups them.
 */
function* groups(people: readonly Person[], pass: BlockingPass): Generator<Int32Array> {
  const n = people.length;
  const indexBits = Math.max(1, Math.ceil(Math.log2(n)));
  const slot = 2 ** indexBits;
  // Keep hash × slot + index below 2^53, where doubles are still exact integers.
  const hashRange = 2 ** Math.min(32, 53 - indexBits);
  const tagged = new Float64Array(n);
  let size = 0;
  for (let i = 0; i < n; i++) {
    const hash = pass.key(people[i]!);
    if (hash !== 0) tagged[size++] = (hash % hashRange) * slot + i;
  }
  const sorted = tagged.subarray(0, size).sort();
  const members = new Int32Array(size);
  for (let start = 0; start < size; ) {
    const hash = Math.floor(sorted[start]! / slot);
    let end = start + 1;
    while (end < size && Math.floor(sorted[end]! / slot) === hash) end++;
    if (end - start > 1) {
      for (let k = start; k < end; k++) members[k] = sorted[k]! - hash * slot;
      yield members.subarray(start, end);
    }
    start = end;
  }
}

/** Pairs found, with the pass that found each, packed into one growing Float64Array. */
class PairBuffer {
  #keys = new Float64Array(1 << 16);
  #size = 0;
  readonly #n: number;

  constructor(n: number) {
    this.#n = n;
  }

  add(i: number, j: number, pass: number): void {
    if (this.#size === this.#keys.length) {
      const grown = new Float64Array(this.#keys.length * 2);
      grown.set(this.#keys);
      this.#keys = grown;
    }
    this.#keys[this.#size++] = (i < j ? i * this.#n + j : j * this.#n + i) * maxPasses + pass;
  }

  /** Each pair once, in (left, right) order, with the passes that found it merged into a bit mask. */
  sortedUnique(): { left: Int32Array; right: Int32Array; foundBy: Uint16Array } {
    const keys = this.#keys.subarray(0, this.#size).sort();
    const pairKeys: number[] = [];
    const masks: number[] = [];
    for (let k = 0; k < keys.length; k++) {
      const pair = Math.floor(keys[k]! / maxPasses);
      const bit = 1 << (keys[k]! - pair * maxPasses);
      if (pairKeys.length > 0 && pairKeys[pairKeys.length - 1] === pair) masks[masks.length - 1]! |= bit;
      else {
        pairKeys.push(pair);
        masks.push(bit);
      }
    }
    const left = new Int32Array(pairKeys.length);
    const right = new Int32Array(pairKeys.length);
    pairKeys.forEach((pair, k) => {
      left[k] = Math.floor(pair / this.#n);
      right[k] = pair - left[k]! * this.#n;
    });
    return { left, right, foundBy: Uint16Array.from(masks) };
  }
}
