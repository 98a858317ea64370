import type { Level } from '../../../../server/standards/schemas';
import type { Params, Rand } from '../kit';
import { SKILL_A } from './skill-a';
import { SKILL_B } from './skill-b';
import { SKILL_C } from './skill-c';
import { SKILL_D } from './skill-d';

/** One generated skill task (技能操作试题). */
export interface SkillTask {
  stem: string;
  venuePreparation: string[];
  candidatePreparation: string[];
  timeAllowedMinutes: number;
  scoringRows: Array<{ element: string; requirement: string; points: number; deductionRules: string; veto: boolean }>;
  difficulty: number;
  levels?: Level[];
}

export interface SkillTemplate<P extends Params = Params> {
  id: string;
  tags: string[];
  /** Tasks to generate from this template for its point. */
  count: number;
  sample: (r: Rand) => P;
  build: (p: P) => SkillTask;
}

/** Skill tasks by skill appraisal point: templates (with `count` tasks each) per point. */
export const SKILL_CONTENT: Record<string, SkillTemplate<any>[]> = {
  ...SKILL_A,
  ...SKILL_B,
  ...SKILL_C,
  ...SKILL_D,
};
