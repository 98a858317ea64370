import mongoose from 'mongoose';
import { LRUCache } from 'lru-cache';
import { z } from 'zod';
import { HttpProblem, problems } from '../platform/problem';
import type { Principal } from '../platform/routing';
import { objectIdOr404 } from '../platform/ids';
import { recordAudit, type Actor } from '../audit/service';
import { withAudit } from '../audit/intents';
import { findEach } from '../platform/find-each';
import { registrationDirectory } from '../sessions/registration-directory';
import { GroupCommit } from '../platform/group-commit';
import { insertNew } from '../platform/insert-new';
import { RegistrationModel, RoomRecordModel, type ExamSessionDoc, type RegistrationDoc } from '../sessions/model';
import { attemptDeadline, formForSerial, startRefusal, withinDeadline } from '../sessions/rules';
import type { SessionService } from '../sessions/service';
import { ImmutableContentCache } from './caches';
import { acceptsResponse, candidateItems, layoutOf, type AttemptLayout, type CandidateItem } from './layout';
import { scoreAttempt } from './scoring';
import { finishDue, READ_BATCH } from './sweep';
import { answerField, answerOf, answersOf, newerThanStored, valuesOf } from './answer-record';
import { scoreOf, storedScore } from './score-record';
import { AnswerSheetModel, AttemptEventModel, AttemptModel, EVENT_TYPES, SCREEN_SWITCHES, type AnswerSheetDoc, type AttemptDoc, type AttemptScore, type EndReason } from './model';
import type { BankService } from '../bank/service';
import { StandardModel } from '../standards/model';

export const AnswerBodySchema = z.object({
  /** The response in the item type's shape; null clears the answer. */
  value: z.union([z.null(), z.boolean(), z.string().max(20_000), z.array(z.string().max(1)).max(8)]),
  /** The client's sequence number for this position: a lower one never overwrites a higher one. */
  seq: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
});

export const EventsBodySchema = z.object({
  events: z.array(z.object({ type: z.enum(EVENT_TYPES), at: z.iso.datetime({ offset: true }).optional() })).min(1).max(100),
});

export interface AttemptView {
  id: string;
  status: AttemptDoc['status'];
  startedAt: string;
  deadline: string;
  serverNow: string;
  endedAt?: string;
  endReason?: EndReason;
  /** Only when the session shows scores, and only once the attempt has ended. */
  score?: { total: number; max: number; sections: AttemptScore['sections']; needsMarking: number };
}

export interface CandidatePaperView extends AttemptView {
  header: { bank: string; title: string; subjectCode: string; admissionNo: string; name: string; seat: number; roomCode: string };
  sections: AttemptLayout['sections'];
  items: CandidateItem[];
  answers: Array<{ position: number; value: unknown; seq: number }>;
  graceSeconds: number;
}

/**
 * A candidate's paper as the JSON the exam page reads (a {@link CandidatePaperView}). The items,
 * most of its bytes, are rendered and serialised to UTF-8 when the session opens, so the
 * synchronised start only joins buffers.
 */
export type CandidatePaperJson = Buffer & { readonly __candidatePaper: true };

const NOT_FOUND = () => problems.notFound('没有这份答卷。');
const EMPTY_ITEMS = Buffer.from('[]');
const CLOSING_BRACE = Buffer.from('}');

/** The seed of a candidate's option order: per candidate for parallel forms, none for a paper of their own. */
function optionSeedOf(session: Pick<ExamSessionDoc, '_id' | 'mode'>, reg: Pick<RegistrationDoc, '_id'>): string {
  return session.mode === 'forms' ? `${String(session._id)}:${String(reg._id)}` : '';
}

/**
 * Attempts: start, the candidate's paper, answer saves, submission, the deadline sweep, time
 * extensions, stops and screen events. The server owns time; every state change is one guarded
 * update; an answer the server acknowledged is never lost or overwritten by an older one.
 */
export class DeliveryService {
  readonly content: ImmutableContentCache;
  private readonly layouts = new LRUCache<string, AttemptLayout>({ max: 20_000 });
  /** Per paper: what scoring needs of a layout (items, sections, points), which the option order never changes. */
  private readonly scoringLayouts = new LRUCache<string, AttemptLayout>({ max: 5_000 });

