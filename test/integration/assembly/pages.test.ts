import { expect } from 'chai';
import request from 'supertest';
import { buildTestApp } from '../../support/app';
import { useFreshDatabase } from '../../support/database';
import { createStaff, TEST_PASSWORD } from '../../support/identity';
import { createBankWorld, releaseApprovedItems } from '../../support/bank';
import { sessionCookie } from '../../support/session';

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

  before(async () => {
    const banks = await createBankWorld(app);
    bankId = banks.electrician.id;
    await releaseApprovedItems(app, bankId, 20);
    await createStaff(app, 'bankadmin', [{ role: 'bank_admin', scope: { type: 'bank', id: bankId } }]);
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
});
