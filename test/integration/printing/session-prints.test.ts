import { expect } from 'chai';
import request from 'supertest';
import { buildTestApp } from '../../support/app';
import { useFreshDatabase } from '../../support/database';
import { bearer, createStaff } from '../../support/identity';
import { binary, pdfText } from '../../support/pdf';
import { sessionCookie } from '../../support/session';
import { createExamWorld, scheduleSession, type ExamWorld } from '../../support/exam';
import { ExamSessionModel } from '../../../server/sessions/model';
import { PaperModel } from '../../../server/assembly/model';
import { AuditEntryModel } from '../../../server/audit/model';

const hours = (h: number) => new Date(Date.now() + h * 3600_000);
const flat = (pdf: Buffer) => pdfText(pdf).replace(/\s+/g, '');

describe('printing a session’s papers for a paper-based sitting', function () {
  this.timeout(120_000);
  useFreshDatabase('session_prints');
  const app = buildTestApp();
  let world: ExamWorld;
  let admin: string;

  before(async () => {
    world = await createExamWorld(app);
    admin = await world.centreAdmin.token();
  });

  it('prints form B of an A/B session with the centre code in the footer, and audits it against the session', async () => {
    const s = await scheduleSession(app, world, { startsAt: hours(3), endsAt: hours(5), count: 4, mode: 'forms', open: false });
    // Papers not prepared yet: nothing to print.
    const early = await request(app.express).get(`/api/v1/sessions/${s.id}/print/paper.pdf?form=B`).set(...bearer(admin));
    expect(early.status).to.equal(409);
    expect(early.body.detail).to.contain('请先“准备试卷”');
    await request(app.express).post(`/api/v1/sessions/${s.id}/prepare-papers`).set(...bearer(admin)).expect(200);

    const session = (await ExamSessionModel.findById(s.id).lean())!;
    const formB = (await PaperModel.findById(session.formPaperIds[1]).lean())!;
    const pdf = (await binary(request(app.express).get(`/api/v1/sessions/${s.id}/print/paper.pdf?form=b&copy=2&of=3`).set(...bearer(admin))).expect(200)).body as Buffer;
    const text = flat(pdf);
    expect(text).to.include('职业技能鉴定国家题库').and.include('机构S0001').and.include('第2份/共3份');
    // Form B's paper, not A's: the paper code printed is B's.
    expect(text).to.include(String(formB._id).slice(-8).toUpperCase());
    expect(text).to.not.include(String(session.formPaperIds[0]).slice(-8).toUpperCase());
    const docx = await binary(request(app.express).get(`/api/v1/sessions/${s.id}/print/answer-key.docx?form=A`).set(...bearer(admin))).expect(200);
    expect((docx.body as Buffer).subarray(0, 2).toString('latin1')).to.equal('PK');
    const audits = await AuditEntryModel.find({ action: 'session.print', 'target.id': s.id }).lean();
    expect(audits.map((a) => `${String(a.details.document)}.${String(a.details.format)}`)).to.have.members(['paper.pdf', 'answer-key.docx']);
    expect(audits.find((a) => a.details.document === 'paper')!.details.paperId).to.equal(String(formB._id));

    // The session page offers each form's documents to its centre admin.
    const page = await request(app.express).get(`/sessions/${s.id}`).set('Cookie', await sessionCookie(app, 'centreadmin')).expect(200);
    expect(page.text).to.contain(`/api/v1/sessions/${s.id}/print/paper.pdf?form=B`).and.contain('打印纸笔考试材料');

    // A form the session does not have.
    const none = await request(app.express).get(`/api/v1/sessions/${s.id}/print/paper.pdf?form=C`).set(...bearer(admin));
    expect(none.status).to.equal(422);
    expect(none.body.errors[0].message).to.equal('本场只有 A、B 卷');
  });

  it('prints one candidate’s own paper in 一人一卷 mode, and asks which candidate otherwise', async () => {
    const s = await scheduleSession(app, world, { startsAt: hours(3), endsAt: hours(5), count: 2, open: false });
    await request(app.express).post(`/api/v1/sessions/${s.id}/prepare-papers`).set(...bearer(admin)).expect(200);
    const unnamed = await request(app.express).get(`/api/v1/sessions/${s.id}/print/answer-card.pdf`).set(...bearer(admin));
    expect(unnamed.status).to.equal(422);
    const card = (await binary(request(app.express).get(`/api/v1/sessions/${s.id}/print/answer-card.pdf?registration=${s.candidates[1]!.registrationId}`).set(...bearer(admin))).expect(200)).body as Buffer;
    expect(flat(card)).to.include('答题卡');
  });

  it('prints nothing of a draft, and nothing for another centre (404) or another role (403)', async () => {
    const draft = await scheduleSession(app, world, { startsAt: hours(3), endsAt: hours(5), count: 1, mode: 'forms', publish: false, open: false });
    const refused = await request(app.express).get(`/api/v1/sessions/${draft.id}/print/paper.pdf`).set(...bearer(admin));
    expect(refused.status).to.equal(409);
    expect(refused.body.detail).to.equal('考试批次发布后才能打印试卷。');
    const published = await scheduleSession(app, world, { startsAt: hours(3), endsAt: hours(5), count: 1, mode: 'forms', open: false });
    await request(app.express).post(`/api/v1/sessions/${published.id}/prepare-papers`).set(...bearer(admin)).expect(200);
    const elsewhere = await createStaff(app, 'centreadmin2', [{ role: 'centre_admin', scope: { type: 'centre', id: world.otherCentreId } }]);
    expect((await request(app.express).get(`/api/v1/sessions/${published.id}/print/paper.pdf`).set(...bearer(await elsewhere.token()))).status).to.equal(404);
    expect((await request(app.express).get(`/api/v1/sessions/${published.id}/print/paper.pdf`).set(...bearer(await world.proctors[0].token()))).status).to.equal(403);
    expect((await request(app.express).get(`/api/v1/sessions/${published.id}/print/paper.pdf`).set(...bearer(await world.bankAdmin.token()))).status).to.equal(403);
    expect(await AuditEntryModel.countDocuments({ action: 'session.print', 'target.id': { $in: [draft.id, published.id] } })).to.equal(0);
  });
});
