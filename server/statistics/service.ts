import mongoose from 'mongoose';
import { objectIdOr404 } from '../platform/ids';
import { problems } from '../platform/problem';
import { findEach } from '../platform/find-each';
import { eachAtMost } from '../platform/each-at-most';
import { BULK_WRITES_IN_FLIGHT, chunksOf, UPDATES_PER_BULK_WRITE } from '../platform/bulk-updates';
import type { Principal } from '../platform/routing';
import { recordAudit, type Actor } from '../audit/service';
import { withAudit } from '../audit/intents';
import { t } from '../i18n/translate';
import { decide } from '../identity/access';
import type { BankService } from '../bank/service';
import { ItemModel, ItemVersionModel, type BankDoc, type ItemVersionDoc } from '../bank/model';
import type { AnyItemContent } from '../bank/render';
import { valuesOf } from '../delivery/answer-record';
import { carriesAnswers, scoreOf } from '../delivery/score-record';
import { AnswerSheetModel, AttemptModel, type AnswerSheetDoc, type AttemptDoc } from '../delivery/model';
import { ExamSessionModel, type ExamSessionDoc } from '../sessions/model';
import { sessionTarget } from '../sessions/service';
import { DEFAULT_THRESHOLDS, estimateRasch, itemStatistics, paperReliability, raschFacility, type ItemStatistics, type RaschResult } from './engine';
import { candidateRecords, versionKey, type ScoredSitting } from './responses';
import { measuredOf } from './measured';
import { DifficultySnapshotModel, StatisticsLockModel, StatisticsRunModel, type DifficultySnapshotDoc, type RunKind, type StatisticsRunDoc, type VersionStatisticsSlot } from './model';
import { runView, type RunView, type DubiousItemView } from './views';

const zh = (key: string, vars: Record<string, unknown> = {}) => t('zh-CN', key, vars);
const LOCK_LEASE_MS = 5 * 60_000;
const WRITE_CHUNK = 500;
/** Documents per getMore: a session's thousands of scored attempts in one batch would outlast the socket timeout on FerretDB. */
const READ_BATCH = 500;
/**
 * When a release's Rasch estimates are final (logits): a thousandth of the smallest standard
 * error a release sees (~0.03 at a few thousand responses per item), far below what assembly or a
 * reviewer can tell apart, and about half the iterations of the engine's default 1e-7.
 */
const RASCH_TOLERANCE = 1e-5;

/**
 * Item statistics (试题分析) and their way back into the bank. A run reads the ended attempts
 * of one session (or of every session that sat papers of one release), computes the classical
 * statistics, KR-20 per paper and — for a release — Rasch difficulties, writes one statistics
 * slot onto each item version, and leaves a difficulty snapshot per release for assembly. Runs
 * go on in the background with their progress on the run document; one runs at a time per
 * target (a guarded lock with a lease), and running one twice writes the same result again.
 */
export class StatisticsService {
  /** Runs this process is executing (tests and shutdown may wait for them). */
  readonly active = new Map<string, Promise<void>>();

  constructor(private readonly bank: BankService) {}

  // ---- starting ----------------------------------------------------------------------

  async startSessionRun(principal: Principal, sessionId: string, actor: Actor): Promise<RunView> {
    const session = await this.sessionForPage(principal, sessionId);
    if (session.part !== 'theory') throw problems.conflict(zh('statistics.error.notTheory'));
    return this.start(principal, { kind: 'session', targetId: session._id, label: `${session.code} ${session.title}`, bankId: session.bankId, sessionIds: [session._id] }, actor);
  }

  async startReleaseRun(principal: Principal, bankId: string, releaseId: string, actor: Actor): Promise<RunView> {
    const { bank, release } = await this.bank.releaseFor(principal, bankId, releaseId, 'statistics.compute');
    const sessions = (await ExamSessionModel.find({ bankId: bank._id }, { _id: 1, releaseId: 1, part: 1 }).lean()) as Array<Pick<ExamSessionDoc, '_id' | 'releaseId' | 'part'>>;
    const sessionIds = sessions.filter((s) => s.part === 'theory' && s.releaseId && String(s.releaseId) === String(release._id)).map((s) => s._id);
    return this.start(principal, { kind: 'release', targetId: release._id, label: `${bank.code} #${release.number}`, bankId: bank._id, sessionIds }, actor);
  }

