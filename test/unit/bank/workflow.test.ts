import { expect } from 'chai';
import fc from 'fast-check';
import { refuseEdit, refuseTransition, TRANSITIONS, type Transition } from '../../../server/bank/workflow';
import { VERSION_STATES, type VersionState } from '../../../server/bank/model';

const facts = (state: VersionState, overrides: Partial<{ version: number; latestVersion: number; authorId: string; retired: boolean; unplaced: boolean }> = {}) => ({
  version: 3,
  latestVersion: 3,
  state,
  authorId: 'author',
  retired: false,
  ...overrides,
});

describe('item workflow rules', () => {
  it('an item without an appraisal point (待指定鉴定点) may be withdrawn or rejected, never submitted or approved', () => {
    expect(refuseTransition('submit', facts('draft', { unplaced: true }), 'author')?.code).to.equal('unplaced');
    expect(refuseTransition('approve', facts('submitted', { unplaced: true }), 'reviewer')?.code).to.equal('unplaced');
    expect(refuseTransition('reject', facts('submitted', { unplaced: true }), 'reviewer', 'place it first')).to.equal(undefined);
    expect(refuseTransition('withdraw', facts('submitted', { unplaced: true }), 'author')).to.equal(undefined);
    expect(refuseEdit({ state: 'draft', retired: false })).to.equal(undefined);
    expect(refuseTransition('submit', facts('draft', { unplaced: false }), 'author')).to.equal(undefined);
  });

  it('allows exactly the documented transitions', () => {
    const allowed: Array<[Transition, VersionState]> = [];
    for (const transition of Object.keys(TRANSITIONS) as Transition[]) {
      for (const state of VERSION_STATES) {
        if (!refuseTransition(transition, facts(state), 'someone-else', 'a comment')) allowed.push([transition, state]);
      }
    }
    expect(allowed).to.deep.equal([
      ['submit', 'draft'],
      ['withdraw', 'submitted'],
      ['approve', 'submitted'],
      ['reject', 'submitted'],
    ]);
  });

  it('never lets the author review their own version', () => {
    expect(refuseTransition('approve', facts('submitted'), 'author')?.code).to.equal('self-review');
    expect(refuseTransition('reject', facts('submitted'), 'author', 'x')?.code).to.equal('self-review');
    expect(refuseTransition('submit', facts('draft'), 'author')).to.equal(undefined);
  });

  it('acts only on the latest version of a live item, and rejections need a comment', () => {
    expect(refuseTransition('approve', facts('submitted', { version: 2 }), 'r')?.code).to.equal('not-latest');
    expect(refuseTransition('approve', facts('submitted', { retired: true }), 'r')?.code).to.equal('retired');
    expect(refuseTransition('reject', facts('submitted'), 'r', '   ')?.code).to.equal('comment-required');
  });

  it('property: no transition is ever allowed on a retired item or a non-latest version', () => {
    fc.assert(
      fc.property(fc.constantFrom(...(Object.keys(TRANSITIONS) as Transition[])), fc.constantFrom(...VERSION_STATES), fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 9 }), fc.boolean(), (t, state, version, latest, retired) => {
        const refusal = refuseTransition(t, facts(state, { version, latestVersion: latest, retired }), 'r', 'c');
        if (retired || version !== latest) expect(refusal).not.to.equal(undefined);
      }),
    );
  });

  it('edits are refused while under review or when retired', () => {
    expect(refuseEdit({ state: 'submitted', retired: false })?.code).to.equal('under-review');
    expect(refuseEdit({ state: 'approved', retired: true })?.code).to.equal('retired');
    for (const state of ['draft', 'approved', 'rejected', 'withdrawn'] as const) expect(refuseEdit({ state, retired: false })).to.equal(undefined);
  });
});
