/**
 * `npm run bench:examday`: an exam day on this machine. A production-mode server (a separate
 * process) over the embedded database (FerretDB over PostgreSQL); simulated candidates as
 * separate HTTP clients (node:http, keep-alive) over loopback, in this process.
 *
 *   1. 2,000 candidates sign in and start within a 10-second window (the synchronised start);
 *   2. each saves an answer every 20–40 s;
 *   3. the save rate is raised step by step until save p99 passes 100 ms (the capacity);
 *   4. all submit near the end;
 *   5. every answer the server acknowledged is compared with what is stored: lost answers;
 *   6. in the same run, the raw database write (a guarded update by _id, as in bench:db) and
 *      one client's sequential saves, for the app's overhead as a ratio.
 *
 *   npm run bench:examday -- [--candidates 2000] [--mode per-candidate|forms] [--steps 50,100,200,400,800] [--server-cpu-prof DIR]
 *
 * JSON lines on stdout; logs on stderr.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import pino from 'pino';
import { createApp } from '../../server/app';
import { loadConfig } from '../../server/config';
import { createLogger } from '../../server/platform/logger';
import { connectDatabase, disconnectDatabase } from '../../server/platform/database';
import { AnswerSheetModel } from '../../server/delivery/model';
import { answerField, answersOf } from '../../server/delivery/answer-record';
import { startDatabase } from '../db/launcher';
import { uriWithDatabase } from '../db/uri';
import { freePort } from '../db/ports';
import { createExamWorld, scheduleSession } from '../../test/support/exam';
import { TEST_JWT_SECRET } from '../../test/support/app';
import { arg, cpuSecondsByCommand, cpuSince, emitLine, latencyStats, mebibytes, note, runBench } from './stats';

const CANDIDATES = Number(arg('candidates') ?? 2000);
const MODE = (arg('mode') ?? 'per-candidate') as 'per-candidate' | 'forms';
const STEPS = (arg('steps') ?? '50,100,200,400,800').split(',').map(Number);
const START_WINDOW_MS = 10_000;
const STEADY_MS = Number(arg('steady-seconds') ?? 60) * 1000;
const STEP_MS = 10_000;
/** The staff helpers sign tokens with the test secret, so the server shares it. */
const SECRETS = { JWT_SECRET: TEST_JWT_SECRET, DATA_KEY: 'bench-data-key-bench-data-key-bench-data-0123' };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const random = (min: number, max: number) => min + Math.random() * (max - min);

interface Candidate {
  admissionNo: string;
  idNumber: string;
  registrationId: string;
  token?: string;
  choices: Array<{ type: string; keys: string[] }>;
  acked: Map<number, { seq: number; value: unknown }>;
  seq: number;
}

const latencies = { login: [] as number[], start: [] as number[], current: [] as number[], save: [] as number[], submit: [] as number[] };
let errors = 0;
/** Saves refused because a newer seq of the same position had already been stored. */
let superseded = 0;
const errorSamples: string[] = [];

/**
 * One request with node:http over keep-alive connections (each request in flight has its own):
 * a candidate's browser costs the server the same either way, and this costs the load generator,
 * which shares the two cores with the server, about half what fetch's streams do.
 */
const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
function call(base: string, method: string, url: string, token: string | undefined, body?: unknown, raw = false): Promise<{ status: number; json: any; body?: Buffer; ms: number }> {
  const t = performance.now();
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve) => {
    const done = (status: number, json: unknown, bytes?: Buffer) => resolve({ status, json, ...(bytes ? { body: bytes } : {}), ms: performance.now() - t });
    const req = http.request(`${base}${url}`, { method, agent, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(payload === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const bytes = Buffer.concat(chunks);
        if (raw && res.statusCode === 200) return done(200, undefined, bytes);
        const text = bytes.toString('utf8');
        try {
          done(res.statusCode ?? 0, text ? JSON.parse(text) : undefined);
        } catch (error) {
          done(0, { error: `unreadable body: ${String(error)}` });
        }
      });
      res.on('error', (error) => done(0, { error: String(error) }));
    });
    req.on('error', (error) => done(0, { error: String(error) }));
    req.end(payload);
  });
}

