import { z } from 'zod';
import type { RouteTable } from '../platform/routing';
import { ObjectIdString, IdParams } from '../platform/ids';
import { formErrorsOf } from '../platform/forms';
import type { HttpProblem } from '../platform/problem';
import { actorFrom } from '../audit/service';
import type { MarkingService } from './service';
import { MarkInputSchema } from './schemas';

const TaskParams = z.object({ id: ObjectIdString, taskId: ObjectIdString });
const NextQuery = z.object({ saved: z.literal('1').optional().catch(undefined) });

/** The examiner's pages: sessions to mark, and one answer at a time (works at tablet width). */
export function registerMarkingPages(routes: RouteTable, marking: MarkingService): void {
  routes.page({ method: 'get', path: '/marking', permission: 'marking.mark', summary: 'Sessions with subjective answers to mark' }, async ({ res, principal }) => {
    res.render('marking/index', { title: 'marking.title', sessions: await marking.sessionsToMark(principal) });
  });

  const renderNext = async (res: Parameters<Parameters<RouteTable['page']>[1]>[0]['res'], principal: Parameters<MarkingService['next']>[0], sessionId: string, extra: Record<string, unknown> = {}, status = 200) => {
    const { task, progress } = await marking.next(principal, sessionId);
    res.status(status).render('marking/task', { title: 'marking.title', sessionId, task, progress, roundKey: task ? `marking.round.${task.round}` : '', questionNo: task ? task.position + 1 : 0, ...extra });
  };

  routes.page({ method: 'get', path: '/sessions/:id/marking', permission: 'marking.mark', summary: 'Mark the next subjective answer (blind, by anonymous code)', params: IdParams, query: NextQuery }, ({ res, principal, params, query }) =>
    renderNext(res, principal, params.id, query.saved !== undefined ? { saved: query.saved } : {}),
  );

  routes.page({ method: 'post', path: '/sessions/:id/marking/:taskId', permission: 'marking.mark', summary: 'Save a mark (form)', params: TaskParams, form: MarkInputSchema }, async (ctx) => {
    if (!ctx.form.ok) return renderNext(ctx.res, ctx.principal, ctx.params.id, { errors: ctx.form.errors }, 400);
    try {
      await marking.mark(ctx.principal, ctx.params.taskId, ctx.form.data, actorFrom(ctx));
      ctx.res.redirect(303, `/sessions/${ctx.params.id}/marking?saved=1`);
    } catch (error) {
      const errors = formErrorsOf(error, ctx.res);
      if (!errors) throw error;
      await renderNext(ctx.res, ctx.principal, ctx.params.id, { errors }, (error as HttpProblem).status);
    }
  });
}