  constructor(
    bank: BankService,
    private readonly sessionService: SessionService,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.content = new ImmutableContentCache(bank);
    // An optimisation only: whatever the warm-up does not load is read on demand.
    sessionService.onOpen((session) => void this.warmSession(session).catch(() => undefined));
  }

  /** Reads a session's papers and their item versions into memory, ahead of the synchronised start. */
  async warmSession(session: Pick<ExamSessionDoc, '_id' | 'mode' | 'formPaperIds'>): Promise<number> {
    const registrations = [...(await registrationDirectory.load(session._id)).byId.values()];
    const paperIds = session.mode === 'forms' ? session.formPaperIds : registrations.flatMap((r) => (r.paperId ? [r.paperId] : []));
    const warmed = await this.content.warm(paperIds);
    // Then each candidate's items, rendered in their order, a few at a time so requests keep flowing.
    for (const reg of registrations) {
      const paperId = session.mode === 'forms' ? formForSerial(session.formPaperIds, reg.serial) : reg.paperId;
      if (!paperId || reg.status !== 'registered') continue;
      await this.itemsJson({ _id: reg._id, paperId, optionSeed: optionSeedOf(session, reg), sessionId: session._id });
      await new Promise((resolve) => setImmediate(resolve));
    }
    return warmed;
  }

  /** Each attempt's items as the candidate sees them, serialised (most of the paper's bytes), by attempt, paper and option order. */
  private readonly renderedItems = new LRUCache<string, Buffer>({ maxSize: 256 * 1024 * 1024, sizeCalculation: (json) => json.length });

  /** As UTF-8 bytes: encoding 100 KB per response was the next cost after rendering. */
  private async itemsJson(attempt: Pick<AttemptDoc, '_id' | 'paperId' | 'optionSeed' | 'sessionId'>): Promise<Buffer> {
    const key = `${String(attempt._id)}|${attempt.paperId}|${attempt.optionSeed}`;
    const cached = this.renderedItems.get(key);
    if (cached !== undefined) return cached;
    const layout = await this.layout(attempt);
    const json = Buffer.from(JSON.stringify(candidateItems(layout, await this.content.contentsOf(layout.positions))));
    this.renderedItems.set(key, json);
    return json;
  }

  private async session(id: mongoose.Types.ObjectId | string, hoping?: ExamSessionDoc['status']): Promise<ExamSessionDoc> {
    const doc = await this.sessionService.cachedSession(id, hoping ? { unlessStatus: hoping } : {});
    if (!doc) throw NOT_FOUND();
    return doc;
  }

  private async registration(principal: Principal): Promise<RegistrationDoc> {
    // The session's copy in memory, read once when it opened: the start costs the database no read here.
    const reg = await registrationDirectory.byId(principal.id);
    if (!reg) throw NOT_FOUND();
    return reg;
  }

  /** The attempt a candidate may touch: their own, by id; any other id is 404. */
  private ownAttemptId(principal: Principal, attemptId: string): mongoose.Types.ObjectId {
    if (principal.kind !== 'candidate' || principal.id !== attemptId) throw NOT_FOUND();
    return objectIdOr404(attemptId, 'attempt');
  }

  async layout(attempt: Pick<AttemptDoc, '_id' | 'paperId' | 'optionSeed' | 'sessionId'>): Promise<AttemptLayout> {
    const key = String(attempt._id);
    const cached = this.layouts.get(key);
    if (cached) return cached;
    const layout = await this.buildLayout(attempt.paperId, await this.session(attempt.sessionId), attempt.optionSeed);
    this.layouts.set(key, layout);
    return layout;
  }

  /**
   * The layout scoring reads: positions, items, sections and points, shared by every candidate
   * of a paper. Answers are stored by option key, never by the letter shown, so a candidate's
   * own option order (drawn per position from a hash of the seed) plays no part in scoring.
   */
  async scoringLayout(attempt: Pick<AttemptDoc, 'paperId' | 'sessionId'>): Promise<AttemptLayout> {
    const session = await this.session(attempt.sessionId);
    const key = `${attempt.paperId}:${session.multipleChoice}`;
    const cached = this.scoringLayouts.get(key);
    if (cached) return cached;
    const layout = await this.buildLayout(attempt.paperId, session, '');
    this.scoringLayouts.set(key, layout);
    return layout;
  }

