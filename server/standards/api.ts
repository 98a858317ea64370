import { z } from 'zod';
import { IdParams } from '../platform/ids';
import type { RouteTable } from '../platform/routing';
import { PageQuerySchema, pageSchema } from '../platform/pagination';
import { actorFrom } from '../audit/service';
import { OccupationCodeSchema, OccupationSchema, StandardSchema } from './schemas';
import { OccupationViewSchema, StandardViewSchema, type StandardsService } from './service';

const CodeParams = z.object({ code: OccupationCodeSchema });
const OccupationView = OccupationViewSchema;
const StandardView = StandardViewSchema;

export function registerStandardsApi(routes: RouteTable, standards: StandardsService): void {
  routes.api(
    {
      method: 'get',
      path: '/api/v1/occupations',
      permission: 'standards.read',
      summary: 'Occupations of the national classification (search by code, name or alias)',
      tags: ['standards'],
      query: PageQuerySchema.extend({ q: z.string().trim().max(60).optional() }),
      responses: { 200: { description: 'a page of occupations', schema: pageSchema(OccupationView) } },
    },
    (ctx) => standards.listOccupations(ctx.query),
  );
  routes.api(
    { method: 'post', path: '/api/v1/occupations', permission: 'standards.manage', summary: 'Add an occupation', tags: ['standards'], body: OccupationSchema, responses: { 201: { description: 'created', schema: OccupationView } } },
    async (ctx) => {
      const created = await standards.createOccupation(ctx.body, actorFrom(ctx));
      ctx.res.status(201);
      return created;
    },
  );
  routes.api(
    { method: 'get', path: '/api/v1/occupations/:code', permission: 'standards.read', summary: 'One occupation', tags: ['standards'], params: CodeParams, responses: { 200: { description: 'the occupation', schema: OccupationView } } },
    (ctx) => standards.getOccupation(ctx.params.code),
  );
  routes.api(
    { method: 'put', path: '/api/v1/occupations/:code', permission: 'standards.manage', summary: 'Update an occupation (name, aliases, sub-trades, former codes)', tags: ['standards'], params: CodeParams, body: OccupationSchema, responses: { 200: { description: 'updated', schema: OccupationView } } },
    (ctx) => standards.updateOccupation(ctx.params.code, ctx.body, actorFrom(ctx)),
  );
  routes.api(
    {
      method: 'get',
      path: '/api/v1/standards',
      permission: 'standards.read',
      summary: 'National occupational skill standards',
      tags: ['standards'],
      query: z.object({ occupation: OccupationCodeSchema.optional() }),
      responses: { 200: { description: 'standards', schema: z.object({ items: z.array(StandardView) }) } },
    },
    async (ctx) => ({ items: await standards.listStandards(ctx.query.occupation) }),
  );
  routes.api(
    {
      method: 'post',
      path: '/api/v1/standards',
      permission: 'standards.manage',
      summary: 'Add a standard edition; refused when a weight column does not total 100 or the element table disagrees',
      tags: ['standards'],
      body: z.unknown(),
      bodyDoc: StandardSchema,
      responses: { 201: { description: 'created', schema: StandardView }, 400: { description: 'invalid; errors name each offending column or node' } },
    },
    async (ctx) => {
      const created = await standards.createStandard(ctx.body, actorFrom(ctx));
      ctx.res.status(201);
      return created;
    },
  );
  routes.api(
    { method: 'get', path: '/api/v1/standards/:id', permission: 'standards.read', summary: 'One standard with its weight and element tables', tags: ['standards'], params: IdParams, responses: { 200: { description: 'the standard', schema: StandardView } } },
    (ctx) => standards.getStandard(ctx.params.id),
  );
  routes.api(
    {
      method: 'put',
      path: '/api/v1/standards/:id',
      permission: 'standards.manage',
      summary: 'Replace a standard (compare-and-set on revision)',
      tags: ['standards'],
      params: IdParams,
      body: z.object({ revision: z.number().int().min(1), standard: z.unknown() }),
      bodyDoc: z.object({ revision: z.number().int().min(1), standard: StandardSchema }),
      responses: { 200: { description: 'updated', schema: StandardView }, 409: { description: 'changed since that revision' } },
    },
    (ctx) => standards.updateStandard(ctx.params.id, ctx.body.standard, ctx.body.revision, actorFrom(ctx)),
  );
}
