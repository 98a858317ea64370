import { expect } from 'chai';
import request from 'supertest';
import { buildTestApp } from '../../support/app';
import { useFreshDatabase } from '../../support/database';
import { bearer } from '../../support/identity';
import { binary, pdfText } from '../../support/pdf';
import { createSkillWorld, scheduleScoredSession, scoreAndSign, setPanel, type SkillWorld } from '../../support/skill';
import { AuditEntryModel } from '../../../server/audit/model';

/**
 * Examiner scoring over HTTP against the real database. Every fixture task has rows 20 + 40 +
 * 30 + 10 (veto) = 100 and sits on the paper at 50 points (two tasks × 50), so a sheet's task
 * score is (100 − deductions) / 2. Expected combinations were computed independently with
 * Python 3's `statistics` module (mean, median; trimmed = mean of sorted(xs)[1:-1]).
 */
describe('skill scoring: panels, sheets, signatures, the checker and part scores', function () {
  this.timeout(180_000);
  useFreshDatabase('skill_scoring');
  const app = buildTestApp({ loginIpMax: 10_000 });
  let world: SkillWorld;

  before(async () => {
    world = await createSkillWorld(app);
  });

  const get = async (user: { token(): Promise<string> }, url: string) => request(app.express).get(url).set(...bearer(await user.token()));
  const post = async (user: { token(): Promise<string> }, url: string, body: unknown = {}) => request(app.express).post(url).set(...bearer(await user.token())).send(body as object);
  const partScores = async (sessionId: string) => (await get(world.centreAdmin, `/api/v1/sessions/${sessionId}/part-scores`).then((r) => r.body)).items as Array<{ registrationId: string; score: number | null; state: string; reason?: string }>;

  it('refuses a panel that is too small or even, and a trimmed mean it cannot trim (422, in Chinese)', async () => {
    const session = await scheduleScoredSession(app, world, { part: 'skill', count: 1 });
    const two = await setPanel(app, world, session.id, world.examiners.slice(0, 2));
    expect(two.status).to.equal(422);
    expect(two.body.errors.map((e: { message: string }) => e.message).join()).to.contain('至少需要 3 名');
    const four = await setPanel(app, world, session.id, world.examiners.slice(0, 4));
    expect(four.status).to.equal(422);
    expect(four.body.errors.map((e: { message: string }) => e.message).join()).to.contain('须为奇数');
    const trim = await setPanel(app, world, session.id, world.examiners.slice(0, 3), { method: 'trimmed', trim: 2 });
    expect(trim.status).to.equal(422);
    const outsider = await setPanel(app, world, session.id, [world.examiners[0]!, world.examiners[1]!, world.outsider]);
    expect(outsider.status).to.equal(422);
    expect(outsider.body.errors[0].message).to.contain('examiner9');
    expect((await get(world.centreAdmin, `/api/v1/sessions/${session.id}/scoring-plan`)).status).to.equal(404);
    expect((await setPanel(app, world, session.id, world.examiners.slice(0, 3))).status).to.equal(200);
  });

  it('refuses a panel review below level 2', async () => {
    const res = await request(app.express)
      .post('/api/v1/sessions')
      .set(...bearer(await world.centreAdmin.token()))
      .send({ centreId: world.centreId, title: '电工三级综合评审', part: 'review', bankId: world.bankId, level: 3, startsAt: new Date().toISOString(), endsAt: new Date(Date.now() + 3600_000).toISOString(), rooms: [{ code: '01', name: '评审室', seats: 5, proctors: ['proctor1', 'proctor2'] }] });
    expect(res.status).to.equal(422);
    expect(res.body.detail).to.equal('综合评审只适用于二级/技师和一级/高级技师。');
  });

  it('combines by the mean: hides others’ sheets until all sign, leaves the part pending in Chinese, then the checker confirms', async () => {
    const session = await scheduleScoredSession(app, world, { part: 'skill', count: 1 });
    const [e1, e2, e3] = world.examiners as [typeof world.examiners[0], typeof world.examiners[0], typeof world.examiners[0]];
    expect((await setPanel(app, world, session.id, [e1!, e2!, e3!])).status).to.equal(200);
    const reg = session.candidates[0]!.registrationId;

    const task = await get(e1!, `/api/v1/registrations/${reg}/tasks/1`);
    expect(task.status).to.equal(200);
    expect(task.body.task.rows.map((r: { points: number }) => r.points)).to.deep.equal([20, 40, 30, 10]);
    expect(task.body.task.maxScore).to.equal(50);

    const first = await scoreAndSign(app, e1!, reg, 1, [5, 10, 0, 0]);
    expect(first.score).to.equal(42.5);
    // Another examiner of the group cannot see it, nor can the checker, until all have signed.
    expect((await get(e2!, `/api/v1/scoring-sheets/${first.id}`)).status).to.equal(404);
    expect((await get(world.checker, `/api/v1/scoring-sheets/${first.id}`)).status).to.equal(404);
    expect((await get(world.centreAdmin, `/api/v1/scoring-sheets/${first.id}`)).status).to.equal(404);
    expect((await get(e1!, `/api/v1/scoring-sheets/${first.id}`)).status).to.equal(200);
    const checkerView = await get(world.checker, `/api/v1/registrations/${reg}/scoring`);
    expect(checkerView.body.tasks[0].sheets.map((s: { status: string; sheet: unknown }) => [s.status, s.sheet])).to.deep.equal([['signed', null], ['missing', null], ['missing', null]]);
    const e2View = await get(e2!, `/api/v1/registrations/${reg}/tasks/1`);
    expect(e2View.body.others).to.equal(null);
    expect(e2View.body.mine).to.equal(null);
    // An examiner of another centre, and one not on the group, do not reach the candidate at all.
    expect((await get(world.outsider, `/api/v1/registrations/${reg}/tasks/1`)).status).to.equal(404);
    expect((await get(world.examiners[3]!, `/api/v1/registrations/${reg}/tasks/1`)).status).to.equal(404);

    // A deduction above the row's points takes the row and no more.
    const capped = await request(app.express).put(`/api/v1/registrations/${reg}/tasks/1/sheet`).set(...bearer(await e2!.token())).send({ rows: [{ deduction: 0 }, { deduction: 5 }, { deduction: 15 }, { deduction: 0 }] });
    expect(capped.body.score).to.equal(40);
    await post(e2!, `/api/v1/registrations/${reg}/tasks/1/sheet/sign`, { revision: capped.body.revision }).then((r) => expect(r.status).to.equal(200));
    const third = await scoreAndSign(app, e3!, reg, 1, [25, 10, 30, 0]);
    expect(third.score).to.equal(20);
    const tooMuch = await request(app.express).put(`/api/v1/registrations/${reg}/tasks/2/sheet`).set(...bearer(await e3!.token())).send({ rows: [{ deduction: 100 }, { deduction: 0 }, { deduction: 0 }, { deduction: 0 }] });
    expect(tooMuch.body.score).to.equal(40);

    let scores = await partScores(session.id);
    expect(scores[0]).to.include({ state: 'pending', score: null });
    expect(scores[0]!.reason).to.equal('3 张评分记录表未签名');

    for (const examiner of [e1!, e2!]) await scoreAndSign(app, examiner, reg, 2, [0, 0, 0, 0]);
    await post(e3!, `/api/v1/registrations/${reg}/tasks/2/sheet/sign`, { revision: tooMuch.body.revision }).then((r) => expect(r.status).to.equal(200));

    // All signed: the others' entries show, to the group and to centre staff.
    const after = await get(e2!, `/api/v1/registrations/${reg}/tasks/1`);
    expect(after.body.others.map((s: { score: number }) => s.score).sort()).to.deep.equal([20, 42.5]);
    expect((await get(e2!, `/api/v1/scoring-sheets/${first.id}`)).status).to.equal(200);
    expect((await get(world.centreAdmin, `/api/v1/scoring-sheets/${first.id}`)).status).to.equal(200);

    scores = await partScores(session.id);
    expect(scores[0]).to.include({ state: 'pending', reason: '核分人尚未确认总分' });
    // An examiner is not the checker: confirming is out of scope for them.
    expect((await post(e1!, `/api/v1/registrations/${reg}/confirm-scores`)).status).to.equal(404);
    const confirmed = await post(world.checker, `/api/v1/registrations/${reg}/confirm-scores`);
    expect(confirmed.status).to.equal(200);
    // task 1: mean(42.5, 40, 20) = 34.1667; task 2: mean(50, 50, 40) = 46.6667; total 80.8333 → 80.8
    expect(confirmed.body.total).to.equal(80.8);
    expect((await post(world.checker, `/api/v1/registrations/${reg}/confirm-scores`)).status).to.equal(409);
    scores = await partScores(session.id);
    expect(scores[0]).to.include({ state: 'complete', score: 80.8 });
    const fromSource = await app.partScores.source('skill')!.scoresForSession(session.id);
    expect(fromSource).to.deep.equal(scores);
    expect(await app.partScores.source('review')!.scoresForSession(session.id)).to.deep.equal([]);

    // A confirmed sheet changes only after the checker reopens it with a reason.
    const edit = await request(app.express).put(`/api/v1/registrations/${reg}/tasks/1/sheet`).set(...bearer(await e3!.token())).send({ rows: [{ deduction: 0 }, { deduction: 0 }, { deduction: 0 }, { deduction: 0 }] });
    expect(edit.status).to.equal(409);
    expect((await post(world.checker, `/api/v1/scoring-sheets/${third.id}/reopen`, {})).status).to.equal(400);
    const reopened = await post(world.checker, `/api/v1/scoring-sheets/${third.id}/reopen`, { reason: '扣分超过评分标准，请核对' });
    expect(reopened.status).to.equal(200);
    expect(reopened.body.status).to.equal('draft');
    scores = await partScores(session.id);
    expect(scores[0]).to.include({ state: 'pending', reason: '1 张评分记录表未签名' });
    await scoreAndSign(app, e3!, reg, 1, [5, 15, 0, 0]);
    scores = await partScores(session.id);
    expect(scores[0]!.reason).to.equal('评分记录表已退回修改，核分人尚未重新确认');
    const again = await post(world.checker, `/api/v1/registrations/${reg}/confirm-scores`);
    // task 1: mean(42.5, 40, 40) = 40.8333; task 2 as before 46.6667; total 87.5
    expect(again.body.total).to.equal(87.5);
    expect((await partScores(session.id))[0]).to.include({ state: 'complete', score: 87.5 });

    const actions = (await AuditEntryModel.find({ 'target.id': reg }).lean()).map((e) => e.action);
    for (const action of ['scoring.sheet.save', 'scoring.sheet.sign', 'scoring.confirm', 'scoring.sheet.reopen']) expect(actions).to.include(action);

    // The filled sheet prints (poppler reads it back).
    const pdf = await binary(request(app.express).get(`/api/v1/scoring-sheets/${first.id}/print.pdf`).set(...bearer(await e1!.token())));
    expect(pdf.status).to.equal(200);
    const text = pdfText(pdf.body as Buffer).replace(/\s+/g, '');
    expect(text).to.contain('技能操作考核评分记录表');
    expect(text).to.contain(session.candidates[0]!.admissionNo);
    expect(text).to.contain('考评员（签名）：examiner1测试');
    expect(text).to.contain('核分人（签名）：checker1测试');
    expect(text).to.contain('42.5/50');
  });

  it('combines by the median and by a trimmed mean, configured per session', async () => {
    const scoresOn = async (method: 'median' | 'trimmed', examiners: typeof world.examiners, task1: number[][]) => {
      const session = await scheduleScoredSession(app, world, { part: 'skill', count: 1 });
      expect((await setPanel(app, world, session.id, examiners, { method, trim: 1 })).status).to.equal(200);
      const reg = session.candidates[0]!.registrationId;
      for (const [i, examiner] of examiners.entries()) {
        await scoreAndSign(app, examiner, reg, 1, task1[i]!);
        await scoreAndSign(app, examiner, reg, 2, [0, 0, 0, 0]);
      }
      return (await post(world.checker, `/api/v1/registrations/${reg}/confirm-scores`)).body.total as number;
    };
    // Task 1 scores 42.5, 40, 20 → median 40; task 2 50 → total 90.
    expect(await scoresOn('median', world.examiners.slice(0, 3), [[5, 10, 0, 0], [0, 5, 15, 0], [25, 10, 30, 0]])).to.equal(90);
    // Task 1 scores 42.5, 40, 20, 45, 30 → trimmed mean of [30, 40, 42.5] = 37.5; total 87.5 (the mean would be 85.5).
    expect(await scoresOn('trimmed', world.examiners.slice(0, 5), [[5, 10, 0, 0], [0, 5, 15, 0], [25, 10, 30, 0], [10, 0, 0, 0], [0, 10, 30, 0]])).to.equal(87.5);
  });

  it('a veto sets the task to 0 on that examiner’s sheet', async () => {
    const session = await scheduleScoredSession(app, world, { part: 'skill', count: 1 });
    await setPanel(app, world, session.id, world.examiners.slice(0, 3));
    const reg = session.candidates[0]!.registrationId;
    for (const examiner of world.examiners.slice(0, 3)) {
      const sheet = await scoreAndSign(app, examiner, reg, 1, [0, 0, 0, 0], true);
      expect(sheet.score).to.equal(0);
      await scoreAndSign(app, examiner, reg, 2, [0, 0, 0, 0]);
    }
    // Task 1 vetoed by every examiner: 0; task 2 full: 50.
    expect((await post(world.checker, `/api/v1/registrations/${reg}/confirm-scores`)).body.total).to.equal(50);
  });

  it('absent and voided candidates give absent and void part scores, and are not scored', async () => {
    const session = await scheduleScoredSession(app, world, { part: 'skill', count: 3 });
    await setPanel(app, world, session.id, world.examiners.slice(0, 3));
    const [absent, voided, waiting] = session.candidates;
    expect((await post(world.proctors[0], `/api/v1/registrations/${absent!.registrationId}/absent`)).status).to.equal(200);
    expect((await post(world.proctors[0], `/api/v1/registrations/${voided!.registrationId}/void`, { reason: '冒名顶替' })).status).to.equal(200);
    expect((await post(world.otherProctor, `/api/v1/registrations/${waiting!.registrationId}/void`, { reason: '冒名顶替' })).status).to.equal(404);
    const refused = await request(app.express).put(`/api/v1/registrations/${absent!.registrationId}/tasks/1/sheet`).set(...bearer(await world.examiners[0]!.token())).send({ rows: [{ deduction: 0 }, { deduction: 0 }, { deduction: 0 }, { deduction: 0 }] });
    expect(refused.status).to.equal(409);
    const scores = await partScores(session.id);
    expect(scores.map((s) => [s.registrationId, s.state])).to.deep.equal([[absent!.registrationId, 'absent'], [voided!.registrationId, 'void'], [waiting!.registrationId, 'pending']]);
    expect(scores[2]!.reason).to.equal('6 张评分记录表未签名');
  });

  it('a level-2 panel review: one sheet out of 100 per examiner, combined by the mean', async () => {
    const session = await scheduleScoredSession(app, world, { part: 'review', count: 1, level: 2 });
    expect((await setPanel(app, world, session.id, world.examiners.slice(0, 3))).status).to.equal(200);
    const reg = session.candidates[0]!.registrationId;
    const scores = [];
    for (const [i, examiner] of world.examiners.slice(0, 3).entries()) scores.push((await scoreAndSign(app, examiner, reg, 1, [[12], [20], [15]][i]!)).score);
    expect(scores).to.deep.equal([88, 80, 85]);
    expect((await get(world.examiners[0]!, `/api/v1/registrations/${reg}/tasks/2`)).status).to.equal(404);
    expect((await post(world.checker, `/api/v1/registrations/${reg}/confirm-scores`)).body.total).to.equal(84.3);
    const review = await app.partScores.source('review')!.scoresForSession(session.id);
    expect(review).to.deep.equal([{ registrationId: reg, candidateId: review[0]!.candidateId, part: 'review', score: 84.3, state: 'complete' }]);
    // Candidates of a review or skill session do not sign in to the computer-based exam.
  });
});