/** Each item's type and option keys, in order, from the paper's JSON. */
function choicesOf(paper: { items: Array<{ type: string; html: string }> }): Candidate['choices'] {
  return paper.items.map((item) => ({ type: item.type, keys: [...item.html.matchAll(/data-key="([A-H])"/g)].map((m) => m[1]!) }));
}

/**
 * The same, read straight from the response's bytes as latin1 (the JSON's ASCII is all it needs):
 * decoding and parsing 2,000 papers of 100 KB of mostly CJK text was a third of this load
 * generator's CPU in the burst, on the cores the server needs. Every tenth paper is also parsed
 * in full and must give the same choices.
 */
function choicesFromBytes(body: Buffer): Candidate['choices'] {
  const text = body.toString('latin1');
  const choices: Candidate['choices'] = [];
  for (const m of text.slice(text.indexOf('"items":[')).matchAll(/"type":"(\w+)"|data-key=\\"([A-H])\\"/g)) {
    if (m[1]) choices.push({ type: m[1], keys: [] });
    else choices.at(-1)?.keys.push(m[2]!);
  }
  return choices;
}

function fail(what: string, res: { status: number; json: unknown }): void {
  errors += 1;
  if (errorSamples.length < 10) errorSamples.push(`${what}: ${res.status} ${JSON.stringify(res.json).slice(0, 200)}`);
}

function answerFor(c: Candidate, position: number): unknown {
  const slot = c.choices[position]!;
  if (slot.type === 'judge') return Math.random() < 0.5;
  return slot.keys[Math.floor(Math.random() * slot.keys.length)]!;
}

async function save(base: string, c: Candidate, record = true): Promise<number> {
  const position = Math.floor(Math.random() * c.choices.length);
  const value = answerFor(c, position);
  c.seq += 1;
  const seq = c.seq;
  const res = await call(base, 'PUT', `/api/v1/attempts/${c.registrationId}/answers/${position}`, c.token, { value, seq });
  if (res.status === 200) {
    const prev = c.acked.get(position);
    if (!prev || prev.seq < seq) c.acked.set(position, { seq, value });
    if (record) latencies.save.push(res.ms);
  } else if (res.status === 409 && (res.json as { reason?: string } | undefined)?.reason === 'stale') {
    // This generator may send two saves of one candidate at once (a real page sends them one
    // after another); the older one, arriving second, is rightly refused. Not an error.
    superseded += 1;
  } else fail('save', res);
  return res.ms;
}

