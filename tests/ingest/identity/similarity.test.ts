import { describe, expect, it } from 'vitest';
import { birthDatesNear, jaroWinkler, jaroWinklerBound, soundex, withinOneEdit } from '../../../src/ingest/identity/similarity.ts';

describe('jaroWinkler', () => {
  it('gives the textbook values (Winkler 1990)', () => {
    expect(jaroWinkler('martha', 'marhta')).toBeCloseTo(0.9611, 4);
    expect(jaroWinkler('dwayne', 'duane')).toBeCloseTo(0.84, 4);
    expect(jaroWinkler('dixon', 'dicksonx')).toBeCloseTo(0.8133, 4);
  });

  it('is 1 for equal strings and 0 when either is empty or nothing matches', () => {
    expect([jaroWinkler('smith', 'smith'), jaroWinkler('', ''), jaroWinkler('smith', ''), jaroWinkler('abc', 'xyz')]).toEqual([1, 0, 0, 0]);
  });

  it('compares hanzi by character like any other script', () => {
    // One of two characters matches: Jaro (1/2 + 1/2 + 1) / 3, plus the shared first character's bonus.
    expect(jaroWinkler('张伟', '张玮')).toBeCloseTo(0.7, 10);
  });

  it('handles strings longer than its reusable buffers', () => {
    const long = 'a'.repeat(200);
    expect(jaroWinkler(long, `${long}b`)).toBeCloseTo(0.9990, 4);
  });
});

describe('jaroWinklerBound', () => {
  it('is never below Jaro–Winkler, and equals it when all common characters match in order', () => {
    const pairs = [['martha', 'marhta'], ['dwayne', 'duane'], ['dixon', 'dicksonx'], ['smith', 'jones'], ['tullaroop street', 'giblin street'], ['张伟', '张玮']] as const;
    expect(pairs.every(([a, b]) => jaroWinklerBound(a, b) >= jaroWinkler(a, b) - 1e-12)).toBe(true);
    expect(jaroWinklerBound('smith', 'smithe')).toBeCloseTo(jaroWinkler('smith', 'smithe'), 12);
  });

  it('is 0 when the strings share no character', () => {
    expect(jaroWinklerBound('abc', 'xyz')).toBe(0);
  });
});

describe('withinOneEdit', () => {
  it('accepts one substitution, insertion, deletion or neighbour swap', () => {
    expect(['4184', '4815', '48140', '814', '4841'].map((b) => withinOneEdit('4814', b))).toEqual([true, true, true, true, true]);
  });

  it('refuses equal strings and two edits', () => {
    expect([withinOneEdit('4814', '4814'), withinOneEdit('4814', '1848'), withinOneEdit('4814', '48')]).toEqual([false, false, false]);
  });
});

describe('birthDatesNear', () => {
  it('accepts day and month swapped, one digit wrong, and two neighbouring digits swapped', () => {
    expect([birthDatesNear('1990-03-04', '1990-04-03'), birthDatesNear('1990-03-04', '1991-03-04'), birthDatesNear('1990-03-14', '1990-03-41')]).toEqual([true, true, true]);
  });

  it('refuses equal dates, two separate wrong digits, and other formats', () => {
    expect([birthDatesNear('1990-03-04', '1990-03-04'), birthDatesNear('1990-03-04', '1980-03-05'), birthDatesNear('19900304', '19900403')]).toEqual([false, false, false]);
  });
});

describe('soundex', () => {
  it('gives the reference codes, h and w not separating equal codes', () => {
    expect(['robert', 'rupert', 'ashcraft', 'tymczak', 'pfister', 'lee'].map(soundex)).toEqual(['r163', 'r163', 'a261', 't522', 'p236', 'l000']);
  });

  it('returns a name that does not start with a Latin letter whole', () => {
    expect(soundex('欧阳')).toBe('欧阳');
  });
});
