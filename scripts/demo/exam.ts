import type { App } from '../../server/app';
import { UserModel } from '../../server/identity/model';
import { SYSTEM_ACTOR } from '../../server/audit/service';
import { BlueprintModel } from '../../server/assembly/model';
import { CentreModel, ExamSessionModel, RegistrationModel } from '../../server/sessions/model';
import type { Principal } from '../../server/platform/routing';
import type { DemoAccount } from './seed';

/** The demo centre's staff; the password is the demo one. */
export const DEMO_CENTRE_USERS = [
  { username: 'centreadmin', displayName: '鉴定所管理员 李娜（演示）', role: 'centre_admin' as const, label: '评价机构管理员 centre admin (演示鉴定所)' },
  { username: 'proctor1', displayName: '监考员 赵强（演示）', role: 'proctor' as const, label: '监考员 proctor (演示鉴定所)' },
  { username: 'proctor2', displayName: '监考员 孙丽（演示）', role: 'proctor' as const, label: '监考员 proctor (演示鉴定所)' },
];

/** Demo candidates: valid resident ID numbers (GB 11643 check digits). */
export const DEMO_CANDIDATES = [
  { name: '张三', idType: 'resident_id' as const, idNumber: '110101199003074514' },
  { name: '李四', idType: 'resident_id' as const, idNumber: '110101199105126119' },
  { name: '王五', idType: 'resident_id' as const, idNumber: '110101199208203017' },
];

export async function principalOf(username: string): Promise<Principal> {
  const user = await UserModel.findOne({ username }).lean();
  if (!user) throw new Error(`demo user ${username} missing`);
  return { kind: 'staff', id: String(user._id), displayName: user.displayName, roles: user.roles, tokenVersion: user.tokenVersion };
}

/**
 * A demo centre with its staff, and an open computer-based theory session that candidates can
 * sit now: made on first start, and made again whenever the last one can no longer be entered.
 * Returns the accounts to print (candidates sign in at /exam/login with 准考证号 + 证件号码).
 */
export async function seedDemoExam(app: App, password: string, log: (line: string) => void): Promise<DemoAccount[]> {
  let centre = await CentreModel.findOne({ type: 'S', orgCode: '0001' }).lean();
  if (!centre) {
    const view = await app.sessions.createCentre({ name: '北京市第一职业技能鉴定所（演示）', orgCode: '0001', provinceCode: '11', type: 'S' }, SYSTEM_ACTOR);
    centre = await CentreModel.findById(view.id).lean();
  }
  const centreId = String(centre!._id);
  for (const user of DEMO_CENTRE_USERS) {
    if (!(await UserModel.exists({ username: user.username }))) {
      await app.identity.createUser({ username: user.username, displayName: user.displayName, password, roles: [{ role: user.role, scope: { type: 'centre', id: centreId } }] }, SYSTEM_ACTOR);
    }
  }
  const staff = DEMO_CENTRE_USERS.map((u) => ({ username: u.username, password, role: u.label }));
  const blueprint = await BlueprintModel.findOne({ name: '三级/高级工 理论知识 默认方案', part: 'theory' }).lean();
  if (!blueprint) return staff;

  const now = Date.now();
  const usable = await ExamSessionModel.findOne({ centreId: centre!._id, status: 'open', title: '电工三级理论知识考试（演示）' }).sort({ startsAt: -1 }).lean();
  let sessionId = usable && usable.startsAt.getTime() + usable.lateEntryMinutes * 60_000 > now + 30 * 60_000 ? String(usable._id) : undefined;
  if (!sessionId) {
    const admin = await principalOf('centreadmin');
    const startsAt = new Date(Math.ceil((now + 60_000) / 60_000) * 60_000);
    const session = await app.sessions.createSession(
      admin,
      {
        centreId,
        title: '电工三级理论知识考试（演示）',
        blueprintId: String(blueprint._id),
        mode: 'per-candidate',
        startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + 4 * 3600_000).toISOString(),
        durationMinutes: 90,
        lateEntryMinutes: 120,
        showScore: true,
        rooms: [{ code: '01', name: '第一考场', seats: 30, proctors: ['proctor1', 'proctor2'] }],
      },
      SYSTEM_ACTOR,
    );
    sessionId = session.id;
    await app.sessions.register(admin, sessionId, DEMO_CANDIDATES, SYSTEM_ACTOR);
    await app.sessions.transition(admin, sessionId, 'publish', SYSTEM_ACTOR);
    await app.sessions.transition(admin, sessionId, 'open', SYSTEM_ACTOR);
    log(`  opened the demo exam session ${session.code} (starts ${startsAt.toISOString()}, entry until 2 h after)`);
  }
  const regs = await RegistrationModel.find({ sessionId }).sort({ serial: 1 }).lean();
  const candidates = regs.map((r) => ({ username: r.admissionNo, password: DEMO_CANDIDATES.find((c) => c.name === r.name)?.idNumber ?? '', role: `考生 candidate ${r.name} (/exam/login: 准考证号 / 证件号码)` }));
  return [...staff, ...candidates];
}
