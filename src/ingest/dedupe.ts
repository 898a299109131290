/**
 * Texts seen before, by a 64-bit hash kept in a compact open-addressing table: 8 bytes a slot,
 * filled up to three quarters, so 12 million rows take 128 MB (256 MB half full), instead of
 * gigabytes for a Set of strings. Finds exact duplicate rows within a batch, and the orders a
 * batch has written. A hash can collide: a text never seen is taken for a seen one about once in
 * 2^64 / n tries, so a caller that must be sure asks the store about what this reports as seen.
 */

/** Two independent 32-bit FNV-1a style hashes of the text: 64 bits in all. */
function hash64(text: string): [number, number] {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    h2 ^= h2 >>> 15;
  }
  // Zero marks an empty slot, so real hashes never use it.
  return [h1 >>> 0 || 1, h2 >>> 0];
}

export class RowHashSet {
  private hi = new Uint32Array(1 << 16);
  private lo = new Uint32Array(1 << 16);
  private size = 0;

  /** Whether `text` (or a text of the same hash) was added. */
  has(text: string): boolean {
    const [h1, h2] = hash64(text);
    return this.hi[this.slot(h1, h2)] !== 0;
  }

  /** Adds the text; returns false when an identical text was added before. */
  add(text: string): boolean {
    const [h1, h2] = hash64(text);
    if ((this.size + 1) * 4 > this.hi.length * 3) this.grow();
    const i = this.slot(h1, h2);
    if (this.hi[i] !== 0) return false;
    this.hi[i] = h1;
    this.lo[i] = h2;
    this.size++;
    return true;
  }

  /** The slot holding the hash, or the empty slot where it would go (linear probing). */
  private slot(h1: number, h2: number): number {
    const mask = this.hi.length - 1;
    let i = h2 & mask;
    while (this.hi[i] !== 0 && !(this.hi[i] === h1 && this.lo[i] === h2)) i = (i + 1) & mask;
    return i;
  }

  private grow(): void {
    const { hi, lo } = this;
    this.hi = new Uint32Array(hi.length * 2);
    this.lo = new Uint32Array(lo.length * 2);
    for (let j = 0; j < hi.length; j++) {
      if (hi[j] === 0) continue;
      const i = this.slot(hi[j]!, lo[j]!);
      this.hi[i] = hi[j]!;
      this.lo[i] = lo[j]!;
    }
  }
}