  private async buildLayout(paperId: string, session: ExamSessionDoc, optionSeed: string): Promise<AttemptLayout> {
    const paper = await this.content.paper(paperId);
    if (!paper) throw new HttpProblem(409, 'paper-missing', '试卷缺失，请联系监考员。');
    const contents = await this.content.contentsOf(paper.paper.items);
    return layoutOf(paperId, paper.paper, paper.blueprint.sections.map((s) => s.title), contents, optionSeed, session.multipleChoice);
  }

  // ---- start --------------------------------------------------------------------------

  /**
   * Starts (or returns) the candidate's attempt, at or after the start and until the late-entry
   * cut-off, and answers with the paper itself, so the synchronised start costs the candidate
   * one request and the database no reads of what this call has just written.
   */
  async start(principal: Principal, actor: Actor): Promise<CandidatePaperJson> {
    const reg = await this.registration(principal);
    const session = await this.session(reg.sessionId, 'open');
    const now = this.now();
    const refusal = startRefusal(now, session);
    if (session.status !== 'open' || reg.status !== 'registered' || refusal) {
      // Whatever stops a new start, an attempt that exists is returned as it is.
      const existing = (await AttemptModel.findById(reg._id).lean()) as AttemptDoc | null;
      if (existing) return this.paperView(existing, session, await this.storedAnswers(existing._id));
      if (session.status !== 'open') throw new HttpProblem(409, 'session-not-open', session.status === 'closed' ? '本场考试已结束。' : '考试尚未开始，请等待监考员开考。');
      if (reg.status !== 'registered') throw new HttpProblem(409, 'registration-closed', reg.status === 'absent' ? '已记为缺考。' : '报名已作废。');
      if (refusal === 'too-early') throw new HttpProblem(409, 'too-early', '考试尚未开始。', { extensions: { startsAt: session.startsAt.toISOString() } });
      if (refusal === 'too-late') throw new HttpProblem(409, 'too-late', `开考 ${session.lateEntryMinutes} 分钟后不得入场。`);
      throw new HttpProblem(409, 'ended', '本场考试已结束。');
    }
    const paperId = await this.sessionService.paperForRegistration(session, reg);
    const deadline = attemptDeadline(now, session);
    const attempt: AttemptDoc = {
      _id: reg._id,
      sessionId: session._id,
      centreId: session.centreId,
      roomCode: reg.roomCode,
      candidate: { admissionNo: reg.admissionNo, name: reg.name, seat: reg.seat },
      paperId,
      optionSeed: optionSeedOf(session, reg),
      startedAt: now,
      deadline,
      extensionSeconds: 0,
      status: 'in_progress',
      screenSwitches: 0,
      flagged: false,
    };
    const sheet: AnswerSheetDoc = { _id: reg._id, sessionId: session._id, deadline, graceSeconds: session.graceSeconds, acceptUntil: new Date(deadline.getTime() + session.graceSeconds * 1000), closed: false, answers: {} };
    // Built while the write is in flight: the layout reads only immutable, cached content.
    const [outcome] = await Promise.all([this.starts.submit({ attempt, sheet }), this.layout(attempt)]);
    if (outcome === 'existed') {
      // Started already (a second tab, a retry, another instance): the stored attempt wins.
      const [stored, answers] = await Promise.all([AttemptModel.findById(reg._id).lean() as Promise<AttemptDoc | null>, this.storedAnswers(reg._id)]);
      return this.paperView(stored ?? attempt, session, answers);
    }
    await recordAudit(actor, { action: 'attempt.start', target: { type: 'attempt', id: String(reg._id), label: `${reg.admissionNo} ${reg.name}` }, details: { sessionId: String(session._id), paperId } });
    return this.paperView(attempt, session, []);
  }

  /**
   * The starts that arrive together are written together: every sheet first (an attempt never
   * exists without somewhere to put its answers; an existing sheet is kept as it is), then
   * every attempt. An attempt that already existed is reported as such, never overwritten.
   */
  private readonly starts = new GroupCommit<{ attempt: AttemptDoc; sheet: AnswerSheetDoc }, 'created' | 'existed'>(async (batch) => {
    await insertNew(AnswerSheetModel.collection, batch.map((w) => w.input.sheet));
    const existed = await insertNew(AttemptModel.collection, batch.map((w) => w.input.attempt));
    batch.forEach((w, i) => w.resolve(existed.has(i) ? 'existed' : 'created'));
  });

