import { unknownScopeErrors } from './scopes';
import { createHmac } from 'node:crypto';
import mongoose from 'mongoose';
import { objectIdOr404 } from '../platform/ids';
import { z } from 'zod';
import { HttpProblem, fieldErrorsFromZod, problems } from '../platform/problem';
import type { Principal } from '../platform/routing';
import { escapeRegex, type Page, type PageQuery } from '../platform/pagination';
import { withAudit } from '../audit/intents';
import { recordAudit, type Actor } from '../audit/service';
import { UserModel, LoginThrottleModel, CandidateModel, type UserDoc, type CandidateDoc } from './model';
import { hashPassword, verifyPassword, PasswordSchema } from './passwords';
import { issueToken, verifyToken, type IssuedToken } from './tokens';
import { grantKey, parseGrantKey, sameGrant, RoleGrantSchema, RoleSchema, SCOPE_TYPES, type Role, type RoleGrant } from './roles';
import { IdNumberProtector, IdDocumentSchema, maskIdNumber, type IdType } from './id-numbers';

export interface IdentitySettings {
  jwtSecret: string;
  jwtTtlSeconds: number;
  bcryptCost: number;
  loginMaxFailures: number;
  loginLockSeconds: number;
  dataKey: string;
}

export const UsernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z][a-z0-9._-]{2,39}$/, 'usernames are 3–40 characters: letters, digits, dot, dash, underscore, starting with a letter');

export const CreateUserSchema = z.object({
  username: UsernameSchema,
  displayName: z.string().trim().min(1).max(60),
  password: PasswordSchema,
  roles: z.array(RoleGrantSchema).max(50).default([]),
});
export type CreateUserInput = z.infer<typeof CreateUserSchema>;

/** The user view, defined once: the schema (for the OpenAPI document), its type, the mapper `view`. */
export const UserViewSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  status: z.enum(['active', 'disabled']),
  roles: z.array(z.object({ role: RoleSchema, scope: z.object({ type: z.enum(SCOPE_TYPES), id: z.string().optional() }), key: z.string() })),
  createdAt: z.string(),
  lastLoginAt: z.string().nullable(),
  lockedUntil: z.string().nullable(),
});
export type UserView = z.infer<typeof UserViewSchema>;

function throttleKey(username: string): string {
  return `user:${username.trim().toLowerCase()}`;
}

function view(user: Pick<UserDoc, '_id' | 'username' | 'displayName' | 'status' | 'roles' | 'createdAt' | 'lastLoginAt'>, lockedUntil?: Date | null): UserView {
  return {
    id: String(user._id),
    username: user.username,
    displayName: user.displayName,
    status: user.status,
    roles: user.roles.map((g) => ({ role: g.role, scope: g.scope.id ? { type: g.scope.type, id: g.scope.id } : { type: g.scope.type }, key: grantKey(g) })),
    createdAt: user.createdAt.toISOString(),
    lastLoginAt: user.lastLoginAt ? user.lastLoginAt.toISOString() : null,
    lockedUntil: lockedUntil && lockedUntil > new Date() ? lockedUntil.toISOString() : null,
  };
}


export interface LoginResult extends IssuedToken {
  user: UserView;
}

/** Users, roles, sign-in and candidates' identities. Every change is audited. */
export class IdentityService {
  readonly idNumbers: IdNumberProtector;

  constructor(readonly settings: IdentitySettings) {
    this.idNumbers = new IdNumberProtector(settings.dataKey);
  }

  // ---- sign-in -------------------------------------------------------------------------

