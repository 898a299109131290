/**
 * "A parent's column equals the sum of its children's" (an order's total and its lines) without
 * grouping the child table on every run. Each side adds a fingerprint to the pass it already
 * makes: the plain sum, and two sums weighted by two hashes of the parent key (PostgreSQL's own
 * `hashint8`, seeded twice), each value reduced modulo the prime 2^31−1 so every product fits a
 * bigint; the sums are compared modulo that prime. Equal fingerprints mean every parent matches,
 * except with a chance near 1 in 2^62 for mismatches that cancel out; different ones send the
 * check to the exact count (pass.ts `countOffenders`), which groups the children once. Healthy
 * stores pay two scans' worth of arithmetic; a broken one gets its exact count.
 *
 * Hashed, not linear, weights: a weight proportional to the key lets regular patterns cancel
 * (orders 1, 2, 3 off by +1, −2, +1 sum to zero weighted by 1, 2, 3, whatever the multiplier).
 */
import { sql, type SQL } from 'drizzle-orm';
import type { PassCheck } from './checks.ts';

export type SumCheck = Extract<PassCheck, { kind: 'sum_matches' }>;

const P = 2147483647n;
/** Two 32-bit hashes of the key, the weights: the int4 hash, and the top half of the 64-bit one with seed 1. */
const keyHashes = [(key: SQL) => sql`hashint8(${key})`, (key: SQL) => sql`(hashint8extended(${key}, 1) >> 32)`];

/** Aggregates of `value` keyed by `key`, named `<prefix>0`, `<prefix>1`, `<prefix>2`. */
export function fingerprintAggregates(value: SQL, key: SQL, prefix: string): SQL[] {
  const reduced = sql`(${value} % ${sql.raw(String(P))})`;
  return [sql`sum(${value}) as ${sql.identifier(`${prefix}0`)}`, ...keyHashes.map((hash, k) => sql`sum(${reduced} * ${hash(key)}) as ${sql.identifier(`${prefix}${k + 1}`)}`)];
}

/** The fingerprint read back from a pass row, comparable as a string. */
export function readFingerprint(row: Record<string, unknown>, prefix: string): string {
  const big = (v: unknown) => (v === null || v === undefined ? 0n : BigInt(String(v)));
  const plain = big(row[`${prefix}0`]);
  const weighted = keyHashes.map((_, k) => ((big(row[`${prefix}${k + 1}`]) % P) + P) % P);
  return [plain, ...weighted].join('|');
}
