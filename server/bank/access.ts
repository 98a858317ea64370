import type { Principal } from '../platform/routing';
import { principalMay } from '../identity/policy';
import type { Action, Role } from '../identity/roles';

/** The facts about a bank that scope checks need. */
export interface BankScope {
  id: string;
  occupationCode: string;
  parentBankId?: string;
}

const BANK_ROLES: readonly Role[] = ['bank_admin', 'writer', 'reviewer', 'supervisor'];

/**
 * Whether the principal holds `action` on this bank: through a grant on the bank itself, or
 * on its occupation (writers, reviewers, supervisors). Admins hold their actions globally.
 */
export function mayOnBank(principal: Principal, action: Action, bank: BankScope): boolean {
  if (!principalMay(principal, action)) return false;
  return principal.roles.some((grant) => {
    const role = grant.role as Role;
    if (role === 'admin') return principalMayRole('admin', action);
    if (!BANK_ROLES.includes(role) || !principalMayRole(role, action)) return false;
    if (grant.scope.type === 'bank') return grant.scope.id === bank.id;
    if (grant.scope.type === 'occupation') return grant.scope.id === bank.occupationCode;
    return false;
  });
}

function principalMayRole(role: Role, action: Action): boolean {
  return principalMay({ kind: 'staff', id: '', displayName: '', tokenVersion: 0, roles: [{ role, scope: { type: 'global' } }] }, action);
}

/** Bank ids and occupation codes the principal's bank-role grants cover (for list filters). */
export function bankScopesOf(principal: Principal, action: Action): { all: boolean; bankIds: string[]; occupationCodes: string[] } {
  const bankIds: string[] = [];
  const occupationCodes: string[] = [];
  let all = false;
  for (const grant of principal.roles) {
    const role = grant.role as Role;
    if (!principalMayRole(role, action)) continue;
    if (role === 'admin') all = true;
    else if (grant.scope.type === 'bank' && grant.scope.id) bankIds.push(grant.scope.id);
    else if (grant.scope.type === 'occupation' && grant.scope.id) occupationCodes.push(grant.scope.id);
  }
  return { all, bankIds, occupationCodes };
}
