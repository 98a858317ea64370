import mongoose from 'mongoose';
import { withAudit } from '../audit/intents';
import { SYSTEM_ACTOR } from '../audit/service';
import { findEach } from '../platform/find-each';
import { eachAtMost } from '../platform/each-at-most';
import { insertNew } from '../platform/insert-new';
import { BULK_WRITES_IN_FLIGHT, chunksOf, UPDATES_PER_BULK_WRITE } from '../platform/bulk-updates';
import type { AnyItemContent } from '../bank/render';
import type { AttemptLayout } from './layout';
import { scoreAttempt } from './scoring';
import { valuesOf } from './answer-record';
import { storedScore } from './score-record';
import { AnswerSheetModel, AttemptModel, ScoringClaimModel, type AnswerSheetDoc, type AttemptDoc, type AttemptScore } from './model';

/** Attempts claimed, scored, written and audited together. */
export const SWEEP_BATCH = 500;
/** Documents per getMore when reading a session's sheets. */
export const READ_BATCH = 500;
/** A claim older than this whose attempt is still in progress belonged to a sweep that died. */
export const CLAIM_LEASE_MS = 5 * 60_000;

type SheetAnswers = Pick<AnswerSheetDoc, '_id' | 'acceptUntil' | 'closed' | 'answers'>;

export interface SweepScoring {
  /** What scoring reads of the attempt's paper (the same for every candidate of a paper). */
  layout(attempt: AttemptDoc): Promise<AttemptLayout>;
  /** Reads the papers (a few at a time) and their item versions into memory ahead of scoring. */
  warm(paperIds: readonly string[]): Promise<unknown>;
  contentsOf(positions: AttemptLayout['positions']): Promise<ReadonlyMap<string, AnyItemContent>>;
}

/**
 * The deadline sweep's finishing path, in batches: for each session's due attempts, per batch of
 * a few hundred, one insertMany of claims (the unique `_id` gives each attempt to exactly one
 * sweep); then the session's sheets stream in from one indexed query, and each few hundred that
 * arrived are scored and written while the next are read: one guarded update by `_id` per
 * result, 50 to a bulk write and 4 writes in flight (each 50 scored just before their write, so
 * scoring too runs while the database writes) and one audit entry per batch listing the attempts scored.
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
  for (const batch of chunksOf(due, SWEEP_BATCH)) claimed.push(...(await claim(batch, token, now)));
  if (!claimed.length) return 0;
  let finished = 0;
  // The batch being scored and written; the first waits for the papers, read while sheets arrive.
  let writing: Promise<unknown> = scoring.warm([...new Set(claimed.map((a) => a.paperId))]);
  let attempts: AttemptDoc[] = [];
  let sheets = new Map<string, SheetAnswers>();
  const flush = async () => {
    const batch = { attempts, sheets };
    attempts = [];
    sheets = new Map();
    await writing;
    writing = finishBatch(scoring, sessionId, batch.attempts, batch.sheets, token, now, label).then((n) => void (finished += n));
    // Observed by the next flush or the end; until then a failure must not count as unhandled.
    writing.catch(() => undefined);
  };
  const waiting = new Map(claimed.map((a) => [String(a._id), a]));
  for await (const sheet of sheetsOf(sessionId)) {
    const attempt = waiting.get(String(sheet._id));
    if (!attempt) continue;
    waiting.delete(String(sheet._id));
    attempts.push(attempt);
    sheets.set(String(sheet._id), sheet);
    if (attempts.length >= SWEEP_BATCH) await flush();
  }
  // Sheets written before sheets named their session, read by `_id` (an attempt without any sheet is scored with no answers).
  const rest = [...waiting.values()];
  const byId = await findEach(AnswerSheetModel, rest.map((a) => ({ _id: a._id })), { projection: { acceptUntil: 1, closed: 1, answers: 1 }, concurrency: 16 });
  for (const [i, attempt] of rest.entries()) {
    attempts.push(attempt);
    const sheet = byId[i] as SheetAnswers | null | undefined;
    if (sheet) sheets.set(String(sheet._id), sheet);
    if (attempts.length >= SWEEP_BATCH) await flush();
  }
  if (attempts.length) await flush();
  await writing;
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

/** The session's sheets as they arrive, from one indexed query in getMore batches of READ_BATCH (one batch of thousands would outlast the socket timeout on FerretDB). */
function sheetsOf(sessionId: mongoose.Types.ObjectId): AsyncIterable<SheetAnswers> {
  return AnswerSheetModel.find({ sessionId }, { acceptUntil: 1, closed: 1, answers: 1 }).batchSize(READ_BATCH).lean<SheetAnswers[]>().cursor() as AsyncIterable<SheetAnswers>;
}

