import { createHmac } from 'node:crypto';
import mongoose from 'mongoose';
import { HttpProblem, problems } from '../platform/problem';
import type { Principal } from '../platform/routing';
import { objectIdOr404 } from '../platform/ids';
import { findEach } from '../platform/find-each';
import { reachOf } from '../identity/access';
import { withAudit } from '../audit/intents';
import type { Actor } from '../audit/service';
import { renderFor } from '../bank/render';
import { answersOf } from '../delivery/answer-record';
import { scoreOf } from '../delivery/score-record';
import { AnswerSheetModel, AttemptModel, type AnswerSheetDoc, type AttemptDoc } from '../delivery/model';
import type { DeliveryService } from '../delivery/service';
import { ExamSessionModel, type ExamSessionDoc } from '../sessions/model';
import type { SessionService } from '../sessions/service';
import { ResultPublicationModel, publicationKey } from '../results/model';
import { currentScores, MarkingPlanModel, MarkingTaskModel, type MarkingTaskDoc } from './model';
import { DEFAULT_PLAN, markRefusal, REFUSAL_TEXT, stateAfter, type MarkingPlan, type TaskState } from './rules';
import type { MarkInput } from './schemas';

/** What an examiner sees of one answer: the anonymous code, never a name, 准考证号 or registration. */
export interface MarkingTaskView {
  id: string;
  anonCode: string;
  position: number;
  max: number;
  /** The item with its reference answer and marking points (staff view). */
  itemHtml: string;
  response: string;
  /** 1: first marking, 2: second (double marking), 3: arbitration. */
  round: number;
  state: TaskState;
}

export interface MarkingProgress {
  total: number;
  open: number;
  second: number;
  arbitration: number;
  done: number;
  plan: MarkingPlan;
}

const ANON_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** 密号: 8 characters from a keyed hash of the attempt id (the same key on every instance). */
export function anonCodeOf(key: Buffer, attemptId: string): string {
  const digest = createHmac('sha256', key).update(`marking:${attemptId}`).digest();
  const chars = Array.from(digest.subarray(0, 8), (b) => ANON_ALPHABET[b % ANON_ALPHABET.length]).join('');
  return `${chars.slice(0, 4)}-${chars.slice(4)}`;
}

const NOT_FOUND = () => problems.notFound('没有这份待评答卷，或您无权评分。');

/**
 * 主观题评分 (简答/计算/论述): blind marking by anonymous code, optional double marking with a
 * tolerance and a third marking for arbitration. Every mark is one guarded update and audited.
 * Tasks are created from submitted attempts when marking is first asked for (idempotent).
 */
export class MarkingService {
  constructor(
    private readonly sessions: SessionService,
    private readonly delivery: DeliveryService,
    private readonly anonKey: Buffer,
  ) {}

  async plan(sessionId: mongoose.Types.ObjectId | string): Promise<MarkingPlan> {
    const doc = await MarkingPlanModel.findById(String(sessionId)).lean();
    return doc ? { double: doc.double, tolerance: doc.tolerance } : DEFAULT_PLAN;
  }

  /** Single or double marking (with tolerance), only before any answer of the session is marked. */
  async setPlan(principal: Principal, sessionId: string, input: MarkingPlan, actor: Actor): Promise<MarkingPlan> {
    const session = await this.sessions.sessionFor(principal, sessionId, 'results.manage');
    // Tasks made but not yet marked take the new plan; once any answer is marked, the plan stays.
    const tasks = (await MarkingTaskModel.find({ sessionId: session._id }, { markCount: 1 }).lean()) as Array<Pick<MarkingTaskDoc, '_id' | 'markCount'>>;
    if (tasks.some((t) => t.markCount > 0)) throw problems.conflict('本批次已开始评分，不能再更改评分方式。');
    const plan = { double: input.double, tolerance: input.tolerance };
    await withAudit(actor, { action: 'marking.plan', target: { type: 'session', id: sessionId, label: `${session.code} ${session.title}` }, details: plan }, async () => {
      await MarkingPlanModel.updateOne({ _id: sessionId }, { $set: { ...plan, setBy: principal.id, setByName: principal.displayName, at: new Date() } }, { upsert: true });
      if (tasks.length) await MarkingTaskModel.bulkWrite(tasks.map((t) => ({ updateOne: { filter: { _id: t._id, markCount: 0 }, update: { $set: { plan } } } })));
    });
    return plan;
  }

