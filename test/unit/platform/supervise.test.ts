import { expect } from 'chai';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { supervise } from '../../../scripts/supervise';

describe('npm start supervisor (scripts/supervise.ts)', function () {
  this.timeout(20_000);
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(os.tmpdir(), 'supervise-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('restarts a process that dies, logging why, until it exits cleanly', async () => {
    // Dies with an unhandled rejection twice, then exits 0.
    const script = path.join(dir, 'flaky.mjs');
    writeFileSync(
      script,
      `import { existsSync, writeFileSync } from 'node:fs';
const marks = [1, 2].map((n) => ${JSON.stringify(dir)} + '/run' + n);
const next = marks.find((m) => !existsSync(m));
if (next) { writeFileSync(next, ''); Promise.reject(new Error('boom')); } else process.exit(0);`,
    );
    const lines: string[] = [];
    const running = supervise({ command: process.execPath, args: [script], minDelayMs: 50, log: (l) => lines.push(l) });
    expect(await running.done).to.equal(0);
    expect(lines).to.have.length(2);
    expect(lines[0]).to.match(/exited with code 1.*restarting in/);
    expect(existsSync(path.join(dir, 'run2'))).to.equal(true);
  });

  it('does not restart after a configuration error (exit 2), and gives up after too many crashes', async () => {
    const bad = path.join(dir, 'bad.mjs');
    writeFileSync(bad, 'process.exit(2);');
    expect(await supervise({ command: process.execPath, args: [bad], minDelayMs: 10, log: () => undefined }).done).to.equal(2);
    const crash = path.join(dir, 'crash.mjs');
    writeFileSync(crash, 'process.kill(process.pid, "SIGKILL");');
    const lines: string[] = [];
    const code = await supervise({ command: process.execPath, args: [crash], minDelayMs: 10, maxRestarts: 2, log: (l) => lines.push(l) }).done;
    expect(code).to.equal(1);
    expect(lines.at(-1)).to.match(/killed by SIGKILL.*giving up/);
  });
});
