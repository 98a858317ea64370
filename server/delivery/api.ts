import { z } from 'zod';
import { IdParams, ObjectIdString } from '../platform/ids';
import type { RouteTable } from '../platform/routing';
import { actorFrom } from '../audit/service';
import { AnswerBodySchema, EventsBodySchema, type DeliveryService } from './service';

const AttemptView = z.record(z.string(), z.unknown());
const Reason = z.string().trim().min(2).max(500);

export function registerDeliveryApi(routes: RouteTable, delivery: DeliveryService): void {
  routes.api(
    { method: 'post', path: '/api/v1/attempts/start', permission: 'candidate', summary: 'Start the signed-in candidate’s attempt (idempotent: starting again returns the same one)', tags: ['delivery'], responses: { 200: { description: 'the attempt', schema: AttemptView }, 409: { description: 'before the start, after the cut-off, or not open' } } },
    async (ctx) => {
      ctx.res.type('json').send(await delivery.start(ctx.principal, actorFrom(ctx)));
    },
  );
  routes.api(
    { method: 'get', path: '/api/v1/attempts/current', permission: 'candidate', summary: 'The candidate’s paper for display: no key, options in the candidate’s order, saved answers', tags: ['delivery'], responses: { 200: { description: 'the paper', schema: AttemptView }, 404: { description: 'not started' } } },
    async (ctx) => {
      ctx.res.type('json').send(await delivery.current(ctx.principal));
    },
  );
  routes.api(
    {
      method: 'put',
      path: '/api/v1/attempts/:id/answers/:position',
      permission: 'candidate',
      summary: 'Save one answer: idempotent, a lower seq never overwrites a higher one, refused (409) after the deadline plus grace',
      tags: ['delivery'],
      params: z.object({ id: ObjectIdString, position: z.coerce.number().int().min(0).max(999) }),
      body: AnswerBodySchema,
      responses: { 200: { description: 'acknowledged', schema: z.object({ position: z.number(), seq: z.number(), savedAt: z.string() }) }, 409: { description: 'closed, past the deadline, or a newer seq is stored (`reason`)' } },
    },
    (ctx) => delivery.saveAnswer(ctx.principal, ctx.params.id, ctx.params.position, ctx.body),
  );
  routes.api(
    { method: 'get', path: '/api/v1/attempts/:id/clock', permission: 'candidate', summary: 'Server time, the deadline (with extensions) and the status', tags: ['delivery'], params: IdParams, responses: { 200: { description: 'the clock', schema: z.object({ serverNow: z.string(), deadline: z.string(), status: z.string() }) } } },
    (ctx) => delivery.clock(ctx.principal, ctx.params.id),
  );
  routes.api(
    { method: 'post', path: '/api/v1/attempts/:id/submit', permission: 'candidate', summary: '交卷: effective once; a second call returns the same result', tags: ['delivery'], params: IdParams, responses: { 200: { description: 'the ended attempt', schema: AttemptView } } },
    (ctx) => delivery.submit(ctx.principal, ctx.params.id, actorFrom(ctx)),
  );
  routes.api(
    { method: 'post', path: '/api/v1/attempts/:id/events', permission: 'candidate', summary: 'Record focus loss, paste and full-screen exits (never blocked)', tags: ['delivery'], params: IdParams, body: EventsBodySchema, responses: { 200: { description: 'recorded', schema: z.object({ recorded: z.number(), flagged: z.boolean() }) } } },
    (ctx) => delivery.recordEvents(ctx.principal, ctx.params.id, ctx.body),
  );
  routes.api(
    { method: 'post', path: '/api/v1/attempts/:id/extend', permission: 'sessions.proctor', summary: '延时: extend a candidate’s time, with a reason (audited, in the room record)', tags: ['proctoring'], params: IdParams, body: z.object({ minutes: z.number().int().min(1).max(120), reason: Reason }), responses: { 200: { description: 'the attempt', schema: AttemptView } } },
    (ctx) => delivery.extend(ctx.principal, ctx.params.id, ctx.body.minutes, ctx.body.reason, actorFrom(ctx)),
  );
  routes.api(
    { method: 'post', path: '/api/v1/attempts/:id/terminate', permission: 'sessions.proctor', summary: '终止考核 for misconduct, with a reason (audited, in the room record)', tags: ['proctoring'], params: IdParams, body: z.object({ reason: Reason }), responses: { 200: { description: 'the attempt', schema: AttemptView } } },
    (ctx) => delivery.terminate(ctx.principal, ctx.params.id, ctx.body.reason, actorFrom(ctx)),
  );
  routes.api(
    { method: 'post', path: '/api/v1/registrations/:id/check-in', permission: 'sessions.proctor', summary: '实名核验 done for a candidate', tags: ['proctoring'], params: IdParams, responses: { 200: { description: 'checked in', schema: z.object({ checkedIn: z.literal(true) }) } } },
    (ctx) => delivery.checkIn(ctx.principal, ctx.params.id, actorFrom(ctx)),
  );
  routes.api(
    { method: 'post', path: '/api/v1/registrations/:id/absent', permission: 'sessions.proctor', summary: '缺考: a candidate who has not started', tags: ['proctoring'], params: IdParams, responses: { 200: { description: 'absent', schema: z.object({ status: z.literal('absent') }) } } },
    (ctx) => delivery.markAbsent(ctx.principal, ctx.params.id, actorFrom(ctx)),
  );
  routes.api(
    {
      method: 'get',
      path: '/api/v1/sessions/:id/rooms/:room/roster',
      permission: 'sessions.view',
      summary: 'The live roster of a room: status, answered count, last seen, screen switches, flags',
      tags: ['proctoring'],
      params: z.object({ id: ObjectIdString, room: z.string().trim().min(1).max(12) }),
      responses: { 200: { description: 'the roster', schema: z.record(z.string(), z.unknown()) } },
    },
    (ctx) => delivery.roster(ctx.principal, ctx.params.id, ctx.params.room),
  );
}
