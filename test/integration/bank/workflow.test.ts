import { expect } from 'chai';
import request from 'supertest';
import { buildTestApp } from '../../support/app';
import { useFreshDatabase } from '../../support/database';
import { createStaff, bearer, type StaffUser } from '../../support/identity';
import { createBankWorld, ELECTRICIAN } from '../../support/bank';
import { judgeItem, singleItem, standardFixture } from '../../support/fixtures';
import { ItemModel, ItemVersionModel, ReleaseItemModel } from '../../../server/bank/model';
import { AuditEntryModel } from '../../../server/audit/model';
import type { BankView } from '../../../server/bank/service';

describe('question bank: items, versions, review and releases', function () {
  this.timeout(90_000);
  useFreshDatabase('bank_workflow');
  const app = buildTestApp();
  const http = app.express;
  let banks: { electrician: BankView; welder: BankView };
  let writer: StaffUser;
  let writer2: StaffUser;
  let reviewer: StaffUser;
  let writerReviewer: StaffUser;
  let bankAdmin: StaffUser;
  let welderWriter: StaffUser;
  let admin: StaffUser;
  let itemId: string;
  let itemCode: string;

  const as = async (user: StaffUser) => bearer(await user.token());

  before(async () => {
    banks = await createBankWorld(app);
    const bank = { type: 'bank' as const, id: banks.electrician.id };
    writer = await createStaff(app, 'writer', [{ role: 'writer', scope: bank }]);
    writer2 = await createStaff(app, 'writer2', [{ role: 'writer', scope: { type: 'occupation', id: ELECTRICIAN } }]);
    reviewer = await createStaff(app, 'reviewer', [{ role: 'reviewer', scope: { type: 'occupation', id: ELECTRICIAN } }]);
    writerReviewer = await createStaff(app, 'both', [
      { role: 'writer', scope: bank },
      { role: 'reviewer', scope: bank },
    ]);
    bankAdmin = await createStaff(app, 'bankadmin', [{ role: 'bank_admin', scope: bank }]);
    welderWriter = await createStaff(app, 'welder', [{ role: 'writer', scope: { type: 'bank', id: banks.welder.id } }]);
    admin = await createStaff(app, 'admin', [{ role: 'admin', scope: { type: 'global' } }]);
  });

  it('a writer creates an item: version 1, draft, code derived from its appraisal point, rich text sanitised', async () => {
    const res = await request(http)
      .post(`/api/v1/banks/${banks.electrician.id}/items`)
      .set(...(await as(writer)))
      .send(judgeItem({ stem: '<p onclick="x()">在电阻不变时，导体中的电流与其两端电压成正比。<script>alert(1)</script></p>' }))
      .expect(201);
    itemId = res.body.id;
    itemCode = res.body.code;
    expect(res.body).to.include({ code: 'B001-001', status: 'draft', latestVersion: 1, approvedVersion: null, type: 'judge' });
    expect(res.body.content.stem).to.equal('<p>在电阻不变时，导体中的电流与其两端电压成正比。</p>');
    const second = await request(http).post(`/api/v1/banks/${banks.electrician.id}/items`).set(...(await as(writer2))).send(judgeItem({ stem: '<p>导体的电阻与其长度成正比。</p>' })).expect(201);
    expect(second.body.code).to.equal('B001-002');
  });

  it('refuses invalid content with field errors and writes nothing', async () => {
    const before = await ItemModel.countDocuments();
    const bad = await request(http)
      .post(`/api/v1/banks/${banks.electrician.id}/items`)
      .set(...(await as(writer)))
      .send(singleItem({ answer: 'E', pointCode: 'Z999' } as never))
      .expect(422); // well-formed, but breaks item rules (answer key, unknown point)
    const paths = bad.body.errors.map((e: { path: string }) => e.path);
    expect(paths).to.include('body.answer');
    const wrongPoint = await request(http).post(`/api/v1/banks/${banks.electrician.id}/items`).set(...(await as(writer))).send(judgeItem({ pointCode: 'Z999' })).expect(422);
    expect(wrongPoint.body.errors[0]).to.deep.include({ path: 'body.pointCode' });
    const wrongLevel = await request(http).post(`/api/v1/banks/${banks.electrician.id}/items`).set(...(await as(writer))).send(judgeItem({ pointCode: 'CB001', levels: [5] })).expect(422);
    expect(wrongLevel.body.errors[0].path).to.equal('body.levels');
    const wrongPart = await request(http).post(`/api/v1/banks/${banks.electrician.id}/items`).set(...(await as(writer))).send(judgeItem({ pointCode: 'E001' })).expect(422);
    expect(wrongPart.body.errors[0].message).to.match(/theory points/);
    const onlyScript = await request(http).post(`/api/v1/banks/${banks.electrician.id}/items`).set(...(await as(writer))).send(judgeItem({ stem: '<script>alert(1)</script>' })).expect(422);
    expect(onlyScript.body.errors[0].path).to.equal('body.stem');
    expect(await ItemModel.countDocuments()).to.equal(before);
  });

  it('keeps writers to their scope: another occupation’s item is 404, not 403', async () => {
    await request(http).get(`/api/v1/items/${itemId}`).set(...(await as(welderWriter))).expect(404);
    await request(http).put(`/api/v1/items/${itemId}`).set(...(await as(welderWriter))).send({ baseVersion: 1, content: judgeItem() }).expect(404);
    await request(http).get(`/api/v1/banks/${banks.electrician.id}/items`).set(...(await as(welderWriter))).expect(404);
    await request(http).post(`/api/v1/banks/${banks.electrician.id}/items`).set(...(await as(welderWriter))).send(judgeItem()).expect(404);
    await request(http).get(`/api/v1/items/64b7f0c2a1b2c3d4e5f607ff`).set(...(await as(writer))).expect(404);
  });

  it('refuses self-approval, approval by a writer, and approval of a draft', async () => {
    const own = await request(http).post(`/api/v1/banks/${banks.electrician.id}/items`).set(...(await as(writerReviewer))).send(judgeItem({ stem: '<p>电流的单位是安培。</p>' })).expect(201);
    await request(http).post(`/api/v1/items/${own.body.id}/versions/1/approve`).set(...(await as(reviewer))).send({}).expect(409);
    await request(http).post(`/api/v1/items/${own.body.id}/versions/1/submit`).set(...(await as(writerReviewer))).send({}).expect(200);
    const self = await request(http).post(`/api/v1/items/${own.body.id}/versions/1/approve`).set(...(await as(writerReviewer))).send({}).expect(403);
    expect(self.body.type).to.equal('/problems/self-review');
    await request(http).post(`/api/v1/items/${own.body.id}/versions/1/approve`).set(...(await as(writer))).send({}).expect(403);
    expect((await ItemModel.findById(own.body.id).lean())!.approvedVersion).to.equal(null);
  });

  it('runs draft → submitted → approved, then a release pins the approved version with notes', async () => {
    await request(http).post(`/api/v1/items/${itemId}/versions/1/submit`).set(...(await as(writer))).send({}).expect(200);
    const queue = await request(http).get('/api/v1/review-queue').set(...(await as(reviewer))).expect(200);
    expect(queue.body.items.map((i: { code: string }) => i.code)).to.include(itemCode);
    const approved = await request(http).post(`/api/v1/items/${itemId}/versions/1/approve`).set(...(await as(reviewer))).send({ comment: '表述准确' }).expect(200);
    expect(approved.body).to.include({ status: 'approved', approvedVersion: 1 });
    expect(approved.body.version.review).to.include({ decision: 'approved', comment: '表述准确', reviewerName: 'reviewer 测试' });

    await request(http).post(`/api/v1/banks/${banks.electrician.id}/releases`).set(...(await as(writer))).send({}).expect(403);
    const release = await request(http).post(`/api/v1/banks/${banks.electrician.id}/releases`).set(...(await as(bankAdmin))).send({ comment: '首次发布' }).expect(201);
    expect(release.body).to.include({ number: 1, itemCount: 1 });
    expect(release.body.notes).to.deep.equal({ added: [itemCode], changed: [], retired: [] });
    expect(release.body.hash).to.match(/^[0-9a-f]{64}$/);
    const pinned = await ReleaseItemModel.find({ releaseId: release.body.id }).lean();
    expect(pinned.map((p) => [p.code, p.version])).to.deep.equal([[itemCode, 1]]);
  });

  it('an edit of the released version becomes a new draft; the released version and release stay unchanged', async () => {
    const v1 = await ItemVersionModel.findOne({ itemId, version: 1 }).lean();
    const edited = await request(http)
      .put(`/api/v1/items/${itemId}`)
      .set(...(await as(writer2)))
      .send({ baseVersion: 1, content: judgeItem({ stem: '<p>在电阻一定时，导体中的电流与导体两端的电压成正比。</p>' }) })
      .expect(200);
    expect(edited.body).to.include({ latestVersion: 2, status: 'draft', approvedVersion: 1 });
    expect(edited.body.version.basedOn).to.equal(1);
    const stale = await request(http).put(`/api/v1/items/${itemId}`).set(...(await as(writer))).send({ baseVersion: 1, content: judgeItem() }).expect(409);
    expect(stale.body.latestVersion).to.equal(2);
    const again = await ItemVersionModel.findOne({ itemId, version: 1 }).lean();
    expect(again!.contentHash).to.equal(v1!.contentHash);
    expect(again!.content).to.deep.equal(v1!.content);
    const read = await request(http).get(`/api/v1/items/${itemId}?version=1`).set(...(await as(reviewer))).expect(200);
    expect(read.body.content.stem).to.equal(v1!.content.stem);
    expect(read.body.versions.map((v: { version: number; state: string }) => [v.version, v.state])).to.deep.equal([
      [1, 'approved'],
      [2, 'draft'],
    ]);
  });

  it('requires a comment to reject; after rejection a new version can be approved and released as a change', async () => {
    await request(http).post(`/api/v1/items/${itemId}/versions/2/submit`).set(...(await as(writer))).send({}).expect(200);
    await request(http).put(`/api/v1/items/${itemId}`).set(...(await as(writer))).send({ baseVersion: 2, content: judgeItem() }).expect(409);
    const noComment = await request(http).post(`/api/v1/items/${itemId}/versions/2/reject`).set(...(await as(reviewer))).send({}).expect(400);
    expect(noComment.body.errors[0].path).to.equal('body.comment');
    const rejected = await request(http).post(`/api/v1/items/${itemId}/versions/2/reject`).set(...(await as(reviewer))).send({ comment: '“一定”改为“不变”更规范' }).expect(200);
    expect(rejected.body).to.include({ status: 'rejected', approvedVersion: 1 });
    await request(http).put(`/api/v1/items/${itemId}`).set(...(await as(writer))).send({ baseVersion: 2, content: judgeItem({ stem: '<p>在电阻不变的条件下，导体中的电流与其两端电压成正比。</p>' }) }).expect(200);
    await request(http).post(`/api/v1/items/${itemId}/versions/3/submit`).set(...(await as(writer))).send({}).expect(200);
    await request(http).post(`/api/v1/items/${itemId}/versions/3/approve`).set(...(await as(reviewer))).send({}).expect(200);
    const release = await request(http).post(`/api/v1/banks/${banks.electrician.id}/releases`).set(...(await as(bankAdmin))).send({}).expect(201);
    expect(release.body.number).to.equal(2);
    expect(release.body.notes).to.deep.equal({ added: [], changed: [itemCode], retired: [] });
    const list = await request(http).get(`/api/v1/banks/${banks.electrician.id}/releases`).set(...(await as(writer))).expect(200);
    expect(list.body.items.map((r: { number: number }) => r.number)).to.deep.equal([2, 1]);
  });

  it('retiring takes an item out of the next release, and retired items cannot be edited', async () => {
    await request(http).post(`/api/v1/items/${itemId}/retire`).set(...(await as(writer))).send({ reason: 'x' }).expect(403);
    await request(http).post(`/api/v1/items/${itemId}/retire`).set(...(await as(bankAdmin))).send({ reason: '标准修订后不再适用' }).expect(200);
    await request(http).post(`/api/v1/items/${itemId}/retire`).set(...(await as(bankAdmin))).send({ reason: 'again' }).expect(409);
    await request(http).put(`/api/v1/items/${itemId}`).set(...(await as(writer))).send({ baseVersion: 3, content: judgeItem() }).expect(409);
    // Approve another item so that the bank has something to release.
    const other = await request(http).post(`/api/v1/banks/${banks.electrician.id}/items`).set(...(await as(writer))).send(singleItem()).expect(201);
    await request(http).post(`/api/v1/items/${other.body.id}/versions/1/submit`).set(...(await as(writer))).send({}).expect(200);
    await request(http).post(`/api/v1/items/${other.body.id}/versions/1/approve`).set(...(await as(reviewer))).send({}).expect(200);
    const release = await request(http).post(`/api/v1/banks/${banks.electrician.id}/releases`).set(...(await as(bankAdmin))).send({}).expect(201);
    expect(release.body.notes).to.deep.equal({ added: [other.body.code], changed: [], retired: [itemCode] });
  });

  it('lists with filters; stems only for readers of item bodies; every body read is audited', async () => {
    const writerList = await request(http).get(`/api/v1/banks/${banks.electrician.id}/items?type=judge&status=draft`).set(...(await as(writer))).expect(200);
    expect(writerList.body.items.every((i: { type: string; status: string; stem?: string }) => i.type === 'judge' && i.status === 'draft' && typeof i.stem === 'string')).to.equal(true);
    const adminList = await request(http).get(`/api/v1/banks/${banks.electrician.id}/items`).set(...(await as(admin))).expect(200);
    expect(adminList.body.total).to.be.greaterThan(0);
    expect(adminList.body.items.every((i: Record<string, unknown>) => !('stem' in i))).to.equal(true);
    await request(http).get(`/api/v1/items/${itemId}`).set(...(await as(admin))).expect(403);
    const text = await request(http).get(`/api/v1/banks/${banks.electrician.id}/items?q=${encodeURIComponent('白炽灯')}`).set(...(await as(writer))).expect(200);
    expect(text.body.items.map((i: { code: string }) => i.code)).to.deep.equal(['B002-001']);
    const adminText = await request(http).get(`/api/v1/banks/${banks.electrician.id}/items?q=${encodeURIComponent('白炽灯')}`).set(...(await as(admin))).expect(200);
    expect(adminText.body.total).to.equal(0);
    const byPoint = await request(http).get(`/api/v1/banks/${banks.electrician.id}/items?point=B&level=3`).set(...(await as(writer))).expect(200);
    expect(byPoint.body.items.map((i: { code: string }) => i.code)).to.deep.equal(['B002-001']);
    const reads = await AuditEntryModel.countDocuments({ action: 'item.read', 'target.id': itemId });
    expect(reads).to.be.at.least(1);
  });

  it('a sub-bank sees the parent’s approved items read-only and adds its own', async () => {
    const sub = await app.bank.createBank({ code: 'GD-DG', name: '电工广东分库', tier: 'provincial', occupationCode: ELECTRICIAN, standardEdition: '2018', parentBankId: banks.electrician.id }, { principal: null });
    const subWriter = await createStaff(app, 'gdwriter', [{ role: 'writer', scope: { type: 'bank', id: sub.id } }]);
    const parentItems = await ItemModel.find({ bankId: banks.electrician.id, approvedVersion: { $ne: null }, retired: false }).lean();
    const approved = parentItems[0]!;
    const read = await request(http).get(`/api/v1/items/${String(approved._id)}`).set(...(await as(subWriter))).expect(200);
    expect(read.body.version.version).to.equal(approved.approvedVersion);
    expect(read.body.versions).to.have.length(1);
    await request(http).put(`/api/v1/items/${String(approved._id)}`).set(...(await as(subWriter))).send({ baseVersion: approved.latestVersion, content: singleItem() }).expect(404);
    const draftOnly = await ItemModel.findOne({ bankId: banks.electrician.id, approvedVersion: null }).lean();
    await request(http).get(`/api/v1/items/${String(draftOnly!._id)}`).set(...(await as(subWriter))).expect(404);
    const own = await request(http).post(`/api/v1/banks/${sub.id}/items`).set(...(await as(subWriter))).send(judgeItem({ stem: '<p>广东地区低压配电线路的额定电压为 380/220 V。</p>' })).expect(201);
    expect(own.body.bankId).to.equal(sub.id);
  });

  it('refuses a weight table whose column does not total 100, naming the column', async () => {
    const bad = standardFixture(ELECTRICIAN, 'broken');
    bad.edition = '2024';
    bad.weightTables.theory.rows[0]!.cells[1]!.percent = 10; // level 4 column now totals 105
    const res = await request(http).post('/api/v1/standards').set(...(await as(admin))).send(bad).expect(422);
    const messages = res.body.errors.map((e: { path: string; message: string }) => `${e.path} ${e.message}`).join('\n');
    expect(messages).to.match(/theory/);
    expect(messages).to.match(/4/);
    expect(messages).to.match(/105/);
    await request(http).get(`/api/v1/standards?occupation=${ELECTRICIAN}`).set(...(await as(admin))).expect(200).then((r) => expect(r.body.items).to.have.length(1));
  });
});
