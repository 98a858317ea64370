import { expect } from 'chai';
import bcrypt from 'bcrypt';
import request from 'supertest';
import { buildTestApp } from '../../support/app';
import { useFreshDatabase } from '../../support/database';
import { createStaff, bearer, TEST_PASSWORD, type StaffUser } from '../../support/identity';
import { createBankWorld, ELECTRICIAN } from '../../support/bank';
import { loginForm } from '../../support/session';
import { dummyHash } from '../../../server/identity/passwords';
import { AuditEntryModel } from '../../../server/audit/model';

describe('sign-in and the audit trail under attack (findings 3, 4, 6, 7, 8)', function () {
  this.timeout(120_000);
  useFreshDatabase('sec_identity');
  const app = buildTestApp({ loginIpMax: 1000, loginMaxFailures: 1000 });
  const http = app.express;
  let admin: StaffUser;
  let supervisor: StaffUser;
  let banks: Awaited<ReturnType<typeof createBankWorld>>;

  before(async () => {
    banks = await createBankWorld(app);
    admin = await createStaff(app, 'admin', [{ role: 'admin', scope: { type: 'global' } }]);
    supervisor = await createStaff(app, 'super', [{ role: 'supervisor', scope: { type: 'occupation', id: ELECTRICIAN } }]);
    await createStaff(app, 'bob', [{ role: 'writer', scope: { type: 'bank', id: banks.welder.id } }]);
    await request(http).post('/api/v1/auth/login').send({ username: 'not-an-account', password: 'my-real-password-9' }).expect(401);
  });

  it('finding 3: a supervisor scoped to one occupation reads only entries about it — no other bank, no sign-ins, no grants', async () => {
    const page = await request(http).get('/api/v1/audit?pageSize=200').set(...bearer(await supervisor.token())).expect(200);
    const targets = page.body.items.map((e: { target: { type: string; id?: string } }) => `${e.target.type}:${e.target.id ?? ''}`);
    expect(targets).to.include(`bank:${banks.electrician.id}`);
    expect(targets).to.include(`occupation:${ELECTRICIAN}`);
    expect(targets).not.to.include(`bank:${banks.welder.id}`);
    expect(page.body.items.every((e: { target: { type: string } }) => !['user', 'audit', 'candidate'].includes(e.target.type))).to.equal(true);
    expect(page.body.total).to.equal(page.body.items.length);
    // Filters narrow within the scope; they never widen it.
    const welder = await request(http).get(`/api/v1/audit?targetId=${banks.welder.id}`).set(...bearer(await supervisor.token())).expect(200);
    expect(welder.body.total).to.equal(0);
    const logins = await request(http).get('/api/v1/audit?action=auth.*').set(...bearer(await supervisor.token())).expect(200);
    expect(logins.body.total).to.equal(0);
    // The admin sees everything, the welder bank and the sign-ins included.
    const all = await request(http).get('/api/v1/audit?pageSize=200').set(...bearer(await admin.token())).expect(200);
    const allTargets = all.body.items.map((e: { target: { type: string; id?: string } }) => `${e.target.type}:${e.target.id ?? ''}`);
    expect(allTargets).to.include(`bank:${banks.welder.id}`);
    expect(all.body.items.some((e: { action: string }) => e.action === 'auth.login.failure')).to.equal(true);
  });

  it('finding 3: a name that is no account is never stored, only a keyed hash', async () => {
    const entries = await AuditEntryModel.find({ action: 'auth.login.failure' }).lean();
    expect(JSON.stringify(entries)).not.to.contain('not-an-account');
    expect(entries.some((e) => /^unknown:[0-9a-f]{16}$/.test(e.target.label ?? '') && e.actor.name === e.target.label)).to.equal(true);
  });

  it('finding 4: the dummy hash for unknown users uses the configured cost, and both paths take comparable time', async () => {
    expect(bcrypt.getRounds(await dummyHash(12))).to.equal(12);
    const slow = buildTestApp({ bcryptCost: 12, loginIpMax: 1000, loginMaxFailures: 1000 });
    await createStaff(slow, 'carol', [{ role: 'writer', scope: { type: 'bank', id: banks.welder.id } }]);
    const time = async (username: string) => {
      const started = performance.now();
      await request(slow.express).post('/api/v1/auth/login').send({ username, password: 'wrong-pass-2026' }).expect(401);
      return performance.now() - started;
    };
    await time('nobody-warmup');
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const unknown: number[] = [];
    const wrong: number[] = [];
    for (let i = 0; i < 3; i++) {
      unknown.push(await time(`nobody${i}`));
      wrong.push(await time('carol'));
    }
    // Cost 10 against 12 is a factor of four; the same cost is within noise.
    expect(median(unknown) / median(wrong)).to.be.within(0.6, 1.7);
  });

  it('finding 7: a disabled account with the right password gets the same 401 as a wrong password', async () => {
    const dora = await createStaff(app, 'dora', [{ role: 'writer', scope: { type: 'bank', id: banks.welder.id } }]);
    await request(http).post(`/api/v1/users/${dora.id}/disable`).set(...bearer(await admin.token())).expect(200);
    const right = await request(http).post('/api/v1/auth/login').send({ username: 'dora', password: TEST_PASSWORD });
    const wrong = await request(http).post('/api/v1/auth/login').send({ username: 'dora', password: 'wrong-pass-2026' });
    expect(right.status).to.equal(401);
    expect({ ...right.body, instance: undefined }).to.deep.equal({ ...wrong.body, instance: undefined });
    const form = await loginForm(app);
    const page = await request(http).post('/login').set('Cookie', form.cookie).type('form').send({ username: 'dora', password: TEST_PASSWORD, _csrf: form.csrf });
    expect(page.status).to.equal(401);
    expect(page.text).to.contain('用户名或密码错误');
  });

  it('finding 6: a cross-site form post to /login (no login-CSRF cookie and token) signs nobody in', async () => {
    const forged = await request(http).post('/login').type('form').set('Origin', 'https://evil.example').send({ username: 'bob', password: TEST_PASSWORD });
    expect(forged.status).to.equal(403);
    expect(forged.headers['set-cookie'] ?? []).not.to.satisfy((cookies: string[]) => cookies.some((c) => c.startsWith('session=')));
    // A token without its cookie (or the reverse) is refused too.
    const form = await loginForm(app);
    const noCookie = await request(http).post('/login').type('form').send({ username: 'bob', password: TEST_PASSWORD, _csrf: form.csrf });
    expect(noCookie.status).to.equal(403);
    const noToken = await request(http).post('/login').set('Cookie', form.cookie).type('form').send({ username: 'bob', password: TEST_PASSWORD });
    expect(noToken.status).to.equal(403);
    const ok = await request(http).post('/login').set('Cookie', form.cookie).type('form').send({ username: 'bob', password: TEST_PASSWORD, _csrf: form.csrf });
    expect(ok.status).to.equal(303);
  });

  it('finding 8: a malformed Authorization header is ignored on public routes, refused on others', async () => {
    for (const header of ['Basic Zm9vOmJhcg==', 'Bearer', 'Bearer a b c', 'Bearer not-a-jwt', 'Token%%%']) {
      await request(http).get('/healthz').set('Authorization', header).expect(200);
      await request(http).get('/api/openapi.json').set('Authorization', header).expect(200);
      const login = await request(http).post('/api/v1/auth/login').set('Authorization', header).send({ username: 'bob', password: TEST_PASSWORD });
      expect(login.status, header).to.equal(200);
      await request(http).get('/api/v1/me').set('Authorization', header).expect(401);
    }
  });
});
