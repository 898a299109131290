/**
 * Customer identity resolution: which records are the same person, and why. Pure: no store
 * access, no logging; see README.md in this folder for the pipeline and its choices.
 */
export { resolveIdentities, type ResolveOptions } from './resolve.ts';
export { KeyIndex, lookupKeys } from './key-index.ts';
export { pairwiseScores, type PairwiseScores } from './evaluate.ts';
export type { ComparedField, FieldEvidence, Link, LinkRule, MatchModel, PersonRecord, Resolution } from './types.ts';
