import { expect } from 'chai';
import request from 'supertest';
import { buildTestApp } from '../../support/app';
import { useFreshDatabase } from '../../support/database';
import { bearer, createStaff, type StaffUser } from '../../support/identity';
import { createBankWorld } from '../../support/bank';
import { MediaModel } from '../../../server/bank/model';

/** English words (3+ letters) other than names such as JSON and MiB: none may be in a Chinese message. */
const ENGLISH = /\b(?!JSON\b|MiB\b|multipart\b|form\b|data\b|boundary\b)[A-Za-z]{3,}\b/;
const CHINESE = /[\u4e00-\u9fff]/;
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
const BOUNDARY = 'ApiMessages42';

function multipart(parts: Array<[string, string | undefined, Buffer | string]>): Buffer {
  const chunks: Buffer[] = [];
  for (const [name, fileName, content] of parts) {
    chunks.push(Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"${fileName ? `; filename="${fileName}"` : ''}\r\n${fileName ? 'Content-Type: image/png\r\n' : ''}\r\n`));
    chunks.push(Buffer.isBuffer(content) ? content : Buffer.from(content));
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${BOUNDARY}--\r\n`));
  return Buffer.concat(chunks);
}

interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: Array<{ path: string; message: string; code?: string }>;
}

/**
 * API refusals speak the caller's language: Chinese by default (and for zh-CN), English for
 * `Accept-Language: en`; each invalid field keeps its machine-readable `path` and `code`, and
 * its message names the field by its label, as the pages do.
 */
describe('API validation and upload refusals in Chinese by default, English when asked', function () {
  this.timeout(60_000);
  useFreshDatabase('api_messages');
  const app = buildTestApp({ loginIpMax: 1000 });
  const http = app.express;
  let bankId = '';
  let bankAdmin: StaffUser;
  let writer: StaffUser;
  let admin: StaffUser;

  before(async () => {
    const banks = await createBankWorld(app);
    bankId = banks.electrician.id;
    bankAdmin = await createStaff(app, 'bankadmin', [{ role: 'bank_admin', scope: { type: 'bank', id: bankId } }]);
    writer = await createStaff(app, 'writer', [{ role: 'writer', scope: { type: 'bank', id: bankId } }]);
    admin = await createStaff(app, 'sysadmin', [{ role: 'admin', scope: { type: 'global' } }]);
  });

  /** The field's message at `path` (exactly one). */
  function messageAt(body: Problem, path: string): { message: string; code?: string } {
    const found = (body.errors ?? []).filter((e) => e.path === path);
    expect(found, `one error at ${path} in ${JSON.stringify(body.errors)}`).to.have.length(1);
    return found[0]!;
  }

  function expectChinese(body: Problem): void {
    for (const text of [body.title, body.detail ?? '', ...(body.errors ?? []).map((e) => e.message)]) {
      expect(text, JSON.stringify(body)).to.match(CHINESE);
      // What is quoted (“file”) is a name the caller sent or must send, in any language.
      expect(text.replace(/“[^”]*”/g, '“”'), JSON.stringify(body)).to.not.match(ENGLISH);
    }
  }

  function expectEnglish(body: Problem): void {
    for (const text of [body.title, body.detail ?? '', ...(body.errors ?? []).map((e) => e.message)]) expect(text, JSON.stringify(body)).to.not.match(CHINESE);
  }

  const login = (body: unknown, language?: string) => {
    const req = request(http).post('/api/v1/auth/login');
    return (language ? req.set('Accept-Language', language) : req).send(body as object);
  };

  it('sign-in with a wrong-typed username and no password: 400, Chinese by default and for zh-CN, English for en', async () => {
    for (const language of [undefined, 'zh-CN,zh;q=0.9']) {
      const res = await login({ username: 12, password: '' }, language);
      expect(res.status).to.equal(400);
      expect(res.headers['content-type']).to.match(/^application\/problem\+json/);
      expect(res.headers['content-language']).to.equal('zh-CN');
      const body = res.body as Problem;
      expect(body).to.include({ type: '/problems/validation', status: 400, title: '请求内容不符合要求', detail: '请求中有字段不符合要求。' });
      expect(messageAt(body, 'body.username')).to.deep.equal({ path: 'body.username', message: '用户名应为文字。', code: 'invalid_type' });
      expect(messageAt(body, 'body.password')).to.deep.equal({ path: 'body.password', message: '请填写密码。', code: 'too_small' });
      expectChinese(body);
    }
    const en = await login({ username: 12, password: '' }, 'en-GB,en;q=0.8');
    expect(en.status).to.equal(400);
    expect(en.headers['content-language']).to.equal('en');
    expect(en.body).to.include({ title: 'Invalid request', detail: 'The request has invalid fields.' });
    expect(messageAt(en.body, 'body.username')).to.deep.equal({ path: 'body.username', message: 'Username must be text.', code: 'invalid_type' });
    expect(messageAt(en.body, 'body.password').message).to.equal('Please fill in Password.');
    expectEnglish(en.body);
  });

  it('a blueprint with a blank name, an unknown level and a bad section: nested fields named by their labels', async () => {
    const body = { bankId, name: '', level: 9, part: 'theory', sections: [{ type: 'judge', count: -1, pointsPerItem: 'x' }] };
    const zh = await request(http).post('/api/v1/blueprints').set(...bearer(await bankAdmin.token())).send(body);
    expect(zh.status).to.equal(400);
    expect(messageAt(zh.body, 'body.name').message).to.equal('请填写名称。');
    expect(messageAt(zh.body, 'body.level')).to.include({ message: '等级的取值不在可选范围内。' });
    expect(messageAt(zh.body, 'body.sections.0.count')).to.include({ message: '大题设置（第 1 项）的题数不能小于 1。', code: 'too_small' });
    expect(messageAt(zh.body, 'body.sections.0.pointsPerItem').message).to.equal('大题设置（第 1 项）的每题分值应为数字。');
    expectChinese(zh.body);

    const en = await request(http).post('/api/v1/blueprints').set(...bearer(await bankAdmin.token())).set('Accept-Language', 'en').send(body);
    expect(en.status).to.equal(400);
    expect(en.body.errors.map((e: { path: string }) => e.path)).to.deep.equal(zh.body.errors.map((e: { path: string }) => e.path));
    expectEnglish(en.body);
  });

  it('a new user with rule-breaking fields: the custom rules (catalogue keys) are localised too', async () => {
    const body = { username: 'a', displayName: '', password: 'xxxxxxxxxxxx', roles: [{ role: 'writer', scope: { type: 'bank' } }] };
    const zh = await request(http).post('/api/v1/users').set(...bearer(await admin.token())).send(body);
    expect(zh.status).to.equal(400);
    expect(messageAt(zh.body, 'body.password')).to.deep.equal({ path: 'body.password', message: '密码需同时包含字母和数字。', code: 'custom' });
    expect(messageAt(zh.body, 'body.roles.0.scope.id').message).to.equal('请选择角色授权（第 1 项）的授权范围。');
    expectChinese(zh.body);
    const en = await request(http).post('/api/v1/users').set(...bearer(await admin.token())).set('Accept-Language', 'en').send(body);
    expect(messageAt(en.body, 'body.password').code).to.equal('custom');
    expectEnglish(en.body);
  });

  it('a rule across fields (a national bank with a parent): 422, said in the caller’s language', async () => {
    const body = { code: 'NAT-X', name: '另一个国家题库', tier: 'national', occupationCode: '6-31-01-03', standardEdition: '2018', parentBankId: bankId };
    const zh = await request(http).post('/api/v1/banks').set(...bearer(await admin.token())).send(body);
    expect(zh.status).to.equal(422);
    expect(zh.body.errors).to.deep.equal([{ path: 'body.parentBankId', message: '国家题库不设上级题库。', code: 'custom' }]);
    expectChinese(zh.body);
    const en = await request(http).post('/api/v1/banks').set(...bearer(await admin.token())).set('Accept-Language', 'en').send(body);
    expect(en.body.errors).to.deep.equal([{ path: 'body.parentBankId', message: 'A national bank has no parent bank.', code: 'custom' }]);
    expectEnglish(en.body);
  });

  it('a body that is not JSON is refused in the caller’s language, though it fails before the language is chosen for the page', async () => {
    const zh = await request(http).post('/api/v1/auth/login').set('Content-Type', 'application/json').send('{"username":');
    expect(zh.status).to.equal(400);
    expect(zh.body).to.include({ title: '请求有误', detail: '请求体不是有效的 JSON。' });
    const en = await request(http).post('/api/v1/auth/login').set('Accept-Language', 'en').set('Content-Type', 'application/json').send('{"username":');
    expect(en.body).to.include({ title: 'Bad Request', detail: 'The request body is not valid JSON.' });
  });

  it('upload refusals (two files, a wrong field, an extra field, not multipart, too large): Chinese by default, English for en, nothing stored', async () => {
    const token = await writer.token();
    const url = `/api/v1/banks/${bankId}/media`;
    const post = (language: string | undefined, contentType: string, body: Buffer) => {
      const req = request(http).post(url).set(...bearer(token)).set('Content-Type', contentType);
      return (language ? req.set('Accept-Language', language) : req).send(body);
    };
    const form = `multipart/form-data; boundary=${BOUNDARY}`;
    const cases: Array<{ name: string; contentType: string; body: Buffer; status: number; zh: string; path?: string; zhError?: string; en: string }> = [
      { name: 'two files', contentType: form, body: multipart([['file', 'a.png', PNG], ['file', 'b.png', PNG]]), status: 400, zh: '每次只能上传一个文件。', path: 'body.file', zhError: '请只发送一个文件', en: 'Only one file may be uploaded.' },
      { name: 'a file in the wrong field', contentType: form, body: multipart([['picture', 'a.png', PNG]]), status: 400, zh: '文件放在了不对的字段中。', path: 'body', zhError: '文件应放在字段“file”中', en: 'Unexpected file field.' },
      { name: 'an extra text field', contentType: form, body: multipart([['file', 'a.png', PNG], ['evil', undefined, '1']]), status: 400, zh: '表单中有不应出现的字段。', path: 'body.evil', zhError: '不应出现的字段“evil”', en: 'The form has unexpected fields.' },
      { name: 'not multipart', contentType: 'application/octet-stream', body: PNG, status: 415, zh: '请以 multipart/form-data 格式上传文件。', en: 'Send the file as multipart/form-data.' },
      { name: 'no boundary', contentType: 'multipart/form-data', body: PNG, status: 400, zh: '上传的表单数据缺少分隔符（boundary）。', en: 'The multipart body has no boundary.' },
    ];
    for (const c of cases) {
      const zh = await post(undefined, c.contentType, c.body);
      expect(zh.status, c.name).to.equal(c.status);
      expect(zh.body.detail, c.name).to.equal(c.zh);
      if (c.path) expect(messageAt(zh.body, c.path).message, c.name).to.equal(c.zhError);
      expectChinese(zh.body);
      const en = await post('en', c.contentType, c.body);
      expect(en.status, c.name).to.equal(c.status);
      expect(en.body.detail, c.name).to.equal(c.en);
      if (c.path) expect(en.body.errors.map((e: { path: string }) => e.path), c.name).to.deep.equal([c.path]);
      expectEnglish(en.body);
    }
    const big = Buffer.alloc(3 * 1024 * 1024, 1);
    const tooBig = await request(http).post(url).set(...bearer(token)).attach('file', big, 'big.png');
    expect(tooBig.status).to.equal(413);
    expect(tooBig.body).to.include({ title: '请求内容过大' });
    expect(tooBig.body.detail).to.match(/^文件最大为 \d+ MiB。$/);
    expect(messageAt(tooBig.body, 'body.file').message).to.match(/^文件最大为 \d+ MiB$/);
    const tooBigEn = await request(http).post(url).set(...bearer(token)).set('Accept-Language', 'en').attach('file', big, 'big.png');
    expect(tooBigEn.body.detail).to.match(/^The file may be at most \d+ MiB\.$/);
    expect(await MediaModel.countDocuments()).to.equal(0);
  });
});
