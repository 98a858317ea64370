// Examiner scoring: three examiners entering and signing every sheet of a skill session at
// once (latency of save and sign through the app, in process), the checker confirming every
// candidate, and the part scores of the whole session (papers already cached by the entering),
// at two session sizes so the cost per candidate shows as a ratio within one run.
// Usage: npm run bench:skill-scoring [-- --small 40 --large 160]
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { createApp } from '../../server/app';
import { loadConfig } from '../../server/config';
import { createLogger } from '../../server/platform/logger';
import { connectDatabase, disconnectDatabase } from '../../server/platform/database';
import { startDatabase } from '../db/launcher';
import { uriWithDatabase } from '../db/uri';
import { TEST_JWT_SECRET } from '../../test/support/app';
import { bearer } from '../../test/support/identity';
import { createSkillWorld, scheduleScoredSession, setPanel } from '../../test/support/skill';
import { arg, emitLine, latencyStats, note, runBench } from './stats';

const SIZES = [Number(arg('small') ?? 40), Number(arg('large') ?? 160)];

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-skill-scoring-'));
  const database = await startDatabase({ dataDir: dir, backend: 'postgresql', allowExternal: false, preferMongod: false, log: note });
  try {
    const config = { ...loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', BCRYPT_COST: '10' }), jwtSecret: TEST_JWT_SECRET, dataKey: 'bench-data-key-bench-data-key-bench-data-key', candidatesPerProctor: 500, loginIpMax: 100_000 };
    await connectDatabase({ uri: uriWithDatabase(database.uri, 'bench_skill_scoring'), poolSize: 8, logger: createLogger('silent') });
    const app = createApp({ config, logger: createLogger('silent') });
    const world = await createSkillWorld(app);
    const examiners = world.examiners.slice(0, 3);
    const tokens = await Promise.all(examiners.map((e) => e.token()));
    const checkerToken = await world.checker.token();
    const perCandidate: Record<number, number> = {};
    for (const size of SIZES) {
      const session = await scheduleScoredSession(app, world, { part: 'skill', count: size });
      await setPanel(app, world, session.id, examiners);
      const saves: number[] = [];
      const signs: number[] = [];
      let t = performance.now();
      // Each examiner works through the candidates in seat order; the three work at once.
      await Promise.all(tokens.map(async (token, k) => {
        for (const candidate of session.candidates) {
          for (const position of [1, 2]) {
            let s = performance.now();
            const saved = await request(app.express).put(`/api/v1/registrations/${candidate.registrationId}/tasks/${position}/sheet`).set(...bearer(token)).send({ rows: [{ deduction: k }, { deduction: 5 }, { deduction: 0 }, { deduction: 0 }] });
            saves.push(performance.now() - s);
            if (saved.status !== 200) throw new Error(`save ${saved.status} ${saved.text}`);
            s = performance.now();
            const signed = await request(app.express).post(`/api/v1/registrations/${candidate.registrationId}/tasks/${position}/sheet/sign`).set(...bearer(token)).send({ revision: saved.body.revision });
            signs.push(performance.now() - s);
            if (signed.status !== 200) throw new Error(`sign ${signed.status} ${signed.text}`);
          }
        }
      }));
      const enterMs = performance.now() - t;
      const save = latencyStats(saves);
      const sign = latencyStats(signs);
      emitLine({ bench: 'skill-scoring', candidates: size, op: 'save sheet (3 examiners at once)', n: save.n, p50Ms: save.p50, p99Ms: save.p99, maxMs: save.max });
      emitLine({ bench: 'skill-scoring', candidates: size, op: 'sign sheet (3 examiners at once)', n: sign.n, p50Ms: sign.p50, p99Ms: sign.p99, maxMs: sign.max, sheetsPerS: Math.round((saves.length / (enterMs / 1000)) * 10) / 10 });
      const confirms: number[] = [];
      for (const candidate of session.candidates) {
        const s = performance.now();
        const res = await request(app.express).post(`/api/v1/registrations/${candidate.registrationId}/confirm-scores`).set(...bearer(checkerToken));
        confirms.push(performance.now() - s);
        if (res.status !== 200) throw new Error(`confirm ${res.status} ${res.text}`);
      }
      const confirm = latencyStats(confirms);
      emitLine({ bench: 'skill-scoring', candidates: size, op: 'checker confirms a candidate', n: confirm.n, p50Ms: confirm.p50, p99Ms: confirm.p99, maxMs: confirm.max });
      t = performance.now();
      const scores = await app.partScores.source('skill')!.scoresForSession(session.id);
      const warm = performance.now() - t;
      if (scores.some((s) => s.state !== 'complete')) throw new Error('a part score is not complete');
      perCandidate[size] = warm / size;
      emitLine({ bench: 'skill-scoring', candidates: size, op: 'part scores of the session', sheets: size * 2 * 3, ms: Math.round(warm), msPerCandidate: Math.round((warm / size) * 100) / 100 });
    }
    emitLine({ bench: 'skill-scoring', op: 'part scores: cost per candidate, large / small session', ratio: Math.round((perCandidate[SIZES[1]!]! / perCandidate[SIZES[0]!]!) * 100) / 100, cores: os.cpus().length });
  } finally {
    await disconnectDatabase();
    await database.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

runBench(main);
