/**
 * `npm run bench:stored-forms`: what the stored form of a score and of an answer sheet costs on
 * the embedded database (FerretDB over PostgreSQL), which converts every stored value between
 * BSON and JSONB one at a time. For each form, `--docs` documents (default 2,000) are inserted
 * small, then each is given its payload by one update by `_id` (16 in flight, as the sweep and
 * the saves write), then all are read back with one indexed query (getMore batches of 500, as the
 * sweep and the statistics read).
 *
 * Forms:
 *   - score-subdocuments: a score's 100 positions as sub-documents of 8 fields (the old form);
 *   - score-packed: the same rows as one JSON string of tuples (`storedScore`, score-record.ts);
 *   - sheet-objects: 100 answers as `{v, s, t}` objects (the old form);
 *   - sheet-strings: 100 answers as one string each (`answerField`, answer-record.ts).
 *
 *   npm run bench:stored-forms -- [--docs 2000]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import { startDatabase } from '../db/launcher';
import { answerField } from '../../server/delivery/answer-record';
import { storedScore } from '../../server/delivery/score-record';
import type { AttemptScore, ScoredPosition } from '../../server/delivery/model';
import { arg, emitLine, note, runBench } from './stats';

const DOCS = Number(arg('docs') ?? 2_000);
const IN_FLIGHT = 16;

function positions(): ScoredPosition[] {
  return Array.from({ length: 100 }, (_, i) => ({ position: i, itemId: new mongoose.Types.ObjectId().toHexString(), version: 1, type: i < 20 ? 'judge' : 'single', section: i < 20 ? 1 : 2, status: 'scored', points: i % 3 ? 1 : 0, max: 1, answer: i < 20 ? true : 'ABCD'[i % 4] }));
}

function score(): AttemptScore {
  return { total: 67, max: 100, sections: [{ section: 1, title: '判断题', points: 13, max: 20 }, { section: 2, title: '单项选择题', points: 54, max: 80 }], items: positions(), needsMarking: 0, answered: 100, scoredAt: new Date() };
}

const answer = (i: number) => ({ v: i < 20 ? true : 'ABCD'[i % 4], s: 1000 + i, t: new Date() });

const FORMS: Record<string, () => unknown> = {
  'score-subdocuments': () => score(),
  'score-packed': () => storedScore(score()),
  'sheet-objects': () => Object.fromEntries(Array.from({ length: 100 }, (_, i) => [String(i), answer(i)])),
  'sheet-strings': () => Object.fromEntries(Array.from({ length: 100 }, (_, i) => [String(i), answerField(answer(i))])),
};

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-forms-'));
  const database = await startDatabase({ dataDir: dir, log: (l) => note(l) });
  const connection = await mongoose.createConnection(database.uri, { dbName: 'bench_forms', maxPoolSize: 20 }).asPromise();
  try {
    emitLine({ bench: 'stored-forms', phase: 'machine', cores: os.cpus().length, loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100), docs: DOCS });
    for (const [form, payload] of Object.entries(FORMS)) {
      const collection = connection.collection(`forms_${form}`);
      await collection.createIndex({ sessionId: 1 });
      const sessionId = new mongoose.Types.ObjectId();
      const ids = Array.from({ length: DOCS }, () => new mongoose.Types.ObjectId());
      for (let i = 0; i < DOCS; i += 500) await collection.insertMany(ids.slice(i, i + 500).map((_id) => ({ _id, sessionId, closed: false })));
      const payloads = ids.map(() => payload());
      let next = 0;
      let started = performance.now();
      await Promise.all(
        Array.from({ length: IN_FLIGHT }, async () => {
          while (next < DOCS) {
            const i = next++;
            await collection.updateOne({ _id: ids[i] }, { $set: { payload: payloads[i] } });
          }
        }),
      );
      const writeMs = performance.now() - started;
      started = performance.now();
      const read = await collection.find({ sessionId }).batchSize(500).toArray();
      const readMs = performance.now() - started;
      emitLine({ bench: 'stored-forms', form, docs: read.length, payloadBytes: JSON.stringify(payloads[0]).length, writeMs: Math.round(writeMs), writeMsPerDoc: Math.round((writeMs / DOCS) * 100) / 100, readMs: Math.round(readMs), readMsPerDoc: Math.round((readMs / DOCS) * 1000) / 1000 });
    }
  } finally {
    await connection.close();
    await database.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

runBench(main);
