/**
 * Hostile-archive benchmark: time and peak RSS to refuse 2 GiB zip bombs through the real xlsx
 * reader (from a file on disk, as the import reads uploads). Each bomb runs in a process of its
 * own, so peak RSS is that refusal's. Prints one JSON line per bomb.
 *
 *   npm run bench:hostile-archive            (2 GiB; BOMB_GIB=4 for bigger)
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { hostileXlsx, type HostileKind } from './hostile-archives';
import { readItemRowsFromXlsx } from '../../server/bank/interchange/xlsx-import';
import { ArchiveLimitError } from '../../server/bank/interchange/archive-limits';

const KINDS: HostileKind[] = ['bomb', 'lying-bomb', 'shared-strings-bomb'];
const bytes = Number(process.env.BOMB_GIB ?? 2) * 1024 ** 3;
const MiB = (n: number) => Math.round((n / 1024 / 1024) * 10) / 10;

async function one(kind: HostileKind): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-bomb-'));
  try {
    const file = path.join(dir, `${kind}.xlsx`);
    writeFileSync(file, hostileXlsx(kind, bytes));
    const fileBytes = (await import('node:fs')).statSync(file).size;
    global.gc?.();
    const baseline = process.memoryUsage().rss;
    const started = performance.now();
    let refused: ArchiveLimitError | undefined;
    try {
      for await (const _row of readItemRowsFromXlsx(file, { resolvePointLevels: () => [5, 4, 3, 2, 1] })) {
        // rows of a bomb never arrive
      }
    } catch (error) {
      if (!(error instanceof ArchiveLimitError)) throw error;
      refused = error;
    }
    const ms = performance.now() - started;
    const peak = process.resourceUsage().maxRSS * 1024;
    console.log(
      JSON.stringify({
        bench: 'hostile-archive',
        kind,
        inflatesToGiB: bytes / 1024 ** 3,
        fileMiB: MiB(fileBytes),
        refused: Boolean(refused),
        limit: refused?.limit ?? null,
        ms: Math.round(ms),
        baselineRssMiB: MiB(baseline),
        peakRssMiB: MiB(peak),
        extraRssMiB: MiB(Math.max(0, peak - baseline)),
      }),
    );
    if (!refused) process.exitCode = 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const kindArg = process.argv.indexOf('--one');
if (kindArg > 0) {
  await one(process.argv[kindArg + 1] as HostileKind);
} else {
  const self = fileURLToPath(import.meta.url);
  let failed = false;
  for (const kind of KINDS) {
    const run = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', self, '--one', kind], { stdio: 'inherit', env: process.env });
    if (run.status !== 0) failed = true;
  }
  if (failed) process.exitCode = 1;
}
