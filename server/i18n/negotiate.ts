import type { Request, Response, NextFunction } from 'express';
import { DEFAULT_LOCALE, isLocale, type Locale } from './locale';

const LANG_COOKIE = 'lang';
const ONE_YEAR_MS = 365 * 24 * 3600 * 1000;

/** `?lang=` (remembered in a cookie) wins, then the cookie, then Accept-Language; Chinese by default. */
export function chooseLocale(req: Request): { locale: Locale; remember: boolean } {
  const requested = typeof req.query.lang === 'string' ? normalise(req.query.lang) : undefined;
  if (requested) return { locale: requested, remember: true };
  const cookie = normalise((req.cookies as Record<string, string> | undefined)?.[LANG_COOKIE]);
  if (cookie) return { locale: cookie, remember: false };
  const accepted = req.acceptsLanguages('zh-CN', 'zh', 'en');
  if (accepted && accepted.startsWith('en')) return { locale: 'en', remember: false };
  return { locale: DEFAULT_LOCALE, remember: false };
}

function normalise(value: string | undefined): Locale | undefined {
  if (!value) return undefined;
  const v = value.toLowerCase();
  if (v === 'en' || v.startsWith('en-')) return 'en';
  if (v === 'zh' || v.startsWith('zh')) return 'zh-CN';
  return isLocale(value) ? value : undefined;
}

/** The page's language, as the locale middleware chose it. */
export function localeOf(res: Response): Locale {
  return isLocale(res.locals.locale) ? res.locals.locale : DEFAULT_LOCALE;
}

export function localeMiddleware(req: Request, res: Response, next: NextFunction): void {
  const { locale, remember } = chooseLocale(req);
  if (remember) {
    res.cookie(LANG_COOKIE, locale, { maxAge: ONE_YEAR_MS, sameSite: 'lax', httpOnly: false, secure: req.secure });
  }
  res.locals.locale = locale;
  res.locals.htmlLang = locale;
  res.locals.otherLocale = locale === 'en' ? 'zh-CN' : 'en';
  res.locals.langSwitchHref = withQuery(req.originalUrl, 'lang', res.locals.otherLocale as string);
  next();
}

/** The same URL with one query parameter replaced (used for the language switch link). */
export function withQuery(originalUrl: string, name: string, value: string): string {
  const url = new URL(originalUrl, 'http://placeholder.invalid');
  url.searchParams.set(name, value);
  return `${url.pathname}${url.search}`;
}
