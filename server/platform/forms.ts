import type { Response } from 'express';
import type { z } from 'zod';
import { HttpProblem, fieldErrorsFromZod, type FieldError } from './problem';
import { isChineseText, localiseFieldErrors } from '../i18n/validation';
import { localeOf } from '../i18n/negotiate';
import { t } from '../i18n/translate';

/** Validates a submitted form; on failure returns field errors for re-rendering the form. */
export function parseForm<T extends z.ZodType>(schema: T, body: unknown): { ok: true; data: z.infer<T> } | { ok: false; errors: FieldError[] } {
  const result = schema.safeParse(body ?? {});
  if (result.success) return { ok: true, data: result.data };
  return { ok: false, errors: fieldErrorsFromZod(result.error) };
}

/**
 * Field errors from a problem a service threw (validation or conflict), for the form, in the
 * page's language (`res.locals.locale`) with fields named by label.
 */
export function formErrorsOf(error: unknown, res: Response): FieldError[] | undefined {
  if (!(error instanceof HttpProblem) || error.status >= 500 || error.status === 401 || error.status === 403) return undefined;
  const locale = localeOf(res);
  if (error.errors?.length) return localiseFieldErrors(error.errors.map((e) => ({ ...e, path: e.path.replace(/^(body|query|params)\./, '') })), locale);
  const detail = error.detail ?? error.title;
  if (error.i18n?.key) return [{ path: '', message: t(locale, error.i18n.key, error.i18n.vars ?? {}) }];
  return [{ path: '', message: locale === 'en' || isChineseText(detail) ? detail : t(locale, `error.${[400, 404, 409, 429].includes(error.status) ? error.status : 400}`) }];
}

/**
 * Destructive page actions need `confirmed=1` in the form. The site script sets it after a
 * confirm() dialog; without JavaScript the user gets this confirmation page instead.
 */
export function confirmed(res: Response, body: Record<string, unknown>, prompt: { message: string; action: string }): boolean {
  if (body.confirmed === '1') return true;
  const fields = Object.entries(body)
    .filter(([k, v]) => k !== 'confirmed' && k !== '_csrf' && typeof v === 'string')
    .map(([name, value]) => ({ name, value }));
  res.render('confirm', { title: 'confirm.title', message: prompt.message, action: prompt.action, fields });
  return false;
}

/** Field errors grouped by the form field they belong to (the first path segment), to show each next to its field. */
export function fieldErrorsByName(errors: readonly FieldError[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const { path, message } of errors) (out[path.split('.')[0] ?? ''] ??= []).push(message);
  return out;
}