async function finishBatch(scoring: SweepScoring, sessionId: mongoose.Types.ObjectId, attempts: readonly AttemptDoc[], sheets: ReadonlyMap<string, SheetAnswers>, token: string, now: Date, label: string): Promise<number> {
  const batch = new mongoose.Types.ObjectId().toHexString();
  const ready: AttemptDoc[] = [];
  const notYet: AttemptDoc[] = [];
  for (const attempt of attempts) {
    const sheet = sheets.get(String(attempt._id));
    // A sheet still open to saves (an extension moved it after the attempt was read) waits.
    if (sheet && !sheet.closed && sheet.acceptUntil.getTime() >= now.getTime()) notYet.push(attempt);
    else ready.push(attempt);
  }
  const intent = {
    action: 'attempt.submit.batch',
    target: { type: 'session', id: String(sessionId), label },
    details: { reason: 'deadline', batch, claimed: ready.map((a) => String(a._id)) },
    probe: { collection: AttemptModel.collection.name, filter: { sweepBatch: batch } },
  };
  const written = ready.length
    ? await withAudit(
        SYSTEM_ACTOR,
        intent,
        () => scoreAndWrite(scoring, ready, sheets, batch, now),
        (ours) => (ours.length ? { action: intent.action, target: intent.target, details: { reason: 'deadline', batch, count: ours.length, attempts: ours.map((r) => ({ id: String(r.attempt._id), total: r.score.total, answered: r.score.answered })) } } : undefined),
      )
    : [];
  // Whatever was not written here (an extension, or the candidate's own submit, came first) is free again.
  const ours = new Set(written.map((r) => String(r.attempt._id)));
  const release = [...notYet, ...ready.filter((a) => !ours.has(String(a._id)))];
  await eachAtMost(8, release, async (a) => void (await ScoringClaimModel.deleteOne({ _id: a._id, batch: token })));
  return written.length;
}

/**
 * Scores the attempts and writes their results: per {@link UPDATES_PER_BULK_WRITE} attempts, one
 * unordered bulk write of guarded updates by `_id`, {@link BULK_WRITES_IN_FLIGHT} of them at once, so
 * that the next are scored while the database works. One update command of many statements costs
 * the database about a third less than the same updates sent one by one, and the app's driver a
 * third of it (FerretDB patch 0004 made such commands safe: before it they held a connection per
 * statement and stalled). Each statement keeps its own guard: the status and the deadline the
 * sweep saw, so an extension or the candidate's own 交卷 that landed first is never overwritten.
 * Returns the results that landed: all of a command's when it matched them all, else those the
 * database shows with this batch's mark.
 */
async function scoreAndWrite(scoring: SweepScoring, attempts: readonly AttemptDoc[], sheets: ReadonlyMap<string, SheetAnswers>, batch: string, now: Date): Promise<Array<{ attempt: AttemptDoc; score: AttemptScore }>> {
  const landed: Array<{ attempt: AttemptDoc; score: AttemptScore }> = [];
  await eachAtMost(BULK_WRITES_IN_FLIGHT, chunksOf(attempts, UPDATES_PER_BULK_WRITE), async (chunk) => {
    const scored: Array<{ attempt: AttemptDoc; score: AttemptScore }> = [];
    for (const attempt of chunk) {
      const layout = await scoring.layout(attempt);
      scored.push({ attempt, score: scoreAttempt(layout, await scoring.contentsOf(layout.positions), valuesOf(sheets.get(String(attempt._id))?.answers), now) });
    }
    const result = await AttemptModel.collection.bulkWrite(
      scored.map(({ attempt, score }) => ({
        updateOne: { filter: { _id: attempt._id, status: 'in_progress', deadline: attempt.deadline }, update: { $set: { status: 'submitted', endedAt: now, endReason: 'deadline', score: storedScore(score), sweepBatch: batch } } },
      })),
      { ordered: false },
    );
    if (result.matchedCount === scored.length) return void landed.push(...scored);
    // Some were ended first by someone else: ours are those carrying this batch's mark.
    const marks = await findEach(AttemptModel, scored.map(({ attempt }) => ({ _id: attempt._id })), { projection: { sweepBatch: 1 }, concurrency: 8 });
    scored.forEach((r, i) => {
      if ((marks[i] as { sweepBatch?: string } | null | undefined)?.sweepBatch === batch) landed.push(r);
    });
  });
  return landed;
}
