/** Derived analytics: customer features with RFM segments, and segment summaries under the privacy floor. */
export { CLV_RETENTION_DAYS, fmScore, refreshFeatures, segmentOf, segmentRules, type Movement, type RefreshResult, type SegmentMovement, type SegmentRule } from './features.ts';
export {
  belowFloor, compareSegments, DEFAULT_K, segmentSummary, suppressSmallGroups,
  type SegmentComparison, type SegmentFigures, type SegmentSummary, type Suppressed, type TopLine,
} from './segments.ts';
