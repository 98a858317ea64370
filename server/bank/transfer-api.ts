import { z } from 'zod';
import { ObjectIdString } from '../platform/ids';
import type { RouteTable } from '../platform/routing';
import { problems } from '../platform/problem';
import { actorFrom } from '../audit/service';
import { EXPORT_FORMATS, type ExportFormat, type TransferService } from './transfer-service';
import { importUpload, attachment, IMPORT_FIELDS } from './uploads';
import { ImportOptionsSchema, PastedImportSchema } from './forms';
import { importChoicesFrom } from './import-options';
import { IMPORT_FORMATS } from './model';

const BankParams = z.object({ bankId: ObjectIdString });
const JobParams = BankParams.extend({ jobId: ObjectIdString });

const ImportIssue = z.object({ row: z.number().optional(), column: z.string().optional(), cell: z.string().optional(), path: z.string().optional(), message: z.string(), messageEn: z.string() });
const ImportColumn = z.object({ column: z.number(), header: z.string(), field: z.string(), source: z.enum(['synonym', 'chosen', 'none']) });
const ImportReport = z.object({
  jobId: z.string(),
  status: z.enum(['rejected', 'ready', 'committing', 'committed', 'finalized', 'failed', 'expired']),
  format: z.enum(IMPORT_FORMATS),
  encoding: z.string().optional().describe('text formats (CSV, .txt): the encoding detected'),
  sheets: z.array(z.object({ sheet: z.string(), headerRow: z.number(), columns: z.array(ImportColumn), sample: z.array(z.object({ row: z.number(), cells: z.array(z.string()) })) })).optional().describe('mapped sheets and CSV: the column mapping used per sheet'),
  defaults: z.record(z.string(), z.string()).optional(),
  categories: z.array(z.object({ category: z.string(), items: z.number(), pointCode: z.string().optional() })).optional().describe('Moodle/GIFT: each category, its items and the appraisal point they get (map with repeated "category" fields `pointCode|category`; remembered per bank on commit)'),
  skipped: z.array(ImportIssue).optional().describe('what the file holds that the platform does not take (e.g. Moodle matching questions): reported and left out, not blocking'),
  fileName: z.string(),
  mode: z.enum(['draft', 'approved']),
  rows: z.number(),
  validRows: z.number(),
  additions: z.number(),
  updates: z.number(),
  errorCount: z.number(),
  errors: z.array(ImportIssue),
  unplaced: z.number().describe('valid items without an appraisal point (and no default): they come in as drafts (待指定鉴定点), coded UNPLACED-000001…, for a writer to place'),
  unplacedItems: z.array(ImportIssue).optional().describe('the first 1,000 of them, by row or path'),
  truncated: z.boolean(),
  canCommit: z.boolean(),
  result: z.object({ created: z.number(), updated: z.number(), unchanged: z.number(), conflicts: z.array(z.string()) }).optional(),
  failure: z.string().optional(),
  createdAt: z.string(),
});

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** Each export format's file name extension and content type. */
const EXPORT_FILES: Record<ExportFormat, { extension: string; contentType: string }> = {
  json: { extension: 'json', contentType: 'application/json; charset=utf-8' },
  xlsx: { extension: 'xlsx', contentType: XLSX },
  moodle: { extension: 'moodle.xml', contentType: 'application/xml; charset=utf-8' },
  gift: { extension: 'gift.txt', contentType: 'text/plain; charset=utf-8' },
  qti: { extension: 'qti3.zip', contentType: 'application/zip' },
};

