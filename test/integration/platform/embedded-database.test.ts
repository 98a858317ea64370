import { expect } from 'chai';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import { startDatabase, LauncherError, type DatabaseHandle } from '../../../scripts/db/launcher';
import { migrateSqliteData } from '../../../scripts/db/migrate-sqlite';

async function withClient<T>(handle: DatabaseHandle, work: (db: mongoose.mongo.Db) => Promise<T>): Promise<T> {
  const client = await new mongoose.mongo.MongoClient(handle.uri).connect();
  try {
    return await work(client.db('app'));
  } finally {
    await client.close();
  }
}

describe('the embedded database (launcher)', function () {
  this.timeout(180_000);
  const dirs: string[] = [];
  const fresh = () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'skill-embedded-'));
    dirs.push(dir);
    return dir;
  };
  after(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('keeps data across a restart of FerretDB over PostgreSQL, with a private, password-protected cluster', async () => {
    const dataDir = fresh();
    let handle = await startDatabase({ dataDir, allowExternal: false, preferMongod: false });
    expect(handle.kind).to.equal('ferretdb-postgresql');
    await withClient(handle, (db) => db.collection('answers').insertOne({ candidate: 'c1', value: 'B', seq: 3 }));
    await handle.stop();
    handle = await startDatabase({ dataDir, allowExternal: false, preferMongod: false });
    try {
      const stored = await withClient(handle, (db) => db.collection('answers').findOne({ candidate: 'c1' }));
      expect(stored).to.include({ value: 'B', seq: 3 });
    } finally {
      await handle.stop();
    }
    // Loopback and socket only, SCRAM passwords for both; the password file is ours alone.
    const hba = readFileSync(path.join(dataDir, 'pg', 'pg_hba.conf'), 'utf8');
    expect(hba).to.match(/^host\s+all\s+all\s+127\.0\.0\.1\/32\s+scram-sha-256/m);
    expect(hba).not.to.match(/\btrust\b\s*$/m);
    expect(statSync(path.join(dataDir, 'postgresql.secret')).mode & 0o077).to.equal(0);
  });

  it('refuses to start over data of the former SQLite default, names the ways out, and migrates it on request', async () => {
    const dataDir = fresh();
    const old = await startDatabase({ dataDir, backend: 'sqlite', allowExternal: false, preferMongod: false, quiet: true });
    expect(old.kind).to.equal('ferretdb-sqlite');
    await withClient(old, async (db) => {
      await db.collection('items').createIndex({ code: 1 }, { unique: true });
      await db.collection('items').insertMany(Array.from({ length: 1200 }, (_, i) => ({ code: `AA001-${String(i).padStart(4, '0')}`, n: i })));
      await db.collection('users').insertOne({ username: 'writer' });
    });
    await old.stop();
    const sqliteFiles = readdirSync(path.join(dataDir, 'ferretdb')).filter((f) => f.endsWith('.sqlite'));

    let refusal: unknown;
    await startDatabase({ dataDir, allowExternal: false, preferMongod: false }).then(
      (handle) => handle.stop(),
      (error: unknown) => (refusal = error),
    );
    expect(refusal).to.be.instanceOf(LauncherError);
    expect(String(refusal)).to.contain('npm run db:migrate-sqlite').and.to.contain('EMBEDDED_DATABASE=sqlite');
    expect(existsSync(path.join(dataDir, 'pg'))).to.equal(false);
    expect(readdirSync(path.join(dataDir, 'ferretdb')).filter((f) => f.endsWith('.sqlite'))).to.deep.equal(sqliteFiles);

    const report = await migrateSqliteData(dataDir, () => undefined);
    expect(report.collections.find((c) => c.collection === 'items')).to.include({ database: 'app', documents: 1200, indexes: 1 });
    expect(existsSync(path.join(dataDir, 'ferretdb.migrated'))).to.equal(true);

    const handle = await startDatabase({ dataDir, allowExternal: false, preferMongod: false });
    try {
      expect(handle.kind).to.equal('ferretdb-postgresql');
      await withClient(handle, async (db) => {
        expect(await db.collection('items').countDocuments()).to.equal(1200);
        expect(await db.collection('items').findOne({ code: 'AA001-0777' })).to.include({ n: 777 });
        const duplicate = await db.collection('items').insertOne({ code: 'AA001-0001' }).catch((error: { code?: number }) => error.code);
        expect(duplicate, 'the unique index came along').to.equal(11000);
      });
    } finally {
      await handle.stop();
    }
  });

  it('reports a cluster made by another PostgreSQL version and changes nothing', async () => {
    const dataDir = fresh();
    mkdirSync(path.join(dataDir, 'pg'));
    writeFileSync(path.join(dataDir, 'pg', 'PG_VERSION'), '9\n');
    let refusal: unknown;
    await startDatabase({ dataDir, allowExternal: false, preferMongod: false }).then(
      (handle) => handle.stop(),
      (error: unknown) => (refusal = error),
    );
    expect(refusal).to.be.instanceOf(LauncherError);
    expect(String(refusal)).to.match(/made by PostgreSQL 9, but this machine has PostgreSQL \d+/).and.to.contain('pg_upgrade');
    expect(readdirSync(path.join(dataDir, 'pg'))).to.deep.equal(['PG_VERSION']);
  });
});
