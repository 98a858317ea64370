import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { buildTestApp } from '../../support/app';
import { useFreshDatabase } from '../../support/database';
import { createStaff, TEST_PASSWORD } from '../../support/identity';
import { sessionCookie } from '../../support/session';
import { StandardModel, OccupationModel } from '../../../server/standards/model';

const EXAMPLE = readFileSync(path.resolve(import.meta.dirname, '../../../question-bank-schema/examples/standard.json'), 'utf8');

async function adminSession(app: ReturnType<typeof buildTestApp>): Promise<{ cookie: string; csrf: string }> {
  const cookie = await sessionCookie(app, 'admin', TEST_PASSWORD);
  const page = await request(app.express).get('/standards').set('Cookie', cookie).expect(200);
  return { cookie, csrf: /name="csrf-token" content="([^"]+)"/.exec(page.text)![1]! };
}

/** The text of a page's form-error list. */
function formErrors(html: string): string {
  return /data-testid="form-errors">([\s\S]*?)<\/div>/.exec(html)?.[1]?.replace(/<[^>]+>/g, ' ') ?? '';
}

describe('standards admin pages', function () {
  this.timeout(60_000);
  useFreshDatabase('standards_pages');
  const app = buildTestApp({ loginIpMax: 1000 });

  before(async () => {
    await createStaff(app, 'admin', [{ role: 'admin', scope: { type: 'global' } }]);
  });

  it('refuses a standard document whose weight column does not total 100, naming it, and writes nothing', async () => {
    const { cookie, csrf } = await adminSession(app);
    const doc = JSON.parse(EXAMPLE);
    doc.weightTables.theory.rows[0].cells[0].percent += 5;
    const res = await request(app.express).post('/standards/import').set('Cookie', cookie).type('form').send({ _csrf: csrf, document: JSON.stringify(doc) });
    expect(res.status).to.equal(422);
    expect(res.text).to.match(/权重表：五级\/初级工理论知识一列合计 \d+%，应为 100%。/);
    expect(formErrors(res.text)).not.to.match(/weightTables|[A-Za-z]{3,}/);
    expect(await StandardModel.countDocuments()).to.equal(0);
    expect(await OccupationModel.countDocuments()).to.equal(0);
  });

  it('imports the example standard, shows its tables, and edits a weight column through the grid', async () => {
    const { cookie, csrf } = await adminSession(app);
    const imported = await request(app.express).post('/standards/import').set('Cookie', cookie).type('form').send({ _csrf: csrf, document: EXAMPLE });
    expect(imported.status).to.equal(303);
    const url = imported.headers.location as string;
    const page = await request(app.express).get(url).set('Cookie', cookie).expect(200);
    expect(page.text).to.contain('data-testid="weights-theory"');
    expect(page.text).to.contain('data-testid="elements-theory"');
    const standard = await StandardModel.findOne({}).lean();
    const row = standard!.weightTables.theory.rows[0]!;
    const other = standard!.weightTables.theory.rows[1]!;
    const fields: Record<string, string> = { _csrf: csrf, revision: String(standard!.revision) };
    for (const part of ['theory', 'skill'] as const) {
      for (const r of standard!.weightTables[part].rows) for (const c of r.cells) fields[`w_${part}_${r.code}_${c.level}`] = c.percent === null ? '—' : String(c.percent);
    }
    fields[`w_theory_${row.code}_5`] = String((row.cells.find((c) => c.level === 5)!.percent ?? 0) + 3);
    const bad = await request(app.express).post(`${url}/weights`).set('Cookie', cookie).type('form').send(fields);
    expect(bad.status).to.equal(422);
    expect(bad.text).to.match(/权重表：五级\/初级工理论知识一列合计 \d+%，应为 100%。/);
    expect((await StandardModel.findOne({}).lean())!.revision).to.equal(standard!.revision);
    // Moving 3 points from one row to another keeps the column at 100, but the element table
    // weights no longer agree with the weight table: refused too, naming the row.
    fields[`w_theory_${other.code}_5`] = String((other.cells.find((c) => c.level === 5)!.percent ?? 0) - 3);
    const disagree = await request(app.express).post(`${url}/weights`).set('Cookie', cookie).type('form').send(fields);
    expect(disagree.status).to.equal(422);
    expect(formErrors(disagree.text)).to.match(/鉴定要素细目表（第 1 项）：“\S+”在五级\/初级工合计 \d+%，而理论知识权重表为 \d+%。/);
    expect(formErrors(disagree.text)).not.to.match(/[A-Za-z]{3,}/);
  });

  it('adds an occupation from the form and refuses a malformed code', async () => {
    const { cookie, csrf } = await adminSession(app);
    const bad = await request(app.express).post('/standards/occupations').set('Cookie', cookie).type('form').send({ _csrf: csrf, code: '6-31', name: '电工' });
    expect(bad.status).to.equal(400);
    const ok = await request(app.express).post('/standards/occupations').set('Cookie', cookie).type('form').send({ _csrf: csrf, code: '6-18-02-04', name: '焊工', classificationEdition: '2015', aliases: '电焊工、气焊工' });
    expect(ok.status).to.equal(303);
    expect((await OccupationModel.findOne({ code: '6-18-02-04' }).lean())!.aliases).to.deep.equal(['电焊工', '气焊工']);
  });
});
