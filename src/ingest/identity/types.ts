/**
 * The shapes identity resolution takes in and gives back. Everything here is plain data, so the
 * caller can persist a Resolution (clusters as golden records, links as their audit trail) as it is.
 */

/**
 * One customer record as a source knows it, already normalized by the ingest stage. Email and
 * phone arrive only as blind indexes (opaque hashes): resolution compares them for equality and
 * never sees the values. A field that is absent or '' counts as missing.
 */
export interface PersonRecord {
  /** The caller's key, e.g. "tmall:tm_123" or a Febrl rec_id; unique within one call. */
  id: string;
  /** Blind index of the normalized email; equal indexes mean the same email. */
  emailIdx?: string;
  /** Blind index of the E.164 phone. */
  phoneIdx?: string;
  /** Lower-case, NFKC, trimmed; may be hanzi or Latin. */
  givenName?: string;
  surname?: string;
  /** When the source has a single name field ('张伟', 'jane smith'); split only if the two above are missing. */
  fullName?: string;
  streetNumber?: string;
  /** Street line, lower-case. */
  address?: string;
  address2?: string;
  city?: string;
  postcode?: string;
  region?: string;
  /** YYYY-MM-DD */
  birthDate?: string;
}

/**
 * What the probabilistic (Fellegi–Sunter) comparison weighs, in the order it weighs them.
 * `locality` is postcode, city and region together: a postcode implies its city and region, so
 * weighing them apart would count one piece of evidence three times.
 */
export const comparedFields = ['givenName', 'surname', 'birthDate', 'streetNumber', 'address', 'address2', 'locality'] as const;
export type ComparedField = (typeof comparedFields)[number];

/** What made a link: equal email or phone blind indexes, or enough weighed evidence. */
export type LinkRule = 'email' | 'phone' | 'fuzzy';

/** How one field compared for one pair, and the log2 weight that agreement level carries. */
export interface FieldEvidence {
  /** A level name such as 'exact', 'close', 'different' or 'missing'; names or street lines compared crosswise say so, e.g. 'exact (swapped)'. */
  agreement: string;
  /** log2(m / u) of that level; 0 for 'missing', and 0 for the email/phone entry of a deterministic link, which is not weighed. */
  weight: number;
}

/** Why two records were merged. */
export interface Link {
  /** The record that comes first in the input. */
  a: string;
  b: string;
  rule: LinkRule;
  /** Sum of the field weights (log2 likelihood ratio); an email or phone link holds whatever it is, so there it only informs. */
  score: number;
  /** Every weighed field, plus `email` or `phone` for a deterministic link. */
  evidence: Partial<Record<ComparedField | 'email' | 'phone', FieldEvidence>>;
}

/** What the weighing learnt from the data, for audit and benchmarks. */
export interface MatchModel {
  /** Per field, per agreement level (missing excluded): P(level | same person), P(level | different people), log2(m/u). */
  fields: Record<ComparedField, { levels: readonly string[]; m: number[]; u: number[]; weights: number[] }>;
  /** The chance that two records picked at random are the same person (EM's expected matches over all pairs). */
  matchPrior: number;
  /** Smallest summed weight that makes a fuzzy link (Infinity when blocking found no pair at all). */
  threshold: number;
  emIterations: number;
  /** Pairs sharing an email or phone index that m was read off (0: m was fitted by EM). */
  anchorPairs: number;
  candidatePairs: number;
  /** Blocks larger than the cap, whose records were paired only by their sorted neighbours. */
  oversizedBlocks: number;
}

export interface Resolution {
  /** A partition of the input ids: every id in exactly one cluster, singletons included, members in input order. */
  clusters: string[][];
  /** One link per merge, so a spanning tree of each cluster: email links, then phone links, then fuzzy links strongest first. */
  links: Link[];
  model: MatchModel;
}
