/**
 * Checks of what arrives, read from the ingest batch ledger (one row per loaded file, so this is
 * small): field issues and quarantine share of each source's latest batch, its volume against
 * the source's earlier batches, and columns that appeared or vanished since the previous file.
 * A "source" is one platform and record kind (tmall customers, jd order lines, …).
 */
import { sql } from 'drizzle-orm';
import type { Store } from '../db/client.ts';
import { redactText } from '../privacy/redact.ts';
import { withinThreshold, type Check } from './checks.ts';
import type { Measured } from './pass.ts';
import { robustZ } from './robust.ts';

export type BatchCheck = Extract<Check, { kind: 'batch_field_issue' | 'quarantine_rate' | 'batch_volume' | 'schema_drift' }>;

interface BatchRow {
  id: number;
  platform: string;
  kind: string;
  rowsRead: number;
  rowsQuarantined: number;
  header: string[] | null;
  fieldIssues: Record<string, number> | null;
}

export interface BatchMeasured extends Measured {
  samples: string[];
}

/** Loaded batches per source, newest first. */
async function batchesBySource(store: Store): Promise<BatchRow[][]> {
  const rows = await store.rows<{ id: unknown; platform: string; kind: string; rows_read: unknown; rows_quarantined: unknown; header: unknown; field_issues: unknown }>(sql`
    select id, platform, kind, rows_read, rows_quarantined, header, summary -> 'fieldIssues' as field_issues
    from ingest_batches where status = 'loaded' order by platform, kind, id desc`);
  const sources = new Map<string, BatchRow[]>();
  for (const r of rows) {
    // jsonb comes back parsed from both drivers, except when a driver hands over text.
    const json = <T>(v: unknown) => (typeof v === 'string' ? (JSON.parse(v) as T) : (v as T | null));
    const key = `${r.platform}/${r.kind}`;
    const list = sources.get(key) ?? [];
    list.push({ id: Number(r.id), platform: r.platform, kind: r.kind, rowsRead: Number(r.rows_read), rowsQuarantined: Number(r.rows_quarantined), header: json<string[]>(r.header), fieldIssues: json<Record<string, number>>(r.field_issues) });
    sources.set(key, list);
  }
  return [...sources.values()];
}

/** Samples are stored once and read in any language: ids, names and figures only, no words. */
const label = (b: BatchRow) => `#${b.id} ${b.platform}/${b.kind}`;

/** The latest batch with the highest share of `bad` rows, among those with at least `minRows` rows; samples name those outside the band. */
function worstShare(check: BatchCheck, latest: BatchRow[], bad: (b: BatchRow) => number): BatchMeasured {
  const rated = latest.filter((b) => b.rowsRead >= check.minRows).map((b) => ({ b, n: bad(b), share: (100 * bad(b)) / b.rowsRead }));
  const ranked = [...rated].sort((x, y) => y.share - x.share);
  const offending = ranked.filter((r) => !withinThreshold(r.share, check.threshold));
  const worst = ranked[0];
  if (!worst) return { violations: 0, considered: 0, value: null, samples: [] };
  return {
    violations: worst.n,
    considered: worst.b.rowsRead,
    value: worst.share,
    samples: offending.slice(0, 5).map((r) => `${label(r.b)}: ${r.n}/${r.b.rowsRead}`),
  };
}

function measureBatchCheck(check: BatchCheck, sources: BatchRow[][]): BatchMeasured {
  const latest = sources.map((s) => s[0]!);
  switch (check.kind) {
    case 'batch_field_issue':
      return worstShare(check, latest.filter((b) => b.kind === check.batchKind), (b) => b.fieldIssues?.[check.issue] ?? 0);
    case 'quarantine_rate':
      return worstShare(check, latest, (b) => b.rowsQuarantined);
    case 'batch_volume': {
      // Every source with enough history is scored; the one furthest from its usual volume counts.
      const scored = sources
        .filter((s) => s.length - 1 >= check.minRows)
        .map((s) => {
          const history = s.slice(1, check.history + 1).map((b) => b.rowsRead);
          return { b: s[0]!, z: robustZ(s[0]!.rowsRead, history), history };
        })
        .sort((x, y) => Math.abs(y.z) - Math.abs(x.z));
      const worst = scored[0];
      if (!worst) return { violations: 0, considered: 0, value: null, samples: [] };
      const outside = scored.filter((s) => Math.abs(s.z) > check.threshold.limit);
      return {
        violations: outside.length,
        considered: worst.history.length,
        value: worst.z,
        samples: outside.slice(0, 5).map((s) => `${label(s.b)}: ${s.b.rowsRead} (${Math.min(...s.history)}–${Math.max(...s.history)})`),
      };
    }
    case 'schema_drift': {
      const compared = sources.filter((s) => s[0]!.header && s[1]?.header);
      const drifts = compared.map((s) => {
        const now = new Set(s[0]!.header), before = new Set(s[1]!.header);
        return { b: s[0]!, added: [...now].filter((c) => !before.has(c)), gone: [...before].filter((c) => !now.has(c)) };
      }).filter((d) => d.added.length + d.gone.length > 0);
      const changed = drifts.reduce((sum, d) => sum + d.added.length + d.gone.length, 0);
      return {
        violations: changed,
        considered: compared.length,
        value: changed,
        samples: drifts.slice(0, 5).map((d) => redactText(`${label(d.b)}: ${[...d.added.map((c) => `+${c}`), ...d.gone.map((c) => `−${c}`)].join(' ')}`).text),
      };
    }
  }
}

/** Measures every batch check from one read of the batch ledger. */
export async function runBatchChecks(store: Store, checks: readonly BatchCheck[]): Promise<Map<string, BatchMeasured>> {
  if (checks.length === 0) return new Map();
  const sources = await batchesBySource(store);
  return new Map(checks.map((c) => [c.id, measureBatchCheck(c, sources)]));
}
