import ExcelJS from 'exceljs';
import type { Locale } from '../i18n/locale';
import { t } from '../i18n/translate';
import { guardFormula } from '../bank/interchange/formula-guard';
import type { PassTally } from './aggregate';
import type { PassRateReport } from './service';
import { levelName, quarterName } from './present';

type Row = Record<string, string | number | null>;

/**
 * The pass-rate report as a workbook: sheet 明细 (quarter × centre × occupation × level, then
 * 合计) and sheet 汇总 (by quarter, centre, occupation and level). Counts are numbers, the pass
 * rate a number formatted as a percentage (empty when nobody sat); text cells are
 * formula-guarded as in every export.
 */
export async function passRateWorkbook(report: PassRateReport, locale: Locale): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const counts = (tally: PassTally): Row => ({ batches: tally.batches, candidates: tally.candidates, absent: tally.absent, sat: tally.sat, passed: tally.passed, failed: tally.failed, void: tally.void, passRate: tally.passRate });
  const countColumns = [
    { header: t(locale, 'reports.col.batches'), key: 'batches', width: 10 },
    { header: t(locale, 'reports.col.candidates'), key: 'candidates', width: 10 },
    { header: t(locale, 'reports.col.absent'), key: 'absent', width: 8 },
    { header: t(locale, 'reports.col.sat'), key: 'sat', width: 10 },
    { header: t(locale, 'reports.col.passed'), key: 'passed', width: 8 },
    { header: t(locale, 'reports.col.failed'), key: 'failed', width: 8 },
    { header: t(locale, 'reports.col.void'), key: 'void', width: 10 },
    { header: t(locale, 'reports.col.passRate'), key: 'passRate', width: 10, style: { numFmt: '0.0%' } },
  ];
  const text = (value: string) => guardFormula(value);

  const detail = workbook.addWorksheet(t(locale, 'reports.sheet.detail'));
  detail.columns = [
    { header: t(locale, 'reports.col.quarter'), key: 'quarter', width: 14 },
    { header: t(locale, 'reports.col.centre'), key: 'centre', width: 28 },
    { header: t(locale, 'reports.col.occupationCode'), key: 'occupationCode', width: 12 },
    { header: t(locale, 'reports.col.occupation'), key: 'occupation', width: 16 },
    { header: t(locale, 'reports.col.level'), key: 'level', width: 14 },
    ...countColumns,
  ];
  detail.getRow(1).font = { bold: true };
  for (const r of report.rows) detail.addRow({ quarter: quarterName(locale, r), centre: text(r.centreName), occupationCode: r.occupationCode, occupation: text(r.occupationName), level: levelName(locale, r.level), ...counts(r) });
  detail.addRow({ quarter: t(locale, 'reports.total'), ...counts(report.total) }).font = { bold: true };

  const summary = workbook.addWorksheet(t(locale, 'reports.sheet.summary'));
  summary.columns = [{ header: t(locale, 'reports.col.dimension'), key: 'dimension', width: 12 }, { header: t(locale, 'reports.col.group'), key: 'group', width: 30 }, ...countColumns];
  summary.getRow(1).font = { bold: true };
  const section = (dimensionKey: string, rows: Array<{ label: string; tally: PassTally }>) => {
    for (const r of rows) summary.addRow({ dimension: t(locale, dimensionKey), group: text(r.label), ...counts(r.tally) });
  };
  section('reports.by.quarter', report.byQuarter.map((g) => ({ label: quarterName(locale, g), tally: g })));
  section('reports.by.centre', report.byCentre.map((g) => ({ label: g.centreName, tally: g })));
  section('reports.by.occupation', report.byOccupation.map((g) => ({ label: `${g.occupationCode} ${g.occupationName}`, tally: g })));
  section('reports.by.level', report.byLevel.map((g) => ({ label: levelName(locale, g.level), tally: g })));
  summary.addRow({ dimension: t(locale, 'reports.total'), ...counts(report.total) }).font = { bold: true };

  return Buffer.from(await workbook.xlsx.writeBuffer());
}
