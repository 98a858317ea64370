// Mocha global fixtures: one database server for the whole run (FerretDB, or mongod, or
// MONGODB_URI when set). Each test file then works in a database of its own.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startDatabase, type DatabaseHandle } from '../../scripts/db/launcher';

let handle: DatabaseHandle | undefined;
let dataDir: string | undefined;

export async function mochaGlobalSetup(): Promise<void> {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'skill-test-db-'));
  handle = await startDatabase({ dataDir });
  process.env.TEST_MONGODB_URI = handle.uri;
  process.env.TEST_DATA_DIR = dataDir;
  console.log(`  test database: ${handle.kind} at ${handle.uri}`);
}

export async function mochaGlobalTeardown(): Promise<void> {
  await handle?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}
