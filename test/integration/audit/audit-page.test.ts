import { expect } from 'chai';
import ExcelJS from 'exceljs';
import request from 'supertest';
import { buildTestApp } from '../../support/app';
import { useFreshDatabase } from '../../support/database';
import { createStaff } from '../../support/identity';
import { sessionCookie } from '../../support/session';
import { createBankWorld, ELECTRICIAN, WELDER } from '../../support/bank';
import { AuditEntryModel } from '../../../server/audit/model';

/** The rows of the audit table as (action code, time text, actor, target) tuples. */
function rows(html: string): Array<{ action: string; at: string; text: string }> {
  return [...html.matchAll(/<tr data-action="([^"]+)">([\s\S]*?)<\/tr>/g)].map(([, action, body]) => ({
    action: action!,
    at: /data-testid="audit-at">([^<]*)</.exec(body!)?.[1] ?? '',
    text: body!.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' '),
  }));
}

describe('audit page: local times, actors, reads grouped, export, scope', function () {
  this.timeout(120_000);
  useFreshDatabase('audit_page');
  const app = buildTestApp({ loginIpMax: 1000 });
  let admin = '';
  let supervisor = '';
  let electricianBank = '';

  before(async () => {
    const { electrician, welder } = await createBankWorld(app);
    electricianBank = electrician.id;
    await createStaff(app, 'admin', [{ role: 'admin', scope: { type: 'global' } }]);
    await createStaff(app, 'zhang.san', [{ role: 'bank_admin', scope: { type: 'bank', id: electrician.id } }]);
    await createStaff(app, 'welderadmin', [{ role: 'bank_admin', scope: { type: 'bank', id: welder.id } }]);
    await createStaff(app, 'super', [{ role: 'supervisor', scope: { type: 'occupation', id: ELECTRICIAN } }]);
    admin = await sessionCookie(app, 'admin');
    supervisor = await sessionCookie(app, 'super');
    // One act on each bank: the electrician bank's by zhang.san, the welder bank's by welderadmin.
    await request(app.express).get(`/bank/${electrician.id}/releases`).set('Cookie', await sessionCookie(app, 'zhang.san'));
    await AuditEntryModel.updateMany({}, { $set: { at: new Date('2026-12-01T01:30:00Z') } }); // 09:30 in Beijing
    void welder;
    void WELDER;
  });

  it('shows Chinese action names and Beijing time, and reads typed times as Beijing time', async () => {
    const page = await request(app.express).get('/audit').set('Cookie', admin).expect(200);
    const all = rows(page.text);
    const created = all.find((r) => r.action === 'user.create')!;
    expect(created.text).to.contain('新建用户');
    expect(created.at).to.contain('09:30');
    expect(page.text).to.contain('时间按 Asia/Shanghai 填写和显示。');
    // 09:00–10:00 Beijing contains the entries; 01:00–02:00 (their UTC time, read as Beijing) does not.
    const inside = await request(app.express).get('/audit?from=2026-12-01T09:00&to=2026-12-01T10:00').set('Cookie', admin).expect(200);
    expect(rows(inside.text).some((r) => r.action === 'user.create')).to.equal(true);
    expect(inside.text).to.contain('value="2026-12-01T09:00"');
    const utcHour = await request(app.express).get('/audit?from=2026-12-01T01:00&to=2026-12-01T02:00').set('Cookie', admin).expect(200);
    expect(rows(utcHour.text).filter((r) => r.action === 'user.create')).to.have.length(0);
    const bad = await request(app.express).get('/audit?from=2026-13-45').set('Cookie', admin).expect(200);
    expect(bad.text).to.contain('筛选条件“起始”的值无效，已忽略。');
  });

  it('finds the actor by username or by any part of the name', async () => {
    for (const actor of ['zhang.san', 'ZHANG.SAN', 'zhang', '测试']) {
      const page = await request(app.express).get(`/audit?actor=${encodeURIComponent(actor)}&reads=1`).set('Cookie', admin).expect(200);
      expect(rows(page.text).length, actor).to.be.greaterThan(0);
      expect(rows(page.text).every((r) => r.text.includes('zhang.san') || r.text.includes('测试')), actor).to.equal(true);
    }
    const none = await request(app.express).get('/audit?actor=nobody-at-all').set('Cookie', admin).expect(200);
    expect(rows(none.text)).to.have.length(0);
  });

  it('keeps reads of the log off the page by default, counted, and folds repeated reads into one row', async () => {
    for (let i = 0; i < 5; i++) await request(app.express).get('/audit').set('Cookie', admin).expect(200);
    const page = await request(app.express).get('/audit').set('Cookie', admin).expect(200);
    expect(rows(page.text).some((r) => r.action === 'audit.query')).to.equal(false);
    expect(page.text).to.match(/另有 \d+ 条查阅日志的记录未显示。/);
    const withReads = await request(app.express).get('/audit?reads=1').set('Cookie', admin).expect(200);
    const reads = rows(withReads.text).filter((r) => r.action === 'audit.query');
    expect(reads).to.have.length(1);
    expect(Number(/连续 (\d+) 次/.exec(reads[0]!.text)?.[1])).to.be.at.least(6);
  });

  it('links an entry to its object and summarises its details in words', async () => {
    const page = await request(app.express).get('/audit?action=user.create').set('Cookie', admin).expect(200);
    expect(page.text).to.match(/<a href="\/admin\/users\/[0-9a-f]{24}">用户 zhang\.san<\/a>/);
    expect(page.text).to.match(/<dt>角色<\/dt><dd>bank_admin@bank:[0-9a-f]{24}<\/dd>/);
    expect(page.text).not.to.contain('{&quot;');
  });

  it('exports the filtered log as xlsx with Chinese headers, and audits the export', async () => {
    const res = await request(app.express).get('/audit/export.xlsx?action=user.create').set('Cookie', admin).buffer(true).parse((r, done) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => done(null, Buffer.concat(chunks)));
    }).expect(200);
    expect(res.headers['content-type']).to.contain('spreadsheetml');
    expect(res.headers['content-disposition']).to.match(/audit-\d{12}\.xlsx/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.body as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('审计日志')!;
    expect(sheet.getRow(1).values).to.include.members(['序号', '时间', '操作人', '操作', '对象', '摘要']);
    expect(sheet.rowCount).to.equal(1 + 4);
    expect(String(sheet.getRow(2).getCell(4).value)).to.equal('新建用户');
    expect(await AuditEntryModel.countDocuments({ action: 'audit.export' })).to.equal(1);
  });

  it('shows a supervisor only what lies in their occupation', async () => {
    const page = await request(app.express).get('/audit?reads=1').set('Cookie', supervisor).expect(200);
    const seen = rows(page.text);
    expect(seen.some((r) => r.action === 'bank.create' && r.text.includes('NAT-DG'))).to.equal(true);
    expect(seen.some((r) => r.text.includes('NAT-HG'))).to.equal(false);
    expect(seen.some((r) => r.action === 'user.create')).to.equal(false);
    void electricianBank;
  });
});
