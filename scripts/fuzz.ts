/**
 * `npm run fuzz`: schemathesis against /api/openapi.json, once with an admin token and once
 * with a writer token, bounded in time. It starts its own embedded database and server (a
 * fresh database with two occupations, standards and banks), installs schemathesis from PyPI
 * into .cache/fuzz-venv on first use, and fails unless both runs end with 0 server errors
 * (not_a_server_error) and 0 schema-valid requests refused (positive_data_acceptance).
 *
 *   FUZZ_MAX_EXAMPLES=20 (per operation and run)   FUZZ_SECONDS=600 (per run)   FUZZ_SEED=1
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../server/config';
import { createLogger } from '../server/platform/logger';
import { startServer } from '../server/main';
import { startDatabase } from './db/launcher';
import { uriWithDatabase } from './db/uri';
import { SYSTEM_ACTOR } from '../server/audit/service';
import { issueToken } from '../server/identity/tokens';
import { UserModel } from '../server/identity/model';
import { createBankWorld, ELECTRICIAN } from '../test/support/bank';

const ROOT = path.resolve(import.meta.dirname, '..');
const VENV = path.join(ROOT, '.cache', 'fuzz-venv');
const ST = path.join(VENV, 'bin', 'st');
const SCHEMATHESIS = process.env.FUZZ_SCHEMATHESIS ?? 'schemathesis>=4.3,<5';
const MAX_EXAMPLES = Number(process.env.FUZZ_MAX_EXAMPLES ?? 20);
const SECONDS = Number(process.env.FUZZ_SECONDS ?? 600);
const SEED = process.env.FUZZ_SEED ?? '1';
const SECRET = 'fuzz-secret-fuzz-secret-fuzz-secret-0123456789';

/**
 * Operations left out, and why: signing out and changing the password end the token's
 * sessions, which would turn the rest of the run into 401s.
 */
const EXCLUDED = ['POST /api/v1/auth/logout', 'POST /api/v1/me/password'];

function ensureSchemathesis(): void {
  if (existsSync(ST)) return;
  console.log(`installing ${SCHEMATHESIS} into ${path.relative(ROOT, VENV)} …`);
  mkdirSync(path.dirname(VENV), { recursive: true });
  const steps: string[][] = [
    ['python3', '-m', 'venv', VENV],
    [path.join(VENV, 'bin', 'pip'), 'install', '--quiet', SCHEMATHESIS],
  ];
  for (const [cmd, ...args] of steps) {
    const run = spawnSync(cmd!, args, { stdio: 'inherit' });
    if (run.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed`);
  }
}

interface RunResult {
  who: string;
  exitCode: number | null;
  timedOut: boolean;
  output: string;
}

function runSchemathesis(url: string, who: string, token: string, reportDir: string): Promise<RunResult> {
  const args = [
    'run',
    `${url}/api/openapi.json`,
    '--url',
    url,
    '-H',
    `Authorization: Bearer ${token}`,
    '--checks',
    'not_a_server_error,positive_data_acceptance',
    '--max-examples',
    String(MAX_EXAMPLES),
    '--seed',
    SEED,
    '--workers',
    '1',
    '--request-timeout',
    '30',
    '--no-shrink',
    '--report',
    'junit',
    '--report-dir',
    reportDir,
    ...EXCLUDED.flatMap((op) => ['--exclude-path', op.split(' ')[1]!]),
  ];
  return new Promise((resolve) => {
    const child = spawn(ST, args, { cwd: reportDir, env: { ...process.env, SCHEMATHESIS_CONFIG: path.join(reportDir, 'schemathesis.toml') } });
    let output = '';
    const tee = (chunk: Buffer) => {
      output += chunk.toString();
      process.stdout.write(chunk);
    };
    child.stdout.on('data', tee);
    child.stderr.on('data', tee);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGINT');
    }, SECONDS * 1000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ who, exitCode: code, timedOut, output });
    });
  });
}

async function main(): Promise<void> {
  ensureSchemathesis();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'skill-fuzz-'));
  const database = await startDatabase({ dataDir, log: (line) => console.log(line) });
  const logger = createLogger(process.env.FUZZ_LOG_LEVEL === undefined ? 'error' : (process.env.FUZZ_LOG_LEVEL as 'error'));
  const config = {
    ...loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'error' }),
    mongodbUri: uriWithDatabase(database.uri, `fuzz_${Date.now()}`),
    port: 0,
    jwtSecret: SECRET,
    dataKey: 'fuzz-data-key-fuzz-data-key-fuzz-data-key-0123',
    bcryptCost: 10,
    loginIpMax: 100_000,
    loginMaxFailures: 100,
  };
  const server = await startServer(config, logger);
  const results: RunResult[] = [];
  try {
    const app = server.app;
    const banks = await createBankWorld(app);
    const admin = await app.identity.createUser({ username: 'fuzzadmin', displayName: '模糊测试管理员', password: 'fuzz-pass-2026', roles: [{ role: 'admin', scope: { type: 'global' } }] }, SYSTEM_ACTOR);
    const writer = await app.identity.createUser({ username: 'fuzzwriter', displayName: '模糊测试命题', password: 'fuzz-pass-2026', roles: [{ role: 'writer', scope: { type: 'occupation', id: ELECTRICIAN } }] }, SYSTEM_ACTOR);
    const tokenOf = async (id: string) => {
      const doc = (await UserModel.findById(id).lean())!;
      return issueToken(SECRET, 12 * 3600, { id, kind: 'staff', roles: doc.roles, tokenVersion: doc.tokenVersion }).token;
    };
    console.log(`fuzzing ${server.url} (banks ${banks.electrician.id}, ${banks.welder.id}); ${MAX_EXAMPLES} examples per operation, at most ${SECONDS} s per run`);
    const reportRoot = path.join(ROOT, '.cache', 'fuzz-report');
    rmSync(reportRoot, { recursive: true, force: true });
    for (const [who, id] of [['admin', admin.id], ['writer', writer.id]] as const) {
      const dir = path.join(reportRoot, who);
      mkdirSync(dir, { recursive: true });
      // Schema-valid requests may be refused for what no schema can say: 401/403 (scope), 404
      // (an id that names nothing), 409 (state: no release yet, taken names) and 422 (a rule:
      // an infeasible blueprint). A 400 or 5xx for a schema-valid request is a failure.
      writeFileSync(path.join(dir, 'schemathesis.toml'), '[checks.positive_data_acceptance]\nexpected-statuses = ["2xx", "401", "403", "404", "409", "422"]\n');
      results.push(await runSchemathesis(server.url, who, await tokenOf(id), dir));
    }
  } finally {
    await server.close();
    await database.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  let failed = false;
  for (const r of results) {
    const ok = r.exitCode === 0 && !r.timedOut;
    if (!ok) failed = true;
    console.log(JSON.stringify({ fuzz: r.who, ok, exitCode: r.exitCode, timedOut: r.timedOut }));
  }
  process.exit(failed ? 1 : 0);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
