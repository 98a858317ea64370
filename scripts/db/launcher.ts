import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import mongoose from 'mongoose';
import { commandPath } from '../setup/commands';
import { ensureFerretdbBinary, LauncherError } from './ferretdb-binary';
import { ensurePostgresBinaries, findPostgresBinaries, clusterVersion, startPostgresCluster, type PostgresCluster } from './postgres-cluster';
import { freePort } from './ports';
import { superviseProcess, tailOf, type SupervisedProcess } from './supervised-process';

export { LauncherError, freePort };

export type DatabaseKind = 'external' | 'mongod' | 'ferretdb-postgresql' | 'ferretdb-sqlite';

/** Which store FerretDB uses when it is the embedded database. */
export type EmbeddedBackend = 'auto' | 'postgresql' | 'sqlite';

export interface DatabaseHandle {
  kind: DatabaseKind;
  /** Base URI without a database name, e.g. `mongodb://127.0.0.1:40123`. */
  uri: string;
  port: number | undefined;
  /** Where the data lives (undefined for an external MONGODB_URI). */
  dataPath: string | undefined;
  logFile: string | undefined;
  /** Stops the servers we started (no-op for an external MONGODB_URI). */
  stop(): Promise<void>;
}

export interface LaunchOptions {
  /** Data lives here (`<dataDir>/pg`, `<dataDir>/ferretdb` or `<dataDir>/mongod`); survives restarts. */
  dataDir: string;
  /** Port for the MongoDB protocol; a free one is chosen when omitted. */
  port?: number;
  /** Honour MONGODB_URI when set (default true). Tests that stop the server set false. */
  allowExternal?: boolean;
  /** Prefer `mongod` when it is on PATH (default true). */
  preferMongod?: boolean;
  /** FerretDB's store; default EMBEDDED_DATABASE or `auto` (PostgreSQL, else SQLite). */
  backend?: EmbeddedBackend;
  /** Start PostgreSQL beside former SQLite data instead of refusing (the migration does). */
  ignoreLegacySqlite?: boolean;
  /** No warning for SQLite (the migration reads the old data with it). */
  quiet?: boolean;
  log?: (line: string) => void;
}

const SQLITE_WARNING = [
  '',
  '!!! The embedded database runs on FerretDB with SQLite, because no PostgreSQL server could be',
  '!!! found or installed. SQLite scans whole collections on every query and update: this mode is',
  '!!! for looking around, NOT for running exams. Install PostgreSQL (apt-get install postgresql)',
  '!!! or set MONGODB_URI, then start again.',
  '',
].join('\n');

function configuredBackend(options: LaunchOptions): EmbeddedBackend {
  const value = options.backend ?? process.env.EMBEDDED_DATABASE ?? 'auto';
  if (value === 'auto' || value === 'postgresql' || value === 'sqlite') return value;
  throw new LauncherError(`EMBEDDED_DATABASE must be auto, postgresql or sqlite, not "${value}".`);
}

/** Data of the former default (FerretDB on SQLite) that a PostgreSQL start must not hide. */
function legacySqliteFiles(dataDir: string): string[] {
  const dir = path.join(dataDir, 'ferretdb');
  return existsSync(dir) ? readdirSync(dir).filter((name) => name.endsWith('.sqlite')) : [];
}

/**
 * Starts (or finds) the database, in this order: MONGODB_URI if set; `mongod` on PATH;
 * FerretDB over a private PostgreSQL cluster; FerretDB on SQLite only where no PostgreSQL
 * server can be found or installed. Resolves once the server answers `ping`.
 */
export async function startDatabase(options: LaunchOptions): Promise<DatabaseHandle> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  if ((options.allowExternal ?? true) && process.env.MONGODB_URI) {
    return { kind: 'external', uri: process.env.MONGODB_URI, port: undefined, dataPath: undefined, logFile: undefined, stop: async () => undefined };
  }
  const dataDir = path.resolve(options.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const port = options.port ?? (await freePort());
  const backend = configuredBackend(options);
  if ((options.preferMongod ?? true) && backend === 'auto' && commandPath('mongod')) return startMongod(dataDir, port);

  if (backend !== 'sqlite') {
    const pgDir = path.join(dataDir, 'pg');
    // Prefer binaries of the version that made an existing cluster (reported if missing).
    const existing = clusterVersion(pgDir);
    const binaries = (existing !== undefined ? findPostgresBinaries(existing) : undefined) ?? ensurePostgresBinaries(log);
    if (binaries) {
      const legacy = legacySqliteFiles(dataDir);
      if (existing === undefined && legacy.length > 0 && !options.ignoreLegacySqlite) throw legacyDataError(dataDir, legacy);
      return startFerretdbOnPostgres(dataDir, pgDir, port, binaries, log);
    }
    if (backend === 'postgresql') {
      throw new LauncherError('EMBEDDED_DATABASE=postgresql, but no PostgreSQL server binaries were found (PATH, /usr/lib/postgresql/*/bin) and they could not be installed. Install them: apt-get install postgresql');
    }
  }
  if (!options.quiet) log(SQLITE_WARNING);
  return startFerretdbOnSqlite(dataDir, port, log);
}

