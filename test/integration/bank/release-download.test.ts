import { expect } from 'chai';
import ExcelJS from 'exceljs';
import request from 'supertest';
import { buildTestApp } from '../../support/app';
import { useFreshDatabase } from '../../support/database';
import { createStaff, bearer } from '../../support/identity';
import { sessionCookie } from '../../support/session';
import { createBankWorld } from '../../support/bank';
import { judgeItem } from '../../support/fixtures';
import { SYSTEM_ACTOR } from '../../../server/audit/service';
import { ReleaseModel } from '../../../server/bank/model';
import type { Principal } from '../../../server/platform/routing';

const binary = (res: request.Response, done: (error: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};

describe('release downloads and publishing feedback', function () {
  this.timeout(120_000);
  useFreshDatabase('release_download');
  const app = buildTestApp({ loginIpMax: 1000 });
  let bankId = '';
  let releaseId = '';
  let token = '';
  let cookie = '';

  before(async () => {
    const { electrician } = await createBankWorld(app);
    bankId = electrician.id;
    const scope = { type: 'bank' as const, id: bankId };
    const w = await createStaff(app, 'writer', [{ role: 'writer', scope }]);
    const r = await createStaff(app, 'reviewer', [{ role: 'reviewer', scope }]);
    const admin = await createStaff(app, 'bankadmin', [{ role: 'bank_admin', scope }]);
    token = await admin.token();
    cookie = await sessionCookie(app, 'bankadmin');
    const writer: Principal = { kind: 'staff', id: w.id, displayName: 'writer', roles: [{ role: 'writer', scope }], tokenVersion: 0 };
    const reviewer: Principal = { kind: 'staff', id: r.id, displayName: 'reviewer', roles: [{ role: 'reviewer', scope }], tokenVersion: 0 };
    const skill = {
      type: 'skill',
      pointCode: 'E001',
      levels: [5, 4],
      difficulty: 3,
      estimatedSeconds: 3600,
      stem: '<p>按图安装一盏白炽灯的照明线路。</p>',
      explanation: '',
      tags: [],
      timeAllowedMinutes: 60,
      venuePreparation: ['配电板 1 块'],
      candidatePreparation: ['电工工具 1 套'],
      scoringRows: [
        { element: '元件安装', requirement: '位置正确、牢固', points: 40, deductionRules: '每处错误扣 5 分', veto: false },
        { element: '线路连接', requirement: '接线正确', points: 50, deductionRules: '每处错误扣 10 分', veto: false },
        { element: '安全文明', requirement: '无事故', points: 10, deductionRules: '发生严重设备和人身事故取消考试资格', veto: true },
      ],
    };
    for (const content of [judgeItem({ stem: '<p>电流的单位是安培。</p>' }), skill]) {
      const item = await app.bank.createItem(writer, bankId, content as never, SYSTEM_ACTOR);
      await app.bank.transition(writer, item.id, 1, 'submit', undefined, SYSTEM_ACTOR);
      await app.bank.transition(reviewer, item.id, 1, 'approve', undefined, SYSTEM_ACTOR);
    }
    const published = await request(app.express).post(`/api/v1/banks/${bankId}/releases`).set(...bearer(token)).send({ comment: '首版' });
    expect(published.status, published.text).to.be.within(200, 201);
    releaseId = published.body.id;
  });

  it('names the xlsx after the bank and release number, and puts each skill task on its own sheet with its scoring rows', async () => {
    const res = await request(app.express).get(`/api/v1/banks/${bankId}/releases/${releaseId}/export?format=xlsx`).set(...bearer(token)).buffer(true).parse(binary).expect(200);
    expect(decodeURIComponent(/filename\*=UTF-8''([^;]+)/.exec(String(res.headers['content-disposition']))![1]!)).to.equal('NAT-DG-第1版.xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.body as unknown as ArrayBuffer);
    expect(workbook.getWorksheet('试题')!.rowCount).to.equal(2);
    const tasks = workbook.getWorksheet('技能操作试题')!;
    expect(tasks.getRow(1).values).to.include.members(['试题代码', '考核要素', '考核要求', '配分(本项)', '评分标准', '否决项']);
    expect(tasks.rowCount).to.equal(1 + 3);
    const rows = [2, 3, 4].map((n) => tasks.getRow(n));
    expect(rows.map((r) => r.getCell(10).value)).to.deep.equal(['元件安装', '线路连接', '安全文明']);
    expect(rows.map((r) => r.getCell(12).value)).to.deep.equal([40, 50, 10]);
    expect(rows[2]!.getCell(14).value).to.equal('是');
    expect(rows[0]!.getCell(6).value).to.equal('按图安装一盏白炽灯的照明线路。');
  });

  it('warns before publishing a release identical to the last, and publishes only when told again', async () => {
    const page = await request(app.express).get(`/bank/${bankId}/releases`).set('Cookie', cookie).expect(200);
    expect(page.text).to.contain('自第 1 版发布以来没有任何试题变化');
    expect(page.text).to.contain('data-busy="正在发布');
    const csrf = /name="csrf-token" content="([^"]+)"/.exec(page.text)![1]!;
    const first = await request(app.express).post(`/bank/${bankId}/releases`).set('Cookie', cookie).type('form').send({ _csrf: csrf, confirmed: '1', comment: '再发一次' });
    expect(first.status).to.equal(200);
    expect(first.text).to.contain('data-testid="confirm-message"');
    expect(first.text).to.contain('新版本将与第 1 版完全相同');
    expect(await ReleaseModel.countDocuments({ bankId })).to.equal(1);
    const second = await request(app.express).post(`/bank/${bankId}/releases`).set('Cookie', cookie).type('form').send({ _csrf: csrf, confirmed: '1', acceptNoChange: '1', comment: '再发一次' });
    expect(second.status).to.equal(303);
    expect(await ReleaseModel.countDocuments({ bankId })).to.equal(2);
  });
});
