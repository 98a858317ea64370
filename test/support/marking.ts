import request from 'supertest';
import type { App } from '../../server/app';
import { SYSTEM_ACTOR } from '../../server/audit/service';
import { AttemptModel } from '../../server/delivery/model';
import { createStaff, bearer, type StaffUser } from './identity';
import { candidateToken, createExamWorld, type ExamWorld } from './exam';
import { ELECTRICIAN } from './bank';

/** 判断 10 × 2 + 单选 15 × 4 + 简答 2 × 10 = 100: a theory paper with two answers for examiners. */
export const MARKED_SECTIONS = [
  { type: 'judge', count: 10, pointsPerItem: 2 },
  { type: 'single', count: 15, pointsPerItem: 4 },
  { type: 'short', count: 2, pointsPerItem: 10 },
];

export interface MarkingWorld extends ExamWorld {
  examiners: [StaffUser, StaffUser, StaffUser];
  supervisor: StaffUser;
}

/** The exam world with 简答 items in the release, a paper with two of them, three examiners at the centre and a supervisor. */
export async function createMarkingWorld(app: App): Promise<MarkingWorld> {
  const world = await createExamWorld(app, 20, MARKED_SECTIONS, { shortPerPoint: 4 });
  const examiners: MarkingWorld['examiners'] = [
    await createStaff(app, 'examiner1', [{ role: 'examiner', scope: { type: 'centre', id: world.centreId } }]),
    await createStaff(app, 'examiner2', [{ role: 'examiner', scope: { type: 'centre', id: world.centreId } }]),
    await createStaff(app, 'examiner3', [{ role: 'examiner', scope: { type: 'centre', id: world.centreId } }]),
  ];
  const supervisor = await createStaff(app, 'supervisor1', [{ role: 'supervisor', scope: { type: 'occupation', id: ELECTRICIAN } }]);
  return { ...world, examiners, supervisor };
}

/** Makes level 3 of the electrician standard assess theory only (its pass mark unchanged), through the standards service. */
export async function assessOnlyTheoryAtLevel3(app: App): Promise<void> {
  await assessOnlyPartAtLevel3(app, 'theory');
}

/** Makes level 3 of the electrician standard assess one part only (its pass mark unchanged), through the standards service. */
export async function assessOnlyPartAtLevel3(app: App, part: 'theory' | 'skill'): Promise<void> {
  const standard = (await app.standards.listStandards(ELECTRICIAN))[0]!;
  const full = await app.standards.getStandard(standard.id);
  const { id: _id, revision, ...body } = full as typeof full & { revision: number };
  const levels = body.levels.map((l) => (l.level === 3 ? { ...l, parts: l.parts.filter((p) => p.part === part) } : l));
  await app.standards.updateStandard(standard.id, { ...body, levels }, revision, SYSTEM_ACTOR);
}

export interface PositionKey {
  itemId: string;
  version: number;
  type: string;
  points: number;
  answer: unknown;
}

/** Each position's item and key, read by staff through the paper and item APIs (independently of the scoring code). */
export async function keysOf(app: App, bankAdmin: StaffUser, paperId: string): Promise<PositionKey[]> {
  const token = await bankAdmin.token();
  const paper = await request(app.express).get(`/api/v1/papers/${paperId}`).set(...bearer(token)).expect(200);
  const out: PositionKey[] = [];
  for (const item of paper.body.items as Array<{ itemId: string; type: string; points: number; version: number }>) {
    const detail = await request(app.express).get(`/api/v1/items/${item.itemId}?version=${item.version}`).set(...bearer(token)).expect(200);
    out.push({ itemId: item.itemId, version: item.version, type: item.type, points: item.points, answer: detail.body.content.answer });
  }
  return out;
}

const wrongOf = (key: PositionKey) => (key.type === 'judge' ? !key.answer : ['A', 'B', 'C', 'D'].find((k) => k !== key.answer));

/**
 * A candidate sits the paper: the first `right` objective positions answered correctly, the
 * other objective ones wrongly, each 简答 with a text; then submits. Returns the keys and the
 * objective points expected from them.
 */
export async function sitAndSubmit(app: App, world: ExamWorld, candidate: { admissionNo: string; idNumber: string; registrationId: string }, right: number): Promise<{ keys: PositionKey[]; objective: number }> {
  const token = await candidateToken(app, candidate);
  await request(app.express).post('/api/v1/attempts/start').set(...bearer(token)).expect(200);
  const paperId = (await AttemptModel.findById(candidate.registrationId).lean())!.paperId;
  const keys = await keysOf(app, world.bankAdmin, paperId);
  let objective = 0;
  let seen = 0;
  for (const [position, key] of keys.entries()) {
    let value: unknown;
    if (key.type === 'short') value = `第 ${position + 1} 题的作答：要点一，要点二。`;
    else {
      const isRight = seen < right;
      seen += 1;
      value = isRight ? key.answer : wrongOf(key);
      if (isRight) objective += key.points;
    }
    await request(app.express).put(`/api/v1/attempts/${candidate.registrationId}/answers/${position}`).set(...bearer(token)).send({ value, seq: position + 1 }).expect(200);
  }
  await request(app.express).post(`/api/v1/attempts/${candidate.registrationId}/submit`).set(...bearer(token)).expect(200);
  return { keys, objective };
}

/** Marks every answer the examiner is offered, with `points(task)`, through the API; returns the tasks' ids. */
export async function markAll(app: App, examiner: StaffUser, sessionId: string, points: (task: { anonCode: string; position: number; max: number }) => number): Promise<string[]> {
  const token = await examiner.token();
  const ids: string[] = [];
  for (;;) {
    const next = await request(app.express).get(`/api/v1/sessions/${sessionId}/marking/next`).set(...bearer(token)).expect(200);
    if (!next.body.task) return ids;
    await request(app.express).post(`/api/v1/marking/tasks/${next.body.task.id}/marks`).set(...bearer(token)).send({ points: points(next.body.task) }).expect(200);
    ids.push(next.body.task.id as string);
  }
}
