import request from 'supertest';
import type { App } from '../../server/app';
import { importAndRelease } from './bank';
import { bearer, createStaff, type StaffUser } from './identity';
import { createExamWorld, residentId, type ExamWorld } from './exam';

/** The scoring rows of every fixture task: 20 + 40 + 30 + 10 (the last a veto row) = 100. */
export const TASK_ROWS = [
  { element: '工具与仪表使用', requirement: '正确选用工具和仪表', points: 20, deductionRules: '选错工具每次扣 5 分', veto: false },
  { element: '线路安装', requirement: '按图安装，布线横平竖直', points: 40, deductionRules: '每处不符扣 5 分', veto: false },
  { element: '通电试验', requirement: '一次通电成功', points: 30, deductionRules: '第一次不成功扣 15 分，第二次不成功扣 30 分', veto: false },
  { element: '安全文明生产', requirement: '遵守安全操作规程', points: 10, deductionRules: '发生严重设备和人身事故取消考试资格', veto: true },
];

/** Approved skill tasks on both skill points (E001, F001) at every level, imported and released. */
export async function releaseSkillTasks(app: App, bankId: string, perPoint = 3): Promise<void> {
  const items = ['E001', 'F001'].flatMap((point) =>
    Array.from({ length: perPoint }, (_, i) => ({
      code: `${point}-${String(900 + i)}`,
      status: 'approved',
      version: 1,
      content: {
        type: 'skill', pointCode: point, levels: [5, 4, 3, 2, 1], difficulty: 3, estimatedSeconds: 3600,
        stem: `<p>技能操作试题 ${point}-${i + 1}：按图完成照明线路的安装与调试。</p>`, explanation: '', tags: [],
        venuePreparation: ['配电板一块', '单相电能表一只'], candidatePreparation: ['电工常用工具一套'], timeAllowedMinutes: 90,
        scoringRows: TASK_ROWS,
      },
    })),
  );
  await importAndRelease(app, bankId, items, 'skill fixture');
}

export interface SkillWorld extends ExamWorld {
  skillBlueprintId: string;
  /** examiner1…examiner5 at the centre. */
  examiners: StaffUser[];
  /** checker1 (an examiner by role) at the centre. */
  checker: StaffUser;
  /** An examiner of the other centre. */
  outsider: StaffUser;
}

/** The exam world plus released skill tasks, a level-3 skill blueprint (two tasks × 50), examiners and a checker. */
export async function createSkillWorld(app: App): Promise<SkillWorld> {
  const world = await createExamWorld(app, 6);
  await releaseSkillTasks(app, world.bankId);
  const blueprint = await request(app.express)
    .post('/api/v1/blueprints')
    .set(...bearer(await world.bankAdmin.token()))
    .send({ bankId: world.bankId, name: '三级技能操作', level: 3, part: 'skill', sections: [{ type: 'skill', count: 2, pointsPerItem: 50 }] });
  if (blueprint.status !== 201) throw new Error(`skill blueprint: ${blueprint.status} ${blueprint.text}`);
  const examiners: StaffUser[] = [];
  for (let i = 1; i <= 5; i++) examiners.push(await createStaff(app, `examiner${i}`, [{ role: 'examiner', scope: { type: 'centre', id: world.centreId } }]));
  const checker = await createStaff(app, 'checker1', [{ role: 'examiner', scope: { type: 'centre', id: world.centreId } }]);
  const outsider = await createStaff(app, 'examiner9', [{ role: 'examiner', scope: { type: 'centre', id: world.otherCentreId } }]);
  return { ...world, skillBlueprintId: blueprint.body.blueprint.id as string, examiners, checker, outsider };
}

let counter = 5000;

export interface ScoredSession {
  id: string;
  candidates: Array<{ registrationId: string; admissionNo: string; name: string; idNumber: string }>;
}

