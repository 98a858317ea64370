import { expect } from 'chai';
import request from 'supertest';
import { buildTestApp } from '../../support/app';
import { useFreshDatabase } from '../../support/database';
import { createStaff, bearer, type StaffUser } from '../../support/identity';
import { createBankWorld, ELECTRICIAN } from '../../support/bank';
import { SYSTEM_ACTOR } from '../../../server/audit/service';
import { ItemModel, ItemVersionModel, ReleaseItemModel } from '../../../server/bank/model';
import { AuditEntryModel } from '../../../server/audit/model';
import { editorFromContent } from '../../../server/bank/editor-form';
import type { ItemContent } from '../../../server/bank/item-schema';
import { sessionCookie } from '../../support/session';

/**
 * Issue 14, "Points and levels": items that come from outside without an appraisal point, and
 * without a default, come in as drafts (待指定鉴定点) under the bank's UNPLACED series of codes.
 * They cannot be submitted until a writer places them on a point, which gives them that
 * point's code; exports keep them unplaced.
 */
describe('imported items without an appraisal point (待指定鉴定点)', function () {
  this.timeout(120_000);
  useFreshDatabase('bank_unplaced_items');
  const app = buildTestApp();
  const http = app.express;
  let bankId: string;
  let admin: StaffUser;
  let writer: StaffUser;
  let reviewer: StaffUser;
  let jobId: string;
  const as = async (user: StaffUser) => bearer(await user.token());

  // One row on B001, two without a point (no default): a judge and a single choice.
  const CSV = ['题干,题型,答案,鉴定点,选项A,选项B', '电流的单位是安培。,判断,对,B001,,', '电阻的单位是欧姆。,判断,对,,,', '电压的单位是（　）。,单选,A,,伏特,安培'].join('\n');

  const download = async (format: string) =>
    (
      await request(http).get(`/api/v1/banks/${bankId}/export?format=${format}`).set(...(await as(admin))).buffer(true).parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      }).expect(200)
    ).body as Buffer;

  before(async () => {
    const banks = await createBankWorld(app);
    bankId = banks.electrician.id;
    admin = await createStaff(app, 'bankadmin', [{ role: 'bank_admin', scope: { type: 'bank', id: bankId } }]);
    writer = await createStaff(app, 'writer', [{ role: 'writer', scope: { type: 'occupation', id: ELECTRICIAN } }]);
    reviewer = await createStaff(app, 'reviewer', [{ role: 'reviewer', scope: { type: 'occupation', id: ELECTRICIAN } }]);
  });

  it('the dry run reports the items without a point as drafts a writer will place, and can still be committed', async () => {
    const dry = await request(http).post(`/api/v1/banks/${bankId}/imports`).set(...(await as(admin))).field('mode', 'approved').attach('file', Buffer.from(CSV, 'utf8'), '旧系统导出.csv').expect(201);
    expect(dry.body, JSON.stringify(dry.body.errors)).to.include({ format: 'csv', status: 'ready', canCommit: true, rows: 3, validRows: 3, additions: 3, errorCount: 0, unplaced: 2 });
    expect(dry.body.unplacedItems.map((i: { row: number }) => i.row)).to.deep.equal([3, 4]);
    for (const notice of dry.body.unplacedItems) expect(notice.message).to.include('将作为草稿导入，待编写人指定鉴定点');
    jobId = dry.body.jobId;
    // The report page says it too, in Chinese.
    const page = await request(http).get(`/bank/${bankId}/import/${jobId}`).set(...(await as(admin))).expect(200);
    expect(page.text).to.include('没有鉴定点的试题：2 道');
    expect(page.text).to.include('这些试题将作为草稿导入，待编写人指定鉴定点');
  });

  it('the commit stores them as drafts under UNPLACED codes; an approved-mode import approves only the placed item', async () => {
    const done = await request(http).post(`/api/v1/banks/${bankId}/imports/${jobId}/commit`).set(...(await as(admin))).expect(200);
    expect(done.body.result).to.include({ created: 3 });
    const items = await ItemModel.find({ importJobId: done.body.jobId }).sort({ code: 1 }).lean();
    const placed = items.filter((i) => i.pointCode !== '');
    const unplaced = items.filter((i) => i.pointCode === '');
    expect(placed).to.have.length(1);
    expect(placed[0]).to.include({ pointCode: 'B001', latestState: 'approved', approvedVersion: 1 });
    expect(unplaced.map((i) => i.code)).to.deep.equal(['UNPLACED-000001', 'UNPLACED-000002']);
    for (const item of unplaced) {
      expect(item).to.include({ latestState: 'draft', approvedVersion: null });
      const version = await ItemVersionModel.findOne({ itemId: item._id, version: 1 }).lean();
      expect(version).to.include({ state: 'draft' });
      expect(version!.review).to.equal(undefined);
      expect((version!.content as { pointCode: string }).pointCode).to.equal('');
      expect((version!.content as { levels: number[] }).levels).to.deep.equal([5, 4, 3, 2, 1]);
    }
  });

  it('the item list filters the items waiting for a point', async () => {
    const list = await request(http).get(`/api/v1/banks/${bankId}/items?unplaced=1`).set(...(await as(writer))).expect(200);
    expect(list.body.total).to.equal(2);
    expect(list.body.items.map((i: { code: string; pointCode: string; status: string }) => [i.code, i.pointCode, i.status])).to.deep.equal([
      ['UNPLACED-000001', '', 'draft'],
      ['UNPLACED-000002', '', 'draft'],
    ]);
    const all = await request(http).get(`/api/v1/banks/${bankId}/items?pageSize=200`).set(...(await as(writer))).expect(200);
    expect(all.body.total).to.be.above(2);
    // The bank list counts them, linking to the filtered list.
    const banksPage = await request(http).get('/bank').set(...(await as(writer))).expect(200);
    expect(banksPage.text).to.match(new RegExp(`href="/bank/${bankId}/items\\?unplaced=1"[^>]*>待指定鉴定点 2<`));
    const page = await request(http).get(`/bank/${bankId}/items?unplaced=1`).set(...(await as(writer))).expect(200);
    expect(page.text).to.include('UNPLACED-000001');
    expect(page.text).to.include('待指定鉴定点');
  });

  it('an unplaced item cannot be submitted (Chinese message), nor released', async () => {
    const item = await ItemModel.findOne({ bankId, code: 'UNPLACED-000001' }).lean();
    const refused = await request(http).post(`/api/v1/items/${String(item!._id)}/versions/1/submit`).set(...(await as(writer))).send({}).expect(409);
    expect(refused.body.type).to.equal('/problems/unplaced');
    expect(refused.body.detail).to.include('试题尚未指定鉴定点，不能送审');
    expect((await ItemModel.findById(item!._id).lean())!.latestState).to.equal('draft');
    // The item page offers no submission, and the editor asks for the point.
    const itemPage = await request(http).get(`/bank/items/${String(item!._id)}`).set(...(await as(writer))).expect(200);
    expect(itemPage.text).to.not.match(/versions\/1\/submit/);
    const editor = await request(http).get(`/bank/items/${String(item!._id)}/edit`).set(...(await as(writer))).expect(200);
    expect(editor.text).to.include('待指定鉴定点（请选择');
    // A release takes approved items only: the unplaced ones are not in it.
    const release = await app.bank.publishRelease({ kind: 'staff', id: 'a', displayName: 'a', tokenVersion: 0, roles: [{ role: 'bank_admin', scope: { type: 'bank', id: bankId } }] }, bankId, 'with imports', SYSTEM_ACTOR);
    const codes = (await ReleaseItemModel.find({ releaseId: release.id }, { code: 1 }).lean()).map((r) => r.code);
    const approved = await ItemModel.find({ bankId, approvedVersion: { $ne: null } }, { code: 1 }).lean();
    expect(codes.sort()).to.deep.equal(approved.map((i) => i.code).sort());
    expect(codes).to.include.members(['B001-001']);
    expect(codes.filter((c) => c.startsWith('UNPLACED'))).to.deep.equal([]);
  });

  it('a writer places an item on a point: it gets the point\'s code (audited), and can then be submitted and approved', async () => {
    const item = await ItemModel.findOne({ bankId, code: 'UNPLACED-000001' }).lean();
    const id = String(item!._id);
    const current = (await ItemVersionModel.findOne({ itemId: item!._id, version: 1 }).lean())!.content as Record<string, unknown>;
    // A point outside the element table is refused, and the item stays as it was.
    await request(http).put(`/api/v1/items/${id}`).set(...(await as(writer))).send({ baseVersion: 1, content: { ...current, pointCode: 'Z999' } }).expect(422);
    // Levels outside the point's are refused (CB001 is for levels 3–1 only).
    await request(http).put(`/api/v1/items/${id}`).set(...(await as(writer))).send({ baseVersion: 1, content: { ...current, pointCode: 'CB001' } }).expect(422);
    expect((await ItemModel.findById(item!._id).lean())!.code).to.equal('UNPLACED-000001');

    const placed = await request(http).put(`/api/v1/items/${id}`).set(...(await as(writer))).send({ baseVersion: 1, content: { ...current, pointCode: 'B002', levels: [5, 4] } }).expect(200);
    expect(placed.body).to.include({ pointCode: 'B002', latestVersion: 2 });
    expect(placed.body.code).to.match(/^B002-\d{3}$/);
    const existing = await ItemModel.countDocuments({ bankId, code: placed.body.code });
    expect(existing).to.equal(1);
    const audit = await AuditEntryModel.findOne({ action: 'item.place', 'target.id': id }).lean();
    expect(audit, 'placing is audited').to.not.equal(null);
    expect(audit!.details).to.include({ pointCode: 'B002', previousCode: 'UNPLACED-000001', version: 2 });
    // Once placed, the point stays: an edit back to no point is refused.
    await request(http).put(`/api/v1/items/${id}`).set(...(await as(writer))).send({ baseVersion: 2, content: { ...current, pointCode: '', levels: [5, 4] } }).expect(422);

    await request(http).post(`/api/v1/items/${id}/versions/2/submit`).set(...(await as(writer))).send({}).expect(200);
    await request(http).post(`/api/v1/items/${id}/versions/2/approve`).set(...(await as(reviewer))).send({}).expect(200);
    const list = await request(http).get(`/api/v1/banks/${bankId}/items?unplaced=1`).set(...(await as(writer))).expect(200);
    expect(list.body.items.map((i: { code: string }) => i.code)).to.deep.equal(['UNPLACED-000002']);
  });

  it('an edit that leaves the point empty keeps the item unplaced, under its code', async () => {
    const item = await ItemModel.findOne({ bankId, code: 'UNPLACED-000002' }).lean();
    const current = (await ItemVersionModel.findOne({ itemId: item!._id, version: 1 }).lean())!.content as Record<string, unknown>;
    const edited = await request(http).put(`/api/v1/items/${String(item!._id)}`).set(...(await as(writer))).send({ baseVersion: 1, content: { ...current, explanation: '<p>1 伏特等于 1 焦耳每库仑。</p>' } }).expect(200);
    expect(edited.body).to.include({ code: 'UNPLACED-000002', pointCode: '', latestVersion: 2 });
    await request(http).post(`/api/v1/items/${String(item!._id)}/versions/2/submit`).set(...(await as(writer))).send({}).expect(409);
  });

  for (const [format, fileName, subCode] of [
    ['moodle', 'moodle.xml', 'SUB-MOODLE'],
    ['json', 'bank.json', 'SUB-JSON'],
    ['xlsx', 'bank.xlsx', 'SUB-XLSX'],
    ['gift', 'bank.gift', 'SUB-GIFT'],
    ['qti', 'bank.zip', 'SUB-QTI'],
  ] as const) {
    it(`a ${format} export keeps the unplaced item unplaced: imported into another bank, it arrives without a point, under its code`, async () => {
      const exported = await download(format);
      if (format === 'moodle' || format === 'gift') expect(exported.toString('utf8')).to.include('待指定鉴定点');
      const sub = await app.bank.createBank({ code: subCode, name: `分库 ${subCode}`, tier: 'provincial', occupationCode: ELECTRICIAN, standardEdition: '2018', parentBankId: bankId }, SYSTEM_ACTOR);
      const subAdmin = await createStaff(app, `admin-${subCode.toLowerCase()}`, [{ role: 'bank_admin', scope: { type: 'bank', id: sub.id } }]);
      const dry = await request(http).post(`/api/v1/banks/${sub.id}/imports`).set(...(await as(subAdmin))).field('mode', 'approved').attach('file', exported, fileName).expect(201);
      expect(dry.body, JSON.stringify(dry.body.errors.slice(0, 3))).to.include({ status: 'ready', unplaced: 1 });
      await request(http).post(`/api/v1/banks/${sub.id}/imports/${dry.body.jobId}/commit`).set(...(await as(subAdmin))).expect(200);
      const copy = await ItemModel.findOne({ bankId: sub.id, code: 'UNPLACED-000002' }).lean();
      expect(copy).to.include({ pointCode: '', latestState: 'draft', approvedVersion: null });
      const version = await ItemVersionModel.findOne({ itemId: copy!._id, version: 1 }).lean();
      expect((version!.content as { explanation: string }).explanation).to.include('1 伏特等于 1 焦耳每库仑');
      // The next unplaced item of that bank does not collide with the imported code.
      const counter = await app.bank.allocateCodes(copy!.bankId, '', 1);
      expect(counter).to.deep.equal(['UNPLACED-000003']);
      // Nothing else came in unplaced: every other item kept its point.
      expect(await ItemModel.countDocuments({ bankId: sub.id, pointCode: '' })).to.equal(1);
    });
  }
  it('the edit form places an item too: the writer picks the point in the editor, and the item takes its code', async () => {
    const item = await ItemModel.findOne({ bankId, code: 'UNPLACED-000002' }).lean();
    const id = String(item!._id);
    const content = (await ItemVersionModel.findOne({ itemId: item!._id, version: item!.latestVersion }).lean())!.content as ItemContent;
    const cookie = await sessionCookie(app, writer.username);
    const editor = await request(http).get(`/bank/items/${id}/edit`).set('Cookie', cookie).expect(200);
    const csrf = /name="csrf-token" content="([^"]+)"/.exec(editor.text)?.[1] ?? '';
    const body = new URLSearchParams({ _csrf: csrf, baseVersion: String(item!.latestVersion) });
    for (const [name, value] of Object.entries({ ...editorFromContent(content), pointCode: 'B001', levels: [5, 4] })) {
      for (const v of Array.isArray(value) ? value : [value]) body.append(name, String(v));
    }
    const saved = await request(http).post(`/bank/items/${id}/edit`).set('Cookie', cookie).type('form').send(body.toString());
    expect(saved.status, saved.text.slice(0, 300)).to.equal(303);
    const placed = await ItemModel.findById(item!._id).lean();
    expect(placed).to.include({ pointCode: 'B001', latestState: 'draft' });
    expect(placed!.code).to.match(/^B001-\d{3}$/);
    expect(await ItemModel.countDocuments({ bankId, pointCode: '' })).to.equal(0);
  });
});
