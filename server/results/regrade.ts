import { createHash } from 'node:crypto';
import mongoose, { Schema } from 'mongoose';
import { HttpProblem, problems } from '../platform/problem';
import type { Principal } from '../platform/routing';
import { findEach } from '../platform/find-each';
import { withAudit } from '../audit/intents';
import type { Actor } from '../audit/service';
import { questionTypes } from '../question-types';
import { ItemModel, ItemVersionModel, type ItemDoc } from '../bank/model';
import { valuesOf } from '../delivery/answer-record';
import { scoreOf, storedScore } from '../delivery/score-record';
import { AnswerSheetModel, AttemptModel, type AnswerSheetDoc, type AttemptDoc, type AttemptScore } from '../delivery/model';
import type { DeliveryService } from '../delivery/service';
import type { SessionService } from '../sessions/service';
import { RegistrationModel, type ExamSessionDoc, type RegistrationDoc } from '../sessions/model';
import { AttemptRescoreModel, currentScores } from '../marking/model';
import { rescore } from '../marking/rescore';
import type { ResultsService, ResultVersionView } from './service';

/** One affected attempt: the position of the item, its old and new points and the attempt's old and new totals. */
export interface RegradeRow {
  attemptId: string;
  admissionNo: string;
  name: string;
  position: number;
  fromVersion: number;
  oldPoints: number;
  newPoints: number;
  oldTotal: number;
  newTotal: number;
}

export interface RegradePreview {
  itemId: string;
  itemCode: string;
  version: number;
  rows: RegradeRow[];
  /** Hash of the rows: applying with this digest applies exactly what was previewed. */
  digest: string;
}

/** A regrade that was applied (kept with what it changed; the attempts are never edited). */
export interface RegradeDoc {
  _id: mongoose.Types.ObjectId;
  sessionId: mongoose.Types.ObjectId;
  itemId: string;
  version: number;
  rows: RegradeRow[];
  digest: string;
  appliedBy: string;
  appliedByName: string;
  at: Date;
}
const regradeSchema = new Schema<RegradeDoc>(
  { sessionId: { type: Schema.Types.ObjectId, required: true }, itemId: { type: String, required: true }, version: { type: Number, required: true }, rows: { type: Schema.Types.Mixed, default: [] }, digest: { type: String, required: true }, appliedBy: { type: String, required: true }, appliedByName: { type: String, required: true }, at: { type: Date, required: true } },
  { collection: 'regrades', versionKey: false, minimize: false },
);
regradeSchema.index({ sessionId: 1 });
export const RegradeModel = mongoose.model<RegradeDoc>('Regrade', regradeSchema);

const digestOf = (itemId: string, version: number, rows: readonly RegradeRow[]) => createHash('sha256').update(JSON.stringify({ itemId, version, rows })).digest('hex');

/**
 * 重新评分 after an item's key was corrected as a new version: a preview of every affected
 * attempt of the session (old and new score), then, applied, a new score per attempt pinned to
 * the new version, an audit entry, and new result versions where results were published.
 */
export class RegradeService {
  constructor(
    private readonly sessions: SessionService,
    private readonly delivery: DeliveryService,
    private readonly results: ResultsService,
  ) {}

