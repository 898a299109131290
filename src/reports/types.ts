/**
 * What a scheduled report is, whatever it reports on (data quality, a backup drill, the access
 * review): each kind produces one grouped message that renders as text for the console and CLI
 * and as Block Kit for Slack. The scheduler (src/schedule) only knows this shape.
 */
import type { KnownBlock } from '@slack/web-api';
import type { Store } from '../db/client.ts';
import type { Lang } from '../messages/index.ts';
import type { DataCipher } from '../privacy/crypto.ts';

export interface ReportContext {
  store: Store;
  cipher: DataCipher;
  now: Date;
  lang: Lang;
  /** IANA zone the report's dates are written in (the schedule's own zone). */
  timeZone: string;
  /** The privacy floor (PRECIS_MIN_GROUP_SIZE) for reports that count customers; default 10. */
  minGroupSize?: number;
}

export interface ReportOutput {
  title: string;
  /** The whole report as plain text (console, CLI, and the Slack notification fallback). */
  text: string;
  blocks: KnownBlock[];
  chart?: { png: Buffer; filename: string; alt: string };
  /** Something differs from the previous run of the same report (the "gate" posts only then…). */
  changed: boolean;
  /** …or when something is failing now. */
  failing: boolean;
}

export type ReportKind = 'quality' | 'backup_drill' | 'access_review' | 'model_refresh';

export type ProduceReport = (ctx: ReportContext) => Promise<ReportOutput>;
