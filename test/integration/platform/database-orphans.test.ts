import { expect } from 'chai';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../../..');

/** Processes whose command line names `dir` (PostgreSQL's -D, FerretDB's --state-dir). */
function processesUsing(dir: string): string[] {
  const result = spawnSync('pgrep', ['-af', dir], { encoding: 'utf8' });
  return result.stdout.split('\n').filter((line) => line.trim() && !line.includes('pgrep') && !line.includes('hold-database'));
}

async function until(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return check();
}

describe('the embedded database dies with the process that started it', function () {
  this.timeout(120_000);

  for (const signal of ['SIGKILL', 'SIGINT'] as const) {
    it(`leaves no PostgreSQL or FerretDB process behind after ${signal}`, async () => {
      const dataDir = mkdtempSync(path.join(os.tmpdir(), 'skill-orphans-'));
      try {
        const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/hold-database.ts', dataDir], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
        const ready = await new Promise<string>((resolve, reject) => {
          let out = '';
          child.stdout.on('data', (chunk: Buffer) => {
            out += chunk.toString();
            if (out.includes('\n')) resolve(out.trim());
          });
          child.once('exit', (code) => reject(new Error(`holder exited early with ${code}`)));
        });
        expect(ready).to.equal('ready ferretdb-postgresql');
        expect(processesUsing(dataDir).length, 'postgres and ferretdb (and their watchdogs) run').to.be.at.least(2);
        child.kill(signal);
        expect(await until(() => processesUsing(dataDir).length === 0, 20_000), processesUsing(dataDir).join('\n')).to.equal(true);
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
      }
    });
  }
});
