import express, { type Request, type Response, type NextFunction, type RequestHandler, type Router } from 'express';
import { z, type ZodType } from 'zod';
import { HttpProblem, fieldErrorsFromZod, problems, type FieldError } from './problem';
import type { Logger } from './logger';
import { labelOf, localiseFieldErrors } from '../i18n/validation';
import { t } from '../i18n/translate';
import type { Locale } from '../i18n/locale';
import { localeOf } from '../i18n/negotiate';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/**
 * What a route requires. `public` routes need nobody; `authenticated` needs a signed-in staff
 * member; `candidate` a signed-in candidate; any other string is an action from the identity
 * permission table.
 */
export type Permission = 'public' | 'authenticated' | 'candidate' | (string & { readonly __action?: never });

/** The signed-in party, as the access policy resolved it. */
export interface Principal {
  kind: 'staff' | 'candidate';
  id: string;
  displayName: string;
  roles: ReadonlyArray<{ role: string; scope: { type: string; id?: string } }>;
  tokenVersion: number;
}

export interface Authentication {
  principal: Principal;
  /** How the credential arrived: cookie-borne credentials need CSRF protection. */
  via: 'bearer' | 'cookie';
  tokenId: string;
}

/** Supplied by the identity capability; the router asks it who is calling and whether they may. */
export interface AccessPolicy {
  authenticate(req: Request): Promise<Authentication | null>;
  isAllowed(principal: Principal, permission: Permission): boolean;
  /** Throws an HttpProblem when a cookie-authenticated state change lacks a valid CSRF token. */
  checkCsrf(req: Request, auth: Authentication): void;
  /** The token pages embed in forms and the meta tag for cookie sessions. */
  csrfToken(auth: Authentication): string;
}

export interface ResponseDoc {
  description: string;
  schema?: ZodType;
  contentType?: string;
}

export interface RouteDefinition<P, Q, B> {
  method: HttpMethod;
  /** Full path from the server root, Express syntax: `/api/v1/users/:id`. */
  path: string;
  permission: Permission;
  summary: string;
  description?: string;
  tags?: string[];
  params?: ZodType<P>;
  query?: ZodType<Q>;
  body?: ZodType<B>;
  /** The body as documented when the service validates it itself (the same zod schema it uses). */
  bodyDoc?: ZodType;
  /** A multipart upload: the file's field and the form's other fields (documentation). */
  upload?: { field: string; fields?: readonly string[] };
  responses?: Record<number, ResponseDoc>;
  /** Middleware that runs before authentication (rate limits). */
  before?: RequestHandler[];
  /**
   * Scope check from the path alone (the bank of an upload), run after the permission check and
   * before CSRF and any parser, so nobody out of scope gets a body read.
   */
  authorize?: (ctx: { req: Request; principal: Principal; params: P }) => Promise<unknown>;
  /** Body parsers that run once the caller is authenticated, authorised and CSRF-checked (uploads). */
  parsers?: RequestHandler[];
}

export interface RouteContext<P, Q, B> {
  req: Request;
  res: Response;
  params: P;
  query: Q;
  body: B;
  /** Null only on `public` routes called anonymously. */
  auth: Authentication | null;
  log: Logger;
}

/** Same as RouteContext but for routes whose permission guarantees a principal. */
export interface AuthedContext<P, Q, B> extends RouteContext<P, Q, B> {
  auth: Authentication;
  principal: Principal;
}

/**
 * A page form, parsed with the route's zod `form` schema: the values, or the field errors
 * (one mapping, fieldErrorsFromZod) with the raw values to show the form again.
 */
export type FormResult<F> = { ok: true; data: F; raw: Record<string, unknown> } | { ok: false; errors: FieldError[]; raw: Record<string, unknown> };

export interface PageDefinition<P, Q, F> extends Omit<RouteDefinition<P, Q, unknown>, 'responses' | 'body'> {
  /** The form's schema: the handler gets `ctx.form`, valid values or field errors, never a bare body. */
  form?: ZodType<F>;
}

export interface RegisteredRoute {
  kind: 'api' | 'page';
  method: HttpMethod;
  path: string;
  permission: Permission;
  summary: string;
  description?: string;
  tags: string[];
  params?: ZodType;
  query?: ZodType;
  body?: ZodType;
  bodyDoc?: ZodType;
  upload?: { field: string; fields?: readonly string[] };
  responses: Record<number, ResponseDoc>;
}

