import { z } from 'zod';
import type { RouteTable } from '../platform/routing';
import { actorFrom } from '../audit/service';
import { localeOf } from '../i18n/negotiate';
import type { ReportsService } from './service';
import { PassRateQuerySchema } from './schemas';
import { passRateWorkbook } from './xlsx';

const Tally = { batches: z.number().int(), candidates: z.number().int(), absent: z.number().int(), sat: z.number().int(), passed: z.number().int(), failed: z.number().int(), void: z.number().int(), pending: z.number().int(), passRate: z.number().nullable() };
const PassRateReportSchema = z.object({
  filter: z.record(z.string(), z.unknown()),
  timeZone: z.string(),
  total: z.object(Tally),
  rows: z.array(z.object({ year: z.number(), quarter: z.number(), centreId: z.string(), centreName: z.string(), occupationCode: z.string(), occupationName: z.string(), level: z.number(), ...Tally })),
  byQuarter: z.array(z.object({ year: z.number(), quarter: z.number(), ...Tally })),
  byCentre: z.array(z.object({ centreId: z.string(), centreName: z.string(), ...Tally })),
  byOccupation: z.array(z.object({ occupationCode: z.string(), occupationName: z.string(), ...Tally })),
  byLevel: z.array(z.object({ level: z.number(), ...Tally })),
  options: z.object({ years: z.array(z.number()), centres: z.array(z.object({ id: z.string(), name: z.string() })), occupations: z.array(z.object({ code: z.string(), name: z.string() })) }),
});

export function registerReportsApi(routes: RouteTable, reports: ReportsService): void {
  routes.api(
    {
      method: 'get',
      path: '/api/v1/reports/pass-rates',
      permission: 'reports.view',
      summary: '季度统计: pass rates and candidate counts by quarter, centre, occupation and level, from the newest version of each published result (a candidate once per batch), within the caller’s scope',
      tags: ['reports'],
      query: PassRateQuerySchema,
      responses: { 200: { description: 'the report', schema: PassRateReportSchema } },
    },
    (ctx) => reports.passRates(ctx.principal, ctx.query),
  );
  routes.api(
    {
      method: 'get',
      path: '/api/v1/reports/pass-rates.xlsx',
      permission: 'reports.view',
      summary: 'The same report as an Excel workbook (明细 and 汇总 sheets); audited',
      tags: ['reports'],
      query: PassRateQuerySchema,
      responses: { 200: { description: 'the workbook', contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' } },
    },
    async (ctx) => {
      const report = await reports.passRates(ctx.principal, ctx.query);
      const buffer = await passRateWorkbook(report, localeOf(ctx.res));
      await reports.recordExport(actorFrom(ctx), report);
      const f = ctx.query;
      const name = ['pass-rates', f.year, f.quarter ? `Q${f.quarter}` : undefined].filter((p) => p !== undefined).join('-');
      ctx.res.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').attachment(`${name}.xlsx`).send(buffer);
    },
  );
}