  /**
   * Checks a username and password. Unknown users and wrong passwords get the same answer
   * (and take the same time); repeated failures lock the account name for a while (429).
   */
  async login(username: string, password: string, actor: Actor): Promise<LoginResult> {
    const name = username.trim().toLowerCase();
    const key = throttleKey(name);
    const user = await UserModel.findOne({ username: name }).lean();
    // The trail never keeps a name that is no account (often a password typed in the wrong box).
    const recorded = user ? name : this.unknownName(name);
    const throttle = await LoginThrottleModel.findById(key).lean();
    const now = new Date();
    if (throttle?.lockedUntil && throttle.lockedUntil > now) {
      await recordAudit({ ...actor, attemptedName: recorded }, { action: 'auth.login.locked', target: { type: 'user', label: recorded } });
      throw problems.tooManyRequests((throttle.lockedUntil.getTime() - now.getTime()) / 1000, 'This account is temporarily locked after repeated failed sign-ins.');
    }
    const passwordOk = await verifyPassword(password, user?.passwordHash, this.settings.bcryptCost);
    if (!user || !passwordOk || user.status !== 'active') {
      const locked = await this.recordFailure(key);
      await recordAudit(
        { ...actor, attemptedName: recorded },
        { action: 'auth.login.failure', target: { type: 'user', ...(user ? { id: String(user._id) } : {}), label: recorded }, details: { reason: !user ? 'unknown-user' : !passwordOk ? 'bad-credentials' : 'disabled', locked } },
      );
      // A disabled account gets the same answer as a wrong password: it confirms nothing.
      throw new HttpProblem(401, 'invalid-credentials', 'The username or password is incorrect.');
    }
    await LoginThrottleModel.deleteOne({ _id: key });
    const principal = principalOf(user);
    const signedIn = { action: 'auth.login.success', target: { type: 'user', id: String(user._id), label: user.username }, probe: { collection: 'users', filter: { _id: user._id, lastLoginAt: now } } };
    await withAudit({ ...actor, principal }, signedIn, () => UserModel.updateOne({ _id: user._id }, { $set: { lastLoginAt: now } }));
    const issued = issueToken(this.settings.jwtSecret, this.settings.jwtTtlSeconds, { id: String(user._id), kind: 'staff', roles: user.roles, tokenVersion: user.tokenVersion });
    return { ...issued, user: view({ ...user, lastLoginAt: now }) };
  }

  /** A candidate's token for one registration, valid until `until` (at most 12 hours). */
  issueCandidateToken(registrationId: string, until: Date): IssuedToken {
    const ttl = Math.max(60, Math.min(12 * 3600, Math.ceil((until.getTime() - Date.now()) / 1000)));
    return issueToken(this.settings.jwtSecret, ttl, { id: registrationId, kind: 'candidate', roles: [], tokenVersion: 0 });
  }

  /** Refuses (429) while a sign-in name is locked after repeated failures. */
  async assertNotLocked(name: string): Promise<void> {
    const throttle = await LoginThrottleModel.findById(throttleKey(name)).lean();
    const now = new Date();
    if (throttle?.lockedUntil && throttle.lockedUntil > now) throw problems.tooManyRequests((throttle.lockedUntil.getTime() - now.getTime()) / 1000, '多次登录失败，该准考证号暂时锁定，请稍后再试。');
  }

  /** Counts a failed sign-in under a name; returns whether it is now locked. */
  countFailedSignIn(name: string): Promise<boolean> {
    return this.recordFailure(throttleKey(name));
  }

  /** A keyed hash standing in for a name that is no account (same name → same value, so repeats show). */
  private unknownName(name: string): string {
    return `unknown:${createHmac('sha256', this.settings.dataKey).update(`login-name:${name}`).digest('hex').slice(0, 16)}`;
  }

