import { expect } from 'chai';
import request from 'supertest';
import { buildTestApp } from '../support/app';
import { useFreshDatabase } from '../support/database';
import { createStaff, bearer, type StaffUser } from '../support/identity';
import type { RoleGrant } from '../../server/identity/roles';

/**
 * Every /api/v1 route × every role, each with the status it must get. Rows are written by
 * hand, independently of the permission table, so a change to either shows up here. A route
 * without a row fails the first test.
 */
const BANK = '64b7f0c2a1b2c3d4e5f60718';
const CENTRE = '64b7f0c2a1b2c3d4e5f60719';
const SESSION = '64b7f0c2a1b2c3d4e5f6071a';
const MISSING = '64b7f0c2a1b2c3d4e5f607ff';

const ROLE_FIXTURES: Record<string, RoleGrant[]> = {
  admin: [{ role: 'admin', scope: { type: 'global' } }],
  bank_admin: [{ role: 'bank_admin', scope: { type: 'bank', id: BANK } }],
  writer: [{ role: 'writer', scope: { type: 'bank', id: BANK } }],
  reviewer: [{ role: 'reviewer', scope: { type: 'bank', id: BANK } }],
  centre_admin: [{ role: 'centre_admin', scope: { type: 'centre', id: CENTRE } }],
  proctor: [{ role: 'proctor', scope: { type: 'session', id: SESSION } }],
  examiner: [{ role: 'examiner', scope: { type: 'centre', id: CENTRE } }],
  supervisor: [{ role: 'supervisor', scope: { type: 'occupation', id: '6-31-01-03' } }],
};
type Who = 'anonymous' | keyof typeof ROLE_FIXTURES;
const EVERYONE: Who[] = ['anonymous', ...(Object.keys(ROLE_FIXTURES) as Who[])];
const STAFF = Object.keys(ROLE_FIXTURES) as Who[];

interface Row {
  /** Path with fixtures substituted (`{user}` → a real user id). */
  url: string;
  body?: unknown;
  /** Expected status per principal; anyone not listed gets `otherwise`. */
  expect: Partial<Record<Who, number>>;
  otherwise: number;
}

const only = (who: Who[], status: number): Partial<Record<Who, number>> => Object.fromEntries(who.map((w) => [w, status]));

const MATRIX: Record<string, Row> = {
  'POST /api/v1/auth/login': { url: '/api/v1/auth/login', body: {}, expect: {}, otherwise: 400 },
  'POST /api/v1/auth/logout': { url: '/api/v1/auth/logout', expect: { anonymous: 401 }, otherwise: 204 },
  'GET /api/v1/me': { url: '/api/v1/me', expect: { anonymous: 401 }, otherwise: 200 },
  'POST /api/v1/me/password': { url: '/api/v1/me/password', body: {}, expect: { anonymous: 401 }, otherwise: 400 },
  'GET /api/v1/users': { url: '/api/v1/users', expect: { anonymous: 401, admin: 200 }, otherwise: 403 },
  'POST /api/v1/users': { url: '/api/v1/users', body: {}, expect: { anonymous: 401, admin: 400 }, otherwise: 403 },
  'GET /api/v1/users/:id': { url: '/api/v1/users/{user}', expect: { anonymous: 401, admin: 200 }, otherwise: 403 },
  'POST /api/v1/users/:id/grants': { url: `/api/v1/users/${MISSING}/grants`, body: { role: 'writer', scope: { type: 'bank', id: BANK } }, expect: { anonymous: 401, admin: 404 }, otherwise: 403 },
  'DELETE /api/v1/users/:id/grants/:grantKey': { url: `/api/v1/users/${MISSING}/grants/writer@global`, expect: { anonymous: 401, admin: 400 }, otherwise: 403 },
  'POST /api/v1/users/:id/disable': { url: `/api/v1/users/${MISSING}/disable`, expect: { anonymous: 401, admin: 404 }, otherwise: 403 },
  'POST /api/v1/users/:id/enable': { url: `/api/v1/users/${MISSING}/enable`, expect: { anonymous: 401, admin: 404 }, otherwise: 403 },
  'POST /api/v1/users/:id/password': { url: `/api/v1/users/${MISSING}/password`, body: { password: 'matrix-pass-1' }, expect: { anonymous: 401, admin: 404 }, otherwise: 403 },
  'GET /api/v1/audit': { url: '/api/v1/audit', expect: { anonymous: 401, ...only(['admin', 'supervisor'], 200) }, otherwise: 403 },
  'GET /api/v1/audit/verify': { url: '/api/v1/audit/verify', expect: { anonymous: 401, ...only(['admin', 'supervisor'], 200) }, otherwise: 403 },
};

describe('authorisation matrix: every /api/v1 route × every role', function () {
  this.timeout(120_000);
  useFreshDatabase('matrix');
  const app = buildTestApp({ loginIpMax: 100_000 });
  const users = new Map<Who, StaffUser>();

  before(async () => {
    for (const [role, grants] of Object.entries(ROLE_FIXTURES)) users.set(role as Who, await createStaff(app, `m_${role}`, grants));
  });

  it('has a row for every /api/v1 route, and no row for a route that does not exist', () => {
    const declared = app.routes.routes.filter((r) => r.kind === 'api' && r.path.startsWith('/api/v1/')).map((r) => `${r.method.toUpperCase()} ${r.path}`);
    expect(declared.filter((k) => !(k in MATRIX)), 'routes missing from the matrix').to.deep.equal([]);
    expect(Object.keys(MATRIX).filter((k) => !declared.includes(k)), 'matrix rows without a route').to.deep.equal([]);
  });

  for (const [key, row] of Object.entries(MATRIX)) {
    it(key, async () => {
      const [method] = key.split(' ') as [string];
      const failures: string[] = [];
      for (const who of EVERYONE) {
        const url = row.url.replace('{user}', users.get('admin')?.id ?? MISSING);
        let req = request(app.express)[method.toLowerCase() as 'get'](url);
        if (who !== 'anonymous') req = req.set(...bearer(await users.get(who)!.token()));
        const res = row.body !== undefined ? await req.send(row.body as object) : await req;
        const expected = row.expect[who] ?? row.otherwise;
        if (res.status !== expected) failures.push(`${who}: expected ${expected}, got ${res.status} ${JSON.stringify(res.body).slice(0, 160)}`);
      }
      expect(failures).to.deep.equal([]);
    });
  }

  it('covers every staff role in the fixtures', () => {
    expect(STAFF).to.have.members(['admin', 'bank_admin', 'writer', 'reviewer', 'centre_admin', 'proctor', 'examiner', 'supervisor']);
  });
});