  private async start(principal: Principal, target: { kind: RunKind; targetId: mongoose.Types.ObjectId; label: string; bankId: mongoose.Types.ObjectId; sessionIds: mongoose.Types.ObjectId[] }, actor: Actor): Promise<RunView> {
    const runId = new mongoose.Types.ObjectId();
    const lockId = `${target.kind}:${String(target.targetId)}`;
    const now = new Date();
    try {
      // Taken when absent or when its holder's lease ran out; a live lock makes the upsert collide.
      await StatisticsLockModel.findOneAndUpdate({ _id: lockId, leaseUntil: { $lt: now } }, { $set: { runId, leaseUntil: new Date(now.getTime() + LOCK_LEASE_MS) } }, { upsert: true });
    } catch (error) {
      if ((error as { code?: number }).code === 11000) {
        const lock = await StatisticsLockModel.findById(lockId).lean();
        throw problems.conflict(zh('statistics.error.running'), { runId: lock ? String(lock.runId) : null });
      }
      throw error;
    }
    const doc: StatisticsRunDoc = {
      _id: runId,
      kind: target.kind,
      targetId: target.targetId,
      targetLabel: target.label,
      bankId: target.bankId,
      releaseIds: [],
      status: 'running',
      stage: 'queued',
      progress: { done: 0, total: 0 },
      startedBy: principal.id,
      startedByName: principal.displayName,
      startedAt: now,
    };
    await StatisticsRunModel.create(doc);
    await recordAudit(actor, { action: 'statistics.start', target: { type: target.kind, id: String(target.targetId), label: target.label }, details: { runId: String(runId), sessions: target.sessionIds.length } });
    const work = this.execute(doc, target.sessionIds, lockId, actor)
      .catch(async (error: unknown) => {
        await StatisticsRunModel.updateOne({ _id: runId, status: 'running' }, { $set: { status: 'failed', error: error instanceof Error ? error.message : String(error), finishedAt: new Date() } });
      })
      .finally(async () => {
        await StatisticsLockModel.deleteOne({ _id: lockId, runId });
        this.active.delete(String(runId));
      });
    this.active.set(String(runId), work);
    return runView(doc);
  }

  // ---- the run -----------------------------------------------------------------------

  private async progress(runId: mongoose.Types.ObjectId, lockId: string, stage: StatisticsRunDoc['stage'], done: number, total: number): Promise<void> {
    await StatisticsRunModel.updateOne({ _id: runId, status: 'running' }, { $set: { stage, progress: { done, total } } });
    await StatisticsLockModel.updateOne({ _id: lockId, runId }, { $set: { leaseUntil: new Date(Date.now() + LOCK_LEASE_MS) } });
  }

  /**
   * Ended attempts of the sessions, with their answers: per session one indexed query of its
   * attempts, whose scores carry the answers they were scored from. Only a session with scores
   * written before scores carried answers has its sheets read as well (one indexed query, and
   * by `_id` the sheets written before sheets named their session).
   */
  async readSittings(sessionIds: readonly mongoose.Types.ObjectId[], onProgress: (done: number, total: number) => Promise<void> = async () => {}): Promise<ScoredSitting[]> {
    const sittings: ScoredSitting[] = [];
    for (const [n, sessionId] of sessionIds.entries()) {
      const found = (await AttemptModel.find({ sessionId }, { _id: 1, paperId: 1, status: 1, score: 1 }).batchSize(READ_BATCH).lean()) as Array<Pick<AttemptDoc, '_id' | 'paperId' | 'status' | 'score'>>;
      // 终止考核 (stopped for misconduct) says nothing about the items: left out with unfinished ones.
      const attempts = found.filter((a) => a.status === 'submitted' && a.score);
      if (!attempts.length) continue;
      const sheets = attempts.every((a) => carriesAnswers(a.score!)) ? new Map<string, AnswerSheetDoc['answers']>() : await this.sheetsOf(sessionId, attempts);
      for (const a of attempts) {
        const score = scoreOf(a.score!);
        const answers = carriesAnswers(a.score!) ? new Map(score.items.flatMap((i) => (i.answer !== undefined ? [[i.position, i.answer] as const] : []))) : valuesOf(sheets.get(String(a._id)));
        sittings.push({ attemptId: String(a._id), paperId: a.paperId, score: { items: score.items }, answers });
      }
      await onProgress(n + 1, sessionIds.length);
    }
    return sittings;
  }

