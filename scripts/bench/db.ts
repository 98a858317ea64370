/**
 * `npm run bench:db`: the floor that later benchmarks compare against. On every backend the
 * launcher can start here (FerretDB over PostgreSQL, FerretDB on SQLite), in one run, with
 * attempt-like documents (100 answer slots each) at 2,000 and 20,000 documents: p50/p99 of
 * findOne by `_id`, a guarded updateOne by `_id` (the shape of an answer save), an indexed
 * equality find, and insertOne. Prints JSON lines on stdout; logs go to stderr.
 *
 *   npm run bench:db -- [--sizes 2000,20000] [--backends postgresql,sqlite] [--samples 500]
 *                       [--budget-ms 20000]
 *
 * SQLite scans whole collections for every operation, so its sample count is bounded by a time
 * budget per operation (at least 3 samples); each line says how many samples it has.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import { startDatabase, type DatabaseHandle, type EmbeddedBackend } from '../db/launcher';
import { arg, emitLine, latencyStats, mebibytes, note, runBench } from './stats';

const { MongoClient, ObjectId } = mongoose.mongo;
type ObjectId = mongoose.mongo.ObjectId;
type Collection<T extends mongoose.mongo.Document> = mongoose.mongo.Collection<T>;

const sizes = (arg('sizes') ?? '2000,20000').split(',').map(Number);
const backends = (arg('backends') ?? 'postgresql,sqlite').split(',') as EmbeddedBackend[];
const maxSamples = Number(arg('samples') ?? 500);
const budgetMs = Number(arg('budget-ms') ?? 20_000);
const MIN_SAMPLES = 3;
const SLOTS = 100;

interface AttemptLike {
  _id: ObjectId;
  sessionId: ObjectId;
  candidateKey: string;
  status: 'in_progress' | 'submitted';
  deadline: Date;
  lastSeenAt: Date;
  answers: Array<{ position: number; value: string | null; seq: number; savedAt: Date | null }>;
}

function attempt(sessionId: ObjectId, key: string): AttemptLike {
  return {
    _id: new ObjectId(),
    sessionId,
    candidateKey: key,
    status: 'in_progress',
    deadline: new Date(Date.now() + 3 * 3600_000),
    lastSeenAt: new Date(),
    answers: Array.from({ length: SLOTS }, (_, position) => ({ position, value: null, seq: 0, savedAt: null })),
  };
}

/** Runs `op` up to maxSamples times or until the budget is spent (but at least MIN_SAMPLES). */
async function sample(op: (i: number) => Promise<unknown>): Promise<number[]> {
  const samples: number[] = [];
  const started = performance.now();
  for (let i = 0; i < maxSamples; i++) {
    if (i >= MIN_SAMPLES && performance.now() - started > budgetMs) break;
    const t = performance.now();
    await op(i);
    samples.push(performance.now() - t);
  }
  return samples;
}

async function fill(collection: Collection<AttemptLike>, sessionId: ObjectId, from: number, to: number): Promise<void> {
  for (let start = from; start < to; start += 500) {
    const batch = Array.from({ length: Math.min(500, to - start) }, (_, k) => attempt(sessionId, `c-${start + k}`));
    await collection.insertMany(batch, { ordered: false });
  }
}

async function benchBackend(backend: EmbeddedBackend): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), `bench-db-${backend}-`));
  let database: DatabaseHandle | undefined;
  try {
    database = await startDatabase({ dataDir: dir, backend, allowExternal: false, preferMongod: false, log: note });
    const client = await new MongoClient(database.uri, { maxPoolSize: 4 }).connect();
    try {
      const collection = client.db('bench_db').collection<AttemptLike>('attempts');
      await collection.createIndex({ candidateKey: 1 }, { unique: true });
      await collection.createIndex({ sessionId: 1 });
      const sessionId = new ObjectId();
      let count = 0;
      const ids: ObjectId[] = [];
      for (const size of sizes) {
        const fillStarted = performance.now();
        await fill(collection, sessionId, count, size);
        count = size;
        note(`${database.kind}: ${size} documents loaded in ${Math.round(performance.now() - fillStarted)} ms`);
        ids.length = 0;
        for await (const doc of collection.find({}, { projection: { _id: 1 } })) ids.push(doc._id);
        const pick = (i: number) => ids[(i * 7919) % ids.length]!;
        const report = (op: string, samples: number[]) => {
          const s = latencyStats(samples);
          emitLine({ bench: 'db', backend: database!.kind, documents: size, op, samples: s.n, p50Ms: s.p50, p99Ms: s.p99, maxMs: s.max, meanMs: s.mean });
        };
        report('findOne by _id', await sample((i) => collection.findOne({ _id: pick(i) })));
        report(
          'guarded updateOne by _id',
          await sample(async (i) => {
            const now = new Date();
            const position = i % SLOTS;
            const result = await collection.updateOne(
              { _id: pick(i), status: 'in_progress', deadline: { $gt: now } },
              { $set: { [`answers.${position}.value`]: `A${i % 4}`, [`answers.${position}.seq`]: i + 1, [`answers.${position}.savedAt`]: now, lastSeenAt: now } },
            );
            if (result.matchedCount !== 1) throw new Error('guarded update matched nothing');
          }),
        );
        report(
          'indexed equality find',
          await sample(async (i) => {
            const found = await collection.find({ candidateKey: `c-${(i * 7919) % size}` }).toArray();
            if (found.length !== 1) throw new Error('indexed find did not return one document');
          }),
        );
        let inserted = 0;
        report(
          'insertOne',
          await sample(async () => {
            await collection.insertOne(attempt(sessionId, `x-${inserted++}`));
          }),
        );
        // Keep the next size's count exact: remove what insertOne added.
        await collection.deleteMany({ candidateKey: { $gte: 'x-', $lt: 'x.' } });
      }
    } finally {
      await client.close();
    }
  } finally {
    await database?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  for (const backend of backends) await benchBackend(backend);
  emitLine({ bench: 'db', phase: 'process', maxRssMb: mebibytes(process.resourceUsage().maxRSS * 1024), node: process.version });
}

runBench(main);
