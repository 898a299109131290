/**
 * A compact multimap from blocking keys to customer ids, so a batch can find which golden records
 * it may match without holding the records themselves. Resolving a customers file against every
 * golden record in memory grew with the store (1.7 GB at 500k customers); this index costs about
 * 21 bytes per key of a record (bench:identity prints it), and only the records a chunk's keys
 * point at are read back.
 *
 * Each record's keys are its blocking-pass keys (see blocking.ts) plus its email and phone
 * indexes, each mixed with the pass it comes from so that equal values of different passes differ.
 */
import { blockingPasses } from './blocking.ts';
import { preparePerson } from './prepare.ts';
import type { PersonRecord } from './types.ts';

/** murmur3's 32-bit finalizer: spreads a key over all bits, so nearby keys land apart. */
function mix(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

function hashText(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

const passSalt = (p: number) => Math.imul(p + 1, 0x9e3779b9);

/** The keys a record is filed and looked up under: one per blocking pass it has a key for, and its email and phone indexes. */
export function lookupKeys(record: PersonRecord): number[] {
  const person = preparePerson(record);
  const keys: number[] = [];
  blockingPasses.forEach((pass, p) => {
    const key = pass.key(person);
    if (key !== 0) keys.push(mix(key ^ passSalt(p)));
  });
  if (record.emailIdx) keys.push(mix(hashText(record.emailIdx) ^ passSalt(blockingPasses.length)));
  if (record.phoneIdx) keys.push(mix(hashText(record.phoneIdx) ^ passSalt(blockingPasses.length + 1)));
  return keys;
}

/** A slot whose key was filed under more ids than the index keeps: its entries are dropped. */
const SATURATED = -2;
/** A key filed under more ids than this is common: a selective lookup wants a second key to agree. */
export const COMMON_KEY = 8;

export class KeyIndex {
  // Open addressing over distinct keys; each slot heads a chain of entries (newest first).
  private slotKey = new Uint32Array(1 << 12);
  private slotHead = new Int32Array(1 << 12).fill(-1);
  private distinct = 0;
  private entryId = new Int32Array(1 << 12);
  private entryNext = new Int32Array(1 << 12);
  private entries = 0;
  /** Scratch for a selective lookup: the ids under its common keys. */
  private commonIds = new Int32Array(0);

  /**
   * @param maxPerKey a key filed under more ids than this (a common street in a big city) says
   *   little: lookups skip it, so the index stops keeping its ids rather than hold them for nothing.
   *   At a million people that is most of the entries of the street and city passes.
   */
  constructor(private readonly maxPerKey = 64) {}

  /** Files `id` under each key. */
  add(keys: readonly number[], id: number): void {
    if (!Number.isInteger(id) || id < 0 || id > 0x7fffffff) throw new RangeError(`KeyIndex: customer id ${id} is outside 0..2^31-1`);
    for (const key of keys) {
      // Up to three quarters full: at a million customers the slots are most of the index's memory.
      if ((this.distinct + 1) * 4 > this.slotKey.length * 3) this.growSlots();
      const slot = this.find(key);
      const head = this.slotHead[slot]!;
      if (head === SATURATED) continue;
      if (head === -1) {
        this.slotKey[slot] = key;
        this.distinct++;
      } else if (this.chainLength(head) >= this.maxPerKey) {
        // The chain's entries stay where they are, unused: at most maxPerKey per saturated key.
        this.slotHead[slot] = SATURATED;
        continue;
      }
      if (this.entries === this.entryId.length) this.growEntries();
      this.entryId[this.entries] = id;
      this.entryNext[this.entries] = head;
      this.slotHead[slot] = this.entries++;
    }
  }

  /**
   * Adds to `out` the ids filed under each key; a key filed under more than maxPerKey ids adds none.
   *
   * @param selective a common key (filed under more than COMMON_KEY ids) adds only the ids that
   *   another of `keys` is filed under too. A person who shares nothing but, say, a birth date and
   *   a big city with a row is seldom that row's duplicate, and each such candidate costs a read
   *   and two decryptions; their number grows with the store.
   */
  lookup(keys: readonly number[], out: Set<number>, selective = false): void {
    let common = 0;
    if (selective && this.commonIds.length < keys.length * this.maxPerKey) this.commonIds = new Int32Array(keys.length * this.maxPerKey);
    for (const key of keys) {
      const head = this.slotHead[this.find(key)]!;
      if (!selective) {
        for (let e = head; e >= 0; e = this.entryNext[e]!) out.add(this.entryId[e]!);
        continue;
      }
      // One walk: the key's ids go to the scratch, and back out of it into `out` if the key is not common.
      const start = common;
      for (let e = head; e >= 0; e = this.entryNext[e]!) this.commonIds[common++] = this.entryId[e]!;
      if (common - start > COMMON_KEY) continue;
      for (let k = start; k < common; k++) out.add(this.commonIds[k]!);
      common = start;
    }
    if (common < 2) return;
    // Sorted, an id under two common keys sits next to itself. (One under a common key and a rare one was added above.)
    const ids = this.commonIds.subarray(0, common).sort();
    for (let k = 1; k < common; k++) if (ids[k] === ids[k - 1]) out.add(ids[k]!);
  }

  /** Entries kept (ids filed under keys that are not saturated, plus the dropped chains' leftovers). */
  get size(): number {
    return this.entries;
  }

  private chainLength(head: number): number {
    let length = 0;
    for (let e = head; e >= 0; e = this.entryNext[e]!) length++;
    return length;
  }

  /** The slot holding `key`, or the empty slot where it would go. */
  private find(key: number): number {
    const mask = this.slotKey.length - 1;
    let slot = key & mask;
    while (this.slotHead[slot] !== -1 && this.slotKey[slot] !== key) slot = (slot + 1) & mask;
    return slot;
  }

  private growSlots(): void {
    const { slotKey, slotHead } = this;
    this.slotKey = new Uint32Array(slotKey.length * 2);
    this.slotHead = new Int32Array(slotKey.length * 2).fill(-1);
    for (let s = 0; s < slotKey.length; s++) {
      if (slotHead[s] === -1) continue;
      const slot = this.find(slotKey[s]!);
      this.slotKey[slot] = slotKey[s]!;
      this.slotHead[slot] = slotHead[s]!;
    }
  }

  private growEntries(): void {
    // By half, not double: the entries are the index's bulk, and a doubling would leave up to half of it unused.
    const grow = (from: Int32Array) => {
      const to = new Int32Array(Math.ceil(from.length * 1.5));
      to.set(from);
      return to;
    };
    this.entryId = grow(this.entryId);
    this.entryNext = grow(this.entryNext);
  }
}
