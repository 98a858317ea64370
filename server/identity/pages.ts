import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import { IdParams } from '../platform/ids';
import { z } from 'zod';
import type { RouteTable } from '../platform/routing';
import { HttpProblem, type FieldError } from '../platform/problem';
import { PageQuerySchema, clampedPage, pagerOf } from '../platform/pagination';
import { confirmed, formErrorsOf } from '../platform/forms';
import { t } from '../i18n/translate';
import { localeOf } from '../i18n/negotiate';
import type { Locale } from '../i18n/locale';
import { actorFrom } from '../audit/service';
import { landingFor } from '../navigation';
import { CreateUserSchema, type IdentityService } from './service';
import { ALLOWED_SCOPES, ROLES, RoleGrantSchema, RoleSchema, SCOPE_TYPES, type RoleGrant } from './roles';
import { PasswordSchema } from './passwords';
import { SESSION_COOKIE } from './policy';
import { scopeChoices } from './scopes';
import { fieldErrorsByName } from '../platform/forms';


/** Only same-site paths are followed after sign-in (no open redirects). */
function safeNext(next: unknown): string | undefined {
  return typeof next === 'string' && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : undefined;
}

/**
 * Login CSRF, double-submit: the sign-in page sets a random value in a SameSite=Strict cookie and
 * in the form; a post is accepted only when both arrive and match. A cross-site form cannot
 * read the value, and its request does not carry the cookie.
 */
const LOGIN_CSRF_COOKIE = 'login_csrf';

/** Sets (or keeps) the login-CSRF cookie for a sign-in form at `path`; returns the form's value. */
export function issueLoginCsrf(req: Request, res: Response, path = '/login'): string {
  const existing = (req.cookies as Record<string, string> | undefined)?.[LOGIN_CSRF_COOKIE];
  const value = existing && /^[A-Za-z0-9_-]{32,64}$/.test(existing) ? existing : randomBytes(24).toString('base64url');
  res.cookie(LOGIN_CSRF_COOKIE, value, { httpOnly: true, sameSite: 'strict', secure: req.secure, path, maxAge: 2 * 3600 * 1000 });
  return value;
}

export function loginCsrfMatches(req: Request, presented: unknown): boolean {
  const expected = (req.cookies as Record<string, string> | undefined)?.[LOGIN_CSRF_COOKIE];
  if (typeof presented !== 'string' || !expected) return false;
  const given = Buffer.from(presented);
  const wanted = Buffer.from(expected);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}


function roleOptions(selected?: string) {
  return ROLES.map((role) => ({ value: role, labelKey: `role.${role}`, selected: role === selected, scopes: ALLOWED_SCOPES[role].join(',') }));
}

/** Errors by the field that shows them: a grant's role, its scope (however the path names it), or the field itself. */
function grantFieldErrors(errors: readonly FieldError[]): Record<string, string[]> {
  return fieldErrorsByName(errors.map((e) => ({ ...e, path: /(^|\.)(scope|scopeType|scopeId)(\.|$)/.test(e.path) ? 'scope' : /^roles\.\d+\.role$/.test(e.path) ? 'role' : e.path })));
}

/**
 * The scope picker's value (`global`, `bank:<id>`, `occupation:<code>`; `centre:` or `session:`
 * take the typed id) as `{ scopeType, scopeId }`; older forms post those two fields directly.
 */
function scopeFields(body: Record<string, unknown>): { scopeType: unknown; scopeId: unknown } {
  if (typeof body.scope !== 'string' || body.scope === '') return { scopeType: body.scopeType, scopeId: body.scopeId };
  const at = body.scope.indexOf(':');
  if (at < 0) return { scopeType: body.scope, scopeId: undefined };
  const id = body.scope.slice(at + 1);
  return { scopeType: body.scope.slice(0, at), scopeId: id || (typeof body.scopeId === 'string' ? body.scopeId.trim() : '') };
}

