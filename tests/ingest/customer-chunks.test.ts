/**
 * A customers file is resolved a chunk at a time, so memory follows the chunk, not the file.
 * Duplicates that land in different chunks must still merge: later chunks find earlier rows of
 * the same batch through the key index and read them back from staging. A chunk is also cut short
 * once its rows and the records they may match reach a limit, so a big store does not grow it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Store } from '../../src/db/client.ts';
import { resolvedCustomers, scoreGrouping, type TruthRecord } from '../../src/ingest/evaluate.ts';
import { entityOfSyntheticId, syntheticPeople } from '../../src/ingest/identity/synthetic.ts';
import { ingestPath } from '../../src/ingest/index.ts';
import { describeEachStore } from '../helpers/stores.ts';
import { testCipher } from '../helpers/keys.ts';

const people = syntheticPeople(600, 11);
const chunkRows = 100;
const dir = mkdtempSync(join(tmpdir(), 'precis-chunks-'));
const file = join(dir, 'people.csv');
const header = 'rec_id, given_name, surname, street_number, address_1, address_2, suburb, postcode, state, date_of_birth, soc_sec_id';
writeFileSync(file, [header, ...people.map((p) => [
  p.id, p.givenName ?? '', p.surname ?? p.fullName ?? '', p.streetNumber ?? '', p.address ?? '', p.address2 ?? '', p.city ?? '', p.postcode ?? '', p.region ?? '', (p.birthDate ?? '').replaceAll('-', ''), '',
].join(', '))].join('\n') + '\n');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const truth: TruthRecord[] = people.map((p) => ({ platform: 'febrl', id: p.id, entity: entityOfSyntheticId(p.id) }));
/** True duplicate pairs whose rows fall into different chunks (data line = index + 1). */
const crossChunkPairs = people.flatMap((a, i) => people.slice(i + 1).flatMap((b, d) => {
  const j = i + 1 + d;
  return entityOfSyntheticId(a.id) === entityOfSyntheticId(b.id) && Math.floor(i / chunkRows) !== Math.floor(j / chunkRows) ? [[a.id, b.id] as const] : [];
}));

// Rows only; then chunks cut short by the records their rows may match (from the second chunk on, at 110).
const chunkings = [{ rows: chunkRows, records: Infinity }, { rows: chunkRows, records: 110 }];

for (const chunk of chunkings) describeEachStore(`customers resolved in chunks of at most ${chunk.rows} rows and ${chunk.records} records`, (kind) => {
  let store: Store;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    ({ store, drop } = await kind.open());
    await ingestPath(store, testCipher, file, { platform: 'febrl', mapping: 'febrl-customers', baseCurrency: 'CNY', now: new Date('2026-01-01T00:00:00Z'), dryRun: false, customerChunk: chunk });
  });
  afterAll(() => drop());

  it('merges duplicates that fall into different chunks of one file', async () => {
    const resolved = await resolvedCustomers(store);
    expect(crossChunkPairs.length).toBeGreaterThan(20);
    const merged = crossChunkPairs.filter(([a, b]) => resolved.get(`febrl:${a}`) === resolved.get(`febrl:${b}`));
    expect(merged.length / crossChunkPairs.length).toBeGreaterThanOrEqual(0.95);
  });

  it('keeps the precision and recall of resolving the file at once', async () => {
    const scores = scoreGrouping(truth, await resolvedCustomers(store));
    expect(scores.missing).toBe(0);
    expect(scores.precision).toBeGreaterThanOrEqual(0.99);
    expect(scores.recall).toBeGreaterThanOrEqual(0.95);
  });
});
