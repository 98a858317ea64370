import mongoose from 'mongoose';
import { withAudit } from '../audit/intents';
import { SYSTEM_ACTOR } from '../audit/service';
import { findEach } from '../platform/find-each';
import { eachAtMost } from '../platform/each-at-most';
import { insertNew } from '../platform/insert-new';
import type { AnyItemContent } from '../bank/render';
import type { AttemptLayout } from './layout';
import { scoreAttempt } from './scoring';
import { AnswerSheetModel, AttemptModel, ScoringClaimModel, type AnswerSheetDoc, type AttemptDoc, type AttemptScore } from './model';

/** Attempts claimed, scored, written and audited together. */
export const SWEEP_BATCH = 500;
/** Documents per getMore when reading a session's sheets. */
export const READ_BATCH = 500;
/** Guarded result writes in flight. */
const WRITES_IN_FLIGHT = 16;
/** A claim older than this whose attempt is still in progress belonged to a sweep that died. */
export const CLAIM_LEASE_MS = 5 * 60_000;

type SheetAnswers = Pick<AnswerSheetDoc, '_id' | 'acceptUntil' | 'closed' | 'answers'>;

export interface SweepScoring {
  layout(attempt: AttemptDoc): Promise<AttemptLayout>;
  contentsOf(positions: AttemptLayout['positions']): Promise<ReadonlyMap<string, AnyItemContent>>;
}

/**
 * The deadline sweep's finishing path, in batches: for each session's due attempts, per batch of
 * a few hundred, one insertMany of claims (the unique `_id` gives each attempt to exactly one
 * sweep), the session's sheets read in one indexed query, scoring in memory, one guarded update
 * by `_id` per result (16 in flight), and one audit entry listing the attempts scored.
 *
 * No sheet is closed: a due attempt is past its sheet's `acceptUntil`, and every save is refused
 * past it in the same guarded update that would store it; the sweep checks that bound on
 * each sheet it read before scoring. The result write is guarded by the status and the deadline
 * the sweep saw, so an extension or a candidate's own 交卷 that landed first is never overwritten.
 */
export async function finishDue(scoring: SweepScoring, sessionId: mongoose.Types.ObjectId, due: readonly AttemptDoc[], now: Date, label: string): Promise<number> {
  // This sweep's claims carry one token: it releases only its own.
  const token = new mongoose.Types.ObjectId().toHexString();
  const claimed: AttemptDoc[] = [];
  for (let start = 0; start < due.length; start += SWEEP_BATCH) claimed.push(...(await claim(due.slice(start, start + SWEEP_BATCH), token, now)));
  if (!claimed.length) return 0;
  const sheets = await sheetsOf(sessionId, claimed);
  let finished = 0;
  for (let start = 0; start < claimed.length; start += SWEEP_BATCH) finished += await finishBatch(scoring, sessionId, claimed.slice(start, start + SWEEP_BATCH), sheets, token, now, label);
  return finished;
}

/** Claims the attempts in one insert; returns those this sweep now holds (taking over stale claims). */
async function claim(attempts: readonly AttemptDoc[], batch: string, now: Date): Promise<AttemptDoc[]> {
  const existed = await insertNew(ScoringClaimModel.collection, attempts.map((a) => ({ _id: a._id, batch, at: now })));
  const held = attempts.filter((_, i) => !existed.has(i));
  const taken = attempts.filter((_, i) => existed.has(i));
  if (!taken.length) return held;
  const claims = await findEach(ScoringClaimModel, taken.map((a) => ({ _id: a._id })));
  for (const [i, attempt] of taken.entries()) {
    const old = claims[i];
    if (old && old.at.getTime() >= now.getTime() - CLAIM_LEASE_MS) continue;
    // Released since, or left by a sweep that died: deleted only if still that claim, then raced for again.
    if (old) await ScoringClaimModel.deleteOne({ _id: attempt._id, batch: old.batch });
    const again = await insertNew(ScoringClaimModel.collection, [{ _id: attempt._id, batch, at: now }]);
    if (!again.size) held.push(attempt);
  }
  return held;
}