const DECLARED = Symbol.for('skill-appraisal.declaredPermission');

type Handler<C> = (ctx: C) => unknown | Promise<unknown>;
type ContextFor<P, Q, B, Perm extends Permission> = Perm extends 'public' ? RouteContext<P, Q, B> : AuthedContext<P, Q, B>;

export interface PageRenderer {
  (res: Response, view: string, data?: Record<string, unknown>, status?: number): void;
}

/**
 * Collects every route of the app in one place. Routes can only be added with a declared
 * permission; `assertAllRoutesDeclared` later walks Express's own stack and refuses to start
 * if anything slipped in some other way. The same list feeds the OpenAPI document and the
 * authorisation-matrix test.
 */
export class RouteTable {
  readonly routes: RegisteredRoute[] = [];
  readonly router: Router = express.Router();

  constructor(
    private readonly policy: () => AccessPolicy,
    /** Extra template locals for a signed-in principal (navigation links, for instance). */
    private readonly localsFor: (auth: Authentication) => Record<string, unknown> = () => ({}),
  ) {}

  /** A JSON API route: the handler's return value is sent as JSON (status 200 unless set). */
  api<P = unknown, Q = unknown, B = unknown, Perm extends Permission = Permission>(
    def: RouteDefinition<P, Q, B> & { permission: Perm },
    handler: Handler<ContextFor<P, Q, B, Perm>>,
  ): void {
    this.add('api', def, handler as Handler<RouteContext<P, Q, B>>);
  }

  /** A server-rendered page route: the handler renders or redirects through ctx.res. */
  page<P = unknown, Q = unknown, F = Record<string, unknown>, Perm extends Permission = Permission>(
    def: PageDefinition<P, Q, F> & { permission: Perm },
    handler: Handler<ContextFor<P, Q, unknown, Perm> & { form: FormResult<F> }>,
  ): void {
    const { form, ...rest } = def;
    this.add('page', { ...rest, ...(form ? { body: form } : {}) }, handler as Handler<RouteContext<P, Q, unknown>>, form);
  }

  private add<P, Q, B>(kind: 'api' | 'page', def: RouteDefinition<P, Q, B>, handler: Handler<RouteContext<P, Q, B>>, form?: ZodType): void {
    if (!def.permission) throw new Error(`Route ${def.method.toUpperCase()} ${def.path} declares no permission`);
    if (this.routes.some((r) => r.method === def.method && r.path === def.path)) {
      throw new Error(`Route ${def.method.toUpperCase()} ${def.path} is declared twice`);
    }
    this.routes.push({
      kind,
      method: def.method,
      path: def.path,
      permission: def.permission,
      summary: def.summary,
      ...(def.description ? { description: def.description } : {}),
      tags: def.tags ?? [],
      ...(def.params ? { params: def.params } : {}),
      ...(def.query ? { query: def.query } : {}),
      ...(def.body ? { body: def.body } : {}),
      ...(def.bodyDoc ? { bodyDoc: def.bodyDoc } : {}),
      ...(def.upload ? { upload: def.upload } : {}),
      responses: def.responses ?? {},
    });

    const policy = this.policy;
    const localsFor = this.localsFor;
    const stateChanging = def.method !== 'get';
    const final: RequestHandler = async (req: Request, res: Response, next: NextFunction) => {
      try {
        const auth = await authenticateFor(policy(), req, def.permission);
        if (auth) {
          // What a signed-in caller sees (item bodies, keys, papers, personal data, /me) is never cached.
          res.set('Cache-Control', 'no-store');
          res.locals.currentUser = auth.principal;
          if (auth.via === 'cookie') res.locals.csrfToken = policy().csrfToken(auth);
          if (kind === 'page') Object.assign(res.locals, localsFor(auth));
        }
        if (def.permission !== 'public') {
          if (!auth) throw problems.unauthorized();
          if (!policy().isAllowed(auth.principal, def.permission)) throw problems.forbidden();
        }
        // Order: authenticate, permission, scope, CSRF, and only then read a body or upload.
        const params = parsePart(def.params, req.params, 'params');
        if (def.authorize && auth) await def.authorize({ req, principal: auth.principal, params: params as P });
        if (auth && stateChanging && auth.via === 'cookie') policy().checkCsrf(req, auth);
        for (const parser of def.parsers ?? []) {
          await new Promise<void>((resolve, reject) => parser(req, res, (error?: unknown) => (error ? reject(error) : resolve())));
        }
        const query = kind === 'page' ? parsePageQuery(def.query, req.query, res) : parsePart(def.query, req.query, 'query');
        const body = form ? req.body : parsePart(def.body, req.body, 'body');
        const ctx: AuthedContext<P, Q, B> & { form?: FormResult<unknown> } = {
          req,
          res,
          params: params as P,
          query: query as Q,
          body: body as B,
          auth: auth as Authentication,
          principal: auth?.principal as Principal,
          log: req.log,
          ...(kind === 'page' ? { form: parseFormBody(form, req.body, localeOf(res)) } : {}),
        };
        const result = await handler(ctx);
        if (kind === 'api' && result !== undefined && !res.headersSent) res.json(result);
      } catch (error) {
        next(error);
      }
    };
    Object.defineProperty(final, DECLARED, { value: def.permission });
    this.router[def.method](def.path, ...(def.before ?? []), final);
  }
}

