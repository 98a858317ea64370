// `npm start`: the embedded database (unless MONGODB_URI is set), demo data, and the server.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig, ConfigError, type Config } from '../server/config';
import { createLogger } from '../server/platform/logger';
import { startServer, exitGracefullyOnSignals } from '../server/main';
import { startDatabase, LauncherError } from './db/launcher';
import { seedDemoData } from './demo/seed';
import { DEFAULT_DATABASE_NAME, forgetRunningDatabase, recordRunningDatabase } from './db/cli-database';
import { uriWithDefaultDatabase } from './db/uri';

const DATABASE_LABELS = {
  mongod: 'mongod',
  'ferretdb-postgresql': 'FerretDB over PostgreSQL',
  'ferretdb-sqlite': 'FerretDB on SQLite (not for running exams)',
} as const;

/** A development secret kept in the data directory so sign-ins and protected data survive restarts. */
function developmentSecret(dataDir: string, name: string): string {
  const file = path.join(dataDir, name);
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    console.error(error instanceof ConfigError ? error.message : error);
    process.exit(2);
  }
  const logger = createLogger(config.logLevel, undefined, config.logFormat);
  const dataDir = path.resolve(config.dataDir);
  mkdirSync(dataDir, { recursive: true });

  const database = await startDatabase({ dataDir, log: (line) => console.log(line) });
  recordRunningDatabase(dataDir, database);
  const uri = uriWithDefaultDatabase(database.uri, DEFAULT_DATABASE_NAME);
  const effective: Config = {
    ...config,
    mongodbUri: uri,
    jwtSecret: config.jwtSecret ?? (config.env === 'production' ? undefined : developmentSecret(dataDir, 'jwt-secret')),
    dataKey: config.dataKey ?? (config.env === 'production' ? undefined : developmentSecret(dataDir, 'data-key')),
  };
  const server = await startServer(effective, logger);
  exitGracefullyOnSignals(logger, async () => {
    await server.close();
    forgetRunningDatabase(dataDir);
    await database.stop();
  });
  const accounts = await seedDemoData({ app: server.app, log: (line) => console.log(line) });

  const banner = [
    '',
    '================================================================',
    ` 职业技能等级认定题库与考试平台 is running at ${server.url}`,
    ` database: ${database.kind === 'external' ? 'MONGODB_URI' : `${DATABASE_LABELS[database.kind]} (data in ${database.dataPath})`}`,
    '',
    ' Demo accounts (username / password — role):',
    ...(accounts.length ? accounts.map((a) => `   ${a.username.padEnd(14)} ${a.password.padEnd(16)} ${a.role}`) : ['   (none yet)']),
    '',
    ' Press Ctrl-C to stop (the database stops with it).',
    '================================================================',
    '',
  ];
  console.log(banner.join('\n'));
}

main().catch((error: unknown) => {
  if (error instanceof LauncherError) {
    // The database cannot start as things are (data of another version, no Go, …): exit 2,
    // which the supervisor (scripts/supervise.ts) takes as final instead of restarting.
    console.error(`\n${error.message}\n`);
    process.exit(2);
  }
  console.error(error);
  process.exit(1);
});
