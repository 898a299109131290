/**
 * Queries that come back from our own messages: the query an answer's buttons carry (show
 * query, export, feedback, break down by…) and the options of a clarifying question. They come
 * from outside, so each is checked again (zod, and the digest of a thread reference) before use.
 */
import { lastQuery } from '../assistant/threads.ts';
import type { Lang } from '../messages/index.ts';
import { describeQuery } from '../nl/rules/clarify.ts';
import { findQueryRef, queryDigest, readClarifyValue, readQueryRef, type QueryRef } from '../present/blocks.ts';
import type { QuerySpec } from '../query/dsl.ts';
import { dimensions, type DimensionId } from '../semantic/index.ts';
import type { Door } from './reply.ts';

/** The query a reference stands for; a thread reference counts only while its digest matches. */
export async function resolveQueryRef(door: Door, ref: QueryRef | undefined, threadId: string): Promise<QuerySpec | undefined> {
  if (!ref) return undefined;
  if ('query' in ref) return ref.query;
  const stored = await lastQuery(door.deps.store, threadId);
  return stored && queryDigest(stored) === ref.digest ? stored : undefined;
}

/** The query behind a button's value, or behind the answer message the menu sits in. */
export async function queryOfButton(door: Door, value: string | undefined, threadId: string): Promise<QuerySpec | undefined> {
  return resolveQueryRef(door, value ? readQueryRef(value) : undefined, threadId);
}

export async function queryOfMessage(door: Door, blocks: unknown, threadId: string): Promise<QuerySpec | undefined> {
  return resolveQueryRef(door, findQueryRef(blocks), threadId);
}

/** A picked query, labelled in words ("Revenue · by city · last month") for the thread and the audit log. */
export function pickedQuery(query: QuerySpec, lang: Lang): { question: string; query: QuerySpec } {
  return { question: describeQuery(query, lang), query };
}

/** A clarifying option: its query, or the label to ask as a question. */
export function clarifyPick(value: string, lang: Lang): { question: string; query?: QuerySpec } {
  const picked = readClarifyValue(value);
  return 'query' in picked ? pickedQuery(picked.query, lang) : { question: picked.question };
}

/** The answer's query with one more breakdown, as the "Break down by…" menu offers it. */
export function withBreakdown(query: QuerySpec, dimension: string): QuerySpec | undefined {
  if (!(dimension in dimensions) || query.dimensions.includes(dimension as DimensionId)) return undefined;
  const dims = [...query.dimensions, dimension as DimensionId];
  const intent = dims.some((d) => dimensions[d].kind === 'time') ? (query.intent === 'compare' ? 'compare' : 'trend') : query.intent === 'compare' ? 'compare' : 'breakdown';
  return { ...query, intent, dimensions: dims, limit: null, sort: null };
}
