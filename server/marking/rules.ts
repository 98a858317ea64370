/**
 * Double marking of subjective theory answers (pure). Single marking: the first mark is final.
 * Double marking: two examiners mark independently; within the tolerance the final mark is their
 * mean, beyond it a third examiner arbitrates and that mark is final. Nobody marks one answer twice.
 */

export interface MarkingPlan {
  double: boolean;
  /** Largest difference between the two marks accepted without arbitration (points). */
  tolerance: number;
}

export const DEFAULT_PLAN: MarkingPlan = { double: false, tolerance: 0 };

export type TaskState = 'open' | 'second' | 'arbitration' | 'done';

export interface MarkedRound {
  round: number;
  examinerId: string;
  points: number;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** The task's state after these marks, and the final mark once done. */
export function stateAfter(plan: MarkingPlan, marks: readonly MarkedRound[]): { state: TaskState; final?: number } {
  const [first, second, third] = marks;
  if (!first) return { state: 'open' };
  if (!plan.double) return { state: 'done', final: first.points };
  if (!second) return { state: 'second' };
  if (Math.abs(first.points - second.points) <= plan.tolerance + 1e-9) return { state: 'done', final: round2((first.points + second.points) / 2) };
  if (!third) return { state: 'arbitration' };
  return { state: 'done', final: third.points };
}

export type MarkRefusal = 'done' | 'already-marked' | 'out-of-range' | 'step';

/** Whether this examiner may give this mark now: not on a finished task, not twice, 0…max in half points. */
export function markRefusal(state: TaskState, examinerIds: readonly string[], examinerId: string, points: number, max: number): MarkRefusal | undefined {
  if (state === 'done') return 'done';
  if (examinerIds.includes(examinerId)) return 'already-marked';
  if (!(points >= 0 && points <= max)) return 'out-of-range';
  if (Math.abs(points * 2 - Math.round(points * 2)) > 1e-9) return 'step';
  return undefined;
}

export const REFUSAL_TEXT: Record<MarkRefusal, string> = {
  done: '该题已评完。',
  'already-marked': '您已评过这份答卷的这道题；双评须由另一位考评员评分。',
  'out-of-range': '得分须在 0 到本题满分之间。',
  step: '得分以 0.5 分为单位。',
};
