import { expect } from 'chai';
import request from 'supertest';
import { buildTestApp } from '../../support/app';
import { useFreshDatabase } from '../../support/database';
import { createStaff, TEST_PASSWORD } from '../../support/identity';
import { createBankWorld, releaseApprovedItems } from '../../support/bank';
import { sessionCookie } from '../../support/session';
import { BlueprintModel } from '../../../server/assembly/model';

/** Signs in through the login form; returns the cookie and the page's CSRF token. */
async function session(app: ReturnType<typeof buildTestApp>, username: string): Promise<{ cookie: string; csrf: string }> {
  const cookie = await sessionCookie(app, username, TEST_PASSWORD);
  const page = await request(app.express).get('/bank').set('Cookie', cookie);
  return { cookie, csrf: /name="csrf-token" content="([^"]+)"/.exec(page.text)![1]! };
}

describe('assembly pages', function () {
  this.timeout(120_000);
  useFreshDatabase('assembly_pages');
  const app = buildTestApp({ loginIpMax: 1000 });
  let bankId: string;
  const banks2 = { welder: '' };

  before(async () => {
    const banks = await createBankWorld(app);
    bankId = banks.electrician.id;
    banks2.welder = banks.welder.id;
    await releaseApprovedItems(app, bankId, 20);
    await createStaff(app, 'bankadmin', [{ role: 'bank_admin', scope: { type: 'bank', id: bankId } }]);
    await createStaff(app, 'otheradmin', [{ role: 'bank_admin', scope: { type: 'bank', id: banks.welder.id } }]);
    await createStaff(app, 'writer', [{ role: 'writer', scope: { type: 'bank', id: bankId } }]);
  });

  it('creates a blueprint from the form, previews a paper with its analysis table, keeps it and verifies it', async () => {
    const { cookie, csrf } = await session(app, 'bankadmin');
    const bad = await request(app.express).post(`/bank/${bankId}/blueprints`).set('Cookie', cookie).type('form').send({ _csrf: csrf, name: 'x', level: '3', difficultyMin: '0.55', difficultyMax: '0.75', sections: '[broken' });
    expect(bad.status).to.equal(400);
    expect(bad.text).to.contain('大题设置不是有效的 JSON。');

    const created = await request(app.express)
      .post(`/bank/${bankId}/blueprints`)
      .set('Cookie', cookie)
      .type('form')
      .send({ _csrf: csrf, name: '三级小卷', level: '3', part: 'theory', difficultyMin: '0.55', difficultyMax: '0.75', exposure: 'stratified', sections: JSON.stringify([{ type: 'judge', count: 10, pointsPerItem: 2 }, { type: 'single', count: 20, pointsPerItem: 4 }]) });
    expect(created.status).to.equal(303);
    const blueprintUrl = created.headers.location as string;
    const detail = await request(app.express).get(blueprintUrl).set('Cookie', cookie).expect(200);
    expect(detail.text).to.contain('可以组卷（版本 #1）');

    const preview = await request(app.express).get(`${blueprintUrl}/preview?seed=abc`).set('Cookie', cookie).expect(200);
    expect(preview.text).to.contain('试卷细目分析表');
    expect((preview.text.match(/class="paper-item"/g) ?? []).length).to.equal(30);
    expect(preview.text).to.contain('单选题');

    const kept = await request(app.express).post(`${blueprintUrl}/papers`).set('Cookie', cookie).type('form').send({ _csrf: csrf, label: '一人一卷示例', forms: '1', seed: 'candidate-1' });
    expect(kept.status).to.equal(303);
    const paperUrl = kept.headers.location as string;
    const verified = await request(app.express).get(`${paperUrl}?verify=1`).set('Cookie', cookie).expect(200);
    expect(verified.text).to.contain('核验通过');
  });

  it('saves the grid, refuses a stale revision with the form kept, and hides other banks\' blueprints', async () => {
    const { cookie, csrf } = await session(app, 'bankadmin');
    const grid = { _csrf: csrf, level: '3', part: 'theory', types: 'judge,single', name: '网格小卷', count_judge: '10', points_judge: '2', count_single: '0', points_single: '1', difficultyMin: '0.55', difficultyMax: '0.75', exposure: 'stratified', itemOrder: 'shuffle' };
    const created = await request(app.express).post(`/bank/${bankId}/blueprints/new`).set('Cookie', cookie).type('form').send(grid);
    expect(created.status).to.equal(303);
    const id = /blueprints\/([0-9a-f]{24})/.exec(created.headers.location as string)![1]!;
    const doc = await BlueprintModel.findById(id).lean();
    expect(doc!.distribution).to.equal('derived');
    // Fixture weights B1 5, B2 25, 1 40, 2 30 × 10 items, by hand: 0, 3, 4, 3.
    expect(doc!.blueprint.cells.map((c) => [c.key, c.count])).to.deep.equal([['B2', 3], ['1', 4], ['2', 3]]);
    expect(doc!.blueprint.totalMarks).to.equal(20);

    // Two editors: the second save with the old revision is refused and keeps what was typed.
    const first = await request(app.express).post(`/bank/blueprints/${id}/edit`).set('Cookie', cookie).type('form').send({ ...grid, revision: '1', count_judge: '12' });
    expect(first.status).to.equal(303);
    const stale = await request(app.express).post(`/bank/blueprints/${id}/edit`).set('Cookie', cookie).type('form').send({ ...grid, revision: '1', name: '改名', count_judge: '8' });
    expect(stale.status).to.equal(409);
    expect(stale.text).to.contain('value="改名"');
    expect(stale.text).to.contain('name="count_judge" value="8"');
    expect((await BlueprintModel.findById(id).lean())!.blueprint.sections[0]!.count).to.equal(12);

    // An empty grid is refused in Chinese; nothing is saved.
    const before = await BlueprintModel.countDocuments({});
    const empty = await request(app.express).post(`/bank/${bankId}/blueprints/new`).set('Cookie', cookie).type('form').send({ ...grid, count_judge: '0' });
    expect(empty.status).to.equal(400);
    expect(empty.text).to.contain('请至少为一种题型设置题量。');
    expect(await BlueprintModel.countDocuments({})).to.equal(before);

    // Another bank's admin sees no such blueprint; a writer may not edit blueprints.
    const other = await session(app, 'otheradmin');
    await request(app.express).get(`/bank/blueprints/${id}/edit`).set('Cookie', other.cookie).expect(404);
    const copied = await request(app.express).get(`/bank/${banks2.welder}/blueprints/new?from=${id}`).set('Cookie', other.cookie).expect(200);
    expect(copied.text).to.contain('要复制的组卷方案不存在');
    expect(copied.text).to.not.contain('网格小卷');
    const writer = await session(app, 'writer');
    await request(app.express).get(`/bank/blueprints/${id}/edit`).set('Cookie', writer.cookie).expect(403);
  });
});
