import type { RouteTable } from '../platform/routing';
import { localeOf } from '../i18n/negotiate';
import { t } from '../i18n/translate';
import type { Locale } from '../i18n/locale';
import { LEVELS } from '../standards/schemas';
import type { PassTally } from './aggregate';
import { layoutPassRateChart } from './chart';
import { levelName, quarterName, rateText } from './present';
import type { PassRateReport, ReportsService } from './service';
import { PassRatePageQuery, type PassRateQuery } from './schemas';

const STYLES = ['/assets/reports.css'];

/** The filter as a query string (for the export link): only what was chosen. */
function queryOf(filter: PassRateQuery): string {
  const pairs = Object.entries(filter).filter(([, v]) => v !== undefined && v !== '').map(([k, v]) => [k, String(v)]);
  return new URLSearchParams(pairs).toString();
}

function chartOf(locale: Locale, byKey: string, groups: Array<{ label: string; tally: PassTally }>) {
  return { title: t(locale, 'reports.chart.title', { by: t(locale, byKey) }), by: byKey.split('.').pop(), xTitle: t(locale, 'reports.chart.x'), yTitle: t(locale, byKey), layout: layoutPassRateChart(groups.map((g) => ({ label: g.label, passRate: g.tally.passRate, valueText: rateText(locale, g.tally) }))) };
}

function pageData(report: PassRateReport, locale: Locale) {
  const f = report.filter;
  const row = (label: string, tally: PassTally) => ({ label, ...tally, rateText: rateText(locale, tally) });
  const groups = {
    quarter: report.byQuarter.map((g) => ({ label: quarterName(locale, g), tally: g })),
    centre: report.byCentre.map((g) => ({ label: g.centreName, tally: g })),
    occupation: report.byOccupation.map((g) => ({ label: `${g.occupationName}（${g.occupationCode}）`, tally: g })),
    level: report.byLevel.map((g) => ({ label: levelName(locale, g.level), tally: g })),
  };
  return {
    report,
    empty: report.total.candidates === 0,
    lead: t(locale, 'reports.lead', { zone: report.timeZone }),
    summary: t(locale, 'reports.summary', { batches: report.total.batches, candidates: report.total.candidates, sat: report.total.sat, passed: report.total.passed, rate: rateText(locale, report.total) }),
    filters: {
      years: report.options.years.map((y) => ({ value: y, selected: y === f.year })),
      quarters: [1, 2, 3, 4].map((n) => ({ value: n, name: t(locale, 'reports.quarter.option', { n }), selected: n === f.quarter })),
      centres: report.options.centres.map((c) => ({ value: c.id, name: c.name, selected: c.id === f.centreId })),
      occupations: report.options.occupations.map((o) => ({ value: o.code, name: `${o.code} ${o.name}`, selected: o.code === f.occupationCode })),
      levels: LEVELS.map((l) => ({ value: l, name: levelName(locale, l), selected: l === f.level })),
    },
    exportQuery: queryOf(f),
    // A chart of one bar says no more than the summary: dimensions with a single group are left to the tables.
    charts: [
      chartOf(locale, 'reports.by.occupation', groups.occupation),
      chartOf(locale, 'reports.by.level', groups.level),
      chartOf(locale, 'reports.by.centre', groups.centre),
      chartOf(locale, 'reports.by.quarter', groups.quarter),
    ].filter((c) => c.layout.bars.length > 0),
    summaries: [
      { title: t(locale, 'reports.by.quarter'), rows: groups.quarter.map((g) => row(g.label, g.tally)) },
      { title: t(locale, 'reports.by.centre'), rows: groups.centre.map((g) => row(g.label, g.tally)) },
      { title: t(locale, 'reports.by.occupation'), rows: groups.occupation.map((g) => row(g.label, g.tally)) },
      { title: t(locale, 'reports.by.level'), rows: groups.level.map((g) => row(g.label, g.tally)) },
    ],
    detail: report.rows.map((r) => ({ ...r, quarterText: quarterName(locale, r), occupation: `${r.occupationName}（${r.occupationCode}）`, levelText: levelName(locale, r.level), rateText: rateText(locale, r) })),
    total: row(t(locale, 'reports.total'), report.total),
  };
}

/** 统计报表: the pass-rate report with its filters, SVG charts, tables and the Excel export link. */
export function registerReportsPages(routes: RouteTable, reports: ReportsService): void {
  routes.page({ method: 'get', path: '/reports', permission: 'reports.view', summary: 'Pass rates by quarter, centre, occupation and level (季度统计), with charts and an Excel export', query: PassRatePageQuery }, async ({ res, principal, query }) => {
    const report = await reports.passRates(principal, query);
    res.render('reports/index', { title: 'reports.title', stylesheets: STYLES, ...pageData(report, localeOf(res)) });
  });
}
