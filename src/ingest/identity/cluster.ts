/**
 * Golden records from links: union-find, with a guard against chaining. Plain union-find merges
 * A with C whenever A–B and B–C link, however much A and C disagree (a man's record, his own
 * record at a new address, his wife's record at that address), and one weak link between two
 * clusters merges them whole. So a fuzzy link merges two clusters only if no pair across them
 * (a sample of 16 × 16 for big clusters) has evidence against being one person: every cross pair
 * must score ≥ 0 bits, a likelihood ratio of at least 1.
 *
 * Why not average linkage (mean cross score ≥ threshold)? It refused true merges of a duplicate
 * with missing fields and stopped no false one: on the 1M synthetic benchmark recall fell from
 * 0.9957 to 0.9943 at the same precision. The rule here refused nothing true there or on Febrl.
 *
 * Deterministic links (same email or phone) merge without the check; the caller keeps them from
 * snowballing by ignoring keys shared by many. Links are applied strongest first, so the guard
 * compares clusters already built from the best evidence.
 */
import type { LinkRule } from './types.ts';

export interface Edge {
  i: number;
  j: number;
  /** Fuzzy edges are checked against the clusters they join; email and phone edges are not. */
  rule: LinkRule;
}

/** Members compared per side when checking a merge; beyond it, the first ones stand for the cluster. */
const sampledMembers = 16;

/**
 * Applies `edges` in order and returns the ones that merged two clusters, plus each record's
 * cluster root. `pairScore` scores any two records (summed log2 weights).
 *
 * @example
 * const { merges, rootOf } = clusterEdges(3, edges, (i, j) => score(i, j));
 */
export function clusterEdges(n: number, edges: Iterable<Edge>, pairScore: (i: number, j: number) => number): { merges: Edge[]; rootOf: (i: number) => number } {
  const parent = new Int32Array(n).map((_, i) => i);
  // Members of each root with more than one record; a root missing here is a singleton.
  const members = new Map<number, number[]>();
  const membersOf = (root: number) => members.get(root) ?? [root];

  const find = (i: number): number => {
    let root = i;
    while (parent[root] !== root) root = parent[root]!;
    while (parent[i] !== root) {
      const next = parent[i]!;
      parent[i] = root;
      i = next;
    }
    return root;
  };

  const noneDisagree = (rootA: number, rootB: number): boolean => {
    const a = membersOf(rootA).slice(0, sampledMembers);
    const b = membersOf(rootB).slice(0, sampledMembers);
    if (a.length === 1 && b.length === 1) return true; // the link itself is the only cross pair
    for (const i of a) for (const j of b) if (pairScore(i, j) < 0) return false;
    return true;
  };

  const merges: Edge[] = [];
  for (const edge of edges) {
    const rootA = find(edge.i);
    const rootB = find(edge.j);
    if (rootA === rootB) continue;
    if (edge.rule === 'fuzzy' && !noneDisagree(rootA, rootB)) continue;
    const [big, small] = membersOf(rootA).length >= membersOf(rootB).length ? [rootA, rootB] : [rootB, rootA];
    parent[small] = big;
    const grown = members.get(big) ?? [big];
    for (const member of membersOf(small)) grown.push(member);
    members.set(big, grown);
    members.delete(small);
    merges.push(edge);
  }
  return { merges, rootOf: find };
}
