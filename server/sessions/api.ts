import { z } from 'zod';
import type { RequestHandler } from 'express';
import { IdParams, ObjectIdString } from '../platform/ids';
import type { RouteTable } from '../platform/routing';
import { PageQuerySchema, pageSchema } from '../platform/pagination';
import { actorFrom } from '../audit/service';
import type { SessionService } from './service';
import { CandidateLoginSchema, CentreInputSchema, RegistrationInputSchema, SessionInputSchema, SessionPatchSchema } from './schemas';
import { SESSION_STATES } from './model';
import { singleFileUpload } from '../platform/upload';
import { MAX_PHOTO_BYTES } from '../identity/photos';

const RegistrationParams = z.object({ id: ObjectIdString, registrationId: ObjectIdString });
const photoUpload = singleFileUpload({ field: 'photo', fields: [], maxBytes: MAX_PHOTO_BYTES });

const CentreView = z.object({ id: z.string(), name: z.string(), orgCode: z.string(), provinceCode: z.string(), type: z.enum(['S', 'Y']) });
const SessionView = z.record(z.string(), z.unknown());
const RegistrationView = z.object({ id: z.string(), sessionId: z.string(), name: z.string(), idType: z.string(), idNumberMasked: z.string(), admissionNo: z.string(), roomCode: z.string(), seat: z.number(), status: z.string(), checkedIn: z.boolean(), hasPhoto: z.boolean() });

