import { expect } from 'chai';
import request from 'supertest';
import { buildTestApp } from '../../support/app';
import { useFreshDatabase } from '../../support/database';
import { createStaff, TEST_PASSWORD } from '../../support/identity';
import { sessionCookie } from '../../support/session';
import { createBankWorld, releaseApprovedItems } from '../../support/bank';
import { StandardModel } from '../../../server/standards/model';
import { UserModel } from '../../../server/identity/model';

/**
 * Words zod, ajv and our services say in English ("Too small", "expected string", "must be",
 * "NaN"), and field paths (`roles.0.scope.id`, `body.stem`). Any of them in a message shown on a
 * Chinese page fails this test. JSON, .xlsx and the like are names, not English.
 */
const ENGLISH_OR_PATH = /\b(?!JSON\b|json\b|Excel\b|xlsx\b)[A-Za-z]{3,}\b|\b[A-Za-z]+\.\d+\b|\b(?:body|query|params)\.|NaN/;

/** A message without what the user typed (quoted “…”), which may be in any language. */
const ownWords = (message: string) => message.replace(/“[^”]*”/g, '“”');

/** The validation messages a page shows: the form's error list, the messages beside fields, inline notices. */
function shownMessages(html: string): string[] {
  const text = (fragment: string) => fragment.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim();
  const out: string[] = [];
  for (const [, list] of html.matchAll(/data-testid="form-errors">[\s\S]*?<ul>([\s\S]*?)<\/ul>/g)) for (const [, li] of list!.matchAll(/<li>([\s\S]*?)<\/li>/g)) out.push(text(li!));
  for (const [, p] of html.matchAll(/<p class="field-error[^"]*"[^>]*>([\s\S]*?)<\/p>/g)) out.push(text(p!));
  for (const [, notice] of html.matchAll(/data-testid="query-notice">([\s\S]*?)<\/div>/g)) out.push(text(notice!));
  for (const [, panel] of html.matchAll(/class="panel error-panel"[^>]*>([\s\S]*?)<\/section>/g)) out.push(text(panel!).replace(/请求编号：\S+/, ''));
  return out;
}

describe('validation messages on Chinese pages name fields by label and never leak English or paths', function () {
  this.timeout(180_000);
  useFreshDatabase('chinese_messages');
  const app = buildTestApp({ loginIpMax: 1000 });
  let bankId = '';
  let standardId = '';
  let userId = '';
  const sessions: Record<string, { cookie: string; csrf: string }> = {};

  async function signIn(username: string) {
    const cookie = await sessionCookie(app, username, TEST_PASSWORD);
    const page = await request(app.express).get('/').set('Cookie', cookie);
    const csrf = /name="csrf-token" content="([^"]+)"/.exec(page.text)?.[1] ?? '';
    sessions[username] = { cookie, csrf };
  }

  before(async () => {
    const { electrician } = await createBankWorld(app);
    bankId = electrician.id;
    await releaseApprovedItems(app, bankId, 2);
    standardId = String((await StandardModel.findOne({}).lean())!._id);
    await createStaff(app, 'admin', [{ role: 'admin', scope: { type: 'global' } }]);
    await createStaff(app, 'bankadmin', [{ role: 'bank_admin', scope: { type: 'bank', id: bankId } }]);
    await createStaff(app, 'writer', [{ role: 'writer', scope: { type: 'bank', id: bankId } }]);
    userId = (await createStaff(app, 'someone', [])).id;
    for (const name of ['admin', 'bankadmin', 'writer']) await signIn(name);
  });

  /** Posts a form as `who` and returns the messages the answering page shows. */
  async function post(who: string, path: string, fields: Record<string, string | string[]>): Promise<{ status: number; messages: string[]; html: string }> {
    const { cookie, csrf } = sessions[who]!;
    const res = await request(app.express).post(path).set('Cookie', cookie).set('Accept-Language', 'zh-CN').type('form').send({ _csrf: csrf, confirmed: '1', ...fields });
    return { status: res.status, messages: shownMessages(res.text), html: res.text };
  }

  const cases: Array<{ name: string; who: string; path: () => string; fields: () => Record<string, string | string[]>; expect: RegExp }> = [
    { name: 'new user, every field wrong', who: 'admin', path: () => '/admin/users/new', fields: () => ({ username: '1', displayName: '', password: 'short', role: 'writer', scope: 'bank:abc' }), expect: /请填写姓名。/ },
    { name: 'new user, a role on the wrong kind of scope', who: 'admin', path: () => '/admin/users/new', fields: () => ({ username: 'wang.wu', displayName: '王五', password: 'good-pass-123', role: 'admin', scope: `bank:${bankId}` }), expect: /不能授予在“题库”范围上/ },
    { name: 'new user, a taken username', who: 'admin', path: () => '/admin/users/new', fields: () => ({ username: 'writer', displayName: '重名', password: 'good-pass-123' }), expect: /用户名“writer”已被使用。/ },
    { name: 'grant on an occupation that does not exist', who: 'admin', path: () => `/admin/users/${userId}/grants`, fields: () => ({ role: 'writer', scope: 'occupation:', scopeId: '9-99-99-99' }), expect: /授权范围不存在。/ },
    { name: 'grant with a malformed id', who: 'admin', path: () => `/admin/users/${userId}/grants`, fields: () => ({ role: 'proctor', scope: 'centre:', scopeId: '' }), expect: /请选择授权范围。/ },
    { name: 'password reset too short', who: 'admin', path: () => `/admin/users/${userId}/password`, fields: () => ({ password: 'abc' }), expect: /密码/ },
    { name: 'occupation with a malformed code and no name', who: 'admin', path: () => '/standards/occupations', fields: () => ({ code: '6-31', name: '' }), expect: /代码的格式不正确。/ },
    { name: 'standard document that is not JSON', who: 'admin', path: () => '/standards/import', fields: () => ({ document: '{broken' }), expect: /标准文件不是有效的 JSON。/ },
    { name: 'standard document that fails its JSON Schema (ajv)', who: 'admin', path: () => '/standards/import', fields: () => ({ document: JSON.stringify({ occupation: { code: 'x' }, levels: 'none' }) }), expect: /./ },
    { name: 'weight grid with letters in a cell', who: 'admin', path: () => `/standards/${standardId}/weights`, fields: () => ({ revision: '1', w_theory_B1_5: 'abc' }), expect: /填的是“abc”/ },
    { name: 'weight grid with a stale revision', who: 'admin', path: () => `/standards/${standardId}/weights`, fields: () => ({ revision: 'x' }), expect: /修订号/ },
    { name: 'blueprint with broken JSON', who: 'bankadmin', path: () => `/bank/${bankId}/blueprints`, fields: () => ({ name: 'x', level: '3', difficultyMin: '0.5', difficultyMax: '0.7', sections: '[broken' }), expect: /大题设置不是有效的 JSON。/ },
    { name: 'blueprint grid with bad cells', who: 'bankadmin', path: () => `/bank/${bankId}/blueprints/new`, fields: () => ({ name: '网格', level: '3', part: 'theory', types: 'judge,single', count_judge: 'x', cell_single_B1: '1.5', points_single: '-2' }), expect: /判断题：题量须为 0 到 500 的整数。/ },
    { name: 'blueprint grid with impossible settings', who: 'bankadmin', path: () => `/bank/${bankId}/blueprints/new`, fields: () => ({ name: '', level: '3', part: 'theory', types: 'judge', count_judge: '10', difficultyMin: 'abc', difficultyMax: '0.1', durationMinutes: '9999' }), expect: /./ },
    { name: 'blueprint with impossible values', who: 'bankadmin', path: () => `/bank/${bankId}/blueprints`, fields: () => ({ name: '', level: '9', difficultyMin: 'abc', difficultyMax: '0.1', sections: '[{"type":"judge","count":-1,"pointsPerItem":0}]' }), expect: /./ },
    { name: 'item with an empty stem and an answer that is not an option', who: 'writer', path: () => `/bank/${bankId}/items/new`, fields: () => ({ type: 'single', pointCode: 'A001', levels: ['5'], difficulty: 'abc', stem: '', optionA: '甲', optionB: '乙', answer: 'Z' }), expect: /./ },
    { name: 'item with no type', who: 'writer', path: () => `/bank/${bankId}/items/new`, fields: () => ({ stem: '题干' }), expect: /./ },
  ];

  for (const c of cases) {
    it(c.name, async () => {
      const before = await UserModel.countDocuments();
      const { status, messages, html } = await post(c.who, c.path(), c.fields());
      expect(status, html.slice(0, 300)).to.be.within(400, 499);
      expect(messages, 'some message is shown').to.not.be.empty;
      for (const message of messages) expect(ownWords(message), `shown: ${messages.join(' | ')}`).not.to.match(ENGLISH_OR_PATH);
      if (process.env.SHOW_MESSAGES) console.log(c.name, messages);
      expect(messages.join(' ')).to.match(c.expect);
      expect(await UserModel.countDocuments()).to.equal(before);
    });
  }

  it('refuses a .pdf import on the form with a Chinese message, not an error page', async () => {
    const { cookie, csrf } = sessions.bankadmin!;
    const res = await request(app.express).post(`/bank/${bankId}/import?_csrf=${csrf}`).set('Cookie', cookie).attach('file', Buffer.from('%PDF-1.4 hello'), 'items.pdf');
    expect(res.status).to.equal(422);
    expect(res.text).to.contain('data-testid="import-form"');
    const messages = shownMessages(res.text);
    expect(messages.join(' ')).to.contain('文件不符合要求');
    for (const message of messages) expect(ownWords(message)).not.to.match(ENGLISH_OR_PATH);
  });

  it('shows no English detail on a Chinese error page', async () => {
    const res = await request(app.express).get('/no/such/page').set('Cookie', sessions.admin!.cookie).expect(404);
    expect(res.text).not.to.contain('No route');
    for (const message of shownMessages(res.text)) expect(ownWords(message)).not.to.match(ENGLISH_OR_PATH);
  });

  it('keeps what the user typed when a form is refused', async () => {
    const { html } = await post('admin', '/admin/users/new', { username: 'li.si', displayName: '李四', password: 'x', role: 'writer', scope: `bank:${bankId}` });
    expect(html).to.contain('value="li.si"');
    expect(html).to.contain('value="李四"');
    expect(html).to.match(new RegExp(`<option value="bank:${bankId}" selected`));
    expect(html).to.match(/<option value="writer" selected/);
    expect(html).to.match(/<p class="field-error[^>]*data-field="password"[^>]*>[^<]*密码/);
  });
});