  private async storedAnswers(attemptId: mongoose.Types.ObjectId): Promise<CandidatePaperView['answers']> {
    const sheet = (await AnswerSheetModel.findById(attemptId, { answers: 1 }).lean()) as Pick<AnswerSheetDoc, 'answers'> | null;
    return [...answersOf(sheet?.answers)].map(([position, a]) => ({ position, value: a.v, seq: a.s }));
  }

  /** What the exam screen shows: the header, the paper in the candidate's order (no key), the saved answers. */
  private async paperView(attempt: AttemptDoc, session: ExamSessionDoc, answers: CandidatePaperView['answers']): Promise<CandidatePaperJson> {
    const reg = attempt.candidate;
    const layout = await this.layout(attempt);
    const rest: Omit<CandidatePaperView, 'items'> = {
      ...this.view(attempt, session),
      header: { bank: '职业技能鉴定国家题库', title: session.title, subjectCode: session.code, admissionNo: reg.admissionNo, name: reg.name, seat: reg.seat, roomCode: attempt.roomCode },
      sections: layout.sections,
      answers,
      graceSeconds: session.graceSeconds,
    };
    const items = attempt.status === 'in_progress' ? await this.itemsJson(attempt) : EMPTY_ITEMS;
    // `rest` as JSON with the items joined in: the same document JSON.stringify would write.
    return Buffer.concat([Buffer.from(`${JSON.stringify(rest).slice(0, -1)},"items":`), items, CLOSING_BRACE]) as CandidatePaperJson;
  }

  private view(doc: AttemptDoc, session: ExamSessionDoc): AttemptView {
    const ended = doc.status !== 'in_progress';
    return {
      id: String(doc._id),
      status: doc.status,
      startedAt: doc.startedAt.toISOString(),
      deadline: doc.deadline.toISOString(),
      serverNow: this.now().toISOString(),
      ...(doc.endedAt ? { endedAt: doc.endedAt.toISOString() } : {}),
      ...(doc.endReason ? { endReason: doc.endReason } : {}),
      ...(ended && session.showScore && doc.score ? { score: { total: doc.score.total, max: doc.score.max, sections: scoreOf(doc.score).sections, needsMarking: doc.score.needsMarking } } : {}),
    };
  }

  /** What the candidate's pages show before, during and after: registration, session, attempt. */
  async candidateState(principal: Principal): Promise<{ reg: RegistrationDoc; session: ExamSessionDoc; attempt: AttemptView | undefined; serverNow: Date; standardTitle: string }> {
    const reg = await this.registration(principal);
    const session = await this.session(reg.sessionId);
    const attempt = (await AttemptModel.findById(reg._id).lean()) as AttemptDoc | null;
    const standard = session.standardId ? await StandardModel.findById(session.standardId, { title: 1 }).lean() : null;
    return { reg, session, attempt: attempt ? this.view(attempt, session) : undefined, serverNow: this.now(), standardTitle: (standard as { title?: string } | null)?.title ?? session.occupationName };
  }

  // ---- the paper ----------------------------------------------------------------------

  /** The candidate's paper for display: never a key, options in the candidate's order. */
  async current(principal: Principal): Promise<CandidatePaperJson> {
    const id = this.ownAttemptId(principal, principal.id);
    const [attempt, answers] = await Promise.all([AttemptModel.findById(id).lean() as Promise<AttemptDoc | null>, this.storedAnswers(id)]);
    if (!attempt) throw problems.notFound('尚未开始答题。');
    return this.paperView(attempt, await this.session(attempt.sessionId), answers);
  }

  // ---- saving -------------------------------------------------------------------------

