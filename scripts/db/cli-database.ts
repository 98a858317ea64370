import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig, type Config } from '../../server/config';
import { connectDatabase, disconnectDatabase } from '../../server/platform/database';
import { createLogger } from '../../server/platform/logger';
import { startDatabase, waitForPing, type DatabaseHandle } from './launcher';
import { uriWithDefaultDatabase } from './uri';

export const DEFAULT_DATABASE_NAME = 'skill_appraisal';

function runningFile(dataDir: string): string {
  return path.join(path.resolve(dataDir), 'running.json');
}

/** Recorded by `npm start` so command-line tools can reuse the embedded server it runs. */
export function recordRunningDatabase(dataDir: string, handle: DatabaseHandle): void {
  if (handle.kind === 'external') return;
  writeFileSync(runningFile(dataDir), JSON.stringify({ pid: process.pid, uri: handle.uri }));
}

export function forgetRunningDatabase(dataDir: string): void {
  rmSync(runningFile(dataDir), { force: true });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * The database for an admin command: MONGODB_URI when set; else the embedded server that a
 * running `npm start` uses; else an embedded server of our own on the same data directory.
 */
export async function databaseForCli(dataDir = process.env.DATA_DIR ?? './data'): Promise<{ uri: string; stop: () => Promise<void> }> {
  if (process.env.MONGODB_URI) return { uri: process.env.MONGODB_URI, stop: async () => undefined };
  const file = runningFile(dataDir);
  if (existsSync(file)) {
    try {
      const running = JSON.parse(readFileSync(file, 'utf8')) as { pid: number; uri: string };
      if (alive(running.pid)) {
        await waitForPing(running.uri, 3_000);
        return { uri: uriWithDefaultDatabase(running.uri, DEFAULT_DATABASE_NAME), stop: async () => undefined };
      }
    } catch {
      // stale or unreadable: start our own below
    }
  }
  const handle = await startDatabase({ dataDir, log: (line) => console.error(line) });
  return { uri: uriWithDefaultDatabase(handle.uri, DEFAULT_DATABASE_NAME), stop: () => handle.stop() };
}

/**
 * Runs an admin command against the database (see databaseForCli): connects, runs `task`, and
 * always disconnects and stops what it started. Exits with the task's code, or `failureCode`
 * (with the error's message) when the task throws.
 */
export function runCliCommand(task: (config: Config) => Promise<number>, options: { failurePrefix?: string; failureCode?: number } = {}): void {
  const run = async (): Promise<number> => {
    const config = loadConfig();
    const database = await databaseForCli(config.dataDir);
    try {
      await connectDatabase({ uri: database.uri, poolSize: 2, logger: createLogger('warn') });
      return await task(config);
    } finally {
      await disconnectDatabase();
      await database.stop();
    }
  };
  run().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(`${options.failurePrefix ?? ''}${error instanceof Error ? error.message : String(error)}`);
      process.exit(options.failureCode ?? 1);
    },
  );
}
