/**
 * Segment summaries as answers ("summarize at-risk customers", "重要价值客户画像", "compare
 * champions and loyal"): one row per segment, one column per figure, so every door presents
 * them like any other table. The privacy floor of src/analytics/segments.ts applies throughout.
 */
import { listSavedSegments, type SavedSegment } from '../analytics/saved-segments.ts';
import { compareSegments, segmentSummary, type SegmentRef, type SegmentSummary, type TopLine } from '../analytics/segments.ts';
import type { Store } from '../db/client.ts';
import { rfmSegments, type RfmSegment } from '../db/schema/index.ts';
import { PrecisError } from '../errors.ts';
import { audienceOf } from '../query/audience.ts';
import { t, type Lang, type MessageKey } from '../messages/index.ts';
import { QuerySpec } from '../query/dsl.ts';
import { segmentLabels } from '../semantic/dimensions.ts';
import { dimensionDef, type DimensionId } from '../semantic/index.ts';
import { minorToMajor } from '../semantic/money.ts';
import { filterWords } from './shape.ts';
import type { Cell, Column, TableAnswer } from './types.ts';

/** The top lines' names as people read them (天猫 for `tmall`); hidden lines are left out. */
const names = (lines: readonly (TopLine | { suppressed: true })[], lang: Lang, dimension?: DimensionId) => {
  const display = dimension ? dimensionDef(dimension).display : undefined;
  return lines.flatMap((l) => ('value' in l ? [display ? display(l.value, lang) : l.value] : [])).join(lang === 'zh' ? '、' : ', ') || null;
};
const hiddenCount = (n: number | { suppressed: true }): number | null => (typeof n === 'number' ? n : null);

const isRfm = (name: string): name is RfmSegment => (rfmSegments as readonly string[]).includes(name);

/** How people read a segment: an RFM segment's label, or a custom segment's own name. */
const labelOf = (segment: string, lang: Lang) => (isRfm(segment) ? segmentLabels[segment][lang] : segment);

/** RFM segment ids and saved custom segment names, as the summary's references (members of a custom one from its filters). */
async function refsOf(store: Store, segments: readonly string[], timeZone: string): Promise<{ refs: SegmentRef[]; custom: SavedSegment[] }> {
  const saved = segments.some((s) => !isRfm(s)) ? await listSavedSegments(store) : [];
  const custom: SavedSegment[] = [];
  const refs: SegmentRef[] = [];
  for (const name of segments) {
    if (isRfm(name)) {
      refs.push(name);
      continue;
    }
    const found = saved.find((s) => s.name.toLowerCase() === name.toLowerCase());
    if (!found) throw new PrecisError('input_invalid', { detail: `There is no segment called "${name}".` });
    custom.push(found);
    refs.push({ name: found.name, members: await audienceOf(store, found.filters, null, timeZone) });
  }
  return { refs, custom };
}

export async function segmentAnswer(store: Store, segments: string[], lang: Lang, currency: string, k: number, timeZone: string): Promise<TableAnswer> {
  const { refs, custom } = await refsOf(store, segments, timeZone);
  const summaries: SegmentSummary[] =
    refs.length === 2 ? await compareSegments(store, refs[0]!, refs[1]!, { k }).then((c) => [c.a, c.b]) : [await segmentSummary(store, refs[0]!, { k })];

  const col = (id: string, format: Column['format'], extra: Partial<Column> = {}): Column => ({ id, label: t(lang, `segment.${id}` as MessageKey), role: id === 'segment' ? 'dimension' : 'metric', format, ...extra });
  const columns: Column[] = [
    col('segment', 'text'), col('size', 'count'), col('share_of_customers', 'percent'), col('revenue', 'currency', { currency }),
    col('share_of_revenue', 'percent'), col('aov', 'currency', { currency }), col('orders_per_customer', 'number'), col('days_since_last_order', 'days'),
    col('top_categories', 'text', { role: 'dimension' }), col('top_cities', 'text', { role: 'dimension' }), col('top_platforms', 'text', { role: 'dimension' }),
    col('moved_in', 'count'), col('moved_out', 'count'),
  ];
  const notes = custom.map((s) => t(lang, 'saved.used', { name: s.name, filters: filterWords(s.filters, lang).join(' · ') }));
  const rows: Cell[][] = summaries.map((s) => {
    const label = labelOf(s.segment, lang);
    if (s.suppressed) {
      notes.push(t(lang, 'segment.hidden', { segment: label, k }));
      return [label, ...columns.slice(1).map(() => null)];
    }
    return [
      label, s.size, s.shareOfCustomers, minorToMajor(s.revenueMinor, currency), s.shareOfRevenue,
      s.aovMinor === null ? null : minorToMajor(s.aovMinor, currency), s.avgFrequency, s.avgRecencyDays,
      names(s.topCategories, lang), names(s.topCities, lang, 'city'), names(s.topPlatforms, lang, 'platform'), s.movedIn === undefined ? null : hiddenCount(s.movedIn), s.movedOut === undefined ? null : hiddenCount(s.movedOut),
    ];
  });
  // The query a "show query" button explains: customers by segment, for these segments.
  const query = QuerySpec.parse({
    intent: 'breakdown', metrics: ['customers'], dimensions: ['segment'], filters: [{ dimension: 'segment', values: segments }],
    period: null, sort: null, limit: null, compare: null,
  });
  return {
    kind: 'table', lang, query, columns, rows, notes, truncated: false, redactedColumns: [], verified: false,
    reading: {
      metrics: [t(lang, 'segment.title')],
      dimensions: [],
      filters: [summaries.map((s) => labelOf(s.segment, lang)).join(lang === 'zh' ? '、' : ', ')],
      period: t(lang, 'segment.as_of_refresh'),
      definitions: [t(lang, 'segment.definition', { k })],
    },
  };
}