export function registerTransferApi(routes: RouteTable, transfer: TransferService): void {
  routes.api(
    {
      method: 'post',
      path: '/api/v1/banks/:bankId/imports',
      permission: 'bank.transfer',
      summary: 'Import step 1, the dry run: upload an .xlsx (the template, or any sheet with a header row), .csv (UTF-8 or GB18030), .docx or .txt (the common Chinese paper layout) or a .json bank export; returns a row-by-row report and stages the valid items',
      description:
        'multipart/form-data with "file" and optional "mode" (draft, the default: items go through review; approved: items arrive approved, e.g. when migrating a reviewed bank). Other systems\' files: "map" (repeated, `field|header`: the column headed `header` feeds `field`; remembered per bank on commit), "category" (repeated, `pointCode|category`: a Moodle/GIFT category\'s items get that appraisal point), and defaults for empty cells: "defaultType", "defaultPoint", "defaultLevels", "defaultDifficulty" (else 3), "defaultPoints", "binary" (one-is-true or one-is-false: what 1 means in a 0/1 answer). The file\'s content decides how it is read; an extension that lies is refused (422). Nothing is written to the bank until the commit.',
      tags: ['import-export'],
      params: BankParams,
      authorize: (ctx) => transfer.assertCanImport(ctx.principal, ctx.params.bankId),
      upload: { field: 'file', fields: IMPORT_FIELDS },
      parsers: [importUpload()],
      responses: { 201: { description: 'the dry-run report', schema: ImportReport } },
    },
    async (ctx) => {
      const file = (ctx.req as { file?: { path: string; originalname: string } }).file;
      if (!file) throw problems.validation([{ path: 'body.file', message: 'attach the file to import' }]);
      const parsed = ImportOptionsSchema.safeParse(ctx.req.body ?? {});
      if (!parsed.success) throw problems.validation(parsed.error.issues.map((i) => ({ path: `body.${i.path.join('.')}`, message: i.message })));
      const report = await transfer.dryRun(ctx.principal, ctx.params.bankId, { path: file.path, originalName: Buffer.from(file.originalname, 'latin1').toString('utf8') }, parsed.data.mode, actorFrom(ctx), importChoicesFrom(parsed.data));
      ctx.res.status(201).location(`/api/v1/banks/${ctx.params.bankId}/imports/${report.jobId}`);
      return report;
    },
  );
  routes.api(
    {
      method: 'post',
      path: '/api/v1/banks/:bankId/imports/text',
      permission: 'bank.transfer',
      summary: 'Import step 1 for pasted text in the common Chinese paper layout (一、单项选择题 / 1. … / A. … / 答案：…): the same dry run as a .txt upload',
      tags: ['import-export'],
      params: BankParams,
      body: PastedImportSchema,
      responses: { 201: { description: 'the dry-run report', schema: ImportReport } },
    },
    async (ctx) => {
      const { text, ...options } = ctx.body;
      const report = await transfer.dryRunText(ctx.principal, ctx.params.bankId, text, options.mode, actorFrom(ctx), importChoicesFrom(options));
      ctx.res.status(201).location(`/api/v1/banks/${ctx.params.bankId}/imports/${report.jobId}`);
      return report;
    },
  );
  routes.api(
    { method: 'get', path: '/api/v1/banks/:bankId/imports', permission: 'bank.transfer', summary: 'Recent imports of a bank', tags: ['import-export'], params: BankParams, responses: { 200: { description: 'imports', schema: z.object({ items: z.array(ImportReport) }) } } },
    async (ctx) => ({ items: await transfer.listJobs(ctx.principal, ctx.params.bankId) }),
  );
  routes.api(
    { method: 'get', path: '/api/v1/banks/:bankId/imports/:jobId', permission: 'bank.transfer', summary: 'One import and its report', tags: ['import-export'], params: JobParams, responses: { 200: { description: 'the report', schema: ImportReport } } },
    (ctx) => transfer.getJob(ctx.principal, ctx.params.bankId, ctx.params.jobId),
  );
  routes.api(
    {
      method: 'post',
      path: '/api/v1/banks/:bankId/imports/:jobId/commit',
      permission: 'bank.transfer',
      summary: 'Import step 2: write everything the dry run staged, or nothing (409 when the dry run found errors)',
      tags: ['import-export'],
      params: JobParams,
      responses: { 200: { description: 'the finished import', schema: ImportReport }, 409: { description: 'the dry run found errors, or the import was committed already' } },
    },
    (ctx) => transfer.commit(ctx.principal, ctx.params.bankId, ctx.params.jobId, actorFrom(ctx)),
  );
  routes.api(
    {
      method: 'get',
      path: '/api/v1/banks/:bankId/export',
      permission: 'bank.transfer',
      summary: 'Download the bank (latest or approved versions) as JSON, xlsx, Moodle XML, GIFT or a QTI 3.0 content package; audited',
      tags: ['import-export'],
      params: BankParams,
      query: z.object({ format: z.enum(EXPORT_FORMATS).default('json'), which: z.enum(['latest', 'approved']).default('latest') }),
      responses: { 200: { description: 'the export file', contentType: 'application/json' } },
    },
    async (ctx) => {
      const stamp = new Date().toISOString().slice(0, 10);
      attachment(ctx.res, `bank-${ctx.params.bankId}-${ctx.query.which}-${stamp}.${EXPORT_FILES[ctx.query.format].extension}`, EXPORT_FILES[ctx.query.format].contentType);
      await transfer.exportBank(ctx.principal, ctx.params.bankId, ctx.query.format, ctx.query.which, ctx.res, actorFrom(ctx));
    },
  );
  routes.api(
    {
      method: 'get',
      path: '/api/v1/banks/:bankId/releases/:releaseId/export',
      permission: 'bank.transfer',
      summary: 'Download a release (its pinned versions) as JSON, xlsx, Moodle XML, GIFT or a QTI 3.0 content package; audited',
      tags: ['import-export'],
      params: BankParams.extend({ releaseId: ObjectIdString }),
      query: z.object({ format: z.enum(EXPORT_FORMATS).default('json') }),
      responses: { 200: { description: 'the export file', contentType: 'application/json' } },
    },
    async (ctx) => {
      attachment(ctx.res, await transfer.releaseFileName(ctx.principal, ctx.params.bankId, ctx.params.releaseId, EXPORT_FILES[ctx.query.format].extension), EXPORT_FILES[ctx.query.format].contentType);
      await transfer.exportRelease(ctx.principal, ctx.params.bankId, ctx.params.releaseId, ctx.query.format, ctx.res, actorFrom(ctx));
    },
  );
  routes.api(
    { method: 'get', path: '/api/v1/import-template.xlsx', permission: 'bank.transfer', summary: 'The blank Excel import template (with 填写说明 and one example per type)', tags: ['import-export'], responses: { 200: { description: 'xlsx', contentType: XLSX } } },
    async (ctx) => {
      attachment(ctx.res, '试题导入模板.xlsx', XLSX);
      await transfer.writeTemplate(ctx.res);
    },
  );
}
