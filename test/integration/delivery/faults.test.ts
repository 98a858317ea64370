import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import type http from 'node:http';
import { buildTestApp } from '../../support/app';
import { useFreshDatabase, testDatabaseUriFor } from '../../support/database';
import { createExamWorld, scheduleSession, type ExamWorld } from '../../support/exam';
import { ExamLoad, kill, roundRobinProxy, startAppProcess } from '../../support/exam-load';
import { freePort, startDatabase, type DatabaseHandle } from '../../../scripts/db/launcher';
import { uriWithDatabase } from '../../../scripts/db/uri';
import { connectDatabase, disconnectDatabase } from '../../../server/platform/database';
import { createLogger } from '../../../server/platform/logger';

const minutes = (n: number) => new Date(Date.now() + n * 60_000);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Faults mid-exam, with candidates saving all along (retrying as the exam page does): every
 * answer the server acknowledged must be stored afterwards.
 */
describe('faults mid-exam lose no acknowledged answer', function () {
  this.timeout(300_000);

  describe('app processes', () => {
    const db = useFreshDatabase('delivery_faults');
    const app = buildTestApp({ loginIpMax: 100_000 });
    let world: ExamWorld;
    const children: ChildProcess[] = [];
    let proxy: http.Server | undefined;

    before(async () => {
      world = await createExamWorld(app);
    });
    after(async () => {
      await Promise.all(children.map((c) => kill(c, 'SIGKILL')));
      await new Promise((r) => (proxy ? proxy.close(r) : r(undefined)));
    });

    it('the app killed with SIGKILL and restarted', async () => {
      const uri = await testDatabaseUriFor(db.name());
      const port = await freePort();
      let child = await startAppProcess(uri, port);
      children.push(child);
      const s = await scheduleSession(app, world, { startsAt: minutes(-1), endsAt: minutes(60), count: 12 });
      const load = new ExamLoad(() => `http://127.0.0.1:${port}`);
      await load.join(s.candidates);
      const running = load.run(150);
      await sleep(3000);
      await kill(child, 'SIGKILL');
      child = await startAppProcess(uri, port);
      children.push(child);
      await sleep(3000);
      load.stop();
      await running;
      expect(load.retries, 'the kill interrupted saves').to.be.greaterThan(0);
      expect(load.acknowledged).to.be.greaterThan(100);
      expect(await load.lost()).to.equal(0);
    });

    it('two app instances behind a round-robin proxy', async () => {
      const uri = await testDatabaseUriFor(db.name());
      const [a, b, front] = [await freePort(), await freePort(), await freePort()];
      children.push(await startAppProcess(uri, a), await startAppProcess(uri, b));
      proxy = await roundRobinProxy([a, b], front);
      const s = await scheduleSession(app, world, { startsAt: minutes(-1), endsAt: minutes(60), count: 12 });
      const load = new ExamLoad(() => `http://127.0.0.1:${front}`);
      await load.join(s.candidates);
      const running = load.run(100);
      await sleep(5000);
      load.stop();
      await running;
      expect(load.acknowledged).to.be.greaterThan(200);
      expect(await load.lost()).to.equal(0);
    });
  });

  describe('the database', () => {
    let dir: string;
    let database: DatabaseHandle | undefined;
    let child: ChildProcess | undefined;

    after(async () => {
      if (child) await kill(child, 'SIGKILL');
      await disconnectDatabase();
      await database?.stop();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it('the embedded database restarted mid-exam', async () => {
      dir = mkdtempSync(path.join(os.tmpdir(), 'faults-db-'));
      const port = await freePort();
      const launch = () => startDatabase({ dataDir: dir, port, backend: 'postgresql', allowExternal: false, preferMongod: false, log: () => undefined });
      database = await launch();
      const uri = uriWithDatabase(database.uri, 'faults_db_restart');
      await connectDatabase({ uri, poolSize: 5, logger: createLogger('silent') });
      const app = buildTestApp({ loginIpMax: 100_000 });
      const world = await createExamWorld(app);
      const appPort = await freePort();
      child = await startAppProcess(uri, appPort);
      const s = await scheduleSession(app, world, { startsAt: minutes(-1), endsAt: minutes(60), count: 8 });
      const load = new ExamLoad(() => `http://127.0.0.1:${appPort}`);
      await load.join(s.candidates);
      const running = load.run(150);
      await sleep(3000);
      await database.stop();
      await sleep(1000);
      database = await launch();
      await sleep(4000);
      load.stop();
      await running;
      // The outage reached the saves: some failed and were sent again, or waited for the database
      // to come back (the driver holds an operation through a short outage) — either way the
      // answers must all be there afterwards.
      expect(load.retries > 0 || load.slowestMs >= 900, `the restart held up or interrupted saves (retries ${load.retries}, slowest ${Math.round(load.slowestMs)} ms)`).to.equal(true);
      expect(await load.lost()).to.equal(0);
    });
  });
});
