/**
 * Problem: where neighbours abound and little else tells people apart (no birth dates, no street
 * numbers), EM took people of one surname on one street for duplicates, and weighed a different
 * given name at about nothing; at 1M customers most of one platform's fuzzy links were wrong.
 * Required behaviour: with enough pairs known to be one person (a shared email or phone index),
 * m is what those pairs show, whatever the candidate pairs are made of.
 */
import { describe, expect, it } from 'vitest';
import { blockingPasses } from '../../../src/ingest/identity/blocking.ts';
import { fieldLevels, missingLevel, patternOf } from '../../../src/ingest/identity/compare.ts';
import { MIN_ANCHOR_PAIRS, fitModel } from '../../../src/ingest/identity/fit.ts';
import { comparedFields, type ComparedField } from '../../../src/ingest/identity/types.ts';
import { levelWeights } from '../../../src/ingest/identity/weights.ts';

/** A pattern from named levels; fields not named are missing. */
function pattern(levels: Partial<Record<ComparedField, string>>): number {
  return patternOf(Uint8Array.from(comparedFields, (field, f) => (levels[field] === undefined ? missingLevel[f]! : fieldLevels[field].indexOf(levels[field]!))));
}
const repeat = (n: number, p: number) => new Int32Array(n).fill(p);
const concat = (...parts: Int32Array[]) => Int32Array.from(parts.flatMap((part) => [...part]));

// Candidate pairs as the surname-and-postcode pass finds them in a dense town: neighbours of one
// surname on one street, given names apart, and a few duplicates.
const neighbours = pattern({ givenName: 'different', surname: 'exact', address: 'similar', locality: 'postcode exact, city exact' });
const duplicate = pattern({ givenName: 'exact', surname: 'exact', address: 'exact', locality: 'postcode exact, city exact' });
const candidates = concat(repeat(9_000, neighbours), repeat(300, duplicate));
const foundBy = new Uint16Array(candidates.length).fill(1); // pass 0: surname sound + postcode
const randomPairs = concat(
  repeat(20_000, pattern({ givenName: 'different', surname: 'different', address: 'different', locality: 'postcode different, city different' })),
  repeat(200, pattern({ givenName: 'exact', surname: 'different', address: 'different', locality: 'postcode different, city exact' })),
  repeat(100, pattern({ givenName: 'different', surname: 'exact', address: 'similar', locality: 'postcode exact, city exact' })),
);
const givenNameWeight = (fit: ReturnType<typeof fitModel>, level: string) => levelWeights(fit)[comparedFields.indexOf('givenName')]![fieldLevels.givenName.indexOf(level)]!;

describe('fitModel', () => {
  it('reads m off the pairs that share an email or phone when there are enough of them', () => {
    const anchors = concat(repeat(36, duplicate), repeat(4, pattern({ givenName: 'close', surname: 'exact', address: 'exact', locality: 'postcode exact, city exact' })));
    const fit = fitModel(candidates, foundBy, blockingPasses, randomPairs, anchors);
    expect(fit.anchorPairs).toBe(40);
    // 36 of 40 anchors agree on the given name, none differ in it: a different given name argues hard against a match.
    expect(givenNameWeight(fit, 'different')).toBeLessThan(-3);
    expect(givenNameWeight(fit, 'exact')).toBeGreaterThan(3);
  });

  it('fits m by EM when fewer pairs share an email or phone, and EM takes the neighbours for matches', () => {
    const fit = fitModel(candidates, foundBy, blockingPasses, randomPairs, repeat(MIN_ANCHOR_PAIRS - 1, duplicate));
    expect(fit.anchorPairs).toBe(0);
    // What the anchors are for: left to EM, a different given name says next to nothing here.
    expect(givenNameWeight(fit, 'different')).toBeGreaterThan(-1);
  });
});
