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
import { benchItems, BENCH_BANK as BANK } from './synthetic-bank';
import type { BankExportItemInput } from '../../server/bank/interchange/bank-export-schema';
import { writeBankExport } from '../../server/bank/interchange/json-export';
import { readBankExport } from '../../server/bank/interchange/json-import';
import { writeItemsXlsx } from '../../server/bank/interchange/xlsx-export';
import { readItemRowsFromXlsx } from '../../server/bank/interchange/xlsx-import';
import { arg, runBench } from './stats';

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

runBench(main);
