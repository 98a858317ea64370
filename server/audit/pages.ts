import ExcelJS from 'exceljs';
import type { Response } from 'express';
import { z } from 'zod';
import type { Principal, RouteTable } from '../platform/routing';
import { PageQuerySchema, clampedPage, pagerOf } from '../platform/pagination';
import { formatZoned, parseZonedInput, toZonedInput } from '../platform/time';
import { localeOf } from '../i18n/negotiate';
import { t } from '../i18n/translate';
import type { Locale } from '../i18n/locale';
import { actorFrom, queryAudit, recordAudit, verifyAuditChain, type AuditQuery } from './service';
import { AUDIT_ACTIONS, AUDIT_READ_ACTIONS, AUDIT_TARGET_TYPES, describeEntry, groupReads } from './describe';
import type { ChainedEntry } from './chain';

const blankToUndefined = (q: unknown) => Object.fromEntries(Object.entries((q ?? {}) as Record<string, unknown>).filter(([, v]) => v !== ''));

/** The page's filters: times are typed in the configured zone (a bad one is dropped with a notice). */
function auditPageQuery(timeZone: string) {
  const zoned = (endOfDay: boolean) =>
    z
      .string()
      .max(40)
      .refine((s) => parseZonedInput(s, timeZone) !== undefined)
      .transform((s) => parseZonedInput(s, timeZone, { endOfDay })!);
  return z.preprocess(
    blankToUndefined,
    PageQuerySchema.extend({
      actor: z.string().trim().max(80).optional(),
      action: z.string().trim().max(80).optional(),
      targetType: z.string().trim().max(40).optional(),
      targetId: z.string().trim().max(80).optional(),
      from: zoned(false).optional(),
      to: zoned(true).optional(),
      reads: z.literal('1').optional(),
      verify: z.literal('1').optional(),
    }),
  );
}

type AuditPageFilter = Omit<z.infer<ReturnType<typeof auditPageQuery>>, 'reads' | 'verify'> & { reads?: '1' };

function serviceQuery(filter: AuditPageFilter, page: number, pageSize: number): AuditQuery {
  const { reads, ...rest } = filter;
  return { ...rest, page, pageSize, ...(reads || rest.action ? {} : { excludeActions: AUDIT_READ_ACTIONS }) };
}

/** An entry as a table row: Chinese action, readable summary, link to the object. */
function rowOf(entry: ChainedEntry & { repeats?: number }, locale: Locale, timeZone: string) {
  const d = describeEntry(entry);
  return {
    ...entry,
    atText: formatZoned(new Date(entry.at), locale, timeZone),
    actionText: d.actionKey ? t(locale, d.actionKey) : d.actionCode,
    targetText: `${d.targetTypeKey ? t(locale, d.targetTypeKey) : entry.target.type}${d.targetLabel ? ` ${d.targetLabel}` : ''}`,
    href: d.href,
    summary: d.summary.map((s) => ({ label: s.labelKey ? t(locale, s.labelKey) : s.key, value: s.value })),
    summaryText: d.summary.map((s) => `${s.labelKey ? t(locale, s.labelKey) : s.key}：${s.value}`).join('；'),
    repeatsText: entry.repeats && entry.repeats > 1 ? t(locale, 'audit.repeats', { n: entry.repeats }) : '',
    shortHash: entry.hash.slice(0, 12),
  };
}