  /** Counts a failure; locks the name once the count reaches the limit. Returns whether it locked. */
  private async recordFailure(key: string): Promise<boolean> {
    const now = new Date();
    const windowStart = new Date(now.getTime() - this.settings.loginLockSeconds * 1000);
    const doc = await LoginThrottleModel.findOneAndUpdate({ _id: key }, { $inc: { failures: 1 }, $setOnInsert: { firstFailureAt: now } }, { upsert: true, returnDocument: 'after', lean: true });
    if (!doc) return false;
    if (doc.firstFailureAt < windowStart) {
      // Old failures have aged out: this one starts a new window.
      await LoginThrottleModel.updateOne({ _id: key, firstFailureAt: doc.firstFailureAt }, { $set: { failures: 1, firstFailureAt: now } });
      return false;
    }
    if (doc.failures >= this.settings.loginMaxFailures) {
      const lockedUntil = new Date(now.getTime() + this.settings.loginLockSeconds * 1000);
      await LoginThrottleModel.updateOne({ _id: key }, { $set: { lockedUntil, failures: 0, firstFailureAt: now } });
      return true;
    }
    return false;
  }

  /** Ends every session of the user: tokens carrying the old version are refused from now on. */
  async logout(principal: Principal, actor: Actor): Promise<void> {
    // No probe: a version bump leaves no mark to look for, so an interrupted one is audited as unconfirmed.
    await withAudit(actor, { action: 'auth.logout', target: { type: 'user', id: principal.id, label: principal.displayName } }, () =>
      UserModel.updateOne({ _id: objectIdOr404(principal.id, 'user') }, { $inc: { tokenVersion: 1 } }),
    );
  }

  /** Resolves a bearer/cookie token to the current principal, or undefined when it is not valid now. */
  async principalFromToken(token: string): Promise<{ principal: Principal; tokenId: string } | undefined> {
    const claims = verifyToken(this.settings.jwtSecret, token);
    if (!claims) return undefined;
    if (claims.kind === 'candidate') {
      // A candidate's token names a registration and lives until its session ends. It is not
      // re-read per request: every act it allows (start, save, submit) is guarded by the
      // attempt's own state, which a proctor's stop or the deadline closes at once.
      if (!/^[0-9a-f]{24}$/i.test(claims.sub)) return undefined;
      return { principal: { kind: 'candidate', id: claims.sub, displayName: '', roles: [], tokenVersion: claims.tv }, tokenId: claims.jti };
    }
    if (!/^[0-9a-f]{24}$/i.test(claims.sub)) return undefined;
    const user = await UserModel.findById(claims.sub, { displayName: 1, status: 1, roles: 1, tokenVersion: 1, username: 1 }).lean();
    if (!user || user.status !== 'active' || user.tokenVersion !== claims.tv) return undefined;
    return { principal: principalOf(user), tokenId: claims.jti };
  }

  async me(principal: Principal): Promise<UserView> {
    return this.getUser(principal.id);
  }

  async changeOwnPassword(principal: Principal, currentPassword: string, newPassword: string, actor: Actor): Promise<void> {
    const user = await UserModel.findById(objectIdOr404(principal.id, 'user')).lean();
    if (!user || !(await verifyPassword(currentPassword, user.passwordHash, this.settings.bcryptCost))) {
      throw problems.validation([{ path: 'body.currentPassword', message: 'the current password is incorrect', i18n: { key: 'validation.rule.currentPassword' } }]);
    }
    const passwordHash = await hashPassword(newPassword, this.settings.bcryptCost);
    const changedAt = new Date();
    const audit = { action: 'user.password.change', target: { type: 'user', id: principal.id, label: user.username }, probe: { collection: 'users', filter: { _id: user._id, passwordChangedAt: changedAt } } };
    await withAudit(actor, audit, () => UserModel.updateOne({ _id: user._id }, { $set: { passwordHash, passwordChangedAt: changedAt }, $inc: { tokenVersion: 1 } }));
  }

  // ---- user administration ------------------------------------------------------------

  /**
   * Grants made by an administrator must name a bank, occupation (or, once registered, centre
   * or session) that exists: a 422 naming the grant otherwise. (Test fixtures and the demo seed
   * create users before or without their scopes, so createUser itself does not ask.)
   */
  async assertScopesExist(grants: readonly RoleGrant[], pathOf: (index: number) => string): Promise<void> {
    const errors = await unknownScopeErrors(grants, pathOf);
    if (errors.length) throw problems.rule(errors, 'A grant names a scope that does not exist.');
  }

