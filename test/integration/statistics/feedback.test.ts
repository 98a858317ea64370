import { expect } from 'chai';
import request from 'supertest';
import { buildTestApp } from '../../support/app';
import { useFreshDatabase } from '../../support/database';
import { bearer, createStaff, type StaffUser } from '../../support/identity';
import { sessionCookie } from '../../support/session';
import { createExamWorld, scheduleSession, type ExamWorld, type ScheduledSession } from '../../support/exam';
import { mixedAbility, sitSession, waitForRun as waitForStatisticsRun, type Sitting } from '../../support/sittings';
import { ExamSessionModel } from '../../../server/sessions/model';
import { AuditEntryModel } from '../../../server/audit/model';
import { StatisticsLockModel, StatisticsRunModel } from '../../../server/statistics/model';
import { FACILITY_BY_DIFFICULTY } from '../../../server/bank/item-schema';

const minutes = (n: number) => new Date(Date.now() + n * 60_000);
const MIN_RESPONSES = 10;
const CANDIDATES = 24;

/**
 * Over HTTP against the real database: a theory session in A/B-form mode (options shuffled per
 * candidate) sat by 24 candidates, its item analysis computed by the centre admin, written onto
 * the item versions and shown to a reviewer, the dubious items listed, a release run adding Rasch
 * difficulties, and assembly then drawing by the measured difficulties (ITEM_STATS_MIN_RESPONSES
 * set to 10 for this test).
 */
