import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import { TEST_JWT_SECRET } from './app';
import { AnswerSheetModel } from '../../server/delivery/model';
import { answersOf } from '../../server/delivery/answer-record';

const ROOT = path.resolve(import.meta.dirname, '../..');
export const TEST_DATA_KEY = 'test-data-key-test-data-key-test-data-key-0123';

/** A production-mode app process on `port` over `uri`; resolves once /healthz answers. */
export async function startAppProcess(uri: string, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'production', PORT: String(port), HOST: '127.0.0.1', MONGODB_URI: uri, JWT_SECRET: TEST_JWT_SECRET, DATA_KEY: TEST_DATA_KEY, LOG_LEVEL: 'error', LOGIN_IP_MAX: '100000' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`the app process exited with ${child.exitCode}`);
    const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false);
    if (ok) return child;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the app process did not come up');
}

export function kill(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill(signal);
  });
}

/** A round-robin reverse proxy over loopback upstreams (stand-in for a load balancer). */
export function roundRobinProxy(upstreams: number[], port: number): Promise<http.Server> {
  let next = 0;
  const server = http.createServer((req, res) => {
    const target = upstreams[next++ % upstreams.length]!;
    const forward = http.request({ host: '127.0.0.1', port: target, path: req.url, method: req.method, headers: req.headers }, (upstream) => {
      res.writeHead(upstream.statusCode ?? 502, upstream.headers);
      upstream.pipe(res);
    });
    forward.on('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(forward);
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}

interface Client {
  registrationId: string;
  token: string;
  types: string[];
  seq: number;
  acked: Map<number, { seq: number; value: unknown }>;
}

/**
 * Candidates saving answers in a loop, as the exam page does: a save that fails (network,
 * 5xx, app restarting) is retried with the same value and seq until acknowledged.
 */
export class ExamLoad {
  readonly clients: Client[] = [];
  private stopped = false;
  acknowledged = 0;
  retries = 0;
  /** The longest a single request took (a save held up by an outage shows here). */
  slowestMs = 0;

  constructor(private readonly base: () => string) {}

  async join(candidates: Array<{ admissionNo: string; idNumber: string; registrationId: string }>): Promise<void> {
    for (const c of candidates) {
      const login = await this.retry(() => this.call('POST', '/api/v1/auth/candidate-login', undefined, { admissionNo: c.admissionNo, idNumber: c.idNumber }));
      const token = login.json.token as string;
      await this.retry(() => this.call('POST', '/api/v1/attempts/start', token));
      const paper = await this.retry(() => this.call('GET', '/api/v1/attempts/current', token));
      this.clients.push({ registrationId: c.registrationId, token, types: (paper.json.items as Array<{ type: string }>).map((i) => i.type), seq: 0, acked: new Map() });
    }
  }

  private async call(method: string, url: string, token?: string, body?: unknown): Promise<{ status: number; json: any }> {
    const started = performance.now();
    try {
      const res = await fetch(`${this.base()}${url}`, { method, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, ...(body === undefined ? {} : { body: JSON.stringify(body) }), signal: AbortSignal.timeout(5_000) });
      const text = await res.text();
      return { status: res.status, json: text ? JSON.parse(text) : undefined };
    } catch {
      return { status: 0, json: undefined };
    } finally {
      this.slowestMs = Math.max(this.slowestMs, performance.now() - started);
    }
  }

  private async retry(fn: () => Promise<{ status: number; json: any }>): Promise<{ status: number; json: any }> {
    const until = Date.now() + 60_000;
    while (Date.now() < until) {
      const res = await fn();
      if (res.status === 200) return res;
      if (res.status !== 0 && res.status < 500) throw new Error(`refused: ${res.status} ${JSON.stringify(res.json)}`);
      this.retries += 1;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('gave up after repeated failures');
  }

  /** Each client saves every `intervalMs` until stop(). */
  async run(intervalMs: number): Promise<void> {
    await Promise.all(
      this.clients.map(async (c) => {
        while (!this.stopped) {
          const position = Math.floor(Math.random() * c.types.length);
          const value = c.types[position] === 'judge' ? Math.random() < 0.5 : ['A', 'B', 'C', 'D'][Math.floor(Math.random() * 4)];
          c.seq += 1;
          const seq = c.seq;
          await this.retry(() => this.call('PUT', `/api/v1/attempts/${c.registrationId}/answers/${position}`, c.token, { value, seq }));
          this.acknowledged += 1;
          const prev = c.acked.get(position);
          if (!prev || prev.seq < seq) c.acked.set(position, { seq, value });
          await new Promise((r) => setTimeout(r, intervalMs * (0.5 + Math.random())));
        }
      }),
    );
  }

  stop(): void {
    this.stopped = true;
  }

  /** Acknowledged answers that the database does not hold as acknowledged (must be 0). */
  async lost(): Promise<number> {
    let lost = 0;
    for (const c of this.clients) {
      const stored = answersOf((await AnswerSheetModel.findById(c.registrationId).lean())?.answers);
      for (const [position, ack] of c.acked) {
        const answer = stored.get(position);
        if (!answer || answer.s !== ack.seq || JSON.stringify(answer.v) !== JSON.stringify(ack.value)) lost += 1;
      }
    }
    return lost;
  }
}
