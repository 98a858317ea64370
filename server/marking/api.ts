import { z } from 'zod';
import { IdParams } from '../platform/ids';
import type { RouteTable } from '../platform/routing';
import { actorFrom } from '../audit/service';
import type { MarkingService } from './service';
import { MarkInputSchema, MarkingPlanSchema } from './schemas';

const TaskView = z.object({ id: z.string(), anonCode: z.string(), position: z.number(), max: z.number(), itemHtml: z.string(), response: z.string(), round: z.number(), state: z.string() });
const Progress = z.object({ total: z.number(), open: z.number(), second: z.number(), arbitration: z.number(), done: z.number(), plan: MarkingPlanSchema });

export function registerMarkingApi(routes: RouteTable, marking: MarkingService): void {
  routes.api(
    {
      method: 'put',
      path: '/api/v1/sessions/:id/marking-plan',
      permission: 'results.manage',
      summary: 'Single or double marking of the session’s subjective items, with the tolerance beyond which a third examiner arbitrates; only before marking starts',
      tags: ['marking'],
      params: IdParams,
      body: MarkingPlanSchema,
      responses: { 200: { description: 'the plan', schema: MarkingPlanSchema }, 409: { description: 'marking has started' } },
    },
    (ctx) => marking.setPlan(ctx.principal, ctx.params.id, ctx.body, actorFrom(ctx)),
  );
  routes.api(
    {
      method: 'get',
      path: '/api/v1/sessions/:id/marking/next',
      permission: 'marking.mark',
      summary: 'The next subjective answer this examiner may mark, by anonymous code (blind: no name, 准考证号 or registration)',
      tags: ['marking'],
      params: IdParams,
      responses: { 200: { description: 'a task (null when none is left for this examiner) and the progress', schema: z.object({ task: TaskView.nullable(), progress: Progress }) } },
    },
    (ctx) => marking.next(ctx.principal, ctx.params.id),
  );
  routes.api(
    {
      method: 'get',
      path: '/api/v1/sessions/:id/marking/progress',
      permission: 'results.view',
      summary: 'Marking progress of a session: answers per state (open, second marking, arbitration, done)',
      tags: ['marking'],
      params: IdParams,
      responses: { 200: { description: 'counts', schema: Progress } },
    },
    (ctx) => marking.progress(ctx.principal, ctx.params.id),
  );
  routes.api(
    {
      method: 'post',
      path: '/api/v1/marking/tasks/:id/marks',
      permission: 'marking.mark',
      summary: 'Mark one answer (0…max in half points); a double-marked answer needs a second examiner, and a third beyond the tolerance; audited',
      tags: ['marking'],
      params: IdParams,
      body: MarkInputSchema,
      responses: { 200: { description: 'the task after the mark, with the final mark once done', schema: z.object({ task: TaskView, final: z.number().optional() }) }, 409: { description: 'already marked by this examiner, done, or results published' }, 422: { description: 'points out of range' } },
    },
    (ctx) => marking.mark(ctx.principal, ctx.params.id, ctx.body, actorFrom(ctx)),
  );
}
