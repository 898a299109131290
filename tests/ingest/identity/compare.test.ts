import { describe, expect, it } from 'vitest';
import { addressesSwapped, compareInto, countPatterns, fieldLevels, levelsOf, namesSwapped, patternOf } from '../../../src/ingest/identity/compare.ts';
import { preparePerson } from '../../../src/ingest/identity/prepare.ts';
import { comparedFields, type PersonRecord } from '../../../src/ingest/identity/types.ts';

/** Level names per field for one pair, plus which crosswise readings were used. */
function compare(a: Omit<PersonRecord, 'id'>, b: Omit<PersonRecord, 'id'>) {
  const levels = new Uint8Array(comparedFields.length);
  const flags = compareInto(preparePerson({ id: 'a', ...a }), preparePerson({ id: 'b', ...b }), levels);
  const names = Object.fromEntries(comparedFields.map((field, f) => [field, fieldLevels[field][levels[f]!] ?? 'missing']));
  return { names, flags };
}

describe('compareInto', () => {
  it('grades names exact, close (Jaro–Winkler ≥ 0.92), similar (≥ 0.8) or different', () => {
    const grade = (a: string, b: string) => compare({ surname: a }, { surname: b }).names.surname;
    expect([grade('martha', 'martha'), grade('martha', 'marhta'), grade('dwayne', 'duane'), grade('smith', 'jones')]).toEqual(['exact', 'close', 'similar', 'different']);
  });

  it('reads given name and surname crosswise when a source swapped them', () => {
    const { names, flags } = compare({ givenName: 'jane', surname: 'smith' }, { givenName: 'smith', surname: 'jane' });
    expect([names.givenName, names.surname, flags & namesSwapped]).toEqual(['exact', 'exact', namesSwapped]);
  });

  it('reads the two street lines crosswise when a source swapped them', () => {
    const { names, flags } = compare({ address: 'bynoe place', address2: 'rhosewyn' }, { address: 'rhosewyn', address2: 'bynoe place' });
    expect([names.address, names.address2, flags]).toEqual(['exact', 'exact', addressesSwapped]);
  });

  it('leaves names straight when the straight reading is as good', () => {
    expect(compare({ givenName: 'jane', surname: 'smith' }, { givenName: 'jane', surname: 'smith' }).flags).toBe(0);
  });

  it('counts a birth date with day and month swapped as near, and a missing one as missing', () => {
    expect([compare({ birthDate: '1990-03-04' }, { birthDate: '1990-04-03' }).names.birthDate, compare({ birthDate: '1990-03-04' }, {}).names.birthDate]).toEqual(['near', 'missing']);
  });

  it('compares postcode and city as one locality, falling back to the region when both are missing', () => {
    expect([
      compare({ postcode: '4814', city: 'bittern' }, { postcode: '4184', city: 'bittern' }).names.locality,
      compare({ postcode: '4814' }, { postcode: '4814', city: 'bittern' }).names.locality,
      compare({ region: 'qld' }, { region: 'vic' }).names.locality,
      compare({ region: 'qld' }, {}).names.locality,
    ]).toEqual(['postcode one edit, city exact', 'postcode exact, city missing', 'region different', 'missing']);
  });
});

describe('patterns', () => {
  it('packs a comparison vector into one number and back', () => {
    const levels = Uint8Array.from([0, 4, 1, 2, 3, 0, 17]);
    expect([...levelsOf(patternOf(levels), new Uint8Array(comparedFields.length))]).toEqual([0, 4, 1, 2, 3, 0, 17]);
  });

  it('folds pairs into distinct patterns with counts', () => {
    const counts = countPatterns([5, 7, 5, 5]);
    expect([...counts.counts]).toEqual([3, 1]);
  });
});
