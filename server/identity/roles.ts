import { z } from 'zod';

/**
 * Roles, scopes and the permission table: the one place that says which role may do what.
 * Routes name an action; services additionally check the scope of the object they touch.
 */
export const ROLES = ['admin', 'bank_admin', 'writer', 'reviewer', 'centre_admin', 'proctor', 'examiner', 'supervisor'] as const;
export type Role = (typeof ROLES)[number];
export const RoleSchema = z.enum(ROLES);

export const SCOPE_TYPES = ['global', 'bank', 'occupation', 'centre', 'session'] as const;
export type ScopeType = (typeof SCOPE_TYPES)[number];

export interface Scope {
  type: ScopeType;
  /** Absent only for `global`. Bank/centre/session ids are ObjectId strings; occupations use their code. */
  id?: string;
}

export interface RoleGrant {
  role: Role;
  scope: Scope;
}

/** Which scope types each role may be granted on. Global applies only to admin. */
export const ALLOWED_SCOPES: Record<Role, readonly ScopeType[]> = {
  admin: ['global'],
  bank_admin: ['bank'],
  writer: ['bank', 'occupation'],
  reviewer: ['bank', 'occupation'],
  centre_admin: ['centre'],
  proctor: ['centre', 'session'],
  examiner: ['centre', 'session'],
  supervisor: ['centre', 'session', 'occupation'],
};

const OBJECT_ID = /^[0-9a-f]{24}$/;
const OCCUPATION_CODE = /^\d-\d{2}-\d{2}-\d{2}$/;

export const ScopeSchema = z
  .object({ type: z.enum(SCOPE_TYPES), id: z.string().trim().min(1).max(64).optional() })
  .superRefine((scope, ctx) => {
    if (scope.type === 'global') {
      if (scope.id !== undefined) ctx.addIssue({ code: 'custom', path: ['id'], message: 'a global scope has no id', params: { i18n: 'validation.rule.globalNoId' } });
      return;
    }
    if (!scope.id) {
      ctx.addIssue({ code: 'custom', path: ['id'], message: `a ${scope.type} scope needs an id`, params: { i18n: 'validation.rule.scopeNeedsId' } });
      return;
    }
    const pattern = scope.type === 'occupation' ? OCCUPATION_CODE : OBJECT_ID;
    if (!pattern.test(scope.id)) {
      ctx.addIssue({ code: 'custom', path: ['id'], message: scope.type === 'occupation' ? 'occupation codes look like 6-31-01-03' : 'must be a 24-character hex id', params: { i18n: scope.type === 'occupation' ? 'validation.rule.occupationCode' : 'validation.rule.objectId' } });
    }
  });

export const RoleGrantSchema = z
  .object({ role: RoleSchema, scope: ScopeSchema })
  .superRefine((grant, ctx) => {
    if (!ALLOWED_SCOPES[grant.role].includes(grant.scope.type)) {
      ctx.addIssue({
        code: 'custom',
        path: ['scope', 'type'],
        message: `role ${grant.role} can be granted on ${ALLOWED_SCOPES[grant.role].join(' or ')} scopes, not ${grant.scope.type}`,
        params: { i18n: 'validation.rule.roleScope', role: `role.${grant.role}`, scope: `scope.${grant.scope.type}` },
      });
    }
  });

