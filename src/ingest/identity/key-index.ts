/**
 * A compact multimap from blocking keys to customer ids, so a batch can find which golden records
 * it may match without holding the records themselves. Resolving a customers file against every
 * golden record in memory grew with the store (1.7 GB at 500k customers); this index costs about
 * 13 bytes per key of a record (bench:identity prints it), and only the records a chunk's keys
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

/** A slot no key has taken. */
const EMPTY = -1;
/** A slot whose key was filed under more ids than the index keeps: its entries are dropped. */
const SATURATED = -2;
/**
 * A slot's head is the key's one id (≥ 0) or, for a key filed under two or more, the first entry
 * of its chain encoded below -2. Most keys are filed under one id, so they cost a slot and no entry.
 */
const chainHead = (entry: number) => -3 - entry;
/** The encoding is its own inverse. */
const entryOfHead = chainHead;
/** A key filed under more ids than this is common: a selective lookup wants a second key to agree. */
export const COMMON_KEY = 8;
/** Entries live in pages of 2^PAGE_BITS (id, next) pairs: the index grows a page at a time, never copying what it holds. */
const PAGE_BITS = 16;
const PAGE_MASK = (1 << PAGE_BITS) - 1;
/** The `next` of a chain's last entry. */
const END = -1;

export class KeyIndex {
  // Open addressing over distinct keys; each slot holds its key's id or heads a chain of entries (newest first).
  private slotKey = new Uint32Array(1 << 12);
  private slotHead = new Int32Array(1 << 12).fill(EMPTY);
  private distinct = 0;
  private pages: Int32Array[] = [];
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
      if (head === EMPTY) {
        this.slotKey[slot] = key;
        this.slotHead[slot] = id;
        this.distinct++;
      } else if (head >= 0) {
        // The key's second id: its first moves into a chain.
        this.slotHead[slot] = chainHead(this.push(id, this.push(head, END)));
      } else if (this.chainLength(entryOfHead(head)) >= this.maxPerKey) {
        // The chain's entries stay where they are, unused: at most maxPerKey per saturated key.
        this.slotHead[slot] = SATURATED;
      } else {
        this.slotHead[slot] = chainHead(this.push(id, entryOfHead(head)));
      }
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
      if (head >= 0) {
        // One id is never common.
        out.add(head);
        continue;
      }
      const first = head === EMPTY || head === SATURATED ? END : entryOfHead(head);
      if (!selective) {
        for (let e = first; e !== END; e = this.next(e)) out.add(this.id(e));
        continue;
      }
      // One walk: the key's ids go to the scratch, and back out of it into `out` if the key is not common.
      const start = common;
      for (let e = first; e !== END; e = this.next(e)) this.commonIds[common++] = this.id(e);
      if (common - start > COMMON_KEY) continue;
      for (let k = start; k < common; k++) out.add(this.commonIds[k]!);
      common = start;
    }
    if (common < 2) return;
    // Sorted, an id under two common keys sits next to itself. (One under a common key and a rare one was added above.)
    const ids = this.commonIds.subarray(0, common).sort();
    for (let k = 1; k < common; k++) if (ids[k] === ids[k - 1]) out.add(ids[k]!);
  }

  /** Ids kept: those filed under keys that are not saturated, plus the dropped chains' leftovers. (Counts the slots: for benches and tests.) */
  get size(): number {
    let singles = 0;
    for (const head of this.slotHead) if (head >= 0) singles++;
    return singles + this.entries;
  }

  private id(entry: number): number {
    return this.pages[entry >>> PAGE_BITS]![(entry & PAGE_MASK) * 2]!;
  }

  private next(entry: number): number {
    return this.pages[entry >>> PAGE_BITS]![(entry & PAGE_MASK) * 2 + 1]!;
  }

  /** A new entry (`id`, then `next`); returns its number. */
  private push(id: number, next: number): number {
    const entry = this.entries++;
    if ((entry & PAGE_MASK) === 0) this.pages.push(new Int32Array(2 << PAGE_BITS));
    const page = this.pages[entry >>> PAGE_BITS]!;
    page[(entry & PAGE_MASK) * 2] = id;
    page[(entry & PAGE_MASK) * 2 + 1] = next;
    return entry;
  }

  private chainLength(first: number): number {
    let length = 0;
    for (let e = first; e !== END; e = this.next(e)) length++;
    return length;
  }

  /** The slot holding `key`, or the empty slot where it would go. */
  private find(key: number): number {
    const mask = this.slotKey.length - 1;
    let slot = key & mask;
    while (this.slotHead[slot] !== EMPTY && this.slotKey[slot] !== key) slot = (slot + 1) & mask;
    return slot;
  }

  private growSlots(): void {
    const { slotKey, slotHead } = this;
    this.slotKey = new Uint32Array(slotKey.length * 2);
    this.slotHead = new Int32Array(slotKey.length * 2).fill(EMPTY);
    for (let s = 0; s < slotKey.length; s++) {
      if (slotHead[s] === EMPTY) continue;
      const slot = this.find(slotKey[s]!);
      this.slotKey[slot] = slotKey[s]!;
      this.slotHead[slot] = slotHead[s]!;
    }
  }
}