  /** The sheets of a session's attempts whose scores came before scores carried answers. */
  private async sheetsOf(sessionId: mongoose.Types.ObjectId, attempts: ReadonlyArray<Pick<AttemptDoc, '_id'>>): Promise<Map<string, AnswerSheetDoc['answers']>> {
    const sheets = new Map(((await AnswerSheetModel.find({ sessionId }, { answers: 1 }).batchSize(READ_BATCH).lean()) as Array<Pick<AnswerSheetDoc, '_id' | 'answers'>>).map((s) => [String(s._id), s.answers]));
    const missing = attempts.filter((a) => !sheets.has(String(a._id)));
    const byId = await findEach(AnswerSheetModel, missing.map((a) => ({ _id: a._id })), { projection: { answers: 1 }, concurrency: 16 });
    byId.forEach((sheet, i) => sheets.set(String(missing[i]!._id), (sheet?.answers ?? {}) as AnswerSheetDoc['answers']));
    return sheets;
  }

  private async execute(run: StatisticsRunDoc, sessionIds: mongoose.Types.ObjectId[], lockId: string, actor: Actor): Promise<void> {
    const sittings = await this.readSittings(sessionIds, (done, total) => this.progress(run._id, lockId, 'reading', done, total));
    const pins = new Map<string, { itemId: string; version: number; type: string }>();
    for (const s of sittings) for (const p of s.score.items) pins.set(versionKey(p.itemId, p.version), { itemId: p.itemId, version: p.version, type: p.type });
    const contents = await this.contentsOf([...pins.values()]);
    await this.progress(run._id, lockId, 'computing', 0, pins.size);
    const { records, facts } = candidateRecords(sittings, contents);
    const items = itemStatistics(records, facts, DEFAULT_THRESHOLDS);
    const papers = paperReliability(records);
    let rasch: { result: RaschResult; index: Map<string, number> } | undefined;
    if (run.kind === 'release') {
      await this.progress(run._id, lockId, 'rasch', 0, facts.length);
      rasch = raschOf(records, facts.map((f) => f.item));
    }
    const computedAt = new Date();
    const basis = { kind: run.kind, id: String(run.targetId), label: run.targetLabel };
    const slots = items.map((s) => ({ stats: s, slot: slotOf(s, String(run._id), basis, computedAt, rasch) }));
    const releaseIds = await this.releasesOf(sessionIds, sittings);
    const itemIds = [...new Set(slots.map(({ slot }) => slot.key[0]))];
    const itemDocs = await findEach(ItemModel, itemIds.map((id) => ({ _id: new mongoose.Types.ObjectId(id) })), { projection: { code: 1, type: 1 }, concurrency: 16 });
    const codes = new Map(itemDocs.flatMap((d) => (d ? [[String(d._id), { code: d.code, type: d.type as string }] as const] : [])));
    const summary: NonNullable<StatisticsRunDoc['summary']> = {
      candidates: records.length,
      items: items.length,
      dubious: items.filter((i) => i.dubious.length).length,
      papers: papers.map((p) => ({ paperId: p.paper, candidates: p.candidates, items: p.items, kr20: p.kr20 })),
      ...(rasch
        ? { rasch: { iterations: rasch.result.iterations, converged: rasch.result.converged, extremePersons: rasch.result.extremePersons, meanAbility: rasch.result.meanAbility, estimated: rasch.result.status.filter((s) => s === 'estimated').length } }
        : {}),
    };
    const intent = {
      action: 'statistics.write',
      target: { type: run.kind, id: String(run.targetId), label: run.targetLabel },
      details: { runId: String(run._id), versions: slots.length, candidates: records.length, dubious: summary.dubious },
      probe: { collection: StatisticsRunModel.collection.name, filter: { _id: run._id, status: 'done' } },
    };
    // What the releases' difficulty snapshots need of every version they pin, read while the
    // slots are written; this run's slots are then put over what was read.
    const pinned = Promise.all(releaseIds.map(async (releaseId) => ({ releaseId, versions: await this.versionStatistics(releaseId) })));
    pinned.catch(() => undefined);
    const written = new Map(slots.map(({ slot }) => [versionKey(slot.key[0], slot.key[1]), slot.value]));
    await withAudit(actor, intent, async () => {
      const field = `statistics.${run.kind}`;
      for (let start = 0; start < slots.length; start += WRITE_CHUNK) {
        const chunk = slots.slice(start, start + WRITE_CHUNK);
        // One update per version by its unique (itemId, version), touching only the statistics
        // slot, in bulk writes (see platform/bulk-updates).
        await eachAtMost(BULK_WRITES_IN_FLIGHT, chunksOf(chunk, UPDATES_PER_BULK_WRITE), async (command) => {
          await ItemVersionModel.collection.bulkWrite(
            command.map(({ slot }) => ({ updateOne: { filter: { itemId: new mongoose.Types.ObjectId(slot.key[0]), version: slot.key[1] }, update: { $set: { [field]: slot.value } } } })),
            { ordered: false },
          );
        });
        await this.progress(run._id, lockId, 'writing', Math.min(slots.length, start + WRITE_CHUNK), slots.length);
      }
      for (const { releaseId, versions } of await pinned) await this.snapshot(releaseId, run._id, versions, run.kind, written);
      await StatisticsRunModel.updateOne(
        { _id: run._id, status: 'running' },
        { $set: { status: 'done', stage: 'done', progress: { done: slots.length, total: slots.length }, releaseIds, summary, items: slots.map(({ slot }) => ({ itemId: slot.key[0], version: slot.key[1], code: codes.get(slot.key[0])?.code ?? '', type: codes.get(slot.key[0])?.type ?? '', ...slot.value })), finishedAt: new Date() } },
      );
    });
  }

