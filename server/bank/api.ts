import { localiseFieldErrors } from '../i18n/validation';
import { localeOf } from '../i18n/negotiate';
import { z } from 'zod';
import { ObjectIdString } from '../platform/ids';
import type { RouteTable } from '../platform/routing';
import { PageQuerySchema, pageSchema } from '../platform/pagination';
import { actorFrom } from '../audit/service';
import { BankService, CreateBankSchema, ItemListQuerySchema, REVIEW_CHECKS } from './service';
import { BankViewSchema, ItemDetailSchema, ItemSummarySchema, ReleaseProgressViewSchema, ReleaseViewSchema } from './views';
import type { Transition } from './workflow';
import { contentFromEditor, type EditorFields } from './editor-form';
import { checkItemContent, stemPlainText } from './content';
import { renderItem } from './render';
import { questionTypes } from '../question-types';
import { HttpProblem } from '../platform/problem';
import { singleFileUpload } from '../platform/upload';
import { MAX_MEDIA_BYTES, type MediaService } from './media';

const BankParams = z.object({ bankId: ObjectIdString });
const ItemParams = z.object({ id: ObjectIdString });
const VersionParams = ItemParams.extend({ version: z.coerce.number().int().min(1) });
const ReleaseParams = BankParams.extend({ releaseId: ObjectIdString });

const BankView = BankViewSchema;
const ItemSummary = ItemSummarySchema;
const ItemDetail = ItemDetailSchema;
const ReleaseView = ReleaseViewSchema;

const imageUpload = singleFileUpload({ field: 'file', fields: [], maxBytes: MAX_MEDIA_BYTES });

