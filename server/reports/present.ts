import type { Locale } from '../i18n/locale';
import { t } from '../i18n/translate';
import { DEFAULT_LEVEL_NAMES, type Level } from '../standards/schemas';
import type { PassTally } from './aggregate';

/** How the report's groups read: 2026年第4季度, 三级/高级工, 66.7%（2/3）. */
export function quarterName(locale: Locale, q: { year: number; quarter: number }): string {
  return t(locale, 'reports.quarterName', { year: q.year, quarter: q.quarter });
}

export function levelName(locale: Locale, level: number): string {
  const names = DEFAULT_LEVEL_NAMES[level as Level];
  return names ? (locale === 'en' ? names.en : names.zh) : String(level);
}

/** A pass rate as a percentage with one decimal, or 无人参考 when nobody sat. */
export function rateText(locale: Locale, tally: Pick<PassTally, 'passRate' | 'passed' | 'sat'>): string {
  if (tally.passRate === null) return t(locale, 'reports.noneSat');
  return t(locale, 'reports.rateOf', { rate: (tally.passRate * 100).toFixed(1), passed: tally.passed, sat: tally.sat });
}
