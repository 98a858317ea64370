// Creates the first administrator (or resets an existing one with --reset).
//   npm run create-admin -- --username root --name "系统管理员" [--password ...] [--reset]
// Without --password it is read from ADMIN_PASSWORD or asked for (input hidden).
import { parseArgs } from 'node:util';
import readline from 'node:readline';
import { IdentityService, UsernameSchema } from '../server/identity/service';
import { PasswordSchema } from '../server/identity/passwords';
import { UserModel } from '../server/identity/model';
import { SYSTEM_ACTOR } from '../server/audit/service';
import { runCliCommand } from './db/cli-database';

async function askHidden(question: string): Promise<string> {
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  const output = rl as unknown as { _writeToOutput: (s: string) => void; output: NodeJS.WriteStream };
  output._writeToOutput = (s: string) => {
    if (s.includes(question)) output.output.write(s);
  };
  const answer = await new Promise<string>((resolve) => rl.question(question, resolve));
  rl.close();
  process.stdout.write('\n');
  return answer;
}

async function main(): Promise<number | undefined> {
  const { values } = parseArgs({
    options: { username: { type: 'string' }, name: { type: 'string' }, password: { type: 'string' }, reset: { type: 'boolean', default: false } },
  });
  const username = UsernameSchema.safeParse(values.username ?? 'admin');
  if (!username.success) {
    console.error(`--username: ${username.error.issues[0]?.message}`);
    return 2;
  }
  const password = values.password ?? process.env.ADMIN_PASSWORD ?? (process.stdin.isTTY ? await askHidden('Password for the administrator: ') : '');
  const checked = PasswordSchema.safeParse(password);
  if (!checked.success) {
    console.error(`password: ${checked.error.issues.map((i) => i.message).join('; ')}`);
    return 2;
  }
  runCliCommand(async (config) => {
    const identity = new IdentityService({
      jwtSecret: 'unused-by-this-command-unused-by-this-command',
      jwtTtlSeconds: 3600,
      bcryptCost: config.bcryptCost,
      loginMaxFailures: config.loginMaxFailures,
      loginLockSeconds: config.loginLockSeconds,
      dataKey: config.dataKey ?? 'unused-by-this-command-unused-by-this-command',
    });
    const existing = await UserModel.findOne({ username: username.data }).lean();
    if (existing && !values.reset) {
      console.error(`A user named ${username.data} exists. Use --reset to reset its password and make sure it is an active administrator.`);
      return 1;
    }
    if (existing) {
      const id = String(existing._id);
      await identity.resetPassword(id, checked.data, SYSTEM_ACTOR);
      await identity.grantRole(id, { role: 'admin', scope: { type: 'global' } }, SYSTEM_ACTOR);
      await identity.setStatus(id, 'active', SYSTEM_ACTOR);
      console.log(`Administrator ${username.data} reset.`);
    } else {
      await identity.createUser({ username: username.data, displayName: values.name ?? '系统管理员', password: checked.data, roles: [{ role: 'admin', scope: { type: 'global' } }] }, SYSTEM_ACTOR);
      console.log(`Administrator ${username.data} created.`);
    }
    return 0;
  });
  return undefined;
}

void main().then((code) => {
  if (code !== undefined) process.exit(code);
});
