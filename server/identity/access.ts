import type { Principal } from '../platform/routing';
import { isAction, roleHasAction, ROLES, type Action, type Role } from './roles';

/**
 * The one access decision: may this principal take this action on this target? Services and
 * pages both ask it; nothing else looks at roles. The permission table (roles.ts) says which
 * roles hold an action; a grant's scope says where:
 *
 * - a global grant (admin) covers every target;
 * - a bank grant covers that bank;
 * - an occupation grant covers the occupation, its banks and its sessions;
 * - a centre grant covers the centre and its sessions; a session grant that session.
 *
 * Staff of a sub-bank (分库) also read their parent bank's items, read-only: a bank target may
 * name the sub-banks the caller looked up (`children`), and a read granted through one of them
 * is a decision `via: 'child'`. Each child must name the target as its parent.
 */

/** The facts about a bank a decision needs; built by `bankTarget` (bank/access.ts) only. */
export interface BankScope {
  readonly id: string;
  readonly occupationCode: string;
  readonly parentBankId?: string;
}

export type AccessTarget =
  | { readonly kind: 'global' }
  | ({ readonly kind: 'bank'; readonly children?: readonly BankScope[] } & BankScope)
  | { readonly kind: 'occupation'; readonly code: string }
  | { readonly kind: 'centre'; readonly id: string }
  | { readonly kind: 'session'; readonly id: string; readonly centreId: string; readonly occupationCode?: string };

/** Actions that staff of a sub-bank hold on its parent's items (read-only). */
const READ_THROUGH_CHILD: ReadonlySet<Action> = new Set<Action>(['items.read']);

export type Decision = { allowed: false } | { allowed: true; via: 'grant' | 'child' };

type Grant = Principal['roles'][number];

function isRole(role: string): role is Role {
  return (ROLES as readonly string[]).includes(role);
}

function grantHolds(grant: Grant, action: Action): boolean {
  return isRole(grant.role) && roleHasAction(grant.role, action);
}

/** Whether a grant's scope reaches the target. */
function covers(scope: Grant['scope'], target: AccessTarget): boolean {
  if (scope.type === 'global') return true;
  switch (target.kind) {
    case 'global':
      return false;
    case 'bank':
      return (scope.type === 'bank' && scope.id === target.id) || (scope.type === 'occupation' && scope.id === target.occupationCode);
    case 'occupation':
      return scope.type === 'occupation' && scope.id === target.code;
    case 'centre':
      return scope.type === 'centre' && scope.id === target.id;
    case 'session':
      return (
        (scope.type === 'session' && scope.id === target.id) ||
        (scope.type === 'centre' && scope.id === target.centreId) ||
        (scope.type === 'occupation' && target.occupationCode !== undefined && scope.id === target.occupationCode)
      );
  }
}

export function decide(principal: Principal, action: Action | string, target: AccessTarget): Decision {
  if (!isAction(action)) return { allowed: false };
  const holding = principal.roles.filter((grant) => grantHolds(grant, action));
  if (holding.some((grant) => covers(grant.scope, target))) return { allowed: true, via: 'grant' };
  if (target.kind === 'bank' && READ_THROUGH_CHILD.has(action)) {
    const children = (target.children ?? []).filter((child) => child.parentBankId === target.id);
    if (children.some((child) => holding.some((grant) => covers(grant.scope, { kind: 'bank', ...child })))) return { allowed: true, via: 'child' };
  }
  return { allowed: false };
}

export function may(principal: Principal, action: Action | string, target: AccessTarget): boolean {
  return decide(principal, action, target).allowed;
}

/** Whether the principal holds the action anywhere (route guards; scope is checked after). */
export function holdsAnywhere(principal: Principal, action: Action | string): boolean {
  return isAction(action) && principal.roles.some((grant) => grantHolds(grant, action));
}

/** What the principal's grants for an action cover, for list filters (the same rule as `covers`). */
export function reachOf(principal: Principal, action: Action): { all: boolean; bankIds: string[]; occupationCodes: string[]; centreIds: string[]; sessionIds: string[] } {
  const reach = { all: false, bankIds: [] as string[], occupationCodes: [] as string[], centreIds: [] as string[], sessionIds: [] as string[] };
  for (const grant of principal.roles) {
    if (!grantHolds(grant, action)) continue;
    const { type, id } = grant.scope;
    if (type === 'global') reach.all = true;
    else if (!id) continue;
    else if (type === 'bank') reach.bankIds.push(id);
    else if (type === 'occupation') reach.occupationCodes.push(id);
    else if (type === 'centre') reach.centreIds.push(id);
    else if (type === 'session') reach.sessionIds.push(id);
  }
  return reach;
}