function legacyDataError(dataDir: string, files: string[]): LauncherError {
  const dir = path.join(dataDir, 'ferretdb');
  return new LauncherError(
    [
      `${dir} holds data of the former embedded default, FerretDB on SQLite (${files.join(', ')}).`,
      'The embedded database is now FerretDB over PostgreSQL. Nothing was changed. Ways out:',
      `  1. move the data over through the driver: npm run db:migrate-sqlite   (then ${dir} is renamed ferretdb.migrated)`,
      `  2. or start fresh: mv ${dir} ${dir}.old   (the demo data is seeded again)`,
      '  3. or keep SQLite for now (not for running exams): EMBEDDED_DATABASE=sqlite npm start',
    ].join('\n'),
  );
}

async function startMongod(dataDir: string, port: number): Promise<DatabaseHandle> {
  const dbPath = path.join(dataDir, 'mongod');
  mkdirSync(dbPath, { recursive: true });
  const logFile = path.join(dataDir, 'mongod.log');
  const server = superviseProcess('mongod', ['--dbpath', dbPath, '--port', String(port), '--bind_ip', '127.0.0.1', '--quiet'], { logFile });
  return handleWhenReady('mongod', port, dbPath, logFile, [server]);
}

async function startFerretdbOnPostgres(dataDir: string, pgDir: string, port: number, binaries: NonNullable<ReturnType<typeof findPostgresBinaries>>, log: (line: string) => void): Promise<DatabaseHandle> {
  const command = await ensureFerretdbBinary(log);
  const cluster: PostgresCluster = await startPostgresCluster({ dir: pgDir, dataDir, binaries, log });
  const stateDir = path.join(dataDir, 'ferretdb-state');
  mkdirSync(stateDir, { recursive: true });
  const logFile = path.join(dataDir, 'ferretdb.log');
  const ferretdb = superviseProcess(
    command,
    [
      '--handler=postgresql',
      `--postgresql-url=${cluster.url}`,
      `--listen-addr=127.0.0.1:${port}`,
      '--telemetry=disable',
      '--debug-addr=-',
      `--state-dir=${stateDir}`,
      '--log-level=warn',
    ],
    { logFile },
  );
  // FerretDB first, so that it never sees its store vanish under it.
  return handleWhenReady('ferretdb-postgresql', port, pgDir, logFile, [ferretdb, cluster.process]);
}

async function startFerretdbOnSqlite(dataDir: string, port: number, log: (line: string) => void): Promise<DatabaseHandle> {
  const dir = path.join(dataDir, 'ferretdb');
  mkdirSync(dir, { recursive: true });
  const command = await ensureFerretdbBinary(log);
  const logFile = path.join(dataDir, 'ferretdb.log');
  const ferretdb = superviseProcess(
    command,
    ['--handler=sqlite', `--sqlite-url=file:${dir}/`, `--listen-addr=127.0.0.1:${port}`, '--telemetry=disable', '--debug-addr=-', `--state-dir=${dir}`, '--log-level=warn'],
    { logFile },
  );
  return handleWhenReady('ferretdb-sqlite', port, dir, logFile, [ferretdb]);
}

/** Waits for `ping`, then returns a handle that stops `processes` in order. */
async function handleWhenReady(kind: DatabaseKind, port: number, dataPath: string, logFile: string, processes: SupervisedProcess[]): Promise<DatabaseHandle> {
  const uri = `mongodb://127.0.0.1:${port}`;
  const stopAll = async () => {
    for (const process of processes) await process.stop();
  };
  const died = () => processes.some((p) => p.hasExited());
  try {
    await waitForPing(uri, 60_000, died);
  } catch (error) {
    await stopAll();
    if (died()) throw new LauncherError(`${kind} exited before it answered a ping. Last lines of ${logFile}:\n${tailOf(logFile)}`);
    throw error;
  }
  let stopped: Promise<void> | undefined;
  return { kind, uri, port, dataPath, logFile, stop: () => (stopped ??= stopAll()) };
}

/** Polls `ping` until the server answers or the deadline passes. */
export async function waitForPing(uri: string, timeoutMs: number, givenUp: () => boolean = () => false): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline && !givenUp()) {
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
