/**
 * `npm run bench:grading`: score 10,000 submitted 100-item attempts, then compute item statistics
 * with Rasch difficulties over them, on the embedded database (FerretDB over PostgreSQL).
 *
 * Setup (not timed): a bank of 720 approved items in a release, a 100-item theory blueprint
 * (判断 20 × 1 + 单选 80 × 1), one published session, `--papers` papers drawn for it (一人一卷
 * from the real engine; each shared by candidates with their own option order), and `--attempts`
 * attempts whose answer sheets are filled (in the form a save stores) from a Rasch model (item difficulties and candidate
 * abilities drawn with a fixed seed; 5 % of answers left blank), inserted with insertMany, their
 * deadline passed and still `in_progress`.
 *
 * Timed, in one process:
 *   1. scoring — `DeliveryService.sweep()`, the path that ends and scores every attempt past its
 *      deadline: one indexed read of the open attempts, then per session and batch of 500 one
 *      insertMany of claims, the session's sheets in one indexed query, scoring through the
 *      question-type modules, guarded result updates 50 to a bulk write (4 in flight) and one audit
 *      entry per batch;
 *   2. statistics — a release run of `StatisticsService` (what the API route starts): per session
 *      one indexed query of its attempts and one of its sheets, classical statistics, KR-20 per
 *      paper, Rasch JML over the sparse matrix (tolerance 1e-5 logits, over-relaxed steps), each
 *      version's statistics slot written (50 to a bulk write, 4 in flight), and the difficulty snapshot.
 * Peak memory is the largest RSS and heap sampled every 100 ms during each phase.
 *
 *   npm run bench:grading -- [--attempts 10000] [--papers 200]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import { createApp } from '../../server/app';
import { loadConfig } from '../../server/config';
import { createLogger } from '../../server/platform/logger';
import { connectDatabase, disconnectDatabase } from '../../server/platform/database';
import { AnswerSheetModel, AttemptModel } from '../../server/delivery/model';
import { answerField } from '../../server/delivery/answer-record';
import { ExamSessionModel } from '../../server/sessions/model';
import { PaperModel } from '../../server/assembly/model';
import type { Principal } from '../../server/platform/routing';
import { SYSTEM_ACTOR } from '../../server/audit/service';
import { startDatabase } from '../db/launcher';
import { createExamWorld, scheduleSession } from '../../test/support/exam';
import { TEST_JWT_SECRET } from '../../test/support/app';
import { arg, cpuSecondsByCommand, cpuSince, emitLine, mebibytes, note, runBench } from './stats';

const ATTEMPTS = Number(arg('attempts') ?? 10_000);
const PAPERS = Number(arg('papers') ?? 200);
const SECRETS = { JWT_SECRET: TEST_JWT_SECRET, DATA_KEY: 'bench-data-key-bench-data-key-bench-data-0123' };

/** A small seeded generator (mulberry32), so that every run sits the same exam. */
function generator(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const normal = () => Math.sqrt(-2 * Math.log(next() + 1e-12)) * Math.cos(2 * Math.PI * next());
  return { next, normal };
}

