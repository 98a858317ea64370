import { expect } from 'chai';
import mongoose from 'mongoose';
import request from 'supertest';
import { buildTestApp } from '../../support/app';
import { useFreshDatabase } from '../../support/database';
import { createStaff, bearer, type StaffUser } from '../../support/identity';
import { createBankWorld, releaseApprovedItems, ELECTRICIAN } from '../../support/bank';
import { PaperModel } from '../../../server/assembly/model';
import { AuditEntryModel } from '../../../server/audit/model';

const SMALL = [
  { type: 'judge', count: 10, pointsPerItem: 2 },
  { type: 'single', count: 20, pointsPerItem: 4 },
];

describe('blueprints, papers and verification', function () {
  this.timeout(120_000);
  useFreshDatabase('assembly');
  const app = buildTestApp();
  const http = app.express;
  let bankId: string;
  let welderBankId: string;
  let releaseId: string;
  let bankAdmin: StaffUser;
  let writer: StaffUser;
  let supervisor: StaffUser;
  let welderAdmin: StaffUser;
  let blueprintId: string;

  before(async () => {
    const banks = await createBankWorld(app);
    bankId = banks.electrician.id;
    welderBankId = banks.welder.id;
    ({ releaseId } = await releaseApprovedItems(app, bankId, 20));
    bankAdmin = await createStaff(app, 'bankadmin', [{ role: 'bank_admin', scope: { type: 'bank', id: bankId } }]);
    writer = await createStaff(app, 'writer', [{ role: 'writer', scope: { type: 'bank', id: bankId } }]);
    supervisor = await createStaff(app, 'supervisor', [{ role: 'supervisor', scope: { type: 'occupation', id: ELECTRICIAN } }]);
    welderAdmin = await createStaff(app, 'welderadmin', [{ role: 'bank_admin', scope: { type: 'bank', id: welderBankId } }]);
  });

  it('derives the default blueprint from the weight table by largest remainder', async () => {
    const res = await request(http).get(`/api/v1/blueprints/default?bankId=${bankId}&level=3`).set(...bearer(await writer.token())).expect(200);
    expect(res.body.sections.map((s: { type: string; count: number }) => `${s.type}×${s.count}`)).to.deep.equal(['judge×20', 'single×80']);
    // The fixture weights are B1 5, B2 25, 1 40, 2 30: per function, judge+single together 5/25/40/30 items.
    const byKey = new Map<string, number>();
    for (const cell of res.body.cells as Array<{ key: string; count: number }>) byKey.set(cell.key, (byKey.get(cell.key) ?? 0) + cell.count);
    expect(Object.fromEntries(byKey)).to.deep.equal({ B1: 5, B2: 25, '1': 40, '2': 30 });
    const technician = await request(http).get(`/api/v1/blueprints/default?bankId=${bankId}&level=2`).set(...bearer(await writer.token())).expect(200);
    expect(technician.body.sections.map((s: { type: string }) => s.type)).to.deep.equal(['judge', 'single', 'multiple']);
  });

  it('saves a feasible blueprint with its report, and reports each short cell of an infeasible one', async () => {
    const ok = await request(http).post('/api/v1/blueprints').set(...bearer(await bankAdmin.token())).send({ bankId, name: '三级理论（小卷）', level: 3, sections: SMALL }).expect(201);
    blueprintId = ok.body.blueprint.id;
    expect(ok.body.feasibility).to.include({ ok: true, releaseId, releaseNumber: 1 });
    expect(ok.body.blueprint.distribution).to.equal('derived');

    const big = await request(http)
      .post('/api/v1/blueprints')
      .set(...bearer(await bankAdmin.token()))
      .send({ bankId, name: '三级理论（超大）', level: 3, sections: [{ type: 'judge', count: 100, pointsPerItem: 1 }] })
      .expect(201);
    expect(big.body.feasibility.ok).to.equal(false);
    // 100 判断 at level 3 over B1 5 / B2 25 / 1 40 / 2 30: row 2 (only D001, 20 判断) needs 30.
    const shortCells = big.body.feasibility.infeasible.filter((i: { kind: string }) => i.kind === 'cell');
    expect(shortCells.map((c: { key: string; needed: number; available: number; reason: string }) => [c.key, c.needed, c.available, c.reason])).to.deep.equal([['2', 30, 20, 'not-enough-items']]);

    const preview = await request(http).post('/api/v1/papers/preview').set(...bearer(await bankAdmin.token())).send({ blueprintId: big.body.blueprint.id }).expect(422);
    expect(preview.body.type).to.equal('/problems/assembly-infeasible');
    expect(preview.body.infeasible.length).to.be.greaterThan(0);

    const bad = await request(http).post('/api/v1/blueprints').set(...bearer(await bankAdmin.token())).send({ bankId, name: 'x', level: 9 }).expect(400);
    expect(bad.body.errors[0].path).to.equal('body.level');
  });

  it('previews a paper with its analysis table; the same seed gives the same paper', async () => {
    const a = await request(http).post('/api/v1/papers/preview').set(...bearer(await bankAdmin.token())).send({ blueprintId, seed: 'seed-1' }).expect(200);
    const b = await request(http).post('/api/v1/papers/preview').set(...bearer(await bankAdmin.token())).send({ blueprintId, seed: 'seed-1' }).expect(200);
    const c = await request(http).post('/api/v1/papers/preview').set(...bearer(await bankAdmin.token())).send({ blueprintId, seed: 'seed-2' }).expect(200);
    expect(a.body.paper.items).to.have.length(30);
    expect(a.body.paper.items).to.deep.equal(b.body.paper.items);
    expect(a.body.paper.items).not.to.deep.equal(c.body.paper.items);
    expect(a.body.paper.totalPoints).to.equal(100);
    expect(a.body.paper.meanFacility).to.be.within(0.55, 0.75);
    const analysis = a.body.analysis;
    expect(analysis.withinBand).to.equal(true);
    const actual = Object.fromEntries(analysis.byFunction.map((r: { key: string; actualCount: number }) => [r.key, r.actualCount]));
    const target = Object.fromEntries(analysis.byFunction.map((r: { key: string; targetCount: number }) => [r.key, r.targetCount]));
    expect(actual).to.deep.equal(target);
    expect(analysis.byType.map((r: { key: string; actualCount: number }) => [r.key, r.actualCount])).to.deep.include.members([['judge', 10], ['single', 20]]);
    expect(a.body.paper.items.every((i: { code: string }) => /^[A-Z]+\d{3}-\d{3}$/.test(i.code))).to.equal(true);
  });

  it('keeps A/B forms that share no item and differ little in mean facility, and verifies them from their seed', async () => {
    const res = await request(http).post('/api/v1/papers').set(...bearer(await bankAdmin.token())).send({ blueprintId, forms: 2, label: '2026年第一批' }).expect(201);
    const [a, b] = res.body.items as Array<{ id: string; label: string; items: Array<{ itemId: string }>; meanFacility: number; formSetId: string }>;
    expect(a!.label).to.equal('2026年第一批 A卷');
    expect(b!.label).to.equal('2026年第一批 B卷');
    expect(a!.formSetId).to.equal(b!.formSetId);
    const shared = a!.items.filter((i) => b!.items.some((j) => j.itemId === i.itemId));
    expect(shared).to.deep.equal([]);
    expect(Math.abs(a!.meanFacility - b!.meanFacility)).to.be.at.most(0.02);

    for (const paper of [a!, b!]) {
      const verified = await request(http).get(`/api/v1/papers/${paper.id}/verify`).set(...bearer(await supervisor.token())).expect(200);
      expect(verified.body).to.deep.equal({ paperId: paper.id, identical: true, differences: [], violations: [], releaseUnchanged: true });
    }
    expect(await AuditEntryModel.countDocuments({ action: 'paper.verify' })).to.equal(2);
  });

  it('a later paper is drawn with an exposure snapshot, and still verifies', async () => {
    const res = await request(http).post('/api/v1/papers').set(...bearer(await bankAdmin.token())).send({ blueprintId, seed: 'candidate-007' }).expect(201);
    const paper = res.body.items[0];
    expect(paper.exposureSnapshotId).not.to.equal('none');
    const verified = await request(http).get(`/api/v1/papers/${paper.id}/verify`).set(...bearer(await bankAdmin.token())).expect(200);
    expect(verified.body.identical).to.equal(true);
  });

  it('detects a tampered paper: the rebuild differs and the constraints name what broke', async () => {
    const doc = await PaperModel.findOne({}).sort({ createdAt: 1 }).lean();
    const items = [...doc!.paper.items];
    items[0] = { ...items[0]!, itemId: items[1]!.itemId };
    await mongoose.connection.collection('papers').updateOne({ _id: doc!._id }, { $set: { 'paper.items': items } });
    const verified = await request(http).get(`/api/v1/papers/${String(doc!._id)}/verify`).set(...bearer(await bankAdmin.token())).expect(200);
    expect(verified.body.identical).to.equal(false);
    expect(verified.body.differences.length).to.be.greaterThan(0);
    expect(verified.body.violations.length).to.be.greaterThan(0);
  });

  it('keeps papers and blueprints to their bank’s people', async () => {
    const any = await PaperModel.findOne({}).lean();
    await request(http).post('/api/v1/papers').set(...bearer(await writer.token())).send({ blueprintId }).expect(403);
    await request(http).get(`/api/v1/papers/${String(any!._id)}`).set(...bearer(await writer.token())).expect(403);
    await request(http).get(`/api/v1/papers/${String(any!._id)}`).set(...bearer(await welderAdmin.token())).expect(404);
    await request(http).post('/api/v1/papers/preview').set(...bearer(await welderAdmin.token())).send({ blueprintId }).expect(404);
    await request(http).get(`/api/v1/blueprints/${blueprintId}`).set(...bearer(await welderAdmin.token())).expect(404);
    const list = await request(http).get(`/api/v1/banks/${bankId}/papers`).set(...bearer(await supervisor.token())).expect(200);
    expect(list.body.total).to.equal(3);
  });
});
