import { AttemptModel, type AttemptDoc } from '../delivery/model';
import { scoreOf } from '../delivery/score-record';
import { ExamSessionModel, RegistrationModel, type ExamSessionDoc, type RegistrationDoc } from '../sessions/model';
import type { PartScore, PartScoreSource } from '../results/part-scores';
import { outOf100 } from '../results/rules';
import { currentScores, MarkingTaskModel, type MarkingTaskDoc } from './model';

/**
 * The theory part's score: the attempt's machine score (its newest rescore after a regrade) plus
 * the final marks of its subjective answers, out of 100. Complete only once every subjective
 * answer is marked; absent (缺考) when recorded so or never started in a closed session; void
 * (成绩无效) when the registration was voided or the proctor stopped the attempt (终止考核).
 */
export class TheoryScoreSource implements PartScoreSource {
  readonly part = 'theory' as const;

  async scoresForSession(sessionId: string): Promise<PartScore[]> {
    const session = (await ExamSessionModel.findById(sessionId).lean()) as ExamSessionDoc | null;
    if (!session) return [];
    const [regs, attempts, rescored, tasks] = await Promise.all([
      RegistrationModel.find({ sessionId: session._id }).lean() as Promise<RegistrationDoc[]>,
      AttemptModel.find({ sessionId: session._id }).lean() as Promise<AttemptDoc[]>,
      currentScores(session._id),
      MarkingTaskModel.find({ sessionId: session._id }).lean() as Promise<MarkingTaskDoc[]>,
    ]);
    const attemptOf = new Map(attempts.map((a) => [String(a._id), a]));
    const tasksOf = new Map<string, MarkingTaskDoc[]>();
    for (const t of tasks) tasksOf.set(t.attemptId, [...(tasksOf.get(t.attemptId) ?? []), t]);
    const ended = session.status === 'closed' || session.endsAt.getTime() < Date.now();
    return regs.map((reg) => {
      const base = { registrationId: String(reg._id), candidateId: String(reg.candidateId), part: 'theory' as const };
      if (reg.status === 'absent') return { ...base, score: null, state: 'absent', reason: '缺考' };
      if (reg.status === 'void') return { ...base, score: null, state: 'void', reason: '报名已作废' };
      const attempt = attemptOf.get(String(reg._id));
      if (!attempt) return ended ? { ...base, score: null, state: 'absent', reason: '未参加考试' } : { ...base, score: null, state: 'pending', reason: '考试尚未结束' };
      if (attempt.status === 'terminated') return { ...base, score: null, state: 'void', reason: `终止考核：${attempt.terminationReason ?? ''}`.replace(/：$/, '') };
      if (attempt.status !== 'submitted' || !attempt.score) return { ...base, score: null, state: 'pending', reason: '尚未交卷' };
      const score = rescored.get(String(attempt._id))?.score ?? scoreOf(attempt.score);
      const marked = new Map((tasksOf.get(String(attempt._id)) ?? []).filter((t) => t.state === 'done').map((t) => [t.position, t.final ?? 0]));
      const subjective = score.items.filter((i) => i.status === 'needs-marking');
      const unmarked = subjective.filter((i) => !marked.has(i.position)).length;
      if (unmarked) return { ...base, score: null, state: 'pending', reason: `${unmarked} 道主观题未评完` };
      const points = score.total + subjective.reduce((a, i) => a + (marked.get(i.position) ?? 0), 0);
      return { ...base, score: outOf100(points, score.max), state: 'complete' };
    });
  }
}
