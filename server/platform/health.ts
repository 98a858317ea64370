import { z } from 'zod';
import type { RouteTable } from './routing';
import { pingDatabase } from './database';

const HealthBody = z.object({ status: z.enum(['ok', 'unavailable']), checks: z.record(z.string(), z.string()).optional() });

/** Liveness and readiness probes for load balancers and orchestrators. */
export function registerHealthRoutes(routes: RouteTable): void {
  routes.api(
    {
      method: 'get',
      path: '/healthz',
      permission: 'public',
      summary: 'Liveness: the process is up and serving requests',
      tags: ['health'],
      responses: { 200: { description: 'alive', schema: HealthBody } },
    },
    () => ({ status: 'ok' }),
  );
  routes.api(
    {
      method: 'get',
      path: '/readyz',
      permission: 'public',
      summary: 'Readiness: the database answers a ping',
      tags: ['health'],
      responses: {
        200: { description: 'ready', schema: HealthBody },
        503: { description: 'the database is unreachable', schema: HealthBody },
      },
    },
    async ({ res }) => {
      const database = await pingDatabase();
      res.status(database ? 200 : 503).set('Cache-Control', 'no-store');
      return { status: database ? 'ok' : 'unavailable', checks: { database: database ? 'ok' : 'unreachable' } };
    },
  );
}
