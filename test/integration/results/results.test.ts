import { expect } from 'chai';
import request from 'supertest';
import { buildTestApp } from '../../support/app';
import { useFreshDatabase } from '../../support/database';
import { bearer, createStaff } from '../../support/identity';
import { candidateToken, scheduleSession, type ScheduledSession } from '../../support/exam';
import { assessOnlyTheoryAtLevel3, createMarkingWorld, markAll, sitAndSubmit, type MarkingWorld } from '../../support/marking';
import { ExamSessionModel, RegistrationModel } from '../../../server/sessions/model';
import { ResultVersionModel } from '../../../server/results/model';
import { AuditEntryModel } from '../../../server/audit/model';
import { MarkingTaskModel } from '../../../server/marking/model';

const minutes = (n: number) => new Date(Date.now() + n * 60_000);

/**
 * Results over HTTP. Expected scores come from the keys read through the item API and the
 * blueprint's points (判断 10 × 2, 单选 15 × 4, 简答 2 × 10), never from the scoring code.
 */
describe('results: marking, pass rule, publishing and versions', function () {
  this.timeout(300_000);
  useFreshDatabase('results_flow');
  const app = buildTestApp({ loginIpMax: 10_000 });
  let world: MarkingWorld;

  before(async () => {
    world = await createMarkingWorld(app);
  });

  const close = async (s: ScheduledSession) => request(app.express).post(`/api/v1/sessions/${s.id}/close`).set(...bearer(await world.centreAdmin.token())).expect(200);
  const resultsOf = async (s: ScheduledSession) => (await request(app.express).get(`/api/v1/sessions/${s.id}/results`).set(...bearer(await world.centreAdmin.token())).expect(200)).body;
  const candidateIdOf = async (registrationId: string) => String((await RegistrationModel.findById(registrationId).lean())!.candidateId);

  it('keeps the theory part pending while short answers are unmarked, says in Chinese that skill has no source yet, and refuses to publish', async () => {
    const s = await scheduleSession(app, world, { startsAt: minutes(-1), endsAt: minutes(60), count: 2 });
    for (const c of s.candidates) await sitAndSubmit(app, world, c, 10);
    const view = await resultsOf(s);
    expect(view.parts.map((p: { part: string }) => p.part)).to.deep.equal(['theory', 'skill']);
    expect(view.parts.every((p: { passMark: number }) => p.passMark === 60)).to.equal(true);
    for (const row of view.rows) {
      const [theory, skill] = row.parts;
      expect(theory).to.include({ part: 'theory', state: 'pending', score: null, pass: null, reason: '2 道主观题未评完' });
      expect(skill).to.include({ state: 'missing', reason: '鉴定批次中还没有技能操作考试' });
      expect(row.overall).to.equal('pending');
    }
    // A skill session of the same 鉴定批次 that these candidates did not register for: the part says so.
    const theory = (await ExamSessionModel.findById(s.id).lean())!;
    await ExamSessionModel.create({ ...theory, _id: undefined, code: `${theory.code}J`, part: 'skill', title: '电工三级技能操作考核' });
    const withSkill = await resultsOf(s);
    expect(withSkill.sessions.map((x: { part: string }) => x.part).sort()).to.deep.equal(['skill', 'theory']);
    for (const row of withSkill.rows) expect(row.parts[1]).to.include({ state: 'missing', reason: '未报名技能操作考试' });
    const refused = await request(app.express).post(`/api/v1/sessions/${s.id}/results/publish`).set(...bearer(await world.centreAdmin.token()));
    expect(refused.status).to.equal(409);
    expect(refused.body.detail).to.contain('不能发布').and.contain('主观题未评完');
    expect(refused.body.errors).to.have.length(4);
    expect(await ResultVersionModel.countDocuments({})).to.equal(0);
  });

  describe('with a standard that assesses only theory at level 3', () => {
    before(async () => {
      await assessOnlyTheoryAtLevel3(app);
    });

    it('marks blind: the examiner gets an anonymous code and never a name, 准考证号 or registration', async () => {
      const s = await scheduleSession(app, world, { startsAt: minutes(-1), endsAt: minutes(60), count: 1 });
      const c = s.candidates[0]!;
      await sitAndSubmit(app, world, c, 0);
      const token = await world.examiners[0].token();
      const next = await request(app.express).get(`/api/v1/sessions/${s.id}/marking/next`).set(...bearer(token)).expect(200);
      expect(next.body.task.anonCode).to.match(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
      expect(next.body.task.response).to.contain('的作答');
      const page = await request(app.express).get(`/sessions/${s.id}/marking`).set(...bearer(token)).expect(200);
      const candidateId = await candidateIdOf(c.registrationId);
      for (const text of [next.text, page.text]) for (const secret of [c.name, c.admissionNo, c.registrationId, candidateId, c.idNumber]) expect(text, secret).to.not.contain(secret);
      expect(page.text).to.contain(next.body.task.anonCode);
      // Nor through the routes that do name candidates: an examiner holds none of them.
      for (const url of [`/api/v1/sessions/${s.id}/results`, `/api/v1/sessions/${s.id}/registrations`, `/api/v1/sessions/${s.id}`, `/api/v1/sessions/${s.id}/seat-plan`]) expect((await request(app.express).get(url).set(...bearer(token))).status, url).to.equal(403);
      // Out of scope (another centre's examiner) is 404, not the task.
      const stranger = await createStaff(app, 'examiner9', [{ role: 'examiner', scope: { type: 'centre', id: world.otherCentreId } }]);
      expect((await request(app.express).get(`/api/v1/sessions/${s.id}/marking/next`).set(...bearer(await stranger.token()))).status).to.equal(404);
      expect((await request(app.express).post(`/api/v1/marking/tasks/${next.body.task.id}/marks`).set(...bearer(await stranger.token())).send({ points: 5 })).status).to.equal(404);
      // Out of range and off the half-point step: 422, nothing written.
      const over = await request(app.express).post(`/api/v1/marking/tasks/${next.body.task.id}/marks`).set(...bearer(token)).send({ points: 10.5 });
      expect(over.status).to.equal(422);
      expect((await request(app.express).post(`/api/v1/marking/tasks/${next.body.task.id}/marks`).set(...bearer(token)).send({ points: 3.3 })).status).to.equal(422);
      const marked = await request(app.express).post(`/api/v1/marking/tasks/${next.body.task.id}/marks`).set(...bearer(token)).send({ points: 7 }).expect(200);
      expect(marked.body.final).to.equal(7);
      const audit = await AuditEntryModel.findOne({ action: 'marking.mark', 'target.id': next.body.task.id }).lean();
      expect(audit!.details).to.include({ round: 1, points: 7, state: 'done' });
      expect(JSON.stringify(audit)).to.not.contain(c.name);
    });

    it('applies the pass rule: 60 passes, 59.5 fails; absent and void candidates are shown as such; then publishes', async () => {
      const s = await scheduleSession(app, world, { startsAt: minutes(-1), endsAt: minutes(60), count: 4 });
      type Candidate = ScheduledSession['candidates'][number];
      const [atMark, below, absent, stopped] = s.candidates as [Candidate, Candidate, Candidate, Candidate];
      // 10 judge × 2 + 5 single × 4 = 40 objective points each.
      const a = await sitAndSubmit(app, world, atMark, 15);
      const b = await sitAndSubmit(app, world, below, 15);
      expect(a.objective).to.equal(40);
      expect(b.objective).to.equal(40);
      const proctor = await world.proctors[0].token();
      await request(app.express).post(`/api/v1/registrations/${absent.registrationId}/absent`).set(...bearer(proctor)).expect(200);
      const stoppedToken = await candidateToken(app, stopped);
      await request(app.express).post('/api/v1/attempts/start').set(...bearer(stoppedToken)).expect(200);
      await request(app.express).post(`/api/v1/attempts/${stopped.registrationId}/terminate`).set(...bearer(proctor)).send({ reason: '携带手机作弊' }).expect(200);
      // 10 + 10 for the first, 10 + 9.5 for the second.
      await request(app.express).get(`/api/v1/sessions/${s.id}/marking/next`).set(...bearer(await world.examiners[1].token())).expect(200);
      // Which 密号 is whose is looked up in the database here only, to know what to give.
      const codeOfAtMark = (await MarkingTaskModel.findOne({ attemptId: atMark.registrationId }).lean())!.anonCode;
      let belowMarked = 0;
      await markAll(app, world.examiners[1], s.id, (t) => (t.anonCode === codeOfAtMark ? 10 : ++belowMarked === 1 ? 10 : 9.5));
      await close(s);
      const view = await resultsOf(s);
      const row = (id: string) => view.rows.find((r: { admissionNo: string }) => r.admissionNo === s.candidates.find((c) => c.registrationId === id)!.admissionNo);
      expect(row(atMark.registrationId).parts[0]).to.include({ state: 'complete', score: 60, pass: true });
      expect(row(atMark.registrationId).overall).to.equal('pass');
      expect(row(below.registrationId).parts[0]).to.include({ state: 'complete', score: 59.5, pass: false });
      expect(row(below.registrationId).overall).to.equal('fail');
      expect(row(absent.registrationId).parts[0]).to.include({ state: 'absent', pass: false });
      expect(row(absent.registrationId).overall).to.equal('absent');
      expect(row(stopped.registrationId).parts[0]).to.include({ state: 'void', reason: '终止考核：携带手机作弊' });
      expect(row(stopped.registrationId).overall).to.equal('void');
      expect(view.blocking).to.deep.equal([]);
      const published = await request(app.express).post(`/api/v1/sessions/${s.id}/results/publish`).set(...bearer(await world.centreAdmin.token())).expect(200);
      expect(published.body.published.byName).to.contain('centreadmin');
      expect(published.body.rows.every((r: { version: number }) => r.version === 1)).to.equal(true);
      const passed = await app.results.passedCandidates(world.centreId, published.body.session.batch);
      expect(passed.map((p) => p.admissionNo)).to.deep.equal([atMark.admissionNo]);
    });

    it('keeps a published result immutable: marking and publishing again are refused; a 复核 makes version 2 and version 1 stays', async () => {
      const s = await scheduleSession(app, world, { startsAt: minutes(-1), endsAt: minutes(60), count: 1 });
      const c = s.candidates[0]!;
      await sitAndSubmit(app, world, c, 10);
      const [lastTask] = await markAll(app, world.examiners[0], s.id, () => 5);
      await close(s);
      const admin = await world.centreAdmin.token();
      await request(app.express).post(`/api/v1/sessions/${s.id}/results/publish`).set(...bearer(admin)).expect(200);
      // 10 judge × 2 = 20 objective + 5 + 5 = 30.
      const candidateId = await candidateIdOf(c.registrationId);
      const v1 = (await request(app.express).get(`/api/v1/sessions/${s.id}/results/${candidateId}`).set(...bearer(admin)).expect(200)).body;
      expect(v1.versions).to.have.length(1);
      expect(v1.versions[0].parts[0]).to.include({ score: 30, pass: false });
      const again = await request(app.express).post(`/api/v1/sessions/${s.id}/results/publish`).set(...bearer(admin));
      expect(again.status).to.equal(409);
      expect(again.body.detail).to.contain('已发布').and.contain('更正');
      const remark = await request(app.express).post(`/api/v1/marking/tasks/${lastTask}/marks`).set(...bearer(await world.examiners[1].token())).send({ points: 10 });
      expect(remark.status).to.equal(409);
      expect(remark.body.detail).to.contain('成绩已发布');
      // The correction path: a 复核 with reason and approver makes version 2.
      const corrected = await request(app.express).post(`/api/v1/sessions/${s.id}/results/${candidateId}/corrections`).set(...bearer(admin)).send({ kind: 'recheck', reason: '考生申请复核，第 26 题漏评', expectedVersion: 1, parts: [{ part: 'theory', score: 62 }] }).expect(201);
      expect(corrected.body).to.include({ version: 2, kind: 'recheck', overall: 'pass', approvedByName: 'centreadmin 测试' });
      const stale = await request(app.express).post(`/api/v1/sessions/${s.id}/results/${candidateId}/corrections`).set(...bearer(admin)).send({ reason: '重复提交的更正', expectedVersion: 1, parts: [{ part: 'theory', score: 70 }] });
      expect(stale.status).to.equal(409);
      const noSkill = await request(app.express).post(`/api/v1/sessions/${s.id}/results/${candidateId}/corrections`).set(...bearer(admin)).send({ reason: '更正技能成绩', expectedVersion: 2, parts: [{ part: 'skill', score: 70 }] });
      expect(noSkill.status).to.equal(422);
      const history = (await request(app.express).get(`/api/v1/sessions/${s.id}/results/${candidateId}`).set(...bearer(admin)).expect(200)).body;
      expect(history.versions.map((v: { version: number }) => v.version)).to.deep.equal([2, 1]);
      expect(history.versions[1].parts[0].score).to.equal(30);
      expect(history.versions[0].reason).to.equal('考生申请复核，第 26 题漏评');
      expect((await resultsOf(s)).rows[0]).to.include({ version: 2, overall: 'pass' });
      // The supervisor reads, but cannot correct.
      expect((await request(app.express).get(`/api/v1/sessions/${s.id}/results`).set(...bearer(await world.supervisor.token()))).status).to.equal(200);
      expect((await request(app.express).post(`/api/v1/sessions/${s.id}/results/${candidateId}/corrections`).set(...bearer(await world.supervisor.token())).send({ reason: '督导员不能更正', expectedVersion: 2, parts: [{ part: 'theory', score: 1 }] })).status).to.equal(403);
      // The candidate sees the newest version and the history, signed in as for the exam.
      const login = await request(app.express).get('/results/login');
      expect(login.status).to.equal(200);
      const { sessions } = app;
      const signed = await sessions.candidateSignIn(c.admissionNo, c.idNumber, { principal: null }, new Date(), 'results');
      const mine = (await request(app.express).get('/api/v1/me/results').set(...bearer(signed.token)).expect(200)).body;
      expect(mine.published).to.equal(true);
      expect(mine.versions.map((v: { version: number; overall: string }) => `${v.version}:${v.overall}`)).to.deep.equal(['2:pass', '1:fail']);
    });

    it('combines the sittings of one 鉴定批次, and the batch can be changed only while the session is a draft', async () => {
      const a = await scheduleSession(app, world, { startsAt: minutes(-1), endsAt: minutes(60), count: 1 });
      const batch = (await request(app.express).get(`/api/v1/sessions/${a.id}`).set(...bearer(await world.centreAdmin.token())).expect(200)).body.batch as string;
      expect(batch).to.match(/^S\d{2}0001\d{3}$/);
      const b = await scheduleSession(app, world, { startsAt: minutes(-1), endsAt: minutes(60), count: 1, batch });
      const admin = await world.centreAdmin.token();
      const current = (await request(app.express).get(`/api/v1/sessions/${a.id}`).set(...bearer(admin)).expect(200)).body;
      const refused = await request(app.express).patch(`/api/v1/sessions/${a.id}`).set(...bearer(admin)).send({ revision: current.revision, batch: 'OTHER-1' });
      expect(refused.status).to.equal(409);
      expect(refused.body.detail).to.contain('鉴定批次');
      await sitAndSubmit(app, world, a.candidates[0]!, 25);
      await sitAndSubmit(app, world, b.candidates[0]!, 0);
      await markAll(app, world.examiners[2], a.id, () => 10);
      await markAll(app, world.examiners[2], b.id, () => 10);
      await close(a);
      await close(b);
      const view = await resultsOf(a);
      expect(view.sessions.map((x: { id: string }) => x.id).sort()).to.deep.equal([a.id, b.id].sort());
      // 80 + 20 in one sitting, 0 + 20 in the other.
      expect(view.rows.map((r: { admissionNo: string; parts: Array<{ score: number }> }) => `${r.admissionNo}:${r.parts[0]!.score}`).sort()).to.deep.equal([`${a.candidates[0]!.admissionNo}:100`, `${b.candidates[0]!.admissionNo}:20`].sort());
      const draft = await request(app.express).post('/api/v1/sessions').set(...bearer(admin)).send({ centreId: world.centreId, title: '电工三级理论知识考试（补考）', blueprintId: world.blueprintId, startsAt: minutes(120).toISOString(), endsAt: minutes(180).toISOString(), rooms: [{ code: '01', name: '第一考场', seats: 10, proctors: ['proctor1', 'proctor2'] }] }).expect(201);
      expect(draft.body.batch).to.equal(draft.body.code);
      const moved = await request(app.express).patch(`/api/v1/sessions/${draft.body.id}`).set(...bearer(admin)).send({ revision: draft.body.revision, batch }).expect(200);
      expect(moved.body.batch).to.equal(batch);
      const bad = await request(app.express).patch(`/api/v1/sessions/${draft.body.id}`).set(...bearer(admin)).send({ revision: moved.body.revision, batch: '批次 1' });
      expect(bad.status).to.equal(400);
    });

    it('double marks: within the tolerance the mean counts; beyond it a third examiner arbitrates; nobody marks one answer twice', async () => {
      const s = await scheduleSession(app, world, { startsAt: minutes(-1), endsAt: minutes(60), count: 1 });
      const admin = await world.centreAdmin.token();
      await request(app.express).put(`/api/v1/sessions/${s.id}/marking-plan`).set(...bearer(admin)).send({ double: true, tolerance: 2 }).expect(200);
      await sitAndSubmit(app, world, s.candidates[0]!, 25);
      const [e1, e2, e3] = (await Promise.all(world.examiners.map((e) => e.token()))) as [string, string, string];
      const next = async (t: string) => (await request(app.express).get(`/api/v1/sessions/${s.id}/marking/next`).set(...bearer(t)).expect(200)).body;
      const mark = (t: string, id: string, points: number) => request(app.express).post(`/api/v1/marking/tasks/${id}/marks`).set(...bearer(t)).send({ points });
      const first = (await next(e1)).task;
      expect(first.round).to.equal(1);
      expect((await mark(e1, first.id, 8)).status).to.equal(200);
      expect((await mark(e1, first.id, 8)).body.type).to.equal('/problems/already-marked');
      const second = (await next(e1)).task;
      expect(second.id).to.not.equal(first.id);
      await mark(e1, second.id, 7).then((r) => expect(r.status).to.equal(200));
      expect((await next(e1)).task).to.equal(null);
      // The plan cannot change once marking has started.
      expect((await request(app.express).put(`/api/v1/sessions/${s.id}/marking-plan`).set(...bearer(admin)).send({ double: false })).status).to.equal(409);
      // Examiner 2: 3 on the first (|8 − 3| > 2: arbitration), 8 on the second (|7 − 8| ≤ 2: mean 7.5).
      const again = (await next(e2)).task;
      expect(again.round).to.equal(2);
      const beyond = await mark(e2, first.id, 3);
      expect(beyond.body.task.state).to.equal('arbitration');
      expect(beyond.body.final).to.equal(undefined);
      const within = await mark(e2, second.id, 8);
      expect(within.body.final).to.equal(7.5);
      const pending = (await resultsOf(s)).rows[0].parts[0];
      expect(pending).to.include({ state: 'pending', reason: '1 道主观题未评完' });
      expect((await next(e2)).task).to.equal(null);
      expect((await mark(e2, first.id, 5)).status).to.equal(409);
      const third = (await next(e3)).task;
      expect(third).to.include({ id: first.id, round: 3, state: 'arbitration' });
      const arbitrated = await mark(e3, first.id, 6);
      expect(arbitrated.body.final).to.equal(6);
      await close(s);
      // 10 × 2 + 15 × 4 = 80 objective + 6 + 7.5 = 93.5.
      expect((await resultsOf(s)).rows[0].parts[0]).to.include({ state: 'complete', score: 93.5, pass: true });
      expect(await AuditEntryModel.countDocuments({ action: 'marking.mark', 'target.id': first.id })).to.equal(3);
    });
  });
});
