import { expect } from 'chai';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import mongoose from 'mongoose';
import request from 'supertest';
import { buildTestApp } from '../../support/app';
import { useFreshDatabase } from '../../support/database';
import { createStaff, bearer, type StaffUser } from '../../support/identity';
import { createBankWorld } from '../../support/bank';
import { judgeItem } from '../../support/fixtures';
import { sessionCookie } from '../../support/session';
import { workbookBuffer } from '../../unit/interchange/helpers';
import { XLSX_HEADERS } from '../../../server/bank/interchange';
import { ImportJobModel } from '../../../server/bank/model';
import { createHttpServer } from '../../../server/platform/http-limits';

describe('response headers, request limits and stale dry runs (finding 9)', function () {
  this.timeout(60_000);
  useFreshDatabase('sec_headers');
  const app = buildTestApp({ loginIpMax: 1000 });
  const http = app.express;
  let bankAdmin: StaffUser;
  let writer: StaffUser;
  let bankId: string;

  before(async () => {
    bankId = (await createBankWorld(app)).electrician.id;
    bankAdmin = await createStaff(app, 'bankadmin', [{ role: 'bank_admin', scope: { type: 'bank', id: bankId } }]);
    writer = await createStaff(app, 'writer', [{ role: 'writer', scope: { type: 'bank', id: bankId } }]);
  });

  it('/api/v1/me, item bodies and the item page (with its key) are Cache-Control: no-store', async () => {
    const me = await request(http).get('/api/v1/me').set(...bearer(await writer.token())).expect(200);
    expect(me.headers['cache-control']).to.equal('no-store');
    const created = await request(http).post(`/api/v1/banks/${bankId}/items`).set(...bearer(await writer.token())).send(judgeItem()).expect(201);
    const item = await request(http).get(`/api/v1/items/${created.body.id}`).set(...bearer(await writer.token())).expect(200);
    expect(item.headers['cache-control']).to.equal('no-store');
    const page = await request(http).get(`/bank/items/${created.body.id}`).set('Cookie', await sessionCookie(app, 'writer'));
    expect(page.status).to.equal(200);
    expect(page.headers['cache-control']).to.equal('no-store');
  });

  it('every response has a Permissions-Policy that denies camera, microphone and geolocation', async () => {
    for (const url of ['/', '/login', '/healthz', '/api/openapi.json']) {
      const res = await request(http).get(url);
      expect(res.headers['permissions-policy'], url).to.match(/camera=\(\)/).and.match(/microphone=\(\)/).and.match(/geolocation=\(\)/);
    }
  });

  it('a slowly trickled body is cut off at the request timeout (408), not held open', async () => {
    const server = createHttpServer(http, { requestTimeoutMs: 1500, headersTimeoutMs: 1000 });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const started = Date.now();
      const answer = await new Promise<string>((resolve, reject) => {
        const socket = net.connect(port, '127.0.0.1');
        let data = '';
        const trickle = setInterval(() => socket.writable && socket.write('a'), 200);
        socket.on('connect', () => socket.write('POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n'));
        socket.on('data', (d) => (data += d.toString()));
        socket.on('close', () => {
          clearInterval(trickle);
          resolve(data);
        });
        socket.on('error', reject);
        setTimeout(() => reject(new Error('connection still open after 10 s')), 10_000).unref();
      });
      expect(Date.now() - started).to.be.below(6000);
      expect(answer).to.match(/^HTTP\/1\.1 408/);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('a dry run nobody commits expires after the TTL: its staging is dropped and the commit is refused', async () => {
    const header = [...XLSX_HEADERS];
    const row = header.map(() => '' as string | number);
    row[header.indexOf('题型')] = '判断';
    row[header.indexOf('题干')] = '电流的单位是安培。';
    row[header.indexOf('答案')] = '对';
    row[header.indexOf('难度')] = 2;
    row[header.indexOf('鉴定点')] = 'B001';
    const file = await workbookBuffer([{ name: '试题', rows: [header, row] }]);
    const dry = await request(http).post(`/api/v1/banks/${bankId}/imports`).set(...bearer(await bankAdmin.token())).attach('file', file, 'a.xlsx').expect(201);
    expect(dry.body.status).to.equal('ready');
    const staged = () => mongoose.connection.db!.listCollections({ name: `import_staged_${dry.body.jobId}` }).toArray();
    expect(await staged()).to.have.length(1);
    expect(await app.transfer.expireStaleDryRuns()).to.equal(0); // fresh: kept

    await ImportJobModel.collection.updateOne({ _id: new mongoose.Types.ObjectId(dry.body.jobId) }, { $set: { createdAt: new Date(Date.now() - 25 * 3600_000) } });
    const commit = await request(http).post(`/api/v1/banks/${bankId}/imports/${dry.body.jobId}/commit`).set(...bearer(await bankAdmin.token()));
    expect(commit.status).to.equal(409);
    expect(commit.body.type).to.equal('/problems/import-expired');
    expect(await staged()).to.have.length(0);
    const job = await request(http).get(`/api/v1/banks/${bankId}/imports/${dry.body.jobId}`).set(...bearer(await bankAdmin.token())).expect(200);
    expect(job.body).to.include({ status: 'expired', canCommit: false });
    expect(await app.transfer.expireStaleDryRuns()).to.equal(0); // idempotent
  });
});
