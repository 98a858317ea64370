import type { App } from '../../server/app';
import { UserModel } from '../../server/identity/model';
import { SYSTEM_ACTOR } from '../../server/audit/service';
import { BlueprintModel } from '../../server/assembly/model';
import { CentreModel, ExamSessionModel } from '../../server/sessions/model';
import type { DemoAccount } from './seed';
import { DEMO_CANDIDATES, principalOf } from './exam';

/** The demo centre's examiners (考评员) and the checker (核分人, an examiner by role). */
export const DEMO_EXAMINERS = [
  { username: 'examiner1', displayName: '考评员 钱伟（演示）', label: '考评员 examiner (演示鉴定所, 第一考评组)' },
  { username: 'examiner2', displayName: '考评员 吴敏（演示）', label: '考评员 examiner (演示鉴定所, 第一考评组)' },
  { username: 'examiner3', displayName: '考评员 郑涛（演示）', label: '考评员 examiner (演示鉴定所, 第一考评组)' },
  { username: 'checker', displayName: '核分人 冯洁（演示）', label: '考评员 examiner (演示鉴定所, 第一考评组核分人)' },
];

const TITLE = '电工三级技能操作考核（演示）';

/**
 * An open skill-test session (技能操作考核) at the demo centre, with its tasks drawn by the
 * level-3 skill blueprint, three examiners and a checker on one group for its room: made once.
 */
export async function seedDemoSkillSession(app: App, password: string, log: (line: string) => void): Promise<DemoAccount[]> {
  const centre = await CentreModel.findOne({ type: 'S', orgCode: '0001' }).lean();
  if (!centre) return [];
  for (const user of DEMO_EXAMINERS) {
    if (!(await UserModel.exists({ username: user.username }))) {
      await app.identity.createUser({ username: user.username, displayName: user.displayName, password, roles: [{ role: 'examiner', scope: { type: 'centre', id: String(centre._id) } }] }, SYSTEM_ACTOR);
    }
  }
  const accounts = DEMO_EXAMINERS.map((u) => ({ username: u.username, password, role: u.label }));
  const blueprint = await BlueprintModel.findOne({ name: '三级/高级工 技能操作 默认方案', part: 'skill' }).lean();
  if (!blueprint || (await ExamSessionModel.exists({ centreId: centre._id, title: TITLE }))) return accounts;
  const admin = await principalOf('centreadmin');
  const startsAt = new Date(Math.floor(Date.now() / 60_000) * 60_000);
  const session = await app.sessions.createSession(
    admin,
    {
      centreId: String(centre._id),
      title: TITLE,
      blueprintId: String(blueprint._id),
      mode: 'per-candidate',
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + 8 * 3600_000).toISOString(),
      rooms: [{ code: 'S1', name: '电工实训室（工位 1–10）', seats: 10, proctors: ['proctor1', 'proctor2'] }],
    },
    SYSTEM_ACTOR,
  );
  await app.sessions.register(admin, session.id, DEMO_CANDIDATES, SYSTEM_ACTOR);
  await app.sessions.transition(admin, session.id, 'publish', SYSTEM_ACTOR);
  await app.sessions.transition(admin, session.id, 'open', SYSTEM_ACTOR);
  await app.scoring.setPlan(admin, session.id, { combination: { method: 'mean' }, panels: [{ code: 'A', name: '第一考评组', rooms: ['S1'], examiners: ['examiner1', 'examiner2', 'examiner3'], checker: 'checker' }] }, SYSTEM_ACTOR);
  log(`  opened the demo skill-test session ${session.code}: examiners score at /scoring, the checker confirms`);
  return accounts;
}
