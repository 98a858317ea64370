import type { App } from '../../server/app';
import { UserModel } from '../../server/identity/model';
import { SYSTEM_ACTOR } from '../../server/audit/service';
import type { RoleGrant } from '../../server/identity/roles';

export interface DemoAccount {
  username: string;
  password: string;
  role: string;
}

/** One password for every demo account, printed by `npm start`. Never used outside demos. */
export const DEMO_PASSWORD = 'demo123456';

const ELECTRICIAN = '6-31-01-03';

/** Demo staff; bank-scoped grants are added once the demo bank exists. */
const DEMO_USERS: Array<{ username: string; displayName: string; roleLabel: string; roles: RoleGrant[] }> = [
  { username: 'admin', displayName: '系统管理员（演示）', roleLabel: '系统管理员 admin', roles: [{ role: 'admin', scope: { type: 'global' } }] },
  { username: 'supervisor', displayName: '督导员 周明（演示）', roleLabel: '督导员 supervisor (电工)', roles: [{ role: 'supervisor', scope: { type: 'occupation', id: ELECTRICIAN } }] },
];

/** Seeds the demo content once (idempotent: existing accounts are left as they are). */
export async function seedDemoData(options: { app: App; log: (line: string) => void }): Promise<DemoAccount[]> {
  const accounts: DemoAccount[] = [];
  for (const user of DEMO_USERS) {
    if (!(await UserModel.exists({ username: user.username }))) {
      await options.app.identity.createUser({ username: user.username, displayName: user.displayName, password: DEMO_PASSWORD, roles: user.roles }, SYSTEM_ACTOR);
      options.log(`  created demo user ${user.username}`);
    }
    accounts.push({ username: user.username, password: DEMO_PASSWORD, role: user.roleLabel });
  }
  return accounts;
}