function serverMemory(child: ChildProcess): { rssMb: number; peakMb: number } {
  const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rssMb: mebibytes(kb('VmRSS') * 1024), peakMb: mebibytes(kb('VmHWM') * 1024) };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-examday-'));
  const database = await startDatabase({ dataDir: dir, backend: 'postgresql', allowExternal: false, preferMongod: false, log: note });
  const uri = uriWithDatabase(database.uri, 'bench_examday');
  let child: ChildProcess | undefined;
  try {
    // ---- the world, through the services in this process ----------------------------------
    const config = { ...loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', ...SECRETS, BCRYPT_COST: '10' }), jwtSecret: SECRETS.JWT_SECRET, dataKey: SECRETS.DATA_KEY, candidatesPerProctor: 15 };
    await connectDatabase({ uri, poolSize: 8, logger: createLogger('silent') });
    // Errors of the in-process setup go to stderr (the JSON lines stay on stdout).
    const app = createApp({ config, logger: createLogger('error', pino.destination(2)) });
    let t = performance.now();
    const world = await createExamWorld(app, 60, [{ type: 'judge', count: 20, pointsPerItem: 1 }, { type: 'single', count: 80, pointsPerItem: 1 }]);
    note(`world ready in ${Math.round(performance.now() - t)} ms`);
    // Time enough to prepare the papers (about 10 ms each for 一人一卷, 3× that allowed) and start the server before the start.
    const startsAt = new Date(Date.now() + Number(arg('lead-seconds') ?? 60) * 1000 + (MODE === 'forms' ? 0 : CANDIDATES * 30));
    const examMs = START_WINDOW_MS + STEADY_MS + STEPS.length * STEP_MS + 60_000;
    t = performance.now();
    const session = await scheduleSession(app, world, { startsAt, endsAt: new Date(startsAt.getTime() + examMs + 60_000), durationMinutes: Math.ceil(examMs / 60_000), count: CANDIDATES, rooms: Math.ceil(CANDIDATES / 30), mode: MODE, open: false, graceSeconds: 10 });
    emitLine({ bench: 'examday', phase: 'setup', op: 'schedule + register + publish', candidates: CANDIDATES, ms: Math.round(performance.now() - t) });
    t = performance.now();
    const centreAdmin = await world.centreAdmin.token();
    const { default: request } = await import('supertest');
    await request(app.express).post(`/api/v1/sessions/${session.id}/prepare-papers`).set('Authorization', `Bearer ${centreAdmin}`).expect(200);
    emitLine({ bench: 'examday', phase: 'setup', op: `prepare ${MODE} papers`, candidates: CANDIDATES, ms: Math.round(performance.now() - t) });

    // ---- the server --------------------------------------------------------------------------
    const port = await freePort();
    // `--server-cpu-prof DIR` writes the server's CPU profile there when it stops (to see where a request's time goes).
    const profile = arg('server-cpu-prof');
    child = spawn(process.execPath, [...(profile ? ['--cpu-prof', '--cpu-prof-dir', path.resolve(profile)] : []), '--import', 'tsx', 'server/main.ts'], {
      env: { ...process.env, NODE_ENV: 'production', PORT: String(port), HOST: '127.0.0.1', MONGODB_URI: uri, LOG_LEVEL: 'warn', LOGIN_IP_MAX: '100000', SWEEP_INTERVAL_SECONDS: '10', ...SECRETS },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const base = `http://127.0.0.1:${port}`;
    for (let i = 0; ; i++) {
      const res = await call(base, 'GET', '/healthz', undefined);
      if (res.status === 200) break;
      if (i > 300) throw new Error('the server did not come up');
      await sleep(200);
    }
    // The centre opens the session on the server (as on the day, a little before the start):
    // the server then reads the session's papers into memory ahead of the burst.
    t = performance.now();
    const opened = await call(base, 'POST', `/api/v1/sessions/${session.id}/open`, centreAdmin);
    if (opened.status !== 200) throw new Error(`open: ${opened.status} ${JSON.stringify(opened.json)}`);
    emitLine({ bench: 'examday', phase: 'setup', op: 'open on the server', ms: Math.round(performance.now() - t), secondsBeforeStart: Math.round((startsAt.getTime() - Date.now()) / 1000) });
    const candidates: Candidate[] = session.candidates.map((c) => ({ ...c, choices: [], acked: new Map(), seq: 0 }));
    note(`server up; waiting for the start at ${startsAt.toISOString()}`);
    await sleep(Math.max(0, startsAt.getTime() - Date.now() + 200));

    // ---- 1. the synchronised start -------------------------------------------------------------
    const startPhase = performance.now();
    const bySecond = { login: Array.from({ length: 10 }, () => [] as number[]), start: Array.from({ length: 10 }, () => [] as number[]) };
    // CPU seconds by process (this load generator, the server, FerretDB, PostgreSQL) since the last phase ended.
    let cpuMark = cpuSecondsByCommand();
    const phaseCpu = () => {
      // With a server profile, each phase's end on the profile's clock (CLOCK_MONOTONIC, µs), to cut the profile by phase.
      if (profile) note(`phase ends at monotonic ${process.hrtime.bigint() / 1000n} µs`);
      const used = cpuSince(cpuMark);
      cpuMark = cpuSecondsByCommand();
      return used;
    };
    await Promise.all(
      candidates.map(async (c, index) => {
        await sleep(random(0, START_WINDOW_MS));
        const sentAt = performance.now() - startPhase;
        const login = await call(base, 'POST', '/api/v1/auth/candidate-login', undefined, { admissionNo: c.admissionNo, idNumber: c.idNumber });
        if (login.status !== 200) return fail('login', login);
        latencies.login.push(login.ms);
        bySecond.login[Math.min(9, Math.floor(sentAt / 1000))]!.push(login.ms);
        c.token = login.json.token;
        // The start answers with the paper (what the exam page shows), so there is no second request.
        const start = await call(base, 'POST', '/api/v1/attempts/start', c.token, undefined, true);
        if (start.status !== 200) return fail('start', start);
        latencies.start.push(start.ms);
        bySecond.start[Math.min(9, Math.floor(sentAt / 1000))]!.push(start.ms);
        c.choices = choicesFromBytes(start.body!);
        if (index % 10 === 0 || !c.choices.length) {
          const full = choicesOf(JSON.parse(start.body!.toString('utf8')));
          if (JSON.stringify(full) !== JSON.stringify(c.choices) || !full.length) return fail('start', { status: 200, json: { error: 'the paper read from its bytes differs from the parsed paper' } });
        }
      }),
    );
    const startMs = performance.now() - startPhase;
    const startCpu = phaseCpu();
    for (const op of ['login', 'start'] as const) {
      const s = latencyStats(latencies[op]);
      // Where in the window the slow ones were: p99 of the requests sent in each second.
      const p99BySecond = bySecond[op].map((samples) => (samples.length ? Math.round(latencyStats(samples).p99) : null));
      emitLine({ bench: 'examday', phase: 'synchronised start', op, candidates: CANDIDATES, windowMs: START_WINDOW_MS, n: s.n, p50Ms: s.p50, p99Ms: s.p99, maxMs: s.max, p99BySecondMs: p99BySecond, errors });
    }
    emitLine({ bench: 'examday', phase: 'synchronised start', op: 'all started', ms: Math.round(startMs), throughputPerS: Math.round((2 * CANDIDATES) / (startMs / 1000)), cpuSeconds: startCpu, server: serverMemory(child), errorSamples: errorSamples.slice(0, 5) });
    const active = candidates.filter((c) => c.token && c.choices.length);

    // ---- 1b. a tenth of the room reloads at once (the paper fetched again, with saved answers) --
    const errorsBefore = errors;
    await Promise.all(
      active.slice(0, Math.ceil(active.length / 10)).map(async (c) => {
        await sleep(random(0, 2000));
        const current = await call(base, 'GET', '/api/v1/attempts/current', c.token);
        if (current.status !== 200) return fail('current', current);
        latencies.current.push(current.ms);
      }),
    );
    const resume = latencyStats(latencies.current);
    emitLine({ bench: 'examday', phase: 'resume', op: 'current (a tenth reloads within 2 s)', n: resume.n, p50Ms: resume.p50, p99Ms: resume.p99, maxMs: resume.max, errors: errors - errorsBefore, cpuSeconds: phaseCpu() });

    // ---- 2. steady saves, every 20–40 s per candidate --------------------------------------------
    const steadyEnd = Date.now() + STEADY_MS;
    await Promise.all(
      active.map(async (c) => {
        await sleep(random(0, 20_000));
        while (Date.now() < steadyEnd) {
          await save(base, c);
          await sleep(random(20_000, 40_000));
        }
      }),
    );
    const steady = latencyStats(latencies.save);
    emitLine({ bench: 'examday', phase: 'steady', op: 'save', activeCandidates: active.length, ratePerS: Math.round(steady.n / (STEADY_MS / 1000)), n: steady.n, p50Ms: steady.p50, p99Ms: steady.p99, maxMs: steady.max, errors, cpuSeconds: phaseCpu(), server: serverMemory(child) });

    // ---- 3. capacity: raise the save rate until p99 passes 100 ms ----------------------------------
    let capacity = 0;
    for (const rate of STEPS) {
      const samples: number[] = [];
      const pending: Array<Promise<void>> = [];
      const stepStart = performance.now();
      const interval = 1000 / rate;
      for (let i = 0; performance.now() - stepStart < STEP_MS; i++) {
        const due = stepStart + i * interval;
        const wait = due - performance.now();
        if (wait > 1) await sleep(wait);
        const c = active[Math.floor(Math.random() * active.length)]!;
        pending.push(save(base, c, false).then((ms) => void samples.push(ms)));
      }
      await Promise.all(pending);
      const elapsed = (performance.now() - stepStart) / 1000;
      const s = latencyStats(samples);
      const achieved = Math.round(samples.length / elapsed);
      emitLine({ bench: 'examday', phase: 'capacity', op: 'save', targetPerS: rate, achievedPerS: achieved, n: s.n, p50Ms: s.p50, p99Ms: s.p99, maxMs: s.max, errors, cpuSeconds: phaseCpu(), server: serverMemory(child) });
      if (s.p99 >= 100 || achieved < rate * 0.9) break;
      capacity = rate;
    }
    emitLine({ bench: 'examday', phase: 'capacity', op: 'highest sustained save rate with p99 < 100 ms', savesPerS: capacity });

    // ---- 4. everyone submits near the end -----------------------------------------------------------
    await Promise.all(
      active.map(async (c) => {
        await sleep(random(0, 10_000));
        const res = await call(base, 'POST', `/api/v1/attempts/${c.registrationId}/submit`, c.token);
        if (res.status !== 200) return fail('submit', res);
        latencies.submit.push(res.ms);
      }),
    );
    const submit = latencyStats(latencies.submit);
    emitLine({ bench: 'examday', phase: 'submit', op: 'submit', n: submit.n, p50Ms: submit.p50, p99Ms: submit.p99, maxMs: submit.max, errors, cpuSeconds: phaseCpu(), server: serverMemory(child) });

    // ---- 5. every acknowledged answer is stored --------------------------------------------------------
    let acknowledged = 0;
    let lost = 0;
    for (const c of active) {
      const stored = answersOf((await AnswerSheetModel.findById(c.registrationId).lean())?.answers);
      for (const [position, ack] of c.acked) {
        acknowledged += 1;
        const answer = stored.get(position);
        if (!answer || answer.s !== ack.seq || JSON.stringify(answer.v) !== JSON.stringify(ack.value)) lost += 1;
      }
    }
    emitLine({ bench: 'examday', phase: 'verify', op: 'acknowledged answers compared with the stored ones', acknowledged, lost, supersededSaves: superseded });

    // ---- 6. the app's overhead over the raw write, sequentially ----------------------------------------
    const raw = mongoose.connection.db!.collection('bench_raw_sheets');
    const ids = Array.from({ length: 2000 }, () => new mongoose.Types.ObjectId());
    await raw.insertMany(ids.map((_id) => ({ _id, closed: false, acceptUntil: new Date(Date.now() + 3600_000), answers: Object.fromEntries(Array.from({ length: 60 }, (_, p) => [String(p), answerField({ v: 'A', s: 1, t: new Date() })])) })));
    const rawSamples: number[] = [];
    for (let i = 0; i < 500; i++) {
      const now = new Date();
      const tt = performance.now();
      await raw.updateOne({ _id: ids[(i * 7919) % ids.length]!, closed: false, acceptUntil: { $gte: now } }, { $set: { [`answers.${i % 100}`]: answerField({ v: 'B', s: i + 2, t: now }), lastSeenAt: now } });
      rawSamples.push(performance.now() - tt);
    }
    // One more candidate, alone, saving 500 times through the app.
    const solo = await scheduleSession(app, world, { startsAt: new Date(Date.now() - 60_000), endsAt: new Date(Date.now() + 3600_000), count: 1, mode: MODE });
    const soloCandidate: Candidate = { ...solo.candidates[0]!, choices: [], acked: new Map(), seq: 0 };
    soloCandidate.token = (await call(base, 'POST', '/api/v1/auth/candidate-login', undefined, { admissionNo: soloCandidate.admissionNo, idNumber: soloCandidate.idNumber })).json.token;
    await call(base, 'POST', '/api/v1/attempts/start', soloCandidate.token);
    soloCandidate.choices = choicesOf((await call(base, 'GET', '/api/v1/attempts/current', soloCandidate.token)).json);
    const appSamples: number[] = [];
    for (let i = 0; i < 500; i++) appSamples.push(await save(base, soloCandidate, false));
    const r = latencyStats(rawSamples);
    const a = latencyStats(appSamples);
    emitLine({ bench: 'examday', phase: 'overhead', op: 'raw guarded updateOne by _id (bench:db shape)', n: r.n, p50Ms: r.p50, p99Ms: r.p99 });
    emitLine({ bench: 'examday', phase: 'overhead', op: 'app save over HTTP, one client', n: a.n, p50Ms: a.p50, p99Ms: a.p99, ratioP50: Math.round((a.p50 / r.p50) * 100) / 100 });
    if (errorSamples.length) note(`errors (first ${errorSamples.length}):\n  ${errorSamples.join('\n  ')}`);
    emitLine({ bench: 'examday', phase: 'process', loadGeneratorMaxRssMb: mebibytes(process.resourceUsage().maxRSS * 1024), server: serverMemory(child), node: process.version, mode: MODE });
    await disconnectDatabase();
  } finally {
    child?.kill('SIGTERM');
    await sleep(500);
    await database.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

runBench(main);
