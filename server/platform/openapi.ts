import { z, type ZodType } from 'zod';
import type { RegisteredRoute, RouteTable } from './routing';

type JsonSchema = Record<string, unknown>;

const ProblemSchema: JsonSchema = {
  type: 'object',
  required: ['type', 'title', 'status'],
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    instance: { type: 'string' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        required: ['path', 'message'],
        properties: { path: { type: 'string' }, message: { type: 'string' }, code: { type: 'string' } },
      },
    },
  },
};

/**
 * `z.string().trim().min(1)` refuses "   ", which minLength alone allows: such strings also
 * get a pattern requiring a non-blank character, so the document is as strict as the check.
 */
function trimmedStrings(ctx: { zodSchema: unknown; jsonSchema: JsonSchema }): void {
  const def = (ctx.zodSchema as { _zod?: { def?: { type?: string; checks?: Array<{ _zod?: { def?: { check?: string } } }> } } })._zod?.def;
  if (def?.type !== 'string' || !def.checks?.some((c) => c._zod?.def?.check === 'overwrite')) return;
  if (typeof ctx.jsonSchema.minLength === 'number' && ctx.jsonSchema.minLength > 0 && ctx.jsonSchema.pattern === undefined) ctx.jsonSchema.pattern = '\\S';
}

function toSchema(schema: ZodType, io: 'input' | 'output'): JsonSchema {
  const json = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12', override: trimmedStrings }) as JsonSchema;
  delete json.$schema;
  return json;
}

function safeSchema(schema: ZodType, io: 'input' | 'output'): JsonSchema | undefined {
  try {
    return toSchema(schema, io);
  } catch {
    return undefined;
  }
}

function isSameType(a: JsonSchema, b: JsonSchema): boolean {
  return a.type === b.type;
}

function requestBodyOf(route: RegisteredRoute): JsonSchema | undefined {
  if (route.upload) {
    const properties: Record<string, JsonSchema> = { [route.upload.field]: { type: 'string', format: 'binary', contentMediaType: 'application/octet-stream' } };
    for (const field of route.upload.fields ?? []) properties[field] = { type: 'string', maxLength: 100 };
    return { required: true, content: { 'multipart/form-data': { schema: { type: 'object', required: [route.upload.field], properties, additionalProperties: false } } } };
  }
  const body = route.bodyDoc ?? route.body;
  return body ? { required: true, content: { 'application/json': { schema: toSchema(body, 'input') } } } : undefined;
}

function openApiPath(expressPath: string): string {
  return expressPath.replace(/:(\w+)/g, '{$1}');
}

function parametersOf(route: RegisteredRoute): JsonSchema[] {
  const parameters: JsonSchema[] = [];
  for (const [location, schema] of [
    ['path', route.params],
    ['query', route.query],
  ] as const) {
    if (!schema) continue;
    const json = toSchema(schema, 'input');
    // A coerced value (`z.coerce.number().pipe(LevelSchema)`) says what it accepts on its output
    // side: prefer that wherever it is representable, so the document is as strict as the check.
    const output = safeSchema(schema, 'output');
    const outputProperties = ((output?.properties ?? {}) as Record<string, JsonSchema>);
    const properties = Object.fromEntries(
      Object.entries((json.properties ?? {}) as Record<string, JsonSchema>).map(([name, input]) => {
        const out = outputProperties[name];
        const strict = out && Object.keys(out).some((k) => k !== 'description') && !('default' in input && !isSameType(input, out));
        return [name, strict ? { ...out, ...('default' in input ? { default: input.default } : {}), ...(input.description ? { description: input.description } : {}) } : input];
      }),
    );
    const required = new Set((json.required as string[] | undefined) ?? []);
    for (const [name, property] of Object.entries(properties)) {
      parameters.push({
        name,
        in: location,
        required: location === 'path' || required.has(name),
        schema: property,
        ...(typeof property.description === 'string' ? { description: property.description } : {}),
      });
    }
  }
  for (const match of route.path.matchAll(/:(\w+)/g)) {
    const name = match[1]!;
    if (!parameters.some((p) => p.in === 'path' && p.name === name)) {
      parameters.push({ name, in: 'path', required: true, schema: { type: 'string' } });
    }
  }
  return parameters;
}

function operationOf(route: RegisteredRoute): JsonSchema {
  const responses: Record<string, JsonSchema> = {};
  for (const [status, doc] of Object.entries(route.responses)) {
    responses[status] = {
      description: doc.description,
      ...(doc.schema || doc.contentType
        ? { content: { [doc.contentType ?? 'application/json']: doc.schema ? { schema: toSchema(doc.schema, 'output') } : {} } }
        : {}),
    };
  }
  if (!responses['200'] && !responses['201'] && !responses['204']) responses['200'] = { description: 'Success' };
  responses.default = {
    description: 'An error, as RFC 9457 problem details',
    content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
  };
  const security = route.permission === 'public' ? [] : [{ bearerAuth: [] }, { cookieAuth: [] }];
  return {
    summary: route.summary,
    ...(route.description ? { description: route.description } : {}),
    tags: route.tags,
    operationId: `${route.method}${route.path.replace(/[^a-zA-Z0-9]+(\w)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ''))}`,
    'x-permission': route.permission,
    security,
    parameters: parametersOf(route),
    ...(requestBodyOf(route) ? { requestBody: requestBodyOf(route) } : {}),
    responses,
  };
}

/** Builds the OpenAPI 3.1 document from the same zod schemas that validate requests. */
export function buildOpenApiDocument(routes: RouteTable, info: { version: string; serverUrl?: string }): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const route of routes.routes) {
    if (route.kind !== 'api') continue;
    const p = openApiPath(route.path);
    paths[p] ??= {};
    paths[p][route.method] = operationOf(route);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Vocational skill appraisal platform API',
      version: info.version,
      description:
        'JSON API of the question-bank and online examination platform. Errors are application/problem+json (RFC 9457). ' +
        'Each operation names the permission it requires in x-permission.',
    },
    ...(info.serverUrl ? { servers: [{ url: info.serverUrl }] } : {}),
    paths,
    components: {
      schemas: { Problem: ProblemSchema },
      securitySchemes: {
        bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
        cookieAuth: { type: 'apiKey', in: 'cookie', name: 'session' },
      },
    },
  };
}
