import { z } from 'zod';
import type { RouteTable } from '../platform/routing';
import { clampedPage, pagerOf } from '../platform/pagination';
import { AuditQuerySchema } from './api';
import { actorFrom, queryAudit, recordAudit, verifyAuditChain } from './service';

const emptyToUndefined = (v: unknown) => (v === '' ? undefined : v);

const AuditPageQuery = z.preprocess(
  (q) => Object.fromEntries(Object.entries((q ?? {}) as Record<string, unknown>).map(([k, v]) => [k, emptyToUndefined(v)])),
  AuditQuerySchema.and(z.object({ verify: z.literal('1').optional() })),
);

export function registerAuditPages(routes: RouteTable): void {
  routes.page({ method: 'get', path: '/audit', permission: 'audit.read', summary: 'Audit trail page', query: AuditPageQuery }, async (ctx) => {
    const { verify, ...filter } = ctx.query;
    const page = await clampedPage(filter.page, (n) => queryAudit({ ...filter, page: n }, ctx.principal));
    const report = verify ? await verifyAuditChain() : undefined;
    await recordAudit(actorFrom(ctx), { action: verify ? 'audit.verify' : 'audit.query', target: { type: 'audit' }, details: { page: filter.page, ...(report ? { ok: report.ok } : {}) } });
    const raw = ctx.req.query as Record<string, string>;
    ctx.res.render('audit/index', {
      title: 'audit.title',
      filter: raw,
      entries: page.items.map((e) => ({ ...e, shortHash: e.hash.slice(0, 12), detailsText: JSON.stringify(e.details) })),
      pager: pagerOf(page),
      pagerQuery: new URLSearchParams(Object.entries(raw).filter(([k, v]) => k !== 'page' && k !== 'verify' && v)).toString(),
      report,
    });
  });
}
