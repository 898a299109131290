/**
 * The monthly access review: who has which role, who granted it and when, when it expires, and
 * when its holder last did anything (their newest audit entry), with what needs a look flagged:
 * a role past its expiry, one never used, one unused for 30 days or more. It is a scheduled
 * report (src/reports/types.ts) and `precis access review`; every run is itself audited.
 *
 * Lists Slack user ids only, never names or anything personal.
 */
import { asc, desc, eq, sql } from 'drizzle-orm';
import type { KnownBlock } from '@slack/web-api';
import { createHash } from 'node:crypto';
import type { Store } from '../db/client.ts';
import { auditLog, roleNames, roles, type RoleName } from '../db/schema/index.ts';
import { t, type Lang } from '../messages/index.ts';
import { iso, todayIn } from '../nl/calendar.ts';
import { auditHead, formatAnchor, recordAudit, type AuditAnchor } from '../privacy/audit.ts';
import type { ProduceReport, ReportContext, ReportOutput } from '../reports/types.ts';

/** A role unused for this many days is flagged. */
export const UNUSED_AFTER_DAYS = 30;

export type AccessFlag = 'expired' | 'never_used' | 'unused';

export interface AccessEntry {
  userId: string;
  role: RoleName;
  grantedBy: string;
  grantedAt: Date;
  expiresAt: Date | null;
  /** The holder's newest audit entry (a question, an approval, a role change they made). */
  lastUsed: Date | null;
  flags: AccessFlag[];
}

export async function reviewAccess(store: Store, now: Date): Promise<AccessEntry[]> {
  const rows = await store.db
    .select({
      userId: roles.userId,
      role: roles.role,
      grantedBy: roles.grantedBy,
      grantedAt: roles.grantedAt,
      expiresAt: roles.expiresAt,
      // One index lookup per person (audit_log_actor), not a scan of the whole log.
      lastUsed: sql<Date | null>`(select max(${auditLog.at}) from ${auditLog} where ${auditLog.actor} = ${roles.userId})`.mapWith(auditLog.at),
    })
    .from(roles)
    .orderBy(asc(roles.userId));
  const unusedBefore = now.getTime() - UNUSED_AFTER_DAYS * 86_400_000;
  return rows.map((r) => {
    const flags: AccessFlag[] = [];
    if (r.expiresAt && r.expiresAt <= now) flags.push('expired');
    if (r.lastUsed === null) flags.push('never_used');
    else if (r.lastUsed.getTime() <= unusedBefore) flags.push('unused');
    return { ...r, flags };
  });
}

/** What a review says, without the "last used" dates that move every day: a change here is news. */
function fingerprint(entries: readonly AccessEntry[]): string {
  const content = entries.map((e) => [e.userId, e.role, e.expiresAt?.toISOString() ?? null, e.flags]);
  return createHash('sha256').update(JSON.stringify(content)).digest('hex');
}

const SYSTEM_ACTOR = 'precis:access_review';

export interface AccessReviewRun {
  entries: AccessEntry[];
  report: ReportOutput;
}

/**
 * Reviews access, renders it, and audits the run (as `actor`); `changed` compares with the
 * previous run's audit entry, so an unchanged month posts only when something is flagged.
 */
export async function runAccessReview(ctx: ReportContext, actor: string): Promise<AccessReviewRun> {
  const entries = await reviewAccess(ctx.store, ctx.now);
  const print = fingerprint(entries);
  const [previous] = await ctx.store.db
    .select({ detail: auditLog.detail })
    .from(auditLog)
    .where(eq(auditLog.action, 'access_review'))
    .orderBy(desc(auditLog.id))
    .limit(1);
  const flagged = entries.filter((e) => e.flags.length > 0).length;
  await recordAudit(ctx.store, { actor, action: 'access_review', detail: { people: entries.length, flagged, fingerprint: print } }, ctx.now);
  const changed = (previous?.detail as { fingerprint?: string } | undefined)?.fingerprint !== print;
  // The audit log's head, posted where the database cannot reach: `precis audit verify --anchor`
  // then shows whether entries after it were cut away.
  const anchor = await auditHead(ctx.store);
  return { entries, report: { ...render(entries, ctx, anchor), changed, failing: flagged > 0 } };
}

export const accessReviewReport: ProduceReport = async (ctx) => (await runAccessReview(ctx, SYSTEM_ACTOR)).report;

const flagWord = (f: AccessFlag, lang: Lang) => (f === 'unused' ? t(lang, 'access.flag_unused', { days: UNUSED_AFTER_DAYS }) : t(lang, `access.flag_${f}`));

/** One person's line; `who` is how the user is written (a plain id, or a Slack mention). */
function line(e: AccessEntry, who: string, lang: Lang, day: (d: Date) => string): string {
  const parts = [
    t(lang, 'access.line', { user: who, role: e.role, by: e.grantedBy, granted: day(e.grantedAt) }),
    // Expiry is the day the admin typed (`--expires 2027-01-31` ends at 23:59:59 UTC), not that instant in this zone.
    e.expiresAt ? t(lang, 'access.expires', { date: e.expiresAt.toISOString().slice(0, 10) }) : t(lang, 'access.no_expiry'),
    ...(e.lastUsed ? [t(lang, 'access.last_used', { date: day(e.lastUsed) })] : []),
  ];
  return `${parts.join(' · ')}${e.flags.length > 0 ? ` · ⚠ ${e.flags.map((f) => flagWord(f, lang)).join(', ')}` : ''}`;
}

/** Slack allows 3,000 characters in a section's text; people go in as many sections as needed. */
const SECTION_CHARS = 2900;

function render(entries: readonly AccessEntry[], { lang, now, timeZone }: ReportContext, anchor: AuditAnchor | undefined): Pick<ReportOutput, 'title' | 'text' | 'blocks'> {
  const day = (d: Date) => iso(todayIn(d, timeZone));
  const title = t(lang, 'access.title', { date: day(now) });
  const counts = roleNames.map((r) => `${r} ${entries.filter((e) => e.role === r).length}`).join(', ');
  const flagged = entries.filter((e) => e.flags.length > 0).length;
  const summary = entries.length === 0 ? t(lang, 'access.nobody') : t(lang, 'access.summary', { people: entries.length, counts, flagged });
  const anchorLine = anchor ? t(lang, 'access.audit_anchor', { anchor: formatAnchor(anchor) }) : undefined;
  const text = [title, summary, ...entries.map((e) => line(e, e.userId, lang, day)), ...(anchorLine ? [anchorLine] : [])].join('\n');

  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: title } },
    { type: 'section', text: { type: 'mrkdwn', text: summary } },
  ];
  let chunk = '';
  for (const l of entries.map((e) => line(e, `<@${e.userId}>`, lang, day))) {
    if (chunk && chunk.length + l.length + 1 > SECTION_CHARS) {
      blocks.push({ type: 'section', text: { type: 'mrkdwn', text: chunk } });
      chunk = '';
    }
    chunk = chunk ? `${chunk}\n${l}` : l;
  }
  if (chunk) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: chunk } });
  if (anchorLine) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: anchorLine }] });
  return { title, text, blocks };
}
