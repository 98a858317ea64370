import { expect } from 'chai';
import request from 'supertest';
import { buildTestApp } from '../../support/app';
import { useFreshDatabase } from '../../support/database';
import { createStaff, bearer, type StaffUser } from '../../support/identity';
import { UserModel } from '../../../server/identity/model';
import { AuditEntryModel } from '../../../server/audit/model';
import { createBankWorld } from '../../support/bank';
import { sessionCookie } from '../../support/session';

let BANK = '';
const MISSING_BANK = '64b7f0c2a1b2c3d4e5f60718';

describe('user administration API', function () {
  this.timeout(60_000);
  useFreshDatabase('users');
  const app = buildTestApp({ loginIpMax: 1000 });
  const http = app.express;
  let admin: StaffUser;
  let token: string;

  before(async () => {
    admin = await createStaff(app, 'root', [{ role: 'admin', scope: { type: 'global' } }]);
    token = await admin.token();
    BANK = (await createBankWorld(app)).electrician.id;
  });

  it('refuses a grant on a bank or occupation that does not exist (422, naming the scope) and writes nothing', async () => {
    const user = await createStaff(app, 'nobody', []);
    for (const scope of [{ type: 'bank', id: MISSING_BANK }, { type: 'occupation', id: '9-99-99-99' }]) {
      const res = await request(http).post(`/api/v1/users/${user.id}/grants`).set(...bearer(token)).send({ role: 'writer', scope }).expect(422);
      expect(res.body.errors.map((e: { path: string }) => e.path)).to.deep.equal(['body.scope.id']);
    }
    const created = await request(http)
      .post('/api/v1/users')
      .set(...bearer(token))
      .send({ username: 'ghost', displayName: '幽灵', password: 'writer-pass-1', roles: [{ role: 'reviewer', scope: { type: 'bank', id: MISSING_BANK } }] })
      .expect(422);
    expect(created.body.errors[0].path).to.equal('body.roles.0.scope.id');
    expect((await UserModel.findById(user.id).lean())!.roles).to.deep.equal([]);
    expect(await UserModel.countDocuments({ username: 'ghost' })).to.equal(0);
  });

  it('refuses a grant on a centre or session that does not exist, accepts an existing centre, and offers centres in the picker', async () => {
    const user = await createStaff(app, 'centreman', []);
    for (const scope of [{ type: 'centre', id: MISSING_BANK }, { type: 'session', id: MISSING_BANK }]) {
      const res = await request(http).post(`/api/v1/users/${user.id}/grants`).set(...bearer(token)).send({ role: 'examiner', scope }).expect(422);
      expect(res.body.errors.map((e: { path: string }) => e.path)).to.deep.equal(['body.scope.id']);
    }
    expect((await UserModel.findById(user.id).lean())!.roles).to.deep.equal([]);
    const centre = await request(http).post('/api/v1/centres').set(...bearer(token)).send({ name: '杭州市职业技能鉴定指导中心', orgCode: '0571', provinceCode: '33', type: 'S' }).expect(201);
    await request(http).post(`/api/v1/users/${user.id}/grants`).set(...bearer(token)).send({ role: 'examiner', scope: { type: 'centre', id: centre.body.id } }).expect(200);
    expect((await UserModel.findById(user.id).lean())!.roles).to.deep.equal([{ role: 'examiner', scope: { type: 'centre', id: centre.body.id } }]);
    const page = await request(http).get(`/admin/users/${user.id}`).set('Cookie', await sessionCookie(app, 'root')).expect(200);
    expect(page.text).to.contain(`centre:${String(centre.body.id)}`).and.contain('S0571 杭州市职业技能鉴定指导中心');
  });

  it('creates a user with grants, stores only a bcrypt hash (cost ≥ 10) and audits it', async () => {
    const res = await request(http)
      .post('/api/v1/users')
      .set(...bearer(token))
      .send({ username: 'Writer.Wang', displayName: '王命题', password: 'writer-pass-1', roles: [{ role: 'writer', scope: { type: 'bank', id: BANK } }] })
      .expect(201);
    expect(res.headers.location).to.equal(`/api/v1/users/${res.body.id}`);
    expect(res.body).to.include({ username: 'writer.wang', displayName: '王命题', status: 'active' });
    expect(res.body.roles).to.deep.equal([{ role: 'writer', scope: { type: 'bank', id: BANK }, key: `writer@bank:${BANK}` }]);
    const stored = await UserModel.findById(res.body.id).lean();
    expect(stored!.passwordHash).to.match(/^\$2[aby]\$(1[0-9]|[2-9][0-9])\$/);
    expect(stored!.passwordHash).not.to.contain('writer-pass-1');
    const audit = await AuditEntryModel.findOne({ action: 'user.create', 'target.id': res.body.id }).lean();
    expect(audit!.details).to.deep.equal({ roles: [`writer@bank:${BANK}`] });
    expect(audit!.actor).to.include({ kind: 'staff', id: admin.id });
  });

  it('refuses bad input with field errors and writes nothing', async () => {
    const before = await UserModel.countDocuments();
    const res = await request(http)
      .post('/api/v1/users')
      .set(...bearer(token))
      .send({ username: '1x', displayName: '', password: 'short', roles: [{ role: 'writer', scope: { type: 'global' } }] })
      .expect(400);
    expect(res.headers['content-type']).to.match(/problem\+json/);
    const paths = res.body.errors.map((e: { path: string }) => e.path);
    expect(paths).to.include.members(['body.username', 'body.displayName', 'body.password', 'body.roles.0.scope.type']);
    expect(await UserModel.countDocuments()).to.equal(before);
  });

  it('refuses a duplicate username with 409', async () => {
    const res = await request(http).post('/api/v1/users').set(...bearer(token)).send({ username: 'writer.wang', displayName: 'x', password: 'another-pass-1' }).expect(409);
    expect(res.body.detail).to.equal('用户名“writer.wang”已被使用。');
    const en = await request(http).post('/api/v1/users').set(...bearer(token)).set('Accept-Language', 'en').send({ username: 'writer.wang', displayName: 'x', password: 'another-pass-1' }).expect(409);
    expect(en.body.detail).to.match(/taken/);
  });

  it('lists users paged, filtered by role, status and text', async () => {
    for (let i = 0; i < 12; i++) {
      await createStaff(app, `proctor${String(i).padStart(2, '0')}`, [{ role: 'proctor', scope: { type: 'session', id: BANK } }]);
    }
    const page1 = await request(http).get('/api/v1/users?role=proctor&pageSize=5').set(...bearer(token)).expect(200);
    expect(page1.body).to.include({ total: 12, page: 1, pageSize: 5 });
    expect(page1.body.items.map((u: { username: string }) => u.username)).to.deep.equal(['proctor00', 'proctor01', 'proctor02', 'proctor03', 'proctor04']);
    const page3 = await request(http).get('/api/v1/users?role=proctor&pageSize=5&page=3').set(...bearer(token)).expect(200);
    expect(page3.body.items).to.have.length(2);
    const text = await request(http).get('/api/v1/users?q=WANG').set(...bearer(token)).expect(200);
    expect(text.body.items.map((u: { username: string }) => u.username)).to.deep.equal(['writer.wang']);
    const regexSafe = await request(http).get(`/api/v1/users?q=${encodeURIComponent('.*')}`).set(...bearer(token)).expect(200);
    expect(regexSafe.body.total).to.equal(0);
    await request(http).get('/api/v1/users?pageSize=500').set(...bearer(token)).expect(400);
    await request(http).get('/api/v1/users?role=king').set(...bearer(token)).expect(400);
  });

  it('grants and revokes roles idempotently, and the change applies to existing tokens at once', async () => {
    const user = await createStaff(app, 'sup', []);
    const userToken = await user.token();
    await request(http).get('/api/v1/audit').set(...bearer(userToken)).expect(403);
    const grant = { role: 'supervisor', scope: { type: 'occupation', id: '6-31-01-03' } };
    await request(http).post(`/api/v1/users/${user.id}/grants`).set(...bearer(token)).send(grant).expect(200);
    const twice = await request(http).post(`/api/v1/users/${user.id}/grants`).set(...bearer(token)).send(grant).expect(200);
    expect(twice.body.roles).to.have.length(1);
    await request(http).get('/api/v1/audit').set(...bearer(userToken)).expect(200);
    const key = encodeURIComponent('supervisor@occupation:6-31-01-03');
    const revoked = await request(http).delete(`/api/v1/users/${user.id}/grants/${key}`).set(...bearer(token)).expect(200);
    expect(revoked.body.roles).to.deep.equal([]);
    await request(http).get('/api/v1/audit').set(...bearer(userToken)).expect(403);
    await request(http).delete(`/api/v1/users/${user.id}/grants/${key}`).set(...bearer(token)).expect(404);
    await request(http).delete(`/api/v1/users/${user.id}/grants/nonsense`).set(...bearer(token)).expect(400);
    await request(http).post(`/api/v1/users/${user.id}/grants`).set(...bearer(token)).send({ role: 'admin', scope: { type: 'bank', id: BANK } }).expect(422); // admin cannot be granted on a bank: a rule, not a shape
  });

  it('never removes the last active administrator, and an admin cannot disable themself', async () => {
    const adminKey = encodeURIComponent('admin@global');
    const res = await request(http).delete(`/api/v1/users/${admin.id}/grants/${adminKey}`).set(...bearer(token)).expect(409);
    expect(res.body.detail).to.match(/at least one active administrator/);
    await request(http).post(`/api/v1/users/${admin.id}/disable`).set(...bearer(token)).expect(409);
    const second = await createStaff(app, 'root2', [{ role: 'admin', scope: { type: 'global' } }]);
    await request(http).delete(`/api/v1/users/${second.id}/grants/${adminKey}`).set(...bearer(token)).expect(200);
    expect((await UserModel.findById(admin.id).lean())!.roles).to.have.length(1);
  });

  it('404s unknown and malformed user ids', async () => {
    await request(http).get('/api/v1/users/64b7f0c2a1b2c3d4e5f60799').set(...bearer(token)).expect(404);
    const bad = await request(http).get('/api/v1/users/not-an-id').set(...bearer(token)).expect(400);
    expect(bad.body.errors[0].path).to.equal('params.id');
  });

  it('lets a user change their own password, which ends their other sessions', async () => {
    const self = await createStaff(app, 'selfie', [{ role: 'supervisor', scope: { type: 'occupation', id: '6-31-01-03' } }]);
    const t1 = await self.token();
    await request(http).post('/api/v1/me/password').set(...bearer(t1)).send({ currentPassword: 'wrong', newPassword: 'fresh-pass-99' }).expect(400);
    await request(http).post('/api/v1/me/password').set(...bearer(t1)).send({ currentPassword: 'test-pass-2026', newPassword: 'weak' }).expect(400);
    await request(http).post('/api/v1/me/password').set(...bearer(t1)).send({ currentPassword: 'test-pass-2026', newPassword: 'fresh-pass-99' }).expect(204);
    await request(http).get('/api/v1/me').set(...bearer(t1)).expect(401);
    await request(http).post('/api/v1/auth/login').send({ username: 'selfie', password: 'fresh-pass-99' }).expect(200);
  });
});
