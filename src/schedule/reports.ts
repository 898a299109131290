/**
 * Which producer writes each kind of scheduled report. A kind without a producer here cannot be
 * scheduled (src/schedule/store.ts says so to the admin) and is never run.
 */
import { modelRefreshReport } from '../analytics/refresh-report.ts';
import { reportKinds } from '../db/schema/index.ts';
import { accessReviewReport } from '../governance/access-review.ts';
import { backupDrillReport } from '../governance/backup-report.ts';
import { qualityReport } from '../quality/report.ts';
import type { ProduceReport, ReportKind } from '../reports/types.ts';

// The table's list of kinds and the report contract's must not drift apart.
reportKinds satisfies readonly ReportKind[];

export const producers: Partial<Record<ReportKind, ProduceReport>> = { quality: qualityReport, backup_drill: backupDrillReport, access_review: accessReviewReport, model_refresh: modelRefreshReport };
