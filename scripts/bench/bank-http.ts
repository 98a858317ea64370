/**
 * `npm run bench:bank-http`: what a bank's staff wait for, through HTTP on the demo bank, on
 * every embedded backend in one run (FerretDB on SQLite = before, over PostgreSQL = after):
 * publishing a release, submitting and approving an item, and the item-list pages and filters
 * (API and HTML). Prints JSON lines on stdout; logs go to stderr.
 *
 *   npm run bench:bank-http -- [--backends sqlite,postgresql] [--repeat 5]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../server/config';
import { createLogger } from '../../server/platform/logger';
import { startServer } from '../../server/main';
import { SESSION_COOKIE } from '../../server/identity/policy';
import { startDatabase, type EmbeddedBackend } from '../db/launcher';
import { uriWithDatabase } from '../db/uri';
import { DEMO_BANK_CODE, DEMO_PASSWORD, seedDemoData } from '../demo/seed';
import { arg, emitLine, latencyStats, note, runBench } from './stats';

const backends = (arg('backends') ?? 'sqlite,postgresql').split(',') as EmbeddedBackend[];
const repeat = Number(arg('repeat') ?? 5);

interface Client {
  json(method: string, url: string, body?: unknown): Promise<{ status: number; body: any; ms: number }>;
  page(url: string): Promise<{ status: number; ms: number }>;
}

async function signIn(base: string, username: string): Promise<Client> {
  const login = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: DEMO_PASSWORD }) });
  if (login.status !== 200) throw new Error(`sign-in of ${username} failed: ${login.status} ${await login.text()}`);
  const { token } = (await login.json()) as { token: string };
  return {
    async json(method, url, body) {
      const t = performance.now();
      const response = await fetch(`${base}${url}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      const ms = performance.now() - t;
      return { status: response.status, body: text ? JSON.parse(text) : undefined, ms };
    },
    async page(url) {
      const t = performance.now();
      const response = await fetch(`${base}${url}`, { headers: { cookie: `${SESSION_COOKIE}=${token}` } });
      await response.arrayBuffer();
      return { status: response.status, ms: performance.now() - t };
    },
  };
}

function expectStatus(what: string, status: number, wanted: number, body?: unknown): void {
  if (status !== wanted) throw new Error(`${what}: HTTP ${status}, expected ${wanted}: ${JSON.stringify(body).slice(0, 400)}`);
}

async function benchBackend(backend: EmbeddedBackend): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), `bench-bank-http-${backend}-`));
  const database = await startDatabase({ dataDir: dir, backend, allowExternal: false, preferMongod: false, log: note });
  const config = {
    ...loadConfig({ NODE_ENV: 'production', LOG_LEVEL: 'warn', JWT_SECRET: 'bench-secret-bench-secret-bench-secret-0123', DATA_KEY: 'bench-data-key-bench-data-key-bench-data-0123', BCRYPT_COST: '10' }),
    port: 0,
    mongodbUri: uriWithDatabase(database.uri, 'bench_bank_http'),
  };
  const server = await startServer(config, createLogger('warn', undefined, 'json'));
  try {
    const seeded = performance.now();
    await seedDemoData({ app: server.app, log: note });
    emitLine({ bench: 'bank-http', backend: database.kind, op: 'seed demo data', ms: Math.round(performance.now() - seeded) });
    const base = server.url;
    const writer = await signIn(base, 'writer');
    const reviewer = await signIn(base, 'reviewer');
    const bankadmin = await signIn(base, 'bankadmin');
    const banks = await bankadmin.json('GET', '/api/v1/banks');
    const bankId = (banks.body.items as Array<{ id: string; code: string }>).find((b) => b.code === DEMO_BANK_CODE)!.id;
    const report = (op: string, samples: number[], extra: Record<string, unknown> = {}) => {
      const s = latencyStats(samples);
      emitLine({ bench: 'bank-http', backend: database.kind, op, samples: s.n, p50Ms: Math.round(s.p50), maxMs: Math.round(s.max), ...extra });
    };

    // Item lists: every page of the list, and the filters a writer uses.
    const first = await writer.json('GET', `/api/v1/banks/${bankId}/items?pageSize=20`);
    expectStatus('item list', first.status, 200, first.body);
    const pages = Math.ceil(first.body.total / 20);
    const everyPage: number[] = [];
    for (let page = 1; page <= pages; page++) everyPage.push((await writer.json('GET', `/api/v1/banks/${bankId}/items?pageSize=20&page=${page}`)).ms);
    report('item list, every page (API)', everyPage, { pages });
    const htmlPages: number[] = [];
    for (let page = 1; page <= pages; page += Math.max(1, Math.floor(pages / 20))) {
      const result = await writer.page(`/bank/${bankId}/items?page=${page}`);
      expectStatus('item list page', result.status, 200);
      htmlPages.push(result.ms);
    }
    report('item list, pages (HTML)', htmlPages);
    const filters: Record<string, string> = {
      type: 'type=single',
      point: 'point=BAA001',
      scope: 'point=BA',
      level: 'level=3',
      status: 'status=submitted',
      usable: 'status=usable&type=judge&level=5',
      text: `q=${encodeURIComponent('电阻')}`,
      mine: 'mine=true',
    };
    for (const [name, query] of Object.entries(filters)) {
      const samples: number[] = [];
      for (let i = 0; i < repeat; i++) {
        const result = await writer.json('GET', `/api/v1/banks/${bankId}/items?${query}`);
        expectStatus(`filter ${name}`, result.status, 200, result.body);
        samples.push(result.ms);
      }
      report(`item list filter: ${name}`, samples);
    }

    // Submit and approve: the writer drafts and submits, the reviewer approves.
    const submits: number[] = [];
    const approvals: number[] = [];
    const queue: number[] = [];
    const afterWrite: number[] = [];
    for (let i = 0; i < repeat; i++) {
      const created = await writer.json('POST', `/api/v1/banks/${bankId}/items`, {
        type: 'judge',
        pointCode: 'BD001',
        levels: [5, 4],
        difficulty: 2,
        estimatedSeconds: 30,
        stem: `<p>基准测试判断题 ${i}：电气设备的金属外壳应可靠接地。</p>`,
        answer: true,
        tags: ['基准测试'],
      });
      expectStatus('create item', created.status, 201, created.body);
      const submitted = await writer.json('POST', `/api/v1/items/${created.body.id}/versions/1/submit`, {});
      expectStatus('submit', submitted.status, 200, submitted.body);
      submits.push(submitted.ms);
      const listed = await reviewer.json('GET', '/api/v1/review-queue');
      expectStatus('review queue', listed.status, 200, listed.body);
      queue.push(listed.ms);
      const approved = await reviewer.json('POST', `/api/v1/items/${created.body.id}/versions/1/approve`, {});
      expectStatus('approve', approved.status, 200, approved.body);
      approvals.push(approved.ms);
      // The first list read after a write: the bank's rows are read again (once per write).
      const listed2 = await writer.json('GET', `/api/v1/banks/${bankId}/items?pageSize=20`);
      expectStatus('item list after a write', listed2.status, 200, listed2.body);
      afterWrite.push(listed2.ms);
    }
    report('submit an item', submits);
    report('review queue', queue);
    report('approve an item', approvals);
    report('item list, first read after a write', afterWrite);

    // Publishing: after the approvals above, then once more with nothing changed.
    const publishes: number[] = [];
    for (let i = 0; i < 2; i++) {
      const published = await bankadmin.json('POST', `/api/v1/banks/${bankId}/releases`, { comment: `bench ${i}` });
      expectStatus('publish', published.status, 201, published.body);
      publishes.push(published.ms);
    }
    report('publish a release', publishes, { items: first.body.total + repeat });
  } finally {
    await server.close();
    await database.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  for (const backend of backends) await benchBackend(backend);
}

runBench(main);
