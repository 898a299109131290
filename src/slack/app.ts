/**
 * The Slack door: one Bolt app, in Socket Mode or over HTTP, chosen once here from the
 * configuration; nothing else knows which. Listeners are registered from src/slack/listeners
 * (one file per kind), after the shared middleware (src/slack/middleware.ts).
 *
 * The Web API client goes to `apiUrl` (Slack's own by default, or any Slack-compatible
 * endpoint), calls fetch through the global at call time (so an HTTP mock started later still
 * sees them), and retries politely: a 429 waits for its Retry-After before the retry.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, LogLevel, type CustomRoute, type Logger as BoltLogger } from '@slack/bolt';
import type { WebClientOptions } from '@slack/web-api';
import type { SlackConfig } from '../config.ts';
import { isMigrated } from '../db/migrate.ts';
import { PrecisError, toPrecisError } from '../errors.ts';
import type { Logger } from '../log.ts';
import { redactText } from '../privacy/redact.ts';
import { onCommand } from './listeners/command.ts';
import type { DoorFor } from './listeners/door.ts';
import { onFeedback } from './listeners/feedback.ts';
import { onHomeOpened } from './listeners/home.ts';
import { onMention } from './listeners/mention.ts';
import { onDirectMessage } from './listeners/message.ts';
import { onPick } from './listeners/pick.ts';
import { onQueryActions } from './listeners/query.ts';
import { onQualityDetails } from './listeners/quality.ts';
import { onExportActions } from './exports.ts';
import { useMiddleware } from './middleware.ts';
import type { SlackDeps } from './reply.ts';
import { createSlackStore } from './store.ts';

export type { SlackDeps } from './reply.ts';

export interface SlackDoor {
  app: App;
  /** Connects (Socket Mode) or starts listening (HTTP; `port` is the one bound, useful with 0). */
  start(): Promise<{ mode: 'socket' } | { mode: 'http'; port: number }>;
  stop(): Promise<void>;
}

export interface SlackAppOptions {
  /** HTTP mode: the interface to listen on (all by default; tests use 127.0.0.1). */
  host?: string;
}

/** Web API calls: up to 5 retries with backoff; a 429 first waits for its Retry-After. */
const RETRIES = { retries: 5, factor: 2, minTimeout: 500, maxTimeout: 30_000 };

/**
 * Builds the door; nothing connects until `start()`.
 *
 * @example
 *   const door = createSlackApp({ assistant, store, log, lang: 'en' }, config.slack);
 *   await door.start(); // { mode: 'http', port: 3000 }
 */
export function createSlackApp(deps: SlackDeps, config: SlackConfig, options: SlackAppOptions = {}): SlackDoor {
  const clock = deps.clock ?? (() => new Date());
  const slackStore = createSlackStore(deps.store);
  const clientOptions: WebClientOptions = { slackApiUrl: config.apiUrl, fetch: (input, init) => globalThis.fetch(input, init), retryConfig: RETRIES };
  const common = { token: config.botToken, logger: boltLogger(deps.log), clientOptions, deferInitialization: true, convoStore: false as const };
  const app =
    config.mode === 'socket'
      ? new App({ ...common, socketMode: true, appToken: config.appToken })
      : new App({ ...common, signingSecret: config.signingSecret, port: config.port, customRoutes: [healthRoute(deps)] });

  useMiddleware(app, slackStore, deps.log, clock);
  const doorFor: DoorFor = (client, context) => ({ client, deps, slackStore, requestId: String(context.requestId ?? '-') });
  for (const register of [onMention, onDirectMessage, onCommand, onPick, onFeedback, onQueryActions, onQualityDetails, onExportActions, onHomeOpened]) register(app, doorFor);
  app.error(async (error) => {
    // Listeners report their own failures to the asker; this is the last net for the rest.
    const e = toPrecisError((error as { original?: unknown }).original ?? error);
    deps.log.error('slack_unhandled', { ref: e.params.ref, code: (error as { code?: string }).code, detail: redactText(e.detail ?? e.message).text });
  });

  return {
    app,
    async start() {
      await app.init().catch((err: unknown) => {
        // auth.test: a wrong bot token (or an unreachable SLACK_API_URL) stops here, with Slack's reason.
        const reason = (err as { data?: { error?: unknown } }).data?.error ?? (err instanceof Error ? err.message : String(err));
        throw new PrecisError('config_invalid', { problems: `Slack did not accept SLACK_BOT_TOKEN at ${config.apiUrl} (${String(reason)})` }, { cause: err });
      });
      if (config.mode === 'socket') {
        await app.start();
        return { mode: 'socket' };
      }
      const server = (await app.start(options.host ? { port: config.port, host: options.host } : config.port)) as Server;
      return { mode: 'http', port: (server.address() as AddressInfo).port };
    },
    stop: async () => {
      await app.stop();
    },
  };
}

/** GET /health: 200 when the store answers, 503 when it does not (HTTP mode only). */
function healthRoute(deps: SlackDeps): CustomRoute {
  return {
    path: '/health',
    method: ['GET'],
    handler: (_req, res) => {
      isMigrated(deps.store)
        .then((ok) => (ok ? { status: 200, body: { ok: true } } : { status: 503, body: { ok: false, reason: 'not_migrated' } }))
        .catch(() => ({ status: 503, body: { ok: false, reason: 'store_unreachable' } }))
        .then(({ status, body }) => {
          res.writeHead(status, { 'content-type': 'application/json' });
          res.end(JSON.stringify(body));
        });
    },
  };
}

/** Bolt's own log lines, into ours; free text is masked like everything else that is logged. */
function boltLogger(log: Logger): BoltLogger {
  let level = LogLevel.INFO;
  const line = (...msg: unknown[]) => ({ message: redactText(msg.map((m) => (m instanceof Error ? `${m.name}: ${m.message}` : typeof m === 'string' ? m : JSON.stringify(m))).join(' ')).text });
  return {
    debug: (...msg: unknown[]) => log.debug('bolt', line(...msg)),
    info: (...msg: unknown[]) => log.info('bolt', line(...msg)),
    warn: (...msg: unknown[]) => log.warn('bolt', line(...msg)),
    error: (...msg: unknown[]) => log.error('bolt', line(...msg)),
    setLevel: (l: LogLevel) => void (level = l),
    getLevel: () => level,
    setName: () => undefined,
  };
}
