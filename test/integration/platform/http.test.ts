import { expect } from 'chai';
import request from 'supertest';
import { buildTestApp } from '../../support/app';
import { useFreshDatabase } from '../../support/database';

describe('HTTP foundation', () => {
  useFreshDatabase('http');
  const app = buildTestApp().express;

  it('GET /healthz answers while the process is alive', async () => {
    const res = await request(app).get('/healthz').expect(200);
    expect(res.body).to.deep.equal({ status: 'ok' });
  });

  it('GET /readyz is 200 when the database answers', async () => {
    const res = await request(app).get('/readyz').expect(200);
    expect(res.body).to.deep.equal({ status: 'ok', checks: { database: 'ok' } });
  });

  it('echoes a valid X-Request-Id and generates one otherwise', async () => {
    const echoed = await request(app).get('/healthz').set('X-Request-Id', 'abc-123');
    expect(echoed.headers['x-request-id']).to.equal('abc-123');
    const generated = await request(app).get('/healthz').set('X-Request-Id', 'bad id with spaces');
    expect(generated.headers['x-request-id']).to.match(/^[0-9a-f-]{36}$/);
  });

  it('answers unknown API routes with a 404 problem+json', async () => {
    const res = await request(app).get('/api/v1/nothing-here').expect(404);
    expect(res.headers['content-type']).to.match(/^application\/problem\+json/);
    expect(res.body).to.include({ status: 404, type: '/problems/not-found', instance: '/api/v1/nothing-here' });
  });

  it('answers malformed JSON with a 400 problem', async () => {
    const res = await request(app).post('/api/openapi.json').set('Content-Type', 'application/json').send('{"broken":');
    expect(res.status).to.equal(400);
    expect(res.headers['content-type']).to.match(/^application\/problem\+json/);
    expect(res.body.detail).to.equal('请求体不是有效的 JSON。');
    const en = await request(app).post('/api/openapi.json').set('Accept-Language', 'en').set('Content-Type', 'application/json').send('{"broken":');
    expect(en.body.detail).to.match(/not valid JSON/);
  });

  it('shows a friendly, localised page for unknown pages', async () => {
    const zh = await request(app).get('/no-such-page').expect(404);
    expect(zh.headers['content-type']).to.match(/text\/html/);
    expect(zh.text).to.contain('页面不存在');
    const en = await request(app).get('/no-such-page?lang=en').expect(404);
    expect(en.text).to.contain('The page does not exist');
  });

  it('sets security headers (helmet) and no X-Powered-By', async () => {
    const res = await request(app).get('/').expect(200);
    expect(res.headers['content-security-policy']).to.contain("default-src 'self'");
    expect(res.headers['x-content-type-options']).to.equal('nosniff');
    expect(res.headers).not.to.have.property('x-powered-by');
  });

  it('serves the home page in Chinese by default and English on request', async () => {
    const zh = await request(app).get('/').expect(200);
    expect(zh.text).to.contain('<html lang="zh-CN">');
    expect(zh.text).to.contain('职业技能等级认定题库与考试平台');
    expect(zh.text).to.contain('命题专家');

    const en = await request(app).get('/?lang=en').expect(200);
    expect(en.text).to.contain('<html lang="en">');
    expect(en.text).to.contain('Question Bank and Online Exams');
    expect(en.headers['set-cookie']?.[0]).to.match(/^lang=en;/);

    const remembered = await request(app).get('/').set('Cookie', 'lang=en').expect(200);
    expect(remembered.text).to.contain('<html lang="en">');

    const accept = await request(app).get('/').set('Accept-Language', 'en-GB,en;q=0.9').expect(200);
    expect(accept.text).to.contain('<html lang="en">');
    const acceptZh = await request(app).get('/').set('Accept-Language', 'zh-CN,zh;q=0.9,en;q=0.5').expect(200);
    expect(acceptZh.text).to.contain('<html lang="zh-CN">');
  });

  it('serves an OpenAPI 3.1 document describing the routes', async () => {
    const res = await request(app).get('/api/openapi.json').expect(200);
    expect(res.body.openapi).to.equal('3.1.0');
    expect(res.body.paths).to.have.property('/readyz');
    expect(res.body.paths['/readyz'].get['x-permission']).to.equal('public');
    expect(res.body.components.schemas.Problem.required).to.deep.equal(['type', 'title', 'status']);
  });
});
