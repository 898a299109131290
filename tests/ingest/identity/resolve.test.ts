import { describe, expect, it } from 'vitest';
import { PrecisError } from '../../../src/errors.ts';
import { pairwiseScores, resolveIdentities, type Link, type PersonRecord, type Resolution } from '../../../src/ingest/identity/index.ts';
import { MIN_ANCHOR_PAIRS } from '../../../src/ingest/identity/fit.ts';
import { entityOfSyntheticId, syntheticPeople } from '../../../src/ingest/identity/synthetic.ts';

// EM needs a population to learn from: a few thousand synthetic people, some of them duplicated,
// with the records under test added to it.
const population = syntheticPeople(3_000, 11);
const resolveWith = (...records: PersonRecord[]) => resolveIdentities([...population, ...records]);
const clusterOf = (resolution: Resolution, id: string) => resolution.clusters.find((cluster) => cluster.includes(id));
const linkBetween = (resolution: Resolution, a: string, b: string) => resolution.links.find((link) => (link.a === a && link.b === b) || (link.a === b && link.b === a));
const agreements = (link: Link | undefined) => Object.fromEntries(Object.entries(link?.evidence ?? {}).map(([field, evidence]) => [field, evidence.agreement]));

const ottoline: PersonRecord = {
  id: 'crm:1', givenName: 'ottoline', surname: 'quarrington', birthDate: '1961-07-14', streetNumber: '12',
  address: 'wattlebird crescent', city: 'kooltuo', postcode: '2776', region: 'vic',
};

describe('resolveIdentities: deterministic links', () => {
  it('links two records with the same email index even when nothing else agrees', () => {
    const resolution = resolveWith({ id: 'tmall:tm_1', emailIdx: 'hmac:7f3a', givenName: 'wei', surname: 'zhang' }, { id: 'jd:88', emailIdx: 'hmac:7f3a', fullName: '张伟' });
    const link = linkBetween(resolution, 'tmall:tm_1', 'jd:88');
    expect([clusterOf(resolution, 'jd:88'), link?.rule, link?.evidence.email]).toEqual([['tmall:tm_1', 'jd:88'], 'email', { agreement: 'exact', weight: 0 }]);
  });

  it('links two records with the same phone index', () => {
    const resolution = resolveWith({ id: 'a', phoneIdx: 'hmac:1c9e', surname: 'lee' }, { id: 'b', phoneIdx: 'hmac:1c9e', surname: 'li' });
    expect([clusterOf(resolution, 'a'), linkBetween(resolution, 'a', 'b')?.rule]).toEqual([['a', 'b'], 'phone']);
  });

  it('does not link on a phone index shared by more than ten records, taking it for a switchboard or a placeholder', () => {
    const sharing = Array.from({ length: 11 }, (_, i): PersonRecord => ({ id: `shop:${i}`, phoneIdx: 'hmac:0000', givenName: `customer${i}` }));
    expect(clusterOf(resolveWith(...sharing), 'shop:0')).toEqual(['shop:0']);
  });
});

describe('resolveIdentities: fuzzy links', () => {
  it('merges a retyped duplicate and records which fields agreed and what each weighed', () => {
    const resolution = resolveWith(ottoline, { ...ottoline, id: 'shop:9', surname: 'quarington', birthDate: undefined, city: undefined });
    const link = linkBetween(resolution, 'crm:1', 'shop:9');
    expect([link?.rule, agreements(link)]).toEqual(['fuzzy', {
      givenName: 'exact', surname: 'close', birthDate: 'missing', streetNumber: 'exact', address: 'exact', address2: 'missing', locality: 'postcode exact, city missing',
    }]);
    const weights = Object.values(link!.evidence).map((evidence) => evidence.weight);
    expect([link!.evidence.birthDate!.weight, link!.score]).toEqual([0, weights.reduce((a, b) => a + b, 0)]);
    expect(link!.score).toBeGreaterThanOrEqual(resolution.model.threshold);
  });

  it('merges records whose given name and surname were swapped, and says so', () => {
    const resolution = resolveWith(ottoline, { ...ottoline, id: 'shop:10', givenName: 'quarrington', surname: 'ottoline' });
    const link = linkBetween(resolution, 'crm:1', 'shop:10');
    expect([agreements(link).givenName, agreements(link).surname]).toEqual(['exact (swapped)', 'exact (swapped)']);
  });

  it('keeps apart two people who share only a surname and an address', () => {
    const wife: PersonRecord = { ...ottoline, id: 'crm:2', givenName: 'hermione', birthDate: '1964-02-03' };
    expect(clusterOf(resolveWith(ottoline, wife), 'crm:2')).toEqual(['crm:2']);
  });
});

describe('resolveIdentities: output', () => {
  const resolution = resolveIdentities(population);

  it('returns every id in exactly one cluster, singletons included', () => {
    const ids = resolution.clusters.flat();
    expect([ids.length, new Set(ids).size]).toEqual([population.length, population.length]);
  });

  it('learns m from the records that share an email or phone, the synthetic people having many', () => {
    expect(resolution.model.anchorPairs).toBeGreaterThanOrEqual(MIN_ANCHOR_PAIRS);
  });

  it('finds the synthetic duplicates with no false merge', () => {
    const scores = pairwiseScores(resolution.clusters, entityOfSyntheticId);
    expect(scores.precision).toBe(1);
    expect(scores.recall).toBeGreaterThanOrEqual(0.99);
  });

  it('resolves new records with a model fitted on earlier ones, without fitting again', () => {
    const later = syntheticPeople(1_000, 12);
    const reused = resolveIdentities(later, { model: resolution.model });
    expect(reused.model.threshold).toBe(resolution.model.threshold);
    expect(reused.model.fields.surname.weights).toEqual(resolution.model.fields.surname.weights);
    const scores = pairwiseScores(reused.clusters, entityOfSyntheticId);
    expect(scores.precision).toBe(1);
    expect(scores.recall).toBeGreaterThanOrEqual(0.95);
  });

  it('does not compare two records that are already resolved, only each with the newer ones', () => {
    const copy: PersonRecord = { ...ottoline, id: 'crm:2', surname: 'quarington' };
    const together = resolveIdentities([ottoline, copy, ...population]);
    const apart = resolveIdentities([ottoline, copy, ...population], { resolved: 2 });
    expect(clusterOf(together, 'crm:1')).toContain('crm:2');
    expect(clusterOf(apart, 'crm:1')).not.toContain('crm:2');
  });

  it('refuses a batch in which one id appears twice, naming it', () => {
    const twice = () => resolveIdentities([ottoline, { ...ottoline }]);
    expect(twice).toThrow(PrecisError);
    expect(twice).toThrow('resolveIdentities: record id "crm:1" appears more than once');
  });
});
