import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import ExcelJS from 'exceljs';
import { buildTestApp } from '../../support/app';
import { useFreshDatabase } from '../../support/database';
import { sessionCookie } from '../../support/session';
import { createExamWorld, residentId, type ExamWorld } from '../../support/exam';
import { ExamSessionModel, RegistrationModel } from '../../../server/sessions/model';
import { AuditEntryModel } from '../../../server/audit/model';
import { CentreModel } from '../../../server/sessions/model';
import { BlueprintModel } from '../../../server/assembly/model';
import { t } from '../../../server/i18n/translate';
import { UserModel } from '../../../server/identity/model';

async function sheet(rows: unknown[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('报名表');
  ws.addRow(['电工三级理论考试报名表（请勿修改表头）']);
  ws.addRow(['序号', '姓名', '证件类型', '证件号码']);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('session pages: schedule, register (one and by sheet), publish, tickets, seat plan', function () {
  this.timeout(120_000);
  useFreshDatabase('session_pages');
  const app = buildTestApp({ loginIpMax: 10_000 });
  let world: ExamWorld;
  let cookie: string;
  let csrf: string;
  let sessionUrl: string;

  before(async () => {
    world = await createExamWorld(app);
    cookie = await sessionCookie(app, 'centreadmin');
    const page = await request(app.express).get('/sessions').set('Cookie', cookie).expect(200);
    csrf = /name="csrf-token" content="([^"]+)"/.exec(page.text)![1]!;
  });

  it('schedules a session from the form, refusing unknown proctors in Chinese', async () => {
    const form = await request(app.express).get('/sessions/new').set('Cookie', cookie).expect(200);
    expect(form.text).to.contain('三级机考');
    const base = { _csrf: csrf, centreId: world.centreId, title: '电工三级理论知识考试', blueprintId: world.blueprintId, mode: 'per-candidate', startsAt: '2027-03-01T09:00', endsAt: '2027-03-01T11:30', durationMinutes: '120', lateEntryMinutes: '15' };
    const bad = await request(app.express).post('/sessions').set('Cookie', cookie).type('form').send({ ...base, rooms: '01 第一考场 30 proctor1 nobody' });
    expect(bad.status).to.equal(422);
    expect(bad.text).to.contain('nobody 不是本机构的监考员');
    const created = await request(app.express).post('/sessions').set('Cookie', cookie).type('form').send({ ...base, rooms: '01 第一考场 30 proctor1 proctor2' });
    expect(created.status).to.equal(303);
    sessionUrl = created.headers.location as string;
    const detail = await request(app.express).get(sessionUrl).set('Cookie', cookie).expect(200);
    expect(detail.text).to.contain('草稿');
    // Shown in Beijing time: 09:00 in the form is 01:00 UTC.
    expect(detail.text).to.match(/09:00/);
  });

  it('registers one candidate, and refuses a bad ID number next to the form', async () => {
    const bad = await request(app.express).post(`${sessionUrl}/registrations`).set('Cookie', cookie).type('form').send({ _csrf: csrf, name: '赵六', idType: 'resident_id', idNumber: '110101199003070000' });
    expect(bad.status).to.equal(422);
    expect(bad.text).to.contain('证件号码校验不通过');
    await request(app.express).post(`${sessionUrl}/registrations`).set('Cookie', cookie).type('form').send({ _csrf: csrf, name: '赵六', idType: 'resident_id', idNumber: residentId(901) }).expect(303);
    expect(await RegistrationModel.countDocuments({})).to.equal(1);
  });

  it('checks a registration sheet row by row, writes nothing while a row is wrong, then registers all', async () => {
    const broken = await sheet([[1, '钱七', '居民身份证', residentId(902)], [2, '孙八', '身份证', '12345'], [3, '周九', '护照照', 'E1234567']]);
    const report = await request(app.express).post(`${sessionUrl}/registrations/import?_csrf=${encodeURIComponent(csrf)}`).set('Cookie', cookie).attach('file', broken, '报名表.xlsx').expect(200);
    expect(report.text).to.contain('2 行有错误');
    expect(report.text).to.contain('证件类型“护照照”无法识别');
    expect(report.text).to.not.contain('确认报名');
    expect(await RegistrationModel.countDocuments({})).to.equal(1);

    const good = await sheet([[1, '钱七', '居民身份证', residentId(902)], [2, '孙八', '身份证', residentId(903)], [3, '周九', '护照', 'E1234567']]);
    const ok = await request(app.express).post(`${sessionUrl}/registrations/import?_csrf=${encodeURIComponent(csrf)}`).set('Cookie', cookie).attach('file', good, '报名表.xlsx').expect(200);
    const importId = /name="importId" value="([0-9a-f]{24})"/.exec(ok.text)![1]!;
    expect(await RegistrationModel.countDocuments({})).to.equal(1);
    await request(app.express).post(`${sessionUrl}/registrations/commit`).set('Cookie', cookie).type('form').send({ _csrf: csrf, importId }).expect(303);
    const regs = await RegistrationModel.find({}).sort({ serial: 1 }).lean();
    expect(regs.map((r) => r.name)).to.deep.equal(['赵六', '钱七', '孙八', '周九']);
    expect(new Set(regs.map((r) => r.admissionNo)).size).to.equal(4);
    expect(regs.map((r) => r.seat)).to.deep.equal([1, 2, 3, 4]);
    // The same staged import cannot be committed twice.
    expect((await request(app.express).post(`${sessionUrl}/registrations/commit`).set('Cookie', cookie).type('form').send({ _csrf: csrf, importId })).status).to.equal(404);
  });

  it('refuses a file that is not a workbook, with nothing written', async () => {
    const res = await request(app.express).post(`${sessionUrl}/registrations/import?_csrf=${encodeURIComponent(csrf)}`).set('Cookie', cookie).attach('file', Buffer.from('姓名,证件号码\n张三,1'), '报名表.xlsx');
    expect(res.status).to.equal(422);
    expect(res.text).to.contain('不是有效的 .xlsx 工作簿');
    expect(await RegistrationModel.countDocuments({})).to.equal(4);
  });

  it('publishes after confirmation, prints admission tickets and shows the seat plan', async () => {
    const id = sessionUrl.split('/').pop()!;
    expect((await request(app.express).get(`/api/v1/sessions/${id}/admission-tickets.pdf`).set('Cookie', cookie)).status).to.equal(409);
    const ask = await request(app.express).post(`${sessionUrl}/transition`).set('Cookie', cookie).type('form').send({ _csrf: csrf, transition: 'publish' }).expect(200);
    expect(ask.text).to.contain('确定发布吗');
    await request(app.express).post(`${sessionUrl}/transition`).set('Cookie', cookie).type('form').send({ _csrf: csrf, transition: 'publish', confirmed: '1' }).expect(303);
    const pdf = await request(app.express).get(`/api/v1/sessions/${id}/admission-tickets.pdf`).set('Cookie', cookie).buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    }).expect(200);
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'tickets-')), 'tickets.pdf');
    writeFileSync(file, pdf.body as Buffer);
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    const regs = await RegistrationModel.find({}).lean();
    for (const r of regs) {
      expect(text).to.contain(r.admissionNo);
      expect(text).to.contain(r.name);
    }
    expect(text.replace(/\s/g, '')).to.contain('准考证');
    const plan = await request(app.express).get(`${sessionUrl}/seat-plan`).set('Cookie', cookie).expect(200);
    expect(plan.text).to.contain('周九');
    // Another centre's staff do not see the session.
    const outsider = await sessionCookie(app, 'proctor9');
    expect((await request(app.express).get(sessionUrl).set('Cookie', outsider)).status).to.equal(404);
  });

  it('edits a published session: a new time needs a reason, and the amendment is kept and audited', async () => {
    const id = sessionUrl.split('/').pop()!;
    const form = await request(app.express).get(`${sessionUrl}/edit`).set('Cookie', cookie).expect(200);
    expect(form.text).to.contain('变更原因');
    // The rooms come back with the proctors' user names, and the times in Beijing time.
    expect(form.text).to.contain('01 第一考场 30 proctor1 proctor2');
    expect(form.text).to.contain('value="2027-03-01T09:00"');
    const revision = /name="revision" value="(\d+)"/.exec(form.text)![1]!;
    const fields = { _csrf: csrf, revision, title: '电工三级理论知识考试（上午场）', startsAt: '2027-03-01T09:30', endsAt: '2027-03-01T11:30', durationMinutes: '120', lateEntryMinutes: '15', screenSwitchLimit: '0', rooms: '01 第一考场 30 proctor1 proctor2' };
    const refused = await request(app.express).post(`${sessionUrl}/edit`).set('Cookie', cookie).type('form').send(fields);
    expect(refused.status).to.equal(409);
    expect(refused.text).to.contain('须填写变更原因');
    // What was typed stays in the form.
    expect(refused.text).to.contain('电工三级理论知识考试（上午场）');
    expect((await ExamSessionModel.findById(id).lean())!.title).to.equal('电工三级理论知识考试');

    await request(app.express).post(`${sessionUrl}/edit`).set('Cookie', cookie).type('form').send({ ...fields, reason: '考点停电，推迟半小时开考' }).expect(303);
    const stored = (await ExamSessionModel.findById(id).lean())!;
    expect(stored.title).to.equal('电工三级理论知识考试（上午场）');
    expect(stored.startsAt.toISOString()).to.equal('2027-03-01T01:30:00.000Z');
    expect(stored.amendments.at(-1)!.reason).to.equal('考点停电，推迟半小时开考');
    expect(await AuditEntryModel.countDocuments({ action: 'session.amend', 'target.id': id })).to.equal(1);
    const detail = await request(app.express).get(sessionUrl).set('Cookie', cookie).expect(200);
    expect(detail.text).to.contain('考点停电，推迟半小时开考');

    // A stale form (the revision it was read at) is refused rather than overwriting.
    const stale = await request(app.express).post(`${sessionUrl}/edit`).set('Cookie', cookie).type('form').send({ ...fields, title: '旧表单', reason: '再次修改时间' });
    expect(stale.status).to.equal(409);
    expect(stale.text).to.contain('已被他人修改');
    expect((await ExamSessionModel.findById(id).lean())!.title).to.equal('电工三级理论知识考试（上午场）');
  });

  it('speaks English on the list, the forms and the detail page: no Chinese left but the data', async () => {
    const en = (url: string) => request(app.express).get(`${url}${url.includes('?') ? '&' : '?'}lang=en`).set('Cookie', cookie);
    const form = await en('/sessions/new').expect(200);
    expect(form.text).to.contain('Schedule a session').and.contain('Save as draft').and.contain('01 Room-1 30 proctor1 proctor2');
    const created = await request(app.express).post('/sessions?lang=en').set('Cookie', cookie).type('form').send({ _csrf: csrf, centreId: world.centreId, title: 'Electrician L3 evening', blueprintId: world.blueprintId, mode: 'forms', forms: '2', startsAt: '2027-03-02T18:00', endsAt: '2027-03-02T20:30', durationMinutes: '120', lateEntryMinutes: '15', rooms: '01 Room-1 30 proctor1 proctor2' });
    expect(created.status).to.equal(303);
    const url = created.headers.location as string;
    // A form error in English: the date-time fields are checked by the page.
    const badTime = await request(app.express).post('/sessions?lang=en').set('Cookie', cookie).type('form').send({ _csrf: csrf, centreId: world.centreId, title: 'Bad time', blueprintId: world.blueprintId, startsAt: 'tomorrow', endsAt: '2027-03-02T20:30', rooms: '' });
    expect(badTime.status).to.equal(422);
    expect(badTime.text).to.contain('The start time is not a valid date and time');
    await request(app.express).post(`${url}/registrations`).set('Cookie', cookie).type('form').send({ _csrf: csrf, name: 'Li Lei', idType: 'passport', idNumber: 'E7654321' }).expect(303);

    // Data the world and the earlier tests wrote in Chinese: stripped before looking for Chinese.
    const data = [
      ...(await ExamSessionModel.find({}).lean()).flatMap((s) => [s.title, s.occupationName, ...s.rooms.map((r) => r.name)]),
      ...(await CentreModel.find({}).lean()).map((c) => c.name),
      ...(await BlueprintModel.find({}).lean()).map((b) => b.name),
      ...(await RegistrationModel.find({}).lean()).map((r) => r.name),
      ...(await UserModel.find({}).lean()).map((u) => u.displayName),
      // The layout's language switch names Chinese in Chinese, and its logo is the glyph 鉴 (aria-hidden).
      t('en', 'nav.switchToChinese'),
      '<span class="brand-mark" aria-hidden="true">鉴</span>',
      // The sheet's column headers are Chinese words the reader matches; the English hint names them.
      t('en', 'sessions.registrations.importHint'),
    ].filter(Boolean).sort((a, b) => b.length - a.length);
    const chineseLeft = (html: string) => {
      let text = html;
      for (const d of data) text = text.split(d).join('');
      return text.match(/[\p{Script=Han}\u3000-\u303f\uff01-\uff60]+/gu) ?? [];
    };
    const pages = {
      list: await en('/sessions').expect(200),
      new: form,
      edit: await en(`${url}/edit`).expect(200),
      detail: await en(url).expect(200),
      seatPlan: await en(`${url}/seat-plan`).expect(200),
    };
    for (const [name, page] of Object.entries(pages)) expect(chineseLeft(page.text), name).to.deep.equal([]);
    expect(pages.list.text).to.contain('Draft').and.contain('Electrician L3 evening');
    expect(pages.detail.text).to.contain('Passport').and.contain('Registered').and.contain(' (2 parallel forms)').and.contain('Publish');
    // The same detail page in Chinese still reads as before.
    const zh = await request(app.express).get(url).set('Cookie', cookie).expect(200);
    expect(zh.text).to.contain('护照').and.contain('已报名').and.contain('（平行卷 2 套）').and.contain('确定发布吗？发布后关键字段只能通过变更记录修改。');
    expect(chineseLeft(zh.text)).to.not.deep.equal([]);
  });
});
