import { describe, expect, it } from 'vitest';
import { clusterEdges, type Edge } from '../../../src/ingest/identity/cluster.ts';

// Records 0 and 1 are one man (new address); 2 is his wife, who shares only the new address.
const scores: Record<string, number> = { '0,1': 35, '1,2': 30, '0,2': -2 };
const pairScore = (i: number, j: number) => scores[`${Math.min(i, j)},${Math.max(i, j)}`] ?? -20;
const groups = (n: number, rootOf: (i: number) => number) => Array.from({ length: n }, (_, i) => rootOf(i)).map((root, _, roots) => roots.indexOf(root));

describe('clusterEdges', () => {
  it('refuses a fuzzy link that would put a record with another that argues against it in one cluster', () => {
    const edges: Edge[] = [{ i: 0, j: 1, rule: 'fuzzy' }, { i: 1, j: 2, rule: 'fuzzy' }];
    const { merges, rootOf } = clusterEdges(3, edges, pairScore);
    expect([merges, groups(3, rootOf)]).toEqual([[edges[0]], [0, 0, 2]]);
  });

  it('merges on an email or phone link whatever the other fields say', () => {
    const edges: Edge[] = [{ i: 0, j: 1, rule: 'fuzzy' }, { i: 1, j: 2, rule: 'email' }];
    expect(groups(3, clusterEdges(3, edges, pairScore).rootOf)).toEqual([0, 0, 0]);
  });

  it('skips a link inside a cluster already formed, so links form a spanning tree', () => {
    const edges: Edge[] = [{ i: 0, j: 1, rule: 'email' }, { i: 1, j: 0, rule: 'phone' }];
    expect(clusterEdges(2, edges, pairScore).merges).toEqual([edges[0]]);
  });
});
