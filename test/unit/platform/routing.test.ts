import { expect } from 'chai';
import express from 'express';
import { assertAllRoutesDeclared, RouteTable } from '../../../server/platform/routing';
import { anonymousOnlyPolicy } from '../../../server/platform/anonymous-policy';
import { buildTestApp } from '../../support/app';

describe('routing: deny by default', () => {
  it('accepts an app whose routes all came through a RouteTable', () => {
    const app = express();
    const routes = new RouteTable(() => anonymousOnlyPolicy);
    routes.api({ method: 'get', path: '/x', permission: 'public', summary: 'x' }, () => ({}));
    app.use(routes.router);
    expect(() => assertAllRoutesDeclared(app)).not.to.throw();
  });

  it('refuses to start when a route was added without a declared permission', () => {
    const app = express();
    const routes = new RouteTable(() => anonymousOnlyPolicy);
    routes.api({ method: 'get', path: '/ok', permission: 'public', summary: 'ok' }, () => ({}));
    app.use(routes.router);
    const sneaky = express.Router();
    sneaky.post('/api/v1/sneaky', (_req, res) => {
      res.json({});
    });
    app.use(sneaky);
    expect(() => assertAllRoutesDeclared(app)).to.throw(/without a declared permission.*POST \/api\/v1\/sneaky/);
  });

  it('refuses a route declared twice and a route with an empty permission', () => {
    const routes = new RouteTable(() => anonymousOnlyPolicy);
    routes.api({ method: 'get', path: '/twice', permission: 'public', summary: 'a' }, () => ({}));
    expect(() => routes.api({ method: 'get', path: '/twice', permission: 'public', summary: 'b' }, () => ({}))).to.throw(/declared twice/);
    expect(() => routes.api({ method: 'get', path: '/none', permission: '' as 'public', summary: 'c' }, () => ({}))).to.throw(/declares no permission/);
  });

  it('the real app passes its own start-up check and lists its routes', () => {
    const { routes } = buildTestApp();
    const paths = routes.routes.map((r) => `${r.method} ${r.path}`);
    expect(paths).to.include.members(['get /healthz', 'get /readyz', 'get /', 'get /api/openapi.json']);
  });
});
