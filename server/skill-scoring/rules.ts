/**
 * The rules of examiner scoring that need no database: how several examiners' scores combine,
 * the panel-size rule, and the rows of one scoring sheet. Pure: data in, data out.
 */

export const COMBINATION_METHODS = ['mean', 'median', 'trimmed'] as const;
export type CombinationMethod = (typeof COMBINATION_METHODS)[number];

/**
 * How one candidate's task scores from several examiners become one: the mean (default), the
 * median, or a trimmed mean that drops the `trim` highest and the `trim` lowest scores first.
 */
export interface CombinationRule {
  method: CombinationMethod;
  /** Scores dropped at each end (trimmed mean only). */
  trim: number;
}

export const DEFAULT_COMBINATION: CombinationRule = { method: 'mean', trim: 1 };

/** The fewest scores a rule can combine: a trimmed mean needs one left after trimming both ends. */
export function fewestScoresFor(rule: CombinationRule): number {
  return rule.method === 'trimmed' ? 2 * rule.trim + 1 : 1;
}

/** Combines one task's examiner scores. Throws on an empty list or one too short to trim. */
export function combineScores(scores: readonly number[], rule: CombinationRule): number {
  if (scores.length < fewestScoresFor(rule)) throw new RangeError(`${rule.method} needs at least ${fewestScoresFor(rule)} scores, got ${scores.length}`);
  const sorted = [...scores].sort((a, b) => a - b);
  const mean = (xs: readonly number[]) => xs.reduce((sum, x) => sum + x, 0) / xs.length;
  switch (rule.method) {
    case 'mean':
      return mean(sorted);
    case 'median': {
      const mid = sorted.length >> 1;
      return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
    }
    case 'trimmed':
      return mean(sorted.slice(rule.trim, sorted.length - rule.trim));
  }
}

/** Scores are kept to one decimal (as the result sheet shows them). */
export function roundScore(value: number): number {
  return Math.round((value + Number.EPSILON) * 10) / 10;
}

/** The panel rule (*configurable*, default: 3 or more, and odd). */
export interface PanelRule {
  min: number;
  odd: boolean;
}

/** Why a panel of this size is refused, or undefined when it is fine. */
export function panelSizeRefusal(size: number, rule: PanelRule): 'too-few' | 'even' | undefined {
  if (size < rule.min) return 'too-few';
  if (rule.odd && size % 2 === 0) return 'even';
  return undefined;
}

/** One row of a sheet as scored: its points, the deduction entered, and what it scores. */
export interface ScoredRow {
  points: number;
  deduction: number;
  score: number;
}

/**
 * Row scores from the deductions: each row scores its points less its deduction, never below 0
 * (a deduction larger than the row's points takes the whole row and no more). A failed veto
 * row (否决项) sets the whole sheet to 0.
 */
export function scoreRows(rows: ReadonlyArray<{ points: number }>, deductions: readonly number[], vetoed: boolean): { rows: ScoredRow[]; total: number } {
  const scored = rows.map((row, i) => {
    const deduction = deductions[i] ?? 0;
    return { points: row.points, deduction, score: vetoed ? 0 : Math.max(0, row.points - Math.min(row.points, deduction)) };
  });
  return { rows: scored, total: scored.reduce((sum, r) => sum + r.score, 0) };
}

/** The panel review's sheet (综合评审): one row out of 100, from which the panel deducts. */
export const REVIEW_ROWS = [{ element: '综合评审', requirement: '申报材料评审与答辩（工作业绩、技术总结或论文、现场答辩）', points: 100, deductionRules: '按综合评审细则逐项扣分，扣完为止', veto: false }] as const;
