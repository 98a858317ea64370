import { expect } from 'chai';
import request from 'supertest';
import { buildTestApp } from '../../support/app';
import { useFreshDatabase } from '../../support/database';
import { bearer } from '../../support/identity';
import { candidateToken, createExamWorld, scheduleSession, type ExamWorld, type ScheduledSession } from '../../support/exam';
import { AttemptModel, ScoringClaimModel, type AttemptDoc } from '../../../server/delivery/model';
import { AuditEntryModel } from '../../../server/audit/model';
import { verifyAuditChain } from '../../../server/audit/service';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The deadline sweep's batch path: claims, a session's sheets in one query, one audit entry per
 * batch. What candidates and the audit rely on: every attempt past its deadline is scored exactly
 * once (never again after its own 交卷, never twice when two instances sweep together), with the
 * same score the single-attempt submit gives the same answers.
 */
describe('deadline sweep in batches', function () {
  this.timeout(240_000);
  useFreshDatabase('delivery_sweep');
  const app = buildTestApp({ loginIpMax: 10_000 });
  // A second instance of the app over the same database, as behind a load balancer.
  const other = buildTestApp({ loginIpMax: 10_000 });
  let world: ExamWorld;

  before(async () => {
    world = await createExamWorld(app);
  });

  /** Starts every candidate and saves the same answers for everyone on the same form: judge true, single 'B', every third left blank. */
  async function sitAll(session: ScheduledSession): Promise<string[]> {
    const tokens: string[] = [];
    for (const c of session.candidates) {
      const token = await candidateToken(app, c);
      const started = await request(app.express).post('/api/v1/attempts/start').set(...bearer(token)).expect(200);
      let seq = 0;
      for (const item of started.body.items as Array<{ position: number; type: string }>) {
        if (item.position % 3 === 2) continue;
        seq += 1;
        await request(app.express).put(`/api/v1/attempts/${c.registrationId}/answers/${item.position}`).set(...bearer(token)).send({ value: item.type === 'judge' ? true : 'B', seq }).expect(200);
      }
      tokens.push(token);
    }
    return tokens;
  }

  async function attemptsOf(session: ScheduledSession): Promise<AttemptDoc[]> {
    return Promise.all(session.candidates.map(async (c) => (await AttemptModel.findById(c.registrationId).lean()) as AttemptDoc));
  }

  async function waitPastDeadline(session: ScheduledSession): Promise<void> {
    const attempts = await attemptsOf(session);
    const latest = Math.max(...attempts.map((a) => a.deadline.getTime()));
    await sleep(Math.max(0, latest - Date.now() + 300));
  }

  it('scores the attempts nobody submitted, leaves those submitted by the candidate as they were, and matches the single-attempt score for the same answers', async () => {
    // Two forms: candidates 0 and 2 sit form A, 1 and 3 form B; each pair saves the same answers.
    const s = await scheduleSession(app, world, { startsAt: new Date(Date.now() - 60_000), endsAt: new Date(Date.now() + 25_000), count: 4, mode: 'forms', graceSeconds: 0 });
    const tokens = await sitAll(s);
    const attempts = await attemptsOf(s);
    expect(attempts[0]!.paperId).to.equal(attempts[2]!.paperId);
    expect(attempts[1]!.paperId).to.equal(attempts[3]!.paperId);
    // Candidates 0 and 1 hand in themselves (the single-attempt path).
    const own = [];
    for (const i of [0, 1]) own.push((await request(app.express).post(`/api/v1/attempts/${s.candidates[i]!.registrationId}/submit`).set(...bearer(tokens[i]!)).expect(200)).body);
    const before = await attemptsOf(s);
    await waitPastDeadline(s);

    const swept = await app.delivery.sweep();
    expect(swept).to.be.at.least(2);
    expect(await app.delivery.sweep()).to.equal(0);

    const after = await attemptsOf(s);
    // Submitted by the candidate: untouched by the sweep.
    for (const i of [0, 1]) {
      expect(after[i]).to.deep.equal(before[i]);
      expect(after[i]!.endReason).to.equal('candidate');
      expect(after[i]!.sweepBatch).to.equal(undefined);
      expect(own[i].score.total).to.equal(after[i]!.score!.total);
    }
    // Swept: submitted at the deadline with the score the candidate's own submit gave the same answers.
    for (const [swept, single] of [[2, 0], [3, 1]] as const) {
      expect(after[swept]).to.include({ status: 'submitted', endReason: 'deadline' });
      const { scoredAt: _a, ...mine } = after[swept]!.score!;
      const { scoredAt: _b, ...theirs } = after[single]!.score!;
      expect(mine).to.deep.equal(theirs);
      expect(mine.answered).to.equal(20);
      expect(mine.total).to.be.greaterThan(0).and.lessThan(mine.max);
    }
    // The candidate sees the result the sweep wrote.
    const view = await request(app.express).get('/api/v1/attempts/current').set(...bearer(tokens[2]!)).expect(200);
    expect(view.body).to.include({ status: 'submitted', endReason: 'deadline' });
    expect(view.body.score.total).to.equal(after[2]!.score!.total);

    // Audit: one entry per attempt the candidate submitted, one batch entry naming exactly the swept ones.
    const ids = s.candidates.map((c) => c.registrationId);
    for (const i of [0, 1]) expect(await AuditEntryModel.countDocuments({ action: 'attempt.submit', 'target.id': ids[i] })).to.equal(1);
    for (const i of [2, 3]) expect(await AuditEntryModel.countDocuments({ action: 'attempt.submit', 'target.id': ids[i] })).to.equal(0);
    const batches = await AuditEntryModel.find({ action: 'attempt.submit.batch', 'target.id': s.id }).lean();
    expect(batches).to.have.length(1);
    const listed = (batches[0]!.details as { attempts: Array<{ id: string; total: number }> }).attempts;
    expect(listed.map((a) => a.id).sort()).to.deep.equal([ids[2], ids[3]].sort());
    expect(listed.find((a) => a.id === ids[2])!.total).to.equal(after[2]!.score!.total);
    expect((await verifyAuditChain()).ok).to.equal(true);

    // A save after the deadline is still refused, and the stored answer stays.
    const late = await request(app.express).put(`/api/v1/attempts/${ids[2]}/answers/0`).set(...bearer(tokens[2]!)).send({ value: false, seq: 999 });
    expect(late.status).to.equal(409);
  });

  it('two instances sweeping at once score each attempt exactly once', async () => {
    const s = await scheduleSession(app, world, { startsAt: new Date(Date.now() - 60_000), endsAt: new Date(Date.now() + 25_000), count: 8, graceSeconds: 0 });
    await sitAll(s);
    await waitPastDeadline(s);
    const [a, b] = await Promise.all([app.delivery.sweep(), other.delivery.sweep()]);
    expect(a + b).to.equal(8);
    expect(await other.delivery.sweep()).to.equal(0);

    const ids = s.candidates.map((c) => c.registrationId);
    const after = await attemptsOf(s);
    for (const attempt of after) expect(attempt).to.include({ status: 'submitted', endReason: 'deadline' });
    // Each attempt once across every batch entry, under the batch that wrote it.
    const batches = await AuditEntryModel.find({ action: 'attempt.submit.batch', 'target.id': s.id }).lean();
    const listed = batches.flatMap((e) => (e.details as { batch: string; attempts: Array<{ id: string }> }).attempts.map((x) => ({ id: x.id, batch: (e.details as { batch: string }).batch })));
    expect(listed.map((x) => x.id).sort()).to.deep.equal([...ids].sort());
    for (const x of listed) expect(after.find((t) => String(t._id) === x.id)!.sweepBatch).to.equal(x.batch);
    expect(await ScoringClaimModel.countDocuments({ _id: { $in: ids } })).to.equal(8);
    expect((await verifyAuditChain()).ok).to.equal(true);
  });
});
