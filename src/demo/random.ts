/**
 * Seeded pseudo-random numbers for the demo data set. The same seed gives the same sequence on
 * every machine, so `precis demo load --seed S` rebuilds the same store row for row.
 * Predictable by design: never use this for keys, tokens or anything else secret.
 */

export class Random {
  #state: number;

  constructor(seed: number) {
    this.#state = seed >>> 0;
  }

  /** A float in [0, 1) (mulberry32: tiny, fast, and good enough for fake shoppers). */
  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  }

  /**
   * An independent generator seeded from this one. Each part of the data set gets its own, so
   * drawing one more number for, say, events does not reshuffle every product.
   */
  fork(): Random {
    return new Random(this.next() * 4_294_967_296);
  }

  /** An integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** A float in [min, max). */
  between(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error('Random.pick: no items to pick from');
    return item;
  }

  /** Approximately normal (Box–Muller). */
  normal(mean: number, sd: number): number {
    const u = 1 - this.next(); // (0, 1], so the log is finite
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }

  /** A shuffled copy (Fisher–Yates); the input is left alone. */
  shuffle<T>(items: readonly T[]): T[] {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
    return out;
  }

  /** `n` random decimal digits, leading zeros kept (ids, phone numbers, postcodes). */
  digits(n: number): string {
    let out = '';
    for (let i = 0; i < n; i++) out += String(Math.floor(this.next() * 10));
    return out;
  }
}

/**
 * A fixed weighted choice, built once and drawn many times in O(log n).
 *
 * @example
 * const size = new Weighted([1, 2, 3], [0.8, 0.15, 0.05]);
 * size.draw(rng); // 1 most of the time
 */
export class Weighted<T> {
  readonly #items: readonly T[];
  /** cumulative[i] = sum of the weights of items[0..i]. */
  readonly #cumulative: number[];

  constructor(items: readonly T[], weights: readonly number[]) {
    if (items.length === 0 || items.length !== weights.length) {
      throw new Error(`Weighted: need one weight per item, got ${items.length} items and ${weights.length} weights`);
    }
    let sum = 0;
    this.#cumulative = weights.map((w) => (sum += w));
    if (!(sum > 0)) throw new Error('Weighted: weights must add up to more than zero');
    this.#items = items;
  }

  draw(rng: Random): T {
    const target = rng.next() * this.#cumulative[this.#cumulative.length - 1]!;
    let lo = 0;
    let hi = this.#cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.#cumulative[mid]! > target) hi = mid;
      else lo = mid + 1;
    }
    return this.#items[lo]!;
  }
}

/** Draws until the value is not in `taken`, then records it. The space drawn from must dwarf `taken`. */
export function drawUnique(taken: Set<string>, draw: () => string): string {
  for (;;) {
    const value = draw();
    if (!taken.has(value)) {
      taken.add(value);
      return value;
    }
  }
}

/** Zipf-like weights for ranks 0..n-1: the first few items get most of the draws. */
export function zipfWeights(n: number, exponent = 1): number[] {
  return Array.from({ length: n }, (_, rank) => 1 / (rank + 1) ** exponent);
}