/** Schedules a skill session (or a level-2 panel review), registers, publishes and opens it. */
export async function scheduleScoredSession(app: App, world: SkillWorld, options: { part: 'skill' | 'review'; count: number; level?: number }): Promise<ScoredSession> {
  const token = await world.centreAdmin.token();
  const startsAt = new Date(Date.now() - 60_000);
  const what = options.part === 'review' ? { part: 'review', bankId: world.bankId, level: options.level ?? 2 } : { blueprintId: world.skillBlueprintId };
  const created = await request(app.express)
    .post('/api/v1/sessions')
    .set(...bearer(token))
    .send({ centreId: world.centreId, title: options.part === 'review' ? '电工二级综合评审' : '电工三级技能操作考核', ...what, startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + 4 * 3600_000).toISOString(), rooms: [{ code: '01', name: '实训室一', seats: Math.max(10, options.count), proctors: ['proctor1', 'proctor2'] }] });
  if (created.status !== 201) throw new Error(`session: ${created.status} ${created.text}`);
  const id = created.body.id as string;
  const people = Array.from({ length: options.count }, () => {
    counter += 1;
    return { name: `考生${counter}`, idType: 'resident_id', idNumber: residentId(counter) };
  });
  const registered = await request(app.express).post(`/api/v1/sessions/${id}/registrations`).set(...bearer(token)).send({ candidates: people });
  if (registered.status !== 201) throw new Error(`registrations: ${registered.status} ${registered.text}`);
  await request(app.express).post(`/api/v1/sessions/${id}/publish`).set(...bearer(token)).expect(200);
  await request(app.express).post(`/api/v1/sessions/${id}/open`).set(...bearer(token)).expect(200);
  const items = registered.body.items as Array<{ id: string; admissionNo: string; name: string }>;
  return { id, candidates: items.map((r) => ({ registrationId: r.id, admissionNo: r.admissionNo, name: r.name, idNumber: people.find((p) => p.name === r.name)!.idNumber })) };
}

/** Sets the session's one examiner group (room 01) with the given examiners, rule and checker1. */
export async function setPanel(app: App, world: SkillWorld, sessionId: string, examiners: StaffUser[], combination: { method: string; trim?: number } = { method: 'mean' }): Promise<request.Response> {
  return request(app.express)
    .put(`/api/v1/sessions/${sessionId}/scoring-plan`)
    .set(...bearer(await world.centreAdmin.token()))
    .send({ combination, panels: [{ code: 'A', name: '第一考评组', rooms: ['01'], examiners: examiners.map((e) => e.username), checker: world.checker.username }] });
}

/** An open skill session of one candidate, scored by examiner1–3 as one group with checker1. */
export async function oneCandidateBeforeThePanel(app: App, world: SkillWorld): Promise<ScoredSession> {
  const session = await scheduleScoredSession(app, world, { part: 'skill', count: 1 });
  const panel = await setPanel(app, world, session.id, world.examiners.slice(0, 3));
  if (panel.status !== 200) throw new Error(`scoring plan: ${panel.status} ${panel.text}`);
  return session;
}

/** One examiner saves and signs a sheet with these deductions; returns the signed sheet. */
export async function scoreAndSign(app: App, examiner: StaffUser, registrationId: string, position: number, deductions: number[], vetoed = false): Promise<{ id: string; score: number; revision: number }> {
  const token = await examiner.token();
  const saved = await request(app.express).put(`/api/v1/registrations/${registrationId}/tasks/${position}/sheet`).set(...bearer(token)).send({ rows: deductions.map((deduction) => ({ deduction, remark: deduction ? '扣分' : '' })), vetoed });
  if (saved.status !== 200) throw new Error(`save: ${saved.status} ${saved.text}`);
  const signed = await request(app.express).post(`/api/v1/registrations/${registrationId}/tasks/${position}/sheet/sign`).set(...bearer(token)).send({ revision: saved.body.revision });
  if (signed.status !== 200) throw new Error(`sign: ${signed.status} ${signed.text}`);
  return signed.body as { id: string; score: number; revision: number };
}
