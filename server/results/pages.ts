import type { RequestHandler } from 'express';
import { z } from 'zod';
import type { RouteTable } from '../platform/routing';
import { IdParams } from '../platform/ids';
import { confirmed, formErrorsOf } from '../platform/forms';
import { HttpProblem } from '../platform/problem';
import { actorFrom } from '../audit/service';
import { may } from '../identity/access';
import { SESSION_COOKIE } from '../identity/policy';
import { issueLoginCsrf, loginCsrfMatches } from '../identity/pages';
import type { SessionService } from '../sessions/service';
import { sessionTarget } from '../sessions/service';
import type { MarkingService } from '../marking/service';
import type { ResultCertificates } from './issuing';
import type { BatchResultsView, ResultsService } from './service';
import { CandidateParams } from './schemas';
import type { PartOutcome } from './rules';
import { DEFAULT_LEVEL_NAMES, type Level } from '../standards/schemas';
import { localeOf } from '../i18n/negotiate';

const RESULTS_LOGIN = '/results/login';
const PublishForm = z.object({ confirmed: z.string().max(10).optional(), _csrf: z.string().optional() });
const LoginForm = z.object({ admissionNo: z.string().trim().max(40).default(''), idNumber: z.string().trim().max(40).default(''), _csrf: z.string().optional() });

/** How a part shows in a table cell: the score and pass, or the state. */
function cellOf(p: PartOutcome): { text: string; key?: string; pass: boolean | null; reason?: string } {
  if (p.state === 'complete') return { text: String(p.score), pass: p.pass, key: p.pass ? 'results.pass' : 'results.fail' };
  return { text: '', key: `results.state.${p.state}`, pass: p.pass, ...(p.reason ? { reason: p.reason } : {}) };
}

const rowsOf = (view: BatchResultsView) => view.rows.map((r) => ({ ...r, cells: view.parts.map((rule) => cellOf(r.parts.find((p) => p.part === rule.part) ?? { part: rule.part, state: 'missing', score: null, passMark: rule.passMark, pass: null })) }));

