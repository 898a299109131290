/**
 * The models, refreshed on a schedule as well as after each ingest: customer features with their
 * RFM segments, then item similarities and product statistics. The report says how long each
 * took and how many customers moved between segments (counts only; the privacy floor applies to
 * each movement figure as to any group).
 */
import type { KnownBlock } from '@slack/web-api';
import { t } from '../messages/index.ts';
import type { ProduceReport } from '../reports/types.ts';
import { segmentLabels } from '../semantic/dimensions.ts';
import { refreshFeatures } from './features.ts';
import { refreshSimilarities } from './recommend.ts';
import { belowFloor, DEFAULT_K } from './segments.ts';
import type { RfmSegment } from '../db/schema/index.ts';

export const modelRefreshReport: ProduceReport = async (ctx) => {
  const { lang } = ctx;
  const k = ctx.minGroupSize ?? DEFAULT_K;
  const features = await refreshFeatures(ctx.store, { now: ctx.now });
  const similarities = await refreshSimilarities(ctx.store);
  const moves = (Object.entries(features.movement) as [RfmSegment, { in: number; out: number }][])
    .filter(([, m]) => m.in > 0 || m.out > 0)
    .map(([segment, m]) => {
      const count = (n: number) => (belowFloor(n, k) ? `<${k}` : String(n));
      return t(lang, 'refresh.move', { segment: segmentLabels[segment][lang], in: count(m.in), out: count(m.out) });
    });
  const title = t(lang, 'refresh.title');
  const summary = t(lang, 'refresh.summary', {
    customers: features.customers.toLocaleString('en-US'), featureSeconds: features.seconds.toFixed(1),
    pairs: similarities.pairs.toLocaleString('en-US'), similaritySeconds: similarities.seconds.toFixed(1),
  });
  const movement = moves.length > 0 ? `${t(lang, 'refresh.movement')}\n${moves.map((m) => `• ${m}`).join('\n')}` : t(lang, 'refresh.no_movement');
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: title } },
    { type: 'section', text: { type: 'mrkdwn', text: `${summary}\n\n${movement}` } },
  ];
  return { title, text: `${title}\n${summary}\n${movement}`, blocks, changed: moves.length > 0, failing: false };
};
