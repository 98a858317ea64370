/**
 * Data in and out of the item-statistics engine. The engine knows nothing of attempts, papers
 * or question types: the service turns scored attempts into these rows (asking each type's
 * module what its statistics mean) and writes the results back.
 */

/** One candidate's scored response to one item. */
export interface ItemResponse {
  /** The item version, as the caller keys it (`itemId@version`). */
  item: string;
  /** Points earned and the most the item could earn on this paper. */
  points: number;
  max: number;
  /**
   * The categories the response counts toward for distractor analysis (the item's own option
   * keys, never display letters); `undefined` when the candidate left the item unanswered.
   */
  selected?: readonly string[] | undefined;
}

/** Everything one candidate answered on one paper (only scored objective positions). */
export interface CandidateRecord {
  candidate: string;
  /** The paper (form) sat; KR-20 is per paper. */
  paper: string;
  responses: readonly ItemResponse[];
}

/** What the engine needs to know of an item besides the responses. */
export interface ItemFacts {
  item: string;
  /** Categories in the item's own order (option keys A…, or true/false), [] when none. */
  categories: readonly string[];
  /** The keyed categories (the right answer), for marking the key among the options. */
  keyed: readonly string[];
}

export interface StatisticsThresholds {
  /** An item is dubious below this facility… */
  minFacility: number;
  /** …or above this one… */
  maxFacility: number;
  /** …or when its corrected item-total correlation is below this. */
  minDiscrimination: number;
  /** Share of candidates in each of the upper and lower groups. */
  groupShare: number;
}

export const DEFAULT_THRESHOLDS: StatisticsThresholds = { minFacility: 0.2, maxFacility: 0.95, minDiscrimination: 0.2, groupShare: 0.27 };

export type DubiousReason = 'too-hard' | 'too-easy' | 'low-discrimination';

export interface OptionRate {
  key: string;
  count: number;
  /** count ÷ candidates who were shown the item. */
  rate: number;
  keyed: boolean;
}

export interface ItemStatistics {
  item: string;
  /** Candidates who were shown the item (answered or not). */
  n: number;
  answered: number;
  /** p: mean points ÷ max (the share answering correctly for right/wrong items). */
  facility: number;
  /** Corrected item-total (item-rest) Pearson correlation; null when either side has no variance. */
  itemRest: number | null;
  /** p(upper 27%) − p(lower 27%) by total score; null with fewer than 4 candidates. */
  upperLower: number | null;
  options: OptionRate[];
  omitted: { count: number; rate: number };
  dubious: DubiousReason[];
}

export interface PaperReliability {
  paper: string;
  candidates: number;
  items: number;
  /** KR-20 over right/wrong item scores; null with fewer than 2 candidates or items, or no total variance. */
  kr20: number | null;
}