describe('item statistics feed back into the bank', function () {
  this.timeout(600_000);
  useFreshDatabase('statistics_feedback');
  const app = buildTestApp({ loginIpMax: 100_000, itemStatsMinResponses: MIN_RESPONSES });
  let world: ExamWorld;
  let session: ScheduledSession;
  let reviewer: StaffUser;
  let truth: Sitting['truth'];
  let writerFacility: Sitting['writerFacility'];
  let shownOrders: Sitting['shownOrders'];
  const waitForRun = (token: string, location: string) => waitForStatisticsRun(app, token, location);

  before(async () => {
    world = await createExamWorld(app);
    reviewer = await createStaff(app, 'reviewer1', [{ role: 'reviewer', scope: { type: 'bank', id: world.bankId } }]);
    session = await scheduleSession(app, world, { startsAt: minutes(-1), endsAt: minutes(90), count: CANDIDATES, mode: 'forms' });
    ({ truth, writerFacility, shownOrders } = await sitSession(app, world, session, mixedAbility));
  });

  it('refuses those who may not run it, and a second run while one is in progress', async () => {
    const url = `/api/v1/sessions/${session.id}/statistics`;
    expect((await request(app.express).post(url).set(...bearer(await world.proctors[0].token()))).status).to.equal(403);
    expect((await request(app.express).post(url).set(...bearer(await reviewer.token()))).status).to.equal(403);
    // A bank admin holds the permission but not on this centre's session; another centre's admin neither.
    const other = await createStaff(app, 'centreadmin2', [{ role: 'centre_admin', scope: { type: 'centre', id: world.otherCentreId } }]);
    for (const user of [world.bankAdmin, other]) {
      const res = await request(app.express).post(url).set(...bearer(await user.token()));
      expect(res.status).to.equal(404);
      expect(res.body.detail).to.match(/没有这个考试批次/);
    }
    await StatisticsLockModel.create({ _id: `session:${session.id}`, runId: '64b7f0c2a1b2c3d4e5f60700', leaseUntil: minutes(5) });
    const busy = await request(app.express).post(url).set(...bearer(await world.centreAdmin.token()));
    expect(busy.status).to.equal(409);
    expect(busy.body.detail).to.match(/正在计算/);
    expect(await StatisticsRunModel.countDocuments({})).to.equal(0);
    await StatisticsLockModel.deleteOne({ _id: `session:${session.id}` });
  });

  it('computes a session run, writes each version\'s statistics, and a reviewer sees them', async () => {
    const token = await world.centreAdmin.token();
    const started = await request(app.express).post(`/api/v1/sessions/${session.id}/statistics`).set(...bearer(token)).expect(202);
    expect(started.body.status).to.equal('running');
    const run = await waitForRun(token, started.headers.location!);
    expect(run.body.status, run.body.error).to.equal('done');
    expect(run.body.summary.candidates).to.equal(CANDIDATES);
    expect(run.body.summary.items).to.equal(truth.size);
    expect(run.body.summary.papers).to.have.length(2);
    for (const p of run.body.summary.papers) {
      expect(p.candidates).to.equal(CANDIDATES / 2);
      expect(p.kr20).to.be.a('number').and.to.be.within(-1, 1);
    }

    const reviewerToken = await reviewer.token();
    for (const [itemId, t] of truth) {
      const detail = await request(app.express).get(`/api/v1/items/${itemId}`).set(...bearer(reviewerToken)).expect(200);
      const slot = detail.body.version.statistics.session;
      expect(slot.n, itemId).to.equal(t.shown);
      expect(slot.facility, itemId).to.be.closeTo(t.right / t.shown, 1e-12);
      expect(slot.omitted.count).to.equal(t.omitted);
      for (const option of slot.options) expect(option.count, `${itemId} ${option.key}`).to.equal(t.chosen.get(option.key) ?? 0);
      expect(slot.basis).to.deep.include({ kind: 'session', id: session.id });
      if (t.right === t.shown) expect(slot.dubious).to.include('too-easy');
      if (t.right / t.shown < 0.2) expect(slot.dubious).to.include('too-hard');
      expect(detail.body.version.statistics.release).to.equal(undefined);
    }
    // The options were shuffled per candidate, and the rates still count the item's own keys.
    expect([...shownOrders.values()].some((orders) => orders.size > 1)).to.equal(true);

    const someItem = [...truth.keys()][0]!;
    const page = await request(app.express).get(`/bank/items/${someItem}`).set('Cookie', await sessionCookie(app, 'reviewer1')).expect(200);
    expect(page.text).to.contain('data-testid="item-statistics"');
    expect(page.text).to.contain((truth.get(someItem)!.right / truth.get(someItem)!.shown).toFixed(2));
    expect(page.text).to.contain('作答统计');

    expect(await AuditEntryModel.countDocuments({ action: 'statistics.start' })).to.equal(1);
    expect(await AuditEntryModel.countDocuments({ action: 'statistics.write', 'target.id': session.id })).to.equal(1);
  });

  it('lists the dubious items for the bank admin, not for a writer', async () => {
    const res = await request(app.express).get(`/api/v1/banks/${world.bankId}/dubious-items`).set(...bearer(await world.bankAdmin.token())).expect(200);
    const listed = new Set((res.body.items as Array<{ itemId: string }>).map((i) => i.itemId));
    for (const [itemId, t] of truth) {
      const p = t.right / t.shown;
      if (p > 0.95 || p < 0.2) expect(listed.has(itemId), itemId).to.equal(true);
    }
    expect(listed.size).to.be.at.least(2);
    const page = await request(app.express).get(`/bank/${world.bankId}/dubious-items`).set('Cookie', await sessionCookie(app, 'bankadmin')).expect(200);
    expect(page.text).to.contain('data-testid="dubious-items"');
    const writer = await createStaff(app, 'writer1', [{ role: 'writer', scope: { type: 'bank', id: world.bankId } }]);
    expect((await request(app.express).get(`/api/v1/banks/${world.bankId}/dubious-items`).set(...bearer(await writer.token()))).status).to.equal(403);
  });

  it('draws new papers by the measured facility, and papers from before still rebuild identically', async () => {
    const token = await world.bankAdmin.token();
    const blueprint = await request(app.express)
      .post('/api/v1/blueprints')
      .set(...bearer(token))
      .send({ bankId: world.bankId, name: '按实测难度', level: 3, part: 'theory', durationMinutes: 60, difficulty: { min: 0.05, max: 0.95 }, sections: [{ type: 'judge', count: 10, pointsPerItem: 2 }, { type: 'single', count: 20, pointsPerItem: 4 }] })
      .expect(201);
    let measuredSeen = 0;
    for (const seed of ['m-1', 'm-2', 'm-3']) {
      const preview = await request(app.express).post('/api/v1/papers/preview').set(...bearer(token)).send({ blueprintId: blueprint.body.blueprint.id, seed }).expect(200);
      for (const item of preview.body.paper.items as Array<{ itemId: string; facility: number }>) {
        const t = truth.get(item.itemId);
        const expected = t && t.shown >= MIN_RESPONSES ? Math.min(0.999, Math.max(0.001, t.right / t.shown)) : (writerFacility.get(item.itemId) ?? FACILITY_BY_DIFFICULTY[3]!);
        if (t) measuredSeen += 1;
        if (t || writerFacility.has(item.itemId)) expect(item.facility, item.itemId).to.be.closeTo(expected, 1e-12);
      }
    }
    expect(measuredSeen).to.be.greaterThan(0);

    const kept = await request(app.express).post('/api/v1/papers').set(...bearer(token)).send({ blueprintId: blueprint.body.blueprint.id, seed: 'kept' }).expect(201);
    expect(kept.body.items[0].difficulty).to.include({ minResponses: MIN_RESPONSES });
    const verified = await request(app.express).get(`/api/v1/papers/${kept.body.items[0].id}/verify`).set(...bearer(token)).expect(200);
    expect(verified.body.identical).to.equal(true);
    // The session's forms were drawn by the writers' estimates before any statistics: still identical.
    const doc = await ExamSessionModel.findById(session.id).lean();
    for (const paperId of doc!.formPaperIds) {
      const old = await request(app.express).get(`/api/v1/papers/${paperId}/verify`).set(...bearer(token)).expect(200);
      expect(old.body.identical, paperId).to.equal(true);
    }
  });

  it('computes a release run with Rasch difficulties, and a Rasch blueprint draws by them', async () => {
    const doc = await ExamSessionModel.findById(session.id).lean();
    const releaseId = String(doc!.releaseId);
    const url = `/api/v1/banks/${world.bankId}/releases/${releaseId}/statistics`;
    expect((await request(app.express).post(url).set(...bearer(await reviewer.token()))).status).to.equal(403);
    expect((await request(app.express).post(url).set(...bearer(await world.centreAdmin.token()))).status).to.equal(404);
    const token = await world.bankAdmin.token();
    const started = await request(app.express).post(url).set(...bearer(token)).expect(202);
    const run = await waitForRun(token, started.headers.location!);
    expect(run.body.status, run.body.error).to.equal('done');
    expect(run.body.summary.rasch.converged).to.equal(true);
    // The centre admin cannot read the bank's run.
    expect((await request(app.express).get(started.headers.location!).set(...bearer(await world.centreAdmin.token()))).status).to.equal(404);

    const raschFacility = new Map<string, number>();
    for (const [itemId, t] of truth) {
      const detail = await request(app.express).get(`/api/v1/items/${itemId}`).set(...bearer(token)).expect(200);
      const slot = detail.body.version.statistics.release;
      expect(slot.n).to.equal(t.shown);
      expect(slot.facility).to.be.closeTo(t.right / t.shown, 1e-12);
      if (t.right === t.shown || t.right === 0) {
        // Everyone or no one right: no finite Rasch difficulty, said so.
        expect(slot.rasch).to.deep.include({ status: t.right === 0 ? 'extreme-high' : 'extreme-low', difficulty: null });
        continue;
      }
      expect(slot.rasch.status).to.equal('estimated');
      expect(slot.rasch.se).to.be.greaterThan(0);
      raschFacility.set(itemId, slot.rasch.facility);
    }
    expect(raschFacility.size).to.be.greaterThan(10);

    const blueprint = await request(app.express)
      .post('/api/v1/blueprints')
      .set(...bearer(token))
      .send({ bankId: world.bankId, name: '按 Rasch 难度', level: 3, part: 'theory', durationMinutes: 60, difficulty: { min: 0.05, max: 0.95 }, difficultyMeasure: 'rasch', sections: [{ type: 'judge', count: 10, pointsPerItem: 2 }, { type: 'single', count: 20, pointsPerItem: 4 }] })
      .expect(201);
    let raschSeen = 0;
    for (const seed of ['r-1', 'r-2', 'r-3']) {
      const preview = await request(app.express).post('/api/v1/papers/preview').set(...bearer(token)).send({ blueprintId: blueprint.body.blueprint.id, seed }).expect(200);
      for (const item of preview.body.paper.items as Array<{ itemId: string; facility: number }>) {
        const f = raschFacility.get(item.itemId);
        if (f === undefined || truth.get(item.itemId)!.shown < MIN_RESPONSES) continue;
        raschSeen += 1;
        expect(item.facility, item.itemId).to.be.closeTo(Math.min(0.999, Math.max(0.001, f)), 1e-12);
      }
    }
    expect(raschSeen).to.be.greaterThan(0);
    expect(await AuditEntryModel.countDocuments({ action: 'statistics.write', 'target.id': releaseId })).to.equal(1);
  });
});
