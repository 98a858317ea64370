import { expect } from 'chai';
import request from 'supertest';
import { buildTestApp } from '../../support/app';
import { useFreshDatabase } from '../../support/database';
import { createStaff } from '../../support/identity';
import { sessionCookie } from '../../support/session';
import { createBankWorld, ELECTRICIAN, releaseApprovedItems } from '../../support/bank';

/** Fifty query strings people type, paste or get from an edited URL. */
export const ODD_QUERIES = [
  'page=abc', 'page=0', 'page=-3', 'page=999', 'page=1.5', 'page=1e309', 'page=99999999999999999999', 'page=', 'page=1&page=2', 'page[x]=1',
  'pageSize=0', 'pageSize=abc', 'pageSize=100000', 'pageSize=-1', 'level=9', 'level=abc', 'level=0', 'level=五级', 'point=baa001-003', 'point=BAA001-003',
  'point=ba', 'point= a b ', 'point=!!!', 'point=%00', 'point=' + 'A'.repeat(200), 'type=xyz', 'type=JUDGE', 'status=foo', 'status[]=draft', 'q=' + '题'.repeat(500),
  'q=%3Cscript%3Ealert(1)%3C%2Fscript%3E', 'q=%', 'q=%E0%A4%A', 'q=.*', 'q=$where', 'from=2026-13-45', 'to=abc', 'from=2026-12-01T25:61', 'to=2026-02-30', 'actor=%25',
  'action=*', 'action=' + 'x'.repeat(300), 'targetId=$gt', 'role=god', 'mine=2', 'lang=xx', '__proto__[polluted]=1', 'constructor=x', 'verify=2', 'forms=abc',
];

/** The text of the page's main area, without its markup (what a user reads). */
function mainText(html: string): string {
  return (/<main[^>]*>([\s\S]*?)<\/main>/.exec(html)?.[1] ?? html).replace(/<(script|style|textarea)[\s\S]*?<\/\1>/g, ' ').replace(/<[^>]+>/g, ' ');
}

describe('list pages never fail on odd query strings', function () {
  this.timeout(300_000);
  useFreshDatabase('odd_queries');
  const app = buildTestApp({ loginIpMax: 1000 });
  const cookies: Record<string, string> = {};
  let pages: Array<{ as: string; path: string }> = [];

  before(async () => {
    const { electrician } = await createBankWorld(app);
    await releaseApprovedItems(app, electrician.id, 2);
    await createStaff(app, 'admin', [{ role: 'admin', scope: { type: 'global' } }]);
    await createStaff(app, 'bankadmin', [{ role: 'bank_admin', scope: { type: 'bank', id: electrician.id } }]);
    await createStaff(app, 'reviewer', [{ role: 'reviewer', scope: { type: 'occupation', id: ELECTRICIAN } }]);
    for (const name of ['admin', 'bankadmin', 'reviewer']) cookies[name] = await sessionCookie(app, name);
    const bank = `/bank/${electrician.id}`;
    pages = [
      { as: 'admin', path: '/admin/users' },
      { as: 'admin', path: '/audit' },
      { as: 'admin', path: '/standards' },
      { as: 'bankadmin', path: '/bank' },
      { as: 'bankadmin', path: `${bank}/items` },
      { as: 'bankadmin', path: `${bank}/releases` },
      { as: 'bankadmin', path: `${bank}/blueprints` },
      { as: 'bankadmin', path: `${bank}/blueprints/new` },
      { as: 'bankadmin', path: `${bank}/papers` },
      { as: 'bankadmin', path: `${bank}/import` },
      { as: 'reviewer', path: '/bank/review' },
    ];
  });

  it('answers each of 50 odd query strings on every list page with 200 and at most an inline message', async () => {
    expect(ODD_QUERIES).to.have.length(50);
    const failures: string[] = [];
    for (const { as, path } of pages) {
      for (const query of ODD_QUERIES) {
        const res = await request(app.express).get(`${path}?${query}`).set('Cookie', cookies[as]!).set('Accept-Language', 'zh-CN');
        const text = mainText(res.text);
        if (res.status !== 200) failures.push(`${path}?${query} → ${res.status}`);
        else if (res.text.includes('error-panel')) failures.push(`${path}?${query} → an error page`);
        else if (/Invalid|expected|received|must be|Too (small|big)|query\.|No route/.test(text)) failures.push(`${path}?${query} → leaks: ${text.slice(0, 200)}`);
      }
    }
    expect(failures, failures.join('\n')).to.deep.equal([]);
  });

  it('says inline which filter it ignored, keeps the rest, and clamps the page', async () => {
    const items = pages.find((p) => p.path.endsWith('/items'))!.path;
    const res = await request(app.express).get(`${items}?level=9&type=judge&page=abc`).set('Cookie', cookies.bankadmin!).expect(200);
    expect(res.text).to.contain('data-testid="query-notice"');
    expect(res.text).to.contain('筛选条件“等级”的值无效，已忽略。');
    expect(res.text).to.contain('筛选条件“页码”的值无效，已忽略。');
    expect(res.text).to.match(/<option value="judge"[^>]*selected/);
    const far = await request(app.express).get(`${items}?page=999`).set('Cookie', cookies.bankadmin!).expect(200);
    const pageOf = /第 (\d+) \/ (\d+) 页/.exec(far.text);
    expect(pageOf, 'a pager').to.not.equal(null);
    expect(pageOf![1]).to.equal(pageOf![2]);
  });

  it('finds an item by its full code or a lowercase point in the 鉴定点 box', async () => {
    const items = pages.find((p) => p.path.endsWith('/items'))!.path;
    const all = await request(app.express).get(items).set('Cookie', cookies.bankadmin!).expect(200);
    const code = /\b([A-Z]{1,3}\d{3}-\d{3})\b/.exec(all.text)![1]!;
    const byCode = await request(app.express).get(`${items}?point=${code.toLowerCase()}`).set('Cookie', cookies.bankadmin!).expect(200);
    expect(byCode.text).to.contain(code);
    expect(byCode.text).to.contain('第 1 / 1 页，共 1 条');
    const byPoint = await request(app.express).get(`${items}?point=${code.slice(0, code.indexOf('-')).toLowerCase()}`).set('Cookie', cookies.bankadmin!).expect(200);
    expect(byPoint.text).to.contain(code);
    expect(byPoint.text).not.to.contain('query-notice');
  });
});