  /**
   * One task per subjective answer of every submitted attempt; a task that exists is kept
   * (unique key), so instances racing here create each task once.
   */
  async ensureTasks(session: ExamSessionDoc): Promise<MarkingTaskDoc[]> {
    const existing = (await MarkingTaskModel.find({ sessionId: session._id }).lean()) as MarkingTaskDoc[];
    const attempts = ((await AttemptModel.find({ sessionId: session._id }).lean()) as AttemptDoc[]).filter((a) => a.status === 'submitted' && a.score && a.score.needsMarking > 0);
    const have = new Set(existing.map((t) => t.key));
    const rescored = await currentScores(session._id);
    const missing = attempts.flatMap((a) => (rescored.get(String(a._id))?.score ?? scoreOf(a.score!)).items.filter((i) => i.status === 'needs-marking' && !have.has(`${String(a._id)}:${i.position}`)).map((i) => ({ attempt: a, item: i })));
    if (!missing.length) return existing;
    const plan = await this.plan(session._id);
    const sheetIds = [...new Set(missing.map((m) => String(m.attempt._id)))];
    const sheets = await findEach(AnswerSheetModel, sheetIds.map((id) => ({ _id: new mongoose.Types.ObjectId(id) })));
    const answers = new Map(sheetIds.map((id, i) => [id, answersOf((sheets[i] as AnswerSheetDoc | null)?.answers)]));
    const now = new Date();
    const docs = missing.map(({ attempt, item }) => {
      const id = String(attempt._id);
      const value = answers.get(id)?.get(item.position)?.v;
      return { _id: new mongoose.Types.ObjectId(), key: `${id}:${item.position}`, sessionId: session._id, attemptId: id, anonCode: anonCodeOf(this.anonKey, id), position: item.position, itemId: item.itemId, version: item.version, max: item.max, response: typeof value === 'string' ? value : '', plan, marks: [], markCount: 0, examinerIds: [], state: 'open' as const, createdAt: now };
    });
    try {
      await MarkingTaskModel.insertMany(docs, { ordered: false });
    } catch (error) {
      if ((error as { code?: number }).code !== 11000 && !String((error as Error).message).includes('E11000')) throw error;
    }
    return (await MarkingTaskModel.find({ sessionId: session._id }).lean()) as MarkingTaskDoc[];
  }

  /** Sessions with subjective answers the examiner may mark (their centres and sessions). */
  async sessionsToMark(principal: Principal): Promise<Array<{ id: string; code: string; title: string; status: string }>> {
    const reach = reachOf(principal, 'marking.mark');
    const valid = (ids: string[]) => ids.filter((id) => /^[0-9a-f]{24}$/.test(id));
    const byCentre = await Promise.all(valid(reach.centreIds).map((id) => ExamSessionModel.find({ centreId: new mongoose.Types.ObjectId(id) }).lean()));
    const bySession = await findEach(ExamSessionModel, valid(reach.sessionIds).map((id) => ({ _id: new mongoose.Types.ObjectId(id) })));
    const all = [...byCentre.flat(), ...bySession.filter((s) => s !== null)] as ExamSessionDoc[];
    const unique = [...new Map(all.filter((s) => s.status === 'open' || s.status === 'closed').map((s) => [String(s._id), s])).values()];
    // Only sessions whose attempts have subjective answers (the filter rides on the indexed session id).
    const withAnswers = await Promise.all(unique.map((s) => AttemptModel.exists({ sessionId: s._id, 'score.needsMarking': { $gt: 0 } })));
    return unique
      .filter((_s, i) => withAnswers[i] !== null)
      .sort((a, b) => b.startsAt.getTime() - a.startsAt.getTime()).map((s) => ({ id: String(s._id), code: s.code, title: s.title, status: s.status }));
  }

  private roundFor(task: Pick<MarkingTaskDoc, 'markCount'>): number {
    return task.markCount + 1;
  }

