import { expect } from 'chai';
import ExcelJS from 'exceljs';
import request from 'supertest';
import { buildTestApp } from '../../support/app';
import { useFreshDatabase } from '../../support/database';
import { bearer, createStaff } from '../../support/identity';
import { scheduleSession, type ScheduledSession } from '../../support/exam';
import { ELECTRICIAN } from '../../support/bank';
import { assessOnlyTheoryAtLevel3, createMarkingWorld, markAll, sitAndSubmit, type MarkingWorld } from '../../support/marking';
import { RegistrationModel } from '../../../server/sessions/model';
import { AuditEntryModel } from '../../../server/audit/model';

const minutes = (n: number) => new Date(Date.now() + n * 60_000);
type Candidate = ScheduledSession['candidates'][number];

/** The calendar quarter of now in Asia/Shanghai (the test app's TIME_ZONE), worked from UTC+8 by hand. */
function shanghaiQuarterNow(): { year: number; quarter: number } {
  const local = new Date(Date.now() + 8 * 3_600_000);
  return { year: local.getUTCFullYear(), quarter: Math.floor(local.getUTCMonth() / 3) + 1 };
}

const binary = (r: request.Response, done: (error: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  r.on('data', (c: Buffer) => chunks.push(c));
  r.on('end', () => done(null, Buffer.concat(chunks)));
};

/**
 * 季度统计 over HTTP: two 鉴定批次 of 电工 三级 (theory only) marked and published at the first
 * centre. Each candidate's result follows from the answers given here and the standard's pass mark
 * of 60 (判断 10 × 2 + 单选 15 × 4 + 简答 2 × 10; 25 right answers = 80 points, 10 right = 20 points,
 * the short answers marked 0), never from the reporting code:
 *   batch 1: A 80 合格; B 20 不合格, then 复核 to 65 → 合格 (version 2 counts); C 20 不合格; D 缺考
 *            → 4 candidates, 1 absent, 3 sat, 2 passed, 1 failed
 *   batch 2: E 80 合格; F 20 不合格 → 2 candidates, 2 sat, 1 passed, 1 failed
 *   together 6 candidates, 1 absent, 5 sat, 3 passed, 2 failed: pass rate 3/5 = 0.6.
 */
describe('reports: pass rates (季度统计) from published results', function () {
  this.timeout(600_000);
  useFreshDatabase('reports_pass_rates');
  const app = buildTestApp({ loginIpMax: 10_000 });
  let world: MarkingWorld;
  const now = shanghaiQuarterNow();
  let firstSessionId = '';

  const adminToken = async () => world.centreAdmin.token();

  /** Sits, marks, closes and publishes one batch: `right` answers per candidate, `null` for 缺考. */
  async function publishBatch(plan: Array<number | null>): Promise<{ session: ScheduledSession; candidates: Candidate[] }> {
    const session = await scheduleSession(app, world, { startsAt: minutes(-1), endsAt: minutes(60), count: plan.length });
    const candidates = session.candidates;
    for (const [i, right] of plan.entries()) {
      if (right === null) await request(app.express).post(`/api/v1/registrations/${candidates[i]!.registrationId}/absent`).set(...bearer(await world.proctors[0].token())).expect(200);
      else await sitAndSubmit(app, world, candidates[i]!, right);
    }
    await markAll(app, world.examiners[0], session.id, () => 0);
    await request(app.express).post(`/api/v1/sessions/${session.id}/close`).set(...bearer(await adminToken())).expect(200);
    await request(app.express).post(`/api/v1/sessions/${session.id}/results/publish`).set(...bearer(await adminToken())).expect(200);
    return { session, candidates };
  }

  before(async () => {
    world = await createMarkingWorld(app);
    await assessOnlyTheoryAtLevel3(app);
    const first = await publishBatch([25, 10, 10, null]);
    firstSessionId = first.session.id;
    const b = first.candidates[1]!;
    const candidateId = String((await RegistrationModel.findById(b.registrationId).lean())!.candidateId);
    const recheck = await request(app.express).post(`/api/v1/sessions/${first.session.id}/results/${candidateId}/corrections`).set(...bearer(await adminToken())).send({ kind: 'recheck', reason: '复核后理论知识改为 65 分', expectedVersion: 1, parts: [{ part: 'theory', score: 65 }] });
    expect(recheck.status, recheck.text).to.equal(201);
    expect(recheck.body).to.include({ version: 2, overall: 'pass' });
    await publishBatch([25, 10]);
  });

  const passRates = async (token: string, query = '') => request(app.express).get(`/api/v1/reports/pass-rates${query}`).set(...bearer(token));

  it('counts each candidate once per batch from the newest version: 6 candidates, 1 absent, 3 of 5 passed', async () => {
    const res = await passRates(await adminToken());
    expect(res.status, res.text).to.equal(200);
    const tally = { batches: 2, candidates: 6, absent: 1, sat: 5, passed: 3, failed: 2, void: 0, pending: 0, passRate: 0.6 };
    expect(res.body.total).to.deep.equal(tally);
    expect(res.body.rows).to.deep.equal([{ year: now.year, quarter: now.quarter, centreId: world.centreId, centreName: '北京市第一职业技能鉴定所', occupationCode: ELECTRICIAN, occupationName: res.body.rows[0].occupationName, level: 3, ...tally }]);
    expect(res.body.rows[0].occupationName).to.equal('电工');
    expect(res.body.byQuarter).to.deep.equal([{ year: now.year, quarter: now.quarter, ...tally }]);
    expect(res.body.byLevel).to.deep.equal([{ level: 3, ...tally }]);
    expect(res.body.options.centres).to.deep.equal([{ id: world.centreId, name: '北京市第一职业技能鉴定所' }]);
    expect(res.body.timeZone).to.equal('Asia/Shanghai');
  });

  it('filters by year and quarter, centre, occupation and level; refuses odd API filters with a 4xx naming the field', async () => {
    const token = await adminToken();
    expect((await passRates(token, `?year=${now.year}&quarter=${now.quarter}&level=3&occupationCode=${ELECTRICIAN}&centreId=${world.centreId}`)).body.total.candidates).to.equal(6);
    const otherQuarter = (now.quarter % 4) + 1;
    expect((await passRates(token, `?year=${now.year}&quarter=${otherQuarter}`)).body.total).to.include({ candidates: 0, passRate: null });
    expect((await passRates(token, `?year=${now.year - 1}`)).body.rows).to.deep.equal([]);
    expect((await passRates(token, '?level=4')).body.total.candidates).to.equal(0);
    expect((await passRates(token, '?occupationCode=6-18-02-04')).body.total.batches).to.equal(0);
    expect((await passRates(token, `?centreId=${world.otherCentreId}`)).body.total.candidates).to.equal(0);
    const odd = await passRates(token, '?quarter=5&year=2026');
    expect(odd.status).to.equal(400);
    expect(odd.body.errors.map((e: { path: string }) => e.path)).to.deep.equal(['query.quarter']);
    const noYear = await passRates(token, '?quarter=2');
    // A rule across fields is a 422, as everywhere in the API.
    expect(noYear.status).to.equal(422);
    expect(noYear.body.errors).to.deep.include({ path: 'query.year', message: '选择季度时请同时填写年度。', code: 'custom' });
    const noYearEn = await request(app.express).get('/api/v1/reports/pass-rates?quarter=2').set(...bearer(token)).set('Accept-Language', 'en');
    expect(noYearEn.body.errors).to.deep.include({ path: 'query.year', message: 'A quarter needs a Year too.', code: 'custom' });
  });

  it('scopes by the access decision: admin and the occupation supervisor see it, another centre’s admin sees nothing, a proctor is refused', async () => {
    expect((await passRates(await world.admin.token())).body.total.candidates).to.equal(6);
    expect((await passRates(await world.supervisor.token())).body.total.candidates).to.equal(6);
    const stranger = await createStaff(app, 'centreadmin9', [{ role: 'centre_admin', scope: { type: 'centre', id: world.otherCentreId } }]);
    const theirs = await passRates(await stranger.token());
    expect(theirs.status).to.equal(200);
    expect(theirs.body.total.batches).to.equal(0);
    expect(theirs.body.rows).to.deep.equal([]);
    expect(theirs.body.options.centres).to.deep.equal([]);
    // Naming the first centre does not reach it either.
    expect((await passRates(await stranger.token(), `?centreId=${world.centreId}`)).body.total.candidates).to.equal(0);
    const workbook = new ExcelJS.Workbook();
    const theirsXlsx = await request(app.express).get('/api/v1/reports/pass-rates.xlsx').set(...bearer(await stranger.token())).buffer(true).parse(binary).expect(200);
    await workbook.xlsx.load(theirsXlsx.body as unknown as ArrayBuffer);
    expect(workbook.getWorksheet('明细')!.rowCount).to.equal(1 + 1); // header and 合计 only
    expect(workbook.getWorksheet('明细')!.getRow(2).getCell(7).value).to.equal(0);
    const page = await request(app.express).get('/reports').set(...bearer(await stranger.token())).expect(200);
    expect(page.text).to.contain('所选范围内没有已发布的成绩').and.not.contain('北京市第一职业技能鉴定所');
    // A supervisor of one session sees that session's batch only: 4 candidates, 1 absent, 2 of 3 passed.
    const ofSession = await createStaff(app, 'supervisor7', [{ role: 'supervisor', scope: { type: 'session', id: firstSessionId } }]);
    expect((await passRates(await ofSession.token())).body.total).to.deep.equal({ batches: 1, candidates: 4, absent: 1, sat: 3, passed: 2, failed: 1, void: 0, pending: 0, passRate: 0.6667 });
    const ofOtherCentre = await createStaff(app, 'supervisor8', [{ role: 'supervisor', scope: { type: 'centre', id: world.otherCentreId } }]);
    expect((await passRates(await ofOtherCentre.token())).body.total.candidates).to.equal(0);
    expect((await passRates(await world.proctors[0].token())).status).to.equal(403);
    expect((await request(app.express).get('/reports').set(...bearer(await world.proctors[0].token()))).status).to.equal(403);
  });

  it('exports the same numbers as xlsx (read back with exceljs) and audits the export', async () => {
    const before = await AuditEntryModel.countDocuments({ action: 'reports.export' });
    const res = await request(app.express).get(`/api/v1/reports/pass-rates.xlsx?year=${now.year}&quarter=${now.quarter}`).set(...bearer(await adminToken())).buffer(true).parse(binary).expect(200);
    expect(res.headers['content-type']).to.contain('spreadsheetml');
    expect(res.headers['content-disposition']).to.contain(`pass-rates-${now.year}-Q${now.quarter}.xlsx`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.body as unknown as ArrayBuffer);
    const detail = workbook.getWorksheet('明细')!;
    expect(detail.getRow(1).values).to.deep.equal([undefined, '季度', '评价机构', '职业编码', '职业', '等级', '鉴定批次数', '考生人数', '缺考', '参考人数', '合格', '不合格', '成绩无效', '合格率']);
    expect(detail.rowCount).to.equal(3);
    expect(detail.getRow(2).values).to.deep.equal([undefined, `${now.year}年第${now.quarter}季度`, '北京市第一职业技能鉴定所', ELECTRICIAN, '电工', '三级/高级工', 2, 6, 1, 5, 3, 2, 0, 0.6]);
    expect(detail.getRow(2).getCell(13).numFmt).to.equal('0.0%');
    expect(detail.getRow(3).getCell(1).value).to.equal('合计');
    expect(detail.getRow(3).getCell(10).value).to.equal(3);
    const summary = workbook.getWorksheet('汇总')!;
    const byLevel = summary.getRows(2, summary.rowCount - 1)!.find((r) => r.getCell(1).value === '按等级')!;
    expect(byLevel.values).to.deep.equal([undefined, '按等级', '三级/高级工', 2, 6, 1, 5, 3, 2, 0, 0.6]);
    expect(await AuditEntryModel.countDocuments({ action: 'reports.export' })).to.equal(before + 1);
    const entry = await AuditEntryModel.findOne({ action: 'reports.export' }).sort({ seq: -1 }).lean();
    expect(entry!.details).to.deep.include({ format: 'xlsx', rows: 1, count: 6 });
    expect(entry!.details.filter).to.deep.equal({ year: now.year, quarter: now.quarter });
  });

  it('renders the page with SVG charts and Chinese labels, in the navigation; odd filters are dropped, never a 4xx', async () => {
    const token = await adminToken();
    const page = await request(app.express).get('/reports').set(...bearer(token)).expect(200);
    expect(page.text).to.contain('合格率统计（季度统计）').and.contain('href="/reports"');
    expect(page.text).to.contain('<svg').and.contain('按职业合格率').and.contain('合格率（%）&#x3D; 合格人数 ÷ 参考人数');
    expect(page.text).to.contain('60.0%（3/5）').and.contain('共 2 个鉴定批次，考生 6 人，参考 5 人，合格 3 人');
    for (const odd of ['?year=abc&quarter=9&level=0&centreId=zzz&occupationCode=%3Cscript%3E', '?year=2026&year=2027', '?quarter=2']) {
      const res = await request(app.express).get(`/reports${odd}`).set(...bearer(token));
      expect(res.status, odd).to.equal(200);
      expect(res.text, odd).to.contain('60.0%（3/5）').and.not.contain('<script>');
    }
    const proctorHome = await request(app.express).get('/sessions').set(...bearer(await world.proctors[0].token())).expect(200);
    expect(proctorHome.text).to.not.contain('href="/reports"');
  });
});
