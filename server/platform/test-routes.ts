import { z } from 'zod';
import type { RouteTable } from './routing';

/**
 * Routes that exist only when ENABLE_TEST_ROUTES is set (refused in production by config):
 * a deliberately slow request lets the graceful-shutdown test hold a request in flight.
 */
export function registerTestRoutes(routes: RouteTable): void {
  routes.api(
    {
      method: 'get',
      path: '/__test/slow',
      permission: 'public',
      summary: 'Test only: answers after the given delay',
      tags: ['test'],
      query: z.object({ ms: z.coerce.number().int().min(0).max(30_000).default(1_000) }),
    },
    async ({ query }) => {
      await new Promise((resolve) => setTimeout(resolve, query.ms));
      return { sleptMs: query.ms };
    },
  );
}
