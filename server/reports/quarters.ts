import { formatInTimeZone, fromZonedTime } from 'date-fns-tz';

/**
 * Calendar quarters (季度) in the configured time zone: Q1 is January–March, wall-clock. Pure.
 * A result counts in the quarter its batch was published (发布) in that zone.
 */
export interface Quarter {
  year: number;
  quarter: number;
}

export function quarterOf(at: Date, timeZone: string): Quarter {
  const [year, month] = formatInTimeZone(at, timeZone, 'yyyy-MM').split('-').map(Number) as [number, number];
  return { year, quarter: Math.floor((month - 1) / 3) + 1 };
}

/** The instants [from, to) of a quarter, or of the whole year when no quarter is given. */
export function periodRange(year: number, quarter: number | undefined, timeZone: string): { from: Date; to: Date } {
  const startMonth = quarter ? (quarter - 1) * 3 + 1 : 1;
  const endYear = quarter && quarter < 4 ? year : year + 1;
  const endMonth = quarter && quarter < 4 ? startMonth + 3 : 1;
  const wall = (y: number, m: number) => `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-01T00:00:00`;
  return { from: fromZonedTime(wall(year, startMonth), timeZone), to: fromZonedTime(wall(endYear, endMonth), timeZone) };
}
