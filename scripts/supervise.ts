/**
 * `npm start` runs scripts/start.ts under this supervisor: if the process dies (a crash, an
 * unhandled rejection, an out-of-memory kill), it is started again after a back-off, and the
 * supervisor logs why it died. Ctrl-C / SIGTERM go to the child, and a clean exit (0) or a
 * configuration error (exit 2) ends the supervisor too. Production runs the server under its
 * own process manager instead (see README, Operations).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface SuperviseOptions {
  command: string;
  args: string[];
  /** Exit codes that mean "do not restart" (clean exit, bad configuration). */
  finalCodes?: number[];
  /** Back-off after a crash: doubles from `minDelayMs` up to `maxDelayMs`; resets after `stableMs` up. */
  minDelayMs?: number;
  maxDelayMs?: number;
  stableMs?: number;
  /** Give up after this many crashes in a row without a stable run. */
  maxRestarts?: number;
  log?: (line: string) => void;
  env?: NodeJS.ProcessEnv;
}

/** Runs the command until it exits with a final code (or is stopped); resolves with that code. */
export function supervise(options: SuperviseOptions): { done: Promise<number>; stop: (signal?: NodeJS.Signals) => void } {
  const finalCodes = options.finalCodes ?? [0, 2];
  const minDelay = options.minDelayMs ?? 1000;
  const maxDelay = options.maxDelayMs ?? 30_000;
  const stableMs = options.stableMs ?? 60_000;
  const maxRestarts = options.maxRestarts ?? 20;
  const log = options.log ?? ((line: string) => console.error(line));
  let child: ChildProcess | undefined;
  let stopping = false;
  let crashes = 0;
  let timer: NodeJS.Timeout | undefined;
  let resolveDone!: (code: number) => void;
  const done = new Promise<number>((resolve) => (resolveDone = resolve));

  const start = () => {
    const startedAt = Date.now();
    child = spawn(options.command, options.args, { stdio: 'inherit', env: options.env ?? process.env });
    child.once('exit', (code, signal) => {
      child = undefined;
      if (stopping) return resolveDone(code ?? 0);
      if (code !== null && finalCodes.includes(code)) return resolveDone(code);
      if (Date.now() - startedAt >= stableMs) crashes = 0;
      crashes += 1;
      const why = signal ? `killed by ${signal}` : `exited with code ${code}`;
      if (crashes > maxRestarts) {
        log(`[supervisor] the server ${why}; ${crashes - 1} restarts in a row did not hold — giving up`);
        return resolveDone(code ?? 1);
      }
      const delay = Math.min(maxDelay, minDelay * 2 ** (crashes - 1));
      log(`[supervisor] the server ${why} (see the log above for the cause); restarting in ${Math.round(delay / 100) / 10} s (restart ${crashes})`);
      timer = setTimeout(start, delay);
    });
  };
  start();
  const stop = (signal: NodeJS.Signals = 'SIGTERM') => {
    stopping = true;
    if (timer) clearTimeout(timer);
    if (!child) return resolveDone(0);
    // Ctrl-C reaches the child from the terminal already (same process group): a second SIGINT
    // would cut its graceful shutdown short, so it only gets a SIGTERM if it is still up later.
    if (signal === 'SIGINT') setTimeout(() => child?.kill('SIGTERM'), 1500).unref();
    else child.kill(signal);
  };
  return { done, stop };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const target = process.argv[2] ?? path.join(root, 'scripts', 'start.ts');
  const running = supervise({ command: process.execPath, args: ['--import', 'tsx', target, ...process.argv.slice(3)] });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => running.stop(signal));
  running.done.then((code) => process.exit(code));
}
