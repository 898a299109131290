/**
 * "Details" on a data-quality report: every check of that run with its figure and band, sent
 * privately to the clicker (who must be allowed to read quality reports).
 */
import type { App } from '@slack/bolt';
import { authorize, resolveRole } from '../../privacy/access.ts';
import { cut, slackLimits } from '../../present/blocks.ts';
import { QUALITY_DETAILS_ACTION, qualityDetailsText } from '../../present/quality.ts';
import { runById } from '../../quality/history.ts';
import { reportModel } from '../../quality/report.ts';
import { tellPrivately } from '../reply.ts';
import { word } from '../words.ts';
import { onMessageClick, type DoorFor } from './door.ts';

export function onQualityDetails(app: App, doorFor: DoorFor): void {
  onMessageClick(app, QUALITY_DETAILS_ACTION, doorFor, async (door, _click, { actor, action, to }) => {
    const { store } = door.deps;
    const [runPart = '', langPart] = (action.value ?? '').split(':');
    const lang = langPart === 'zh' ? 'zh' : 'en';
    authorize(await resolveRole(store, actor, (door.deps.clock ?? (() => new Date()))()), 'read_quality');
    const id = Number(runPart);
    const run = Number.isSafeInteger(id) && id > 0 ? await runById(store, id) : null;
    if (!run) return tellPrivately(door, to, word(lang, 'quality_run_unknown'));
    const details = qualityDetailsText(await reportModel(store, run), lang, door.deps.timeZone ?? 'UTC');
    await tellPrivately(door, to, cut(details, slackLimits.sectionText));
  });
}