export function registerAuditPages(routes: RouteTable, options: { timeZone: string }): void {
  const { timeZone } = options;
  const AuditPageQuery = auditPageQuery(timeZone);

  routes.page({ method: 'get', path: '/audit', permission: 'audit.read', summary: 'Audit trail page', query: AuditPageQuery }, async (ctx) => {
    const { verify, ...filter } = ctx.query;
    const locale = localeOf(ctx.res);
    const page = await clampedPage(filter.page, (n) => queryAudit(serviceQuery(filter, n, filter.pageSize), ctx.principal));
    const hiddenReads = filter.reads || filter.action ? 0 : (await queryAudit({ ...serviceQuery({ ...filter, action: 'audit.*' }, 1, 1) }, ctx.principal)).total;
    const report = verify ? await verifyAuditChain() : undefined;
    await recordAudit(actorFrom(ctx), { action: verify ? 'audit.verify' : 'audit.query', target: { type: 'audit' }, details: { page: page.page, ...(report ? { ok: report.ok } : {}) } });
    const raw = ctx.req.query as Record<string, string>;
    const keep = Object.entries(raw).filter(([k, v]) => k !== 'page' && k !== 'verify' && typeof v === 'string' && v);
    renderAuditPage(ctx.res, {
      filter: {
        ...raw,
        from: filter.from ? toZonedInput(filter.from, timeZone) : '',
        to: filter.to ? toZonedInput(filter.to, timeZone) : '',
      },
      actions: AUDIT_ACTIONS.map((code) => ({ value: code, label: t(locale, `audit.action.${code}`), selected: raw.action === code })),
      targetTypes: AUDIT_TARGET_TYPES.map((type) => ({ value: type, label: t(locale, `audit.target.${type}`), selected: raw.targetType === type })),
      entries: groupReads(page.items).map((e) => rowOf(e, locale, timeZone)),
      hiddenReads,
      showReadsQuery: new URLSearchParams([...keep.filter(([k]) => k !== 'reads'), ['reads', '1']]).toString(),
      exportQuery: new URLSearchParams(keep).toString(),
      zoneNote: t(locale, 'audit.filter.zone', { zone: timeZone }),
      pager: pagerOf(page),
      pagerQuery: new URLSearchParams(keep).toString(),
      report,
    });
  });

  routes.page({ method: 'get', path: '/audit/export.xlsx', permission: 'audit.read', summary: 'The filtered audit trail as an Excel workbook (at most 10,000 entries)', query: AuditPageQuery }, async (ctx) => {
    const { verify: _verify, ...filter } = ctx.query;
    const locale = localeOf(ctx.res);
    const entries = await entriesForExport(filter, ctx.principal);
    await recordAudit(actorFrom(ctx), { action: 'audit.export', target: { type: 'audit' }, details: { count: entries.length } });
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet(t(locale, 'audit.export.sheet'));
    sheet.columns = [
      { header: t(locale, 'audit.col.seq'), key: 'seq', width: 8 },
      { header: t(locale, 'audit.col.at'), key: 'at', width: 22 },
      { header: t(locale, 'audit.col.actor'), key: 'actor', width: 16 },
      { header: t(locale, 'audit.col.action'), key: 'action', width: 16 },
      { header: t(locale, 'audit.col.target'), key: 'target', width: 30 },
      { header: t(locale, 'audit.col.details'), key: 'details', width: 60 },
      { header: 'IP', key: 'ip', width: 16 },
      { header: t(locale, 'audit.col.hash'), key: 'hash', width: 66 },
    ];
    sheet.getRow(1).font = { bold: true };
    for (const entry of entries) {
      const row = rowOf(entry, locale, timeZone);
      // Text cells that a spreadsheet would run as a formula are written with a leading apostrophe (OWASP).
      const cell = (text: string) => (/^[=+\-@\t\r]/.test(text) ? `'${text}` : text);
      sheet.addRow({ seq: entry.seq, at: row.atText, actor: cell(entry.actor.name ?? entry.actor.kind), action: row.actionText, target: cell(row.targetText), details: cell(row.summaryText), ip: entry.ip ?? '', hash: entry.hash });
    }
    const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
    const stamp = toZonedInput(new Date(), timeZone).replace(/[-:T]/g, '').slice(0, 12);
    ctx.res
      .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .attachment(`audit-${stamp}.xlsx`)
      .send(buffer);
  });
}

const EXPORT_LIMIT = 10_000;

/** Every entry the filter matches, newest first, up to the export limit. */
async function entriesForExport(filter: AuditPageFilter, reader: Principal): Promise<ChainedEntry[]> {
  const out: ChainedEntry[] = [];
  for (let page = 1; out.length < EXPORT_LIMIT; page++) {
    const chunk = await queryAudit(serviceQuery(filter, page, 200), reader);
    out.push(...chunk.items);
    if (chunk.items.length < 200) break;
  }
  return out.slice(0, EXPORT_LIMIT);
}

function renderAuditPage(res: Response, data: Record<string, unknown>): void {
  res.render('audit/index', { title: 'audit.title', ...data });
}
