/**
 * Reading CSV: each row's source line (the line it ends on) and raw text, as quarantine shows
 * them, through quoted line breaks, skipped empty lines, CRLF and a last line without a break.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { loadMapping } from '../../src/ingest/mapping.ts';
import { parseFile } from '../../src/ingest/parse.ts';

const dir = mkdtempSync(join(tmpdir(), 'precis-parse-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const mapping = loadMapping('tmall-events');
const header = 'user_id,item_id,behavior_type,timestamp';

async function rowsOf(text: string) {
  const path = join(dir, 'events.csv');
  writeFileSync(path, text);
  const rows = [];
  for await (const row of parseFile(path, mapping)) rows.push({ line: row.line, raw: row.raw, problem: row.problem });
  return rows;
}

it('numbers rows by the line they end on, across quoted line breaks and skipped empty lines', async () => {
  const rows = await rowsOf(`${header}\nu1,i1,pv,1\n\n\nu2,"i\n2",pv,2\nu3,i3,pv,3`);
  expect(rows).toEqual([
    { line: 2, raw: 'u1,i1,pv,1', problem: undefined },
    { line: 6, raw: 'u2,"i\n2",pv,2', problem: undefined },
    { line: 7, raw: 'u3,i3,pv,3', problem: undefined },
  ]);
});

it('counts CRLF line breaks once and keeps them out of the raw text', async () => {
  const rows = await rowsOf(`${header}\r\nu1,i1,pv,1\r\nu2\r\n\r\nu3,i3,pv,3\r\n`);
  expect(rows).toEqual([
    { line: 2, raw: 'u1,i1,pv,1', problem: undefined },
    { line: 3, raw: 'u2', problem: 'wrong_column_count' },
    { line: 5, raw: 'u3,i3,pv,3', problem: undefined },
  ]);
});
