import { z } from 'zod';
import { IdParams, ObjectIdString } from '../platform/ids';
import type { RouteTable } from '../platform/routing';
import { actorFrom } from '../audit/service';
import type { StatisticsService } from './service';
import { DubiousItemViewSchema, RunResultSchema, RunViewSchema } from './views';

const BankParams = z.object({ bankId: ObjectIdString });
const ReleaseParams = BankParams.extend({ releaseId: ObjectIdString });

export function registerStatisticsApi(routes: RouteTable, statistics: StatisticsService): void {
  routes.api(
    {
      method: 'post',
      path: '/api/v1/sessions/:id/statistics',
      permission: 'statistics.compute',
      summary: 'Compute item statistics of a theory session (in the background) and write them onto the item versions; audited',
      tags: ['statistics'],
      params: IdParams,
      responses: { 202: { description: 'the run, started; poll its Location for progress', schema: RunViewSchema }, 409: { description: 'a run of this session is in progress, or not a theory session' } },
    },
    async (ctx) => {
      const run = await statistics.startSessionRun(ctx.principal, ctx.params.id, actorFrom(ctx));
      ctx.res.status(202).location(`/api/v1/statistics/runs/${run.id}`);
      return run;
    },
  );
  routes.api(
    {
      method: 'post',
      path: '/api/v1/banks/:bankId/releases/:releaseId/statistics',
      permission: 'statistics.compute',
      summary: 'Compute item statistics and Rasch difficulties over every session that sat papers of a release (in the background); audited',
      tags: ['statistics'],
      params: ReleaseParams,
      responses: { 202: { description: 'the run, started', schema: RunViewSchema }, 409: { description: 'a run of this release is in progress' } },
    },
    async (ctx) => {
      const run = await statistics.startReleaseRun(ctx.principal, ctx.params.bankId, ctx.params.releaseId, actorFrom(ctx));
      ctx.res.status(202).location(`/api/v1/statistics/runs/${run.id}`);
      return run;
    },
  );
  routes.api(
    {
      method: 'get',
      path: '/api/v1/statistics/runs/:id',
      permission: 'statistics.compute',
      summary: 'A statistics run: stage and progress while running; per-item statistics, KR-20 per paper and the Rasch summary once done',
      tags: ['statistics'],
      params: IdParams,
      responses: { 200: { description: 'the run', schema: RunResultSchema } },
    },
    async (ctx) => {
      const run = await statistics.getRun(ctx.principal, ctx.params.id);
      return { ...run, items: run.items.map((i) => ({ ...i, computedAt: new Date(i.computedAt).toISOString() })) };
    },
  );
  routes.api(
    {
      method: 'get',
      path: '/api/v1/banks/:bankId/dubious-items',
      permission: 'items.retire',
      summary: '可疑试题: approved items whose statistics flag them (p < 0.2, p > 0.95 or discrimination < 0.2), for review or retirement',
      tags: ['statistics'],
      params: BankParams,
      responses: { 200: { description: 'flagged items', schema: z.object({ items: z.array(DubiousItemViewSchema) }) } },
    },
    async (ctx) => ({ items: (await statistics.dubiousItems(ctx.principal, ctx.params.bankId)).items }),
  );
}
