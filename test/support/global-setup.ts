// Mocha global fixtures: one database server for the whole run, started on first use (so a run
// of unit tests alone starts none): MONGODB_URI when set, else the launcher's embedded default.
// Each test file then works in a database of its own.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startDatabase, type DatabaseHandle } from '../../scripts/db/launcher';

let starting: Promise<DatabaseHandle> | undefined;
let dataDir: string | undefined;

/** The run's database server, started the first time a test asks for it. */
export function testDatabase(): Promise<DatabaseHandle> {
  starting ??= (async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'skill-test-db-'));
    const handle = await startDatabase({ dataDir, log: (line) => process.stderr.write(`  ${line}\n`) });
    process.env.TEST_DATA_DIR = dataDir;
    console.log(`  test database: ${handle.kind}${handle.kind === 'external' ? '' : ` at ${handle.uri}`}`);
    return handle;
  })();
  return starting;
}

export async function mochaGlobalTeardown(): Promise<void> {
  if (starting) await (await starting.catch(() => undefined))?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}
