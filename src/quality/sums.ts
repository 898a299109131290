/**
 * "A parent's column equals the sum of its children's" (an order's total and its lines) without
 * grouping the child table on every run. Each side adds a fingerprint to the pass it already
 * makes: the plain sum, and two sums weighted by a hash of the parent key, modulo the prime
 * 2^31−1 (all in bigint, no numeric arithmetic). Equal fingerprints mean every parent matches,
 * except with a chance near 1 in 2^62 for mismatches that cancel out; different ones send the
 * check to the exact count (pass.ts `countOffenders`), which groups the children once. Healthy stores pay two scans'
 * worth of arithmetic; a broken one gets its exact count.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { PassCheck } from './checks.ts';

export type SumCheck = Extract<PassCheck, { kind: 'sum_matches' }>;

const P = 2147483647n;
/** Two multipliers of the Lehmer generator modulo 2^31−1: two independent-enough weightings. */
const MULTIPLIERS = [48271, 69621] as const;

/** Aggregates of `value` keyed by `key`, named `<prefix>0`, `<prefix>1`, `<prefix>2`. */
export function fingerprintAggregates(value: SQL, key: SQL, prefix: string): SQL[] {
  const p = sql.raw(String(P));
  return [
    sql`sum(${value}) as ${sql.identifier(`${prefix}0`)}`,
    ...MULTIPLIERS.map((m, k) => sql`sum((${value} % ${p}) * ((${key} % ${p}) * ${sql.raw(String(m))} % ${p}) % ${p}) as ${sql.identifier(`${prefix}${k + 1}`)}`),
  ];
}

/** The fingerprint read back from a pass row, comparable as a string. */
export function readFingerprint(row: Record<string, unknown>, prefix: string): string {
  const big = (v: unknown) => (v === null || v === undefined ? 0n : BigInt(String(v)));
  const plain = big(row[`${prefix}0`]);
  const weighted = MULTIPLIERS.map((_, k) => ((big(row[`${prefix}${k + 1}`]) % P) + P) % P);
  return [plain, ...weighted].join('|');
}