/** A public route ignores a malformed or stale credential (answers as to anyone); others refuse it. */
async function authenticateFor(policy: AccessPolicy, req: Request, permission: Permission): Promise<Authentication | null> {
  try {
    return await policy.authenticate(req);
  } catch (error) {
    if (permission === 'public' && error instanceof HttpProblem && error.status === 401) return null;
    throw error;
  }
}

/** A page form's errors are phrased for the page's language, naming fields by label. */
function parseFormBody(schema: ZodType | undefined, value: unknown, locale: Locale): FormResult<unknown> {
  const raw = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  if (!schema) return { ok: true, data: raw, raw };
  const result = schema.safeParse(raw);
  return result.success ? { ok: true, data: result.data, raw } : { ok: false, errors: localiseFieldErrors(fieldErrorsFromZod(result.error), locale), raw };
}

/**
 * A page never fails on an odd query string (a filter typed by hand, an edited URL): a field
 * that does not parse is dropped, as if it had not been given, and the page says so inline
 * (`res.locals.queryNotices`, shown by the layout). Only a query that cannot parse even without
 * its bad fields is refused.
 */
function parsePageQuery(schema: ZodType | undefined, value: unknown, res: Response): unknown {
  if (!schema) return value;
  const given = { ...((value ?? {}) as Record<string, unknown>) };
  const first = schema.safeParse(given);
  if (first.success) return first.data;
  const errors = fieldErrorsFromZod(first.error);
  const dropped = new Set(errors.map((e) => e.path.split('.')[0] ?? '').filter((name) => name in given));
  for (const name of dropped) delete given[name];
  const second = schema.safeParse(given);
  if (!second.success || dropped.size === 0) throw problems.validation(fieldErrorsFromZod(second.success ? first.error : second.error, 'query'));
  const locale = localeOf(res);
  res.locals.queryNotices = [...dropped].map((name) => t(locale, 'validation.queryIgnored', { label: labelOf(name, locale) }));
  return second.data;
}

function parsePart(schema: ZodType | undefined, value: unknown, where: 'params' | 'query' | 'body'): unknown {
  if (!schema) return value;
  const result = schema.safeParse(value ?? (where === 'body' ? undefined : {}));
  if (result.success) return result.data;
  throw problems.validation(fieldErrorsFromZod(result.error, where));
}

interface StackLayer {
  route?: { path: string; methods: Record<string, boolean>; stack: Array<{ handle: unknown }> };
  handle?: { stack?: StackLayer[] };
}

/**
 * Deny by default, enforced: every route Express knows must have been added through a
 * RouteTable (which demands a permission). Throws at start-up naming any other route.
 */
export function assertAllRoutesDeclared(app: express.Express): void {
  const undeclared: string[] = [];
  const walk = (stack: StackLayer[]) => {
    for (const layer of stack) {
      if (layer.route) {
        const declared = layer.route.stack.some((l) => typeof l.handle === 'function' && DECLARED in (l.handle as object));
        if (!declared) {
          const methods = Object.keys(layer.route.methods).map((m) => m.toUpperCase()).join(',');
          undeclared.push(`${methods} ${layer.route.path}`);
        }
      } else if (layer.handle?.stack) {
        walk(layer.handle.stack);
      }
    }
  };
  const root = (app as unknown as { router?: { stack: StackLayer[] } }).router;
  walk(root?.stack ?? []);
  if (undeclared.length > 0) {
    throw new Error(`Routes without a declared permission (deny by default): ${undeclared.join('; ')}`);
  }
}

export { HttpProblem, z };