/** The answers of the attempts: one indexed query for the session, by `_id` for sheets written before sheets named their session. */
async function sheetsOf(sessionId: mongoose.Types.ObjectId, attempts: readonly AttemptDoc[]): Promise<Map<string, SheetAnswers>> {
  // In getMore batches of READ_BATCH: one batch of a session's thousands of sheets would outlast the socket timeout on FerretDB.
  const found = (await AnswerSheetModel.find({ sessionId }, { acceptUntil: 1, closed: 1, answers: 1 }).batchSize(READ_BATCH).lean()) as SheetAnswers[];
  const sheets = new Map(found.map((s) => [String(s._id), s]));
  const missing = attempts.filter((a) => !sheets.has(String(a._id)));
  if (missing.length) {
    const byId = await findEach(AnswerSheetModel, missing.map((a) => ({ _id: a._id })), { projection: { acceptUntil: 1, closed: 1, answers: 1 }, concurrency: 16 });
    for (const sheet of byId) if (sheet) sheets.set(String(sheet._id), sheet as SheetAnswers);
  }
  return sheets;
}

async function finishBatch(scoring: SweepScoring, sessionId: mongoose.Types.ObjectId, attempts: readonly AttemptDoc[], sheets: ReadonlyMap<string, SheetAnswers>, token: string, now: Date, label: string): Promise<number> {
  const batch = new mongoose.Types.ObjectId().toHexString();
  const ready: Array<{ attempt: AttemptDoc; score: AttemptScore }> = [];
  const notYet: AttemptDoc[] = [];
  for (const attempt of attempts) {
    const sheet = sheets.get(String(attempt._id));
    // A sheet still open to saves (an extension moved it after the attempt was read) waits.
    if (sheet && !sheet.closed && sheet.acceptUntil.getTime() >= now.getTime()) {
      notYet.push(attempt);
      continue;
    }
    const layout = await scoring.layout(attempt);
    const contents = await scoring.contentsOf(layout.positions);
    const answers = new Map(Object.entries(sheet?.answers ?? {}).map(([p, a]) => [Number(p), a.v]));
    ready.push({ attempt, score: scoreAttempt(layout, contents, answers, now) });
  }
  const intent = {
    action: 'attempt.submit.batch',
    target: { type: 'session', id: String(sessionId), label },
    details: { reason: 'deadline', batch, claimed: ready.map((r) => String(r.attempt._id)) },
    probe: { collection: AttemptModel.collection.name, filter: { sweepBatch: batch } },
  };
  const written = ready.length
    ? await withAudit(
        SYSTEM_ACTOR,
        intent,
        () => writeResults(ready, batch, now),
        (ours) => (ours.length ? { action: intent.action, target: intent.target, details: { reason: 'deadline', batch, count: ours.length, attempts: ours.map((r) => ({ id: String(r.attempt._id), total: r.score.total, answered: r.score.answered })) } } : undefined),
      )
    : [];
  // Whatever was not written here (an extension, or the candidate's own submit, came first) is free again.
  const ours = new Set(written.map((r) => String(r.attempt._id)));
  const release = [...notYet, ...ready.filter((r) => !ours.has(String(r.attempt._id))).map((r) => r.attempt)];
  await eachAtMost(8, release, async (a) => void (await ScoringClaimModel.deleteOne({ _id: a._id, batch: token })));
  return written.length;
}

/**
 * The guarded result writes, WRITES_IN_FLIGHT at once, one update by `_id` each. Not bulkWrite:
 * FerretDB v1 runs an update command's statements one after another and slower than single
 * updates (10 statements took 409 ms against ~20 ms for one; 50 did not finish in 30 s).
 * Returns the results that landed.
 */
async function writeResults(ready: ReadonlyArray<{ attempt: AttemptDoc; score: AttemptScore }>, batch: string, now: Date): Promise<Array<{ attempt: AttemptDoc; score: AttemptScore }>> {
  const landed = new Array<boolean>(ready.length).fill(false);
  await eachAtMost(WRITES_IN_FLIGHT, [...ready.keys()], async (i) => {
    const { attempt, score } = ready[i]!;
    const result = await AttemptModel.collection.updateOne({ _id: attempt._id, status: 'in_progress', deadline: attempt.deadline }, { $set: { status: 'submitted', endedAt: now, endReason: 'deadline', score, sweepBatch: batch } });
    landed[i] = result.matchedCount === 1;
  });
  return ready.filter((_, i) => landed[i]);
}
