import { expect } from 'chai';
import jwt from 'jsonwebtoken';
import request from 'supertest';
import { buildTestApp, TEST_JWT_SECRET } from '../../support/app';
import { useFreshDatabase } from '../../support/database';
import { createStaff, bearer, TEST_PASSWORD, type StaffUser } from '../../support/identity';
import { AuditEntryModel } from '../../../server/audit/model';
import { postLogin } from '../../support/session';

function cookieFrom(res: request.Response): string {
  const set = res.headers['set-cookie'] as unknown as string[] | undefined;
  const session = set?.find((c) => c.startsWith('session='));
  if (!session) throw new Error('no session cookie set');
  return session.split(';')[0]!;
}

describe('sign-in, tokens and sessions', function () {
  this.timeout(60_000);
  useFreshDatabase('auth');
  const app = buildTestApp({ loginIpMax: 1000, loginMaxFailures: 5, loginLockSeconds: 600 });
  const http = app.express;
  let admin: StaffUser;

  before(async () => {
    admin = await createStaff(app, 'alice', [{ role: 'admin', scope: { type: 'global' } }]);
    await createStaff(app, 'bob', [{ role: 'supervisor', scope: { type: 'occupation', id: '6-31-01-03' } }]);
  });

  it('logs in with the right password and returns a JWT of at most 12 hours with sub, roles and token version', async () => {
    const res = await request(http).post('/api/v1/auth/login').send({ username: 'Alice', password: TEST_PASSWORD }).expect(200);
    expect(res.body.user).to.include({ username: 'alice', status: 'active' });
    expect(res.body.user).not.to.have.property('passwordHash');
    const claims = jwt.decode(res.body.token) as Record<string, unknown>;
    expect(claims.sub).to.equal(admin.id);
    expect(claims.tv).to.equal(0);
    expect(claims.roles).to.deep.equal([{ role: 'admin', scope: { type: 'global' } }]);
    expect((claims.exp as number) - (claims.iat as number)).to.be.at.most(12 * 3600);
    const me = await request(http).get('/api/v1/me').set(...bearer(res.body.token)).expect(200);
    expect(me.body.username).to.equal('alice');
    expect(me.body.lastLoginAt).to.be.a('string');
  });

  it('gives the same answer for an unknown user as for a wrong password', async () => {
    const unknown = await request(http).post('/api/v1/auth/login').send({ username: 'nobody', password: 'whatever-123' });
    const wrong = await request(http).post('/api/v1/auth/login').send({ username: 'bob', password: 'whatever-123' });
    expect(unknown.status).to.equal(401);
    expect(wrong.status).to.equal(401);
    expect(unknown.headers['content-type']).to.match(/problem\+json/);
    const strip = (b: Record<string, unknown>) => ({ ...b, instance: undefined });
    expect(strip(unknown.body)).to.deep.equal(strip(wrong.body));
    const failures = await AuditEntryModel.find({ action: 'auth.login.failure' }).lean();
    // A name that is no account is kept only as a keyed hash (it may be a mistyped password).
    const labels = failures.map((f) => f.target.label);
    expect(labels).to.include('bob');
    expect(labels).not.to.include('nobody');
    expect(JSON.stringify(failures)).not.to.contain('nobody');
    expect(labels.some((l) => /^unknown:[0-9a-f]{16}$/.test(l ?? ''))).to.equal(true);
  });

  it('refuses a tampered, an expired, an alg:none, a wrong-secret and a malformed token', async () => {
    const good = await admin.token();
    const [header, payload, signature] = good.split('.');
    const forgedPayload = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), roles: [{ role: 'admin', scope: { type: 'global' } }], sub: admin.id, tv: 0, extra: 1 })).toString('base64url');
    const tampered = `${header}.${forgedPayload}.${signature}`;
    const expired = jwt.sign({ kind: 'staff', roles: [], tv: 0 }, TEST_JWT_SECRET, { algorithm: 'HS256', subject: admin.id, issuer: 'skill-appraisal', jwtid: 'x', expiresIn: -10 });
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${payload}.`;
    const otherSecret = jwt.sign({ kind: 'staff', roles: [], tv: 0 }, 'another-secret-another-secret-another-secret', { algorithm: 'HS256', subject: admin.id, issuer: 'skill-appraisal', jwtid: 'y', expiresIn: 600 });
    for (const token of [tampered, expired, none, otherSecret, 'not-a-jwt']) {
      const res = await request(http).get('/api/v1/me').set(...bearer(token));
      expect(res.status, token.slice(0, 20)).to.equal(401);
      expect(res.headers['www-authenticate']).to.equal('Bearer');
    }
    const malformedHeader = await request(http).get('/api/v1/me').set('Authorization', 'Basic abc');
    expect(malformedHeader.status).to.equal(401);
    await request(http).get('/api/v1/me').set(...bearer(good)).expect(200);
  });

  it('logout revokes every token issued before it', async () => {
    const login = await request(http).post('/api/v1/auth/login').send({ username: 'bob', password: TEST_PASSWORD }).expect(200);
    const other = await request(http).post('/api/v1/auth/login').send({ username: 'bob', password: TEST_PASSWORD }).expect(200);
    await request(http).post('/api/v1/auth/logout').set(...bearer(login.body.token)).expect(204);
    await request(http).get('/api/v1/me').set(...bearer(login.body.token)).expect(401);
    await request(http).get('/api/v1/me').set(...bearer(other.body.token)).expect(401);
    const again = await request(http).post('/api/v1/auth/login').send({ username: 'bob', password: TEST_PASSWORD }).expect(200);
    await request(http).get('/api/v1/me').set(...bearer(again.body.token)).expect(200);
    expect(await AuditEntryModel.countDocuments({ action: 'auth.logout' })).to.equal(1);
  });

  it('locks an account name after repeated failures: 429 with Retry-After, even with the right password', async () => {
    await createStaff(app, 'carol', [{ role: 'supervisor', scope: { type: 'occupation', id: '6-31-01-03' } }]);
    for (let i = 0; i < 5; i++) {
      await request(http).post('/api/v1/auth/login').send({ username: 'carol', password: 'wrong-password-1' }).expect(401);
    }
    const locked = await request(http).post('/api/v1/auth/login').send({ username: 'carol', password: TEST_PASSWORD });
    expect(locked.status).to.equal(429);
    expect(Number(locked.headers['retry-after'])).to.be.within(590, 600);
    expect(locked.body.type).to.equal('/problems/too-many-requests');
    // The same happens for a name that does not exist, so lockout reveals nothing.
    for (let i = 0; i < 5; i++) await request(http).post('/api/v1/auth/login').send({ username: 'ghost', password: 'wrong-password-1' }).expect(401);
    expect((await request(http).post('/api/v1/auth/login').send({ username: 'ghost', password: 'wrong-password-1' })).status).to.equal(429);
    // An administrator's password reset lifts the lock.
    const adminToken = await admin.token();
    const carol = (await request(http).get('/api/v1/users?q=carol').set(...bearer(adminToken))).body.items[0];
    expect(carol.lockedUntil).to.be.a('string');
    await request(http).post(`/api/v1/users/${carol.id}/password`).set(...bearer(adminToken)).send({ password: 'new-pass-2026' }).expect(200);
    await request(http).post('/api/v1/auth/login').send({ username: 'carol', password: 'new-pass-2026' }).expect(200);
  });

  it('rate-limits failed sign-ins per address with 429 and Retry-After', async () => {
    const limited = buildTestApp({ loginIpMax: 3, loginIpWindowSeconds: 300, loginMaxFailures: 100 });
    const codes: number[] = [];
    for (let i = 0; i < 5; i++) codes.push((await request(limited.express).post('/api/v1/auth/login').send({ username: `spray${i}`, password: 'wrong-password-1' })).status);
    expect(codes).to.deep.equal([401, 401, 401, 429, 429]);
    const res = await request(limited.express).post('/api/v1/auth/login').send({ username: 'alice', password: TEST_PASSWORD });
    expect(res.status).to.equal(429);
    expect(Number(res.headers['retry-after'])).to.be.within(1, 300);
  });

  it('refuses a disabled user with the right password, and a token of a user disabled later', async () => {
    const dave = await createStaff(app, 'dave', [{ role: 'supervisor', scope: { type: 'occupation', id: '6-31-01-03' } }]);
    const token = await dave.token();
    await request(http).post(`/api/v1/users/${dave.id}/disable`).set(...bearer(await admin.token())).expect(200);
    await request(http).get('/api/v1/me').set(...bearer(token)).expect(401);
    // The same 401 as a wrong password: a disabled account confirms nothing (finding 7).
    const res = await request(http).post('/api/v1/auth/login').send({ username: 'dave', password: TEST_PASSWORD });
    const wrong = await request(http).post('/api/v1/auth/login').send({ username: 'dave', password: 'wrong-pass-2026' });
    expect(res.status).to.equal(401);
    expect({ ...res.body, instance: undefined }).to.deep.equal({ ...wrong.body, instance: undefined });
  });

  it('cookie sessions: the login page sets an httpOnly SameSite=Strict cookie, and state changes need the CSRF token', async () => {
    const login = await postLogin(app, { username: 'alice', password: TEST_PASSWORD, next: '/admin/users' });
    expect(login.status).to.equal(303);
    expect(login.headers.location).to.equal('/admin/users');
    const setCookie = (login.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('session='))!;
    expect(setCookie).to.match(/HttpOnly/i);
    expect(setCookie).to.match(/SameSite=Strict/i);
    expect(setCookie).not.to.match(/Secure/i);
    const cookie = cookieFrom(login);

    const page = await request(http).get('/admin/users').set('Cookie', cookie).expect(200);
    const csrf = /name="csrf-token" content="([^"]+)"/.exec(page.text)?.[1];
    expect(csrf).to.be.a('string');

    const body = { username: 'erin', displayName: 'Erin', password: 'erin-pass-2026' };
    const refused = await request(http).post('/api/v1/users').set('Cookie', cookie).send(body);
    expect(refused.status).to.equal(403);
    expect(refused.body.type).to.equal('/problems/csrf');
    const wrongToken = await request(http).post('/api/v1/users').set('Cookie', cookie).set('X-CSRF-Token', 'forged').send(body);
    expect(wrongToken.status).to.equal(403);
    const crossSite = await request(http).post('/api/v1/users').set('Cookie', cookie).set('X-CSRF-Token', csrf!).set('Origin', 'https://evil.example').send(body);
    expect(crossSite.status).to.equal(403);
    expect((await request(http).get('/api/v1/users?q=erin').set(...bearer(await admin.token()))).body.total).to.equal(0);

    await request(http).post('/api/v1/users').set('Cookie', cookie).set('X-CSRF-Token', csrf!).send(body).expect(201);
    // Form posts carry the token as a field.
    const formRefused = await request(http).post('/logout').set('Cookie', cookie).type('form').send({});
    expect(formRefused.status).to.equal(403);
    const loggedOut = await request(http).post('/logout').set('Cookie', cookie).type('form').send({ _csrf: csrf });
    expect(loggedOut.status).to.equal(303);
    const after = await request(http).get('/admin/users').set('Cookie', cookie);
    expect(after.status).to.equal(303);
    expect(after.headers.location).to.equal('/login?next=%2Fadmin%2Fusers');
  });

  it('the login page shows the same friendly error for unknown users and wrong passwords, and never redirects off-site', async () => {
    const wrong = await postLogin(app, { username: 'alice', password: 'nope-nope-1' });
    expect(wrong.status).to.equal(401);
    expect(wrong.text).to.contain('用户名或密码错误');
    const offsite = await postLogin(app, { username: 'alice', password: TEST_PASSWORD, next: '//evil.example/x' });
    expect(offsite.status).to.equal(303);
    expect(offsite.headers.location).to.equal('/admin/users');
  });
});
