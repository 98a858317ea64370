import type { Request, Response } from 'express';
import { isDefaultTitle, type FieldError, type HttpProblem, type ProblemBody } from '../platform/problem';
import { chooseLocale } from './negotiate';
import { isLocale, type Locale } from './locale';
import { hasMessage, t } from './translate';
import { localisedMessage } from './validation';

/**
 * An API refusal (application/problem+json) in the caller's language, Chinese unless English is
 * asked for (Accept-Language, `?lang=`, the lang cookie). What a program reads stays as it is:
 * `type`, `status`, and for each invalid field its `path` and `code`; what a person reads — the
 * title, the detail, each field's `message` — comes from the catalogue where the refusal says
 * it through a key (or is zod's own issue), naming the field by its label as the pages do.
 * Messages a service wrote itself are kept word for word.
 */
export function localisedProblemBody(problem: HttpProblem, instance: string, locale: Locale): ProblemBody {
  const body = problem.toBody(instance);
  const titleKey = problem.type === 'validation' ? 'problem.title.validation' : `problem.title.${problem.status}`;
  if (isDefaultTitle(problem.status, problem.title) && hasMessage(titleKey)) body.title = t(locale, titleKey);
  if (problem.i18n?.key && hasMessage(problem.i18n.key)) body.detail = t(locale, problem.i18n.key, problem.i18n.vars ?? {});
  if (problem.errors) body.errors = problem.errors.map((error) => ({ path: error.path, message: apiFieldMessage(error, locale), ...(error.code ? { code: error.code } : {}) }));
  return body;
}

/** One invalid field's message: from its catalogue key or zod issue; a service's own words unchanged. */
export function apiFieldMessage(error: FieldError, locale: Locale): string {
  const ref = error.i18n;
  if (ref?.key && hasMessage(ref.key)) return localisedMessage(error, locale);
  if (!ref?.key && ref?.zodIssue && ref.zodIssue.code !== 'custom') return localisedMessage(error, locale);
  return error.message;
}

/** The language of an API response: as the locale middleware chose it, or (refused before it ran, e.g. unreadable JSON) chosen now. */
export function problemLocale(req: Request, res: Response): Locale {
  return isLocale(res.locals.locale) ? res.locals.locale : chooseLocale(req).locale;
}
