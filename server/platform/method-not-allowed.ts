import type { RequestHandler } from 'express';
import { HttpProblem } from './problem';
import type { RouteTable } from './routing';

/**
 * After every route: a path that exists with other methods answers 405 with an Allow header
 * (TRACE, PUT on a read-only resource, …); only unknown paths fall through to 404.
 */
export function methodNotAllowed(routes: RouteTable): RequestHandler {
  let compiled: Array<{ pattern: RegExp; method: string }> | undefined;
  return (req, _res, next) => {
    compiled ??= routes.routes.map((r) => ({
      pattern: new RegExp(`^${r.path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:(\w+)/g, '[^/]+')}/?$`),
      method: r.method.toUpperCase(),
    }));
    const allowed = new Set(compiled.filter((c) => c.pattern.test(req.path)).map((c) => c.method));
    if (allowed.size === 0) return next();
    if (allowed.has('GET')) allowed.add('HEAD');
    const allow = [...allowed].sort().join(', ');
    next(new HttpProblem(405, 'method-not-allowed', `${req.method} is not allowed here; use ${allow}.`, { headers: { Allow: allow } }));
  };
}