  async createUser(input: CreateUserInput, actor: Actor): Promise<UserView> {
    const roles = dedupeGrants(input.roles as RoleGrant[]);
    const passwordHash = await hashPassword(input.password, this.settings.bcryptCost);
    try {
      const id = new mongoose.Types.ObjectId();
      const created = await withAudit(
        actor,
        { action: 'user.create', target: { type: 'user', id: String(id), label: input.username }, details: { roles: roles.map(grantKey) }, probe: { collection: UserModel.collection.name, filter: { _id: id } } },
        () => UserModel.create({ _id: id, username: input.username, displayName: input.displayName, passwordHash, roles, passwordChangedAt: new Date() }),
      );
      return view(created.toObject());
    } catch (error) {
      if ((error as { code?: number }).code === 11000) throw problems.conflict(`The username ${input.username} is taken.`, undefined, { key: 'validation.rule.usernameTaken', vars: { username: input.username } });
      throw error;
    }
  }

  async listUsers(query: PageQuery & { role?: Role; q?: string; status?: 'active' | 'disabled' }): Promise<Page<UserView>> {
    const filter: Record<string, unknown> = {};
    if (query.role) filter['roles.role'] = query.role;
    if (query.status) filter.status = query.status;
    if (query.q) {
      const pattern = { $regex: escapeRegex(query.q.trim()), $options: 'i' };
      filter.$or = [{ username: pattern }, { displayName: pattern }];
    }
    const [users, total] = await Promise.all([
      UserModel.find(filter, { passwordHash: 0 }).sort({ username: 1 }).skip((query.page - 1) * query.pageSize).limit(query.pageSize).lean(),
      UserModel.countDocuments(filter),
    ]);
    const locks = await LoginThrottleModel.find({ _id: { $in: users.map((u) => throttleKey(u.username)) }, lockedUntil: { $gt: new Date() } }).lean();
    const lockedBy = new Map(locks.map((l) => [l._id, l.lockedUntil]));
    return { items: users.map((u) => view(u, lockedBy.get(throttleKey(u.username)))), total, page: query.page, pageSize: query.pageSize };
  }

  async getUser(id: string): Promise<UserView> {
    const user = await UserModel.findById(objectIdOr404(id, 'user'), { passwordHash: 0 }).lean();
    if (!user) throw problems.notFound('No such user.');
    const lock = await LoginThrottleModel.findById(throttleKey(user.username)).lean();
    return view(user, lock?.lockedUntil);
  }

  async grantRole(userId: string, grant: RoleGrant, actor: Actor): Promise<UserView> {
    const key = grantKey(grant);
    // $addToSet on the whole grant keeps this one idempotent atomic update.
    const id = objectIdOr404(userId, 'user');
    const updated = await withAudit(
      actor,
      { action: 'user.grant', target: { type: 'user', id: userId }, details: { grant: key }, probe: { collection: UserModel.collection.name, filter: { _id: id, roles: grant } } },
      async () => {
        const doc = await UserModel.findOneAndUpdate({ _id: id }, { $addToSet: { roles: grant } }, { returnDocument: 'after', lean: true });
        if (!doc) throw problems.notFound('No such user.');
        return doc;
      },
      (doc) => ({ action: 'user.grant', target: { type: 'user', id: userId, label: doc.username }, details: { grant: key } }),
    );
    return view(updated);
  }

