/**
 * Quality history: every run and every check's value, so the report can say what is new, what
 * has failed since when, and how the score moved. Reading it never runs a check.
 */
import { desc, eq, inArray, lt } from 'drizzle-orm';
import type { Store } from '../db/client.ts';
import { qualityResults, qualityRuns, type QualityStatus } from '../db/schema/index.ts';
import type { Dimension } from './checks.ts';
import type { CheckResult } from './runner.ts';
import type { Scores } from './score.ts';

export interface StoredResult {
  checkId: string;
  status: QualityStatus;
  value: number | null;
  violations: number;
  considered: number;
  /** `considered` is the planner's estimate of a large table's rows (no check of it read a row). */
  consideredEstimated: boolean;
  failingSince: Date | null;
  samples: string[];
}

export interface StoredRun {
  id: number;
  ranAt: Date;
  score: number;
  dimensions: Partial<Record<Dimension, number>>;
  seconds: number;
  results: StoredResult[];
}

async function withResults(store: Store, runs: (typeof qualityRuns.$inferSelect)[]): Promise<StoredRun[]> {
  if (runs.length === 0) return [];
  const rows = await store.db.select().from(qualityResults).where(inArray(qualityResults.runId, runs.map((r) => r.id))).orderBy(qualityResults.id);
  return runs.map((run) => ({
    ...run,
    dimensions: run.dimensions as Partial<Record<Dimension, number>>,
    results: rows
      .filter((r) => r.runId === run.id)
      .map(({ checkId, status, value, violations, considered, consideredEstimated, failingSince, samples }) => ({ checkId, status, value, violations, considered, consideredEstimated, failingSince, samples })),
  }));
}

/** The latest run (before run `beforeId` when given), with its results. */
export async function latestRun(store: Store, beforeId?: number): Promise<StoredRun | null> {
  const runs = await store.db.select().from(qualityRuns).where(beforeId === undefined ? undefined : lt(qualityRuns.id, beforeId)).orderBy(desc(qualityRuns.id)).limit(1);
  return (await withResults(store, runs))[0] ?? null;
}

/** One stored run by id (what the report's "Details" button carries), or null. */
export async function runById(store: Store, id: number): Promise<StoredRun | null> {
  return (await withResults(store, await store.db.select().from(qualityRuns).where(eq(qualityRuns.id, id))))[0] ?? null;
}

/** Scores of the last `n` runs, oldest first (for the trend chart). */
export async function recentScores(store: Store, n = 30): Promise<{ ranAt: Date; score: number; dimensions: Partial<Record<Dimension, number>> }[]> {
  const runs = await store.db.select({ ranAt: qualityRuns.ranAt, score: qualityRuns.score, dimensions: qualityRuns.dimensions }).from(qualityRuns).orderBy(desc(qualityRuns.id)).limit(n);
  return runs.reverse().map((r) => ({ ...r, dimensions: r.dimensions as Partial<Record<Dimension, number>> }));
}

/**
 * Stores a run and its results in one transaction. A failure keeps the start of its streak
 * from the previous run; a new failure starts one now.
 */
export async function saveRun(store: Store, run: { ranAt: Date; scores: Scores; seconds: number; results: readonly CheckResult[] }, previous: StoredRun | null): Promise<StoredRun> {
  const before = new Map(previous?.results.map((r) => [r.checkId, r]) ?? []);
  return store.db.transaction(async (tx) => {
    const [row] = await tx.insert(qualityRuns).values({ ranAt: run.ranAt, score: run.scores.overall, dimensions: run.scores.dimensions, seconds: run.seconds }).returning();
    const results: StoredResult[] = run.results.map((r) => {
      const was = before.get(r.check.id);
      const failingSince = r.status !== 'fail' ? null : was?.status === 'fail' && was.failingSince ? was.failingSince : run.ranAt;
      return { checkId: r.check.id, status: r.status, value: r.value, violations: r.violations, considered: r.considered, consideredEstimated: r.estimated ?? false, failingSince, samples: r.samples };
    });
    if (results.length > 0) await tx.insert(qualityResults).values(results.map((r) => ({ ...r, runId: row!.id })));
    return { ...row!, dimensions: run.scores.dimensions, results };
  });
}
