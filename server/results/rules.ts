import type { ExamPart, PartScore } from './part-scores';

/**
 * The pass rule (pure): which parts a level requires, each part's pass, the overall outcome and
 * what still blocks publishing. Each required part is out of 100 and must reach its pass mark
 * (the standard's, default 60); panel review (综合评审) only at levels 2 and 1.
 */

export const PART_NAMES: Record<ExamPart, string> = { theory: '理论知识', skill: '技能操作', review: '综合评审' };
export const DEFAULT_PASS_MARK = 60;

export interface PartRule {
  part: ExamPart;
  passMark: number;
}

/** What the standard's level says (its parts and pass marks), when there is one. */
export interface LevelParts {
  parts: ReadonlyArray<{ part: ExamPart; passMark?: number }>;
}

/** The parts a level requires and their pass marks: the standard's where it names them, else the defaults. */
export function requiredParts(level: number, standard?: LevelParts): PartRule[] {
  const defaults: ExamPart[] = level <= 2 ? ['theory', 'skill', 'review'] : ['theory', 'skill'];
  const named = standard?.parts.filter((p) => p.part !== 'review' || level <= 2) ?? [];
  const parts = named.length ? named.map((p) => p.part) : defaults;
  return parts.map((part) => ({ part, passMark: named.find((p) => p.part === part)?.passMark ?? DEFAULT_PASS_MARK }));
}

/** A part that has no score at all: no session of that part in the batch, or no module scoring it yet. */
export interface MissingPart {
  state: 'missing';
  reason: string;
}

export interface PartOutcome {
  part: ExamPart;
  state: PartScore['state'] | 'missing';
  score: number | null;
  passMark: number;
  /** null while the part is not complete. */
  pass: boolean | null;
  reason?: string;
}

export type Overall = 'pass' | 'fail' | 'pending' | 'absent' | 'void';

export interface CombinedResult {
  parts: PartOutcome[];
  overall: Overall;
  /** Why this result cannot be published yet, in Chinese, one line per part. */
  blocking: string[];
}

export function combineParts(rules: readonly PartRule[], scores: ReadonlyMap<ExamPart, PartScore | MissingPart>): CombinedResult {
  const parts: PartOutcome[] = rules.map(({ part, passMark }) => {
    const got = scores.get(part) ?? { state: 'missing' as const, reason: '没有该部分的考试批次' };
    if (got.state === 'missing') return { part, state: 'missing', score: null, passMark, pass: null, reason: got.reason };
    const base = { part, state: got.state, score: got.score, passMark, ...(got.reason ? { reason: got.reason } : {}) };
    if (got.state === 'complete') return { ...base, pass: got.score !== null && got.score >= passMark };
    if (got.state === 'pending') return { ...base, score: null, pass: null };
    return { ...base, score: null, pass: false };
  });
  // 成绩无效 is final: nothing else of that candidate needs to be waited for.
  const isVoid = parts.some((p) => p.state === 'void');
  const blocking = isVoid ? [] : parts.filter((p) => p.state === 'pending' || p.state === 'missing').map((p) => `${PART_NAMES[p.part]}：${p.reason ?? '尚未完成'}`);
  let overall: Overall;
  if (isVoid) overall = 'void';
  else if (blocking.length) overall = 'pending';
  else if (parts.length && parts.every((p) => p.state === 'absent')) overall = 'absent';
  else overall = parts.every((p) => p.pass === true) ? 'pass' : 'fail';
  return { parts, overall, blocking };
}

/** Out of 100, one decimal: a theory paper's points scaled to its maximum. */
export function outOf100(points: number, max: number): number {
  if (max <= 0) return 0;
  return Math.round((points / max) * 1000) / 10;
}

export const OVERALL_NAMES: Record<Overall, string> = { pass: '合格', fail: '不合格', pending: '未完成', absent: '缺考', void: '成绩无效' };
