import type { App } from '../../server/app';
import { UserModel } from '../../server/identity/model';
import { issueToken } from '../../server/identity/tokens';
import type { RoleGrant } from '../../server/identity/roles';
import { SYSTEM_ACTOR } from '../../server/audit/service';
import { TEST_JWT_SECRET } from './app';

export const TEST_PASSWORD = 'test-pass-2026';

export interface StaffUser {
  id: string;
  username: string;
  /** A fresh bearer token for the user's current token version (cheap: no bcrypt). */
  token(): Promise<string>;
}

/** Creates a staff user through the real service (hashing, audit and all). */
export async function createStaff(app: App, username: string, roles: RoleGrant[], password = TEST_PASSWORD): Promise<StaffUser> {
  const user = await app.identity.createUser({ username, displayName: `${username} 测试`, password, roles }, SYSTEM_ACTOR);
  return {
    id: user.id,
    username,
    async token() {
      const doc = await UserModel.findById(user.id).lean();
      if (!doc) throw new Error(`user ${username} vanished`);
      return issueToken(TEST_JWT_SECRET, 3600, { id: user.id, kind: 'staff', roles: doc.roles, tokenVersion: doc.tokenVersion }).token;
    },
  };
}

export function bearer(token: string): [string, string] {
  return ['Authorization', `Bearer ${token}`];
}
