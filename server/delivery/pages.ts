import type { RequestHandler } from 'express';
import { z } from 'zod';
import type { RouteTable } from '../platform/routing';
import { HttpProblem } from '../platform/problem';
import { ObjectIdString } from '../platform/ids';
import { actorFrom } from '../audit/service';
import { SESSION_COOKIE } from '../identity/policy';
import { issueLoginCsrf, loginCsrfMatches } from '../identity/pages';
import { decide } from '../identity/access';
import { catalogue } from '../i18n/catalogue';
import type { Locale } from '../i18n/locale';
import type { SessionService } from '../sessions/service';
import { sessionTarget } from '../sessions/service';
import type { DeliveryService } from './service';

const EXAM_LOGIN = '/exam/login';

/** The catalogue entries a page script needs, by prefix, in the page's language. */
function messagesFor(locale: Locale, prefix: string): Record<string, string> {
  return Object.fromEntries(Object.entries(catalogue[locale] as Record<string, string>).filter(([key]) => key.startsWith(prefix)));
}

const LoginForm = z.object({ admissionNo: z.string().trim().max(40).default(''), idNumber: z.string().trim().max(40).default(''), _csrf: z.string().optional() });

/**
 * The candidate's pages — sign-in, the lobby, the exam player's shell, the result — and the
 * proctor console. Thin: the services decide; the browser scripts talk to the JSON API.
 */
export function registerDeliveryPages(routes: RouteTable, sessions: SessionService, delivery: DeliveryService, loginLimiter: RequestHandler): void {
  const renderLogin = (res: Parameters<Parameters<RouteTable['page']>[1]>[0]['res'], data: { admissionNo?: string; errorKey?: string; loginCsrf: string }, status = 200) =>
    res.status(status).render('delivery/login', { layout: 'exam', title: 'exam.login.title', ...data });

  routes.page({ method: 'get', path: EXAM_LOGIN, permission: 'public', summary: 'Candidate sign-in page' }, ({ req, res }) => {
    renderLogin(res, { loginCsrf: issueLoginCsrf(req, res, EXAM_LOGIN) });
  });

  routes.page({ method: 'post', path: EXAM_LOGIN, permission: 'public', summary: 'Candidate sign-in (form)', before: [loginLimiter], form: LoginForm }, async (ctx) => {
    const raw = ctx.form.raw as { admissionNo?: string; idNumber?: string; _csrf?: string };
    const admissionNo = typeof raw.admissionNo === 'string' ? raw.admissionNo.trim().slice(0, 40) : '';
    if (!loginCsrfMatches(ctx.req, raw._csrf)) return renderLogin(ctx.res, { admissionNo, errorKey: 'exam.login.expired', loginCsrf: issueLoginCsrf(ctx.req, ctx.res, EXAM_LOGIN) }, 403);
    const idNumber = typeof raw.idNumber === 'string' ? raw.idNumber.trim().slice(0, 40) : '';
    try {
      if (admissionNo.length < 4 || idNumber.length < 4) throw new HttpProblem(401, 'invalid-credentials', '');
      const result = await sessions.candidateSignIn(admissionNo, idNumber, actorFrom(ctx));
      ctx.res.cookie(SESSION_COOKIE, result.token, { httpOnly: true, sameSite: 'strict', secure: ctx.req.secure, maxAge: result.expiresAt.getTime() - Date.now(), path: '/' });
      ctx.res.redirect(303, '/exam');
    } catch (error) {
      if (!(error instanceof HttpProblem)) throw error;
      const message = error.status === 401 ? { errorKey: 'exam.login.error' } : { errorText: error.detail };
      ctx.res.status(error.status).render('delivery/login', { layout: 'exam', title: 'exam.login.title', admissionNo, ...message, loginCsrf: issueLoginCsrf(ctx.req, ctx.res, EXAM_LOGIN) });
    }
  });

  routes.page({ method: 'post', path: '/exam/logout', permission: 'candidate', summary: 'Candidate sign-out (form)' }, ({ res }) => {
    res.clearCookie(SESSION_COOKIE, { path: '/' }).redirect(303, EXAM_LOGIN);
  });

  routes.page({ method: 'get', path: '/exam', permission: 'public', summary: 'The candidate’s exam: lobby before the start, the player during, the result after' }, async (ctx) => {
    // Anyone who is not a signed-in candidate is sent to the candidates' sign-in.
    if (ctx.auth?.principal.kind !== 'candidate') return ctx.res.redirect(303, EXAM_LOGIN);
    const locale = ctx.res.locals.locale as Locale;
    const state = await delivery.candidateState(ctx.auth.principal);
    const { reg, session, attempt } = state;
    const header = { subjectCode: session.code, title: session.title, admissionNo: reg.admissionNo, name: reg.name };
    if (!attempt) {
      return ctx.res.render('delivery/lobby', {
        layout: 'exam',
        title: 'exam.lobby.title',
        header,
        session: { startsAt: session.startsAt, endsAt: session.endsAt, durationMinutes: session.durationMinutes, room: session.rooms.find((r) => r.code === reg.roomCode)?.name ?? reg.roomCode, seat: reg.seat },
        standardTitle: state.standardTitle,
        open: session.status === 'open',
        config: { startsAt: session.startsAt.toISOString(), serverNow: state.serverNow.toISOString(), csrf: ctx.res.locals.csrfToken, open: session.status === 'open', messages: { started: catalogue[locale]['exam.lobby.started'], starting: catalogue[locale]['exam.lobby.starting'], failed: catalogue[locale]['exam.lobby.failed'], offline: catalogue[locale]['exam.lobby.offline'] } },
        scripts: ['/assets/build/lobby.js'],
      });
    }
    if (attempt.status === 'in_progress') {
      return ctx.res.render('delivery/exam', {
        layout: 'exam',
        title: 'exam.submit',
        header,
        config: { attemptId: attempt.id, csrf: ctx.res.locals.csrfToken, messages: messagesFor(locale, 'exam.') },
        scripts: ['/assets/build/exam.js'],
        stylesheets: ['/assets/exam.css'],
      });
    }
    return ctx.res.render('delivery/done', { layout: 'exam', title: 'exam.done.title', header, attempt, showScore: session.showScore && attempt.score !== undefined });
  });

  routes.page(
    { method: 'get', path: '/sessions/:id/rooms/:room/proctor', permission: 'sessions.view', summary: 'Proctor console: the live roster of a room', params: z.object({ id: ObjectIdString, room: z.string().trim().min(1).max(12) }) },
    async (ctx) => {
      const roster = await delivery.roster(ctx.principal, ctx.params.id, ctx.params.room);
      const session = await sessions.sessionFor(ctx.principal, ctx.params.id, 'sessions.view');
      const locale = ctx.res.locals.locale as Locale;
      ctx.res.render('delivery/proctor', {
        title: 'proctor.title',
        roster,
        stylesheets: ['/assets/exam.css'],
        config: { sessionId: ctx.params.id, room: ctx.params.room, csrf: ctx.res.locals.csrfToken, canAct: decide(ctx.principal, 'sessions.proctor', sessionTarget(session)).allowed, messages: messagesFor(locale, 'proctor.') },
        scripts: ['/assets/build/proctor.js'],
      });
    },
  );
}
