/**
 * `npm run bench:import`: imports N items (default 50,000) into a real database, from an
 * .xlsx workbook and from a JSON bank export, through the same two-step import the API runs
 * (dry run, then commit). Prints one JSON line per phase:
 *   {"name","items","seconds","itemsPerSecond","peakRssMiB", …}
 * Each import runs in its own process, so its peak RSS is its own. Goal: 50k items in under
 * 60 s with peak memory under 1 GiB, streaming the xlsx. Other systems' formats: a GB18030
 * CSV and a Word paper of `--foreign-items` (default 10,000) items each; goal under 20 s.
 *
 *   npm run bench:import -- [--items 50000] [--foreign-items 10000]
 */
import { spawn } from 'node:child_process';
import { createWriteStream, copyFileSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import mongoose from 'mongoose';
import pino from 'pino';
import { writeItemsXlsx, writeBankExport, type BankExportItemInput } from '../../server/bank/interchange';
import { connectDatabase } from '../../server/platform/database';
import { createLogger } from '../../server/platform/logger';
import { StandardsService } from '../../server/standards/service';
import { BankService } from '../../server/bank/service';
import { TransferService } from '../../server/bank/transfer-service';
import { ItemModel, ItemVersionModel } from '../../server/bank/model';
import { SYSTEM_ACTOR } from '../../server/audit/service';
import type { Principal } from '../../server/platform/routing';
import { startDatabase } from '../db/launcher';
import { benchItems, benchStandard, BENCH_BANK } from './synthetic-bank';
import { arg, runBench } from './stats';
import { bulkCsv, bulkDocx } from './foreign-files';

const OCCUPATION = '6-31-01-03';

type BenchFormat = 'xlsx' | 'json' | 'csv' | 'docx';
const FORMATS: readonly BenchFormat[] = ['xlsx', 'json', 'csv', 'docx'];

async function importPhase(format: BenchFormat, file: string, n: number): Promise<Record<string, unknown>> {
  await connectDatabase({ uri: process.env.BENCH_MONGODB_URI!, dbName: `bench_import_${format}`, poolSize: 10, logger: createLogger('warn', pino.destination(2)) });
  const standards = new StandardsService();
  const bank = new BankService(standards);
  const transfer = new TransferService(bank);
  await standards.createOccupation({ code: OCCUPATION, name: '电工', classificationEdition: '2015' }, SYSTEM_ACTOR);
  await standards.createStandard(benchStandard(OCCUPATION), SYSTEM_ACTOR);
  const target = await bank.createBank({ code: `BENCH-${format}`, name: 'bench', tier: 'national', occupationCode: OCCUPATION, standardEdition: '2018' }, SYSTEM_ACTOR);
  const principal: Principal = { kind: 'staff', id: 'bench', displayName: 'bench', tokenVersion: 0, roles: [{ role: 'bank_admin', scope: { type: 'bank', id: target.id } }] };

  // dryRun removes the upload when done, as after an HTTP upload; give it a copy.
  const upload = `${file}.upload`;
  copyFileSync(file, upload);
  const started = process.hrtime.bigint();
  // Outside files carry no appraisal point: the import's default gives one.
  const foreign = format === 'csv' || format === 'docx' ? { defaults: { pointCode: [...benchItems(1)][0]!.content.pointCode } } : {};
  const dry = await transfer.dryRun(principal, target.id, { path: upload, originalName: path.basename(file) }, 'approved', SYSTEM_ACTOR, foreign);
  const dryDone = process.hrtime.bigint();
  if (!dry.canCommit) throw new Error(`dry run refused: ${JSON.stringify(dry.errors.slice(0, 3))}`);
  const done = await transfer.commit(principal, target.id, dry.jobId, SYSTEM_ACTOR);
  const finished = process.hrtime.bigint();
  const seconds = Number(finished - started) / 1e9;
  const stored = await ItemModel.countDocuments({ bankId: target.id });
  const versions = await ItemVersionModel.countDocuments({ bankId: target.id });
  await mongoose.connection.db!.dropDatabase();
  await mongoose.disconnect();
  if (stored !== n || versions !== n || done.result?.created !== n) throw new Error(`expected ${n} items, stored ${stored} items and ${versions} versions`);
  return {
    name: `import-${format}`,
    items: n,
    seconds: round(seconds),
    dryRunSeconds: round(Number(dryDone - started) / 1e9),
    commitSeconds: round(Number(finished - dryDone) / 1e9),
    itemsPerSecond: Math.round(n / seconds),
    peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
    fileMiB: round(statSync(file).size / 1024 / 1024),
    cores: os.availableParallelism(),
  };
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

function child(args: string[], env: NodeJS.ProcessEnv): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), ...args], { stdio: ['ignore', 'pipe', 'inherit'], env });
    let out = '';
    proc.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
    proc.on('error', reject);
    // The child's result is its one line with a `name`; its logs go to stderr.
    const result = () => out.split('\n').flatMap((line) => { try { const parsed = JSON.parse(line) as Record<string, unknown>; return parsed.name ? [parsed] : []; } catch { return []; } }).pop();
    proc.on('exit', (code) => {
      const line = result();
      if (code === 0 && line) resolve(line);
      else reject(new Error(`${args.join(' ')} exited with ${code}${line ? '' : ' and printed no result'}`));
    });
  });
}

async function main(): Promise<void> {
  const n = Number(arg('items') ?? 50_000);
  const foreignItems = Number(arg('foreign-items') ?? 10_000);
  const phase = FORMATS.find((f) => arg('phase') === `import-${f}`);
  if (phase) {
    console.log(JSON.stringify(await importPhase(phase, arg('file')!, n)));
    return;
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-import-db-'));
  const database = await startDatabase({ dataDir: dir, log: (l) => console.error(l) });
  try {
    const xlsx = path.join(dir, 'items.xlsx');
    const json = path.join(dir, 'bank-export.json');
    await writeItemsXlsx(benchItems(n), createWriteStream(xlsx));
    const entries = (function* (): Generator<BankExportItemInput> {
      for (const { code, content } of benchItems(n)) yield { code, status: 'approved', version: 1, content };
    })();
    await writeBankExport({ bank: BENCH_BANK, generator: 'bench' }, entries, createWriteStream(json));
    const env = { ...process.env, BENCH_MONGODB_URI: database.uri };
    console.log(JSON.stringify({ name: 'setup', items: n, database: database.kind, cores: os.availableParallelism() }));
    console.log(JSON.stringify(await child(['--phase', 'import-xlsx', '--file', xlsx, '--items', String(n)], env)));
    console.log(JSON.stringify(await child(['--phase', 'import-json', '--file', json, '--items', String(n)], env)));
    const csv = path.join(dir, 'items.csv');
    const docx = path.join(dir, 'paper.docx');
    writeFileSync(csv, bulkCsv(foreignItems));
    writeFileSync(docx, await bulkDocx(foreignItems));
    console.log(JSON.stringify(await child(['--phase', 'import-csv', '--file', csv, '--items', String(foreignItems)], env)));
    console.log(JSON.stringify(await child(['--phase', 'import-docx', '--file', docx, '--items', String(foreignItems)], env)));
  } finally {
    await database.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

runBench(main);