const asRecord = (raw: unknown) => (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;

/** Form fields → a role grant (`global` has no id). */
const GrantForm = z.preprocess(
  (raw) => ({ role: asRecord(raw).role, ...scopeFields(asRecord(raw)) }),
  z
    .object({ role: RoleSchema, scopeType: z.enum(SCOPE_TYPES), scopeId: z.string().trim().optional() })
    .transform((f) => ({ role: f.role, scope: { type: f.scopeType, ...(f.scopeType === 'global' ? {} : { id: f.scopeId ?? '' }) } }))
    .pipe(RoleGrantSchema),
);

/** The picker's groups: global, then every bank and occupation that exists, then centre/session by id. */
async function scopeGroups(locale: Locale, selected?: string) {
  const option = (value: string, label: string) => ({ value, label, selected: value === selected });
  const known = await scopeChoices();
  return [
    { type: 'global', options: [option('global', '—')] },
    ...known.map((group) => ({ type: group.type, options: group.options.map((o) => option(`${group.type}:${o.id}`, o.label)) })),
    ...SCOPE_TYPES.filter((type) => type !== 'global' && !known.some((g) => g.type === type)).map((type) => ({ type, options: [option(`${type}:`, t(locale, 'users.scope.enterId'))] })),
  ];
}

const FieldValue = z.union([z.string(), z.array(z.string())]);

/** The new-user form: one optional initial grant, then the service's own schema. */
const NewUserForm = z.preprocess((raw) => {
  const body = asRecord(raw);
  const { scopeType, scopeId } = scopeFields(body);
  const roles = body.role ? [{ role: body.role, scope: scopeType === 'global' ? { type: 'global' } : { type: scopeType, id: scopeId } }] : [];
  return { username: body.username, displayName: body.displayName, password: body.password, roles };
}, CreateUserSchema);
const RevokeForm = z.object({ key: z.string().default('') }).catchall(FieldValue);
const StatusForm = z.object({ status: z.enum(['disabled', 'active']).catch('active') }).catchall(FieldValue);
const ResetPasswordForm = z.object({ password: PasswordSchema }).catchall(FieldValue);

export function registerIdentityPages(routes: RouteTable, identity: IdentityService, loginLimiter: RequestHandler, cookieMaxAgeMs: number): void {
  const renderLogin = (res: Response, data: { next?: string; username?: string; errorKey?: string; errorVars?: Record<string, unknown>; loginCsrf: string }, status = 200) =>
    res.status(status).render('identity/login', { title: 'login.title', ...data });

  routes.page({ method: 'get', path: '/login', permission: 'public', summary: 'Staff sign-in page' }, ({ res, req, auth }) => {
    const next = safeNext(req.query.next);
    if (auth) return res.redirect(303, next ?? landingFor(auth.principal));
    renderLogin(res, { ...(next ? { next } : {}), loginCsrf: issueLoginCsrf(req, res) });
  });

  routes.page(
    { method: 'post', path: '/login', permission: 'public', summary: 'Staff sign-in (form)', before: [loginLimiter] },
    async (ctx) => {
      const body = (ctx.req.body ?? {}) as Record<string, unknown>;
      const username = typeof body.username === 'string' ? body.username : '';
      const password = typeof body.password === 'string' ? body.password : '';
      const next = safeNext(body.next);
      if (!loginCsrfMatches(ctx.req, body._csrf)) {
        // Login CSRF: a cross-site form must not sign the victim in as someone else.
        return renderLogin(ctx.res, { username, ...(next ? { next } : {}), errorKey: 'login.error.expired', loginCsrf: issueLoginCsrf(ctx.req, ctx.res) }, 403);
      }
      try {
        const result = await identity.login(username, password, actorFrom(ctx));
        ctx.res.clearCookie(LOGIN_CSRF_COOKIE, { path: '/login' });
        ctx.res.cookie(SESSION_COOKIE, result.token, { httpOnly: true, sameSite: 'strict', secure: ctx.req.secure, maxAge: cookieMaxAgeMs, path: '/' });
        const principal = await identity.principalFromToken(result.token);
        ctx.res.redirect(303, next ?? (principal ? landingFor(principal.principal) : '/'));
      } catch (error) {
        if (!(error instanceof HttpProblem)) throw error;
        const common = { username, ...(next ? { next } : {}), loginCsrf: issueLoginCsrf(ctx.req, ctx.res) };
        if (error.status === 429) {
          ctx.res.set(error.headers);
          const minutes = Math.max(1, Math.ceil(Number(error.extensions.retryAfterSeconds ?? 60) / 60));
          return renderLogin(ctx.res, { ...common, errorKey: 'login.error.locked', errorVars: { minutes } }, 429);
        }
        return renderLogin(ctx.res, { ...common, errorKey: 'login.error.invalid' }, 401);
      }
    },
  );

  routes.page({ method: 'post', path: '/logout', permission: 'authenticated', summary: 'Sign out (form)' }, async (ctx) => {
    await identity.logout(ctx.principal, actorFrom(ctx));
    ctx.res.clearCookie(SESSION_COOKIE, { path: '/' }).redirect(303, '/');
  });

  // ---- user administration ------------------------------------------------------------

  const ListQuery = PageQuerySchema.extend({
    q: z.string().trim().max(60).optional().transform((v) => v || undefined),
    role: z.union([RoleSchema, z.literal('')]).optional().transform((v) => v || undefined),
    status: z.union([z.enum(['active', 'disabled']), z.literal('')]).optional().transform((v) => v || undefined),
  });

  routes.page({ method: 'get', path: '/admin/users', permission: 'users.manage', summary: 'User list', query: ListQuery }, async ({ res, query }) => {
    const page = await clampedPage(query.page, (n) => identity.listUsers({ ...query, page: n }));
    res.render('identity/users', {
      title: 'users.title',
      filter: query,
      roles: roleOptions(query.role),
      users: page.items,
      pager: pagerOf(page),
      pagerQuery: new URLSearchParams(Object.entries({ q: query.q ?? '', role: query.role ?? '', status: query.status ?? '' }).filter(([, v]) => v)).toString(),
    });
  });

  const renderNewUser = async (res: Response, data: Record<string, unknown> = {}, status = 200) =>
    res.status(status).render('identity/user-new', {
      title: 'users.create.title',
      roles: roleOptions(data.role as string),
      scopeGroups: await scopeGroups(localeOf(res), data.scope as string | undefined),
      fieldErrors: grantFieldErrors((data.errors ?? []) as FieldError[]),
      ...data,
    });

  routes.page({ method: 'get', path: '/admin/users/new', permission: 'users.manage', summary: 'New user form' }, ({ res }) => renderNewUser(res));

  routes.page({ method: 'post', path: '/admin/users/new', permission: 'users.manage', summary: 'Create user (form)', form: NewUserForm }, async (ctx) => {
    const body = ctx.form.raw;
    const form = ctx.form;
    const echo = { username: body.username, displayName: body.displayName, role: body.role, scope: body.scope, otherId: body.scopeId };
    if (!form.ok) return renderNewUser(ctx.res, { ...echo, errors: form.errors }, 400);
    try {
      await identity.assertScopesExist(form.data.roles as RoleGrant[], () => 'scope');
      const user = await identity.createUser(form.data, actorFrom(ctx));
      ctx.res.redirect(303, `/admin/users/${user.id}?done=created`);
    } catch (error) {
      const errors = formErrorsOf(error, ctx.res);
      if (!errors) throw error;
      renderNewUser(ctx.res, { ...echo, errors }, (error as HttpProblem).status);
    }
  });

  const renderUser = async (req: Request, res: Response, id: string, extra: Record<string, unknown> = {}, status = 200) => {
    const user = await identity.getUser(id);
    const groups = await scopeGroups(localeOf(res), extra.scope as string | undefined);
    const labels = new Map(groups.flatMap((g) => g.options.map((o) => [o.value, o.label] as const)));
    const done = typeof req.query.done === 'string' && /^[a-z]+$/.test(req.query.done) ? `users.done.${req.query.done}` : undefined;
    res.status(status).render('identity/user-detail', {
      title: 'users.title',
      user,
      isSelf: res.locals.currentUser?.id === user.id,
      roles: roleOptions(extra.role as string | undefined),
      scopeGroups: groups,
      fieldErrors: grantFieldErrors((extra.errors ?? []) as FieldError[]),
      doneKey: done,
      grants: user.roles.map((g) => ({ ...g, scopeLabel: g.scope.id === undefined ? '' : (labels.get(`${g.scope.type}:${g.scope.id}`) ?? g.scope.id), confirmText: t(localeOf(res), 'users.detail.revokeConfirm', { user: user.username, grant: g.key }) })),
      disableConfirm: t(localeOf(res), 'users.detail.disableConfirm', { user: user.username }),
      resetConfirm: t(localeOf(res), 'users.detail.resetConfirm', { user: user.username }),
      ...extra,
    });
  };

  routes.page({ method: 'get', path: '/admin/users/:id', permission: 'users.manage', summary: 'User detail', params: IdParams }, ({ req, res, params }) => renderUser(req, res, params.id));

  /** Runs a user-changing action; on a refusal the detail page shows the errors. */
  const act = async (ctx: { req: Request; res: Response; params: { id: string } }, run: () => Promise<unknown>, done: string, echo: Record<string, unknown> = {}) => {
    try {
      await run();
      ctx.res.redirect(303, `/admin/users/${ctx.params.id}?done=${done}`);
    } catch (error) {
      const errors = formErrorsOf(error, ctx.res);
      if (!errors || (error as HttpProblem).status === 404) throw error;
      await renderUser(ctx.req, ctx.res, ctx.params.id, { ...echo, errors }, (error as HttpProblem).status);
    }
  };

  routes.page({ method: 'post', path: '/admin/users/:id/grants', permission: 'users.manage', summary: 'Grant a role (form)', params: IdParams, form: GrantForm }, async (ctx) => {
    const form = ctx.form;
    const echo = { role: ctx.form.raw.role, scope: ctx.form.raw.scope, otherId: ctx.form.raw.scopeId };
    if (!form.ok) return renderUser(ctx.req, ctx.res, ctx.params.id, { ...echo, errors: form.errors }, 400);
    await act(
      ctx,
      async () => {
        await identity.assertScopesExist([form.data as RoleGrant], () => 'scope');
        await identity.grantRole(ctx.params.id, form.data as RoleGrant, actorFrom(ctx));
      },
      'granted',
      echo,
    );
  });

  routes.page({ method: 'post', path: '/admin/users/:id/grants/revoke', permission: 'users.manage', summary: 'Revoke a grant (form, confirmed)', params: IdParams, form: RevokeForm }, async (ctx) => {
    const key = ctx.form.ok ? ctx.form.data.key : '';
    if (!confirmed(ctx.res, ctx.form.raw, { message: t(localeOf(ctx.res), 'users.detail.revokeConfirm', { user: ctx.params.id, grant: key }), action: ctx.req.originalUrl })) return;
    await act(ctx, () => identity.revokeRole(ctx.params.id, key, actorFrom(ctx)), 'revoked');
  });

  routes.page({ method: 'post', path: '/admin/users/:id/status', permission: 'users.manage', summary: 'Disable or enable (form, confirmed)', params: IdParams, form: StatusForm }, async (ctx) => {
    const status = ctx.form.ok ? ctx.form.data.status : 'active';
    if (status === 'disabled' && !confirmed(ctx.res, ctx.form.raw, { message: t(localeOf(ctx.res), 'users.detail.disableConfirm', { user: ctx.params.id }), action: ctx.req.originalUrl })) return;
    await act(ctx, () => identity.setStatus(ctx.params.id, status, actorFrom(ctx)), status === 'disabled' ? 'disabled' : 'enabled');
  });

  routes.page({ method: 'post', path: '/admin/users/:id/password', permission: 'users.manage', summary: 'Reset password (form, confirmed)', params: IdParams, form: ResetPasswordForm }, async (ctx) => {
    const form = ctx.form;
    if (!form.ok) return renderUser(ctx.req, ctx.res, ctx.params.id, { errors: form.errors }, 400);
    if (!confirmed(ctx.res, form.raw, { message: t(localeOf(ctx.res), 'users.detail.resetConfirm', { user: ctx.params.id }), action: ctx.req.originalUrl })) return;
    await act(ctx, () => identity.resetPassword(ctx.params.id, form.data.password, actorFrom(ctx)), 'password');
  });
}
