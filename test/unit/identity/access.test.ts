import { expect } from 'chai';
import { decide, may, reachOf } from '../../../server/identity/access';
import { bankScopeOf, decideOnBank } from '../../../server/bank/access';
import type { Principal } from '../../../server/platform/routing';

const who = (...roles: Array<[string, string, string?]>): Principal => ({
  kind: 'staff',
  id: 'u1',
  displayName: 'u',
  tokenVersion: 0,
  roles: roles.map(([role, type, id]) => ({ role, scope: id ? { type, id } : { type } })),
});

const NATIONAL = { id: 'a'.repeat(24), occupationCode: '6-31-01-03' };
const PROVINCIAL = { id: 'b'.repeat(24), occupationCode: '6-31-01-03', parentBankId: NATIONAL.id };
const OTHER = { id: 'c'.repeat(24), occupationCode: '4-01-01-01' };

describe('the access decision (principal, action, target)', () => {
  it('a global grant covers every target for the actions its role holds, and no others', () => {
    const admin = who(['admin', 'global']);
    expect(may(admin, 'bank.view', { kind: 'bank', ...OTHER })).to.equal(true);
    expect(may(admin, 'standards.manage', { kind: 'global' })).to.equal(true);
    expect(may(admin, 'items.read', { kind: 'bank', ...NATIONAL })).to.equal(false);
  });

  it('a bank grant covers its bank only; an occupation grant covers the occupation’s banks', () => {
    const writer = who(['writer', 'bank', PROVINCIAL.id]);
    expect(may(writer, 'items.write', { kind: 'bank', ...PROVINCIAL })).to.equal(true);
    expect(may(writer, 'items.write', { kind: 'bank', ...NATIONAL })).to.equal(false);
    const reviewer = who(['reviewer', 'occupation', '6-31-01-03']);
    expect(may(reviewer, 'items.review', { kind: 'bank', ...NATIONAL })).to.equal(true);
    expect(may(reviewer, 'items.review', { kind: 'bank', ...OTHER })).to.equal(false);
    expect(may(reviewer, 'items.write', { kind: 'bank', ...NATIONAL })).to.equal(false);
    expect(may(reviewer, 'standards.manage', { kind: 'global' })).to.equal(false);
  });

  it('sub-bank staff read the parent bank’s items through their sub-bank, and do nothing else there', () => {
    const writer = who(['writer', 'bank', PROVINCIAL.id]);
    const target = { kind: 'bank' as const, ...NATIONAL, children: [PROVINCIAL] };
    expect(decide(writer, 'items.read', target)).to.deep.equal({ allowed: true, via: 'child' });
    expect(decide(writer, 'items.write', target)).to.deep.equal({ allowed: false });
    // A "child" that does not name the target as its parent grants nothing.
    expect(decide(writer, 'items.read', { ...target, children: [{ ...PROVINCIAL, parentBankId: OTHER.id }] })).to.deep.equal({ allowed: false });
    expect(decideOnBank(writer, 'items.read', { _id: NATIONAL.id, occupationCode: NATIONAL.occupationCode }, [{ _id: PROVINCIAL.id, occupationCode: PROVINCIAL.occupationCode, parentBankId: NATIONAL.id }])).to.deep.equal({ allowed: true, via: 'child' });
  });

  it('centre, session and occupation grants cover sessions', () => {
    const session = { kind: 'session' as const, id: 'd'.repeat(24), centreId: 'e'.repeat(24), occupationCode: '6-31-01-03' };
    expect(may(who(['supervisor', 'session', session.id]), 'audit.read', session)).to.equal(true);
    expect(may(who(['supervisor', 'centre', session.centreId]), 'audit.read', session)).to.equal(true);
    expect(may(who(['supervisor', 'occupation', '6-31-01-03']), 'audit.read', session)).to.equal(true);
    expect(may(who(['supervisor', 'centre', 'f'.repeat(24)]), 'audit.read', session)).to.equal(false);
    expect(may(who(['supervisor', 'centre', session.centreId]), 'audit.read', { kind: 'centre', id: session.centreId })).to.equal(true);
  });

  it('refuses unknown actions and roles', () => {
    expect(may(who(['admin', 'global']), 'no.such.action', { kind: 'global' })).to.equal(false);
    expect(may(who(['wizard', 'global']), 'bank.view', { kind: 'global' })).to.equal(false);
  });

  it('lists what grants reach, for list filters, by the same rule', () => {
    const p = who(['writer', 'bank', PROVINCIAL.id], ['writer', 'occupation', '6-31-01-03'], ['reviewer', 'bank', OTHER.id]);
    expect(reachOf(p, 'items.write')).to.deep.equal({ all: false, bankIds: [PROVINCIAL.id], occupationCodes: ['6-31-01-03'], centreIds: [], sessionIds: [] });
    expect(reachOf(who(['admin', 'global']), 'bank.view').all).to.equal(true);
  });

  it('builds the bank target in one place, keeping the parent', () => {
    expect(bankScopeOf({ _id: PROVINCIAL.id, occupationCode: '6-31-01-03', parentBankId: NATIONAL.id })).to.deep.equal(PROVINCIAL);
    expect(bankScopeOf({ id: NATIONAL.id, occupationCode: '6-31-01-03', parentBankId: null })).to.deep.equal(NATIONAL);
  });
});
