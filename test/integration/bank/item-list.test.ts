import { expect } from 'chai';
import request from 'supertest';
import { buildTestApp } from '../../support/app';
import { useFreshDatabase } from '../../support/database';
import { createStaff, bearer, type StaffUser } from '../../support/identity';
import { createBankWorld, releaseApprovedItems } from '../../support/bank';
import { judgeItem } from '../../support/fixtures';
import mongoose from 'mongoose';
import { BankModel, ItemModel } from '../../../server/bank/model';
import type { BankView } from '../../../server/bank/service';
import { itemListLoads } from '../../../server/bank/item-list';

// The item list is served from an in-process copy of the bank's rows, valid for one revision
// of the bank: every kind of write must show in the very next list read.
describe('the item list follows every write at once', function () {
  this.timeout(90_000);
  useFreshDatabase('item_list');
  const app = buildTestApp();
  const http = app.express;
  let bank: BankView;
  let writer: StaffUser;
  let reviewer: StaffUser;
  let bankAdmin: StaffUser;
  const as = async (user: StaffUser) => bearer(await user.token());
  const list = async (query: string) => (await request(http).get(`/api/v1/banks/${bank.id}/items?${query}`).set(...(await as(writer))).expect(200)).body as { total: number; items: Array<{ id: string; code: string; status: string; stem?: string }> };
  const codes = async (query: string) => (await list(query)).items.map((i) => i.code);

  before(async () => {
    bank = (await createBankWorld(app)).electrician;
    const scope = { type: 'bank' as const, id: bank.id };
    writer = await createStaff(app, 'writer', [{ role: 'writer', scope }]);
    reviewer = await createStaff(app, 'reviewer', [{ role: 'reviewer', scope }]);
    bankAdmin = await createStaff(app, 'bankadmin', [{ role: 'bank_admin', scope }]);
  });

  it('create, submit, approve, edit, retire and import each show in the next read', async () => {
    expect((await list('')).total).to.equal(0);
    const created = await request(http).post(`/api/v1/banks/${bank.id}/items`).set(...(await as(writer))).send(judgeItem({ stem: '<p>接地电阻测量前应断开被测接地体与设备的连接。</p>' })).expect(201);
    const { id, code } = created.body as { id: string; code: string };
    expect(await codes('status=draft')).to.deep.equal([code]);
    expect((await list(`q=${encodeURIComponent('接地电阻')}`)).items.map((i) => i.stem)).to.deep.equal(['接地电阻测量前应断开被测接地体与设备的连接。']);

    await request(http).post(`/api/v1/items/${id}/versions/1/submit`).set(...(await as(writer))).send({}).expect(200);
    expect(await codes('status=submitted')).to.deep.equal([code]);
    expect(await codes('status=draft')).to.deep.equal([]);

    await request(http).post(`/api/v1/items/${id}/versions/1/approve`).set(...(await as(reviewer))).send({}).expect(200);
    expect(await codes('status=usable')).to.deep.equal([code]);

    await request(http).put(`/api/v1/items/${id}`).set(...(await as(writer))).send({ baseVersion: 1, content: judgeItem({ stem: '<p>测量接地电阻前，应断开接地体与设备的连接线。</p>' }) }).expect(200);
    expect(await codes('status=draft')).to.deep.equal([code]);
    expect(await codes(`q=${encodeURIComponent('接地电阻')}`)).to.deep.equal([code]);
    expect(await codes(`q=${encodeURIComponent('被测接地体')}`), 'the stem text follows the edit').to.deep.equal([]);

    await request(http).post(`/api/v1/items/${id}/retire`).set(...(await as(bankAdmin))).send({ reason: '题意不清' }).expect(200);
    expect(await codes('status=retired')).to.deep.equal([code]);
    expect(await codes('status=draft')).to.deep.equal([]);

    const revisionBefore = (await BankModel.findById(bank.id).lean())!.itemsRevision;
    await releaseApprovedItems(app, bank.id, 2);
    const after = await list('pageSize=200');
    // 24 codes on six points; B001-001 is the item above (retired), so the import only adds 23.
    expect(code).to.equal('B001-001');
    expect(after.total).to.equal(24);
    expect(after.items.filter((i) => i.code.startsWith('D001-')).map((i) => i.status)).to.deep.equal(['approved', 'approved', 'approved', 'approved']);
    expect((await BankModel.findById(bank.id).lean())!.itemsRevision).to.be.greaterThan(revisionBefore);
  });

  it('filters, sorts by code and pages like the database query did', async () => {
    const all = await list('pageSize=200');
    const sorted = [...all.items.map((i) => i.code)].sort();
    expect(all.items.map((i) => i.code)).to.deep.equal(sorted);
    const page2 = await list('pageSize=5&page=2');
    expect(page2.total).to.equal(all.total);
    expect(page2.items.map((i) => i.code)).to.deep.equal(sorted.slice(5, 10));
    expect(await codes('point=CB001&pageSize=200')).to.deep.equal(sorted.filter((c) => c.startsWith('CB001-')));
    expect(await codes('point=C&pageSize=200')).to.deep.equal(sorted.filter((c) => c.startsWith('C')));
    expect((await list('level=5&pageSize=200')).items.some((i) => i.code.startsWith('CB001-')), 'CB001 is for levels 3–1 only').to.equal(false);
    expect((await list('type=single&pageSize=200')).total).to.equal(12);
    expect((await list('mine=true')).items.map((i) => i.status)).to.deep.equal(['retired']);
    expect((await list('page=99')).items).to.deep.equal([]);
  });

  it('the writing process patches its own copy: no reload after its writes, and the copy equals the database', async () => {
    const truth = async () => (await ItemModel.find({ bankId: bank.id }).sort({ code: 1 }).lean()).map((i) => `${i.code}:${i.retired ? 'retired' : i.latestState}`);
    const shown = async () => (await list('pageSize=200')).items.map((i) => `${i.code}:${i.status}`);
    expect(await shown()).to.deep.equal(await truth());
    const loadsBefore = itemListLoads();
    const created = await request(http).post(`/api/v1/banks/${bank.id}/items`).set(...(await as(writer))).send(judgeItem({ pointCode: 'A001', stem: '<p>电流的单位是安培。</p>' })).expect(201);
    expect(await shown()).to.deep.equal(await truth());
    await request(http).post(`/api/v1/items/${created.body.id}/versions/1/submit`).set(...(await as(writer))).send({}).expect(200);
    await request(http).post(`/api/v1/items/${created.body.id}/versions/1/reject`).set(...(await as(reviewer))).send({ comment: '题干过于简单' }).expect(200);
    expect(await shown()).to.deep.equal(await truth());
    await request(http).post(`/api/v1/items/${created.body.id}/retire`).set(...(await as(bankAdmin))).send({ reason: '重复' }).expect(200);
    expect(await shown()).to.deep.equal(await truth());
    expect(itemListLoads(), 'no reload for this process’s own writes').to.equal(loadsBefore);
  });

  it('a write made by another instance shows as soon as that instance moves the bank revision', async () => {
    const before = await list('pageSize=200');
    const template = (await ItemModel.findOne({ bankId: bank.id, code: 'D001-001' }).lean())!;
    // Another instance writes an item; until it bumps the revision this one keeps its copy.
    await ItemModel.collection.insertOne({ ...template, _id: new mongoose.Types.ObjectId(), code: 'D001-099' });
    expect((await list('pageSize=200')).total).to.equal(before.total);
    await BankModel.updateOne({ _id: bank.id }, { $inc: { itemsRevision: 1 } });
    const after = await list('pageSize=200');
    expect(after.total).to.equal(before.total + 1);
    expect(after.items.map((i) => i.code)).to.include('D001-099');
  });
});
