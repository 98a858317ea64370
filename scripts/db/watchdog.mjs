// Runs a database server as a child and guarantees it dies with the process that started us.
// The parent keeps our stdin open; when the parent exits for any reason (Ctrl-C, crash,
// SIGKILL, a failed test run) the pipe closes and we stop the server. No orphans.
import { spawn } from 'node:child_process';

const [command, ...args] = process.argv.slice(2);
if (!command) {
  console.error('usage: watchdog.mjs <command> [args...]');
  process.exit(2);
}

const child = spawn(command, args, { stdio: ['ignore', 'inherit', 'inherit'] });
let stopping = false;

function stop(reason) {
  if (stopping) return;
  stopping = true;
  process.stderr.write(`[watchdog] stopping ${command} (${reason})\n`);
  child.kill('SIGTERM');
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
