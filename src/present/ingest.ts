/** Ingest summaries as people read them at the end of `precis ingest`. */
import type { BatchSummary } from '../ingest/index.ts';

const n = (x: number) => x.toLocaleString('en-US');

export function renderBatchSummary(s: BatchSummary): string {
  const head = `${s.file} (${s.kind}, mapping ${s.mapping})`;
  if (s.status === 'unchanged') return `${head}: already loaded as batch ${s.batchId}; nothing changed.`;
  const lines = [
    `${head}${s.status === 'dry_run' ? ' — dry run, nothing written' : `: batch ${s.batchId}`} in ${s.seconds.toFixed(1)} s`,
    `  rows read ${n(s.rowsRead)} · loaded ${n(s.rowsLoaded)} · merged ${n(s.rowsMerged)} · quarantined ${n(s.rowsQuarantined)}`,
  ];
  const reasons = Object.entries(s.quarantinedByReason).sort((a, b) => b[1] - a[1]);
  if (reasons.length > 0) lines.push(`  quarantined by reason: ${reasons.map(([r, c]) => `${r} ${n(c)}`).join(', ')}`);
  const issues = Object.entries(s.fieldIssues).sort((a, b) => b[1] - a[1]);
  if (issues.length > 0) lines.push(`  fields dropped from kept rows: ${issues.map(([r, c]) => `${r} ${n(c)}`).join(', ')}`);
  const created = Object.entries(s.created).filter(([, c]) => (c ?? 0) > 0);
  if (created.length > 0) lines.push(`  new in the store: ${created.map(([k, c]) => `${k} ${n(c ?? 0)}`).join(', ')}`);
  if (s.unmappedCategoryLabels.length > 0) lines.push(`  category labels not in the taxonomy: ${s.unmappedCategoryLabels.join(', ')}`);
  return lines.join('\n');
}