/** Samples peak RSS and heap while `fn` runs. */
async function measured<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number; peakRssMiB: number; peakHeapMiB: number }> {
  let rss = process.memoryUsage().rss;
  let heap = process.memoryUsage().heapUsed;
  const timer = setInterval(() => {
    const m = process.memoryUsage();
    rss = Math.max(rss, m.rss);
    heap = Math.max(heap, m.heapUsed);
  }, 100);
  const started = performance.now();
  try {
    const value = await fn();
    return { value, ms: performance.now() - started, peakRssMiB: mebibytes(rss), peakHeapMiB: mebibytes(heap) };
  } finally {
    clearInterval(timer);
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-grading-'));
  const database = await startDatabase({ dataDir: dir, log: (l) => note(l) });
  try {
    await connectDatabase({ uri: database.uri, dbName: 'bench_grading', poolSize: 20, logger: createLogger('silent') });
    const config = { ...loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', ...SECRETS, BCRYPT_COST: '10' }), jwtSecret: SECRETS.JWT_SECRET, dataKey: SECRETS.DATA_KEY };
    const app = createApp({ config, logger: createLogger('silent') });

    // ---- setup (not timed) ---------------------------------------------------------------
    note('setup: bank, release, blueprint, session…');
    const world = await createExamWorld(app, 60, [
      { type: 'judge', count: 20, pointsPerItem: 1 },
      { type: 'single', count: 80, pointsPerItem: 1 },
    ]);
    const start = new Date(Date.now() + 3600_000);
    const session = await scheduleSession(app, world, { startsAt: start, endsAt: new Date(start.getTime() + 3 * 3600_000), count: 1, open: false, durationMinutes: 120 });
    const sessionDoc = (await ExamSessionModel.findById(session.id).lean())!;
    note(`setup: drawing ${PAPERS} papers…`);
    const paperIds = await app.assembly.drawForSession(
      { blueprintId: world.blueprintId, releaseId: String(sessionDoc.releaseId), sessionId: session.id, label: 'bench', seeds: Array.from({ length: PAPERS }, (_, i) => `bench-paper-${i}`), createdBy: { id: 'bench', name: 'bench' } },
      SYSTEM_ACTOR,
    );
    const papers = await Promise.all(paperIds.map((id) => PaperModel.findById(id).lean()));
    const pins = new Map<string, { itemId: string; version: number }>();
    for (const p of papers) for (const i of p!.paper.items) pins.set(i.itemId, { itemId: i.itemId, version: i.version });
    const contents = await app.bank.pinnedContents([...pins.values()]);
    const rng = generator(20261202);
    const difficulty = new Map([...pins.keys()].map((id) => [id, rng.normal()]));

    note(`setup: ${ATTEMPTS} attempts with filled answer sheets…`);
    const past = new Date(Date.now() - 60_000);
    for (let startAt = 0; startAt < ATTEMPTS; startAt += 500) {
      const attempts = [];
      const sheets = [];
      for (let n = startAt; n < Math.min(ATTEMPTS, startAt + 500); n++) {
        const _id = new mongoose.Types.ObjectId();
        const paper = papers[n % papers.length]!;
        const theta = rng.normal() + 0.4;
        const answers: Record<string, string> = {};
        paper.paper.items.forEach((item, position) => {
          if (rng.next() < 0.05) return;
          const content = contents.get(item.itemId) as unknown as { type: string; answer: unknown; options?: Array<{ key: string }> };
          const right = rng.next() < 1 / (1 + Math.exp(difficulty.get(item.itemId)! - theta));
          let v: unknown = content.answer;
          if (!right) v = content.type === 'judge' ? !content.answer : content.options!.map((o) => o.key).filter((k) => k !== content.answer)[Math.floor(rng.next() * 3)];
          answers[String(position)] = answerField({ v, s: position + 1, t: past });
        });
        attempts.push({ _id, sessionId: sessionDoc._id, centreId: sessionDoc.centreId, roomCode: '01', candidate: { admissionNo: `B${n}`, name: `考生${n}`, seat: n }, paperId: String(paper._id), optionSeed: `bench-${n}`, startedAt: new Date(past.getTime() - 7200_000), deadline: past, extensionSeconds: 0, status: 'in_progress', screenSwitches: 0, flagged: false });
        sheets.push({ _id, sessionId: sessionDoc._id, deadline: past, graceSeconds: 0, acceptUntil: past, closed: false, answers });
      }
      await AttemptModel.insertMany(attempts);
      await AnswerSheetModel.insertMany(sheets);
    }

    emitLine({ bench: 'grading', phase: 'machine', cores: os.cpus().length, loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100) });

    // ---- 1. scoring --------------------------------------------------------------------------
    note('timed: scoring (DeliveryService.sweep)…');
    let cpu = cpuSecondsByCommand();
    const scoring = await measured(() => app.delivery.sweep());
    const scoringCpu = cpuSince(cpu);
    // Counted by what is left open (indexed equality, no rows): counting the 10,000 scored
    // attempts themselves makes FerretDB decode every score and outlasts the socket timeout.
    const submitted = ATTEMPTS - (await AttemptModel.countDocuments({ status: 'in_progress' }));
    emitLine({ bench: 'grading', phase: 'scoring', path: 'DeliveryService.sweep (batches of 500: claims insertMany, sheets by session, score, guarded updates 50 to a bulk write with 4 in flight, one audit entry)', attempts: ATTEMPTS, itemsPerAttempt: 100, scored: scoring.value, submitted, ms: Math.round(scoring.ms), attemptsPerS: Math.round(ATTEMPTS / (scoring.ms / 1000)), peakRssMiB: scoring.peakRssMiB, peakHeapMiB: scoring.peakHeapMiB, cpuSeconds: scoringCpu });

    // ---- 2. statistics with Rasch ----------------------------------------------------------------
    note('timed: statistics of the release (with Rasch)…');
    const bankAdmin: Principal = { kind: 'staff', id: 'bench', displayName: 'bench', tokenVersion: 0, roles: [{ role: 'bank_admin', scope: { type: 'bank', id: world.bankId } }] };
    cpu = cpuSecondsByCommand();
    const stats = await measured(async () => {
      const run = await app.statistics.startReleaseRun(bankAdmin, world.bankId, String(sessionDoc.releaseId), SYSTEM_ACTOR);
      await app.statistics.active.get(run.id);
      return app.statistics.getRun(bankAdmin, run.id);
    });
    const run = stats.value;
    emitLine({ bench: 'grading', phase: 'statistics', status: run.status, error: run.error, candidates: run.summary?.candidates, items: run.summary?.items, papers: run.summary?.papers.length, rasch: run.summary?.rasch, ms: Math.round(stats.ms), attemptsPerS: Math.round(ATTEMPTS / (stats.ms / 1000)), peakRssMiB: stats.peakRssMiB, peakHeapMiB: stats.peakHeapMiB, cpuSeconds: cpuSince(cpu) });
    const total = scoring.ms + stats.ms;
    emitLine({ bench: 'grading', phase: 'whole run', attempts: ATTEMPTS, ms: Math.round(total), attemptsPerS: Math.round(ATTEMPTS / (total / 1000)), goalMs: 60_000, met: total < 60_000, scoringShare: Math.round((scoring.ms / total) * 100) / 100, loadAverageAfter: os.loadavg().map((l) => Math.round(l * 100) / 100) });
  } finally {
    await disconnectDatabase().catch(() => undefined);
    await database.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

runBench(main);
