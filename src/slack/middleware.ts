/**
 * The global middleware every incoming Slack request passes before any listener: a request id
 * for the log, bots ignored (ours and others: a bot answering a bot loops), and Events API
 * deliveries taken once — Slack retries an event (X-Slack-Retry-Num) when it thinks we missed
 * it, and the event id, kept in the store, makes sure a retry never produces a second answer,
 * whichever replica it reaches.
 */
import { randomBytes } from 'node:crypto';
import type { App, Middleware, AnyMiddlewareArgs } from '@slack/bolt';
import type { Logger } from '../log.ts';
import type { SlackStore } from './store.ts';

/** Adds `context.requestId`, a short random id every log line about this request carries. */
export const requestId: Middleware<AnyMiddlewareArgs> = async ({ context, next }) => {
  context.requestId = randomBytes(4).toString('hex');
  await next();
};

/** Drops events written by any bot (message subtypes such as bot_message included). */
export const ignoreBots: Middleware<AnyMiddlewareArgs> = async ({ body, next }) => {
  const event = (body as { event?: { bot_id?: unknown; subtype?: unknown; bot_profile?: unknown } }).event;
  if (event && (event.bot_id !== undefined || event.bot_profile !== undefined || event.subtype === 'bot_message')) return;
  await next();
};

/**
 * Takes each Events API event id once. If the store cannot be reached the event goes on: a
 * rare double answer is better than silence, and the answer path reports the failure itself.
 */
export function takeOnce(store: SlackStore, log: Logger, clock: () => Date): Middleware<AnyMiddlewareArgs> {
  return async ({ body, context, next }) => {
    const eventId = (body as { event_id?: unknown }).event_id;
    if (typeof eventId === 'string') {
      let first = true;
      try {
        first = await store.firstDelivery(eventId, clock());
      } catch (err) {
        log.warn('slack_dedupe_unavailable', { requestId: context.requestId, eventId, detail: err instanceof Error ? err.name : 'unknown' });
      }
      if (!first) {
        log.info('slack_retry_ignored', { requestId: context.requestId, eventId, retryNum: context.retryNum ?? 0 });
        return;
      }
    }
    await next();
  };
}

export function useMiddleware(app: App, store: SlackStore, log: Logger, clock: () => Date): void {
  app.use(requestId);
  app.use(ignoreBots);
  app.use(takeOnce(store, log, clock));
}
