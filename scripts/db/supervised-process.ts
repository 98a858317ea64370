// A database server process run under the watchdog, so it stops when we do (see watchdog.mjs).
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import path from 'node:path';

const WATCHDOG = path.join(import.meta.dirname, 'watchdog.mjs');

export interface SupervisedProcess {
  /** Resolves with the exit code once the server (and its watchdog) has exited. */
  exited: Promise<number | null>;
  /** Has it exited already? */
  hasExited(): boolean;
  /** Stops the server cleanly (its stop signal, then SIGKILL after 10 s); idempotent. */
  stop(): Promise<void>;
}

export interface SuperviseOptions {
  /** Output of the server is appended here. */
  logFile: string;
  /** Signal that stops the server cleanly (default SIGTERM). */
  stopSignal?: NodeJS.Signals;
  /** Run the server as this user (when we are root). */
  user?: { uid: number; gid: number };
  env?: NodeJS.ProcessEnv;
}

export function superviseProcess(command: string, args: string[], options: SuperviseOptions): SupervisedProcess {
  const logFd = openSync(options.logFile, 'a');
  const env: NodeJS.ProcessEnv = { ...process.env, ...options.env, WATCHDOG_STOP_SIGNAL: options.stopSignal ?? 'SIGTERM' };
  if (options.user) {
    env.WATCHDOG_UID = String(options.user.uid);
    env.WATCHDOG_GID = String(options.user.gid);
  }
  const child: ChildProcess = spawn(process.execPath, [WATCHDOG, command, ...args], { stdio: ['pipe', logFd, logFd], env });
  closeSync(logFd);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const hasExited = () => child.exitCode !== null || child.signalCode !== null;
  let stopped: Promise<void> | undefined;
  const stop = () =>
    (stopped ??= (async () => {
      if (hasExited()) return;
      child.stdin?.end();
      child.kill('SIGTERM'); // the watchdog turns this into the server's own stop signal
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    })());
  return { exited, hasExited, stop };
}

/** The last lines of a log file, for error messages. */
export function tailOf(file: string, lines = 20): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}
