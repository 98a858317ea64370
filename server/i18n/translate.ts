import { catalogue, type MessageKey } from './catalogue';
import { DEFAULT_LOCALE, type Locale } from './locale';

export type { MessageKey };

/** Translates a catalogue key; `{name}` placeholders are filled from `vars`. */
export function t(locale: Locale, key: string, vars: Record<string, unknown> = {}): string {
  const table = catalogue[locale] as Record<string, string>;
  const text = table[key] ?? (catalogue[DEFAULT_LOCALE] as Record<string, string>)[key];
  if (text === undefined) return `[[${key}]]`;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

export function hasMessage(key: string): boolean {
  return key in (catalogue[DEFAULT_LOCALE] as Record<string, string>);
}
