import { describe, expect, it } from 'vitest';
import { blockingPasses, candidatePairs, type BlockingPass } from '../../../src/ingest/identity/blocking.ts';
import { preparePerson } from '../../../src/ingest/identity/prepare.ts';
import { comparedFields, type PersonRecord } from '../../../src/ingest/identity/types.ts';

const people = (records: Omit<PersonRecord, 'id'>[]) => records.map((record, i) => preparePerson({ id: String(i), ...record }));
const passNamed = (name: string) => blockingPasses.findIndex((pass) => pass.name === name);

describe('candidatePairs', () => {
  it('finds a true pair that shares only postcode and street number', () => {
    // Everything else was retyped badly or left out, so only one pass can see the two together.
    const { left, right, foundBy } = candidatePairs(people([
      { givenName: 'jamilla', surname: 'waller', streetNumber: '6', address: 'tullaroop street', city: 'st james', postcode: '4011', birthDate: '1908-12-09' },
      { givenName: 'jmailla', surname: 'wlaler', streetNumber: '6', address: 'tulaorop st', city: 'st jmaes', postcode: '4011', birthDate: '1980-12-09' },
    ]));
    expect([[...left], [...right], [...foundBy]]).toEqual([[0], [1], [1 << passNamed('postcode + street number')]]);
  });

  it('keeps a pair found by several passes once, remembering every pass that found it', () => {
    const twin = { givenName: 'lachlan', surname: 'berry', streetNumber: '69', address: 'giblin street', city: 'bittern', postcode: '4814', birthDate: '1999-02-19' };
    const { left, foundBy } = candidatePairs(people([twin, twin]));
    expect([left.length, foundBy[0]]).toEqual([1, 2 ** blockingPasses.length - 1]);
  });

  it('pairs nobody who shares no key', () => {
    const { left } = candidatePairs(people([
      { givenName: 'lachlan', surname: 'berry', postcode: '4814' },
      { givenName: 'deakin', surname: 'sondergeld', postcode: '2776' },
    ]));
    expect(left.length).toBe(0);
  });

  it('pairs an oversized group by name-sorted neighbours, not all against all', () => {
    const everyone: BlockingPass = { name: 'same region', fields: ['locality'], key: () => 1 };
    const crowd = people(Array.from({ length: 100 }, (_, i) => ({ surname: `s${String(i).padStart(3, '0')}` })));
    const { left, right, oversizedBlocks } = candidatePairs(crowd, [everyone], 64);
    // Each record meets the 8 that follow it in name order: 92 × 8 + 7 + 6 + … + 1 pairs, not 4,950.
    expect([left.length, oversizedBlocks, left[0], right[0]]).toEqual([92 * 8 + 28, 1, 0, 1]);
  });

  it('never pairs two already-resolved records, in a small group or an oversized one', () => {
    const twin = { givenName: 'lachlan', surname: 'berry', streetNumber: '69', address: 'giblin street', city: 'bittern', postcode: '4814', birthDate: '1999-02-19' };
    const pairsOf = ({ left, right }: { left: Int32Array; right: Int32Array }) => [...left].map((l, k) => `${l}-${right[k]}`);
    // Five of the same person, the first three stored: 3 × 2 stored–new pairs and the new pair, not 10.
    const small = people(Array.from({ length: 5 }, () => twin));
    expect(pairsOf(candidatePairs(small, blockingPasses, 64, 3))).toEqual(['0-3', '0-4', '1-3', '1-4', '2-3', '2-4', '3-4']);
    // The oversized group keeps exactly the neighbour pairs that involve a new record.
    const everyone: BlockingPass = { name: 'same region', fields: ['locality'], key: () => 1 };
    const crowd = people(Array.from({ length: 100 }, (_, i) => ({ surname: `s${String(i).padStart(3, '0')}` })));
    const all = pairsOf(candidatePairs(crowd, [everyone], 64));
    expect(pairsOf(candidatePairs(crowd, [everyone], 64, 90))).toEqual(all.filter((pair) => Number(pair.split('-')[1]) >= 90));
  });

  it('leaves every compared field out of the key of at least one pass, so EM can learn its m', () => {
    const learnable = comparedFields.filter((field) => blockingPasses.some((pass) => !pass.fields.includes(field)));
    expect(learnable).toEqual([...comparedFields]);
  });
});