  /**
   * Saves one answer: one update of the answer sheet by `_id`, guarded by `closed`, the
   * deadline (+ grace) and the position's seq. Repeating a save is harmless; an older seq
   * never wins; after the deadline the stored answer stays as it was (409 with the reason).
   */
  async saveAnswer(principal: Principal, attemptId: string, position: number, body: z.infer<typeof AnswerBodySchema>): Promise<{ position: number; seq: number; savedAt: string }> {
    const id = this.ownAttemptId(principal, attemptId);
    const layout = await this.layoutById(id);
    const slot = layout.positions[position];
    if (!slot) throw problems.notFound('没有这道题。');
    if (body.value !== null) {
      const contents = await this.content.contentsOf([slot]);
      if (!acceptsResponse(slot, contents.get(`${slot.itemId}@${slot.version}`)!, body.value)) throw problems.rule([{ path: 'body.value', message: '答案格式与题型不符' }], '答案格式与题型不符。');
    }
    const now = this.now();
    const result = await AnswerSheetModel.updateOne(
      { _id: id, closed: false, acceptUntil: { $gte: now }, ...newerThanStored(position, body.seq) },
      { $set: { [`answers.${position}`]: answerField({ v: body.value, s: body.seq, t: now }), lastSeenAt: now } },
    );
    if (result.matchedCount === 1) return { position, seq: body.seq, savedAt: now.toISOString() };
    const sheet = (await AnswerSheetModel.findById(id).lean()) as AnswerSheetDoc | null;
    if (!sheet) throw NOT_FOUND();
    const field = sheet.answers[String(position)];
    const stored = field === undefined ? undefined : answerOf(field);
    if (stored && stored.s === body.seq) return { position, seq: stored.s, savedAt: new Date(stored.t).toISOString() };
    if (sheet.closed) throw new HttpProblem(409, 'attempt-closed', '已交卷，答案不能再修改。', { extensions: { reason: 'closed' } });
    if (!withinDeadline(now, sheet.deadline, sheet.graceSeconds)) throw new HttpProblem(409, 'deadline-passed', '考试时间已到，答案不能再修改。', { extensions: { reason: 'deadline', deadline: sheet.deadline.toISOString() } });
    throw new HttpProblem(409, 'stale-seq', '该题已保存了更新的答案。', { extensions: { reason: 'stale', seq: stored?.s ?? 0 } });
  }

  private async layoutById(id: mongoose.Types.ObjectId): Promise<AttemptLayout> {
    const cached = this.layouts.get(String(id));
    if (cached) return cached;
    const attempt = (await AttemptModel.findById(id).lean()) as AttemptDoc | null;
    if (!attempt) throw NOT_FOUND();
    return this.layout(attempt);
  }

  /** The clock: server time, the deadline (extensions show up here) and the status. */
  async clock(principal: Principal, attemptId: string): Promise<{ serverNow: string; deadline: string; status: AttemptDoc['status'] }> {
    const id = this.ownAttemptId(principal, attemptId);
    const now = this.now();
    const attempt = (await AttemptModel.findById(id, { deadline: 1, status: 1 }).lean()) as Pick<AttemptDoc, 'deadline' | 'status'> | null;
    if (!attempt) throw NOT_FOUND();
    if (attempt.status === 'in_progress') await AnswerSheetModel.updateOne({ _id: id }, { $set: { lastSeenAt: now } });
    return { serverNow: now.toISOString(), deadline: attempt.deadline.toISOString(), status: attempt.status };
  }

  // ---- ending -------------------------------------------------------------------------

  /** 交卷: effective once; a second call returns the same result. */
  async submit(principal: Principal, attemptId: string, actor: Actor): Promise<AttemptView> {
    const id = this.ownAttemptId(principal, attemptId);
    const attempt = (await AttemptModel.findById(id).lean()) as AttemptDoc | null;
    if (!attempt) throw NOT_FOUND();
    const session = await this.session(attempt.sessionId);
    if (attempt.status !== 'in_progress') return this.view(attempt, session);
    const late = !withinDeadline(this.now(), attempt.deadline, session.graceSeconds);
    return this.view(await this.finish(attempt, late ? 'deadline' : 'candidate', late ? 'submitted' : 'submitted', actor), session);
  }

