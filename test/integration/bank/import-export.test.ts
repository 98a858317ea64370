import { expect } from 'chai';
import ExcelJS from 'exceljs';
import request from 'supertest';
import { buildTestApp } from '../../support/app';
import { useFreshDatabase } from '../../support/database';
import { createStaff, bearer, type StaffUser } from '../../support/identity';
import { createBankWorld, ELECTRICIAN } from '../../support/bank';
import { judgeItem, singleItem } from '../../support/fixtures';
import { workbookBuffer } from '../../unit/interchange/helpers';
import { XLSX_HEADERS } from '../../../server/bank/interchange';
import { ItemModel, ItemVersionModel, ImportJobModel } from '../../../server/bank/model';
import { AuditEntryModel } from '../../../server/audit/model';
import { SYSTEM_ACTOR } from '../../../server/audit/service';

const header = [...XLSX_HEADERS];
const col = (name: string) => header.indexOf(name);

function row(values: Record<string, string | number>): Array<string | number> {
  const cells: Array<string | number> = header.map(() => '');
  for (const [name, value] of Object.entries(values)) cells[col(name)] = value;
  return cells;
}

function binary(res: request.Response, callback: (error: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => callback(null, Buffer.concat(chunks)));
}

describe('bank import (two-step) and export', function () {
  this.timeout(120_000);
  useFreshDatabase('bank_transfer');
  const app = buildTestApp();
  const http = app.express;
  let bankAdmin: StaffUser;
  let writer: StaffUser;
  let bankId: string;

  before(async () => {
    const banks = await createBankWorld(app);
    bankId = banks.electrician.id;
    bankAdmin = await createStaff(app, 'bankadmin', [{ role: 'bank_admin', scope: { type: 'bank', id: bankId } }]);
    writer = await createStaff(app, 'writer', [{ role: 'writer', scope: { type: 'occupation', id: ELECTRICIAN } }]);
  });

  it('a dry run reports errors row by row (row, column, message), and its commit then writes nothing', async () => {
    const file = await workbookBuffer([
      {
        name: '试题',
        rows: [
          header,
          row({ 题型: '判断', 题干: '电流的单位是安培。', 答案: '对', 难度: 2, 鉴定点: 'B001' }),
          row({ 题型: '单选', 题干: '电压的单位是（　）。', 选项A: '伏特', 选项B: '安培', 答案: 'E', 难度: 2, 鉴定点: 'B002' }),
          row({ 题型: '判断', 题干: '接地电阻越小越好。', 答案: '也许', 难度: 9, 鉴定点: 'B001' }),
          row({ 题型: '判断', 题干: '不存在的鉴定点。', 答案: '对', 难度: 2, 鉴定点: 'Z999' }),
        ],
      },
    ]);
    const dry = await request(http).post(`/api/v1/banks/${bankId}/imports`).set(...bearer(await bankAdmin.token())).attach('file', file, '试题.xlsx').expect(201);
    expect(dry.body).to.include({ status: 'rejected', canCommit: false, rows: 4, validRows: 1, format: 'xlsx' });
    const errors = dry.body.errors.map((e: { row: number; column: string }) => `${e.row}:${e.column}`);
    expect(errors).to.include.members(['3:答案', '4:答案', '4:难度', '5:鉴定点']);
    expect(dry.body.errors.every((e: { message: string; messageEn: string }) => e.message && e.messageEn)).to.equal(true);

    const before = await ItemModel.countDocuments();
    const commit = await request(http).post(`/api/v1/banks/${bankId}/imports/${dry.body.jobId}/commit`).set(...bearer(await bankAdmin.token())).expect(409);
    expect(commit.body.type).to.equal('/problems/import-has-errors');
    expect(await ItemModel.countDocuments()).to.equal(before);
    expect(await ItemVersionModel.countDocuments()).to.equal(0);
  });

  it('a clean dry run stages, the commit writes every item once, and a second commit is refused', async () => {
    const file = await workbookBuffer([
      {
        name: '试题',
        rows: [
          header,
          row({ 题型: '判断', 题干: '电流的单位是安培。', 答案: '√', 难度: 1, 鉴定点: 'B001', 标签: '单位' }),
          row({ 题型: '单选', 题干: '电压的单位是（　）。', 选项A: '伏特', 选项B: '安培', 选项C: '欧姆', 选项D: '瓦特', 答案: 'A', 难度: 2, 鉴定点: 'B002' }),
          row({ 题型: '多选', 题干: '属于导体的有（　）。', 选项A: '铜', 选项B: '铝', 选项C: '橡胶', 选项D: '铁', 选项E: '陶瓷', 答案: 'A,B，D', 难度: 2, 鉴定点: 'CB001', 适用等级: '3,2' }),
          row({ 题型: '简答', 题干: '简述停电检修的安全措施。', 答案: '停电、验电、装设接地线、悬挂标示牌和装设遮栏。', 难度: 3, 鉴定点: 'D001', 分值: 10 }),
        ],
      },
    ]);
    const dry = await request(http).post(`/api/v1/banks/${bankId}/imports`).set(...bearer(await bankAdmin.token())).field('mode', 'draft').attach('file', file, 'batch1.xlsx').expect(201);
    expect(dry.body).to.include({ status: 'ready', canCommit: true, rows: 4, validRows: 4, additions: 4, updates: 0, errorCount: 0 });
    expect(await ItemModel.countDocuments({ bankId })).to.equal(0);

    const done = await request(http).post(`/api/v1/banks/${bankId}/imports/${dry.body.jobId}/commit`).set(...bearer(await bankAdmin.token())).expect(200);
    expect(done.body.status).to.equal('finalized');
    expect(done.body.result).to.deep.equal({ created: 4, updated: 0, unchanged: 0, conflicts: [] });
    const items = await ItemModel.find({ bankId }).sort({ code: 1 }).lean();
    expect(items.map((i) => [i.code, i.latestState, String(i.importJobId)])).to.deep.equal([
      ['B001-001', 'draft', dry.body.jobId],
      ['B002-001', 'draft', dry.body.jobId],
      ['CB001-001', 'draft', dry.body.jobId],
      ['D001-001', 'draft', dry.body.jobId],
    ]);
    await request(http).post(`/api/v1/banks/${bankId}/imports/${dry.body.jobId}/commit`).set(...bearer(await bankAdmin.token())).expect(409);
    expect(await AuditEntryModel.countDocuments({ action: 'bank.import.commit' })).to.equal(1);
    await request(http).post(`/api/v1/banks/${bankId}/imports`).set(...bearer(await writer.token())).attach('file', file, 'batch1.xlsx').expect(403);
  });

  it('JSON export → import into another bank gives identical items and codes', async () => {
    // Approve two items so that the export carries both states.
    const writerPrincipal = (await app.identity.principalFromToken(await writer.token()))!.principal;
    const created = await app.bank.createItem(writerPrincipal, bankId, singleItem({ stem: '<p>一只 220 V、60 W 的灯泡的额定电流约为（　）。</p>' }), SYSTEM_ACTOR);
    await app.bank.createItem(writerPrincipal, bankId, judgeItem({ stem: '<p>在潮湿场所应使用安全电压。</p>', levels: [5] }), SYSTEM_ACTOR);
    expect(created.code).to.equal('B002-002');

    const exported = await request(http).get(`/api/v1/banks/${bankId}/export?format=json`).set(...bearer(await bankAdmin.token())).buffer(true).parse(binary).expect(200);
    expect(exported.headers['content-disposition']).to.match(/attachment/);
    const doc = JSON.parse((exported.body as Buffer).toString('utf8'));
    expect(doc.format).to.equal('skill-appraisal-bank-export');
    expect(doc.items).to.have.length(6);
    expect(doc.standard.occupation.code).to.equal(ELECTRICIAN);

    const target = await app.bank.createBank({ code: 'GD-DG', name: '广东分库', tier: 'provincial', occupationCode: ELECTRICIAN, standardEdition: '2018', parentBankId: bankId }, SYSTEM_ACTOR);
    const targetAdmin = await createStaff(app, 'gdadmin', [{ role: 'bank_admin', scope: { type: 'bank', id: target.id } }]);
    const dry = await request(http).post(`/api/v1/banks/${target.id}/imports`).set(...bearer(await targetAdmin.token())).field('mode', 'approved').attach('file', exported.body as Buffer, 'export.json').expect(201);
    expect(dry.body).to.include({ status: 'ready', validRows: 6, additions: 6, format: 'json' });
    await request(http).post(`/api/v1/banks/${target.id}/imports/${dry.body.jobId}/commit`).set(...bearer(await targetAdmin.token())).expect(200);

    const source = await ItemModel.find({ bankId }).sort({ code: 1 }).lean();
    const copied = await ItemModel.find({ bankId: target.id }).sort({ code: 1 }).lean();
    expect(copied.map((i) => i.code)).to.deep.equal(source.map((i) => i.code));
    expect(copied.every((i) => i.latestState === 'approved' && i.approvedVersion === 1)).to.equal(true);
    for (const [i, item] of source.entries()) {
      const a = await ItemVersionModel.findOne({ itemId: item._id, version: item.latestVersion }).lean();
      const b = await ItemVersionModel.findOne({ itemId: copied[i]!._id, version: 1 }).lean();
      expect(b!.content, item.code).to.deep.equal(a!.content);
      expect(b!.contentHash).to.equal(a!.contentHash);
    }
    // New items in the target continue after the imported codes.
    const next = await app.bank.createItem((await app.identity.principalFromToken(await (await createStaff(app, 'gdwriter', [{ role: 'writer', scope: { type: 'bank', id: target.id } }])).token()))!.principal, target.id, singleItem(), SYSTEM_ACTOR);
    expect(next.code).to.equal('B002-003');
  });

  it('xlsx export → re-import updates only what changed, as new versions', async () => {
    const exported = await request(http).get(`/api/v1/banks/${bankId}/export?format=xlsx`).set(...bearer(await bankAdmin.token())).buffer(true).parse(binary).expect(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(exported.body as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    const headerRow = sheet.getRow(1).values as string[];
    const codeCol = headerRow.indexOf('试题编号');
    const stemCol = headerRow.indexOf('题干');
    let changedCode = '';
    sheet.eachRow((r, n) => {
      if (n > 1 && r.getCell(codeCol).value === 'B001-001') {
        r.getCell(stemCol).value = '电流的国际单位是安培（A）。';
        changedCode = 'B001-001';
      }
    });
    expect(changedCode).to.equal('B001-001');
    const edited = Buffer.from(await workbook.xlsx.writeBuffer());
    const dry = await request(http).post(`/api/v1/banks/${bankId}/imports`).set(...bearer(await bankAdmin.token())).attach('file', edited, 'edited.xlsx').expect(201);
    expect(dry.body).to.include({ status: 'ready', updates: 6, additions: 0 });
    const done = await request(http).post(`/api/v1/banks/${bankId}/imports/${dry.body.jobId}/commit`).set(...bearer(await bankAdmin.token())).expect(200);
    expect(done.body.result).to.deep.equal({ created: 0, updated: 1, unchanged: 5, conflicts: [] });
    const item = await ItemModel.findOne({ bankId, code: 'B001-001' }).lean();
    expect(item!.latestVersion).to.equal(2);
    const v2 = await ItemVersionModel.findOne({ itemId: item!._id, version: 2 }).lean();
    expect(v2!.content.stem).to.equal('<p>电流的国际单位是安培（A）。</p>');
    expect(v2!.basedOn).to.equal(1);
  });

  it('serves the blank template with the documented headers', async () => {
    const res = await request(http).get('/api/v1/import-template.xlsx').set(...bearer(await bankAdmin.token())).buffer(true).parse(binary).expect(200);
    expect(res.headers['content-disposition']).to.contain("filename*=UTF-8''%E8%AF%95%E9%A2%98");
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.body as unknown as ArrayBuffer);
    const headers = (workbook.worksheets[0]!.getRow(1).values as string[]).slice(1);
    expect(headers.slice(0, 16)).to.deep.equal(['题型', '题干', '选项A', '选项B', '选项C', '选项D', '选项E', '选项F', '选项G', '选项H', '答案', '解析', '难度', '鉴定点', '分值', '标签']);
    expect(workbook.worksheets.map((w) => w.name)).to.include('填写说明');
  });

  it('an import interrupted before its commit point is rolled back at start-up', async () => {
    const job = await ImportJobModel.create({ bankId, format: 'xlsx', fileName: 'x.xlsx', mode: 'draft', status: 'committing', createdBy: 'x', createdByName: 'x' });
    await ItemModel.collection.insertOne({ bankId: job.bankId, code: 'A001-999', type: 'judge', pointCode: 'A001', levels: [5], difficulty: 1, tags: [], stemText: '', latestVersion: 1, latestState: 'draft', latestAuthorId: 'x', approvedVersion: null, retired: false, importJobId: job._id, createdBy: 'x' });
    await ImportJobModel.collection.updateOne({ _id: job._id }, { $set: { updatedAt: new Date(Date.now() - 3_600_000) } });
    const list = await request(http).get(`/api/v1/banks/${bankId}/items?q=A001-999`).set(...bearer(await writer.token())).expect(200);
    expect(list.body.total).to.equal(0);
    expect(await app.transfer.recoverInterrupted()).to.equal(1);
    expect(await ItemModel.countDocuments({ code: 'A001-999' })).to.equal(0);
    expect((await ImportJobModel.findById(job._id).lean())!.status).to.equal('failed');
  });
});
