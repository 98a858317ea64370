import request from 'supertest';
import type { App } from '../../server/app';
import { createStaff, bearer, type StaffUser } from './identity';
import { createBankWorld, releaseApprovedItems } from './bank';

/** A valid resident ID number (GB 11643 check digit) for candidate n. */
export function residentId(n: number): string {
  const body = `1101011990${String(n).padStart(7, '0')}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = weights.reduce((a, w, i) => a + w * Number(body[i]), 0);
  return body + '10X98765432'[sum % 11]!;
}

export interface ExamWorld {
  bankId: string;
  blueprintId: string;
  centreId: string;
  otherCentreId: string;
  admin: StaffUser;
  bankAdmin: StaffUser;
  centreAdmin: StaffUser;
  proctors: [StaffUser, StaffUser];
  otherProctor: StaffUser;
}

/**
 * A bank with a release, a 30-item theory blueprint (10 判断 × 2 + 20 单选 × 4 = 100), two
 * centres, a centre admin and two proctors at the first, a proctor at the second.
 */
export async function createExamWorld(app: App, perPoint = 20, sections: Array<{ type: string; count: number; pointsPerItem: number }> = [{ type: 'judge', count: 10, pointsPerItem: 2 }, { type: 'single', count: 20, pointsPerItem: 4 }], options: { shortPerPoint?: number } = {}): Promise<ExamWorld> {
  const banks = await createBankWorld(app);
  const bankId = banks.electrician.id;
  await releaseApprovedItems(app, bankId, perPoint, options);
  const admin = await createStaff(app, 'sysadmin', [{ role: 'admin', scope: { type: 'global' } }]);
  const bankAdmin = await createStaff(app, 'bankadmin', [{ role: 'bank_admin', scope: { type: 'bank', id: bankId } }]);
  const blueprint = await request(app.express)
    .post('/api/v1/blueprints')
    .set(...bearer(await bankAdmin.token()))
    .send({ bankId, name: '三级机考', level: 3, part: 'theory', durationMinutes: 60, sections })
    .expect(201);
  const centre = await request(app.express).post('/api/v1/centres').set(...bearer(await admin.token())).send({ name: '北京市第一职业技能鉴定所', orgCode: '0001', provinceCode: '11', type: 'S' }).expect(201);
  const other = await request(app.express).post('/api/v1/centres').set(...bearer(await admin.token())).send({ name: '上海市职业技能鉴定中心', orgCode: '0002', provinceCode: '31', type: 'S' }).expect(201);
  const centreId = centre.body.id as string;
  const otherCentreId = other.body.id as string;
  const centreAdmin = await createStaff(app, 'centreadmin', [{ role: 'centre_admin', scope: { type: 'centre', id: centreId } }]);
  const proctors: [StaffUser, StaffUser] = [
    await createStaff(app, 'proctor1', [{ role: 'proctor', scope: { type: 'centre', id: centreId } }]),
    await createStaff(app, 'proctor2', [{ role: 'proctor', scope: { type: 'centre', id: centreId } }]),
  ];
  const otherProctor = await createStaff(app, 'proctor9', [{ role: 'proctor', scope: { type: 'centre', id: otherCentreId } }]);
  return { bankId, blueprintId: blueprint.body.blueprint.id as string, centreId, otherCentreId, admin, bankAdmin, centreAdmin, proctors, otherProctor };
}

export interface ScheduledSession {
  id: string;
  candidates: Array<{ registrationId: string; admissionNo: string; idNumber: string; name: string }>;
}

let candidateCounter = 0;

/** Schedules, registers `count` candidates, publishes (unless `publish: false`) and (unless `open: false`) opens a session. */
export async function scheduleSession(
  app: App,
  world: ExamWorld,
  options: { startsAt: Date; endsAt: Date; count: number; open?: boolean; publish?: boolean; batch?: string; rooms?: number; mode?: 'per-candidate' | 'forms'; graceSeconds?: number; lateEntryMinutes?: number; showScore?: boolean; screenSwitchLimit?: number; durationMinutes?: number },
): Promise<ScheduledSession> {
  const token = await world.centreAdmin.token();
  const created = await request(app.express)
    .post('/api/v1/sessions')
    .set(...bearer(token))
    .send({
      centreId: world.centreId,
      title: '电工三级理论知识考试',
      ...(options.batch ? { batch: options.batch } : {}),
      blueprintId: world.blueprintId,
      mode: options.mode ?? 'per-candidate',
      forms: 2,
      startsAt: options.startsAt.toISOString(),
      endsAt: options.endsAt.toISOString(),
      ...(options.durationMinutes ? { durationMinutes: options.durationMinutes } : {}),
      graceSeconds: options.graceSeconds ?? 10,
      lateEntryMinutes: options.lateEntryMinutes ?? 15,
      showScore: options.showScore ?? true,
      screenSwitchLimit: options.screenSwitchLimit ?? 0,
      rooms: options.rooms
        ? Array.from({ length: options.rooms }, (_, i) => ({ code: String(i + 1).padStart(2, '0'), name: `第${i + 1}考场`, seats: Math.ceil(options.count / options.rooms!), proctors: ['proctor1', 'proctor2'] }))
        : [{ code: '01', name: '第一考场', seats: Math.max(30, options.count), proctors: ['proctor1', 'proctor2'] }],
    });
  if (created.status !== 201) throw new Error(`session: ${created.status} ${created.text}`);
  const id = created.body.id as string;
  const people = Array.from({ length: options.count }, () => {
    candidateCounter += 1;
    return { name: `考生${candidateCounter}`, idType: 'resident_id', idNumber: residentId(candidateCounter) };
  });
  const registered = await request(app.express).post(`/api/v1/sessions/${id}/registrations`).set(...bearer(token)).send({ candidates: people });
  if (registered.status !== 201) throw new Error(`registrations: ${registered.status} ${registered.text}`);
  if (options.publish !== false) await request(app.express).post(`/api/v1/sessions/${id}/publish`).set(...bearer(token)).expect(200);
  if (options.open !== false && options.publish !== false) await request(app.express).post(`/api/v1/sessions/${id}/open`).set(...bearer(token)).expect(200);
  const items = registered.body.items as Array<{ id: string; admissionNo: string; name: string }>;
  return { id, candidates: items.map((r, i) => ({ registrationId: r.id, admissionNo: r.admissionNo, idNumber: people[i]!.idNumber, name: r.name })) };
}

/** Signs a candidate in; returns the bearer token. */
export async function candidateToken(app: App, candidate: { admissionNo: string; idNumber: string }): Promise<string> {
  const res = await request(app.express).post('/api/v1/auth/candidate-login').send({ admissionNo: candidate.admissionNo, idNumber: candidate.idNumber });
  if (res.status !== 200) throw new Error(`candidate login: ${res.status} ${res.text}`);
  return res.body.token as string;
}
