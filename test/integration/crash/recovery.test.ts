import { expect } from 'chai';
import request from 'supertest';
import mongoose from 'mongoose';
import { buildTestApp } from '../../support/app';
import { useFreshDatabase } from '../../support/database';
import { createStaff, bearer, type StaffUser } from '../../support/identity';
import { createBankWorld, releaseApprovedItems } from '../../support/bank';
import { judgeItem } from '../../support/fixtures';
import { ReleaseItemModel, ReleaseModel } from '../../../server/bank/model';
import { AuditEntryModel } from '../../../server/audit/model';
import { AuditIntentModel, completePendingAudits, withAudit } from '../../../server/audit/intents';
import { SYSTEM_ACTOR } from '../../../server/audit/service';
import type { BankView } from '../../../server/bank/service';

/** Makes the next `n` appends to the audit chain fail, as a lost database connection would. */
function failNextAppends(n: number): () => void {
  const collection = AuditEntryModel.collection;
  // Appends are group-committed: one ordered insertMany per batch.
  const original = collection.insertMany.bind(collection);
  let left = n;
  (collection as { insertMany: unknown }).insertMany = (...args: Parameters<typeof original>) => {
    if (left > 0) {
      left -= 1;
      return Promise.reject(new Error('simulated: connection lost while appending'));
    }
    return original(...args);
  };
  return () => {
    (collection as { insertMany: unknown }).insertMany = original;
  };
}

const later = () => new Date(Date.now() + 10 * 60_000);

