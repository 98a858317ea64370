// A private PostgreSQL cluster for the embedded database: FerretDB stores its data in it.
//
// - Server binaries come from PATH or /usr/lib/postgresql/<major>/bin (Debian's packages); when
//   none is found and apt may be used, the `postgresql` package is installed.
// - `initdb` runs into the data directory as an unprivileged user (initdb refuses root: when we
//   are root the cluster belongs to `postgres`, the user Debian's package creates).
// - It listens on 127.0.0.1 on a free port and on a unix socket inside its own directory, with
//   SCRAM passwords: the superuser's password is random and kept in a file only we can read.
// - The watchdog stops it with a fast shutdown when we exit, however we exit.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { aptInstall, canUseApt } from '../setup/apt';
import { commandPath } from '../setup/commands';
import { LauncherError } from './ferretdb-binary';
import { freePort } from './ports';
import { superviseProcess, tailOf, type SupervisedProcess } from './supervised-process';

export interface PostgresBinaries {
  bindir: string;
  major: number;
}

export interface PostgresCluster {
  /** URL FerretDB connects with (credentials included; never logged). */
  url: string;
  port: number;
  major: number;
  logFile: string;
  process: SupervisedProcess;
}

const SUPERUSER = 'ferretdb';
const DATABASE = 'postgres';
const DEBIAN_ROOT = '/usr/lib/postgresql';

/** Settings for a small machine. Durability stays on: an acknowledged answer survives a crash. */
const SERVER_SETTINGS: Record<string, string> = {
  listen_addresses: '127.0.0.1',
  max_connections: '120',
  shared_buffers: '256MB',
  effective_cache_size: '1GB',
  work_mem: '8MB',
  maintenance_work_mem: '128MB',
  synchronous_commit: 'on',
  fsync: 'on',
  full_page_writes: 'on',
  wal_compression: 'on',
  // Documents over ~2 kB (an attempt with its answers) are stored compressed: lz4 compresses
  // and decompresses several times faster than the default pglz.
  default_toast_compression: 'lz4',
  max_wal_size: '1GB',
  checkpoint_timeout: '15min',
  // Parallel workers need dynamic shared memory (small /dev/shm in containers) and do not pay
  // on two cores; JIT compiles add tens of ms to small queries.
  max_parallel_workers_per_gather: '0',
  jit: 'off',
  log_min_messages: 'warning',
  log_line_prefix: '%m [%p] ',
};

function majorOf(postgresBinary: string): number | undefined {
  const result = spawnSync(postgresBinary, ['--version'], { encoding: 'utf8' });
  const match = /\(PostgreSQL\)\s+(\d+)/.exec(result.stdout ?? '');
  return match ? Number(match[1]) : undefined;
}

function candidateBindirs(): string[] {
  const dirs: string[] = [];
  const onPath = commandPath('postgres');
  if (onPath) dirs.push(path.dirname(realpathSync(onPath)));
  if (existsSync(DEBIAN_ROOT)) {
    for (const version of readdirSync(DEBIAN_ROOT)) dirs.push(path.join(DEBIAN_ROOT, version, 'bin'));
  }
  return [...new Set(dirs)];
}

/**
 * Server binaries on this machine (postgres + initdb in one directory). With `wantedMajor`,
 * only that major version; otherwise the newest.
 */
export function findPostgresBinaries(wantedMajor?: number): PostgresBinaries | undefined {
  const found: PostgresBinaries[] = [];
  for (const bindir of candidateBindirs()) {
    const postgres = path.join(bindir, 'postgres');
    if (!existsSync(postgres) || !existsSync(path.join(bindir, 'initdb'))) continue;
    const major = majorOf(postgres);
    if (major !== undefined) found.push({ bindir, major });
  }
  const fitting = wantedMajor === undefined ? found : found.filter((b) => b.major === wantedMajor);
  return fitting.sort((a, b) => b.major - a.major)[0];
}

