import { z } from 'zod';
import type { RouteTable } from '../platform/routing';
import { PageQuerySchema, pageSchema } from '../platform/pagination';
import { actorFrom, queryAudit, recordAudit, verifyAuditChain } from './service';

const IsoDate = z.union([z.iso.datetime({ offset: true }), z.iso.date()]).transform((s) => new Date(s));

export const AuditQuerySchema = PageQuerySchema.extend({
  actor: z.string().trim().max(80).optional().describe('user id or name'),
  action: z.string().trim().max(80).optional().describe('exact action, or a prefix ending in * (e.g. user.*)'),
  targetType: z.string().trim().max(40).optional(),
  targetId: z.string().trim().max(80).optional(),
  from: IsoDate.optional().describe('ISO 8601 date or date-time'),
  to: IsoDate.optional().describe('ISO 8601 date or date-time'),
}).transform((q) => ({ ...q, pageSize: Math.min(q.pageSize, 200) }));

const AuditEntrySchema = z.object({
  id: z.string(),
  seq: z.number().int(),
  at: z.string(),
  actor: z.object({ kind: z.string(), id: z.string().optional(), name: z.string().optional() }),
  action: z.string(),
  target: z.object({ type: z.string(), id: z.string().optional(), label: z.string().optional() }),
  details: z.record(z.string(), z.unknown()),
  ip: z.string().optional(),
  requestId: z.string().optional(),
  prevHash: z.string(),
  hash: z.string(),
});

export const ChainReportSchema = z.object({
  ok: z.boolean(),
  checked: z.number().int(),
  lastSeq: z.number().int(),
  lastHash: z.string(),
  firstBreak: z.object({ kind: z.string(), seq: z.number().int(), id: z.string().optional(), message: z.string() }).optional(),
});

export function registerAuditApi(routes: RouteTable): void {
  routes.api(
    {
      method: 'get',
      path: '/api/v1/audit',
      permission: 'audit.read',
      summary: 'The audit trail, newest first (filter by actor, action, target and time; paged)',
      tags: ['audit'],
      query: AuditQuerySchema,
      responses: { 200: { description: 'a page of entries', schema: pageSchema(AuditEntrySchema) } },
    },
    async (ctx) => {
      const page = await queryAudit(ctx.query, ctx.principal);
      await recordAudit(actorFrom(ctx), { action: 'audit.query', target: { type: 'audit' }, details: { filter: { ...ctx.query, from: ctx.query.from?.toISOString(), to: ctx.query.to?.toISOString() } } });
      return page;
    },
  );

  routes.api(
    {
      method: 'get',
      path: '/api/v1/audit/verify',
      permission: 'audit.read',
      summary: 'Walk the hash chain and report the first broken link, if any',
      tags: ['audit'],
      responses: { 200: { description: 'the verification report', schema: ChainReportSchema } },
    },
    async (ctx) => {
      const report = await verifyAuditChain();
      await recordAudit(actorFrom(ctx), { action: 'audit.verify', target: { type: 'audit' }, details: { ok: report.ok, checked: report.checked } });
      return report;
    },
  );
}
