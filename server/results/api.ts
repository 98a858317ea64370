import { z } from 'zod';
import { IdParams } from '../platform/ids';
import type { RouteTable } from '../platform/routing';
import { actorFrom } from '../audit/service';
import type { ResultCertificates } from './issuing';
import type { ResultsService } from './service';
import type { RegradeService } from './regrade';
import { CandidateParams, CorrectionInputSchema, RegradeApplySchema, RegradeInputSchema } from './schemas';

const Json = z.record(z.string(), z.unknown());
const VersionView = z.object({ version: z.number(), kind: z.string(), reason: z.string(), approvedByName: z.string(), createdAt: z.string(), parts: z.array(Json), overall: z.string(), overallName: z.string() });

export function registerResultsApi(routes: RouteTable, results: ResultsService, regrades: RegradeService, issuing: ResultCertificates): void {
  routes.api(
    {
      method: 'post',
      path: '/api/v1/sessions/:id/certificates',
      permission: 'certificates.issue',
      summary: '发证 from the published results of the session’s 鉴定批次: one certificate per person, occupation and level for each who passed; issuing again is refused per person',
      tags: ['results', 'certificates'],
      params: IdParams,
      responses: { 200: { description: 'issued, already issued and refused, by candidate', schema: z.object({ batch: z.string(), passed: z.number(), issued: z.array(z.object({ name: z.string(), admissionNo: z.string(), number: z.string() })), alreadyIssued: z.array(z.object({ name: z.string(), admissionNo: z.string() })), refused: z.array(z.object({ name: z.string(), admissionNo: z.string(), reason: z.string() })) }) }, 409: { description: 'results not published, or nobody passed' } },
    },
    (ctx) => issuing.issueForBatch(ctx.principal, ctx.params.id, actorFrom(ctx)),
  );
  routes.api(
    {
      method: 'get',
      path: '/api/v1/sessions/:id/results',
      permission: 'results.view',
      summary: 'Results of the session’s 鉴定批次: per candidate the theory, skill and review scores, each part’s pass, the overall pass, absent or void; what still blocks publishing',
      tags: ['results'],
      params: IdParams,
      responses: { 200: { description: 'the batch’s results (published versions once published)', schema: Json } },
    },
    (ctx) => results.results(ctx.principal, ctx.params.id),
  );
  routes.api(
    {
      method: 'post',
      path: '/api/v1/sessions/:id/results/publish',
      permission: 'results.manage',
      summary: 'Publish the batch’s results (once); refused, with what is missing, while a part is unmarked or unsigned',
      tags: ['results'],
      params: IdParams,
      responses: { 200: { description: 'the published results', schema: Json }, 409: { description: 'incomplete parts, or published already' } },
    },
    (ctx) => results.publish(ctx.principal, ctx.params.id, actorFrom(ctx)),
  );
  routes.api(
    {
      method: 'get',
      path: '/api/v1/sessions/:id/results/:candidateId',
      permission: 'results.view',
      summary: 'Every version of one candidate’s published result, newest first',
      tags: ['results'],
      params: CandidateParams,
      responses: { 200: { description: 'the history', schema: z.object({ name: z.string(), admissionNo: z.string(), versions: z.array(VersionView) }) } },
    },
    (ctx) => results.history(ctx.principal, ctx.params.id, ctx.params.candidateId),
  );
  routes.api(
    {
      method: 'post',
      path: '/api/v1/sessions/:id/results/:candidateId/corrections',
      permission: 'results.manage',
      summary: 'Correct (更正) or re-check (复核) a published result: a new version with the part scores, reason and approver; the old version stays',
      tags: ['results'],
      params: CandidateParams,
      body: CorrectionInputSchema,
      responses: { 201: { description: 'the new version', schema: VersionView }, 409: { description: 'not published, or a newer version exists' } },
    },
    async (ctx) => {
      const version = await results.correct(ctx.principal, ctx.params.id, ctx.params.candidateId, ctx.body, actorFrom(ctx));
      ctx.res.status(201);
      return version;
    },
  );
  routes.api(
    {
      method: 'post',
      path: '/api/v1/sessions/:id/regrades/preview',
      permission: 'results.manage',
      summary: 'Preview a regrade after an item’s key was corrected: every affected attempt with its old and new score, and the digest to apply it with',
      tags: ['results'],
      params: IdParams,
      body: RegradeInputSchema,
      responses: { 200: { description: 'the preview', schema: Json } },
    },
    (ctx) => regrades.preview(ctx.principal, ctx.params.id, ctx.body),
  );
  routes.api(
    {
      method: 'post',
      path: '/api/v1/sessions/:id/regrades',
      permission: 'results.manage',
      summary: 'Apply a previewed regrade: new attempt scores pinned to the new item version, audited, and new result versions where published',
      tags: ['results'],
      params: IdParams,
      body: RegradeApplySchema,
      responses: { 201: { description: 'what was applied', schema: Json }, 409: { description: 'scores changed since the preview' } },
    },
    async (ctx) => {
      const applied = await regrades.apply(ctx.principal, ctx.params.id, ctx.body, actorFrom(ctx));
      ctx.res.status(201);
      return applied;
    },
  );
  routes.api(
    {
      method: 'get',
      path: '/api/v1/me/results',
      permission: 'candidate',
      summary: 'The signed-in candidate’s published result and its versions',
      tags: ['results'],
      responses: { 200: { description: 'the result, or published: false', schema: Json } },
    },
    (ctx) => results.candidateResult(ctx.principal),
  );
}
