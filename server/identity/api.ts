import { z } from 'zod';
import { IdParams } from '../platform/ids';
import type { RequestHandler } from 'express';
import type { RouteTable } from '../platform/routing';
import { PageQuerySchema, pageSchema } from '../platform/pagination';
import { actorFrom } from '../audit/service';
import { IdentityService, CreateUserSchema, UserViewSchema } from './service';
import { GRANT_KEY_PATTERN, RoleGrantSchema, RoleSchema, type RoleGrant } from './roles';
import { PasswordSchema } from './passwords';

const LoginBody = z.object({ username: z.string().trim().min(1).max(60), password: z.string().min(1).max(200) });
const LoginResponse = z.object({ token: z.string(), expiresAt: z.string(), user: UserViewSchema });

export function registerIdentityApi(routes: RouteTable, identity: IdentityService, loginLimiter: RequestHandler): void {
  routes.api(
    {
      method: 'post',
      path: '/api/v1/auth/login',
      permission: 'public',
      summary: 'Sign in with username and password; returns a bearer token (JWT, at most 12 h)',
      tags: ['auth'],
      body: LoginBody,
      before: [loginLimiter],
      responses: {
        200: { description: 'signed in', schema: LoginResponse },
        401: { description: 'wrong username or password (the same answer for both)' },
        429: { description: 'locked after repeated failures, or too many failures from this address; see Retry-After' },
      },
    },
    async (ctx) => {
      const result = await identity.login(ctx.body.username, ctx.body.password, actorFrom(ctx));
      return { token: result.token, expiresAt: result.expiresAt.toISOString(), user: result.user };
    },
  );

  routes.api(
    { method: 'post', path: '/api/v1/auth/logout', permission: 'authenticated', summary: 'Sign out everywhere: every token issued so far stops working', tags: ['auth'], responses: { 204: { description: 'signed out' } } },
    async (ctx) => {
      await identity.logout(ctx.principal, actorFrom(ctx));
      ctx.res.clearCookie('session').status(204).end();
    },
  );

  routes.api(
    { method: 'get', path: '/api/v1/me', permission: 'authenticated', summary: 'The signed-in user', tags: ['auth'], responses: { 200: { description: 'the user', schema: UserViewSchema } } },
    (ctx) => identity.me(ctx.principal),
  );

  routes.api(
    {
      method: 'post',
      path: '/api/v1/me/password',
      permission: 'authenticated',
      summary: 'Change your own password (ends your other sessions)',
      tags: ['auth'],
      body: z.object({ currentPassword: z.string().min(1).max(200), newPassword: PasswordSchema }),
      responses: { 204: { description: 'changed' } },
    },
    async (ctx) => {
      await identity.changeOwnPassword(ctx.principal, ctx.body.currentPassword, ctx.body.newPassword, actorFrom(ctx));
      ctx.res.status(204).end();
    },
  );

  routes.api(
    {
      method: 'get',
      path: '/api/v1/users',
      permission: 'users.manage',
      summary: 'List staff users (paged; filter by role, status and text)',
      tags: ['users'],
      query: PageQuerySchema.extend({ role: RoleSchema.optional(), status: z.enum(['active', 'disabled']).optional(), q: z.string().trim().max(60).optional() }),
      responses: { 200: { description: 'a page of users', schema: pageSchema(UserViewSchema) } },
    },
    (ctx) => identity.listUsers(ctx.query),
  );

  routes.api(
    {
      method: 'post',
      path: '/api/v1/users',
      permission: 'users.manage',
      summary: 'Create a staff user, optionally with role grants',
      tags: ['users'],
      body: CreateUserSchema,
      responses: { 201: { description: 'created', schema: UserViewSchema }, 409: { description: 'username taken' } },
    },
    async (ctx) => {
      await identity.assertScopesExist(ctx.body.roles as RoleGrant[], (i) => `body.roles.${i}.scope.id`);
      const user = await identity.createUser(ctx.body, actorFrom(ctx));
      ctx.res.status(201).location(`/api/v1/users/${user.id}`);
      return user;
    },
  );

  routes.api(
    { method: 'get', path: '/api/v1/users/:id', permission: 'users.manage', summary: 'One staff user', tags: ['users'], params: IdParams, responses: { 200: { description: 'the user', schema: UserViewSchema } } },
    (ctx) => identity.getUser(ctx.params.id),
  );

  routes.api(
    {
      method: 'post',
      path: '/api/v1/users/:id/grants',
      permission: 'users.manage',
      summary: 'Grant a role on a scope (idempotent)',
      tags: ['users'],
      params: IdParams,
      body: RoleGrantSchema,
      responses: { 200: { description: 'the user with the grant', schema: UserViewSchema } },
    },
    async (ctx) => {
      await identity.getUser(ctx.params.id); // an unknown user is a 404 before anything about the grant
      await identity.assertScopesExist([ctx.body as RoleGrant], () => 'body.scope.id');
      return identity.grantRole(ctx.params.id, ctx.body as RoleGrant, actorFrom(ctx));
    },
  );

  routes.api(
    {
      method: 'delete',
      path: '/api/v1/users/:id/grants/:grantKey',
      permission: 'users.manage',
      summary: 'Revoke a grant by its key (e.g. writer@bank:<id>, admin@global)',
      tags: ['users'],
      params: IdParams.extend({ grantKey: z.string().regex(GRANT_KEY_PATTERN, 'not a valid grant key such as writer@bank:<id>') }),
      responses: { 200: { description: 'the user without the grant', schema: UserViewSchema }, 409: { description: 'would remove the last administrator' } },
    },
    (ctx) => identity.revokeRole(ctx.params.id, ctx.params.grantKey, actorFrom(ctx)),
  );

  for (const [action, status] of [
    ['disable', 'disabled'],
    ['enable', 'active'],
  ] as const) {
    routes.api(
      {
        method: 'post',
        path: `/api/v1/users/:id/${action}`,
        permission: 'users.manage',
        summary: action === 'disable' ? 'Disable a user (ends their sessions)' : 'Re-enable a user',
        tags: ['users'],
        params: IdParams,
        responses: { 200: { description: 'the user', schema: UserViewSchema } },
      },
      (ctx) => identity.setStatus(ctx.params.id, status, actorFrom(ctx)),
    );
  }

  routes.api(
    {
      method: 'post',
      path: '/api/v1/users/:id/password',
      permission: 'users.manage',
      summary: "Reset a user's password (ends their sessions, clears a lockout)",
      tags: ['users'],
      params: IdParams,
      body: z.object({ password: PasswordSchema }),
      responses: { 200: { description: 'the user', schema: UserViewSchema } },
    },
    (ctx) => identity.resetPassword(ctx.params.id, ctx.body.password, actorFrom(ctx)),
  );
}
