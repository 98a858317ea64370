import { combineScores, roundScore, type CombinationRule } from './rules';

/** A task as the totals see it: its position and its points on the paper. */
export interface TaskPoints {
  position: number;
  maxScore: number;
}

/** A sheet as the totals see it. */
export interface SheetScore {
  position: number;
  examinerId: string;
  status: 'draft' | 'signed';
  score: number;
}

export interface CandidateTotal {
  /** Sheets expected (tasks × examiners) that are missing or not signed. */
  outstanding: number;
  /** Per task: the examiners' signed scores (panel order) and their combination. */
  tasks: Array<{ position: number; maxScore: number; scores: number[]; combined: number }>;
  /** Out of 100, one decimal; null while any sheet is outstanding. */
  total: number | null;
}

/**
 * One candidate's total, pure: each task's signed scores from every examiner of the panel are
 * combined by the session's rule, the tasks are added up and scaled to 100. Only signed sheets
 * of the panel's examiners count; until every one is signed there is no total.
 */
export function candidateTotal(tasks: readonly TaskPoints[], examinerIds: readonly string[], sheets: readonly SheetScore[], rule: CombinationRule): CandidateTotal {
  let outstanding = 0;
  const perTask = tasks.map((task) => {
    const scores: number[] = [];
    for (const examinerId of examinerIds) {
      const sheet = sheets.find((s) => s.position === task.position && s.examinerId === examinerId);
      if (!sheet || sheet.status !== 'signed') outstanding += 1;
      else scores.push(sheet.score);
    }
    const combined = scores.length === examinerIds.length && scores.length > 0 ? combineScores(scores, rule) : 0;
    return { position: task.position, maxScore: task.maxScore, scores, combined };
  });
  const max = tasks.reduce((sum, t) => sum + t.maxScore, 0);
  const total = outstanding > 0 || max === 0 ? null : roundScore((perTask.reduce((sum, t) => sum + t.combined, 0) * 100) / max);
  return { outstanding, tasks: perTask, total };
}
