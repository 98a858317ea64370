import { expect } from 'chai';
import { grantKey, parseGrantKey, PERMISSIONS, RoleGrantSchema, ROLES } from '../../../server/identity/roles';
import { principalMay } from '../../../server/identity/policy';
import type { Principal } from '../../../server/platform/routing';

const BANK = '64b7f0c2a1b2c3d4e5f60718';

describe('roles, scopes and permissions', () => {
  it('accepts grants only on the scope types each role allows', () => {
    expect(RoleGrantSchema.safeParse({ role: 'admin', scope: { type: 'global' } }).success).to.equal(true);
    expect(RoleGrantSchema.safeParse({ role: 'writer', scope: { type: 'global' } }).success).to.equal(false);
    expect(RoleGrantSchema.safeParse({ role: 'admin', scope: { type: 'bank', id: BANK } }).success).to.equal(false);
    expect(RoleGrantSchema.safeParse({ role: 'writer', scope: { type: 'occupation', id: '6-31-01-03' } }).success).to.equal(true);
    expect(RoleGrantSchema.safeParse({ role: 'writer', scope: { type: 'occupation', id: 'electrician' } }).success).to.equal(false);
    expect(RoleGrantSchema.safeParse({ role: 'writer', scope: { type: 'bank' } }).success).to.equal(false);
    expect(RoleGrantSchema.safeParse({ role: 'admin', scope: { type: 'global', id: 'x' } }).success).to.equal(false);
  });

  it('round-trips grant keys and rejects malformed ones', () => {
    for (const grant of [
      { role: 'admin', scope: { type: 'global' } },
      { role: 'writer', scope: { type: 'bank', id: BANK } },
      { role: 'supervisor', scope: { type: 'occupation', id: '6-31-01-03' } },
    ] as const) {
      expect(parseGrantKey(grantKey(grant))).to.deep.equal(grant);
    }
    expect(parseGrantKey('writer@global')).to.equal(undefined);
    expect(parseGrantKey('nobody@bank:x')).to.equal(undefined);
  });

  it('every permission names only known roles, and principals hold actions through any grant', () => {
    for (const roles of Object.values(PERMISSIONS)) for (const role of roles) expect(ROLES).to.include(role);
    const principal: Principal = { kind: 'staff', id: 'x', displayName: 'x', tokenVersion: 0, roles: [{ role: 'supervisor', scope: { type: 'occupation', id: '6-31-01-03' } }] };
    expect(principalMay(principal, 'audit.read')).to.equal(true);
    expect(principalMay(principal, 'users.manage')).to.equal(false);
    expect(principalMay(principal, 'no.such.action')).to.equal(false);
    expect(principalMay(principal, 'authenticated')).to.equal(true);
  });
});
