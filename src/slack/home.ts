/**
 * The App Home tab: what you can ask (the same help every door shows), your role, and your own
 * recent questions. Only ever the viewer's own questions; their text was masked by the core
 * before it was kept, and it is escaped here so it cannot turn into mentions or links.
 */
import type { HomeView, KnownBlock } from '@slack/web-api';
import { answerBlocks } from '../present/blocks.ts';
import { t, type Lang } from '../messages/index.ts';
import type { RecentQuestion } from './store.ts';
import { word } from './words.ts';

/** How many of the viewer's questions the tab lists. */
export const RECENT_QUESTIONS = 5;

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const mrkdwn = (text: string): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text } });

export function homeView(lang: Lang, role: string | null, recent: RecentQuestion[]): HomeView {
  const day = (d: Date) => d.toISOString().slice(0, 10);
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: word(lang, 'home_title') } },
    mrkdwn(word(lang, 'home_intro')),
    mrkdwn(role ? word(lang, 'home_role', { role }) : t(lang, 'errors.access_denied')),
    { type: 'divider' },
    ...answerBlocks({ kind: 'help', lang, notUnderstood: false }).blocks,
    { type: 'divider' },
    { type: 'header', text: { type: 'plain_text', text: word(lang, 'home_recent') } },
    recent.length === 0
      ? mrkdwn(word(lang, 'home_recent_none'))
      : mrkdwn(recent.map((q) => `• ${escape(q.question.slice(0, 300))}  _${day(q.at)}_`).join('\n')),
  ];
  return { type: 'home', blocks: blocks.slice(0, 100) };
}