  async revokeRole(userId: string, key: string, actor: Actor): Promise<UserView> {
    const grant = parseGrantKey(key);
    if (!grant) throw problems.validation([{ path: 'params.grantKey', message: 'not a valid grant key such as writer@bank:<id>' }]);
    const user = await UserModel.findById(objectIdOr404(userId, 'user')).lean();
    if (!user) throw problems.notFound('No such user.');
    if (!user.roles.some((g) => sameGrant(g, grant))) throw problems.notFound(`The user holds no grant ${key}.`);
    if (grant.role === 'admin') await this.assertAnotherActiveAdmin(user._id, 'revoke the last administrator grant');
    // No probe (a grant's absence could predate the revocation): an interrupted revocation is audited as unconfirmed.
    const updated = await withAudit(actor, { action: 'user.revoke', target: { type: 'user', id: userId, label: user.username }, details: { grant: key } }, () =>
      UserModel.findOneAndUpdate(
        { _id: user._id },
        // Exact-document $pull (field order as stored): FerretDB v1 has no $pull conditions.
        { $pull: { roles: { role: grant.role, scope: grant.scope.type === 'global' ? { type: 'global' } : { type: grant.scope.type, id: grant.scope.id } } } },
        { returnDocument: 'after', lean: true },
      ),
    );
    return view(updated!);
  }

  async setStatus(userId: string, status: 'active' | 'disabled', actor: Actor): Promise<UserView> {
    const id = objectIdOr404(userId, 'user');
    if (status === 'disabled') {
      if (actor.principal?.id === userId) throw problems.conflict('You cannot disable your own account.');
      const user = await UserModel.findById(id, { roles: 1 }).lean();
      if (user?.roles.some((g) => g.role === 'admin')) await this.assertAnotherActiveAdmin(id, 'disable the last administrator');
    }
    const action = status === 'disabled' ? 'user.disable' : 'user.enable';
    const updated = await withAudit(
      actor,
      { action, target: { type: 'user', id: userId }, probe: { collection: UserModel.collection.name, filter: { _id: id, status } } },
      async () => {
        const doc = await UserModel.findOneAndUpdate({ _id: id, status: { $ne: status } }, status === 'disabled' ? { $set: { status }, $inc: { tokenVersion: 1 } } : { $set: { status } }, { returnDocument: 'after', lean: true });
        if (!doc && !(await UserModel.exists({ _id: id }))) throw problems.notFound('No such user.');
        return doc;
      },
      // Already in that state: nothing changed, nothing to audit.
      (doc) => (doc ? { action, target: { type: 'user', id: userId, label: doc.username } } : undefined),
    );
    return updated ? view(updated) : this.getUser(userId);
  }

  async resetPassword(userId: string, password: string, actor: Actor): Promise<UserView> {
    const passwordHash = await hashPassword(password, this.settings.bcryptCost);
    const id = objectIdOr404(userId, 'user');
    const changedAt = new Date();
    const audit = { action: 'user.password.reset', target: { type: 'user', id: userId }, probe: { collection: 'users', filter: { _id: id, passwordChangedAt: changedAt } } };
    const updated = await withAudit(
      actor,
      audit,
      async () => {
        const doc = await UserModel.findOneAndUpdate({ _id: id }, { $set: { passwordHash, passwordChangedAt: changedAt }, $inc: { tokenVersion: 1 } }, { returnDocument: 'after', lean: true });
        if (!doc) throw problems.notFound('No such user.');
        return doc;
      },
      (doc) => ({ action: 'user.password.reset', target: { type: 'user', id: userId, label: doc.username } }),
    );
    await LoginThrottleModel.deleteOne({ _id: throttleKey(updated.username) });
    return view(updated);
  }

  private async assertAnotherActiveAdmin(exceptId: mongoose.Types.ObjectId, what: string): Promise<void> {
    const others = await UserModel.countDocuments({ _id: { $ne: exceptId }, status: 'active', 'roles.role': 'admin' });
    if (others === 0) throw problems.conflict(`Refused to ${what}: at least one active administrator must remain.`);
  }

  // ---- candidates ---------------------------------------------------------------------

