/**
 * Benchmark of the pure paper-assembly engine on synthetic releases.
 *
 *   npx tsx scripts/bench/assembly-engine.ts [--sizes 20000,100000] [--papers 10000] [--functions 12]
 *
 * For each release size: generate a synthetic release (12 weight-table rows by default, enemy
 * groups inside points and across functions, varied exposure), build the pool index, then
 * assemble `papers` papers from a 100-item blueprint (判断 20 × 1 + 单选 80 × 1 over every row,
 * at least 25 X items among the 单选) with one seed each, timing every paper, and re-verify
 * every paper with checkPaper outside the timed section. Also times A/B parallel-form sets and a
 * technician blueprint with 多选. Prints one JSON line per measurement on stdout (a summary on
 * stderr). Exit code 1 if any paper fails verification or is not reproducible.
 *
 * `runEngineBench` is exported so a wider benchmark (e.g. against a per-cell database query)
 * can reuse the same releases and blueprints.
 */
import { isDeepStrictEqual } from 'node:util';
import {
  assemblePaper,
  assembleParallelForms,
  buildPoolIndex,
  checkFormsSet,
  checkPaper,
  planAssembly,
  type Blueprint,
  type PoolIndex,
} from '../../server/assembly/engine/index';
import { syntheticBlueprint, syntheticRelease, type SyntheticRelease } from '../../server/assembly/engine/synthetic';
import { arg, latencyStats, type LatencyStats } from './stats';

export interface BenchOptions {
  sizes: number[];
  papers: number;
  functions: number;
  formSets: number;
  log?: (line: Record<string, unknown>) => void;
}


const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

class MemoryPeak {
  rss = 0;
  heapUsed = 0;
  sample(): void {
    const m = process.memoryUsage();
    this.rss = Math.max(this.rss, m.rss);
    this.heapUsed = Math.max(this.heapUsed, m.heapUsed);
  }
}

export function mainBlueprint(release: SyntheticRelease): Blueprint {
  return syntheticBlueprint(
    release,
    3,
    [
      { type: 'judge', count: 20, pointsPerItem: 1, title: '判断题' },
      { type: 'single', count: 80, pointsPerItem: 1, title: '单项选择题' },
    ],
    { importanceMix: [{ section: 1, min: { X: 25 } }], totalMarks: 100 },
  );
}

export function technicianBlueprint(release: SyntheticRelease): Blueprint {
  return syntheticBlueprint(
    release,
    2,
    [
      { type: 'judge', count: 20, pointsPerItem: 1 },
      { type: 'single', count: 60, pointsPerItem: 1 },
      { type: 'multiple', count: 10, pointsPerItem: 2 },
    ],
    { totalMarks: 100 },
  );
}

function timePapers(index: PoolIndex, blueprint: Blueprint, count: number, seedPrefix: string, memory: MemoryPeak) {
  // Warm-up (plan compile, JIT), not counted.
  for (let s = 0; s < 200; s++) assemblePaper(index, blueprint, `warm-${seedPrefix}${s}`);
  const latencies: number[] = [];
  let violations = 0;
  const examples: string[] = [];
  const wallStart = performance.now();
  let assembleTotal = 0;
  for (let s = 0; s < count; s++) {
    const t0 = performance.now();
    const paper = assemblePaper(index, blueprint, `${seedPrefix}${s}`);
    const dt = performance.now() - t0;
    latencies.push(dt);
    assembleTotal += dt;
    // Verification is outside the timed section.
    const v = checkPaper(paper, index, blueprint);
    if (v.length) {
      violations += v.length;
      if (examples.length < 5) examples.push(...v.map((x) => x.message));
    }
    if (s % 500 === 0) memory.sample();
  }
  const wall = performance.now() - wallStart;
  return { latency: latencyStats(latencies), violations, examples, papersPerSecond: Math.round((count / assembleTotal) * 1000), wallPapersPerSecondWithVerify: Math.round((count / wall) * 1000) };
}

