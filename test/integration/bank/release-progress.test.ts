import { expect } from 'chai';
import request from 'supertest';
import { buildTestApp } from '../../support/app';
import { useFreshDatabase } from '../../support/database';
import { createStaff } from '../../support/identity';
import { createBankWorld, releaseApprovedItems } from '../../support/bank';
import { ReleaseItemModel, ReleaseModel } from '../../../server/bank/model';

describe('publishing a release reports real progress', function () {
  this.timeout(180_000);
  useFreshDatabase('release_progress');
  const app = buildTestApp();
  let bankId = '';
  let token = '';

  before(async () => {
    const { electrician } = await createBankWorld(app);
    bankId = electrician.id;
    // 6 points × 100 × (判断 + 单选) = 1,200 approved items, released once as #1.
    await releaseApprovedItems(app, bankId, 100);
    token = await (await createStaff(app, 'bankadmin', [{ role: 'bank_admin', scope: { type: 'bank', id: bankId } }])).token();
  });

  it('is null when nothing is being published, and shows the rows written of all while a release is built', async () => {
    const idle = await request(app.express).get(`/api/v1/banks/${bankId}/release-progress`).set('Authorization', `Bearer ${token}`).expect(200);
    expect(idle.body).to.equal(null);

    const seen: Array<{ stage: string; done: number; total: number; number: number }> = [];
    let finished = false;
    const publishing = request(app.express)
      .post(`/api/v1/banks/${bankId}/releases`)
      .set('Authorization', `Bearer ${token}`)
      .send({ comment: '第二版' })
      .then((res) => {
        finished = true;
        return res;
      });
    while (!finished) {
      const res = await request(app.express).get(`/api/v1/banks/${bankId}/release-progress`).set('Authorization', `Bearer ${token}`);
      expect(res.status).to.equal(200);
      if (res.body) seen.push(res.body as (typeof seen)[number]);
    }
    const published = await publishing;
    expect(published.status).to.equal(201);
    expect(seen.length, 'progress observed while building').to.be.greaterThan(0);
    for (const p of seen) {
      expect(p.number).to.equal(2);
      expect(['reading', 'writing', 'finishing']).to.include(p.stage);
      if (p.stage !== 'reading') expect(p.total).to.equal(1200);
      expect(p.done).to.be.at.most(p.total);
    }
    // Rows written only grow.
    const written = seen.filter((p) => p.stage !== 'reading').map((p) => p.done);
    expect(written).to.deep.equal([...written].sort((a, b) => a - b));
    // Done: no progress left on the release, every row written, and the endpoint is idle again.
    const release = await ReleaseModel.findById(published.body.id).lean();
    expect(release!.status).to.equal('published');
    expect(release!.progress).to.equal(undefined);
    expect(await ReleaseItemModel.countDocuments({ releaseId: release!._id })).to.equal(1200);
    const after = await request(app.express).get(`/api/v1/banks/${bankId}/release-progress`).set('Authorization', `Bearer ${token}`).expect(200);
    expect(after.body).to.equal(null);
  });

  it('is refused to those who may not publish, and another bank is not found', async () => {
    const writer = await (await createStaff(app, 'writer', [{ role: 'writer', scope: { type: 'bank', id: bankId } }])).token();
    await request(app.express).get(`/api/v1/banks/${bankId}/release-progress`).set('Authorization', `Bearer ${writer}`).expect(403);
    await request(app.express).get('/api/v1/banks/64b7f0c2a1b2c3d4e5f607ff/release-progress').set('Authorization', `Bearer ${token}`).expect(404);
  });
});