export function registerSessionApi(routes: RouteTable, sessions: SessionService, loginLimiter: RequestHandler): void {
  routes.api(
    { method: 'get', path: '/api/v1/centres', permission: 'sessions.view', summary: '评价机构 the caller reaches', tags: ['sessions'], responses: { 200: { description: 'centres', schema: z.object({ items: z.array(CentreView) }) } } },
    async (ctx) => ({ items: await sessions.listCentres(ctx.principal) }),
  );
  routes.api(
    { method: 'post', path: '/api/v1/centres', permission: 'centres.manage', summary: 'Create a 评价机构 (organisation code unique per type)', tags: ['sessions'], body: CentreInputSchema, responses: { 201: { description: 'created', schema: CentreView }, 409: { description: 'code taken' } } },
    async (ctx) => {
      const centre = await sessions.createCentre(ctx.body, actorFrom(ctx));
      ctx.res.status(201).location(`/api/v1/centres/${centre.id}`);
      return centre;
    },
  );
  routes.api(
    {
      method: 'get',
      path: '/api/v1/sessions',
      permission: 'sessions.view',
      summary: '考试批次 in the caller’s scope, newest first',
      tags: ['sessions'],
      query: PageQuerySchema.extend({ status: z.enum(SESSION_STATES).optional() }),
      responses: { 200: { description: 'a page of sessions', schema: pageSchema(SessionView) } },
    },
    (ctx) => sessions.listSessions(ctx.principal, ctx.query),
  );
  routes.api(
    {
      method: 'post',
      path: '/api/v1/sessions',
      permission: 'sessions.manage',
      summary: 'Schedule a theory session: centre, blueprint, mode, times, rooms with proctors (a draft)',
      tags: ['sessions'],
      bodyDoc: SessionInputSchema,
      responses: { 201: { description: 'the draft session', schema: SessionView }, 422: { description: 'a rule is broken (times, proctors, blueprint)' } },
    },
    async (ctx) => {
      const session = await sessions.createSession(ctx.principal, ctx.body, actorFrom(ctx));
      ctx.res.status(201).location(`/api/v1/sessions/${session.id}`);
      return session;
    },
  );
  routes.api(
    { method: 'get', path: '/api/v1/sessions/:id', permission: 'sessions.view', summary: 'One session, with registration count and staffing issues', tags: ['sessions'], params: IdParams, responses: { 200: { description: 'the session', schema: SessionView } } },
    (ctx) => sessions.getSession(ctx.principal, ctx.params.id),
  );
  routes.api(
    {
      method: 'patch',
      path: '/api/v1/sessions/:id',
      permission: 'sessions.manage',
      summary: 'Change a session (compare-and-set on revision); key fields of a published session need an amendment reason',
      tags: ['sessions'],
      params: IdParams,
      bodyDoc: SessionPatchSchema,
      responses: { 200: { description: 'the session', schema: SessionView }, 409: { description: 'changed meanwhile, or a key field without an amendment' } },
    },
    (ctx) => sessions.updateSession(ctx.principal, ctx.params.id, ctx.body, actorFrom(ctx)),
  );
  for (const transition of ['publish', 'open', 'close'] as const) {
    routes.api(
      {
        method: 'post',
        path: `/api/v1/sessions/:id/${transition}`,
        permission: 'sessions.manage',
        summary: { publish: 'Publish a draft (pins the bank’s latest release; each room needs its proctors)', open: 'Open the session (staffing ratio checked; papers prepared if not yet)', close: 'Close the session' }[transition],
        tags: ['sessions'],
        params: IdParams,
        responses: { 200: { description: 'the session', schema: SessionView }, 409: { description: 'not in the state this needs' }, 422: { description: 'staffing short' } },
      },
      (ctx) => sessions.transition(ctx.principal, ctx.params.id, transition, actorFrom(ctx)),
    );
  }
  routes.api(
    {
      method: 'post',
      path: '/api/v1/sessions/:id/prepare-papers',
      permission: 'sessions.manage',
      summary: 'Draw the papers before the start (一人一卷: one per registration; forms: N forms). Idempotent',
      tags: ['sessions'],
      params: IdParams,
      responses: { 200: { description: 'counts', schema: z.object({ prepared: z.number(), total: z.number() }) } },
    },
    (ctx) => sessions.preparePapers(ctx.principal, ctx.params.id, actorFrom(ctx)),
  );
  routes.api(
    {
      method: 'get',
      path: '/api/v1/sessions/:id/registrations',
      permission: 'sessions.view',
      summary: 'Registrations, by room and seat; filter by room or name/准考证号',
      tags: ['sessions'],
      params: IdParams,
      query: PageQuerySchema.extend({ room: z.string().trim().max(12).optional(), q: z.string().trim().max(60).optional() }),
      responses: { 200: { description: 'a page of registrations', schema: pageSchema(RegistrationView) } },
    },
    (ctx) => sessions.listRegistrations(ctx.principal, ctx.params.id, ctx.query),
  );
  routes.api(
    {
      method: 'post',
      path: '/api/v1/sessions/:id/registrations',
      permission: 'sessions.manage',
      summary: 'Register candidates (one or many); all or nothing, with a row-by-row report of what is wrong',
      tags: ['sessions'],
      params: IdParams,
      body: z.object({ candidates: z.array(RegistrationInputSchema.passthrough()).min(1).max(5000) }),
      responses: { 201: { description: 'registered', schema: z.object({ items: z.array(RegistrationView) }) }, 422: { description: 'rows with errors; nothing written' } },
    },
    async (ctx) => {
      const result = await sessions.register(ctx.principal, ctx.params.id, ctx.body.candidates, actorFrom(ctx));
      if (result.errors.length) {
        ctx.res.status(422).type('application/problem+json');
        return { type: '/problems/validation', title: 'Invalid request', status: 422, detail: '报名信息有误，未写入任何记录。', errors: result.errors.map((e) => ({ path: `body.candidates.${e.row - 1}.${e.path}`, message: `第 ${e.row} 行：${e.message}`, code: 'rule' })) };
      }
      ctx.res.status(201);
      return { items: result.items };
    },
  );
  routes.api(
    { method: 'get', path: '/api/v1/sessions/:id/seat-plan', permission: 'sessions.view', summary: '座位表 per room', tags: ['sessions'], params: IdParams, responses: { 200: { description: 'rooms and seats', schema: z.object({ rooms: z.array(z.record(z.string(), z.unknown())) }) } } },
    async (ctx) => ({ rooms: await sessions.seatPlan(ctx.principal, ctx.params.id) }),
  );
  routes.api(
    {
      method: 'get',
      path: '/api/v1/sessions/:id/admission-tickets.pdf',
      permission: 'sessions.manage',
      summary: '准考证 of every registration (or one room) as one PDF, two per A4 page; audited',
      tags: ['sessions'],
      params: IdParams,
      query: z.object({ room: z.string().trim().min(1).max(12).optional() }),
      responses: { 200: { description: 'the tickets', contentType: 'application/pdf' }, 409: { description: 'the session is a draft' } },
    },
    async (ctx) => {
      const pdf = await sessions.admissionTickets(ctx.principal, ctx.params.id, actorFrom(ctx), ctx.query.room);
      ctx.res.set({ 'Content-Type': 'application/pdf', 'Content-Disposition': `inline; filename="admission-tickets-${ctx.params.id}.pdf"` }).send(pdf);
    },
  );
  routes.api(
    {
      method: 'put',
      path: '/api/v1/sessions/:id/registrations/:registrationId/photo',
      permission: 'sessions.manage',
      summary: 'Replace a registration’s photo (JPEG or PNG, at most 1 MiB; multipart field "photo"); audited',
      tags: ['sessions'],
      params: RegistrationParams,
      authorize: (c) => sessions.sessionFor(c.principal, c.params.id, 'sessions.manage'),
      upload: { field: 'photo' },
      parsers: [photoUpload],
      responses: { 200: { description: 'the registration', schema: RegistrationView }, 422: { description: 'not a JPEG or PNG, or too large' } },
    },
    (ctx) => sessions.setRegistrationPhoto(ctx.principal, ctx.params.id, ctx.params.registrationId, (ctx.req as { file?: { buffer: Buffer } }).file?.buffer, actorFrom(ctx)),
  );
  routes.api(
    {
      method: 'get',
      path: '/api/v1/sessions/:id/registrations/:registrationId/photo',
      permission: 'sessions.view',
      summary: 'A registration’s photo, for the real-name check at the door',
      tags: ['sessions'],
      params: RegistrationParams,
      responses: { 200: { description: 'the photo', contentType: 'image/jpeg' }, 404: { description: 'no photo, or out of scope' } },
    },
    async (ctx) => {
      const photo = await sessions.registrationPhoto(ctx.principal, ctx.params.id, ctx.params.registrationId);
      ctx.res.set({ 'Content-Type': photo.contentType, 'X-Content-Type-Options': 'nosniff' }).send(photo.data);
    },
  );
  routes.api(
    {
      method: 'post',
      path: '/api/v1/auth/candidate-login',
      permission: 'public',
      summary: 'Candidate sign-in with 准考证号 and 证件号码, from 30 minutes before the start until the end (rate-limited)',
      tags: ['auth'],
      before: [loginLimiter],
      body: CandidateLoginSchema,
      responses: { 200: { description: 'a candidate token', schema: z.object({ token: z.string(), expiresAt: z.string(), registrationId: ObjectIdString }) }, 401: { description: 'wrong pair' }, 409: { description: 'outside the sign-in window' }, 429: { description: 'too many failures' } },
    },
    async (ctx) => {
      const result = await sessions.candidateSignIn(ctx.body.admissionNo, ctx.body.idNumber, actorFrom(ctx));
      return { token: result.token, expiresAt: result.expiresAt.toISOString(), registrationId: result.registrationId };
    },
  );
}
