import request from 'supertest';
import type { App } from '../../server/app';
import { AttemptModel } from '../../server/delivery/model';
import { FACILITY_BY_DIFFICULTY } from '../../server/bank/item-schema';
import { bearer } from './identity';
import { candidateToken, type ExamWorld, type ScheduledSession } from './exam';

/** What the candidates did to one item, counted from the keys read through the item API. */
export interface ItemTruth {
  shown: number;
  right: number;
  /** Category (option key, or `true`/`false`) → how many chose it. */
  chosen: Map<string, number>;
  omitted: number;
}

export interface Sitting {
  truth: Map<string, ItemTruth>;
  /** The writer's estimate of each item shown, as a facility. */
  writerFacility: Map<string, number>;
  /** itemId → each distinct order of option keys a candidate was shown. */
  shownOrders: Map<string, Set<string>>;
}

export type Response = 'right' | 'wrong' | 'blank';

/**
 * Every candidate of an open session signs in, starts, answers each position as `rule` says
 * (a wrong answer picks a distractor), and submits — all over HTTP.
 */
export async function sitSession(app: App, world: ExamWorld, session: ScheduledSession, rule: (candidate: number, position: number) => Response): Promise<Sitting> {
  const staff = await world.bankAdmin.token();
  const papers = new Map<string, Array<{ itemId: string; type: string }>>();
  const keys = new Map<string, { answer: unknown; options: string[] }>();
  const out: Sitting = { truth: new Map(), writerFacility: new Map(), shownOrders: new Map() };
  for (const [c, candidate] of session.candidates.entries()) {
    const token = await candidateToken(app, candidate);
    await request(app.express).post('/api/v1/attempts/start').set(...bearer(token)).expect(200);
    const current = await request(app.express).get('/api/v1/attempts/current').set(...bearer(token)).expect(200);
    const attempt = await AttemptModel.findById(candidate.registrationId).lean();
    let paper = papers.get(attempt!.paperId);
    if (!paper) {
      const res = await request(app.express).get(`/api/v1/papers/${attempt!.paperId}`).set(...bearer(staff)).expect(200);
      paper = (res.body.items as Array<{ itemId: string; type: string }>).map((i) => ({ itemId: i.itemId, type: i.type }));
      papers.set(attempt!.paperId, paper);
    }
    let seq = 0;
    for (const shown of current.body.items as Array<{ position: number; html: string }>) {
      const { itemId, type } = paper[shown.position]!;
      let key = keys.get(itemId);
      if (!key) {
        const detail = await request(app.express).get(`/api/v1/items/${itemId}`).set(...bearer(staff)).expect(200);
        key = { answer: detail.body.content.answer, options: (detail.body.content.options ?? []).map((o: { key: string }) => o.key) };
        keys.set(itemId, key);
        out.writerFacility.set(itemId, FACILITY_BY_DIFFICULTY[detail.body.difficulty as number]!);
      }
      if (type === 'single') {
        const order = [...shown.html.matchAll(/value="([A-H])"/g)].map((m) => m[1]!).join('');
        if (!out.shownOrders.has(itemId)) out.shownOrders.set(itemId, new Set());
        out.shownOrders.get(itemId)!.add(order);
      }
      const t = out.truth.get(itemId) ?? { shown: 0, right: 0, chosen: new Map<string, number>(), omitted: 0 };
      out.truth.set(itemId, t);
      t.shown += 1;
      const response = rule(c, shown.position);
      if (response === 'blank') {
        t.omitted += 1;
        continue;
      }
      let value: unknown;
      if (type === 'judge') value = response === 'right' ? key.answer : !key.answer;
      else {
        const wrong = key.options.filter((o) => o !== key.answer);
        value = response === 'right' ? key.answer : wrong[(c + shown.position) % wrong.length];
      }
      if (response === 'right') t.right += 1;
      const category = String(value);
      t.chosen.set(category, (t.chosen.get(category) ?? 0) + 1);
      seq += 1;
      await request(app.express).put(`/api/v1/attempts/${candidate.registrationId}/answers/${shown.position}`).set(...bearer(token)).send({ value, seq }).expect(200);
    }
    await request(app.express).post(`/api/v1/attempts/${candidate.registrationId}/submit`).set(...bearer(token)).expect(200);
  }
  return out;
}

/** Polls a statistics run until it is no longer running. */
export async function waitForRun(app: App, token: string, location: string): Promise<request.Response> {
  for (let i = 0; i < 600; i++) {
    const res = await request(app.express).get(location).set(...bearer(token)).expect(200);
    if (res.body.status !== 'running') return res;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the statistics run did not finish');
}

/**
 * The answers the statistics tests give: position 0 everyone right (too easy), position 1 only
 * candidate 0 right (too hard), otherwise right more often for stronger candidates, some blank.
 */
export function mixedAbility(c: number, position: number): Response {
  const right = position === 0 ? true : position === 1 ? c === 0 : (c * 5 + position * 3) % 12 < 3 + (c % 9);
  if (right) return 'right';
  return (c + position) % 5 === 0 ? 'blank' : 'wrong';
}