  private async view(task: MarkingTaskDoc): Promise<MarkingTaskView> {
    const contents = await this.delivery.content.contentsOf([{ itemId: task.itemId, version: task.version }]);
    const content = contents.get(`${task.itemId}@${task.version}`);
    return { id: String(task._id), anonCode: task.anonCode, position: task.position, max: task.max, itemHtml: content ? renderFor('reviewer', content) : '', response: task.response, round: this.roundFor(task), state: task.state };
  }

  private progressOf(tasks: readonly MarkingTaskDoc[], plan: MarkingPlan): MarkingProgress {
    const count = (state: TaskState) => tasks.filter((t) => t.state === state).length;
    return { total: tasks.length, open: count('open'), second: count('second'), arbitration: count('arbitration'), done: count('done'), plan };
  }

  /** The next answer this examiner may mark (question by question, then by 密号), and the progress. */
  async next(principal: Principal, sessionId: string): Promise<{ task: MarkingTaskView | null; progress: MarkingProgress }> {
    const session = await this.sessions.sessionFor(principal, sessionId, 'marking.mark');
    const tasks = await this.ensureTasks(session);
    const mine = tasks
      .filter((t) => t.state !== 'done' && !t.examinerIds.includes(principal.id))
      .sort((a, b) => a.position - b.position || a.anonCode.localeCompare(b.anonCode));
    return { task: mine[0] ? await this.view(mine[0]) : null, progress: this.progressOf(tasks, await this.plan(session._id)) };
  }

  /** Progress for the centre: counts per state (no answers, no names). */
  async progress(principal: Principal, sessionId: string): Promise<MarkingProgress> {
    const session = await this.sessions.sessionFor(principal, sessionId, 'results.view');
    return this.progressOf(await this.ensureTasks(session), await this.plan(session._id));
  }

  /** One examiner's mark: guarded by the task's mark count and the examiner not having marked it. */
  async mark(principal: Principal, taskId: string, input: MarkInput, actor: Actor): Promise<{ task: MarkingTaskView; final?: number }> {
    const task = (await MarkingTaskModel.findById(objectIdOr404(taskId, 'task')).lean()) as MarkingTaskDoc | null;
    if (!task) throw NOT_FOUND();
    const session = await this.sessions.sessionFor(principal, String(task.sessionId), 'marking.mark').catch(() => {
      throw NOT_FOUND();
    });
    if (await ResultPublicationModel.exists({ _id: publicationKey(session) })) throw problems.conflict('成绩已发布，不能再评分；如需更改，请由评价机构提交成绩更正（复核），生成新的成绩版本。');
    const refusal = markRefusal(task.state, task.examinerIds, principal.id, input.points, task.max);
    if (refusal === 'out-of-range' || refusal === 'step') throw problems.rule([{ path: 'body.points', message: `${REFUSAL_TEXT[refusal]}（满分 ${task.max} 分）` }], REFUSAL_TEXT[refusal]);
    if (refusal) throw new HttpProblem(409, refusal, REFUSAL_TEXT[refusal]);
    const round = this.roundFor(task);
    const marks = [...task.marks, { round, examinerId: principal.id, examinerName: principal.displayName, points: input.points, ...(input.comment ? { comment: input.comment } : {}), at: new Date() }];
    const next = stateAfter(task.plan, marks);
    const intent = { action: 'marking.mark', target: { type: 'marking-task', id: taskId, label: `${task.anonCode} 第 ${task.position + 1} 题` }, details: { round, points: input.points, state: next.state, ...(next.final !== undefined ? { final: next.final } : {}) } };
    const updated = await withAudit(actor, intent, async () => {
      const result = (await MarkingTaskModel.findOneAndUpdate(
        { _id: task._id, markCount: task.markCount, state: task.state, examinerIds: { $ne: principal.id } },
        { $push: { marks: marks[marks.length - 1] }, $addToSet: { examinerIds: principal.id }, $set: { markCount: round, state: next.state, ...(next.final !== undefined ? { final: next.final } : {}) } },
        { returnDocument: 'after', lean: true },
      )) as MarkingTaskDoc | null;
      if (!result) throw problems.conflict('这道题刚被其他考评员评过，请评下一份。');
      return result;
    });
    return { task: await this.view(updated), ...(next.final !== undefined ? { final: next.final } : {}) };
  }
}