  private async contentsOf(pins: Array<{ itemId: string; version: number }>): Promise<Map<string, AnyItemContent>> {
    const byItem = await this.bank.pinnedContents(pins);
    const out = new Map<string, AnyItemContent>();
    for (const p of pins) {
      const content = byItem.get(p.itemId);
      if (content) out.set(versionKey(p.itemId, p.version), content as AnyItemContent);
    }
    return out;
  }

  /**
   * The releases the sittings' papers were drawn from: each session's own, since every paper of a
   * session is drawn from its release (reading the sessions, not the hundreds of papers).
   */
  private async releasesOf(sessionIds: readonly mongoose.Types.ObjectId[], sittings: readonly ScoredSitting[]): Promise<mongoose.Types.ObjectId[]> {
    if (!sittings.length) return [];
    const sessions = await findEach(ExamSessionModel, sessionIds.map((id) => ({ _id: id })), { projection: { releaseId: 1 } });
    const ids = new Map<string, mongoose.Types.ObjectId>();
    for (const s of sessions) if (s?.releaseId) ids.set(String(s.releaseId), s.releaseId as mongoose.Types.ObjectId);
    return [...ids.values()];
  }

  /** The statistics of every version a release pins. */
  private async versionStatistics(releaseId: mongoose.Types.ObjectId): Promise<Array<{ itemId: string; version: number; statistics: ItemVersionDoc['statistics'] }>> {
    const rows = await this.bank.releaseItems(releaseId);
    const versions = await findEach(ItemVersionModel, rows.map((r) => ({ itemId: r.itemId, version: r.version })), { projection: { itemId: 1, version: 1, statistics: 1 }, concurrency: 16 });
    return versions.flatMap((v) => (v ? [{ itemId: String(v.itemId), version: v.version, statistics: (v as unknown as ItemVersionDoc).statistics }] : []));
  }

