/**
 * Environment → validated configuration, in one place. Every variable Precis reads is declared
 * here (and documented in README.md); nothing else touches process.env.
 */
import { z } from 'zod';
import { PrecisError } from './errors.ts';
import { isTimeZone } from './time-zone.ts';

const emptyAsUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optionalString = z.preprocess(emptyAsUndefined, z.string().optional());
const positiveInt = (fallback: number) => z.preprocess(emptyAsUndefined, z.coerce.number().int().positive().default(fallback));

export const Env = z.object({
  DATABASE_URL: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
      .optional(),
  ),
  PRECIS_DATA_DIR: z.preprocess(emptyAsUndefined, z.string().default('.precis')),
  PRECIS_DATA_KEY: optionalString,
  PRECIS_BASE_CURRENCY: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as CNY')
      .default('CNY'),
  ),
  PRECIS_TIMEZONE: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .refine(isTimeZone, 'must be an IANA time zone such as Asia/Shanghai')
      .default('Asia/Shanghai'),
  ),
  PRECIS_STATEMENT_TIMEOUT_MS: positiveInt(5000),
  PRECIS_ROW_CAP: positiveInt(1000),
  PRECIS_MIN_GROUP_SIZE: positiveInt(10),
  PRECIS_DEMO_CUSTOMERS: positiveInt(5000),
  PRECIS_LANG: z.preprocess(emptyAsUndefined, z.enum(['en', 'zh']).default('en')),
  PRECIS_LOG_LEVEL: z.preprocess(emptyAsUndefined, z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('warn')),
  PRECIS_STRICT: z.preprocess(emptyAsUndefined, z.enum(['true', 'false', '1', '0'], 'must be true or false').default('false')),
  OPENAI_API_KEY: optionalString,
  OPENAI_BASE_URL: z.preprocess(emptyAsUndefined, z.url({ protocol: /^https?$/, error: 'must be an http(s) URL such as https://api.openai.com/v1' }).optional()),
  OPENAI_MODEL: z.preprocess(emptyAsUndefined, z.string().default('gpt-4o-mini')),
  PRECIS_MODEL_TIMEOUT_MS: positiveInt(15000),
  PRECIS_MODEL_TOKEN_BUDGET: positiveInt(12000),
  SLACK_BOT_TOKEN: z.preprocess(emptyAsUndefined, z.string().regex(/^xoxb-[A-Za-z0-9-]+$/, 'must be a bot token (xoxb-…)').optional()),
  SLACK_APP_TOKEN: z.preprocess(emptyAsUndefined, z.string().regex(/^xapp-[A-Za-z0-9-]+$/, 'must be an app-level token (xapp-…) with connections:write').optional()),
  SLACK_SIGNING_SECRET: z.preprocess(emptyAsUndefined, z.string().regex(/^[0-9a-f]{16,}$/i, 'must be the app’s signing secret (hex, from Basic Information)').optional()),
  PRECIS_EXPORT_TTL_HOURS: positiveInt(24),
  SLACK_ADMIN_CHANNEL: z.preprocess(emptyAsUndefined, z.string().regex(/^[CG][A-Z0-9]{2,}$/, 'must be a Slack channel id such as C012ABCDEF').optional()),
  PORT: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(0).max(65535).default(3000)),
  SLACK_API_URL: z.preprocess(
    emptyAsUndefined,
    z.url({ protocol: /^https?$/, error: 'must be an http(s) URL such as https://slack.com/api/' }).default('https://slack.com/api/'),
  ),
});
export type Env = z.infer<typeof Env>;

