import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import mongoose from 'mongoose';
import request from 'supertest';
import { buildTestApp } from '../../support/app';
import { testDatabaseUriFor, useFreshDatabase } from '../../support/database';
import { createStaff, bearer, type StaffUser } from '../../support/identity';
import { AuditEntryModel, AuditHeadModel } from '../../../server/audit/model';
import { recordAudit, verifyAuditChain, SYSTEM_ACTOR } from '../../../server/audit/service';

const ROOT = path.resolve(import.meta.dirname, '../../..');

async function runVerify(dbName: string): Promise<{ status: number | null; stdout: string }> {
  const uri = await testDatabaseUriFor(dbName);
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/audit-verify.ts'], {
    cwd: ROOT,
    env: { ...process.env, MONGODB_URI: uri, LOG_LEVEL: 'silent' },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout + result.stderr };
}

describe('audit log', function () {
  this.timeout(90_000);
  const db = useFreshDatabase('audit');
  const app = buildTestApp({ loginIpMax: 1000 });
  let supervisor: StaffUser;
  let writer: StaffUser;
  let admin: StaffUser;

  before(async () => {
    admin = await createStaff(app, 'admin', [{ role: 'admin', scope: { type: 'global' } }]);
    supervisor = await createStaff(app, 'super', [{ role: 'supervisor', scope: { type: 'occupation', id: '6-31-01-03' } }]);
    writer = await createStaff(app, 'writer', [{ role: 'writer', scope: { type: 'occupation', id: '6-31-01-03' } }]);
  });

  it('20 concurrent appends give a gap-free chain that verifies', async () => {
    const before = await AuditEntryModel.countDocuments();
    await Promise.all(Array.from({ length: 20 }, (_, i) => recordAudit(SYSTEM_ACTOR, { action: 'test.concurrent', target: { type: 'test', id: String(i) }, details: { i } })));
    const entries = await AuditEntryModel.find({}).sort({ seq: 1 }).lean();
    expect(entries).to.have.length(before + 20);
    expect(entries.map((e) => e.seq)).to.deep.equal(Array.from({ length: entries.length }, (_, i) => i + 1));
    expect(new Set(entries.map((e) => e.prevHash)).size).to.equal(entries.length);
    const concurrent = entries.filter((e) => e.action === 'test.concurrent').map((e) => (e.details as { i: number }).i);
    expect(concurrent.sort((a, b) => a - b)).to.deep.equal(Array.from({ length: 20 }, (_, i) => i));
    const report = await verifyAuditChain();
    expect(report).to.include({ ok: true, checked: entries.length, lastSeq: entries.length });
  });

  it('repairs a head left one entry behind (a crash between insert and head update), without a fork or gap', async () => {
    const head = await AuditHeadModel.findById('chain').lean();
    const last = await AuditEntryModel.findOne({ seq: head!.seq }).lean();
    const previous = await AuditEntryModel.findOne({ seq: head!.seq - 1 }).lean();
    // As if the process died after inserting `last` but before moving the head onto it.
    await AuditHeadModel.updateOne({ _id: 'chain' }, { $set: { seq: previous!.seq, hash: previous!.hash } });
    const appended = await recordAudit(SYSTEM_ACTOR, { action: 'test.after-crash', target: { type: 'test', id: 'crash' } });
    expect(appended.seq).to.equal(last!.seq + 1);
    expect(appended.prevHash).to.equal(last!.hash);
    expect(await AuditHeadModel.findById('chain').lean()).to.include({ seq: appended.seq, hash: appended.hash });
    expect(await verifyAuditChain()).to.include({ ok: true, lastSeq: appended.seq });
    await AuditEntryModel.deleteOne({ seq: appended.seq });
    await AuditHeadModel.updateOne({ _id: 'chain' }, { $set: { seq: last!.seq, hash: last!.hash } });
  });

  it('serves the trail to supervisors and admins only, filtered and paged, newest first', async () => {
    await request(app.express).get('/api/v1/audit').set(...bearer(await writer.token())).expect(403);
    await request(app.express).get('/api/v1/audit').expect(401);
    // These entries lie in no occupation: the supervisor does not see them (scope: test/integration/security).
    const scoped = await request(app.express).get('/api/v1/audit?action=test.*').set(...bearer(await supervisor.token())).expect(200);
    expect(scoped.body.total).to.equal(0);
    const token = await admin.token();
    const all = await request(app.express).get('/api/v1/audit?action=test.*&pageSize=7').set(...bearer(token)).expect(200);
    expect(all.body.total).to.equal(20);
    expect(all.body.items).to.have.length(7);
    const seqs = all.body.items.map((e: { seq: number }) => e.seq);
    expect(seqs).to.deep.equal([...seqs].sort((a: number, b: number) => b - a));
    const one = await request(app.express).get('/api/v1/audit?targetType=test&targetId=7').set(...bearer(token)).expect(200);
    expect(one.body.items.map((e: { details: unknown }) => e.details)).to.deep.equal([{ i: 7 }]);
    const future = await request(app.express).get(`/api/v1/audit?from=${encodeURIComponent(new Date(Date.now() + 3600_000).toISOString())}`).set(...bearer(token)).expect(200);
    expect(future.body.total).to.equal(0);
    await request(app.express).get('/api/v1/audit?from=yesterday').set(...bearer(token)).expect(400);
    const byActor = await request(app.express).get(`/api/v1/audit?actor=${admin.id}&action=audit.query`).set(...bearer(token)).expect(200);
    expect(byActor.body.total).to.equal(3); // the three successful queries before this one (the 400 was not served)
    const verify = await request(app.express).get('/api/v1/audit/verify').set(...bearer(await supervisor.token())).expect(200);
    expect(verify.body.ok).to.equal(true);
  });

  it('npm run audit:verify passes on an intact chain and names the entry that was edited in the database', async () => {
    const intact = await runVerify(db.name());
    expect(intact.status, intact.stdout).to.equal(0);
    expect(intact.stdout).to.match(/audit chain intact: \d+ entries verified/);

    const victim = await AuditEntryModel.findOne({ action: 'test.concurrent', 'details.i': 5 }).lean();
    await mongoose.connection.collection('audit_entries').updateOne({ _id: victim!._id }, { $set: { 'details.i': 500 } });

    const broken = await runVerify(db.name());
    expect(broken.status, broken.stdout).to.equal(1);
    expect(broken.stdout).to.contain(`BROKEN at seq ${victim!.seq} (entry id ${String(victim!._id)})`);
    expect(broken.stdout).to.contain('was altered');
  });
});