  /** A new difficulty snapshot of a release: every version it pins, with what was measured of it (this run's slots over what was stored). */
  private async snapshot(
    releaseId: mongoose.Types.ObjectId,
    runId: mongoose.Types.ObjectId,
    versions: Awaited<ReturnType<StatisticsService['versionStatistics']>>,
    kind: RunKind,
    written: ReadonlyMap<string, VersionStatisticsSlot>,
  ): Promise<void> {
    const items = versions.flatMap((v) => {
      const slot = written.get(versionKey(v.itemId, v.version));
      const m = measuredOf(v.itemId, v.version, slot ? { ...v.statistics, [kind]: slot } : v.statistics);
      return m ? [m] : [];
    });
    await DifficultySnapshotModel.create({ releaseId, runId, items, createdAt: new Date() });
  }

  // ---- reading -----------------------------------------------------------------------

  /** The session a statistics page is about, if the caller may compute its statistics (else 404). */
  async sessionForPage(principal: Principal, sessionId: string): Promise<ExamSessionDoc> {
    const session = (await ExamSessionModel.findById(objectIdOr404(sessionId, 'session')).lean()) as ExamSessionDoc | null;
    if (!session || !decide(principal, 'statistics.compute', sessionTarget(session)).allowed) throw problems.notFound(zh('statistics.error.noSession'));
    return session;
  }

  async getRun(principal: Principal, runId: string): Promise<RunView & { items: StatisticsRunItem[] }> {
    const run = (await StatisticsRunModel.findById(objectIdOr404(runId, 'run')).lean()) as StatisticsRunDoc | null;
    if (!run || !(await this.mayRead(principal, run))) throw problems.notFound(zh('statistics.error.noRun'));
    return { ...runView(run), items: run.items ?? [] };
  }

  /** The latest run of a session or release, if any (for its page). */
  async latestRun(principal: Principal, kind: RunKind, targetId: string): Promise<(RunView & { items: StatisticsRunItem[] }) | undefined> {
    const run = (await StatisticsRunModel.findOne({ targetId: objectIdOr404(targetId, kind) }).sort({ startedAt: -1 }).lean()) as StatisticsRunDoc | null;
    if (!run || run.kind !== kind || !(await this.mayRead(principal, run))) return undefined;
    return { ...runView(run), items: run.items ?? [] };
  }

  private async mayRead(principal: Principal, run: Pick<StatisticsRunDoc, 'kind' | 'targetId' | 'bankId'>): Promise<boolean> {
    if (run.kind === 'session') {
      const session = (await ExamSessionModel.findById(run.targetId, { _id: 1, centreId: 1, occupationCode: 1 }).lean()) as ExamSessionDoc | null;
      return !!session && decide(principal, 'statistics.compute', sessionTarget(session)).allowed;
    }
    return this.bank.bankFor(principal, String(run.bankId), 'statistics.compute').then(
      () => true,
      () => false,
    );
  }