export interface Config {
  databaseUrl: string | undefined;
  dataDir: string;
  dataKey: string | undefined;
  baseCurrency: string;
  timeZone: string;
  statementTimeoutMs: number;
  rowCap: number;
  /** Groups of fewer customers than this are hidden in every breakdown (privacy floor). */
  minGroupSize: number;
  demoCustomers: number;
  /** Language of the console's own words; answers follow the language of each question. */
  lang: 'en' | 'zh';
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  /** Refuse to start, rather than warn, when the database roles that limit answers are not in place. */
  strict: boolean;
  /**
   * The OpenAI-compatible model parser; undefined (rules parser only) unless OPENAI_API_KEY is
   * set. `timeoutMs` bounds each request, `tokenBudget` all tokens spent on one question.
   */
  model: { apiKey: string; baseURL: string | undefined; model: string; timeoutMs: number; tokenBudget: number } | undefined;
  /** The Slack door; undefined (console) unless a bot token and a way in are set. See slackFrom. */
  slack: SlackConfig | undefined;
  /** Exports: hours an approved file stays downloadable; the Slack channel admins decide in (else each admin gets a DM). */
  exports: { ttlHours: number; adminChannel: string | undefined };
  /** Slack variables set without making a whole Slack set-up, said at start instead of ignored. */
  slackIncomplete: string | undefined;
}

/**
 * Socket Mode (bot token + app-level token: no public URL needed) or HTTP (bot token + signing
 * secret, served on `port`). With both an app token and a signing secret, Socket Mode wins.
 */
export type SlackConfig =
  | { mode: 'socket'; botToken: string; appToken: string; apiUrl: string }
  | { mode: 'http'; botToken: string; signingSecret: string; port: number; apiUrl: string };

function slackFrom(e: Env): { slack: SlackConfig | undefined; slackIncomplete: string | undefined } {
  const apiUrl = e.SLACK_API_URL.endsWith('/') ? e.SLACK_API_URL : `${e.SLACK_API_URL}/`;
  if (e.SLACK_BOT_TOKEN && e.SLACK_APP_TOKEN) return { slack: { mode: 'socket', botToken: e.SLACK_BOT_TOKEN, appToken: e.SLACK_APP_TOKEN, apiUrl }, slackIncomplete: undefined };
  if (e.SLACK_BOT_TOKEN && e.SLACK_SIGNING_SECRET) {
    return { slack: { mode: 'http', botToken: e.SLACK_BOT_TOKEN, signingSecret: e.SLACK_SIGNING_SECRET, port: e.PORT, apiUrl }, slackIncomplete: undefined };
  }
  if (e.SLACK_BOT_TOKEN) return { slack: undefined, slackIncomplete: 'SLACK_BOT_TOKEN is set but neither SLACK_APP_TOKEN (Socket Mode) nor SLACK_SIGNING_SECRET (HTTP)' };
  if (e.SLACK_APP_TOKEN || e.SLACK_SIGNING_SECRET) return { slack: undefined, slackIncomplete: 'SLACK_APP_TOKEN or SLACK_SIGNING_SECRET is set but SLACK_BOT_TOKEN is not' };
  return { slack: undefined, slackIncomplete: undefined };
}

/** Reads the environment once; lists every invalid variable at the same time. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new PrecisError('config_invalid', { problems: problems.join('; ') });
  }
  const e = parsed.data;
  return {
    databaseUrl: e.DATABASE_URL,
    dataDir: e.PRECIS_DATA_DIR,
    dataKey: e.PRECIS_DATA_KEY,
    baseCurrency: e.PRECIS_BASE_CURRENCY,
    timeZone: e.PRECIS_TIMEZONE,
    statementTimeoutMs: e.PRECIS_STATEMENT_TIMEOUT_MS,
    rowCap: e.PRECIS_ROW_CAP,
    minGroupSize: e.PRECIS_MIN_GROUP_SIZE,
    demoCustomers: e.PRECIS_DEMO_CUSTOMERS,
    lang: e.PRECIS_LANG,
    logLevel: e.PRECIS_LOG_LEVEL,
    strict: e.PRECIS_STRICT === 'true' || e.PRECIS_STRICT === '1',
    model: e.OPENAI_API_KEY
      ? {
          apiKey: e.OPENAI_API_KEY,
          baseURL: e.OPENAI_BASE_URL,
          model: e.OPENAI_MODEL,
          timeoutMs: e.PRECIS_MODEL_TIMEOUT_MS,
          tokenBudget: e.PRECIS_MODEL_TOKEN_BUDGET,
        }
      : undefined,
    exports: { ttlHours: e.PRECIS_EXPORT_TTL_HOURS, adminChannel: e.SLACK_ADMIN_CHANNEL },
    ...slackFrom(e),
  };
}
