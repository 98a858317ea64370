import { expect } from 'chai';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import { testDatabaseUriFor } from '../../support/database';

const ROOT = path.resolve(import.meta.dirname, '../../..');

function waitForListening(child: ChildProcessWithoutNullStreams): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    const onData = (chunk: Buffer) => {
      buffer += chunk.toString();
      for (const line of buffer.split('\n')) {
        try {
          const entry = JSON.parse(line) as { msg?: string; url?: string };
          if (entry.msg === 'server listening' && entry.url) {
            child.stdout.off('data', onData);
            resolve(entry.url);
            return;
          }
        } catch {
          // partial line
        }
      }
    };
    child.stdout.on('data', onData);
    child.once('exit', (code) => reject(new Error(`server exited early with ${code}: ${buffer}`)));
  });
}

describe('graceful shutdown', function () {
  this.timeout(60_000);
  let child: ChildProcessWithoutNullStreams;

  afterEach(() => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
  });

  it('finishes an in-flight request after SIGTERM, refuses new connections, then exits 0', async () => {
    child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      cwd: ROOT,
      env: {
        ...process.env,
        NODE_ENV: 'test',
        PORT: '0',
        LOG_LEVEL: 'info',
        ENABLE_TEST_ROUTES: '1',
        MONGODB_URI: await testDatabaseUriFor('shutdown_test'),
        JWT_SECRET: 'shutdown-test-secret-shutdown-test-secret',
      },
    });
    const url = await waitForListening(child);
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

    const slow = fetch(`${url}/__test/slow?ms=2000`).then(async (res) => ({ status: res.status, body: (await res.json()) as unknown }));
    await new Promise((resolve) => setTimeout(resolve, 400));
    child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 300));
    const refused = await fetch(`${url}/healthz`).then(
      () => 'answered',
      () => 'refused',
    );

    const response = await slow;
    expect(response).to.deep.equal({ status: 200, body: { sleptMs: 2000 } });
    expect(refused).to.equal('refused');
    expect(await exited).to.equal(0);
  });
});
