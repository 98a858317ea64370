import { expect } from 'chai';
import mongoose from 'mongoose';
import request from 'supertest';
import { buildTestApp } from '../../support/app';
import { useFreshDatabase } from '../../support/database';
import { bearer } from '../../support/identity';
import { candidateToken, createExamWorld, scheduleSession, type ExamWorld } from '../../support/exam';
import { AnswerSheetModel, AttemptModel } from '../../../server/delivery/model';
import { answersOf } from '../../../server/delivery/answer-record';
import { scoreOf } from '../../../server/delivery/score-record';
import { ExamSessionModel } from '../../../server/sessions/model';
import { AuditEntryModel } from '../../../server/audit/model';

const minutes = (n: number) => new Date(Date.now() + n * 60_000);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('attempts: start, save, submit, deadline', function () {
  this.timeout(180_000);
  useFreshDatabase('delivery_attempts');
  const app = buildTestApp({ loginIpMax: 10_000 });
  let world: ExamWorld;

  before(async () => {
    world = await createExamWorld(app);
  });

  /** The key of each position, read by staff through the item API (not through the scoring code). */
  async function keysOf(paperId: string): Promise<Array<{ type: string; points: number; answer: unknown }>> {
    const token = await world.bankAdmin.token();
    const paper = await request(app.express).get(`/api/v1/papers/${paperId}`).set(...bearer(token)).expect(200);
    const out = [];
    for (const item of paper.body.items as Array<{ itemId: string; type: string; points: number; version: number }>) {
      const detail = await request(app.express).get(`/api/v1/items/${item.itemId}`).set(...bearer(token)).expect(200);
      expect(detail.body.version.version).to.equal(item.version);
      out.push({ type: item.type, points: item.points, answer: detail.body.content.answer });
    }
    return out;
  }

  it('refuses sign-in with a wrong ID number and before the window; refuses a start before the start time', async () => {
    const later = await scheduleSession(app, world, { startsAt: minutes(10), endsAt: minutes(70), count: 1 });
    const c = later.candidates[0]!;
    const wrong = await request(app.express).post('/api/v1/auth/candidate-login').send({ admissionNo: c.admissionNo, idNumber: '110101199003070000' });
    expect(wrong.status).to.equal(401);
    const unknown = await request(app.express).post('/api/v1/auth/candidate-login').send({ admissionNo: '99999999', idNumber: c.idNumber });
    expect(unknown.status).to.equal(401);
    expect(unknown.body.detail).to.equal(wrong.body.detail);
    const token = await candidateToken(app, c);
    const early = await request(app.express).post('/api/v1/attempts/start').set(...bearer(token));
    expect(early.status).to.equal(409);
    expect(early.body.type).to.equal('/problems/too-early');
    // Paper custody: before the start there is no paper to read.
    const paper = await request(app.express).get('/api/v1/attempts/current').set(...bearer(token));
    expect(paper.status).to.equal(404);
    expect(await AttemptModel.countDocuments({ _id: c.registrationId })).to.equal(0);

    const far = await scheduleSession(app, world, { startsAt: minutes(120), endsAt: minutes(180), count: 1 });
    const tooEarly = await request(app.express).post('/api/v1/auth/candidate-login').send({ admissionNo: far.candidates[0]!.admissionNo, idNumber: far.candidates[0]!.idNumber });
    expect(tooEarly.status).to.equal(409);
    expect(tooEarly.body.type).to.equal('/problems/too-early');
    // The start as people read it: Beijing time, not an ISO instant (the instant is in `startsAt`).
    const startsAt = new Date(tooEarly.body.startsAt as string);
    const beijing = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(startsAt);
    expect(tooEarly.body.detail).to.contain(beijing).and.not.contain('Z ');
  });

  it('signs in from the session\'s copy in memory, yet locks a number after repeated failures and refuses one marked 缺考 after the copy was read', async () => {
    const s = await scheduleSession(app, world, { startsAt: minutes(-1), endsAt: minutes(60), count: 3 });
    const [a, b, c] = s.candidates as [ScheduledCandidate, ScheduledCandidate, ScheduledCandidate];
    // Opening read the registrations into memory; the first sign-in comes from that copy.
    expect((await request(app.express).post('/api/v1/auth/candidate-login').send({ admissionNo: a.admissionNo, idNumber: a.idNumber })).status).to.equal(200);
    // Five wrong ID numbers lock the number: then even the right pair is refused (429), and nothing was issued.
    for (let i = 0; i < 5; i++) {
      const wrong = await request(app.express).post('/api/v1/auth/candidate-login').send({ admissionNo: b.admissionNo, idNumber: '110101199003070000' });
      expect(wrong.status).to.equal(401);
    }
    const locked = await request(app.express).post('/api/v1/auth/candidate-login').send({ admissionNo: b.admissionNo, idNumber: b.idNumber });
    expect(locked.status).to.equal(429);
    expect(locked.body.detail).to.contain('锁定');
    expect(await AuditEntryModel.countDocuments({ action: 'auth.candidate.login', 'target.id': b.registrationId })).to.equal(0);
    // 缺考 marked by the proctor after the copy was read: the candidate can no longer sign in or start.
    const token = await candidateToken(app, c);
    const proctor = await world.proctors[0].token();
    await request(app.express).post(`/api/v1/registrations/${c.registrationId}/absent`).set(...bearer(proctor)).expect(200);
    const refused = await request(app.express).post('/api/v1/auth/candidate-login').send({ admissionNo: c.admissionNo, idNumber: c.idNumber });
    expect(refused.status).to.equal(409);
    expect(refused.body.detail).to.contain('缺考');
    const start = await request(app.express).post('/api/v1/attempts/start').set(...bearer(token));
    expect(start.status).to.equal(409);
    expect(await AttemptModel.countDocuments({ _id: c.registrationId })).to.equal(0);
  });

  it('refuses a start after the late-entry cut-off', async () => {
    const late = await scheduleSession(app, world, { startsAt: minutes(-20), endsAt: minutes(60), count: 1, lateEntryMinutes: 15 });
    const token = await candidateToken(app, late.candidates[0]!);
    const res = await request(app.express).post('/api/v1/attempts/start').set(...bearer(token));
    expect(res.status).to.equal(409);
    expect(res.body.type).to.equal('/problems/too-late');
    expect(await AttemptModel.countDocuments({ _id: late.candidates[0]!.registrationId })).to.equal(0);
  });

  it('starts once, shows no key, saves with seq, scores on submit, and a second submit returns the same result', async () => {
    const s = await scheduleSession(app, world, { startsAt: minutes(-1), endsAt: minutes(60), count: 2 });
    const [a, b] = s.candidates as [ScheduledCandidate, ScheduledCandidate];
    const token = await candidateToken(app, a);
    const first = await request(app.express).post('/api/v1/attempts/start').set(...bearer(token)).expect(200);
    const again = await request(app.express).post('/api/v1/attempts/start').set(...bearer(token)).expect(200);
    expect(again.body.id).to.equal(first.body.id);
    expect(await AttemptModel.countDocuments({ _id: a.registrationId })).to.equal(1);

    const current = await request(app.express).get('/api/v1/attempts/current').set(...bearer(token)).expect(200);
    expect(current.body.items).to.have.length(30);
    // The start answers with the same paper the exam page would fetch (one request at the start).
    expect(first.body.items.map((i: { html: string }) => i.html)).to.deep.equal(current.body.items.map((i: { html: string }) => i.html));
    expect(first.body.header).to.deep.equal(current.body.header);
    expect(first.body.answers).to.deep.equal([]);
    for (const raw of [first.text, again.text, current.text]) for (const leak of ['"answer"', 'item-key', 'item-explanation', 'referenceAnswer', 'markingPoints', ' correct"', 'optionPermutation']) expect(raw, leak).to.not.contain(leak);
    expect(current.body.header).to.include({ bank: '职业技能鉴定国家题库', admissionNo: a.admissionNo });

    const attempt = await AttemptModel.findById(a.registrationId).lean();
    const keys = await keysOf(attempt!.paperId);
    // Answer positions 0..19 correctly, 20..24 wrongly, leave the rest; the expected score from the keys.
    let expected = 0;
    let seq = 1000;
    for (let p = 0; p < 25; p++) {
      const key = keys[p]!;
      const right = p < 20;
      const value = key.type === 'judge' ? (right ? key.answer : !key.answer) : right ? key.answer : ['A', 'B', 'C', 'D'].find((k) => k !== key.answer);
      if (right) expected += key.points;
      seq += 1;
      await request(app.express).put(`/api/v1/attempts/${a.registrationId}/answers/${p}`).set(...bearer(token)).send({ value, seq }).expect(200);
    }
    // A stale seq is refused and the stored answer stays; the same seq again is acknowledged.
    const stale = await request(app.express).put(`/api/v1/attempts/${a.registrationId}/answers/0`).set(...bearer(token)).send({ value: !keys[0]!.answer, seq: 5 });
    expect(stale.status).to.equal(409);
    expect(stale.body.reason).to.equal('stale');
    const repeat = await request(app.express).put(`/api/v1/attempts/${a.registrationId}/answers/24`).set(...bearer(token)).send({ value: ['A', 'B', 'C', 'D'].find((k) => k !== keys[24]!.answer) ?? !keys[24]!.answer, seq });
    expect(repeat.status).to.equal(200);
    const sheet = await AnswerSheetModel.findById(a.registrationId).lean();
    expect(answersOf(sheet!.answers).get(0)!.v).to.deep.equal(keys[0]!.answer);
    // A value of the wrong shape is refused (422) and nothing changes.
    const shape = await request(app.express).put(`/api/v1/attempts/${a.registrationId}/answers/0`).set(...bearer(token)).send({ value: 'Z', seq: seq + 100 });
    expect(shape.status).to.equal(422);

    // Another candidate cannot touch or read this attempt: 404.
    const otherToken = await candidateToken(app, b);
    const foreign = await request(app.express).put(`/api/v1/attempts/${a.registrationId}/answers/0`).set(...bearer(otherToken)).send({ value: true, seq: 9e12 });
    expect(foreign.status).to.equal(404);
    expect((await request(app.express).get(`/api/v1/attempts/${a.registrationId}/clock`).set(...bearer(otherToken))).status).to.equal(404);
    expect((await request(app.express).post(`/api/v1/attempts/${a.registrationId}/submit`).set(...bearer(otherToken))).status).to.equal(404);
    // Staff tokens are not candidates.
    expect((await request(app.express).get('/api/v1/attempts/current').set(...bearer(await world.centreAdmin.token()))).status).to.equal(403);

    const submitted = await request(app.express).post(`/api/v1/attempts/${a.registrationId}/submit`).set(...bearer(token)).expect(200);
    expect(submitted.body.status).to.equal('submitted');
    expect(submitted.body.score.total).to.equal(expected);
    expect(submitted.body.score.max).to.equal(100);
    const twice = await request(app.express).post(`/api/v1/attempts/${a.registrationId}/submit`).set(...bearer(token)).expect(200);
    expect(twice.body).to.deep.include({ status: 'submitted', endedAt: submitted.body.endedAt });
    expect(twice.body.score).to.deep.equal(submitted.body.score);
    const stored = await AttemptModel.findById(a.registrationId).lean();
    expect(scoreOf(stored!.score!).items.every((i) => i.version === 1)).to.equal(true);
    const afterSubmit = await request(app.express).put(`/api/v1/attempts/${a.registrationId}/answers/29`).set(...bearer(token)).send({ value: 'A', seq: seq + 1 });
    expect(afterSubmit.status).to.equal(409);
    expect(afterSubmit.body.reason).to.equal('closed');
    expect((await AnswerSheetModel.findById(a.registrationId).lean())!.answers['29']).to.equal(undefined);
  });

  it('keeps guarding and scoring answers saved in the older {v, s, t} form', async () => {
    const s = await scheduleSession(app, world, { startsAt: minutes(-1), endsAt: minutes(60), count: 1 });
    const [a] = s.candidates as [ScheduledCandidate];
    const token = await candidateToken(app, a);
    await request(app.express).post('/api/v1/attempts/start').set(...bearer(token)).expect(200);
    const keys = await keysOf((await AttemptModel.findById(a.registrationId).lean())!.paperId);
    const at = new Date(Date.now() - 60_000);
    // Two answers as a sheet written before answers were one string each: position 0 right, 1 right.
    await AnswerSheetModel.collection.updateOne({ _id: new mongoose.Types.ObjectId(a.registrationId) }, { $set: { 'answers.0': { v: keys[0]!.answer, s: 5, t: at }, 'answers.1': { v: keys[1]!.answer, s: 5, t: at } } });
    const wrong = (p: number) => (keys[p]!.type === 'judge' ? !keys[p]!.answer : ['A', 'B', 'C', 'D'].find((k) => k !== keys[p]!.answer));
    const put = (p: number, value: unknown, seq: number) => request(app.express).put(`/api/v1/attempts/${a.registrationId}/answers/${p}`).set(...bearer(token)).send({ value, seq });
    const older = await put(0, wrong(0), 4);
    expect(older.status).to.equal(409);
    expect(older.body.reason).to.equal('stale');
    const same = await put(0, keys[0]!.answer, 5);
    expect(same.status).to.equal(200);
    expect(same.body.savedAt).to.equal(at.toISOString());
    // A newer seq replaces the old form at position 1 with the new one.
    await put(1, wrong(1), 6).expect(200);
    const sheet = (await AnswerSheetModel.findById(a.registrationId).lean())!;
    expect(sheet.answers['0']).to.be.an('object');
    expect(sheet.answers['1']).to.be.a('string');
    expect(answersOf(sheet.answers).get(1)).to.deep.include({ v: wrong(1), s: 6 });
    const shown = await request(app.express).get('/api/v1/attempts/current').set(...bearer(token)).expect(200);
    expect(shown.body.answers).to.deep.equal([
      { position: 0, value: keys[0]!.answer, seq: 5 },
      { position: 1, value: wrong(1), seq: 6 },
    ]);
    await request(app.express).post(`/api/v1/attempts/${a.registrationId}/submit`).set(...bearer(token)).expect(200);
    const score = scoreOf((await AttemptModel.findById(a.registrationId).lean())!.score!);
    expect(score.total).to.equal(keys[0]!.points);
    expect(score.items[0]).to.deep.include({ status: 'scored', points: keys[0]!.points, answer: keys[0]!.answer });
    expect(score.items[1]).to.deep.include({ status: 'scored', points: 0, answer: wrong(1) });
    expect(score.answered).to.equal(2);
  });

  it('writes a burst of starts together: each candidate gets exactly one attempt and one sheet, repeats included', async () => {
    const s = await scheduleSession(app, world, { startsAt: minutes(-1), endsAt: minutes(60), count: 12 });
    const tokens = await Promise.all(s.candidates.map((c) => candidateToken(app, c)));
    // Every candidate presses start three times at once, all candidates together.
    const responses = await Promise.all(tokens.flatMap((t) => [t, t, t]).map((t) => request(app.express).post('/api/v1/attempts/start').set(...bearer(t))));
    expect(responses.map((r) => r.status)).to.deep.equal(responses.map(() => 200));
    for (const [i, c] of s.candidates.entries()) {
      const mine = responses.slice(i * 3, i * 3 + 3);
      expect(new Set(mine.map((r) => r.body.id))).to.deep.equal(new Set([c.registrationId]));
      expect(new Set(mine.map((r) => r.body.deadline)).size, 'one deadline, the stored one').to.equal(1);
      expect(mine.every((r) => r.body.items.length === 30)).to.equal(true);
    }
    const ids = s.candidates.map((c) => c.registrationId);
    const attempts = await Promise.all(ids.map((id) => AttemptModel.countDocuments({ _id: id })));
    const sheets = await Promise.all(ids.map((id) => AnswerSheetModel.countDocuments({ _id: id })));
    expect(attempts).to.deep.equal(ids.map(() => 1));
    expect(sheets).to.deep.equal(ids.map(() => 1));
    // One audit entry per attempt started, not per press.
    expect(await Promise.all(ids.map((id) => AuditEntryModel.countDocuments({ action: 'attempt.start', 'target.id': id })))).to.deep.equal(ids.map(() => 1));
  });

  it('in A/B-form mode draws two forms once, alternates them by registration, and shuffles options per candidate', async () => {
    const s = await scheduleSession(app, world, { startsAt: minutes(-1), endsAt: minutes(60), count: 3, mode: 'forms' });
    const papers: string[] = [];
    const views: Array<Array<{ html: string }>> = [];
    for (const c of s.candidates) {
      const token = await candidateToken(app, c);
      await request(app.express).post('/api/v1/attempts/start').set(...bearer(token)).expect(200);
      papers.push((await AttemptModel.findById(c.registrationId).lean())!.paperId);
      views.push((await request(app.express).get('/api/v1/attempts/current').set(...bearer(token)).expect(200)).body.items);
    }
    const session = await ExamSessionModel.findById(s.id).lean();
    expect(session!.formPaperIds).to.have.length(2);
    expect(papers).to.deep.equal([session!.formPaperIds[0], session!.formPaperIds[1], session!.formPaperIds[0]]);
    // Candidates 1 and 3 sit form A; their option orders differ somewhere.
    const orders = (items: Array<{ html: string }>) => items.map((i) => [...i.html.matchAll(/data-key="([A-H])"/g)].map((m) => m[1]).join(''));
    expect(orders(views[0]!)).to.not.deep.equal(orders(views[2]!));
    expect(orders(views[0]!).map((o) => [...o].sort().join(''))).to.deep.equal(orders(views[2]!).map((o) => [...o].sort().join('')));
  });

  it('refuses a write after the deadline plus grace, keeps the stored answer, and the sweep closes the attempt', async () => {
    const s = await scheduleSession(app, world, { startsAt: minutes(-1), endsAt: new Date(Date.now() + 4000), count: 1, graceSeconds: 0 });
    const c = s.candidates[0]!;
    const token = await candidateToken(app, c);
    await request(app.express).post('/api/v1/attempts/start').set(...bearer(token)).expect(200);
    await request(app.express).put(`/api/v1/attempts/${c.registrationId}/answers/0`).set(...bearer(token)).send({ value: true, seq: 1 }).expect(200);
    await sleep(4500);
    const late = await request(app.express).put(`/api/v1/attempts/${c.registrationId}/answers/0`).set(...bearer(token)).send({ value: false, seq: 2 });
    expect(late.status).to.equal(409);
    expect(late.body.reason).to.equal('deadline');
    expect(answersOf((await AnswerSheetModel.findById(c.registrationId).lean())!.answers).get(0)).to.deep.include({ v: true, s: 1 });
    expect(await app.delivery.sweep()).to.be.at.least(1);
    expect(await app.delivery.sweep()).to.equal(0);
    const attempt = await AttemptModel.findById(c.registrationId).lean();
    expect(attempt).to.include({ status: 'submitted', endReason: 'deadline' });
    expect(attempt!.score!.answered).to.equal(1);
  });

  it('lets a proctor of the centre extend and stop attempts, and nobody else', async () => {
    const s = await scheduleSession(app, world, { startsAt: minutes(-1), endsAt: minutes(60), count: 2, durationMinutes: 30 });
    const [a, b] = s.candidates as [ScheduledCandidate, ScheduledCandidate];
    const ta = await candidateToken(app, a);
    const tb = await candidateToken(app, b);
    const started = await request(app.express).post('/api/v1/attempts/start').set(...bearer(ta)).expect(200);
    await request(app.express).post('/api/v1/attempts/start').set(...bearer(tb)).expect(200);
    const proctor = await world.proctors[0].token();
    const outsider = await world.otherProctor.token();
    expect((await request(app.express).post(`/api/v1/attempts/${a.registrationId}/extend`).set(...bearer(outsider)).send({ minutes: 5, reason: '设备故障' })).status).to.equal(404);
    const extended = await request(app.express).post(`/api/v1/attempts/${a.registrationId}/extend`).set(...bearer(proctor)).send({ minutes: 5, reason: '设备故障' }).expect(200);
    expect(Date.parse(extended.body.deadline) - Date.parse(started.body.deadline)).to.equal(5 * 60_000);
    const clock = await request(app.express).get(`/api/v1/attempts/${a.registrationId}/clock`).set(...bearer(ta)).expect(200);
    expect(clock.body.deadline).to.equal(extended.body.deadline);

    const stopped = await request(app.express).post(`/api/v1/attempts/${b.registrationId}/terminate`).set(...bearer(proctor)).send({ reason: '携带手机作弊' }).expect(200);
    expect(stopped.body.status).to.equal('terminated');
    const save = await request(app.express).put(`/api/v1/attempts/${b.registrationId}/answers/0`).set(...bearer(tb)).send({ value: true, seq: 1 });
    expect(save.status).to.equal(409);

    const roster = await request(app.express).get(`/api/v1/sessions/${s.id}/rooms/01/roster`).set(...bearer(proctor)).expect(200);
    const statuses = Object.fromEntries((roster.body.candidates as Array<{ admissionNo: string; status: string }>).map((c) => [c.admissionNo, c.status]));
    expect(statuses).to.deep.equal({ [a.admissionNo]: 'in_progress', [b.admissionNo]: 'terminated' });
    expect((await request(app.express).get(`/api/v1/sessions/${s.id}/rooms/01/roster`).set(...bearer(outsider))).status).to.equal(404);
  });
});

type ScheduledCandidate = { registrationId: string; admissionNo: string; idNumber: string; name: string };
