/**
 * One error shape for the whole app. A PrecisError carries a stable `code`, the parameters its
 * user-facing message needs (looked up in src/messages, never built from `detail`), a log-only
 * `detail`, and the original `cause`. Only the doors (console, CLI, Slack) render errors.
 * Neither the message nor the detail may contain personal data.
 */
import { randomBytes } from 'node:crypto';
import { t, type Lang, type MessageKey, type MessageParams } from './messages/index.ts';

export type ErrorCode =
  | 'config_invalid'
  | 'data_key_invalid'
  | 'data_key_mismatch'
  | 'db_unreachable'
  | 'not_migrated'
  | 'query_invalid'
  | 'access_denied'
  | 'role_forbids'
  | 'query_timeout'
  | 'usage'
  | 'input_invalid'
  | 'export_not_found'
  | 'export_self_approval'
  | 'export_already_approved'
  | 'export_closed'
  | 'export_expired'
  | 'export_not_table'
  | 'export_reason_missing'
  | 'export_pending'
  | 'db_roles_missing'
  | 'role_self_change'
  | 'internal';

export class PrecisError extends Error {
  readonly code: ErrorCode;
  readonly params: MessageParams;
  /** For the log only; never shown to a user. */
  readonly detail: string | undefined;

  constructor(code: ErrorCode, params: MessageParams = {}, options: { detail?: string; cause?: unknown } = {}) {
    super(t('en', `errors.${code}` as MessageKey, params), { cause: options.cause });
    this.name = 'PrecisError';
    this.code = code;
    this.params = params;
    this.detail = options.detail;
  }

  /** The sentence the user sees, in their language. */
  userMessage(lang: Lang): string {
    return t(lang, `errors.${this.code}` as MessageKey, this.params);
  }
}

/**
 * Wraps anything thrown into a PrecisError. Unknown failures become `internal` with a short
 * reference, so the user can quote it and the log line can be found.
 */
export function toPrecisError(err: unknown): PrecisError {
  if (err instanceof PrecisError) return err;
  if (isStatementTimeout(err)) return new PrecisError('query_timeout', { seconds: '?' }, { cause: err });
  const ref = randomBytes(4).toString('hex');
  const detail = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return new PrecisError('internal', { ref }, { detail, cause: err });
}

/** Postgres cancels a statement past statement_timeout with SQLSTATE 57014. */
export function isStatementTimeout(err: unknown): boolean {
  const code = (err as { code?: unknown; cause?: { code?: unknown } } | null)?.code ?? (err as { cause?: { code?: unknown } } | null)?.cause?.code;
  return code === '57014';
}
