import { z } from 'zod';
import type { RouteTable } from '../platform/routing';
import { IdParams, ObjectIdString } from '../platform/ids';
import { actorFrom } from '../audit/service';
import { DOCX_DOCUMENTS, PAPER_DOCUMENTS, type PaperDocument, type PrintService } from './service';

const COPY_FIELDS = { copy: z.coerce.number().int().min(1).max(1000).optional(), of: z.coerce.number().int().min(1).max(1000).optional() };

/** Copy k of n: both or neither, and k ≤ n. */
function withCopyRules<T extends z.ZodType<{ copy?: number | undefined; of?: number | undefined }>>(schema: T): T {
  return schema
    .refine((q) => (q.copy === undefined) === (q.of === undefined), { message: 'copy and of go together', path: ['of'], params: { i18n: 'validation.rule.copyOfTogether' } })
    .refine((q) => q.copy === undefined || q.of === undefined || q.copy <= q.of, { message: 'copy cannot exceed of', path: ['copy'], params: { i18n: 'validation.rule.copyNotAfterOf' } });
}

const CopyQuery = withCopyRules(z.object(COPY_FIELDS));
const SessionPrintQuery = withCopyRules(z.object({ form: z.string().trim().toUpperCase().regex(/^[A-H]$/).optional(), registration: ObjectIdString.optional(), ...COPY_FIELDS }));

const TITLES: Record<PaperDocument, string> = {
  paper: 'The theory paper in the national format (header, 注意事项, score grid, 装订线, standard section titles)',
  'answer-card': 'The answer card (答题卡): 准考证号 grid, subject code, bubbles for every objective item',
  'answer-key': 'The answer key (confidential, separate document)',
  'marking-sheet': 'The marking sheet (confidential, separate document)',
  'venue-notice': 'Skill test: 考场准备通知单 (what the venue prepares), a page per task',
  'candidate-notice': 'Skill test: 考生准备通知单 (what candidates bring), a page per task',
  'task-paper': 'Skill test: the task paper (试题) with its requirements and veto rule',
  'scoring-sheet': 'Skill test: the 评分记录表 with rows, points, deduction rules and signature lines',
};

const CONTENT_TYPES = { pdf: 'application/pdf', docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' } as const;

export function registerPrintingApi(routes: RouteTable, printing: PrintService): void {
  const formats = (what: PaperDocument) => (DOCX_DOCUMENTS.includes(what) ? (['pdf', 'docx'] as const) : (['pdf'] as const));
  for (const what of PAPER_DOCUMENTS) {
    for (const format of formats(what)) {
      routes.api(
        {
          method: 'get',
          path: `/api/v1/papers/:id/print/${what}.${format}`,
          permission: 'papers.assemble',
          summary: `${TITLES[what]}, as ${format === 'pdf' ? 'PDF' : 'Word'}; watermark and footer with the operator, time and copy k of n (\`copy\`, \`of\`); audited`,
          tags: ['printing'],
          params: IdParams,
          query: CopyQuery,
          responses: { 200: { description: 'the document', contentType: CONTENT_TYPES[format] } },
        },
        async (ctx) => {
          const copy = ctx.query.copy !== undefined && ctx.query.of !== undefined ? { k: ctx.query.copy, n: ctx.query.of } : undefined;
          const bytes = await printing.render(ctx.principal, ctx.params.id, what, format, actorFrom(ctx), copy);
          ctx.res.type(CONTENT_TYPES[format]).set('Content-Disposition', `attachment; filename="${ctx.params.id}-${what}.${format}"`).send(bytes);
        },
      );
      routes.api(
        {
          method: 'get',
          path: `/api/v1/sessions/:id/print/${what}.${format}`,
          permission: 'sessions.manage',
          summary: `A session's paper for a paper-based sitting: ${TITLES[what]}, as ${format === 'pdf' ? 'PDF' : 'Word'}. Form \`form\` (A, B, …) of an A/B session, or \`registration\` for 一人一卷; only the session's centre, only once published; footer with the centre code, operator, time and copy k of n; audited`,
          tags: ['printing'],
          params: IdParams,
          query: SessionPrintQuery,
          responses: { 200: { description: 'the document', contentType: CONTENT_TYPES[format] }, 409: { description: 'the session is a draft, or its papers are not prepared' } },
        },
        async (ctx) => {
          const copy = ctx.query.copy !== undefined && ctx.query.of !== undefined ? { k: ctx.query.copy, n: ctx.query.of } : undefined;
          const printed = await printing.renderForSession(ctx.principal, ctx.params.id, { ...(ctx.query.form ? { form: ctx.query.form } : {}), ...(ctx.query.registration ? { registrationId: ctx.query.registration } : {}) }, what, format, actorFrom(ctx), copy);
          const name = `${printed.label}-${what}.${format}`;
          ctx.res.type(CONTENT_TYPES[format]).set('Content-Disposition', `attachment; filename="${ctx.params.id}-${what}.${format}"; filename*=UTF-8''${encodeURIComponent(name)}`).send(printed.bytes);
        },
      );
    }
  }
}
