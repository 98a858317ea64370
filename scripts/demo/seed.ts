import { mkdtempSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { App } from '../../server/app';
import { UserModel } from '../../server/identity/model';
import { BankModel } from '../../server/bank/model';
import { OccupationModel, StandardModel } from '../../server/standards/model';
import { SYSTEM_ACTOR } from '../../server/audit/service';
import type { RoleGrant } from '../../server/identity/roles';
import type { Principal } from '../../server/platform/routing';
import { DEFAULT_LEVEL_NAMES } from '../../server/standards/schemas';
import { BANK_EXPORT_FORMAT, BANK_EXPORT_FORMAT_VERSION } from '../../server/bank/interchange';
import { electricianOccupation, electricianStandard } from './electrician/standard';
import { generateElectricianItems } from './electrician/items';
import { seedDemoExam } from './exam';
import { seedDemoSkillSession } from './skill';
import { seedDemoResults } from './results';

export interface DemoAccount {
  username: string;
  password: string;
  role: string;
}

/** One password for every demo account, printed by `npm start`. Never used outside demos. */
export const DEMO_PASSWORD = 'demo123456';
export const DEMO_BANK_CODE = 'NAT-DG-2018';
export const DEMO_SEED = 20181;

const ELECTRICIAN = electricianOccupation.code;

interface DemoUser {
  username: string;
  displayName: string;
  roleLabel: string;
  roles: (bankId: string) => RoleGrant[];
}

const DEMO_USERS: DemoUser[] = [
  { username: 'admin', displayName: '系统管理员（演示）', roleLabel: '系统管理员 admin', roles: () => [{ role: 'admin', scope: { type: 'global' } }] },
  { username: 'bankadmin', displayName: '题库管理员 陈静（演示）', roleLabel: '题库管理员 bank admin (电工国家题库)', roles: (bank) => [{ role: 'bank_admin', scope: { type: 'bank', id: bank } }] },
  { username: 'writer', displayName: '命题专家 王磊（演示）', roleLabel: '命题专家 writer (电工国家题库)', roles: (bank) => [{ role: 'writer', scope: { type: 'bank', id: bank } }] },
  { username: 'writer2', displayName: '命题专家 刘芳（演示）', roleLabel: '命题专家 writer (职业 电工)', roles: () => [{ role: 'writer', scope: { type: 'occupation', id: ELECTRICIAN } }] },
  { username: 'reviewer', displayName: '审题专家 张伟（演示）', roleLabel: '审题专家 reviewer (职业 电工)', roles: () => [{ role: 'reviewer', scope: { type: 'occupation', id: ELECTRICIAN } }] },
  { username: 'supervisor', displayName: '督导员 周明（演示）', roleLabel: '督导员 supervisor (职业 电工)', roles: () => [{ role: 'supervisor', scope: { type: 'occupation', id: ELECTRICIAN } }] },
];

async function principalOf(app: App, username: string): Promise<Principal> {
  const user = await UserModel.findOne({ username }).lean();
  if (!user) throw new Error(`demo user ${username} missing`);
  return { kind: 'staff', id: String(user._id), displayName: user.displayName, roles: user.roles, tokenVersion: user.tokenVersion };
}

/**
 * Seeds the demo content once: the 电工 occupation and its 2018 standard (demo values), the
 * national bank with the generated items (approved) and a published release, a few items in
 * the workflow for the reviewer queue, and the demo staff. Idempotent: what exists is kept.
 */
export async function seedDemoData(options: { app: App; log: (line: string) => void }): Promise<DemoAccount[]> {
  const { app, log } = options;
  if (!(await OccupationModel.exists({ code: ELECTRICIAN }))) await app.standards.createOccupation(electricianOccupation, SYSTEM_ACTOR);
  if (!(await StandardModel.exists({ occupationCode: ELECTRICIAN, edition: electricianStandard.edition }))) {
    await app.standards.createStandard(electricianStandard, SYSTEM_ACTOR);
    log('  created the demo 电工 standard (2018, demo values)');
  }
  let bank = await BankModel.findOne({ code: DEMO_BANK_CODE }).lean();
  const created = !bank;
  if (!bank) {
    const view = await app.bank.createBank({ code: DEMO_BANK_CODE, name: '电工国家题库（演示）', tier: 'national', occupationCode: ELECTRICIAN, standardEdition: electricianStandard.edition }, SYSTEM_ACTOR);
    bank = await BankModel.findById(view.id).lean();
  }
  const bankId = String(bank!._id);
  for (const user of DEMO_USERS) {
    if (!(await UserModel.exists({ username: user.username }))) {
      await app.identity.createUser({ username: user.username, displayName: user.displayName, password: DEMO_PASSWORD, roles: user.roles(bankId) }, SYSTEM_ACTOR);
    }
  }
  if (created) await seedBankContent(app, bankId, log);
  const exam = await seedDemoExam(app, DEMO_PASSWORD, log);
  const skill = await seedDemoSkillSession(app, DEMO_PASSWORD, log);
  const results = await seedDemoResults(app, DEMO_PASSWORD, log);
  // The skill test and the theory marking share the demo examiners: one line each, both roles named.
  const accounts = new Map<string, { username: string; password: string; role: string }>();
  for (const a of [...DEMO_USERS.map((u) => ({ username: u.username, password: DEMO_PASSWORD, role: u.roleLabel })), ...exam, ...skill, ...results]) {
    const seen = accounts.get(a.username);
    accounts.set(a.username, seen ? { ...seen, role: `${seen.role}；${a.role}` } : a);
  }
  return [...accounts.values()];
}

async function seedBankContent(app: App, bankId: string, log: (line: string) => void): Promise<void> {
  const started = Date.now();
  const items = generateElectricianItems({ seed: DEMO_SEED });
  log(`  generating the demo bank: ${items.length} items…`);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'demo-seed-'));
  const file = path.join(dir, 'demo-bank.json');
  try {
    await writeFile(
      file,
      JSON.stringify({
        format: BANK_EXPORT_FORMAT,
        formatVersion: BANK_EXPORT_FORMAT_VERSION,
        exportedAt: new Date().toISOString(),
        bank: { code: DEMO_BANK_CODE, name: '电工国家题库（演示）', occupationCode: ELECTRICIAN, standardEdition: electricianStandard.edition, tier: 'national' },
        items: items.map((item) => ({ code: item.code, status: 'approved', version: 1, content: item.content })),
      }),
    );
    const admin = await principalOf(app, 'bankadmin');
    const dry = await app.transfer.dryRun(admin, bankId, { path: file, originalName: 'demo-bank.json' }, 'approved', SYSTEM_ACTOR);
    if (!dry.canCommit) throw new Error(`demo bank import refused: ${JSON.stringify(dry.errors.slice(0, 5))}`);
    await app.transfer.commit(admin, bankId, dry.jobId, SYSTEM_ACTOR);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const release = await app.bank.publishRelease(await principalOf(app, 'bankadmin'), bankId, '演示题库首次发布', SYSTEM_ACTOR);
  log(`  published release #${release.number} with ${release.itemCount} items (${Math.round((Date.now() - started) / 100) / 10} s)`);

  // Default blueprints (组卷方案) for every level: theory papers and a one-task skill test.
  const admin = await principalOf(app, 'bankadmin');
  for (const level of [5, 4, 3, 2, 1] as const) {
    const name = `${DEFAULT_LEVEL_NAMES[level].zh} 理论知识 默认方案`;
    const { feasibility } = await app.assembly.createBlueprint(admin, bankId, { name, level, part: 'theory' }, SYSTEM_ACTOR);
    if (!feasibility.ok) log(`  warning: ${name} is not feasible on the demo release: ${feasibility.infeasible.map((i) => i.message).join('; ')}`);
    await app.assembly.createBlueprint(admin, bankId, { name: `${DEFAULT_LEVEL_NAMES[level].zh} 技能操作 默认方案`, level, part: 'skill' }, SYSTEM_ACTOR);
  }

  // A few items in the workflow, so the writer and reviewer areas are not empty.
  const writer = await principalOf(app, 'writer');
  const submitted = await app.bank.createItem(writer, bankId, {
    type: 'single',
    pointCode: 'BAA001',
    levels: [5, 4],
    difficulty: 2,
    estimatedSeconds: 60,
    stem: '<p>某电阻两端电压为 12 V 时，通过的电流为 0.5 A，则该电阻的阻值为（　）。</p>',
    options: [
      { key: 'A', html: '24 Ω' },
      { key: 'B', html: '6 Ω' },
      { key: 'C', html: '0.042 Ω' },
      { key: 'D', html: '12.5 Ω' },
    ],
    answer: 'A',
    explanation: '<p>R = U / I = 12 / 0.5 = 24 Ω。</p>',
    tags: ['欧姆定律', '演示'],
  }, SYSTEM_ACTOR);
  await app.bank.transition(writer, submitted.id, 1, 'submit', undefined, SYSTEM_ACTOR);
  await app.bank.createItem(writer, bankId, {
    type: 'judge',
    pointCode: 'BD001',
    levels: [5, 4, 3],
    difficulty: 1,
    estimatedSeconds: 30,
    stem: '<p>在特别潮湿的场所或金属容器内工作时，手提照明灯应采用 12 V 安全电压。</p>',
    answer: true,
    explanation: '<p>特别危险环境中使用的手提照明灯应采用 12 V 安全电压。</p>',
    tags: ['安全电压', '演示'],
  }, SYSTEM_ACTOR);
}
