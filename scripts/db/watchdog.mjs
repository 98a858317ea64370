// Runs a database server as a child and guarantees it dies with the process that started us.
// The parent keeps our stdin open; when the parent exits for any reason (Ctrl-C, crash,
// SIGKILL, a failed test run) the pipe closes and we stop the server. No orphans.
//
// Environment (set by scripts/db/supervised-process.ts):
//   WATCHDOG_STOP_SIGNAL  signal that stops the server cleanly (default SIGTERM; PostgreSQL
//                         wants SIGINT, its "fast" shutdown, since SIGTERM waits for clients)
//   WATCHDOG_UID/GID      run the server as this user (PostgreSQL refuses to run as root)
import { spawn } from 'node:child_process';

const [command, ...args] = process.argv.slice(2);
if (!command) {
  console.error('usage: watchdog.mjs <command> [args...]');
  process.exit(2);
}

const stopSignal = process.env.WATCHDOG_STOP_SIGNAL || 'SIGTERM';
const identity = {};
if (process.env.WATCHDOG_UID) identity.uid = Number(process.env.WATCHDOG_UID);
if (process.env.WATCHDOG_GID) identity.gid = Number(process.env.WATCHDOG_GID);
const env = { ...process.env };
delete env.WATCHDOG_STOP_SIGNAL;
delete env.WATCHDOG_UID;
delete env.WATCHDOG_GID;

const child = spawn(command, args, { stdio: ['ignore', 'inherit', 'inherit'], env, ...identity });
let stopping = false;

function stop(reason) {
  if (stopping) return;
  stopping = true;
  process.stderr.write(`[watchdog] stopping ${command} (${reason})\n`);
  child.kill(stopSignal);
  setTimeout(() => child.kill('SIGKILL'), 8000).unref();
}

child.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
child.on('error', (error) => {
  process.stderr.write(`[watchdog] cannot start ${command}: ${error.message}\n`);
  process.exit(127);
});
process.stdin.on('end', () => stop('parent exited'));
process.stdin.on('error', () => stop('parent pipe broke'));
process.stdin.resume();
process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGHUP', () => stop('SIGHUP'));