/** Finds the server binaries, installing Debian's `postgresql` package when allowed. */
export function ensurePostgresBinaries(log: (line: string) => void): PostgresBinaries | undefined {
  const existing = findPostgresBinaries();
  if (existing) return existing;
  if (process.env.EMBEDDED_DATABASE_NO_INSTALL === 'true' || !canUseApt()) return undefined;
  log('PostgreSQL server binaries not found: installing Debian\'s postgresql package (once per machine)…');
  const started = Date.now();
  // The package's own default cluster is not wanted: ours lives in the project's data directory.
  mkdirSync('/etc/postgresql-common', { recursive: true });
  const createclusterConf = '/etc/postgresql-common/createcluster.conf';
  if (!existsSync(createclusterConf)) writeFileSync(createclusterConf, 'create_main_cluster = false\n');
  aptInstall(['postgresql'], log);
  log(`PostgreSQL installed in ${Math.round((Date.now() - started) / 1000)} s`);
  return findPostgresBinaries();
}

/** Who runs the cluster: ourselves, or `postgres` when we are root (initdb refuses root). */
function clusterUser(): { uid: number; gid: number; name: string } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  let entry = spawnSync('getent', ['passwd', 'postgres'], { encoding: 'utf8' });
  if (entry.status !== 0) {
    spawnSync('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres'], { stdio: 'ignore' });
    entry = spawnSync('getent', ['passwd', 'postgres'], { encoding: 'utf8' });
  }
  const fields = entry.stdout.trim().split(':');
  if (entry.status !== 0 || fields.length < 4) {
    throw new LauncherError('Running as root, the embedded PostgreSQL needs an unprivileged "postgres" user, and none exists or could be created (useradd --system postgres).');
  }
  return { name: 'postgres', uid: Number(fields[2]), gid: Number(fields[3]) };
}

/**
 * Lets the cluster's user reach its directory: directories we created under `ownedRoot` get
 * search permission for others (o+x, no listing). A directory outside it that blocks the way
 * is reported rather than changed.
 */
function openPathTo(dir: string, ownedRoot: string): void {
  const root = path.resolve(ownedRoot);
  for (let current = path.dirname(path.resolve(dir)); ; current = path.dirname(current)) {
    const mode = statSync(current).mode;
    if ((mode & 0o001) === 0) {
      if (current === root || current.startsWith(`${root}${path.sep}`)) chmodSync(current, mode | 0o001);
      else throw new LauncherError(`The embedded PostgreSQL runs as the "postgres" user, which cannot enter ${current}. Allow it (chmod o+x ${current}) or set DATA_DIR elsewhere.`);
    }
    if (current === path.dirname(current)) return;
  }
}

function run(binary: string, args: string[], user: { uid: number; gid: number } | undefined, cwd: string): { status: number | null; output: string } {
  const result = spawnSync(binary, args, { cwd, encoding: 'utf8', ...(user ? { uid: user.uid, gid: user.gid } : {}), env: { ...process.env, LC_ALL: 'C' } });
  return { status: result.status, output: `${result.stdout ?? ''}${result.stderr ?? ''}${result.error ? String(result.error) : ''}` };
}

export interface ClusterOptions {
  /** The cluster's data directory (PGDATA), e.g. `./data/pg`. */
  dir: string;
  /** The project's data directory that holds `dir`; the password file is kept here. */
  dataDir: string;
  binaries: PostgresBinaries;
  log: (line: string) => void;
}

/** The major version a data directory was made by, or undefined when it holds no cluster. */
export function clusterVersion(dir: string): number | undefined {
  const file = path.join(dir, 'PG_VERSION');
  return existsSync(file) ? Number(readFileSync(file, 'utf8').trim()) : undefined;
}

function passwordFile(dataDir: string): string {
  return path.join(dataDir, 'postgresql.secret');
}

