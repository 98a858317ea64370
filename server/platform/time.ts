import type { Response } from 'express';
import { fromZonedTime, formatInTimeZone } from 'date-fns-tz';

/**
 * Wall-clock time in the configured time zone (`TIME_ZONE`, default Asia/Shanghai), for display
 * and for what people type into date and time fields. Stored times are absolute (UTC).
 */
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?$/;
const ABSOLUTE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2})$/;

/**
 * A typed date or date-time as an instant: `2026-12-01`, `2026-12-01T09:30` or `2026-12-01 09:30:15`
 * are wall-clock times in `timeZone`; a value with `Z` or an offset is taken as it says. A date
 * alone means the start of that day, or with `endOfDay` its last millisecond (for "until" fields).
 * Anything else, or a date that does not exist (2026-02-30, 25:61), is undefined.
 */
export function parseZonedInput(text: string, timeZone: string, options: { endOfDay?: boolean } = {}): Date | undefined {
  const value = text.trim();
  if (ABSOLUTE.test(value)) {
    const date = new Date(value);
    return Number.isNaN(date.getTime()) ? undefined : date;
  }
  const m = LOCAL.exec(value);
  if (!m) return undefined;
  const [, y, mo, d, h = '00', mi = '00', s = '00'] = m;
  const wall = `${y}-${mo}-${d}T${h}:${mi}:${s}`;
  // Reject dates the calendar does not have: formatting the instant back must give the same wall time.
  const instant = fromZonedTime(wall, timeZone);
  if (Number.isNaN(instant.getTime()) || formatInTimeZone(instant, timeZone, "yyyy-MM-dd'T'HH:mm:ss") !== wall) return undefined;
  if (options.endOfDay && m[4] === undefined) return new Date(fromZonedTime(`${y}-${mo}-${d}T23:59:59.999`, timeZone).getTime());
  return instant;
}

/** An instant as a `datetime-local` field value in `timeZone` (`2026-12-01T09:30`). */
export function toZonedInput(date: Date, timeZone: string): string {
  return formatInTimeZone(date, timeZone, "yyyy-MM-dd'T'HH:mm");
}

/** An instant as people read it, in the page's language and the configured zone. */
export function formatZoned(date: Date, locale: string, timeZone: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'medium', timeZone, hourCycle: 'h23' }).format(date);
}

/** The configured zone, as the app keeps it for templates (app.locals.timeZone). */
export function timeZoneOf(res: Response): string {
  const zone: unknown = res.app.locals.timeZone;
  return typeof zone === 'string' ? zone : DEFAULT_TIME_ZONE;
}