  /**
   * 可疑试题: the bank's items whose statistics (the release's where there are some, else the
   * latest session's) flag them, for the bank admin to review or retire. One indexed read of the
   * bank's approved versions and one of its items.
   */
  async dubiousItems(principal: Principal, bankId: string): Promise<{ bank: BankDoc; items: DubiousItemView[] }> {
    const bank = await this.bank.bankFor(principal, bankId, 'items.retire');
    const versions = (await ItemVersionModel.find({ bankId: bank._id, state: 'approved' }, { itemId: 1, version: 1, statistics: 1 }).lean()) as Array<Pick<ItemVersionDoc, 'itemId' | 'version' | 'statistics'>>;
    const flagged = versions.flatMap((v) => {
      const slot = v.statistics?.release ?? v.statistics?.session;
      return slot && slot.dubious.length ? [{ v, slot }] : [];
    });
    if (!flagged.length) return { bank, items: [] };
    const items = await ItemModel.find({ bankId: bank._id }, { _id: 1, code: 1, type: 1, retired: 1, approvedVersion: 1 }).lean();
    const byId = new Map(items.map((i) => [String(i._id), i]));
    const out: DubiousItemView[] = [];
    for (const { v, slot } of flagged) {
      const item = byId.get(String(v.itemId));
      if (!item || item.retired || item.approvedVersion !== v.version) continue;
      out.push({ itemId: String(v.itemId), code: item.code, type: item.type, version: v.version, basis: slot.basis, n: slot.n, facility: slot.facility, itemRest: slot.itemRest, upperLower: slot.upperLower, dubious: slot.dubious, rasch: slot.rasch ?? null, computedAt: new Date(slot.computedAt).toISOString() });
    }
    return { bank, items: out.sort((a, b) => a.code.localeCompare(b.code)) };
  }

  /** The latest difficulty snapshot of a release ('none' before any run measured it). */
  async currentDifficultySnapshot(releaseId: mongoose.Types.ObjectId): Promise<string> {
    const latest = await DifficultySnapshotModel.findOne({ releaseId }, { _id: 1 }).sort({ createdAt: -1 }).lean();
    return latest ? String(latest._id) : 'none';
  }

  async difficultySnapshot(id: string): Promise<DifficultySnapshotDoc | null> {
    return (await DifficultySnapshotModel.findById(id).lean()) as DifficultySnapshotDoc | null;
  }
}

export type StatisticsRunItem = VersionStatisticsSlot & { itemId: string; version: number; code: string; type: string };

function raschOf(records: ReturnType<typeof candidateRecords>['records'], keys: string[]): { result: RaschResult; index: Map<string, number> } {
  const index = new Map(keys.map((k, i) => [k, i]));
  let m = 0;
  for (const r of records) m += r.responses.length;
  const person = new Int32Array(m);
  const item = new Int32Array(m);
  const x = new Uint8Array(m);
  let at = 0;
  records.forEach((r, p) => {
    for (const response of r.responses) {
      person[at] = p;
      item[at] = index.get(response.item)!;
      x[at] = response.points >= response.max ? 1 : 0;
      at += 1;
    }
  });
  return { result: estimateRasch({ persons: records.length, items: keys.length, person, item, x }, { tolerance: RASCH_TOLERANCE }), index };
}

function slotOf(
  s: ItemStatistics,
  runId: string,
  basis: VersionStatisticsSlot['basis'],
  computedAt: Date,
  rasch: { result: RaschResult; index: Map<string, number> } | undefined,
): { key: [string, number]; value: VersionStatisticsSlot } {
  const at = s.item.lastIndexOf('@');
  const key: [string, number] = [s.item.slice(0, at), Number(s.item.slice(at + 1))];
  const value: VersionStatisticsSlot = {
    runId,
    basis,
    n: s.n,
    answered: s.answered,
    facility: s.facility,
    itemRest: s.itemRest,
    upperLower: s.upperLower,
    options: s.options,
    omitted: s.omitted,
    dubious: s.dubious,
    computedAt,
  };
  if (rasch) {
    const i = rasch.index.get(s.item)!;
    const estimated = rasch.result.status[i] === 'estimated';
    const difficulty = estimated ? rasch.result.difficulty[i]! : null;
    value.rasch = { status: rasch.result.status[i]!, difficulty, se: estimated ? rasch.result.se[i]! : null, facility: difficulty === null ? null : raschFacility(difficulty, rasch.result.meanAbility) };
  }
  return { key, value };
}
