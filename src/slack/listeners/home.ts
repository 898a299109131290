/** The App Home tab, published each time someone opens it: what to ask, their role, their own recent questions. */
import type { App } from '@slack/bolt';
import { detectLang } from '../../messages/index.ts';
import { resolveRole } from '../../privacy/access.ts';
import { homeView, RECENT_QUESTIONS } from '../home.ts';
import { HomeOpened, parsePayload } from '../payloads.ts';
import type { DoorFor } from './door.ts';

export function onHomeOpened(app: App, doorFor: DoorFor): void {
  app.event('app_home_opened', async ({ event, client, context }) => {
    const opened = parsePayload(HomeOpened, event);
    if (!opened || (opened.tab !== undefined && opened.tab !== 'home')) return;
    const { deps, slackStore } = doorFor(client, context);
    const now = (deps.clock ?? (() => new Date()))();
    const [role, recent] = await Promise.all([
      resolveRole(deps.store, { id: opened.user, local: false }, now),
      slackStore.recentQuestions(opened.user, RECENT_QUESTIONS),
    ]);
    await client.views.publish({ user_id: opened.user, view: homeView(recent[0] ? detectLang(recent[0].question) : deps.lang, role, recent) });
  });
}