/** The centre's results pages and the candidate's results page (signed in as for the exam). */
export function registerResultsPages(routes: RouteTable, results: ResultsService, sessions: SessionService, marking: MarkingService, loginLimiter: RequestHandler, issuing: ResultCertificates): void {
  const renderBatch = async (ctx: { res: Parameters<Parameters<RouteTable['page']>[1]>[0]['res']; principal: Parameters<ResultsService['results']>[0] }, id: string, extra: Record<string, unknown> = {}, status = 200) => {
    const view = await results.results(ctx.principal, id);
    const session = await sessions.sessionFor(ctx.principal, id, 'results.view');
    ctx.res.status(status).render('results/batch', {
      title: 'results.title',
      view,
      rows: rowsOf(view),
      partKeys: view.parts.map((p) => ({ key: `results.part.${p.part}`, passMark: p.passMark })),
      progress: await marking.progress(ctx.principal, id),
      // 发布成绩 is offered only when nothing blocks it (the service refuses anyway, with the list).
      canPublish: !view.published && !view.blocking.length && may(ctx.principal, 'results.manage', sessionTarget(session)),
      canIssue: Boolean(view.published) && may(ctx.principal, 'certificates.issue', sessionTarget(session)),
      ...extra,
    });
  };

  routes.page({ method: 'get', path: '/sessions/:id/results', permission: 'results.view', summary: 'Results of a session’s 鉴定批次, with publishing', params: IdParams }, (ctx) => renderBatch(ctx, ctx.params.id));

  routes.page({ method: 'post', path: '/sessions/:id/results/publish', permission: 'results.manage', summary: 'Publish the batch’s results (form, confirmed)', params: IdParams, form: PublishForm }, async (ctx) => {
    if (!confirmed(ctx.res, ctx.form.raw, { message: '确定发布成绩吗？发布后成绩不能修改，只能通过更正或复核生成新版本。', action: `/sessions/${ctx.params.id}/results/publish` })) return;
    try {
      await results.publish(ctx.principal, ctx.params.id, actorFrom(ctx));
      ctx.res.redirect(303, `/sessions/${ctx.params.id}/results`);
    } catch (error) {
      const errors = formErrorsOf(error, ctx.res);
      if (!errors) throw error;
      await renderBatch(ctx, ctx.params.id, { actionErrors: errors.length ? errors : [{ message: (error as HttpProblem).detail }] }, (error as HttpProblem).status);
    }
  });

  routes.page({ method: 'post', path: '/sessions/:id/results/certificates', permission: 'certificates.issue', summary: '发证: certificates for everyone who passed the published batch (form, confirmed)', params: IdParams, form: PublishForm }, async (ctx) => {
    if (!confirmed(ctx.res, ctx.form.raw, { message: '确定为本批次合格考生发证吗？每人每职业等级只发一次。', action: `/sessions/${ctx.params.id}/results/certificates` })) return;
    try {
      const issued = await issuing.issueForBatch(ctx.principal, ctx.params.id, actorFrom(ctx));
      await renderBatch(ctx, ctx.params.id, { issued });
    } catch (error) {
      const errors = formErrorsOf(error, ctx.res);
      if (!errors) throw error;
      await renderBatch(ctx, ctx.params.id, { actionErrors: errors }, (error as HttpProblem).status);
    }
  });

  routes.page({ method: 'get', path: '/sessions/:id/results/:candidateId', permission: 'results.view', summary: 'Every version of one candidate’s result', params: CandidateParams }, async ({ res, principal, params }) => {
    const history = await results.history(principal, params.id, params.candidateId);
    res.render('results/history', { title: 'results.history', sessionId: params.id, history, versions: history.versions.map((v) => ({ ...v, kindKey: `results.kind.${v.kind}`, cells: v.parts.map((p) => ({ partKey: `results.part.${p.part}`, ...cellOf(p) })) })) });
  });

  const renderLogin = (res: Parameters<Parameters<RouteTable['page']>[1]>[0]['res'], data: Record<string, unknown>, status = 200) =>
    res.status(status).render('delivery/login', { layout: 'exam', title: 'results.mine.title', heading: 'results.mine.title', hint: 'results.mine.lead', action: RESULTS_LOGIN, ...data });

  routes.page({ method: 'get', path: RESULTS_LOGIN, permission: 'public', summary: 'Candidate sign-in to see results' }, ({ req, res }) => renderLogin(res, { loginCsrf: issueLoginCsrf(req, res, RESULTS_LOGIN) }));

  routes.page({ method: 'post', path: RESULTS_LOGIN, permission: 'public', summary: 'Candidate sign-in to see results (form)', before: [loginLimiter], form: LoginForm }, async (ctx) => {
    const raw = ctx.form.raw as { admissionNo?: string; idNumber?: string; _csrf?: string };
    const admissionNo = typeof raw.admissionNo === 'string' ? raw.admissionNo.trim().slice(0, 40) : '';
    if (!loginCsrfMatches(ctx.req, raw._csrf)) return renderLogin(ctx.res, { admissionNo, errorKey: 'exam.login.expired', loginCsrf: issueLoginCsrf(ctx.req, ctx.res, RESULTS_LOGIN) }, 403);
    const idNumber = typeof raw.idNumber === 'string' ? raw.idNumber.trim().slice(0, 40) : '';
    try {
      if (admissionNo.length < 4 || idNumber.length < 4) throw new HttpProblem(401, 'invalid-credentials', '');
      const result = await sessions.candidateSignIn(admissionNo, idNumber, actorFrom(ctx), new Date(), 'results');
      ctx.res.cookie(SESSION_COOKIE, result.token, { httpOnly: true, sameSite: 'strict', secure: ctx.req.secure, maxAge: result.expiresAt.getTime() - Date.now(), path: '/' });
      ctx.res.redirect(303, '/results');
    } catch (error) {
      if (!(error instanceof HttpProblem)) throw error;
      renderLogin(ctx.res, { admissionNo, ...(error.status === 401 ? { errorKey: 'exam.login.error' } : { errorText: error.detail }), loginCsrf: issueLoginCsrf(ctx.req, ctx.res, RESULTS_LOGIN) }, error.status);
    }
  });

  routes.page({ method: 'get', path: '/results', permission: 'public', summary: 'The candidate’s published result (after signing in at /results/login)' }, async (ctx) => {
    if (ctx.auth?.principal.kind !== 'candidate') return ctx.res.redirect(303, RESULTS_LOGIN);
    const mine = await results.candidateResult(ctx.auth.principal);
    const [latest, ...older] = mine.versions;
    ctx.res.render('results/mine', {
      layout: 'exam',
      title: 'results.mine.title',
      header: { title: mine.title, subjectCode: mine.subjectCode, admissionNo: mine.admissionNo, name: mine.name },
      mine,
      // 三级/高级工, as the certificate writes it.
      levelName: DEFAULT_LEVEL_NAMES[mine.level as Level]?.[localeOf(ctx.res) === 'en' ? 'en' : 'zh'] ?? String(mine.level),
      latest: latest && { ...latest, cells: latest.parts.map((p) => ({ partKey: `results.part.${p.part}`, passMark: p.passMark, ...cellOf(p) })) },
      older: older.map((v) => ({ ...v, kindKey: `results.kind.${v.kind}` })),
      latestKindKey: latest ? `results.kind.${latest.kind}` : '',
    });
  });
}
