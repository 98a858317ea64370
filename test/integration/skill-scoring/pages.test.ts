import { expect } from 'chai';
import request from 'supertest';
import { buildTestApp } from '../../support/app';
import { useFreshDatabase } from '../../support/database';
import { sessionCookie } from '../../support/session';
import { createSkillWorld, scheduleScoredSession, scoreAndSign, setPanel, type SkillWorld } from '../../support/skill';

const shownErrors = (html: string): string[] => [...html.matchAll(/data-testid="form-errors">[\s\S]*?<ul>([\s\S]*?)<\/ul>/g)].flatMap(([, list]) => [...list!.matchAll(/<li>([\s\S]*?)<\/li>/g)].map(([, li]) => li!.trim()));

/** The examiners' pages refuse bad input in Chinese, keep what was typed, and write nothing. */
describe('scoring pages: forms, refusals and what each examiner sees', function () {
  this.timeout(180_000);
  useFreshDatabase('skill_scoring_pages');
  const app = buildTestApp({ loginIpMax: 10_000 });
  let world: SkillWorld;
  let session: Awaited<ReturnType<typeof scheduleScoredSession>>;
  const cookies: Record<string, { cookie: string; csrf: string }> = {};

  before(async () => {
    world = await createSkillWorld(app);
    session = await scheduleScoredSession(app, world, { part: 'skill', count: 1 });
    await setPanel(app, world, session.id, world.examiners.slice(0, 3));
    for (const name of ['examiner1', 'examiner2', 'checker1', 'examiner4']) {
      const cookie = await sessionCookie(app, name);
      const page = await request(app.express).get('/scoring').set('Cookie', cookie).expect(200);
      cookies[name] = { cookie, csrf: /name="csrf-token" content="([^"]+)"/.exec(page.text)![1]! };
    }
  });

  const form = (who: string, url: string, fields: Record<string, string>) => request(app.express).post(url).set('Cookie', cookies[who]!.cookie).type('form').send({ _csrf: cookies[who]!.csrf, ...fields });

  it('lists the examiner’s candidates and tasks; an examiner on no group sees none', async () => {
    const list = await request(app.express).get('/scoring').set('Cookie', cookies.examiner1!.cookie).expect(200);
    expect(list.text).to.contain(session.candidates[0]!.admissionNo);
    expect(list.text).to.contain('试题 1 · 未评');
    const english = await request(app.express).get('/scoring?lang=en').set('Cookie', cookies.examiner1!.cookie).expect(200);
    expect(english.text).to.contain('Task 1 · not scored');
    expect(english.text).not.to.contain('[[');
    const none = await request(app.express).get('/scoring').set('Cookie', cookies.examiner4!.cookie).expect(200);
    expect(none.text).to.contain('您目前不在任何技能操作考核或综合评审的考评组中。');
    await request(app.express).get(`/scoring/registrations/${session.candidates[0]!.registrationId}/tasks/1`).set('Cookie', cookies.examiner4!.cookie).expect(404);
  });

  it('refuses a deduction that is not a number in Chinese, keeping the typed values', async () => {
    const url = `/scoring/registrations/${session.candidates[0]!.registrationId}/tasks/1`;
    const res = await form('examiner1', url, { rowCount: '4', deduction_0: 'abc', deduction_1: '5', deduction_2: '', deduction_3: '', remark_1: '接线松动' });
    expect(res.status).to.equal(400);
    const errors = shownErrors(res.text);
    expect(errors.length).to.be.greaterThan(0);
    for (const e of errors) expect(e, e).not.to.match(/[A-Za-z]{3,}|rows\.\d/);
    expect(res.text).to.contain('value="接线松动"');
    const page = await request(app.express).get(url).set('Cookie', cookies.examiner1!.cookie).expect(200);
    expect(page.text).to.contain('试题 1');
    expect(page.text).not.to.contain('data-testid="sign"');
  });

  it('saves and signs through the forms; a signed sheet is read-only; the checker’s reopen needs a reason', async () => {
    const reg = session.candidates[0]!.registrationId;
    const url = `/scoring/registrations/${reg}/tasks/1`;
    const saved = await form('examiner1', url, { rowCount: '4', deduction_0: '５', deduction_1: '2.5', deduction_2: '0', deduction_3: '0', remarks: '整体规范' });
    expect(saved.status).to.equal(303);
    const page = await request(app.express).get(`${url}?done=saved`).set('Cookie', cookies.examiner1!.cookie).expect(200);
    expect(page.text).to.contain('46.25 / 50');
    const revision = /name="revision" value="(\d+)"/.exec(page.text)![1]!;
    const stale = await form('examiner1', `${url}/sign`, { revision: String(Number(revision) + 5) });
    expect(stale.status).to.equal(409);
    expect(shownErrors(stale.text)[0]).to.equal('评分记录表在签名前已变化，请核对后重新签名。');
    expect((await form('examiner1', `${url}/sign`, { revision })).status).to.equal(303);
    const signed = await request(app.express).get(url).set('Cookie', cookies.examiner1!.cookie).expect(200);
    expect(signed.text).to.contain('data-testid="signed"');
    expect(signed.text).not.to.contain('data-testid="save"');
    const again = await form('examiner1', url, { rowCount: '4', deduction_0: '0', deduction_1: '0', deduction_2: '0', deduction_3: '0' });
    expect(again.status).to.equal(409);
    expect(shownErrors(again.text)[0]).to.equal('评分记录表已签名，须由核分人退回并说明原因后才能修改。');

    // The checker's page: unsigned sheets are counted, and confirming is refused in Chinese.
    const check = await request(app.express).get(`/scoring/registrations/${reg}/check`).set('Cookie', cookies.checker1!.cookie).expect(200);
    expect(check.text).to.contain('还有 5 张评分记录表未签名。');
    expect(check.text).not.to.contain('data-testid="confirm"');
    const early = await form('checker1', `/scoring/registrations/${reg}/confirm`, { confirmed: '1' });
    expect(early.status).to.equal(409);
    expect(shownErrors(early.text)[0]).to.equal('还有 5 张评分记录表未签名，不能核分。');
    // Before every sheet is signed the checker sees who has signed, not the entries.
    expect(check.text).not.to.contain('/reopen');
    const own = await request(app.express).get(`/api/v1/registrations/${reg}/tasks/1`).set('Cookie', cookies.examiner1!.cookie).expect(200);
    const sheetId = own.body.mine.id as string;
    const short = await form('checker1', `/scoring/sheets/${sheetId}/reopen`, { registrationId: reg, reason: 'x' });
    expect(short.status).to.equal(422);
    for (const e of shownErrors(short.text)) expect(e).not.to.match(/[A-Za-z]{3,}/);
    expect((await form('checker1', `/scoring/sheets/${sheetId}/reopen`, { registrationId: reg, reason: '扣分与备注不符' })).status).to.equal(303);
    const reopened = await request(app.express).get(url).set('Cookie', cookies.examiner1!.cookie).expect(200);
    expect(reopened.text).to.contain('扣分与备注不符');
    expect(reopened.text).to.contain('data-testid="save"');
  });

  it('the centre admin sets the groups through the form (refused in Chinese when too small) and reads the part scores', async () => {
    const fresh = await scheduleScoredSession(app, world, { part: 'skill', count: 2 });
    const admin = await sessionCookie(app, 'centreadmin');
    const page = await request(app.express).get(`/sessions/${fresh.id}/scoring`).set('Cookie', admin).expect(200);
    expect(page.text).to.contain('还没有设置考评组。');
    const csrf = /name="csrf-token" content="([^"]+)"/.exec(page.text)![1]!;
    const post = (panels: string) => request(app.express).post(`/sessions/${fresh.id}/scoring`).set('Cookie', admin).type('form').send({ _csrf: csrf, method: 'median', trim: '1', panels });
    const small = await post('A 第一考评组 01 examiner1,examiner2 checker1');
    expect(small.status).to.equal(422);
    expect(shownErrors(small.text)).to.deep.equal(['考评组（第 1 项）的考评员：考评组 A 有 2 名考评员，至少需要 3 名']);
    expect(small.text).to.contain('examiner1,examiner2');
    expect((await post('A 第一考评组 01 examiner1,examiner2,examiner3 checker1')).status).to.equal(303);
    const set = await request(app.express).get(`/sessions/${fresh.id}/scoring`).set('Cookie', admin).expect(200);
    expect(set.text).to.contain('合成规则：中位数');
    expect(set.text).to.contain('A 第一考评组 01 examiner1,examiner2,examiner3 checker1');
    expect(set.text.match(/未完成（6 张评分记录表未签名）/g)).to.have.length(2);
    const detail = await request(app.express).get(`/sessions/${fresh.id}`).set('Cookie', admin).expect(200);
    expect(detail.text).to.contain('技能操作考核');
    expect(detail.text).to.contain(`href="/sessions/${fresh.id}/scoring"`);
  });

  it('shows the examiner’s own sheet only, until the others have signed', async () => {
    const reg = session.candidates[0]!.registrationId;
    await scoreAndSign(app, world.examiners[1]!, reg, 2, [0, 0, 0, 0]);
    const page = await request(app.express).get(`/scoring/registrations/${reg}/tasks/2`).set('Cookie', cookies.examiner2!.cookie).expect(200);
    expect(page.text).to.contain('data-testid="others-hidden"');
    expect(page.text).not.to.contain('examiner1 测试');
  });
});