  /**
   * Closes the sheet (from then on no save lands), scores what it holds, and records the result
   * on the attempt once. Safe to run twice and from several instances: the sheet closes once,
   * the attempt's guarded update lets one result in, and everyone returns that one.
   */
  private async finish(attempt: AttemptDoc, reason: EndReason, status: 'submitted' | 'terminated', actor: Actor, terminationReason?: string): Promise<AttemptDoc> {
    const now = this.now();
    await AnswerSheetModel.updateOne({ _id: attempt._id, closed: false }, { $set: { closed: true, closedAt: now } });
    const sheet = (await AnswerSheetModel.findById(attempt._id).lean()) as AnswerSheetDoc | null;
    const layout = await this.scoringLayout(attempt);
    const contents = await this.content.contentsOf(layout.positions);
    const score = scoreAttempt(layout, contents, valuesOf(sheet?.answers), now);
    const updated = (await AttemptModel.findOneAndUpdate(
      { _id: attempt._id, status: 'in_progress' },
      { $set: { status, endedAt: now, endReason: reason, score: storedScore(score), ...(terminationReason ? { terminationReason } : {}) } },
      { returnDocument: 'after', lean: true },
    )) as AttemptDoc | null;
    if (!updated) return (await AttemptModel.findById(attempt._id).lean()) as AttemptDoc;
    await recordAudit(actor, { action: status === 'terminated' ? 'attempt.terminate' : 'attempt.submit', target: { type: 'attempt', id: String(attempt._id) }, details: { reason, total: score.total, answered: score.answered, ...(terminationReason ? { terminationReason } : {}) } });
    return updated;
  }

  /**
   * Closes and scores every attempt past its deadline (+ grace). Idempotent; safe on every
   * instance at once. One indexed read of the open attempts, then per session the batch path of
   * `sweep.ts`: claims, sheets and audit per few hundred attempts instead of round trips per
   * attempt; each attempt is scored exactly once, by one sweep or by its own 交卷.
   */
  async sweep(): Promise<number> {
    const now = this.now();
    const open = (await AttemptModel.find({ status: 'in_progress' }).batchSize(READ_BATCH).lean()) as AttemptDoc[];
    const due = new Map<string, { session: ExamSessionDoc; attempts: AttemptDoc[] }>();
    for (const attempt of open) {
      const session = await this.session(attempt.sessionId);
      if (withinDeadline(now, attempt.deadline, session.graceSeconds)) continue;
      const group = due.get(String(session._id)) ?? { session, attempts: [] };
      group.attempts.push(attempt);
      due.set(String(session._id), group);
    }
    const scoring = { layout: (a: AttemptDoc) => this.scoringLayout(a), warm: (ids: readonly string[]) => this.content.warm(ids), contentsOf: (p: AttemptLayout['positions']) => this.content.contentsOf(p) };
    let closed = 0;
    for (const { session, attempts } of due.values()) closed += await finishDue(scoring, session._id, attempts, now, `${session.code} ${session.title}`);
    return closed;
  }

  // ---- proctoring ---------------------------------------------------------------------

  private async attemptForStaff(principal: Principal, attemptId: string): Promise<{ attempt: AttemptDoc | null; reg: RegistrationDoc; session: ExamSessionDoc }> {
    const { reg, session } = await this.sessionService.registrationFor(principal, attemptId, 'sessions.proctor');
    const attempt = (await AttemptModel.findById(reg._id).lean()) as AttemptDoc | null;
    return { attempt, reg, session };
  }

  private async roomRecord(principal: Principal, reg: RegistrationDoc, kind: 'check-in' | 'extend' | 'absent' | 'terminate', detail: string): Promise<void> {
    await RoomRecordModel.create({ sessionId: reg.sessionId, roomCode: reg.roomCode, registrationId: String(reg._id), candidateName: reg.name, kind, detail, by: principal.id, byName: principal.displayName, at: this.now() });
  }

