import { expect } from 'chai';
import request from 'supertest';
import { buildTestApp } from '../support/app';
import { useFreshDatabase } from '../support/database';
import { seedDemoData, DEMO_PASSWORD, DEMO_BANK_CODE } from '../../scripts/demo/seed';
import { BankModel, ItemModel, ReleaseModel } from '../../server/bank/model';
import { BlueprintModel } from '../../server/assembly/model';
import { UserModel } from '../../server/identity/model';
import { ExamSessionModel } from '../../server/sessions/model';
import { ScoringPlanModel } from '../../server/skill-scoring/model';

describe('demo data (what npm start seeds)', function () {
  this.timeout(180_000);
  useFreshDatabase('demo_seed');
  const app = buildTestApp({ loginIpMax: 1000 });
  const lines: string[] = [];

  it('seeds the 电工 standard, a national bank of at least 800 approved items, a release, blueprints and demo staff', async () => {
    const accounts = await seedDemoData({ app, log: (l) => lines.push(l) });
    expect(accounts.map((a) => a.username)).to.include.members(['admin', 'bankadmin', 'writer', 'reviewer', 'supervisor']);
    const bank = await BankModel.findOne({ code: DEMO_BANK_CODE }).lean();
    const approved = await ItemModel.countDocuments({ bankId: bank!._id, approvedVersion: { $ne: null } });
    expect(approved).to.be.at.least(800);
    // The newest release: the results demo adds a second one with four 简答题.
    const release = await ReleaseModel.findOne({ bankId: bank!._id, status: 'published' }).sort({ number: -1 }).lean();
    expect(release!.itemCount).to.equal(approved);
    const blueprints = await BlueprintModel.find({ bankId: bank!._id, part: 'theory' }).lean();
    // The five default blueprints and the results demo's (with 简答题).
    expect(blueprints).to.have.length(6);
    expect(blueprints.every((b) => b.feasibility?.ok)).to.equal(true);
    expect(await ItemModel.countDocuments({ bankId: bank!._id, latestState: 'submitted' })).to.equal(1);
    expect(lines.join('\n')).not.to.contain('warning');
    // A skill-test session with its tasks drawn, and one examiner group of three and a checker.
    expect(accounts.map((a) => a.username)).to.include.members(['examiner1', 'examiner2', 'examiner3', 'checker']);
    const skill = await ExamSessionModel.findOne({ part: 'skill', status: 'open' }).lean();
    expect(skill, 'a skill session').to.not.equal(null);
    const plan = await ScoringPlanModel.findById(skill!._id).lean();
    expect(plan!.panels[0]!.examinerIds).to.have.length(3);
    const work = await app.scoring.workFor((await app.identity.principalFromToken((await request(app.express).post('/api/v1/auth/login').send({ username: 'examiner1', password: DEMO_PASSWORD })).body.token))!.principal);
    expect(work[0]!.panels[0]!.candidates).to.have.length(3);
    expect(work[0]!.panels[0]!.candidates[0]!.tasks.length).to.be.at.least(1);
  });

  it('makes a closed session with results: two candidates marked, one waiting for the examiners, the skill part without a source yet', async () => {
    const session = (await ExamSessionModel.findOne({ title: '电工三级理论知识考试（成绩演示）' }).lean())!;
    expect(session.status).to.equal('closed');
    const login = await request(app.express).post('/api/v1/auth/login').send({ username: 'centreadmin', password: DEMO_PASSWORD }).expect(200);
    const results = (await request(app.express).get(`/api/v1/sessions/${String(session._id)}/results`).set('Authorization', `Bearer ${login.body.token}`).expect(200)).body;
    expect(results.rows.map((r: { parts: Array<{ state: string }> }) => r.parts[0]!.state)).to.deep.equal(['complete', 'complete', 'pending']);
    expect(results.parts.map((p: { part: string }) => p.part)).to.deep.equal(['theory', 'skill']);
    expect(results.rows.every((r: { parts: Array<{ state: string }> }) => r.parts[1]!.state === 'missing')).to.equal(true);
    const examiner = await request(app.express).post('/api/v1/auth/login').send({ username: 'examiner2', password: DEMO_PASSWORD }).expect(200);
    const next = (await request(app.express).get(`/api/v1/sessions/${String(session._id)}/marking/next`).set('Authorization', `Bearer ${examiner.body.token}`).expect(200)).body;
    expect(next.task).to.not.equal(null);
  });

  it('the demo accounts sign in with the printed password, and a second run changes nothing', async () => {
    const login = await request(app.express).post('/api/v1/auth/login').send({ username: 'writer', password: DEMO_PASSWORD }).expect(200);
    const banks = await request(app.express).get('/api/v1/banks').set('Authorization', `Bearer ${login.body.token}`).expect(200);
    expect(banks.body.items.map((b: { code: string }) => b.code)).to.deep.equal([DEMO_BANK_CODE]);
    const before = { users: await UserModel.countDocuments(), items: await ItemModel.countDocuments(), releases: await ReleaseModel.countDocuments() };
    await seedDemoData({ app, log: () => undefined });
    expect({ users: await UserModel.countDocuments(), items: await ItemModel.countDocuments(), releases: await ReleaseModel.countDocuments() }).to.deep.equal(before);
  });
});
