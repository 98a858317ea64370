/**
 * `npm run bench:assembly`: the assembly engine on synthetic releases of 20,000 and 100,000
 * items (index build, papers/s, p50/p99 per paper, 10,000 papers each re-verified against the
 * blueprint, peak memory), then, in the same run, the naive method most exam systems use: for
 * every blueprint cell a filtered database query with random order and a limit, against the
 * same release stored in the real database. Prints JSON lines; the last ones give the ratio.
 *
 *   npm run bench:assembly -- [--sizes 20000,100000] [--papers 10000] [--naive-papers 5]
 */
import os from 'node:os';
import path from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import mongoose from 'mongoose';
import { buildPoolIndex, checkPaper, planAssembly, type Blueprint, type Paper, type PoolIndex } from '../../server/assembly/engine';
import { syntheticRelease } from '../../server/assembly/engine/synthetic';
import { startDatabase } from '../db/launcher';
import { runEngineBench, mainBlueprint } from './assembly-engine';
import { arg, emitLine, latencyStats, runBench } from './stats';

const sizes = (arg('sizes') ?? '20000,100000').split(',').map(Number);
const papers = Number(arg('papers') ?? 10_000);
const naivePapers = Number(arg('naive-papers') ?? 2);
const emit = emitLine;


/**
 * One paper the naive way: per cell, `$match` on type, weight row and level (all three
 * indexed, and on FerretDB over PostgreSQL served by its GIN indexes, level by array membership), `$sample` of the
 * cell's count (where the server lacks `$sample`, the filtered documents are fetched and shuffled
 * in the application: the same work a database does for ORDER BY RAND()). No enemy groups, no
 * difficulty band, no exposure — which is why such papers also fail the blueprint's rules.
 */
async function naivePaper(collection: mongoose.mongo.Collection, blueprint: Blueprint, index: PoolIndex, seed: number, useSample: boolean): Promise<Paper> {
  const items: Paper['items'] = [];
  let rng = seed;
  const random = () => ((rng = (rng * 1103515245 + 12345) >>> 0) / 2 ** 32);
  for (const cell of blueprint.cells) {
    const section = blueprint.sections[cell.section]!;
    const filter = { type: section.type, functionCode: cell.key, levels: blueprint.level };
    let docs: Array<Record<string, unknown>>;
    if (useSample) docs = await collection.aggregate([{ $match: filter }, { $sample: { size: cell.count } }]).toArray();
    else {
      const all = await collection.find(filter).toArray();
      for (let i = all.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [all[i], all[j]] = [all[j]!, all[i]!];
      }
      docs = all.slice(0, cell.count);
    }
    for (const doc of docs) {
      items.push({
        itemId: String(doc.itemId),
        version: doc.version as number,
        section: cell.section,
        type: section.type,
        optionPermutation: Array.from({ length: doc.optionCount as number }, (_, k) => k),
        points: section.pointsPerItem,
        dimension: cell.dimension,
        cellKey: cell.key,
        pointCode: doc.pointCode as string,
        functionCode: doc.functionCode as string,
        scopeCode: doc.scopeCode as string,
        importance: doc.importance as 'X',
        facility: doc.facility as number,
      });
    }
  }
  const total = items.reduce((a, i) => a + i.points, 0);
  return {
    algorithm: 'naive',
    seed: String(seed),
    level: blueprint.level,
    poolFingerprint: index.fingerprint,
    blueprintFingerprint: planAssembly(index, blueprint).fingerprint,
    items,
    meanFacility: items.reduce((a, i) => a + i.facility * i.points, 0) / total,
    totalPoints: total,
  };
}

async function main(): Promise<void> {
  const { ok, results } = runEngineBench({ sizes, papers, functions: 12, formSets: 100, log: emit });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-assembly-db-'));
  const database = await startDatabase({ dataDir: dir, log: (l) => process.stderr.write(`${l}\n`) });
  try {
    await mongoose.connect(database.uri, { dbName: 'bench_assembly' });
    for (const size of sizes) {
      const release = syntheticRelease({ items: size, functions: 12, seed: `bench-${size}` });
      const index = buildPoolIndex(release.items);
      const blueprint = mainBlueprint(release);
      const collection = mongoose.connection.collection(`naive_${size}`);
      await collection.createIndex({ type: 1, functionCode: 1, levels: 1 });
      let t = performance.now();
      for (let i = 0; i < release.items.length; i += 5000) {
        await collection.insertMany(release.items.slice(i, i + 5000).map((item) => ({ ...item, itemId: item.id, levels: [...item.levels] })), { ordered: false });
      }
      const loadMs = performance.now() - t;
      let useSample = true;
      try {
        await collection.aggregate([{ $match: { type: 'judge' } }, { $sample: { size: 1 } }]).toArray();
      } catch {
        useSample = false;
      }
      const latencies: number[] = [];
      let violatingPapers = 0;
      for (let s = 0; s < naivePapers; s++) {
        t = performance.now();
        const paper = await naivePaper(collection, blueprint, index, s + 1, useSample);
        latencies.push(performance.now() - t);
        if (checkPaper(paper, index, blueprint).length > 0) violatingPapers++;
      }
      const engine = results.find((r) => r.phase === 'papers' && r.items === size && String(r.blueprint).startsWith('判断20×1+单选80×1')) as { latencyMs: { p50: number; p99: number }; papersPerSecond: number } | undefined;
      const naive = latencyStats(latencies);
      const naiveP50 = naive.p50;
      emit({
        bench: 'assembly-naive-db',
        items: size,
        database: database.kind,
        method: useSample ? '$match + $sample per cell' : 'filtered find per cell, shuffled in the application ($sample unsupported)',
        loadMs: Math.round(loadMs),
        papers: naivePapers,
        latencyMs: { p50: naive.p50, p99: naive.p99, max: naive.max },
        papersPerSecond: Math.round((1000 / (latencies.reduce((a, b) => a + b, 0) / latencies.length)) * 1000) / 1000,
        papersViolatingBlueprint: violatingPapers,
      });
      if (engine) {
        emit({
          bench: 'assembly-ratio',
          items: size,
          engineP50Ms: engine.latencyMs.p50,
          naiveP50Ms: naiveP50,
          p50Ratio: Math.round(naiveP50 / engine.latencyMs.p50),
          throughputRatio: Math.round((engine.papersPerSecond / (1000 / naiveP50)) * 10) / 10,
        });
      }
      await collection.drop();
    }
  } finally {
    await mongoose.disconnect();
    await database.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  process.exitCode = ok ? 0 : 1;
}

runBench(main);
