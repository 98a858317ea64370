/**
 * Parse-only import benchmark: writes N items (default 50,000) as an .xlsx (streaming
 * WorkbookWriter) and as a JSON bank export (streaming writer) in a temp dir, then parses and
 * validates both as an import would, without a database. Each phase runs in its own process so
 * its peak RSS is its own. Prints one JSON line per phase:
 *   {"name","items","seconds","itemsPerSecond","peakRssMiB"}
 *
 *   npx tsx scripts/bench/import-parse.ts [--items 50000] [--dir /tmp/x] [--keep]
 *
 * The full import benchmark (`npm run bench:import`) extends this with the database commit.
 */
import { spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ItemContentSchema, type ItemContent, type ItemContentInput } from '../../server/bank/item-schema';
import type { Level } from '../../server/standards/schemas';
import type { BankExportItemInput } from '../../server/bank/interchange/bank-export-schema';
import { writeBankExport } from '../../server/bank/interchange/json-export';
import { readBankExport } from '../../server/bank/interchange/json-import';
import { writeItemsXlsx } from '../../server/bank/interchange/xlsx-export';
import { readItemRowsFromXlsx } from '../../server/bank/interchange/xlsx-import';

const PHASES = ['write-xlsx', 'write-json', 'parse-xlsx', 'parse-json'] as const;
type Phase = (typeof PHASES)[number];

