import type { Request, Response, NextFunction, ErrorRequestHandler } from 'express';
import mongoose from 'mongoose';
import { HttpProblem, PROBLEM_CONTENT_TYPE, problems } from './problem';
import { currentRequestContext } from './request-context';
import { localeOf } from '../i18n/negotiate';
import { isChineseText } from '../i18n/validation';
import { t } from '../i18n/translate';
import { localisedProblemBody, problemLocale } from '../i18n/problem-body';

/** API paths answer with problem+json; everything else gets a friendly page. */
export function wantsProblemJson(req: Request): boolean {
  return req.path.startsWith('/api/') || req.path === '/healthz' || req.path === '/readyz' || req.path.startsWith('/__test/');
}

/**
 * Domain errors (thrown by pure engines that know nothing of HTTP) and the problems they become.
 * Each capability registers its own; anything left unmapped is a 500, i.e. a bug.
 */
const domainMappers: Array<(error: unknown) => HttpProblem | undefined> = [];

export function registerProblemMapper(mapper: (error: unknown) => HttpProblem | undefined): void {
  if (!domainMappers.includes(mapper)) domainMappers.push(mapper);
}

/** Normalises anything thrown into an HttpProblem, hiding internals of unexpected errors. */
export function toProblem(error: unknown): HttpProblem {
  if (error instanceof HttpProblem) return error;
  for (const mapper of domainMappers) {
    const mapped = mapper(error);
    if (mapped) return mapped;
  }
  const e = error as { status?: number; statusCode?: number; type?: string; expose?: boolean; message?: string };
  const status = e.status ?? e.statusCode;
  if (e.type === 'entity.parse.failed') return new HttpProblem(400, 'bad-request', 'The request body is not valid JSON.', { i18n: { key: 'problem.badJson' } });
  if (e.type === 'entity.too.large') return new HttpProblem(413, 'too-large', 'The request body is too large.', { i18n: { key: 'problem.bodyTooLarge' } });
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return new HttpProblem(status, 'http-error', e.expose && e.message ? e.message : undefined);
  }
  if (error instanceof mongoose.Error.CastError) return problems.notFound();
  if (isDatabaseUnavailable(error)) return problems.unavailable('The database is temporarily unreachable.');
  return new HttpProblem(500, 'internal', 'An unexpected error occurred. The request id identifies it in the logs.');
}

function isDatabaseUnavailable(error: unknown): boolean {
  const name = (error as { name?: string }).name ?? '';
  return /MongoServerSelectionError|MongoNetworkError|MongoNotConnectedError|MongoTopologyClosedError/.test(name);
}

/**
 * The detail a page shows under the catalogue message: its catalogue text when it has one; the
 * service's own (English) detail only on English pages; never for a 5xx.
 */
function pageDetail(problem: HttpProblem, res: Response): string | undefined {
  if (problem.status >= 500) return undefined;
  const locale = localeOf(res);
  if (problem.i18n?.key) return t(locale, problem.i18n.key, problem.i18n.vars ?? {});
  if (problem.detail === undefined) return undefined;
  return locale === 'en' || isChineseText(problem.detail) ? problem.detail : undefined;
}

export function notFoundHandler(req: Request, _res: Response, next: NextFunction): void {
  next(problems.notFound(`No route for ${req.method} ${req.path}.`));
}

export const errorHandler: ErrorRequestHandler = (error: unknown, req: Request, res: Response, _next: NextFunction) => {
  const problem = toProblem(error);
  if (problem.status >= 500) req.log?.error({ err: error }, 'request failed');
  else req.log?.info({ problem: problem.type, status: problem.status }, 'request refused');
  if (res.headersSent) {
    res.end();
    return;
  }
  res.status(problem.status).set(problem.headers);
  const requestId = currentRequestContext()?.requestId;
  if (!wantsProblemJson(req) && problem.status === 401 && req.method === 'GET') {
    res.redirect(303, `/login?next=${encodeURIComponent(req.originalUrl)}`);
    return;
  }
  if (wantsProblemJson(req)) {
    const locale = problemLocale(req, res);
    res.set('Content-Language', locale).vary('Accept-Language');
    res.type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(localisedProblemBody(problem, req.originalUrl, locale)));
    return;
  }
  const messageKey = `error.${[400, 401, 403, 404, 405, 409, 429, 503].includes(problem.status) ? problem.status : 500}`;
  res.render('error', { status: problem.status, messageKey, detail: pageDetail(problem, res), requestId, title: 'error.title' });
};