export function registerBankApi(routes: RouteTable, bank: BankService, media: MediaService): void {
  routes.api(
    {
      method: 'post',
      path: '/api/v1/banks/:bankId/media',
      permission: 'items.write',
      summary: 'Upload an image for item rich text (PNG, JPEG, GIF, WebP; at most 2 MiB); multipart field "file"',
      tags: ['items'],
      params: BankParams,
      authorize: (ctx) => bank.bankFor(ctx.principal, ctx.params.bankId, 'items.write'),
      upload: { field: 'file' },
      parsers: [imageUpload],
      responses: { 201: { description: 'stored', schema: z.object({ id: z.string(), url: z.string(), contentType: z.string(), size: z.number() }) } },
    },
    async (ctx) => {
      const stored = await media.upload(ctx.principal, ctx.params.bankId, (ctx.req as { file?: { buffer: Buffer } }).file?.buffer, actorFrom(ctx));
      ctx.res.status(201);
      return stored;
    },
  );
  routes.api(
    { method: 'post', path: '/api/v1/banks', permission: 'banks.manage', summary: 'Create a national bank, or a provincial/industry sub-bank of one', tags: ['banks'], body: CreateBankSchema, responses: { 201: { description: 'created', schema: BankView } } },
    async (ctx) => {
      const created = await bank.createBank(ctx.body, actorFrom(ctx));
      ctx.res.status(201).location(`/api/v1/banks/${created.id}`);
      return created;
    },
  );
  routes.api(
    {
      method: 'get',
      path: '/api/v1/banks',
      permission: 'bank.view',
      summary: 'Banks you can see',
      tags: ['banks'],
      query: PageQuerySchema.extend({ occupation: z.string().optional() }),
      responses: { 200: { description: 'a page of banks', schema: pageSchema(BankView) } },
    },
    (ctx) => bank.listBanks(ctx.principal, ctx.query),
  );
  routes.api(
    { method: 'get', path: '/api/v1/banks/:bankId', permission: 'bank.view', summary: 'One bank', tags: ['banks'], params: BankParams, responses: { 200: { description: 'the bank', schema: BankView } } },
    (ctx) => bank.getBank(ctx.principal, ctx.params.bankId),
  );
  routes.api(
    {
      method: 'get',
      path: '/api/v1/banks/:bankId/items',
      permission: 'bank.view',
      summary: 'Search and list items (filter by point, type, level, status, text); stems only for readers of item bodies',
      tags: ['items'],
      params: BankParams,
      query: ItemListQuerySchema,
      responses: { 200: { description: 'a page of items', schema: pageSchema(ItemSummary) } },
    },
    (ctx) => bank.listItems(ctx.principal, ctx.params.bankId, ctx.query),
  );
  routes.api(
    {
      method: 'post',
      path: '/api/v1/banks/:bankId/items',
      permission: 'items.write',
      summary: 'Write a new item (version 1, draft); the code is derived from its appraisal point',
      tags: ['items'],
      params: BankParams,
      body: z.unknown().describe('item content; see question-bank-schema/item.schema.json'),
      bodyDoc: questionTypes.contentSchema(),
      responses: { 201: { description: 'created', schema: ItemDetail } },
    },
    async (ctx) => {
      const created = await bank.createItem(ctx.principal, ctx.params.bankId, ctx.body, actorFrom(ctx));
      ctx.res.status(201).location(`/api/v1/items/${created.id}`);
      return created;
    },
  );
  routes.api(
    {
      method: 'post',
      path: '/api/v1/banks/:bankId/items/preview',
      permission: 'items.write',
      summary: 'Render editor fields as the candidate will see them (sanitised), with the most similar stems of the same point (查重); writes nothing',
      tags: ['items'],
      params: BankParams,
      query: z.object({ except: ObjectIdString.optional().catch(undefined) }),
      body: z.record(z.string(), z.union([z.string(), z.array(z.string())])),
      responses: {
        200: {
          description: 'the rendered item, or the problems that stop it, and the similar stems',
          schema: z.object({ html: z.string(), errors: z.array(z.object({ path: z.string(), message: z.string() })), similar: z.array(z.object({ id: z.string(), code: z.string(), stem: z.string(), similarity: z.number() })) }),
        },
      },
    },
    async (ctx) => {
      const bankDoc = await bank.bankFor(ctx.principal, ctx.params.bankId, 'items.write');
      const { points } = await bank.pointsOf(bankDoc);
      try {
        const content = checkItemContent(contentFromEditor(ctx.body as EditorFields), points, 'field');
        const similar = await bank.similarToDraft(bankDoc._id, content.pointCode, stemPlainText(content), ctx.query.except);
        return { html: renderItem(content, { withKey: true }), errors: [], similar };
      } catch (error) {
        if (error instanceof HttpProblem && (error.status === 400 || error.status === 422)) return { html: '', errors: localiseFieldErrors((error.errors ?? []).map((e) => ({ ...e, path: e.path.replace(/^field\./, '') })), localeOf(ctx.res)).map(({ path, message }) => ({ path, message })), similar: [] };
        throw error;
      }
    },
  );
  routes.api(
    {
      method: 'get',
      path: '/api/v1/items/:id',
      permission: 'items.read',
      summary: 'An item with one version of its content (the latest unless ?version=) and its history; audited',
      tags: ['items'],
      params: ItemParams,
      query: z.object({ version: z.coerce.number().int().min(1).optional() }),
      responses: { 200: { description: 'the item', schema: ItemDetail } },
    },
    (ctx) => bank.getItem(ctx.principal, ctx.params.id, ctx.query.version, actorFrom(ctx)),
  );
  routes.api(
    {
      method: 'put',
      path: '/api/v1/items/:id',
      permission: 'items.write',
      summary: 'Save an edit as a new draft version on top of baseVersion (409 when it is not the latest)',
      tags: ['items'],
      params: ItemParams,
      body: z.object({ baseVersion: z.number().int().min(1), content: z.unknown() }),
      bodyDoc: z.object({ baseVersion: z.number().int().min(1), content: questionTypes.contentSchema() }),
      responses: { 200: { description: 'the new version', schema: ItemDetail } },
    },
    (ctx) => bank.editItem(ctx.principal, ctx.params.id, ctx.body.content, ctx.body.baseVersion, actorFrom(ctx)),
  );
  routes.api(
    {
      method: 'get',
      path: '/api/v1/items/:id/compare',
      permission: 'items.read',
      summary: 'Two versions side by side (for a diff); audited',
      tags: ['items'],
      params: ItemParams,
      query: z.object({ from: z.coerce.number().int().min(1), to: z.coerce.number().int().min(1) }),
      responses: { 200: { description: 'both versions', schema: z.object({ item: ItemSummary, left: ItemDetail, right: ItemDetail }) } },
    },
    (ctx) => bank.compareVersions(ctx.principal, ctx.params.id, ctx.query.from, ctx.query.to, actorFrom(ctx)),
  );
  const transitions: Array<{ name: Transition; permission: 'items.write' | 'items.review'; summary: string }> = [
    { name: 'submit', permission: 'items.write', summary: 'Submit a draft version for review' },
    { name: 'withdraw', permission: 'items.write', summary: 'Withdraw a submitted version (to edit it again)' },
    { name: 'approve', permission: 'items.review', summary: 'Approve a submitted version (not your own)' },
    { name: 'reject', permission: 'items.review', summary: 'Reject a submitted version with a comment (not your own)' },
  ];
  for (const t of transitions) {
    routes.api(
      {
        method: 'post',
        path: `/api/v1/items/:id/versions/:version/${t.name}`,
        permission: t.permission,
        summary: t.summary,
        tags: ['workflow'],
        params: VersionParams,
        body: z.object({ comment: z.string().trim().max(2000).optional(), checklist: z.array(z.enum(REVIEW_CHECKS)).max(REVIEW_CHECKS.length).optional().describe('review checklist items ticked (approve/reject)') }).default({}),
        responses: { 200: { description: 'the item after the transition', schema: ItemDetail }, 409: { description: 'not allowed from the current state' } },
      },
      (ctx) => bank.transition(ctx.principal, ctx.params.id, ctx.params.version, t.name, ctx.body.comment, actorFrom(ctx), ctx.body.checklist ?? []),
    );
  }
  routes.api(
    {
      method: 'post',
      path: '/api/v1/items/:id/retire',
      permission: 'items.retire',
      summary: 'Retire an item: it leaves future releases; past releases keep it',
      tags: ['workflow'],
      params: ItemParams,
      body: z.object({ reason: z.string().trim().min(1).max(500) }),
      responses: { 200: { description: 'the retired item', schema: ItemSummary } },
    },
    (ctx) => bank.retireItem(ctx.principal, ctx.params.id, ctx.body.reason, actorFrom(ctx)),
  );
  routes.api(
    {
      method: 'get',
      path: '/api/v1/review-queue',
      permission: 'items.review',
      summary: 'Versions awaiting your review (others’ submissions in your banks), oldest first',
      tags: ['workflow'],
      query: PageQuerySchema.extend({ bankId: ObjectIdString.optional() }),
      responses: { 200: { description: 'a page of items', schema: pageSchema(ItemSummary.extend({ bankCode: z.string() })) } },
    },
    (ctx) => bank.reviewQueue(ctx.principal, ctx.query),
  );
  routes.api(
    {
      method: 'post',
      path: '/api/v1/banks/:bankId/releases',
      permission: 'releases.publish',
      summary: 'Publish an immutable release of the approved item versions, with release notes',
      tags: ['releases'],
      params: BankParams,
      body: z.object({ comment: z.string().trim().max(2000).default('') }).default({ comment: '' }),
      responses: { 201: { description: 'published', schema: ReleaseView }, 409: { description: 'nothing approved, or a publication is in progress' } },
    },
    async (ctx) => {
      const release = await bank.publishRelease(ctx.principal, ctx.params.bankId, ctx.body.comment, actorFrom(ctx));
      ctx.res.status(201).location(`/api/v1/banks/${ctx.params.bankId}/releases/${release.id}`);
      return release;
    },
  );
  routes.api(
    {
      method: 'get',
      path: '/api/v1/banks/:bankId/release-progress',
      permission: 'releases.publish',
      summary: 'The release being published right now and how far it has got (rows written of all), or null',
      tags: ['releases'],
      params: BankParams,
      responses: { 200: { description: 'the build in progress, or null', schema: ReleaseProgressViewSchema } },
    },
    (ctx) => bank.buildProgress(ctx.principal, ctx.params.bankId),
  );
  routes.api(
    { method: 'get', path: '/api/v1/banks/:bankId/releases', permission: 'bank.view', summary: 'Releases of a bank, newest first', tags: ['releases'], params: BankParams, query: PageQuerySchema, responses: { 200: { description: 'a page of releases', schema: pageSchema(ReleaseView) } } },
    (ctx) => bank.listReleases(ctx.principal, ctx.params.bankId, ctx.query),
  );
  routes.api(
    { method: 'get', path: '/api/v1/banks/:bankId/releases/:releaseId', permission: 'bank.view', summary: 'One release with its notes', tags: ['releases'], params: ReleaseParams, responses: { 200: { description: 'the release', schema: ReleaseView } } },
    (ctx) => bank.getRelease(ctx.principal, ctx.params.bankId, ctx.params.releaseId),
  );
}
