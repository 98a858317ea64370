import type { ExamPart, PartScore, PartScoreSource } from '../results/part-scores';
import type { SkillScoringService } from './service';

/**
 * The part-score sources of examiner scoring: `skill` (技能操作考核) and `review` (综合评审).
 * Both read the same sheets and confirmations; a session of the other part gives nothing.
 */
class ExaminerScoreSource implements PartScoreSource {
  constructor(
    readonly part: Extract<ExamPart, 'skill' | 'review'>,
    private readonly scoring: SkillScoringService,
  ) {}

  async scoresForSession(sessionId: string): Promise<PartScore[]> {
    return (await this.scoring.partScores(sessionId)).filter((s) => s.part === this.part);
  }
}

export function examinerScoreSources(scoring: SkillScoringService): PartScoreSource[] {
  return [new ExaminerScoreSource('skill', scoring), new ExaminerScoreSource('review', scoring)];
}
