import { expect } from 'chai';
import request from 'supertest';
import ExcelJS from 'exceljs';
import { buildTestApp } from '../../support/app';
import { useFreshDatabase } from '../../support/database';
import { bearer } from '../../support/identity';
import { sessionCookie } from '../../support/session';
import { binary, pdfImageCount, samplePhoto } from '../../support/pdf';
import { createExamWorld, residentId, scheduleSession, type ExamWorld } from '../../support/exam';
import { RegistrationModel } from '../../../server/sessions/model';
import { CandidateModel } from '../../../server/identity/model';
import { AuditEntryModel } from '../../../server/audit/model';

const GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

/** A registration sheet as Excel writes it, with pictures placed in the 照片 column of some rows. */
async function sheetWithPhotos(rows: Array<{ name: string; id: string; photo?: { data: Buffer; extension: 'png' | 'gif' } }>): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('报名表');
  ws.addRow(['姓名', '证件类型', '证件号码', '照片']);
  rows.forEach((r, i) => {
    const row = ws.addRow([r.name, '居民身份证', r.id, '']);
    row.height = 60;
    if (r.photo) ws.addImage(wb.addImage({ buffer: r.photo.data as never, extension: r.photo.extension }), { tl: { col: 3.1, row: i + 1.1 }, ext: { width: 36, height: 48 } });
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('candidate photos: from the sheet, uploaded, at the door and on the ticket', function () {
  this.timeout(120_000);
  useFreshDatabase('session_photos');
  const app = buildTestApp({ loginIpMax: 10_000 });
  let world: ExamWorld;
  let cookie: string;
  let csrf: string;
  let sessionId: string;

  before(async () => {
    world = await createExamWorld(app);
    const s = await scheduleSession(app, world, { startsAt: new Date(Date.now() + 3 * 3600_000), endsAt: new Date(Date.now() + 5 * 3600_000), count: 1, open: false });
    sessionId = s.id;
    cookie = await sessionCookie(app, 'centreadmin');
    const page = await request(app.express).get('/sessions').set('Cookie', cookie).expect(200);
    csrf = /name="csrf-token" content="([^"]+)"/.exec(page.text)![1]!;
  });

  const importSheet = (file: Buffer) => request(app.express).post(`/sessions/${sessionId}/registrations/import?_csrf=${encodeURIComponent(csrf)}`).set('Cookie', cookie).attach('file', file, '报名表.xlsx');

  it('reads the photo placed in each row, refuses a picture that is not JPEG or PNG, then registers with the photos', async () => {
    const [a, b] = [samplePhoto(90), samplePhoto(200)];
    const people = [
      { name: '钱七', id: residentId(7001), photo: { data: a, extension: 'png' as const } },
      { name: '孙八', id: residentId(7002) },
      { name: '周九', id: residentId(7003), photo: { data: b, extension: 'png' as const } },
    ];
    const before = await RegistrationModel.countDocuments({});
    const refused = await importSheet(await sheetWithPhotos([...people, { name: '吴十', id: residentId(7004), photo: { data: GIF, extension: 'gif' } }])).expect(200);
    expect(refused.text).to.contain('照片须为 JPEG 或 PNG 图片');
    expect(refused.text).to.not.match(/name="importId"/);
    expect(await RegistrationModel.countDocuments({})).to.equal(before);

    const ok = await importSheet(await sheetWithPhotos(people)).expect(200);
    const importId = /name="importId" value="([0-9a-f]{24})"/.exec(ok.text)![1]!;
    await request(app.express).post(`/sessions/${sessionId}/registrations/commit`).set('Cookie', cookie).type('form').send({ _csrf: csrf, importId }).expect(303);

    const regs = await RegistrationModel.find({ name: { $in: ['钱七', '孙八', '周九'] } }).lean();
    const byName = new Map(regs.map((r) => [r.name, r]));
    expect(byName.get('孙八')!.photoId).to.equal(undefined);
    const admin = await world.centreAdmin.token();
    for (const [name, bytes] of [['钱七', a], ['周九', b]] as const) {
      const reg = byName.get(name)!;
      const photo = await binary(request(app.express).get(`/api/v1/sessions/${sessionId}/registrations/${String(reg._id)}/photo`).set(...bearer(admin))).expect(200);
      expect(photo.headers['content-type']).to.equal('image/png');
      expect(Buffer.compare(photo.body as Buffer, bytes), `${name}'s own photo`).to.equal(0);
      // The person keeps the photo for later registrations.
      expect((await CandidateModel.findById(reg.candidateId).lean())!.photoId).to.equal(reg.photoId);
    }
    // The list shows it; the page of 孙八 offers an upload.
    const detail = await request(app.express).get(`/sessions/${sessionId}`).set('Cookie', cookie).expect(200);
    expect(detail.text).to.contain(`/registrations/${String(byName.get('钱七')!._id)}/photo"`);
  });

  it('shows the photo to a proctor of the centre, and to nobody outside it', async () => {
    const reg = (await RegistrationModel.findOne({ name: '钱七' }).lean())!;
    const url = `/api/v1/sessions/${sessionId}/registrations/${String(reg._id)}/photo`;
    expect((await request(app.express).get(url).set(...bearer(await world.proctors[0].token()))).status).to.equal(200);
    expect((await request(app.express).get(url).set(...bearer(await world.otherProctor.token()))).status).to.equal(404);
    const without = (await RegistrationModel.findOne({ name: '孙八' }).lean())!;
    expect((await request(app.express).get(`/api/v1/sessions/${sessionId}/registrations/${String(without._id)}/photo`).set(...bearer(await world.centreAdmin.token()))).status).to.equal(404);
  });

  it('replaces a photo by upload (audited), refusing what is not a photo with nothing changed', async () => {
    const reg = (await RegistrationModel.findOne({ name: '孙八' }).lean())!;
    const url = `/api/v1/sessions/${sessionId}/registrations/${String(reg._id)}/photo`;
    const admin = await world.centreAdmin.token();
    const bad = await request(app.express).put(url).set(...bearer(admin)).attach('photo', Buffer.from('这不是图片'.repeat(20)), 'photo.png');
    expect(bad.status).to.equal(422);
    expect(bad.body.detail).to.equal('照片须为 JPEG 或 PNG 图片。');
    expect((await RegistrationModel.findById(reg._id).lean())!.photoId).to.equal(undefined);
    // A proctor may look, not change.
    expect((await request(app.express).put(url).set(...bearer(await world.proctors[0].token())).attach('photo', samplePhoto(30), 'p.png')).status).to.equal(403);

    const photo = samplePhoto(30);
    const ok = await request(app.express).put(url).set(...bearer(admin)).attach('photo', photo, 'p.png').expect(200);
    expect(ok.body.hasPhoto).to.equal(true);
    const stored = await binary(request(app.express).get(url).set(...bearer(admin))).expect(200);
    expect(Buffer.compare(stored.body as Buffer, photo)).to.equal(0);
    expect(await AuditEntryModel.countDocuments({ action: 'registration.photo', 'target.id': String(reg._id) })).to.equal(1);

    // The page form does the same, and shows a refusal on the page.
    const page = await request(app.express).post(`/sessions/${sessionId}/registrations/${String(reg._id)}/photo?_csrf=${encodeURIComponent(csrf)}`).set('Cookie', cookie).attach('photo', GIF, 'p.gif');
    expect(page.status).to.equal(422);
    expect(page.text).to.contain('照片须为 JPEG 或 PNG 图片。');
  });

  it('prints each registered photo on the admission tickets', async () => {
    const pdf = await binary(request(app.express).get(`/api/v1/sessions/${sessionId}/admission-tickets.pdf`).set(...bearer(await world.centreAdmin.token()))).expect(200);
    const withPhoto = await RegistrationModel.countDocuments({ sessionId, photoId: { $exists: true } });
    expect(withPhoto).to.equal(3);
    expect(pdfImageCount(pdf.body as Buffer)).to.equal(withPhoto);
  });
});
