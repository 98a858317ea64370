import type { VersionState } from './model';

/**
 * The item workflow as data: which transition is allowed from which version state, and who
 * may take it. Pure, so the rules are tested without a database.
 *
 *   edit (new version) ──► draft ──submit──► submitted ──approve──► approved
 *                            ▲                  │  └────reject───► rejected
 *                            └────withdraw──────┘
 *   retire: any item that is not retired (bank administrators)
 */
export type Transition = 'submit' | 'withdraw' | 'approve' | 'reject';

export const TRANSITIONS: Record<Transition, { from: VersionState; to: VersionState }> = {
  submit: { from: 'draft', to: 'submitted' },
  withdraw: { from: 'submitted', to: 'withdrawn' },
  approve: { from: 'submitted', to: 'approved' },
  reject: { from: 'submitted', to: 'rejected' },
};

export type WorkflowRefusal =
  | { code: 'not-latest'; message: string }
  | { code: 'wrong-state'; message: string }
  | { code: 'self-review'; message: string }
  | { code: 'retired'; message: string }
  | { code: 'comment-required'; message: string }
  | { code: 'under-review'; message: string }
  | { code: 'unplaced'; message: string };

export interface VersionFacts {
  version: number;
  latestVersion: number;
  state: VersionState;
  authorId: string;
  retired: boolean;
  /** The item has no appraisal point yet (待指定鉴定点): it stays a draft until a writer places it. */
  unplaced?: boolean;
}

/** Why `actorId` may not take `transition` on this version, or undefined when allowed. */
export function refuseTransition(transition: Transition, facts: VersionFacts, actorId: string, comment?: string): WorkflowRefusal | undefined {
  if (facts.retired) return { code: 'retired', message: 'The item is retired.' };
  if (facts.version !== facts.latestVersion) return { code: 'not-latest', message: `Version ${facts.version} is not the latest (${facts.latestVersion}).` };
  const rule = TRANSITIONS[transition];
  if (facts.state !== rule.from) return { code: 'wrong-state', message: `Cannot ${transition} a version that is ${facts.state}; it must be ${rule.from}.` };
  if (facts.unplaced && (transition === 'submit' || transition === 'approve')) {
    return { code: 'unplaced', message: 'The item has no appraisal point yet: a writer must place it on a point before it can be submitted for review.' };
  }
  if ((transition === 'approve' || transition === 'reject') && facts.authorId === actorId) {
    return { code: 'self-review', message: 'Reviewers may not review their own versions.' };
  }
  if (transition === 'reject' && !comment?.trim()) return { code: 'comment-required', message: 'A rejection needs a comment for the writer.' };
  return undefined;
}

/** Editing makes a new draft version; refused while the latest version is under review or the item is retired. */
export function refuseEdit(facts: Pick<VersionFacts, 'state' | 'retired'>): WorkflowRefusal | undefined {
  if (facts.retired) return { code: 'retired', message: 'The item is retired and cannot be edited.' };
  if (facts.state === 'submitted') return { code: 'under-review', message: 'The latest version is under review: withdraw it before editing.' };
  return undefined;
}

/** Which workflow actions the version offers to this actor (access aside): the same rules as above. */
export function offeredActions(facts: VersionFacts & { latestState: VersionState }, actorId: string): { edit: boolean; submit: boolean; withdraw: boolean; review: boolean; retire: boolean } {
  return {
    edit: refuseEdit({ state: facts.latestState, retired: facts.retired }) === undefined,
    submit: refuseTransition('submit', facts, actorId) === undefined,
    withdraw: refuseTransition('withdraw', facts, actorId) === undefined,
    // Approve and reject share their rules but for the comment, which the reviewer writes.
    review: refuseTransition('approve', facts, actorId) === undefined,
    retire: !facts.retired,
  };
}
