import type { Response } from 'express';
import { z } from 'zod';
import { IdParams, ObjectIdString } from '../platform/ids';
import { HttpProblem } from '../platform/problem';
import type { RouteTable } from '../platform/routing';
import type { Locale } from '../i18n/locale';
import { t } from '../i18n/translate';
import { actorFrom } from '../audit/service';
import { formatZoned, timeZoneOf } from '../platform/time';
import type { BankService } from '../bank/service';
import type { StatisticsService } from './service';
import { paperRows, runStatusText, slotRow } from './present';
import type { RunView } from './views';
import type { StatisticsRunItem } from './service';

const BankParams = z.object({ bankId: ObjectIdString });
const ReleaseParams = BankParams.extend({ releaseId: ObjectIdString });
const RunForm = z.object({}).passthrough();
const PageQuery = z.object({ error: z.enum(['running']).optional().catch(undefined) }).passthrough();
const STYLES = ['/assets/statistics.css'];

const localeOf = (res: Response) => res.locals.locale as Locale;

function runData(run: (RunView & { items: StatisticsRunItem[] }) | undefined, locale: Locale, timeZone: string) {
  if (!run) return { run: null };
  return {
    run,
    running: run.status === 'running',
    statusText: runStatusText(run, locale),
    summaryText: run.summary
      ? t(locale, 'statistics.summary', { candidates: run.summary.candidates, items: run.summary.items, dubious: run.summary.dubious, by: run.startedByName, at: run.finishedAt ? formatZoned(new Date(run.finishedAt), locale, timeZone) : '' })
      : '',
    raschText: run.summary?.rasch
      ? t(locale, 'statistics.rasch.summary', {
          estimated: run.summary.rasch.estimated,
          iterations: run.summary.rasch.iterations,
          converged: t(locale, run.summary.rasch.converged ? 'statistics.rasch.converged' : 'statistics.rasch.notConverged'),
          extreme: run.summary.rasch.extremePersons,
        })
      : '',
    papers: paperRows(run),
    items: [...run.items].sort((a, b) => a.code.localeCompare(b.code)).map((i) => ({ itemId: i.itemId, code: i.code, type: i.type, version: i.version, ...slotRow(i, locale) })),
  };
}

/**
 * 试题分析 pages: a session's and a release's latest run with a button to run it (progress shown
 * while it runs, the page refreshing itself), and the bank's dubious items.
 */
export function registerStatisticsPages(routes: RouteTable, statistics: StatisticsService, bank: BankService): void {
  const start = async (res: Response, back: string, run: () => Promise<unknown>) => {
    try {
      await run();
      res.redirect(303, back);
    } catch (error) {
      if (error instanceof HttpProblem && error.status === 409) return res.redirect(303, `${back}?error=running`);
      throw error;
    }
  };

  routes.page({ method: 'get', path: '/sessions/:id/statistics', permission: 'statistics.compute', summary: 'Item analysis of a session: latest run, KR-20, per-item statistics', params: IdParams, query: PageQuery }, async ({ res, principal, params, query }) => {
    const session = await statistics.sessionForPage(principal, params.id);
    const data = runData(await statistics.latestRun(principal, 'session', params.id), localeOf(res), timeZoneOf(res));
    res.render('statistics/run', {
      title: 'statistics.session.title', stylesheets: STYLES,
      heading: `${session.code} ${session.title}`,
      back: { href: `/sessions/${params.id}`, label: 'sessions.detail' },
      action: `/sessions/${params.id}/statistics`,
      errorKey: query.error ? `statistics.error.${query.error}` : undefined,
      refreshSeconds: data.running ? 2 : undefined,
      withRasch: false,
      ...data,
    });
  });
  routes.page({ method: 'post', path: '/sessions/:id/statistics', permission: 'statistics.compute', summary: 'Start the item analysis of a session (form)', params: IdParams, form: RunForm }, (ctx) =>
    start(ctx.res, `/sessions/${ctx.params.id}/statistics`, () => statistics.startSessionRun(ctx.principal, ctx.params.id, actorFrom(ctx))),
  );

  routes.page({ method: 'get', path: '/bank/:bankId/releases/:releaseId/statistics', permission: 'statistics.compute', summary: 'Item analysis of a release, with Rasch difficulties', params: ReleaseParams, query: PageQuery }, async ({ res, principal, params, query }) => {
    const { bank: bankDoc, release } = await bank.releaseFor(principal, params.bankId, params.releaseId, 'statistics.compute');
    const data = runData(await statistics.latestRun(principal, 'release', params.releaseId), localeOf(res), timeZoneOf(res));
    res.render('statistics/run', {
      title: 'statistics.release.title', stylesheets: STYLES,
      heading: `${bankDoc.code} #${release.number}`,
      back: { href: `/bank/${params.bankId}/releases/${params.releaseId}`, label: 'bank.releases' },
      dubiousHref: `/bank/${params.bankId}/dubious-items`,
      action: `/bank/${params.bankId}/releases/${params.releaseId}/statistics`,
      errorKey: query.error ? `statistics.error.${query.error}` : undefined,
      refreshSeconds: data.running ? 2 : undefined,
      withRasch: true,
      ...data,
    });
  });
  routes.page({ method: 'post', path: '/bank/:bankId/releases/:releaseId/statistics', permission: 'statistics.compute', summary: 'Start the item analysis of a release (form)', params: ReleaseParams, form: RunForm }, (ctx) =>
    start(ctx.res, `/bank/${ctx.params.bankId}/releases/${ctx.params.releaseId}/statistics`, () => statistics.startReleaseRun(ctx.principal, ctx.params.bankId, ctx.params.releaseId, actorFrom(ctx))),
  );

  routes.page({ method: 'get', path: '/bank/:bankId/dubious-items', permission: 'items.retire', summary: '可疑试题: flagged items to review or retire', params: BankParams }, async ({ res, principal, params }) => {
    const { bank: bankDoc, items } = await statistics.dubiousItems(principal, params.bankId);
    const locale = localeOf(res);
    res.render('statistics/dubious', {
      title: 'statistics.dubious.title', stylesheets: STYLES,
      bank: { id: String(bankDoc._id), code: bankDoc.code },
      items: items.map((i) => ({ ...i, facility: i.facility.toFixed(2), itemRest: i.itemRest === null ? '—' : i.itemRest.toFixed(2), upperLower: i.upperLower === null ? '—' : i.upperLower.toFixed(2), flags: i.dubious.map((d) => t(locale, `statistics.flag.${d}`)), basis: t(locale, `statistics.basis.${i.basis.kind}`, { label: i.basis.label }) })),
    });
  });
}
