import { expect, it } from 'vitest';
import { KeyIndex, lookupKeys } from '../../../src/ingest/identity/index.ts';

it('finds the ids filed under a key, and skips a key filed under more ids than allowed', () => {
  const index = new KeyIndex();
  for (let id = 1; id <= 100; id++) index.add([7], id);
  index.add([9], 500);
  index.add([9, 11], 501);
  const found = (keys: number[], maxPerKey: number) => {
    const out = new Set<number>();
    index.lookup(keys, maxPerKey, out);
    return [...out].sort((a, b) => a - b);
  };
  expect(found([9, 11], 64)).toEqual([500, 501]);
  expect(found([7, 9], 64)).toEqual([500, 501]);
  expect(found([7], 100)).toHaveLength(100);
  expect(found([12345], 64)).toEqual([]);
});

it('keeps every entry as it grows past its first size', () => {
  const index = new KeyIndex();
  for (let i = 0; i < 50_000; i++) index.add([i * 2654435761 >>> 0, i], i);
  const out = new Set<number>();
  index.lookup([(49_999 * 2654435761) >>> 0, 123], 64, out);
  expect([...out].sort((a, b) => a - b)).toEqual([123, 49_999]);
});

it('files people who share an email or a blocking key under a common key', () => {
  const jane = lookupKeys({ id: 'a', emailIdx: 'k1', givenName: 'jane', surname: 'smith', postcode: '2000', city: 'sydney' });
  const sameEmail = lookupKeys({ id: 'b', emailIdx: 'k1' });
  const stranger = lookupKeys({ id: 'c', emailIdx: 'k2', givenName: 'omar', surname: 'haddad', postcode: '3000', city: 'melbourne' });
  expect(jane.filter((k) => sameEmail.includes(k))).toHaveLength(1);
  expect(jane.filter((k) => stranger.includes(k))).toEqual([]);
});
