import type { Principal } from '../platform/routing';
import { decide, may, reachOf, type BankScope, type Decision } from '../identity/access';
import type { Action } from '../identity/roles';

/**
 * The bank as an access target, built here and nowhere else: its id, occupation and parent.
 * Decisions themselves are identity/access.ts's.
 */
export type { BankScope };

/** A bank document (`_id`) or view (`id`). */
export type BankLike = { _id: unknown; occupationCode: string; parentBankId?: unknown } | { id: string; occupationCode: string; parentBankId?: string | null };

export function bankScopeOf(bank: BankLike): BankScope {
  const id = '_id' in bank ? String(bank._id) : bank.id;
  const parent = bank.parentBankId;
  return { id, occupationCode: bank.occupationCode, ...(parent ? { parentBankId: String(parent) } : {}) };
}

/** Whether the principal holds `action` on this bank. */
export function mayOnBank(principal: Principal, action: Action, bank: BankLike): boolean {
  return may(principal, action, { kind: 'bank', ...bankScopeOf(bank) });
}

/** The decision on a bank, counting reads through the sub-banks given (`via: 'child'`). */
export function decideOnBank(principal: Principal, action: Action, bank: BankLike, children: readonly BankLike[] = []): Decision {
  return decide(principal, action, { kind: 'bank', ...bankScopeOf(bank), children: children.map(bankScopeOf) });
}

/** Bank ids and occupation codes the principal's grants for an action cover (for list filters). */
export function bankScopesOf(principal: Principal, action: Action): { all: boolean; bankIds: string[]; occupationCodes: string[] } {
  const { all, bankIds, occupationCodes } = reachOf(principal, action);
  return { all, bankIds, occupationCodes };
}
