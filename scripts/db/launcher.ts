import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, openSync, closeSync, readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import mongoose from 'mongoose';
import { ensureFerretdbBinary, LauncherError } from './ferretdb-binary';

export { LauncherError };

export type DatabaseKind = 'external' | 'mongod' | 'ferretdb';

export interface DatabaseHandle {
  kind: DatabaseKind;
  /** Base URI without a database name, e.g. `mongodb://127.0.0.1:40123`. */
  uri: string;
  port: number | undefined;
  logFile: string | undefined;
  /** Stops the server we started (no-op for an external MONGODB_URI). */
  stop(): Promise<void>;
}

export interface LaunchOptions {
  /** Data lives here (`<dataDir>/ferretdb` or `<dataDir>/mongod`); survives restarts. */
  dataDir: string;
  /** Port to listen on; a free one is chosen when omitted. */
  port?: number;
  /** Honour MONGODB_URI when set (default true). Tests that stop the server set false. */
  allowExternal?: boolean;
  /** Prefer `mongod` when it is on PATH (default true). */
  preferMongod?: boolean;
  log?: (line: string) => void;
}

const WATCHDOG = path.join(import.meta.dirname, 'watchdog.mjs');

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function onPath(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

/**
 * Starts (or finds) the database: MONGODB_URI if set; else `mongod` on PATH; else FerretDB
 * with its SQLite backend on loopback. Resolves once the server answers `ping`.
 */
export async function startDatabase(options: LaunchOptions): Promise<DatabaseHandle> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  if ((options.allowExternal ?? true) && process.env.MONGODB_URI) {
    return { kind: 'external', uri: process.env.MONGODB_URI, port: undefined, logFile: undefined, stop: async () => undefined };
  }
  const dataDir = path.resolve(options.dataDir);
  const port = options.port ?? (await freePort());
  const useMongod = (options.preferMongod ?? true) && onPath('mongod');
  let command: string;
  let args: string[];
  let kind: DatabaseKind;
  if (useMongod) {
    kind = 'mongod';
    const dbPath = path.join(dataDir, 'mongod');
    mkdirSync(dbPath, { recursive: true });
    command = 'mongod';
    args = ['--dbpath', dbPath, '--port', String(port), '--bind_ip', '127.0.0.1', '--quiet'];
  } else {
    kind = 'ferretdb';
    const dir = path.join(dataDir, 'ferretdb');
    mkdirSync(dir, { recursive: true });
    command = await ensureFerretdbBinary(log);
    args = [
      '--handler=sqlite',
      `--sqlite-url=file:${dir}/`,
      `--listen-addr=127.0.0.1:${port}`,
      '--telemetry=disable',
      '--debug-addr=-',
      `--state-dir=${dir}`,
      '--log-level=warn',
    ];
  }
  const logFile = path.join(dataDir, `${kind}.log`);
  const logFd = openSync(logFile, 'a');
  const child = spawn(process.execPath, [WATCHDOG, command, ...args], { stdio: ['pipe', logFd, logFd] });
  closeSync(logFd);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const uri = `mongodb://127.0.0.1:${port}`;

  const ready = await Promise.race([waitForPing(uri, 60_000).then(() => true), exited.then(() => false)]);
  if (!ready) {
    throw new LauncherError(`${kind} exited before it answered a ping. Last lines of ${logFile}:\n${tail(logFile)}`);
  }
  let stopped: Promise<void> | undefined;
  return {
    kind,
    uri,
    port,
    logFile,
    stop: () => (stopped ??= stopChild(child, exited)),
  };
}

async function stopChild(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.stdin?.end();
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/** Polls `ping` until the server answers or the deadline passes. */
export async function waitForPing(uri: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    const connection = mongoose.createConnection(uri, { serverSelectionTimeoutMS: 1_000, connectTimeoutMS: 1_000 });
    try {
      await connection.asPromise();
      await connection.db!.admin().ping();
      return;
    } catch (error) {
      lastError = error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    } finally {
      await connection.close().catch(() => undefined);
    }
  }
  throw new LauncherError(`database at ${uri} did not answer ping within ${timeoutMs} ms: ${String(lastError)}`);
}

function tail(file: string, lines = 20): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}
