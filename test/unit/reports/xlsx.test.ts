import { expect } from 'chai';
import ExcelJS from 'exceljs';
import { aggregatePassRates, type ResultFact } from '../../../server/reports/aggregate';
import { passRateWorkbook } from '../../../server/reports/xlsx';
import type { PassRateReport } from '../../../server/reports/service';

const base = { year: 2026, quarter: 4, centreId: 'c1', centreName: '=HYPERLINK("http://x","点我")', occupationCode: '6-31-01-03', occupationName: '@电工', level: 5, version: 1 };
const facts: ResultFact[] = [
  { ...base, batchKey: 'b', candidateId: 'p', overall: 'pass' },
  { ...base, batchKey: 'b', candidateId: 'q', overall: 'fail' },
  { ...base, batchKey: 'b', candidateId: 'r', overall: 'absent' },
];
const report: PassRateReport = { ...aggregatePassRates(facts), filter: {}, timeZone: 'Asia/Shanghai', options: { years: [2026], centres: [], occupations: [] } };

describe('reports workbook', () => {
  it('writes names that look like formulas as text with a leading apostrophe, and counts and rates as numbers', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await passRateWorkbook(report, 'zh-CN')) as unknown as ArrayBuffer);
    const detail = workbook.getWorksheet('明细')!;
    // 3 candidates, 1 absent, 2 sat, 1 passed: 1/2 = 0.5.
    expect(detail.getRow(2).values).to.deep.equal([undefined, '2026年第4季度', '\'=HYPERLINK("http://x","点我")', '6-31-01-03', "'@电工", '五级/初级工', 1, 3, 1, 2, 1, 1, 0, 0.5]);
    expect(detail.getRow(2).getCell(2).formula).to.equal(undefined);
    const centreRow = workbook.getWorksheet('汇总')!.getRows(2, 10)!.find((r) => r.getCell(1).value === '按评价机构')!;
    expect(centreRow.getCell(2).value).to.equal('\'=HYPERLINK("http://x","点我")');
  });

  it('leaves the pass rate empty when nobody sat, and speaks English on request', async () => {
    const absentOnly = { ...report, ...aggregatePassRates([facts[2]!]) };
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await passRateWorkbook(absentOnly, 'en')) as unknown as ArrayBuffer);
    const detail = workbook.getWorksheet('Detail')!;
    expect(detail.getRow(1).getCell(13).value).to.equal('Pass rate');
    expect(detail.getRow(2).getCell(9).value).to.equal(0);
    expect(detail.getRow(2).getCell(13).value).to.equal(null);
    expect(detail.getRow(2).getCell(5).value).to.equal('Level 5 / Junior');
  });
});