/** Actions a route can require. Add new ones here with the roles that hold them. */
export const PERMISSIONS = {
  'users.manage': ['admin'],
  'audit.read': ['admin', 'supervisor'],
  'staff.self': ['admin', 'bank_admin', 'writer', 'reviewer', 'centre_admin', 'proctor', 'examiner', 'supervisor'],
  'standards.read': ['admin', 'bank_admin', 'writer', 'reviewer', 'centre_admin', 'proctor', 'examiner', 'supervisor'],
  'standards.manage': ['admin'],
  'banks.manage': ['admin'],
  /** See banks, item codes and metadata, releases and coverage — not item bodies. */
  'bank.view': ['admin', 'bank_admin', 'writer', 'reviewer'],
  /** Read item bodies (stems, options, keys); every read is audited. */
  'items.read': ['bank_admin', 'writer', 'reviewer'],
  'items.write': ['writer'],
  'items.review': ['reviewer'],
  'items.retire': ['bank_admin'],
  'releases.publish': ['bank_admin'],
  /** Import, export and release downloads. */
  'bank.transfer': ['bank_admin'],
  /** 组卷方案 of a bank. */
  'blueprints.manage': ['bank_admin'],
  /** Draw and keep papers (preview, 一人一卷, A/B forms). */
  'papers.assemble': ['bank_admin'],
  /** Rebuild a paper from its seed and check it against its blueprint. */
  'papers.verify': ['bank_admin', 'supervisor'],
  /** 评价机构: create and edit centres. */
  'centres.manage': ['admin'],
  /** See sessions, rooms, registrations and rosters (not papers). */
  'sessions.view': ['admin', 'centre_admin', 'proctor', 'supervisor'],
  /** Schedule, amend, publish, open and close sessions; register candidates; prepare papers. */
  'sessions.manage': ['centre_admin'],
  /** Run a room: check-in, time extensions, 缺考, 终止考核. */
  'sessions.proctor': ['proctor'],
  /** 评分: enter and sign one's own 评分记录表 (skill test, panel review) for the candidates of one's examiner group. */
  'scoring.enter': ['examiner'],
  /** 核分: confirm a candidate's totals and reopen a signed sheet with a reason (the group's checker only). */
  'scoring.check': ['examiner'],
  /** Read and print scoring sheets: examiners their own (others' once all have signed); centre staff once all have signed. */
  'scoring.view': ['admin', 'centre_admin', 'supervisor', 'examiner'],
  /** Mark subjective theory answers (简答/计算/论述) blind, by anonymous code; audited. */
  'marking.mark': ['examiner'],
  /** See a session's results (成绩): every part, pass, versions and their history. */
  'results.view': ['admin', 'centre_admin', 'supervisor'],
  /** Publish results, correct them (更正/复核, a new version), set double marking, regrade after a key correction. */
  'results.manage': ['centre_admin'],
  /** Issue 职业技能等级证书 to candidates who passed (fed from published results). */
  'certificates.issue': ['centre_admin'],
  /** Print certificates (one, or a session's batch) and download their credentials; audited. */
  'certificates.print': ['centre_admin'],
  /** Revoke a certificate with a reason; audited and published in the status list. */
  'certificates.revoke': ['centre_admin'],
  /**
   * Compute item statistics (试题分析) and write them onto item versions: a centre admin for a
   * session of their centre, a bank admin for a release of their bank; audited.
   */
  'statistics.compute': ['bank_admin', 'centre_admin'],
  /** 季度统计: pass rates and candidate counts from published results, within one's scope; the Excel export is audited. */
  'reports.view': ['admin', 'centre_admin', 'supervisor'],
} as const satisfies Record<string, readonly Role[]>;

export type Action = keyof typeof PERMISSIONS;

export function isAction(value: string): value is Action {
  return Object.prototype.hasOwnProperty.call(PERMISSIONS, value);
}

export function rolesFor(action: Action): readonly Role[] {
  return PERMISSIONS[action];
}

export function roleHasAction(role: Role, action: Action): boolean {
  return (PERMISSIONS[action] as readonly Role[]).includes(role);
}

/** A stable, URL-safe key for one grant: `writer@bank:64ab…` or `admin@global`. */
export function grantKey(grant: RoleGrant): string {
  return grant.scope.type === 'global' ? `${grant.role}@global` : `${grant.role}@${grant.scope.type}:${grant.scope.id}`;
}

/** Every well-formed grant key, as one pattern (documented in the OpenAPI path parameter). */
export const GRANT_KEY_PATTERN = new RegExp(
  `^(?:${ROLES.map((role) =>
    ALLOWED_SCOPES[role]
      .map((type) => (type === 'global' ? `${role}@global` : `${role}@${type}:${type === 'occupation' ? '\\d-\\d{2}-\\d{2}-\\d{2}' : '[0-9a-f]{24}'}`))
      .join('|'),
  ).join('|')})$`,
);

export function parseGrantKey(key: string): RoleGrant | undefined {
  const match = /^([a-z_]+)@(global|bank|occupation|centre|session)(?::(.+))?$/.exec(key);
  if (!match) return undefined;
  const parsed = RoleGrantSchema.safeParse({ role: match[1], scope: match[3] ? { type: match[2], id: match[3] } : { type: match[2] } });
  return parsed.success ? (parsed.data as RoleGrant) : undefined;
}

export function sameGrant(a: RoleGrant, b: RoleGrant): boolean {
  return grantKey(a) === grantKey(b);
}
