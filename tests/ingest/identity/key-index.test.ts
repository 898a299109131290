import { expect, it } from 'vitest';
import { KeyIndex, lookupKeys } from '../../../src/ingest/identity/index.ts';

it('finds the ids filed under a key, and drops a key filed under more ids than it keeps', () => {
  const fill = (index: KeyIndex) => {
    for (let id = 1; id <= 100; id++) index.add([7], id);
    index.add([9], 500);
    index.add([9, 11], 501);
    return index;
  };
  const found = (index: KeyIndex, keys: number[]) => {
    const out = new Set<number>();
    index.lookup(keys, out);
    return [...out].sort((a, b) => a - b);
  };
  const capped = fill(new KeyIndex(64));
  expect(found(capped, [9, 11])).toEqual([500, 501]);
  expect(found(capped, [7, 9])).toEqual([500, 501]);
  expect(found(capped, [12345])).toEqual([]);
  // Saturated keys stop taking entries: 64 of key 7's ids, then keys 9 and 11.
  expect(capped.size).toBe(64 + 3);
  expect(found(fill(new KeyIndex(100)), [7])).toHaveLength(100);
});

it('asks a common key, in a selective lookup, for the ids a second key agrees on', () => {
  const index = new KeyIndex();
  // Key 7 is common (ten people share it), keys 8 and 9 are rare; person 3 is under 7 and 8, person 4 under 7 and 9.
  for (let id = 1; id <= 10; id++) index.add(id === 3 ? [7, 8] : id === 4 ? [7, 9] : [7], id);
  index.add([20], 40);
  index.add([20, 21], 41);
  const found = (keys: number[], selective: boolean) => {
    const out = new Set<number>();
    index.lookup(keys, out, selective);
    return [...out].sort((a, b) => a - b);
  };
  expect(found([7, 8], false)).toHaveLength(10);
  // The rare key brings person 3 anyway; nobody else shares a second key with the row.
  expect(found([7, 8], true)).toEqual([3]);
  // Two common keys agree on everyone under both.
  for (let id = 1; id <= 10; id++) index.add([30], id <= 5 ? id : id + 100);
  expect(found([7, 30], true)).toEqual([1, 2, 3, 4, 5]);
  // Rare keys are answered in full either way.
  expect(found([20, 21], true)).toEqual([40, 41]);
});

it('keeps every entry as it grows past its first size', () => {
  const index = new KeyIndex();
  // Keys of one id (kept in their slots) and keys shared by three ids (chains): 150,000 chain
  // entries, more than one page of them.
  const single = (i: number) => Math.imul(i, 0x9e3779b1) >>> 0;
  const shared = (i: number) => (Math.imul(Math.floor(i / 3), 0x85ebca6b) ^ 0x5bd1e995) >>> 0;
  for (let i = 0; i < 150_000; i++) index.add([single(i), shared(i)], i);
  expect(index.size).toBe(300_000);
  const found = (keys: number[]) => {
    const out = new Set<number>();
    index.lookup(keys, out);
    return [...out].sort((a, b) => a - b);
  };
  expect(found([single(123), single(149_999)])).toEqual([123, 149_999]);
  expect(found([shared(4)])).toEqual([3, 4, 5]);
  expect(found([shared(149_999), single(7)])).toEqual([7, 149_997, 149_998, 149_999]);
});

it('files people who share an email or a blocking key under a common key', () => {
  const jane = lookupKeys({ id: 'a', emailIdx: 'k1', givenName: 'jane', surname: 'smith', postcode: '2000', city: 'sydney' });
  const sameEmail = lookupKeys({ id: 'b', emailIdx: 'k1' });
  const stranger = lookupKeys({ id: 'c', emailIdx: 'k2', givenName: 'omar', surname: 'haddad', postcode: '3000', city: 'melbourne' });
  expect(jane.filter((k) => sameEmail.includes(k))).toHaveLength(1);
  expect(jane.filter((k) => stranger.includes(k))).toEqual([]);
});