function initCluster(options: ClusterOptions, user: ReturnType<typeof clusterUser>): void {
  const { dir, dataDir, binaries, log } = options;
  if (existsSync(dir) && readdirSync(dir).length > 0) {
    throw new LauncherError(`${dir} is not empty but holds no PostgreSQL cluster (no PG_VERSION). Move it away or empty it; nothing was changed.`);
  }
  log(`Creating the embedded PostgreSQL ${binaries.major} cluster in ${dir}…`);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  openPathTo(dir, dataDir);
  const password = randomBytes(24).toString('base64url');
  // initdb reads the password from a file the cluster user can read; it is removed at once.
  const pwfile = path.join(path.dirname(dir), `.initdb-password-${randomBytes(6).toString('hex')}`);
  writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
  if (user) {
    chownSync(dir, user.uid, user.gid);
    chownSync(pwfile, user.uid, user.gid);
  }
  let result: ReturnType<typeof run>;
  try {
    result = run(
      path.join(binaries.bindir, 'initdb'),
      ['-D', dir, '-U', SUPERUSER, `--pwfile=${pwfile}`, '--auth-host=scram-sha-256', '--auth-local=scram-sha-256', '--encoding=UTF8', '--locale=C', '--no-instructions'],
      user,
      dir,
    );
  } finally {
    rmSync(pwfile, { force: true });
  }
  if (result.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new LauncherError(`initdb failed (exit ${result.status}):\n${result.output.slice(-3000)}`);
  }
  writeFileSync(passwordFile(dataDir), `${password}\n`, { mode: 0o600 });
}

async function waitUntilAccepting(binaries: PostgresBinaries, port: number, process: SupervisedProcess, timeoutMs: number): Promise<boolean> {
  const isready = path.join(binaries.bindir, 'pg_isready');
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (process.hasExited()) return false;
    const probe = existsSync(isready)
      ? spawnSync(isready, ['-q', '-h', '127.0.0.1', '-p', String(port)]).status === 0
      : await new Promise<boolean>((resolve) => {
          const socket = net.connect(port, '127.0.0.1', () => (socket.destroy(), resolve(true)));
          socket.on('error', () => resolve(false));
        });
    if (probe) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

/** Starts the cluster in `options.dir`, creating it first when the directory is new. */
export async function startPostgresCluster(options: ClusterOptions): Promise<PostgresCluster> {
  const { dir, dataDir, binaries } = options;
  const user = clusterUser();
  const version = clusterVersion(dir);
  if (version === undefined) initCluster(options, user);
  else if (version !== binaries.major) {
    throw new LauncherError(
      [
        `The embedded database in ${dir} was made by PostgreSQL ${version}, but this machine has PostgreSQL ${binaries.major}.`,
        'Nothing was changed. Ways out:',
        `  1. install PostgreSQL ${version}'s server (apt-get install postgresql-${version}) and start again: it is used for this directory;`,
        `  2. or upgrade the directory with pg_upgrade (see https://www.postgresql.org/docs/current/pgupgrade.html);`,
        `  3. or start fresh: move ${dir} away (the demo data is seeded again).`,
      ].join('\n'),
    );
  }
  if (!existsSync(passwordFile(dataDir))) {
    throw new LauncherError(`The embedded PostgreSQL in ${dir} has no password file (${passwordFile(dataDir)}). Restore it, or move ${dir} away to start fresh.`);
  }
  openPathTo(dir, dataDir);
  const password = readFileSync(passwordFile(dataDir), 'utf8').trim();
  const port = await freePort();
  const logFile = path.join(dataDir, 'postgresql.log');
  const settings = { ...SERVER_SETTINGS, port: String(port), unix_socket_directories: dir };
  const args = ['-D', dir, ...Object.entries(settings).flatMap(([key, value]) => ['-c', `${key}=${value}`])];
  const server = superviseProcess(path.join(binaries.bindir, 'postgres'), args, {
    logFile,
    stopSignal: 'SIGINT',
    ...(user ? { user } : {}),
    env: { LC_ALL: 'C' },
  });
  if (!(await waitUntilAccepting(binaries, port, server, 60_000))) {
    await server.stop();
    throw new LauncherError(`PostgreSQL did not start. Last lines of ${logFile}:\n${tailOf(logFile)}`);
  }
  const url = `postgres://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${DATABASE}`;
  return { url, port, major: binaries.major, logFile, process: server };
}