describe('crash safety: interrupted releases and audit entries are recovered at start', function () {
  this.timeout(120_000);
  useFreshDatabase('crash_recovery');
  const app = buildTestApp();
  const http = app.express;
  let banks: { electrician: BankView; welder: BankView };
  let writer: StaffUser;
  let bankAdmin: StaffUser;

  before(async () => {
    banks = await createBankWorld(app);
    writer = await createStaff(app, 'writer', [{ role: 'writer', scope: { type: 'bank', id: banks.electrician.id } }]);
    bankAdmin = await createStaff(app, 'bankadmin', [{ role: 'bank_admin', scope: { type: 'bank', id: banks.electrician.id } }]);
    await releaseApprovedItems(app, banks.electrician.id, 1);
  });

  it('a release left `building` (the process died before `published`) is rolled back at the next start, and its number is reused', async () => {
    const bankId = new mongoose.Types.ObjectId(banks.electrician.id);
    const latest = await ReleaseModel.findOne({ bankId }).sort({ number: -1 }).lean();
    const releaseId = new mongoose.Types.ObjectId();
    // What a crash leaves: the building record and some of its pinned items.
    await ReleaseModel.create({
      _id: releaseId,
      bankId,
      number: latest!.number + 1,
      status: 'building',
      itemCount: 0,
      countsByType: [],
      hash: '',
      notes: { added: [], changed: [], retired: [] },
      comment: '',
      publishedBy: 'x',
      publishedByName: 'x',
      publishedAt: new Date(Date.now() - 3_600_000),
    });
    const pinned = await ReleaseItemModel.find({ releaseId: latest!._id }).lean();
    await ReleaseItemModel.insertMany(pinned.slice(0, 3).map(({ _id, ...p }) => ({ ...p, releaseId })));
    // A build still in progress on another instance is left alone.
    const fresh = new mongoose.Types.ObjectId();
    await ReleaseModel.create({ _id: fresh, bankId, number: latest!.number + 2, status: 'building', itemCount: 0, countsByType: [], hash: '', notes: { added: [], changed: [], retired: [] }, comment: '', publishedBy: 'x', publishedByName: 'x', publishedAt: new Date() });

    const recovered = await app.recover();
    expect(recovered.releases).to.equal(1);
    expect(await ReleaseModel.exists({ _id: releaseId })).to.equal(null);
    expect(await ReleaseItemModel.countDocuments({ releaseId })).to.equal(0);
    expect(await ReleaseModel.exists({ _id: fresh })).to.not.equal(null);
    const entry = await AuditEntryModel.findOne({ action: 'release.rollback', 'target.id': String(releaseId) }).lean();
    expect(entry?.details).to.deep.include({ reason: 'interrupted while building' });
    await ReleaseModel.deleteOne({ _id: fresh });

    const published = await request(http).post(`/api/v1/banks/${banks.electrician.id}/releases`).set(...bearer(await bankAdmin.token())).send({ comment: '' }).expect(201);
    expect(published.body.number).to.equal(latest!.number + 1);
  });

  it('a change whose audit append fails is saved, answered, and audited once the intent is completed', async () => {
    const restore = failNextAppends(1);
    let res;
    try {
      res = await request(http).post(`/api/v1/banks/${banks.electrician.id}/items`).set(...bearer(await writer.token())).send(judgeItem({ stem: '<p>审计追加失败时试题仍然保存。</p>' }));
    } finally {
      restore();
    }
    expect(res.status).to.equal(201);
    const itemId = res.body.id as string;
    expect(await AuditEntryModel.exists({ action: 'item.create', 'target.id': itemId })).to.equal(null);
    expect(await AuditIntentModel.countDocuments({ 'target.id': itemId })).to.equal(1);

    // Within its writer's lease nobody takes the intent; after it, the sweep (or the next start) does.
    expect(await completePendingAudits()).to.equal(0);
    expect(await completePendingAudits(later)).to.equal(1);
    const entry = await AuditEntryModel.findOne({ action: 'item.create', 'target.id': itemId }).lean();
    expect(entry?.details).to.deep.include({ version: 1, recovered: 'confirmed' });
    expect(entry?.actor).to.deep.include({ kind: 'staff', id: writer.id, name: 'writer 测试' });
    expect(await AuditIntentModel.countDocuments()).to.equal(0);
    const verify = await request(http).get('/api/v1/audit/verify').set(...bearer(await (await createStaff(app, 'auditor', [{ role: 'admin', scope: { type: 'global' } }])).token())).expect(200);
    expect(verify.body.ok).to.equal(true);
  });

  it('an intent whose change never landed is dropped; one without a probe is audited as unconfirmed; none is appended twice', async () => {
    const before = await AuditEntryModel.countDocuments();
    const ghost = new mongoose.Types.ObjectId();
    // The process died between writing the intent and making the change.
    await AuditIntentModel.create({ actor: { kind: 'system' }, action: 'bank.create', target: { type: 'bank', id: String(ghost) }, details: {}, probe: { collection: 'banks', filter: mongoose.mongo.BSON.EJSON.stringify({ _id: ghost }) }, createdAt: new Date(), leaseUntil: new Date() });
    // An update in place, no probe: the change may have happened.
    await AuditIntentModel.create({ actor: { kind: 'system' }, action: 'occupation.update', target: { type: 'occupation', id: '6-31-01-03' }, details: {}, createdAt: new Date(), leaseUntil: new Date() });
    // Appended, then the process died before removing the intent.
    await withAudit(SYSTEM_ACTOR, { action: 'test.done', target: { type: 'test', id: 'once' }, details: { n: 1 } }, async () => 'ok');
    await AuditIntentModel.create({ actor: { kind: 'system' }, action: 'test.done', target: { type: 'test', id: 'once' }, details: { n: 1 }, createdAt: new Date(Date.now() - 1000), leaseUntil: new Date() });

    expect(await completePendingAudits(later)).to.equal(1);
    expect(await AuditEntryModel.exists({ 'target.id': String(ghost) })).to.equal(null);
    const unconfirmed = await AuditEntryModel.findOne({ action: 'occupation.update' }).sort({ seq: -1 }).lean();
    expect(unconfirmed?.details).to.deep.include({ recovered: 'unconfirmed' });
    expect(await AuditEntryModel.countDocuments({ action: 'test.done' })).to.equal(1);
    expect(await AuditEntryModel.countDocuments()).to.equal(before + 2);
    expect(await AuditIntentModel.countDocuments()).to.equal(0);
  });

  it('a refused change leaves no intent behind', async () => {
    await request(http).post(`/api/v1/banks/${banks.electrician.id}/items`).set(...bearer(await writer.token())).send(judgeItem({ pointCode: 'Z999' })).expect(422);
    await request(http).post(`/api/v1/items/${new mongoose.Types.ObjectId()}/retire`).set(...bearer(await bankAdmin.token())).send({ reason: 'x' }).expect(404);
    expect(await AuditIntentModel.countDocuments()).to.equal(0);
  });
});
