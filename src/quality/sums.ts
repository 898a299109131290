/**
 * "A parent's column equals the sum of its children's" (an order's total and its lines) without
 * grouping the child table on every run. Each side adds one aggregate to the pass it already
 * makes: the sum of its values weighted by a hash of the parent key (PostgreSQL's own
 * `hashint8`), each value reduced modulo the prime P = 2^31−1 so every product fits a bigint;
 * the sums are compared modulo P. If the parents whose total is off by d_k are K, the two sides
 * differ by Σ_K d_k·h(k) mod P: never 0 for one mismatched parent (neither d nor h(k) is a
 * multiple of P, except by a chance of 1 in 2^31), and 0 for several only with a chance near
 * 1 in 2^31. Different fingerprints send the check to the exact count (pass.ts
 * `countOffenders`), which groups the children once. Healthy stores pay one sum of products;
 * a broken one gets its exact count.
 *
 * One hashed sum, not more: a second one (and a plain sum beside it) cost the 1M store's order
 * lines 0.18 s of CPU per run (0.58 → 0.76 s, serial, with JIT) to lower a chance already near
 * 1 in 2^31. Hashed, not linear, weights: a weight proportional to the key lets regular patterns
 * cancel (orders 1, 2, 3 off by +1, −2, +1 sum to zero weighted by 1, 2, 3).
 */
import { sql, type SQL } from 'drizzle-orm';
import type { PassCheck } from './checks.ts';

export type SumCheck = Extract<PassCheck, { kind: 'sum_matches' }>;

const P = 2147483647n;

/** The one aggregate of `value` keyed by `key`, named `prefix`. */
export function fingerprintAggregate(value: SQL, key: SQL, prefix: string): SQL {
  return sql`sum((${value} % ${sql.raw(String(P))}) * hashint8(${key})) as ${sql.identifier(prefix)}`;
}

/** The fingerprint read back from a pass row, comparable as a string. */
export function readFingerprint(row: Record<string, unknown>, prefix: string): string {
  const value = row[prefix];
  const sum = value === null || value === undefined ? 0n : BigInt(String(value));
  return String(((sum % P) + P) % P);
}