  /** 延时: moves the deadline (attempt first, then sheet), with a reason. */
  async extend(principal: Principal, attemptId: string, minutes: number, reason: string, actor: Actor): Promise<AttemptView> {
    const { attempt, reg, session } = await this.attemptForStaff(principal, attemptId);
    if (!attempt || attempt.status !== 'in_progress') throw problems.conflict('该考生不在答题中，不能延时。');
    const extensionSeconds = attempt.extensionSeconds + minutes * 60;
    const deadline = attemptDeadline(attempt.startedAt, session, extensionSeconds);
    const updated = await withAudit(actor, { action: 'attempt.extend', target: { type: 'attempt', id: attemptId, label: `${reg.admissionNo} ${reg.name}` }, details: { minutes, reason, deadline: deadline.toISOString() } }, async () => {
      // The attempt first: once the sweep (or 交卷) has scored it, nothing reopens its sheet; once
      // this lands, the sweep's result write (guarded by the old deadline) misses it.
      const result = (await AttemptModel.findOneAndUpdate({ _id: attempt._id, status: 'in_progress', extensionSeconds: attempt.extensionSeconds }, { $set: { deadline, extensionSeconds } }, { returnDocument: 'after', lean: true })) as AttemptDoc | null;
      if (!result) throw problems.conflict('该考生的答卷已变化，请刷新后重试。');
      const sheet = await AnswerSheetModel.updateOne({ _id: attempt._id, closed: false }, { $set: { deadline, acceptUntil: new Date(deadline.getTime() + session.graceSeconds * 1000) } });
      if (sheet.matchedCount !== 1) throw problems.conflict('答卷已关闭，不能延时。');
      return result;
    });
    this.layouts.delete(attemptId);
    await this.roomRecord(principal, reg, 'extend', `延时 ${minutes} 分钟：${reason}`);
    return this.view(updated, session);
  }

  /** 终止考核 for misconduct: closes and scores what was answered, marked as stopped by the proctor. */
  async terminate(principal: Principal, attemptId: string, reason: string, actor: Actor): Promise<AttemptView> {
    const { attempt, reg, session } = await this.attemptForStaff(principal, attemptId);
    if (!attempt || attempt.status !== 'in_progress') throw problems.conflict('该考生不在答题中。');
    const done = await this.finish(attempt, 'proctor', 'terminated', actor, reason);
    if (done.status !== 'terminated') throw problems.conflict('该考生已交卷。');
    await this.roomRecord(principal, reg, 'terminate', `终止考核：${reason}`);
    return this.view(done, session);
  }

  /** 实名核验 done: recorded on the registration, the room record and the audit log. */
  async checkIn(principal: Principal, registrationId: string, actor: Actor): Promise<{ checkedIn: true }> {
    const { reg } = await this.sessionService.registrationFor(principal, registrationId, 'sessions.proctor');
    const now = this.now();
    await withAudit(actor, { action: 'registration.check-in', target: { type: 'registration', id: registrationId, label: `${reg.admissionNo} ${reg.name}` }, probe: { collection: 'registrations', filter: { _id: reg._id, checkedInAt: { $exists: true } } } }, () =>
      RegistrationModel.updateOne({ _id: reg._id, checkedInAt: { $exists: false } }, { $set: { checkedInAt: now, checkedInBy: principal.id } }),
    );
    await this.roomRecord(principal, reg, 'check-in', '实名核验通过');
    return { checkedIn: true };
  }

  /** 缺考: only for a candidate who has not started. */
  async markAbsent(principal: Principal, registrationId: string, actor: Actor): Promise<{ status: 'absent' }> {
    const { reg } = await this.sessionService.registrationFor(principal, registrationId, 'sessions.proctor');
    if (await AttemptModel.exists({ _id: reg._id })) throw problems.conflict('该考生已开始答题，不能记为缺考。');
    await withAudit(actor, { action: 'registration.absent', target: { type: 'registration', id: registrationId, label: `${reg.admissionNo} ${reg.name}` } }, async () => {
      const result = await RegistrationModel.updateOne({ _id: reg._id, status: 'registered' }, { $set: { status: 'absent' } });
      if (result.matchedCount !== 1) throw problems.conflict('该考生的报名状态已变化。');
    });
    await this.roomRecord(principal, reg, 'absent', '缺考');
    return { status: 'absent' };
  }