  /** Finds or creates the person with this ID document (the keyed hash makes it idempotent). */
  async registerCandidate(input: { name: string; idType: IdType; idNumber: string }, actor: Actor): Promise<CandidateView> {
    const parsed = IdDocumentSchema.safeParse(input);
    if (!parsed.success) throw problems.validation(fieldErrorsFromZod(parsed.error, 'body'));
    const idMatchKey = this.idNumbers.matchKey(input.idType, input.idNumber);
    const audit = { action: 'candidate.register', target: { type: 'candidate', label: input.name.trim() }, probe: { collection: 'candidates', filter: { idMatchKey } } };
    const doc = await withAudit(
      actor,
      audit,
      async () =>
        (await CandidateModel.findOneAndUpdate(
          { idMatchKey },
          { $setOnInsert: { name: input.name.trim(), idType: input.idType, idMatchKey, idMasked: maskIdNumber(input.idNumber), idSealed: this.idNumbers.encrypt(input.idNumber) } },
          { upsert: true, returnDocument: 'after', lean: true },
        ))!,
      (created) => ({ action: 'candidate.register', target: { type: 'candidate', id: String(created._id), label: created.name } }),
    );
    return candidateView(doc);
  }

  /**
   * Finds or creates the people with these ID documents, without an audit entry each: the
   * caller (a registration batch) records one entry for the whole batch. Inputs are validated.
   */
  async ensureCandidate(input: { name: string; idType: IdType; idNumber: string }): Promise<CandidateDoc> {
    const idMatchKey = this.idNumbers.matchKey(input.idType, input.idNumber);
    return (await CandidateModel.findOneAndUpdate(
      { idMatchKey },
      { $setOnInsert: { name: input.name.trim(), idType: input.idType, idMatchKey, idMasked: maskIdNumber(input.idNumber), idSealed: this.idNumbers.encrypt(input.idNumber) } },
      { upsert: true, returnDocument: 'after', lean: true },
    ))!;
  }

  /** The person's latest photo, used for registrations from now on. */
  async setCandidatePhoto(candidateId: string, photoId: string): Promise<void> {
    await CandidateModel.updateOne({ _id: objectIdOr404(candidateId, 'candidate') }, { $set: { photoId } });
  }

  async findCandidateByIdNumber(idType: IdType, idNumber: string): Promise<CandidateView | undefined> {
    const doc = await CandidateModel.findOne({ idMatchKey: this.idNumbers.matchKey(idType, idNumber) }).lean();
    return doc ? candidateView(doc) : undefined;
  }

  /** The full ID number, for the roles that need it; every reveal is audited. */
  async revealIdNumber(candidateId: string, purpose: string, actor: Actor): Promise<string> {
    const doc = await CandidateModel.findById(objectIdOr404(candidateId, 'candidate')).lean();
    if (!doc) throw problems.notFound('No such candidate.');
    await recordAudit(actor, { action: 'candidate.idnumber.reveal', target: { type: 'candidate', id: candidateId, label: doc.name }, details: { purpose } });
    return this.idNumbers.decrypt(doc.idSealed);
  }
}

export interface CandidateView {
  id: string;
  name: string;
  idType: IdType;
  idNumberMasked: string;
}

function candidateView(doc: CandidateDoc): CandidateView {
  return { id: String(doc._id), name: doc.name, idType: doc.idType, idNumberMasked: doc.idMasked };
}

function principalOf(user: Pick<UserDoc, '_id' | 'displayName' | 'roles' | 'tokenVersion'>): Principal {
  return { kind: 'staff', id: String(user._id), displayName: user.displayName, roles: user.roles, tokenVersion: user.tokenVersion };
}

function dedupeGrants(grants: RoleGrant[]): RoleGrant[] {
  const seen = new Map<string, RoleGrant>();
  for (const g of grants) seen.set(grantKey(g), g.scope.type === 'global' ? { role: g.role, scope: { type: 'global' } } : g);
  return [...seen.values()];
}
