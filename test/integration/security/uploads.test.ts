import { expect } from 'chai';
import { readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { buildTestApp } from '../../support/app';
import { useFreshDatabase } from '../../support/database';
import { createStaff, bearer, TEST_PASSWORD, type StaffUser } from '../../support/identity';
import { createBankWorld } from '../../support/bank';
import { unhandledRejections } from '../../support/unhandled-rejections';
import { sessionCookie } from '../../support/session';
import { ImportJobModel, MediaModel } from '../../../server/bank/model';

const UPLOAD_DIR = path.join(os.tmpdir(), 'skill-appraisal-imports');
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
const BOUNDARY = 'XyZboundary42';

function tempFiles(): string[] {
  try {
    return readdirSync(UPLOAD_DIR);
  } catch {
    return [];
  }
}

/** A hand-made multipart body: parts are [fieldName, fileName | undefined, content]. */
function multipart(parts: Array<[string, string | undefined, string | Buffer]>, close = true): Buffer {
  const chunks: Buffer[] = [];
  for (const [name, fileName, content] of parts) {
    const disposition = `form-data; name="${name}"${fileName ? `; filename="${fileName}"` : ''}`;
    chunks.push(Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: ${disposition}\r\n${fileName ? 'Content-Type: application/octet-stream\r\n' : ''}\r\n`));
    chunks.push(Buffer.isBuffer(content) ? content : Buffer.from(content));
    chunks.push(Buffer.from('\r\n'));
  }
  if (close) chunks.push(Buffer.from(`--${BOUNDARY}--\r\n`));
  return Buffer.concat(chunks);
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 200));

describe('hostile uploads (finding 1 and 5)', function () {
  this.timeout(60_000);
  useFreshDatabase('sec_uploads');
  const app = buildTestApp({ loginIpMax: 1000 });
  const http = app.express;
  let bankAdmin: StaffUser;
  let otherAdmin: StaffUser;
  let writer: StaffUser;
  let bankId: string;

  before(async () => {
    const banks = await createBankWorld(app);
    bankId = banks.electrician.id;
    bankAdmin = await createStaff(app, 'bankadmin', [{ role: 'bank_admin', scope: { type: 'bank', id: bankId } }]);
    otherAdmin = await createStaff(app, 'weldadmin', [{ role: 'bank_admin', scope: { type: 'bank', id: banks.welder.id } }]);
    writer = await createStaff(app, 'writer', [{ role: 'writer', scope: { type: 'bank', id: bankId } }]);
  });

  it('two file parts to the import API: a 400, no unhandled rejection, no temp file, and /healthz still answers', async () => {
    const rejectionsBefore = unhandledRejections().length;
    const filesBefore = tempFiles().length;
    const res = await request(http)
      .post(`/api/v1/banks/${bankId}/imports`)
      .set(...bearer(await bankAdmin.token()))
      .set('Content-Type', `multipart/form-data; boundary=${BOUNDARY}`)
      .send(multipart([['file', 'a.xlsx', 'x'.repeat(5000)], ['file', 'b.xlsx', 'y'.repeat(5000)]]));
    expect(res.status).to.equal(400);
    expect(res.headers['content-type']).to.match(/^application\/problem\+json/);
    expect(res.body.errors[0].path).to.equal('body.file');
    await settle();
    expect(unhandledRejections().length).to.equal(rejectionsBefore);
    expect(tempFiles().length).to.equal(filesBefore);
    expect(await ImportJobModel.countDocuments()).to.equal(0);
    await request(http).get('/healthz').expect(200);
  });

  it('a bank admin of another bank is refused before the upload is read (a malformed body still gets 404, not 400)', async () => {
    const res = await request(http)
      .post(`/api/v1/banks/${bankId}/imports`)
      .set(...bearer(await otherAdmin.token()))
      .set('Content-Type', `multipart/form-data; boundary=${BOUNDARY}`)
      .send(multipart([['file', 'a.xlsx', 'x']], false));
    expect(res.status).to.equal(404);
    await settle();
    expect(tempFiles()).to.have.length(0);
  });

  it('on the page route a cookie post without the CSRF token is refused before the upload is read', async () => {
    const cookie = await sessionCookie(app, 'bankadmin', TEST_PASSWORD);
    const res = await request(http)
      .post(`/bank/${bankId}/import`)
      .set('Cookie', cookie)
      .set('Origin', 'http://127.0.0.1:9999')
      .set('Content-Type', `multipart/form-data; boundary=${BOUNDARY}`)
      .send(multipart([['file', 'a.xlsx', 'x'], ['file', 'b.xlsx', 'y']]));
    expect(res.status).to.equal(403);
    await request(http).get('/healthz').expect(200);

    // With the page's token (in the form's action URL) the same double upload is a clean 400.
    const page = await request(http).get(`/bank/${bankId}/import`).set('Cookie', cookie).expect(200);
    const action = /action="([^"]*\/import\?_csrf=[^"]+)"/.exec(page.text)![1]!;
    const refused = await request(http)
      .post(action.replace(/&amp;/g, '&'))
      .set('Cookie', cookie)
      .set('Content-Type', `multipart/form-data; boundary=${BOUNDARY}`)
      .send(multipart([['file', 'a.xlsx', 'x'], ['file', 'b.xlsx', 'y']]));
    expect(refused.status).to.equal(400);
  });

  it('media uploads: two files, an unexpected field, a truncated body, no boundary, not multipart → 4xx, nothing stored', async () => {
    const token = await writer.token();
    const url = `/api/v1/banks/${bankId}/media`;
    const post = (contentType: string, body: Buffer) => request(http).post(url).set(...bearer(token)).set('Content-Type', contentType).send(body);
    const cases: Array<[string, request.Test, number]> = [
      ['two files', post(`multipart/form-data; boundary=${BOUNDARY}`, multipart([['file', 'a.png', PNG], ['file', 'b.png', PNG]])), 400],
      ['unexpected file field', post(`multipart/form-data; boundary=${BOUNDARY}`, multipart([['picture', 'a.png', PNG]])), 400],
      ['unexpected text field', post(`multipart/form-data; boundary=${BOUNDARY}`, multipart([['file', 'a.png', PNG], ['evil', undefined, '1']])), 400],
      ['truncated body', post(`multipart/form-data; boundary=${BOUNDARY}`, multipart([['file', 'a.png', PNG]], false)), 400],
      ['no boundary', post('multipart/form-data', multipart([['file', 'a.png', PNG]])), 400],
      ['not multipart', post('application/octet-stream', PNG), 415],
    ];
    for (const [name, pending, status] of cases) {
      const res = await pending;
      expect(res.status, name).to.equal(status);
      expect(res.headers['content-type'], name).to.match(/^application\/problem\+json/);
    }
    const tooBig = await request(http).post(url).set(...bearer(token)).attach('file', Buffer.alloc(3 * 1024 * 1024, 1), 'big.png');
    expect(tooBig.status).to.equal(413);
    expect(await MediaModel.countDocuments()).to.equal(0);
    await request(http).get('/healthz').expect(200);
  });
});