interface Result {
  name: string;
  items: number;
  seconds: number;
  itemsPerSecond: number;
  peakRssMiB: number;
  fileMiB?: number;
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

// ---------------------------------------------------------------------------------------------
// Deterministic items of realistic size (electrician theory bank)

const PHRASES = [
  '三相异步电动机', '额定电流', '低压配电系统', '接地形式', '绝缘电阻', '兆欧表', '万用表', '交流接触器', '热继电器',
  '熔断器', '漏电保护器', '变压器', '功率因数', '有效值', '相位差', '星形联结', '三角形联结', '正反转控制', '电气原理图', '安全电压',
];
const LEVEL_SETS: Level[][] = [[5, 4], [5, 4, 3], [4, 3], [3, 2], [5]];

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Varied text (phrases and numbers), so shared strings do not collapse it. */
function sentence(next: () => number, words: number): string {
  let out = '';
  for (let i = 0; i < words; i++) {
    out += PHRASES[Math.floor(next() * PHRASES.length)]!;
    out += i % 3 === 2 ? `为 ${Math.floor(next() * 1000)} V，` : '的';
  }
  return out;
}

function benchItem(i: number): { code: string; content: ItemContent } {
  const next = rng(i + 1);
  const scope = ['BA', 'BB', 'CA', 'CB', 'DA'][i % 5]!;
  const pointCode = `${scope}${String(1 + (i % 40)).padStart(3, '0')}`;
  const common = {
    pointCode,
    levels: LEVEL_SETS[i % LEVEL_SETS.length]!,
    difficulty: 1 + (i % 5),
    stem: `<p>第 ${i + 1} 题：${sentence(next, 8)}下列说法正确的是（　　）。</p>`,
    explanation: `<p>${sentence(next, 5)}。</p>`,
    tags: ['基础知识', PHRASES[i % PHRASES.length]!],
  };
  const options = (n: number) => Array.from({ length: n }, (_, k) => ({ key: 'ABCDEFGH'[k] as 'A', html: `<p>${sentence(next, 2)}</p>` }));
  const kind = i % 20;
  let content: ItemContentInput;
  if (kind < 8) content = { ...common, type: 'single', estimatedSeconds: 60, options: options(4), answer: 'ABCD'[i % 4] as 'A', points: 1 };
  else if (kind < 15) content = { ...common, type: 'judge', estimatedSeconds: 30, stem: `<p>第 ${i + 1} 题：${sentence(next, 6)}。</p>`, answer: i % 2 === 0 };
  else if (kind < 19) content = { ...common, type: 'multiple', estimatedSeconds: 90, options: options(5), answer: ['A', 'C', 'D'], points: 2 };
  else {
    content = {
      ...common,
      type: 'short',
      estimatedSeconds: 600,
      referenceAnswer: `<p>${sentence(next, 12)}。</p>`,
      markingPoints: [
        { text: '写出计算公式', points: 4 },
        { text: '代入数据并得出结果', points: 6 },
      ],
      points: 10,
    };
  }
  // The point is fixed by i mod 40, so the serial i div 40 makes every code unique.
  return { code: `${pointCode}-${String(Math.floor(i / 40) + 1).padStart(4, '0')}`, content: ItemContentSchema.parse(content) };
}

function* benchItems(n: number): Generator<{ code: string; content: ItemContent }> {
  for (let i = 0; i < n; i++) yield benchItem(i);
}

const BANK = { code: 'BENCH-6-31-01-03', name: '电工基准测试题库', occupationCode: '6-31-01-03', standardEdition: '2018', tier: 'national' as const };

// ---------------------------------------------------------------------------------------------
// Phases (each in its own process)

async function runPhase(phase: Phase, dir: string, n: number): Promise<Result> {
  const xlsxPath = path.join(dir, 'items.xlsx');
  const jsonPath = path.join(dir, 'bank-export.json');
  const started = process.hrtime.bigint();
  let items = 0;
  let file: string | undefined;
  switch (phase) {
    case 'write-xlsx': {
      const summary = await writeItemsXlsx(benchItems(n), createWriteStream(xlsxPath));
      items = summary.rows;
      file = xlsxPath;
      break;
    }
    case 'write-json': {
      const entries = (function* (): Generator<BankExportItemInput> {
        for (const { code, content } of benchItems(n)) yield { code, status: 'approved', version: 1, content };
      })();
      items = (await writeBankExport({ bank: BANK, generator: 'bench' }, entries, createWriteStream(jsonPath))).items;
      file = jsonPath;
      break;
    }
    case 'parse-xlsx': {
      let errors = 0;
      for await (const row of readItemRowsFromXlsx(xlsxPath, { resolvePointLevels: () => [5, 4, 3, 2, 1] })) {
        if (row.item) items += 1;
        errors += row.errors.length;
      }
      if (errors) throw new Error(`${errors} errors while parsing the benchmark workbook`);
      break;
    }
    case 'parse-json': {
      const result = await readBankExport(jsonPath);
      if (!result.ok) throw new Error(`bank export has issues: ${JSON.stringify(result.issues.slice(0, 3))}`);
      items = result.items.length;
      break;
    }
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return {
    name: phase,
    items,
    seconds: Math.round(seconds * 100) / 100,
    itemsPerSecond: Math.round(items / seconds),
    // ru_maxrss is in KiB on Linux: the peak of this process alone.
    peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
    ...(file ? { fileMiB: Math.round((statSync(file).size / 1024 / 1024) * 10) / 10 } : {}),
  };
}

function runChild(phase: Phase, dir: string, n: number): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--phase', phase, '--dir', dir, '--items', String(n)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`phase ${phase} exited with ${code}`));
      const line = out.trim().split('\n').pop() ?? '';
      resolve(JSON.parse(line) as Result);
    });
  });
}

async function main(): Promise<void> {
  const n = Number(arg('items') ?? 50_000);
  const phase = arg('phase') as Phase | undefined;
  if (phase) {
    if (!PHASES.includes(phase)) throw new Error(`unknown phase ${phase}`);
    console.log(JSON.stringify(await runPhase(phase, arg('dir')!, n)));
    return;
  }
  const dir = arg('dir') ?? mkdtempSync(path.join(os.tmpdir(), 'bench-import-'));
  try {
    for (const p of PHASES) console.log(JSON.stringify(await runChild(p, dir, n)));
  } finally {
    if (!process.argv.includes('--keep') && !arg('dir')) rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