  private async compute(session: ExamSessionDoc, itemId: string, version: number): Promise<{ preview: RegradePreview; scores: Map<string, { score: AttemptScore; seq: number; next: AttemptScore }> }> {
    const item = mongoose.isValidObjectId(itemId) ? ((await ItemModel.findById(itemId).lean()) as ItemDoc | null) : null;
    if (!item || String(item.bankId) !== String(session.bankId)) throw problems.notFound('本批次的题库中没有这道题。');
    const pinned = await ItemVersionModel.findOne({ itemId: item._id, version }, { state: 1 }).lean();
    if (!pinned || pinned.state !== 'approved') throw problems.rule([{ path: 'body.version', message: `第 ${version} 版不是已审核通过的版本` }], '只能按审核通过的新版本重新评分。');
    const content = (await this.delivery.content.contentsOf([{ itemId, version }])).get(`${itemId}@${version}`);
    if (!content) throw problems.notFound('没有这个版本。');
    const module = questionTypes.of(content);
    const attempts = ((await AttemptModel.find({ sessionId: session._id }).lean()) as AttemptDoc[]).filter((a) => a.status !== 'in_progress' && a.score);
    const rescored = await currentScores(session._id);
    const affected = attempts.flatMap((a) => {
      const current = rescored.get(String(a._id)) ?? { score: scoreOf(a.score!), seq: 0 };
      const positions = current.score.items.filter((i) => i.itemId === itemId && i.version !== version);
      return positions.length ? [{ attempt: a, current, positions }] : [];
    });
    const [sheets, regs] = await Promise.all([
      findEach(AnswerSheetModel, affected.map((x) => ({ _id: x.attempt._id }))),
      findEach(RegistrationModel, affected.map((x) => ({ _id: x.attempt._id })), { projection: { admissionNo: 1, name: 1 } }),
    ]);
    const rows: RegradeRow[] = [];
    const scores = new Map<string, { score: AttemptScore; seq: number; next: AttemptScore }>();
    const now = new Date();
    affected.forEach(({ attempt, current, positions }, i) => {
      const answers = valuesOf((sheets[i] as AnswerSheetDoc | null)?.answers);
      const reg = regs[i] as Pick<RegistrationDoc, 'admissionNo' | 'name'> | null;
      const changes = positions.map((p) => {
        const raw = answers.get(p.position);
        const parsed = raw === undefined || raw === null ? undefined : module.response.safeParse(raw);
        const result = module.score(content as never, parsed?.success ? parsed.data : undefined, { points: p.max, multipleChoice: session.multipleChoice });
        if (result.status === 'needs-marking') throw new HttpProblem(422, 'not-machine-scored', '主观题由考评员评分，不能自动重新评分。');
        return { position: p.position, version, status: result.status, points: result.status === 'scored' ? result.points : 0, old: p };
      });
      const next = rescore(current.score, changes, now);
      scores.set(String(attempt._id), { ...current, next });
      for (const c of changes) rows.push({ attemptId: String(attempt._id), admissionNo: reg?.admissionNo ?? '', name: reg?.name ?? '', position: c.position, fromVersion: c.old.version, oldPoints: c.old.points, newPoints: c.points, oldTotal: current.score.total, newTotal: next.total });
    });
    rows.sort((a, b) => a.admissionNo.localeCompare(b.admissionNo) || a.position - b.position);
    return { preview: { itemId, itemCode: item.code, version, rows, digest: digestOf(itemId, version, rows) }, scores };
  }

  async preview(principal: Principal, sessionId: string, input: { itemId: string; version: number }): Promise<RegradePreview> {
    const session = await this.sessions.sessionFor(principal, sessionId, 'results.manage');
    return (await this.compute(session, input.itemId, input.version)).preview;
  }

  /** Applies what the preview showed (refused when the digest no longer matches), audited. */
  async apply(principal: Principal, sessionId: string, input: { itemId: string; version: number; digest: string }, actor: Actor): Promise<RegradePreview & { regradeId: string; versions: ResultVersionView[] }> {
    const session = await this.sessions.sessionFor(principal, sessionId, 'results.manage');
    const { preview, scores } = await this.compute(session, input.itemId, input.version);
    if (preview.digest !== input.digest) throw problems.conflict('预览之后成绩已有变化，请重新预览后再执行。', { digest: preview.digest });
    if (!preview.rows.length) throw problems.conflict('没有需要重新评分的答卷。');
    const regradeId = new mongoose.Types.ObjectId();
    const now = new Date();
    await withAudit(actor, { action: 'results.regrade.apply', target: { type: 'session', id: sessionId, label: `${session.code} ${session.title}` }, details: { itemId: input.itemId, itemCode: preview.itemCode, version: input.version, attempts: scores.size, digest: preview.digest }, probe: { collection: 'regrades', filter: { _id: regradeId } } }, async () => {
      try {
        await AttemptRescoreModel.insertMany([...scores.entries()].map(([attemptId, s]) => ({ _id: `${attemptId}:${s.seq + 1}`, attemptId, sessionId: session._id, seq: s.seq + 1, regradeId: String(regradeId), score: storedScore(s.next), createdAt: now })));
      } catch (error) {
        if ((error as { code?: number }).code === 11000 || String((error as Error).message).includes('E11000')) {
          await AttemptRescoreModel.deleteMany({ regradeId: String(regradeId) });
          throw problems.conflict('另一次重新评分刚刚完成，请重新预览。');
        }
        throw error;
      }
      await RegradeModel.create({ _id: regradeId, sessionId: session._id, itemId: input.itemId, version: input.version, rows: preview.rows, digest: preview.digest, appliedBy: principal.id, appliedByName: principal.displayName, at: now });
    });
    const regs = await findEach(RegistrationModel, [...scores.keys()].map((id) => ({ _id: new mongoose.Types.ObjectId(id) })), { projection: { candidateId: 1 } });
    const candidateIds = regs.flatMap((r) => (r ? [String((r as RegistrationDoc).candidateId)] : []));
    const versions = await this.results.regradeVersions(session, candidateIds, `重新评分：试题 ${preview.itemCode} 答案更正为第 ${input.version} 版`, principal, actor);
    return { ...preview, regradeId: String(regradeId), versions };
  }
}
