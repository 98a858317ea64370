import { z } from 'zod';
import { IdParams, ObjectIdString } from '../platform/ids';
import type { RouteTable } from '../platform/routing';
import { actorFrom } from '../audit/service';
import type { SkillScoringService } from './service';
import { ReasonSchema, ScoringPlanInputSchema, SheetEntrySchema, SignSchema, TaskParams } from './schemas';

const Record = z.record(z.string(), z.unknown());
const PartScoreView = z.object({ registrationId: z.string(), candidateId: z.string(), part: z.enum(['theory', 'skill', 'review']), score: z.number().nullable(), state: z.enum(['complete', 'pending', 'absent', 'void']), reason: z.string().optional() });

/** Examiner scoring over JSON: plans, sheets, signatures, the checker's confirmation, part scores. */
export function registerSkillScoringApi(routes: RouteTable, scoring: SkillScoringService): void {
  routes.api(
    {
      method: 'put',
      path: '/api/v1/sessions/:id/scoring-plan',
      permission: 'sessions.manage',
      summary: 'Examiner groups (考评组) per candidate group (rooms) with their checker (核分人), and the combination rule (mean, median, trimmed); each group’s size follows EXAMINER_PANEL_MIN / EXAMINER_PANEL_ODD',
      tags: ['scoring'],
      params: IdParams,
      bodyDoc: ScoringPlanInputSchema,
      responses: { 200: { description: 'the plan', schema: Record }, 409: { description: 'a theory session, scoring started, or changed meanwhile' }, 422: { description: 'a group too small or even, unknown examiners or rooms' } },
    },
    (ctx) => scoring.setPlan(ctx.principal, ctx.params.id, ctx.body, actorFrom(ctx)),
  );
  routes.api(
    { method: 'get', path: '/api/v1/sessions/:id/scoring-plan', permission: 'sessions.view', summary: 'The session’s examiner groups and combination rule', tags: ['scoring'], params: IdParams, responses: { 200: { description: 'the plan', schema: Record }, 404: { description: 'no plan yet, or out of scope' } } },
    (ctx) => scoring.getPlan(ctx.principal, ctx.params.id),
  );
  routes.api(
    { method: 'get', path: '/api/v1/sessions/:id/part-scores', permission: 'sessions.view', summary: 'The skill or review part score of every registration (complete, pending with a reason, absent, void)', tags: ['scoring'], params: IdParams, responses: { 200: { description: 'one per registration', schema: z.object({ items: z.array(PartScoreView) }) } } },
    async (ctx) => ({ items: await scoring.partScoresFor(ctx.principal, ctx.params.id) }),
  );
  routes.api(
    { method: 'get', path: '/api/v1/scoring/work', permission: 'scoring.enter', summary: 'The examiner’s sessions, groups and candidates with the progress of their sheets', tags: ['scoring'], query: z.object({ sessionId: ObjectIdString.optional() }), responses: { 200: { description: 'the work', schema: z.object({ items: z.array(Record) }) } } },
    async (ctx) => ({ items: await scoring.workFor(ctx.principal, ctx.query.sessionId) }),
  );
  routes.api(
    { method: 'get', path: '/api/v1/registrations/:id/tasks/:position', permission: 'scoring.enter', summary: 'One task of a candidate for its examiner: the rows, the own sheet, and the others’ sheets once all have signed', tags: ['scoring'], params: TaskParams, responses: { 200: { description: 'the task', schema: Record }, 404: { description: 'not in the examiner’s group' } } },
    (ctx) => scoring.task(ctx.principal, ctx.params.id, ctx.params.position),
  );
  routes.api(
    {
      method: 'put',
      path: '/api/v1/registrations/:id/tasks/:position/sheet',
      permission: 'scoring.enter',
      summary: 'Enter the examiner’s own 评分记录表: a deduction and remark per row, the veto; a draft until signed',
      tags: ['scoring'],
      params: TaskParams,
      bodyDoc: SheetEntrySchema,
      responses: { 200: { description: 'the sheet', schema: Record }, 409: { description: 'signed already, changed meanwhile, candidate absent or void' } },
    },
    (ctx) => scoring.saveSheet(ctx.principal, ctx.params.id, ctx.params.position, ctx.body, actorFrom(ctx)),
  );
  routes.api(
    { method: 'post', path: '/api/v1/registrations/:id/tasks/:position/sheet/sign', permission: 'scoring.enter', summary: '签名: sign the sheet as saved at `revision`', tags: ['scoring'], params: TaskParams, bodyDoc: SignSchema, responses: { 200: { description: 'the signed sheet', schema: Record }, 409: { description: 'not saved, signed already, or changed since' } } },
    (ctx) => scoring.signSheet(ctx.principal, ctx.params.id, ctx.params.position, ctx.body, actorFrom(ctx)),
  );
  routes.api(
    { method: 'get', path: '/api/v1/scoring-sheets/:id', permission: 'scoring.view', summary: 'One sheet: its examiner always; the group, its checker and centre staff once every sheet of the task is signed (404 before)', tags: ['scoring'], params: IdParams, responses: { 200: { description: 'the sheet', schema: Record }, 404: { description: 'not visible' } } },
    async (ctx) => (await scoring.sheet(ctx.principal, ctx.params.id)).sheet,
  );
  routes.api(
    { method: 'get', path: '/api/v1/scoring-sheets/:id/print.pdf', permission: 'scoring.view', summary: 'The filled 评分记录表 as a PDF (same visibility as the sheet); audited', tags: ['scoring'], params: IdParams, responses: { 200: { description: 'the sheet', contentType: 'application/pdf' }, 404: { description: 'not visible' } } },
    async (ctx) => {
      const pdf = await scoring.printSheet(ctx.principal, ctx.params.id, actorFrom(ctx));
      ctx.res.set({ 'Content-Type': 'application/pdf', 'Content-Disposition': `inline; filename="scoring-sheet-${ctx.params.id}.pdf"` }).send(pdf);
    },
  );
  routes.api(
    { method: 'post', path: '/api/v1/scoring-sheets/:id/reopen', permission: 'scoring.check', summary: 'Reopen a signed sheet with a reason (the group’s checker); withdraws the candidate’s confirmation', tags: ['scoring'], params: IdParams, body: ReasonSchema, responses: { 200: { description: 'the sheet, a draft again', schema: Record }, 409: { description: 'not signed' } } },
    (ctx) => scoring.reopen(ctx.principal, ctx.params.id, ctx.body.reason, actorFrom(ctx)),
  );
  routes.api(
    { method: 'get', path: '/api/v1/registrations/:id/scoring', permission: 'scoring.check', summary: 'A candidate for the checker: every task, every signed sheet, the combination and the confirmation', tags: ['scoring'], params: IdParams, responses: { 200: { description: 'the candidate', schema: Record } } },
    (ctx) => scoring.candidateForChecker(ctx.principal, ctx.params.id),
  );
  routes.api(
    { method: 'post', path: '/api/v1/registrations/:id/confirm-scores', permission: 'scoring.check', summary: '核分: the checker confirms the candidate’s totals (every sheet signed)', tags: ['scoring'], params: IdParams, responses: { 200: { description: 'confirmed', schema: z.object({ total: z.number(), status: z.literal('confirmed') }) }, 409: { description: 'sheets unsigned, or confirmed already' } } },
    (ctx) => scoring.confirm(ctx.principal, ctx.params.id, actorFrom(ctx)),
  );
  routes.api(
    { method: 'post', path: '/api/v1/registrations/:id/void', permission: 'sessions.proctor', summary: '成绩无效 for a skill-test or review candidate, with a reason (audited, in the room record)', tags: ['proctoring'], params: IdParams, body: ReasonSchema, responses: { 200: { description: 'void', schema: z.object({ status: z.literal('void') }) }, 409: { description: 'a theory session, or not registered' } } },
    (ctx) => scoring.voidRegistration(ctx.principal, ctx.params.id, ctx.body.reason, actorFrom(ctx)),
  );
}
