import { expect } from 'chai';
import request from 'supertest';
import { buildTestApp } from '../../support/app';
import { useFreshDatabase } from '../../support/database';
import { createStaff, bearer, type StaffUser } from '../../support/identity';
import { createBankWorld, ELECTRICIAN } from '../../support/bank';

type Doc = { paths: Record<string, Record<string, { parameters?: Array<{ name: string; schema: Record<string, unknown> }>; requestBody?: { content: Record<string, { schema: Record<string, unknown> }> } }>> };

describe('the OpenAPI document is as strict as the validators; unknown methods get 405 (finding 10)', function () {
  this.timeout(60_000);
  useFreshDatabase('sec_openapi');
  const app = buildTestApp();
  let admin: StaffUser;
  let doc: Doc;
  let bankId: string;

  before(async () => {
    bankId = (await createBankWorld(app)).electrician.id;
    admin = await createStaff(app, 'admin', [{ role: 'admin', scope: { type: 'global' } }]);
    doc = (await request(app.express).get('/api/openapi.json').expect(200)).body as Doc;
  });

  it('level=0 is outside the documented query schema (it was "type: number"), and is refused', async () => {
    const level = doc.paths['/api/v1/blueprints/default']!.get!.parameters!.find((p) => p.name === 'level')!;
    expect(JSON.stringify(level.schema)).not.to.equal('{"type":"number"}');
    expect(JSON.stringify(level.schema)).to.contain('5');
    const res = await request(app.express).get(`/api/v1/blueprints/default?bankId=${bankId}&level=0`).set(...bearer(await admin.token()));
    expect(res.status).to.equal(400);
  });

  it('item and standard bodies are documented (content: null is not schema-valid), uploads as multipart', () => {
    const put = doc.paths['/api/v1/items/{id}']!.put!.requestBody!.content['application/json']!.schema as { properties: { content: Record<string, unknown> } };
    expect(Object.keys(put.properties.content)).not.to.have.length(0);
    expect(JSON.stringify(put.properties.content)).to.contain('pointCode');
    expect(JSON.stringify(doc.paths['/api/v1/standards']!.post!.requestBody!.content['application/json']!.schema)).to.contain('weightTables');
    const media = doc.paths['/api/v1/banks/{bankId}/media']!.post!.requestBody!.content['multipart/form-data']!.schema;
    expect(media).to.deep.include({ required: ['file'] });
  });

  it('a schema-valid request that breaks a rule no schema states is a 422, not a 400 (a national bank with a parent)', async () => {
    const res = await request(app.express)
      .post('/api/v1/banks')
      .set(...bearer(await admin.token()))
      .send({ code: 'NAT-X', name: '另一个国家题库', tier: 'national', occupationCode: ELECTRICIAN, standardEdition: '2018', parentBankId: bankId });
    expect(res.status).to.equal(422);
    expect(res.body.errors[0].path).to.equal('body.parentBankId');
    const malformed = await request(app.express).post('/api/v1/banks').set(...bearer(await admin.token())).send({ code: 7 });
    expect(malformed.status).to.equal(400);
  });

  it('TRACE, PATCH and PUT on known paths answer 405 with Allow; unknown paths stay 404', async () => {
    const trace = await request(app.express).trace('/api/v1/banks');
    expect(trace.status).to.equal(405);
    expect(trace.headers.allow).to.equal('GET, HEAD, POST');
    expect(trace.headers['content-type']).to.match(/^application\/problem\+json/);
    const patch = await request(app.express).patch(`/api/v1/banks/${bankId}`).set(...bearer(await admin.token()));
    expect(patch.status).to.equal(405);
    await request(app.express).put('/healthz').expect(405);
    await request(app.express).get('/api/v1/no-such-thing').expect(404);
  });
});