export function runEngineBench(options: BenchOptions): { ok: boolean; results: Record<string, unknown>[] } {
  const log = options.log ?? ((line) => process.stdout.write(`${JSON.stringify(line)}\n`));
  const results: Record<string, unknown>[] = [];
  const emit = (line: Record<string, unknown>) => {
    results.push(line);
    log(line);
  };
  let ok = true;
  for (const size of options.sizes) {
    const memory = new MemoryPeak();
    let t = performance.now();
    const release = syntheticRelease({ items: size, functions: options.functions, seed: `bench-${size}` });
    const generateMs = performance.now() - t;
    memory.sample();

    t = performance.now();
    const index = buildPoolIndex(release.items);
    const indexBuildMs = performance.now() - t;
    memory.sample();
    // A second build, as another instance would do from the same rows: same fingerprint.
    t = performance.now();
    const rebuilt = buildPoolIndex([...release.items].reverse());
    const indexRebuildMs = performance.now() - t;
    const sameFingerprint = rebuilt.fingerprint === index.fingerprint;
    ok &&= sameFingerprint;

    const blueprint = mainBlueprint(release);
    t = performance.now();
    const plan = planAssembly(index, blueprint);
    const planMs = performance.now() - t;
    const cellSizes = plan.cells.map((c) => c.pool.length);
    t = performance.now();
    assemblePaper(index, blueprint, 'first');
    const firstPaperMs = performance.now() - t;
    emit({
      bench: 'assembly-engine',
      phase: 'index',
      items: size,
      functions: release.functionWeights.length,
      enemyGroups: index.groupNames.size,
      itemsInEnemyGroups: release.items.filter((i) => i.enemyGroup !== undefined).length,
      generateMs: Math.round(generateMs),
      indexBuildMs: Math.round(indexBuildMs),
      indexRebuildMs: Math.round(indexRebuildMs),
      sameFingerprintOnRebuild: sameFingerprint,
      planMs: Math.round(planMs * 10) / 10,
      firstPaperMs: Math.round(firstPaperMs * 100) / 100,
      blueprintCells: plan.cells.length,
      cellPoolMin: Math.min(...cellSizes),
      cellPoolMax: Math.max(...cellSizes),
    });

    const main = timePapers(index, blueprint, options.papers, 'candidate-', memory);
    ok &&= main.violations === 0;
    // Reproducibility spot check: every 100th seed again, from the rebuilt index.
    let mismatches = 0;
    for (let s = 0; s < options.papers; s += 100) {
      const again = assemblePaper(rebuilt, blueprint, `candidate-${s}`);
      const first = assemblePaper(index, blueprint, `candidate-${s}`);
      if (!isDeepStrictEqual(again, first)) mismatches++;
    }
    ok &&= mismatches === 0;
    memory.sample();
    emit({
      bench: 'assembly-engine',
      phase: 'papers',
      items: size,
      blueprint: '判断20×1+单选80×1, X≥25 in 单选, level 3',
      papers: options.papers,
      papersPerSecond: main.papersPerSecond,
      wallPapersPerSecondWithVerify: main.wallPapersPerSecondWithVerify,
      latencyMs: main.latency,
      verified: options.papers,
      violations: main.violations,
      violationExamples: main.examples,
      reproducibilityMismatches: mismatches,
      peakRssMb: mb(memory.rss),
      peakHeapUsedMb: mb(memory.heapUsed),
    });

    const technician = technicianBlueprint(release);
    const tech = timePapers(index, technician, Math.max(1, Math.floor(options.papers / 5)), 'tech-', memory);
    ok &&= tech.violations === 0;
    emit({
      bench: 'assembly-engine',
      phase: 'papers',
      items: size,
      blueprint: '判断20×1+单选60×1+多选10×2, level 2',
      papers: Math.max(1, Math.floor(options.papers / 5)),
      papersPerSecond: tech.papersPerSecond,
      latencyMs: tech.latency,
      violations: tech.violations,
      violationExamples: tech.examples,
    });

    const formLatencies: number[] = [];
    let formProblems = 0;
    let maxGap = 0;
    for (let s = 0; s < options.formSets; s++) {
      const t0 = performance.now();
      const forms = assembleParallelForms(index, blueprint, `session-${s}`, { forms: 2 });
      formLatencies.push(performance.now() - t0);
      formProblems += checkFormsSet(forms, 0, 0.01).length + forms.reduce((a, f) => a + checkPaper(f, index, blueprint).length, 0);
      maxGap = Math.max(maxGap, Math.abs(forms[0]!.meanFacility - forms[1]!.meanFacility));
    }
    ok &&= formProblems === 0;
    memory.sample();
    emit({
      bench: 'assembly-engine',
      phase: 'parallel-forms',
      items: size,
      sets: options.formSets,
      forms: 2,
      maxSharedFraction: 0,
      latencyMs: latencyStats(formLatencies),
      maxFacilityGap: Math.round(maxGap * 1e6) / 1e6,
      problems: formProblems,
      peakRssMb: mb(memory.rss),
      peakHeapUsedMb: mb(memory.heapUsed),
    });
  }
  emit({ bench: 'assembly-engine', phase: 'process', maxRssMb: Math.round((process.resourceUsage().maxRSS / 1024) * 10) / 10, ok, node: process.version });
  return { ok, results };
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('assembly-engine.ts')) {
  const sizes = (arg('sizes') ?? '20000,100000').split(',').map(Number);
  const papers = Number(arg('papers') ?? 10_000);
  const functions = Number(arg('functions') ?? 12);
  const formSets = Number(arg('form-sets') ?? 500);
  const { ok, results } = runEngineBench({ sizes, papers, functions, formSets });
  for (const r of results.filter((x) => x.phase === 'papers')) {
    const l = r.latencyMs as LatencyStats;
    process.stderr.write(`${r.items} items · ${r.blueprint}: ${r.papersPerSecond} papers/s, p50 ${l.p50} ms, p99 ${l.p99} ms, max ${l.max} ms, violations ${r.violations}\n`);
  }
  process.stderr.write(ok ? 'assembly engine benchmark: ok\n' : 'assembly engine benchmark: FAILED (violations, mismatches or form problems above)\n');
  process.exitCode = ok ? 0 : 1;
}
