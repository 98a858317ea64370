import { expect } from 'chai';
import request from 'supertest';
import { buildTestApp } from '../../support/app';
import { useFreshDatabase } from '../../support/database';
import { bearer } from '../../support/identity';
import { scheduleSession } from '../../support/exam';
import { assessOnlyTheoryAtLevel3, createMarkingWorld, markAll, sitAndSubmit, type MarkingWorld, type PositionKey } from '../../support/marking';
import { SYSTEM_ACTOR } from '../../../server/audit/service';
import { AuditEntryModel } from '../../../server/audit/model';
import { AttemptRescoreModel } from '../../../server/marking/model';
import { scoreOf } from '../../../server/delivery/score-record';
import { AttemptModel } from '../../../server/delivery/model';

const minutes = (n: number) => new Date(Date.now() + n * 60_000);
const staff = (id: string, roles: Array<{ role: string; scope: { type: string; id?: string } }>) => ({ kind: 'staff' as const, id, displayName: id, tokenVersion: 0, roles });

/**
 * A judge item's key is corrected as a new approved version after results were published. The
 * expected rows come from each candidate's paper keys (read through the item API) and what they
 * answered (all objective items right under the old key): under the new key that item scores 0.
 */
describe('results: regrade after a key correction', function () {
  this.timeout(300_000);
  useFreshDatabase('results_regrade');
  const app = buildTestApp({ loginIpMax: 10_000 });
  let world: MarkingWorld;

  before(async () => {
    world = await createMarkingWorld(app);
    await assessOnlyTheoryAtLevel3(app);
  });

  it('previews every affected attempt with old and new score, applies exactly that (audited), and adds result versions', async () => {
    const s = await scheduleSession(app, world, { startsAt: minutes(-1), endsAt: minutes(60), count: 4 });
    const papers: Array<{ registrationId: string; admissionNo: string; keys: PositionKey[] }> = [];
    for (const c of s.candidates) papers.push({ registrationId: c.registrationId, admissionNo: c.admissionNo, keys: (await sitAndSubmit(app, world, c, 25)).keys });
    await markAll(app, world.examiners[0], s.id, () => 5);
    const admin = await world.centreAdmin.token();
    await request(app.express).post(`/api/v1/sessions/${s.id}/close`).set(...bearer(admin)).expect(200);
    const published = (await request(app.express).post(`/api/v1/sessions/${s.id}/results/publish`).set(...bearer(admin)).expect(200)).body;
    // 80 objective + 5 + 5 for everyone.
    expect(published.rows.map((r: { parts: Array<{ score: number }> }) => r.parts[0]!.score)).to.deep.equal([90, 90, 90, 90]);

    // The judge item on the most papers; its key corrected as version 2 (written, submitted, approved by someone else).
    const counts = new Map<string, number>();
    for (const p of papers) for (const k of p.keys) if (k.type === 'judge') counts.set(k.itemId, (counts.get(k.itemId) ?? 0) + 1);
    const [itemId] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]!;
    const writer = staff('writer-x', [{ role: 'writer', scope: { type: 'bank', id: world.bankId } }]);
    const reviewer = staff('reviewer-x', [{ role: 'reviewer', scope: { type: 'bank', id: world.bankId } }]);
    const current = await app.bank.getItem(writer as never, itemId, 1, SYSTEM_ACTOR);
    const content = current.content as { answer: boolean };
    await app.bank.editItem(writer as never, itemId, { ...current.content, answer: !content.answer }, 1, SYSTEM_ACTOR);
    const previewBody = { itemId, version: 2 };
    const draft = await request(app.express).post(`/api/v1/sessions/${s.id}/regrades/preview`).set(...bearer(admin)).send(previewBody);
    expect(draft.status).to.equal(422);
    expect(draft.body.errors[0].message).to.contain('不是已审核通过的版本');
    await app.bank.transition(writer as never, itemId, 2, 'submit', undefined, SYSTEM_ACTOR);
    await app.bank.transition(reviewer as never, itemId, 2, 'approve', '答案更正：原答案有误', SYSTEM_ACTOR);

    const expected = papers.flatMap((p) => p.keys.flatMap((k, position) => (k.itemId === itemId ? [{ attemptId: p.registrationId, admissionNo: p.admissionNo, position, fromVersion: 1, oldPoints: k.points, newPoints: 0, oldTotal: 80, newTotal: 80 - k.points }] : [])));
    const preview = (await request(app.express).post(`/api/v1/sessions/${s.id}/regrades/preview`).set(...bearer(admin)).send(previewBody).expect(200)).body;
    expect(preview.rows.map(({ name: _n, ...row }: { name: string }) => row)).to.have.deep.members(expected);
    expect(preview.rows).to.have.length(counts.get(itemId)!);
    // Nothing is written by a preview.
    expect(await AttemptRescoreModel.countDocuments({})).to.equal(0);

    const wrongDigest = await request(app.express).post(`/api/v1/sessions/${s.id}/regrades`).set(...bearer(admin)).send({ ...previewBody, digest: '0'.repeat(64) });
    expect(wrongDigest.status).to.equal(409);
    const applied = (await request(app.express).post(`/api/v1/sessions/${s.id}/regrades`).set(...bearer(admin)).send({ ...previewBody, digest: preview.digest }).expect(201)).body;
    expect(applied.rows).to.deep.equal(preview.rows);
    expect(applied.versions).to.have.length(expected.length);
    for (const v of applied.versions) expect(v).to.deep.include({ version: 2, kind: 'regrade', overall: 'pass' });
    expect(applied.versions.map((v: { parts: Array<{ score: number }> }) => v.parts[0]!.score)).to.deep.equal(expected.map((e) => 90 - e.oldPoints));

    // New attempt scores pinned to version 2; the attempts themselves untouched.
    for (const row of expected) {
      const rescore = (await AttemptRescoreModel.findById(`${row.attemptId}:1`).lean())!;
      expect(scoreOf(rescore.score).items[row.position]).to.include({ itemId, version: 2, points: 0 });
      expect(rescore.score.total).to.equal(row.newTotal);
      expect(scoreOf((await AttemptModel.findById(row.attemptId).lean())!.score!).items[row.position]).to.include({ version: 1, points: row.oldPoints });
    }
    const results = (await request(app.express).get(`/api/v1/sessions/${s.id}/results`).set(...bearer(admin)).expect(200)).body;
    const affected = new Set(expected.map((e) => e.admissionNo));
    for (const r of results.rows) expect(r.version, r.admissionNo).to.equal(affected.has(r.admissionNo) ? 2 : 1);
    const audit = await AuditEntryModel.findOne({ action: 'results.regrade.apply' }).lean();
    expect(audit!.details).to.include({ itemId, version: 2, attempts: expected.length, digest: preview.digest });
    expect(await AuditEntryModel.countDocuments({ action: 'results.regrade' })).to.equal(expected.length);

    // Applying the same preview twice changes nothing: the scores moved on, so the digest no longer matches.
    const twice = await request(app.express).post(`/api/v1/sessions/${s.id}/regrades`).set(...bearer(admin)).send({ ...previewBody, digest: preview.digest });
    expect(twice.status).to.equal(409);
    expect(await AttemptRescoreModel.countDocuments({})).to.equal(expected.length);
    // A system admin reads no results and regrades nothing: 403.
    expect((await request(app.express).post(`/api/v1/sessions/${s.id}/regrades/preview`).set(...bearer(await world.admin.token())).send(previewBody)).status).to.equal(403);
  });
});
