import { expect } from 'chai';
import request from 'supertest';
import { buildTestApp } from '../../support/app';
import { useFreshDatabase } from '../../support/database';
import { bearer } from '../../support/identity';
import { binary, pdfPageCount, pdfText } from '../../support/pdf';
import { scheduleSession } from '../../support/exam';
import { sitAndSubmit } from '../../support/marking';
import { createSkillWorld, scoreAndSign, setPanel, type SkillWorld } from '../../support/skill';
import { RegistrationModel } from '../../../server/sessions/model';

const minutes = (n: number) => new Date(Date.now() + n * 60_000);

/**
 * One appraisal (鉴定批次) of two parts, as a centre holds it: a theory session and a skill
 * session of the same batch, the same people registered in both. The expected numbers are worked
 * by hand from the fixtures: the theory paper is 判断 10 × 2 + 单选 20 × 4 = 100, so answering the
 * first n items right scores their points (read from the keys); each skill task has rows
 * 20 + 40 + 30 + 10 = 100 scaled to 50 on the paper, so a sheet scores (100 − deductions) / 2 and
 * the skill part is the sum of its two tasks, each the mean of three examiners.
 */
describe('results of a theory and a skill session in one 鉴定批次', function () {
  this.timeout(300_000);
  useFreshDatabase('results_two_parts');
  const app = buildTestApp({ loginIpMax: 10_000 });
  let world: SkillWorld;

  before(async () => {
    world = await createSkillWorld(app);
  });

  it('combines each person’s theory and skill scores by the level’s pass rule, blocks publishing until the checker confirms, then publishes', async () => {
    const admin = await world.centreAdmin.token();
    const batch = 'JD2026-Q4-01';
    const theory = await scheduleSession(app, world, { startsAt: minutes(-1), endsAt: minutes(60), count: 2, batch });
    // Alice answers everything right; Bob answers the ten 判断 right and nothing else (20 points).
    const [alice, bob] = theory.candidates as [(typeof theory.candidates)[0], (typeof theory.candidates)[0]];
    await sitAndSubmit(app, world, alice, 30);
    await sitAndSubmit(app, world, bob, 10);

    // The skill session of the same batch, the same two people (by their ID numbers).
    const created = await request(app.express)
      .post('/api/v1/sessions')
      .set(...bearer(admin))
      .send({ centreId: world.centreId, title: '电工三级技能操作考核', blueprintId: world.skillBlueprintId, batch, startsAt: minutes(-1).toISOString(), endsAt: minutes(240).toISOString(), rooms: [{ code: '01', name: '实训室一', seats: 10, proctors: ['proctor1', 'proctor2'] }] })
      .expect(201);
    const skillId = created.body.id as string;
    const registered = await request(app.express).post(`/api/v1/sessions/${skillId}/registrations`).set(...bearer(admin)).send({ candidates: [alice, bob].map((c) => ({ name: c.name, idType: 'resident_id', idNumber: c.idNumber })) }).expect(201);
    await request(app.express).post(`/api/v1/sessions/${skillId}/publish`).set(...bearer(admin)).expect(200);
    await request(app.express).post(`/api/v1/sessions/${skillId}/open`).set(...bearer(admin)).expect(200);
    const skillReg = new Map((registered.body.items as Array<{ id: string; name: string }>).map((r) => [r.name, r.id]));
    const [e1, e2, e3] = world.examiners as [SkillWorld['examiners'][0], SkillWorld['examiners'][0], SkillWorld['examiners'][0]];
    expect((await setPanel(app, world, skillId, [e1, e2, e3])).status).to.equal(200);

    // Alice: task 1 deductions 10 / 20 / 30 → 45, 40, 35 → mean 40; task 2 none → 50. Skill 90.
    // Bob: task 1 deductions 60 / 70 / 80 → 20, 15, 10 → mean 15; task 2 50 / 60 / 70 → 25, 20, 15 → 20. Skill 35.
    const sheets: Array<[string, number, typeof e1, number[]]> = [
      [alice.name, 1, e1, [10, 0, 0, 0]], [alice.name, 1, e2, [0, 20, 0, 0]], [alice.name, 1, e3, [0, 0, 30, 0]],
      [alice.name, 2, e1, [0, 0, 0, 0]], [alice.name, 2, e2, [0, 0, 0, 0]], [alice.name, 2, e3, [0, 0, 0, 0]],
      [bob.name, 1, e1, [20, 40, 0, 0]], [bob.name, 1, e2, [20, 40, 10, 0]], [bob.name, 1, e3, [20, 40, 20, 0]],
      [bob.name, 2, e1, [20, 30, 0, 0]], [bob.name, 2, e2, [20, 40, 0, 0]], [bob.name, 2, e3, [20, 40, 10, 0]],
    ];
    for (const [name, task, examiner, deductions] of sheets) await scoreAndSign(app, examiner, skillReg.get(name)!, task, deductions);

    const resultsOf = async () => (await request(app.express).get(`/api/v1/sessions/${theory.id}/results`).set(...bearer(admin)).expect(200)).body;
    // Signed but not yet confirmed by the checker: the skill part is pending and publishing is refused.
    const before = await resultsOf();
    expect(before.parts.map((p: { part: string }) => p.part)).to.deep.equal(['theory', 'skill']);
    for (const row of before.rows) expect(row.parts[1]).to.include({ state: 'pending', reason: '核分人尚未确认总分' });
    await request(app.express).post(`/api/v1/sessions/${theory.id}/close`).set(...bearer(admin)).expect(200);
    await request(app.express).post(`/api/v1/sessions/${skillId}/close`).set(...bearer(admin)).expect(200);
    expect((await request(app.express).post(`/api/v1/sessions/${theory.id}/results/publish`).set(...bearer(admin))).status).to.equal(409);

    for (const name of [alice.name, bob.name]) await request(app.express).post(`/api/v1/registrations/${skillReg.get(name)}/confirm-scores`).set(...bearer(await world.checker.token())).expect(200);

    const after = await resultsOf();
    const candidateOf = async (registrationId: string) => String((await RegistrationModel.findById(registrationId).lean())!.candidateId);
    const byCandidate = new Map((after.rows as Array<{ candidateId: string }>).map((r) => [r.candidateId, r as unknown as { overall: string; parts: Array<{ part: string; score: number; pass: boolean; state: string }> }]));
    const a = byCandidate.get(await candidateOf(alice.registrationId))!;
    const b = byCandidate.get(await candidateOf(bob.registrationId))!;
    expect(a.parts.map((p) => [p.part, p.score, p.pass])).to.deep.equal([['theory', 100, true], ['skill', 90, true]]);
    expect(a.overall).to.equal('pass');
    expect(b.parts.map((p) => [p.part, p.score, p.pass])).to.deep.equal([['theory', 20, false], ['skill', 35, false]]);
    expect(b.overall).to.equal('fail');
    expect(after.blocking).to.deep.equal([]);

    // Published from the skill session (one batch, one publication).
    const published = await request(app.express).post(`/api/v1/sessions/${skillId}/results/publish`).set(...bearer(admin)).expect(200);
    expect(published.body.rows).to.have.length(2);
    const passed = await app.results.passedCandidates(world.centreId, batch);
    // The published row is the person's, whichever sitting's 准考证号 it shows.
    expect(passed.map((p) => [p.candidateId, p.name])).to.deep.equal([[await candidateOf(alice.registrationId), alice.name]]);

    // 发证: only Alice passed; her certificate number follows the 22-character rule of the centre
    // (S, 0001, province 11, site 000001, the year, level 3, serial), and anyone can verify it.
    const issued = await request(app.express).post(`/api/v1/sessions/${theory.id}/certificates`).set(...bearer(admin)).expect(200);
    expect(issued.body).to.include({ batch, passed: 1 });
    expect(issued.body.issued.map((i: { name: string }) => i.name)).to.deep.equal([alice.name]);
    const number = issued.body.issued[0].number as string;
    const year = String(new Date().getFullYear()).slice(2);
    expect(number).to.match(new RegExp(`^S000111000001${year}3\\d{6}$`));
    const verified = await request(app.express).get(`/api/v1/verify?number=${number}&name=${encodeURIComponent(alice.name)}`).expect(200);
    expect(verified.body).to.include({ number, status: 'valid', name: alice.name, levelLabel: '三级/高级工' });
    // The batch prints as one PDF of its certificates (the batch is the certificates' session reference).
    const batchPdf = (await binary(request(app.express).get(`/api/v1/certificates/batch.pdf?centreId=${world.centreId}&sessionRef=${batch}`).set(...bearer(admin))).expect(200)).body as Buffer;
    expect(pdfPageCount(batchPdf)).to.equal(1);
    expect(pdfText(batchPdf).replace(/\s+/g, '')).to.include(number).and.include(alice.name).and.include('三级/高级工');
    // Issuing again gives nobody a second certificate.
    const again = await request(app.express).post(`/api/v1/sessions/${skillId}/certificates`).set(...bearer(admin)).expect(200);
    expect(again.body.issued).to.deep.equal([]);
    expect(again.body.alreadyIssued.map((i: { name: string }) => i.name)).to.deep.equal([alice.name]);
    // A proctor may not issue.
    expect((await request(app.express).post(`/api/v1/sessions/${theory.id}/certificates`).set(...bearer(await world.proctors[0].token()))).status).to.equal(403);
  });

  it('refuses to issue before the results are published', async () => {
    const s = await scheduleSession(app, world, { startsAt: minutes(-1), endsAt: minutes(60), count: 1, batch: 'JD2026-Q4-02' });
    const res = await request(app.express).post(`/api/v1/sessions/${s.id}/certificates`).set(...bearer(await world.centreAdmin.token()));
    expect(res.status).to.equal(409);
    expect(res.body.detail).to.equal('成绩发布后才能发证。');
  });
});
