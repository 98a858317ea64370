import { z } from 'zod';
import { ObjectIdString, IdParams } from '../platform/ids';
import type { RouteTable } from '../platform/routing';
import { PageQuerySchema, pageSchema } from '../platform/pagination';
import { actorFrom } from '../audit/service';
import { LevelSchema } from '../standards/schemas';
import type { AssemblyService } from './service';
import { BlueprintViewSchema, FeasibilitySchema, PaperViewSchema } from './views';

const Feasibility = FeasibilitySchema;
const BlueprintView = BlueprintViewSchema;
const PaperView = PaperViewSchema;

export function registerAssemblyApi(routes: RouteTable, assembly: AssemblyService): void {
  routes.api(
    {
      method: 'get',
      path: '/api/v1/blueprints',
      permission: 'bank.view',
      summary: 'Blueprints (组卷方案) of a bank',
      tags: ['assembly'],
      query: z.object({ bankId: ObjectIdString }),
      responses: { 200: { description: 'blueprints', schema: z.object({ items: z.array(BlueprintView) }) } },
    },
    async (ctx) => ({ items: await assembly.listBlueprints(ctx.principal, ctx.query.bankId) }),
  );
  routes.api(
    {
      method: 'get',
      path: '/api/v1/blueprints/default',
      permission: 'bank.view',
      summary: 'The default blueprint of a level, derived from the standard by the largest-remainder method (not saved)',
      tags: ['assembly'],
      query: z.object({ bankId: ObjectIdString, level: z.coerce.number().pipe(LevelSchema), part: z.enum(['theory', 'skill']).default('theory') }),
      responses: { 200: { description: 'the blueprint', schema: z.record(z.string(), z.unknown()) } },
    },
    (ctx) => assembly.defaultBlueprint(ctx.principal, ctx.query.bankId, ctx.query.level, ctx.query.part),
  );
  routes.api(
    {
      method: 'post',
      path: '/api/v1/blueprints',
      permission: 'blueprints.manage',
      summary: 'Save a blueprint; it is checked against a release (the latest by default) and every short cell is reported with what it needs and what is available',
      tags: ['assembly'],
      body: z.object({ bankId: ObjectIdString }).passthrough(),
      responses: { 201: { description: 'saved, with its feasibility report', schema: z.object({ blueprint: BlueprintView, feasibility: Feasibility }) } },
    },
    async (ctx) => {
      const { bankId, ...input } = ctx.body;
      const result = await assembly.createBlueprint(ctx.principal, bankId, input, actorFrom(ctx));
      ctx.res.status(201).location(`/api/v1/blueprints/${result.blueprint.id}`);
      return result;
    },
  );
  routes.api(
    { method: 'get', path: '/api/v1/blueprints/:id', permission: 'bank.view', summary: 'One blueprint', tags: ['assembly'], params: IdParams, responses: { 200: { description: 'the blueprint', schema: BlueprintView } } },
    (ctx) => assembly.getBlueprint(ctx.principal, ctx.params.id),
  );
  routes.api(
    {
      method: 'put',
      path: '/api/v1/blueprints/:id',
      permission: 'blueprints.manage',
      summary: 'Replace a blueprint (compare-and-set on revision); re-checked for feasibility',
      tags: ['assembly'],
      params: IdParams,
      body: z.object({ revision: z.number().int().min(1) }).passthrough(),
      responses: { 200: { description: 'saved', schema: z.object({ blueprint: BlueprintView, feasibility: Feasibility }) }, 409: { description: 'changed since that revision' } },
    },
    (ctx) => {
      const { revision, ...input } = ctx.body;
      return assembly.updateBlueprint(ctx.principal, ctx.params.id, input, revision, actorFrom(ctx));
    },
  );
  routes.api(
    {
      method: 'post',
      path: '/api/v1/blueprints/:id/feasibility',
      permission: 'bank.view',
      summary: 'Check a blueprint against a release for N forms (A/B卷: 2) without drawing',
      tags: ['assembly'],
      params: IdParams,
      body: z.object({ releaseId: ObjectIdString.optional(), forms: z.number().int().min(1).max(10).default(1) }).default({ forms: 1 }),
      responses: { 200: { description: 'the report', schema: Feasibility } },
    },
    async (ctx) => {
      const { doc, bankDoc } = await assembly.blueprintFor(ctx.principal, ctx.params.id, 'bank.view');
      return assembly.feasibility(bankDoc, doc.blueprint, ctx.body.releaseId, ctx.body.forms);
    },
  );
  routes.api(
    {
      method: 'post',
      path: '/api/v1/papers/preview',
      permission: 'papers.assemble',
      summary: 'Draw a paper without keeping it: the paper and its 试卷细目分析表 (target vs actual per function, scope, type, importance; mean facility)',
      tags: ['assembly'],
      body: z.object({ blueprintId: ObjectIdString, releaseId: ObjectIdString.optional(), seed: z.string().trim().min(1).max(200).optional() }),
      responses: { 200: { description: 'the paper and its analysis', schema: z.object({ paper: z.record(z.string(), z.unknown()), analysis: z.record(z.string(), z.unknown()), releaseId: z.string(), releaseNumber: z.number(), exposureSnapshotId: z.string() }) }, 422: { description: 'no paper can meet the blueprint; `infeasible` names each cell' } },
    },
    (ctx) => assembly.preview(ctx.principal, ctx.body, actorFrom(ctx)),
  );
  routes.api(
    {
      method: 'post',
      path: '/api/v1/papers',
      permission: 'papers.assemble',
      summary: 'Draw and keep a paper (一人一卷) or parallel forms (forms: 2 for A/B卷, sharing no item by default)',
      tags: ['assembly'],
      body: z.object({
        blueprintId: ObjectIdString,
        releaseId: ObjectIdString.optional(),
        seed: z.string().trim().min(1).max(200).optional(),
        forms: z.number().int().min(1).max(10).default(1),
        maxSharedFraction: z.number().min(0).max(1).default(0),
        label: z.string().trim().max(120).optional(),
      }),
      responses: { 201: { description: 'the papers', schema: z.object({ items: z.array(PaperView) }) }, 422: { description: 'no paper (or set of forms) can meet the blueprint' } },
    },
    async (ctx) => {
      const papers = await assembly.assemble(ctx.principal, ctx.body, actorFrom(ctx));
      ctx.res.status(201);
      return { items: papers };
    },
  );
  routes.api(
    {
      method: 'get',
      path: '/api/v1/banks/:bankId/papers',
      permission: 'papers.verify',
      summary: 'Papers drawn from a bank, newest first',
      tags: ['assembly'],
      params: z.object({ bankId: ObjectIdString }),
      query: PageQuerySchema,
      responses: { 200: { description: 'a page of papers', schema: pageSchema(PaperView) } },
    },
    (ctx) => assembly.listPapers(ctx.principal, ctx.params.bankId, ctx.query),
  );
  routes.api(
    { method: 'get', path: '/api/v1/papers/:id', permission: 'papers.verify', summary: 'One paper: release, blueprint snapshot, seed, items with versions and option permutations', tags: ['assembly'], params: IdParams, responses: { 200: { description: 'the paper', schema: PaperView } } },
    (ctx) => assembly.getPaper(ctx.principal, ctx.params.id),
  );
  routes.api(
    {
      method: 'get',
      path: '/api/v1/papers/:id/verify',
      permission: 'papers.verify',
      summary: 'Rebuild the paper from its seed and confirm it is identical; re-check every blueprint constraint',
      tags: ['assembly'],
      params: IdParams,
      responses: { 200: { description: 'the verification', schema: z.object({ paperId: z.string(), identical: z.boolean(), reason: z.string().optional(), differences: z.array(z.string()), violations: z.array(z.object({ code: z.string(), message: z.string() })), releaseUnchanged: z.boolean() }) } },
    },
    (ctx) => assembly.verify(ctx.principal, ctx.params.id, actorFrom(ctx)),
  );
}
