import path from 'node:path';
import type express from 'express';
import { engine } from 'express-handlebars';
import type { HelperOptions } from 'handlebars';
import { t } from '../i18n/translate';
import { DEFAULT_LOCALE, isLocale, type Locale } from '../i18n/locale';
import { typeNameIn } from '../question-types';
import { DEFAULT_TIME_ZONE, formatZoned } from './time';

export const VIEWS_DIR = path.resolve(import.meta.dirname, '../../views');

function localeOf(options: HelperOptions): Locale {
  const root = (options.data as { root?: { locale?: unknown } } | undefined)?.root;
  return isLocale(root?.locale) ? root.locale : DEFAULT_LOCALE;
}

/**
 * Display-only helpers. Templates translate through `t` and never hold rules; anything
 * that decides something is computed by the route before rendering.
 */
export const viewHelpers = {
  t(key: string, options: HelperOptions): string {
    return t(localeOf(options), key, options.hash as Record<string, unknown>);
  },
  /** A question type's name in the page's language, from its module. */
  typeName(type: unknown, options: HelperOptions): string {
    return typeNameIn(localeOf(options), type);
  },
  /** A long random seed or id as its first 8 characters (the full value goes in a title attribute). */
  shortSeed(value: unknown): string {
    const text = typeof value === 'string' ? value : '';
    return text.length > 12 ? `${text.replace(/-/g, '').slice(0, 8)}…` : text;
  },
  eq(a: unknown, b: unknown): boolean {
    return a === b;
  },
  /** Joins strings, e.g. to build a catalogue key: `(t (concat "role." role))`. */
  concat(...args: unknown[]): string {
    return args.slice(0, -1).map(String).join('');
  },
  /** Embeds data for a page script: `<script type="application/json">{{{json x}}}</script>`. */
  json(value: unknown): string {
    return JSON.stringify(value ?? null).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
  },
  /** A stored instant in the configured time zone (`TIME_ZONE`, app.locals.timeZone). */
  dateTime(value: unknown, options: HelperOptions): string {
    if (value === undefined || value === null || value === '') return '';
    const date = value instanceof Date ? value : new Date(String(value));
    if (Number.isNaN(date.getTime())) return '';
    const zone = (options.data as { root?: { timeZone?: unknown } } | undefined)?.root?.timeZone;
    return formatZoned(date, localeOf(options), typeof zone === 'string' ? zone : DEFAULT_TIME_ZONE);
  },
};

export function installViewEngine(app: express.Express): void {
  app.engine(
    'hbs',
    engine({
      extname: '.hbs',
      defaultLayout: 'main',
      layoutsDir: path.join(VIEWS_DIR, 'layouts'),
      partialsDir: path.join(VIEWS_DIR, 'partials'),
      helpers: viewHelpers,
    }),
  );
  app.set('view engine', 'hbs');
  app.set('views', VIEWS_DIR);
}
