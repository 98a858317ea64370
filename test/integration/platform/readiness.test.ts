import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import request from 'supertest';
import { startDatabase, freePort, type DatabaseHandle } from '../../../scripts/db/launcher';
import { connectDatabase } from '../../../server/platform/database';
import { createLogger } from '../../../server/platform/logger';
import { buildTestApp } from '../../support/app';

async function waitForStatus(app: Parameters<typeof request>[0], status: number, timeoutMs: number): Promise<number> {
  const started = Date.now();
  let last = 0;
  while (Date.now() - started < timeoutMs) {
    last = (await request(app).get('/readyz')).status;
    if (last === status) return Date.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`/readyz stayed ${last}, expected ${status} within ${timeoutMs} ms`);
}

describe('readiness follows the database', function () {
  this.timeout(120_000);
  let dataDir: string;
  let port: number;
  let database: DatabaseHandle;
  const app = buildTestApp().express;

  before(async () => {
    // A database server of this test's own, so stopping it disturbs no other test.
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'skill-readyz-'));
    port = await freePort();
    database = await startDatabase({ dataDir, port, allowExternal: false });
    await connectDatabase({ uri: database.uri, dbName: 'readyz', poolSize: 5, logger: createLogger('silent') });
  });

  after(async () => {
    await mongoose.disconnect();
    await database.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('turns 503 when the database stops and 200 again when it is back, without an app restart', async () => {
    await waitForStatus(app, 200, 5_000);
    await database.stop();
    await waitForStatus(app, 503, 15_000);
    const problem = await request(app).get('/readyz');
    expect(problem.body).to.deep.equal({ status: 'unavailable', checks: { database: 'unreachable' } });
    expect((await request(app).get('/healthz')).status).to.equal(200);

    database = await startDatabase({ dataDir, port, allowExternal: false });
    await waitForStatus(app, 200, 30_000);
  });
});
