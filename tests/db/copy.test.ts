/**
 * COPY text encoding, checked by PostgreSQL itself: what goes in through copyIn comes back out
 * unchanged — tabs, line breaks and backslashes in text, nulls, dates, numbers and booleans.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/db/client.ts';
import { copyChunks, type CopyValue } from '../../src/db/copy.ts';

let store: Store;
beforeAll(async () => {
  store = await openStore({ kind: 'pglite' });
  await store.rows(sql`create table copied (t text, n bigint, b boolean, d timestamptz)`);
});
afterAll(() => store?.close());

it('round-trips awkward text, nulls, numbers, booleans and dates', async () => {
  const rows: CopyValue[][] = [
    ['tab\there, line\nbreak, return\r, back\\slash, \\N literally', 42, true, new Date('2026-11-11T20:00:00.123Z')],
    [null, undefined, false, null],
    ['李雷 plain', -7, null, new Date(0)],
  ];
  await store.copyIn('copied', ['t', 'n', 'b', 'd'], copyChunks(rows, 2));
  const back = await store.rows<{ t: string | null; n: string | null; b: boolean | null; d: string | null }>(
    sql`select t, n::text as n, b, to_char(d at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS') as d from copied order by n nulls first`,
  );
  expect(back).toEqual([
    { t: null, n: null, b: false, d: null },
    { t: '李雷 plain', n: '-7', b: null, d: '1970-01-01T00:00:00.000' },
    { t: 'tab\there, line\nbreak, return\r, back\\slash, \\N literally', n: '42', b: true, d: '2026-11-11T20:00:00.123' },
  ]);
});