  /** Focus loss, paste, full-screen exits: recorded; past the session's limit the attempt is flagged. */
  async recordEvents(principal: Principal, attemptId: string, body: z.infer<typeof EventsBodySchema>): Promise<{ recorded: number; flagged: boolean }> {
    const id = this.ownAttemptId(principal, attemptId);
    const attempt = (await AttemptModel.findById(id, { sessionId: 1, status: 1 }).lean()) as Pick<AttemptDoc, 'sessionId' | 'status'> | null;
    if (!attempt) throw NOT_FOUND();
    const now = this.now();
    await AttemptEventModel.insertMany(body.events.map((e) => ({ attemptId: id, sessionId: attempt.sessionId, type: e.type, at: now, ...(e.at ? { clientAt: new Date(e.at) } : {}) })), { lean: true });
    const switches = body.events.filter((e) => SCREEN_SWITCHES.has(e.type)).length;
    if (!switches) return { recorded: body.events.length, flagged: false };
    const updated = (await AttemptModel.findOneAndUpdate({ _id: id }, { $inc: { screenSwitches: switches } }, { returnDocument: 'after', lean: true })) as AttemptDoc | null;
    const session = await this.session(attempt.sessionId);
    const flagged = Boolean(updated && session.screenSwitchLimit > 0 && updated.screenSwitches >= session.screenSwitchLimit);
    if (flagged && !updated!.flagged) await AttemptModel.updateOne({ _id: id, flagged: false }, { $set: { flagged: true } });
    return { recorded: body.events.length, flagged };
  }

  /** The live roster of one room: status, answered count, last seen, events, flags. */
  async roster(principal: Principal, sessionId: string, roomCode: string): Promise<RosterView> {
    const session = await this.sessionService.sessionFor(principal, sessionId, 'sessions.view');
    const room = session.rooms.find((r) => r.code === roomCode);
    if (!room) throw problems.notFound('没有这个考场。');
    const regs = ((await RegistrationModel.find({ sessionId: session._id }).lean()) as RegistrationDoc[]).filter((r) => r.roomCode === roomCode).sort((a, b) => a.seat - b.seat);
    const [attempts, sheets] = await Promise.all([findEach(AttemptModel, regs.map((r) => ({ _id: r._id }))), findEach(AnswerSheetModel, regs.map((r) => ({ _id: r._id })))]);
    const now = this.now();
    return {
      session: { id: sessionId, code: session.code, title: session.title, status: session.status, startsAt: session.startsAt.toISOString(), endsAt: session.endsAt.toISOString() },
      room: { code: room.code, name: room.name },
      serverNow: now.toISOString(),
      candidates: regs.map((reg, i) => {
        const attempt = attempts[i] as AttemptDoc | undefined;
        const sheet = sheets[i] as AnswerSheetDoc | undefined;
        const answered = [...answersOf(sheet?.answers).values()].filter((a) => a.v !== null && a.v !== '' && !(Array.isArray(a.v) && a.v.length === 0)).length;
        const status: RosterStatus = reg.status === 'absent' ? 'absent' : attempt?.status === 'terminated' ? 'terminated' : attempt?.status === 'submitted' ? 'submitted' : attempt ? 'in_progress' : 'not_started';
        return {
          registrationId: String(reg._id),
          seat: reg.seat,
          admissionNo: reg.admissionNo,
          name: reg.name,
          idNumberMasked: reg.idMasked,
          hasPhoto: Boolean(reg.photoId),
          checkedIn: Boolean(reg.checkedInAt),
          status,
          answered,
          total: attempt ? (this.layouts.get(String(reg._id))?.positions.length ?? null) : null,
          lastSeenAt: sheet?.lastSeenAt ? new Date(sheet.lastSeenAt).toISOString() : null,
          deadline: attempt ? attempt.deadline.toISOString() : null,
          screenSwitches: attempt?.screenSwitches ?? 0,
          flagged: attempt?.flagged ?? false,
        };
      }),
    };
  }
}

export type RosterStatus = 'not_started' | 'in_progress' | 'submitted' | 'absent' | 'terminated';

export interface RosterView {
  session: { id: string; code: string; title: string; status: string; startsAt: string; endsAt: string };
  room: { code: string; name: string };
  serverNow: string;
  candidates: Array<{
    registrationId: string;
    seat: number;
    admissionNo: string;
    name: string;
    idNumberMasked: string;
    hasPhoto: boolean;
    checkedIn: boolean;
    status: RosterStatus;
    answered: number;
    total: number | null;
    lastSeenAt: string | null;
    deadline: string | null;
    screenSwitches: number;
    flagged: boolean;
  }>;
}
