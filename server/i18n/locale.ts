export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'zh-CN';

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** A capability's messages: the Chinese text is the source; English must have the same keys. */
export type MessageTable<K extends string> = Record<Locale, Record<K, string>>;

export function defineMessages<const T extends Record<string, string>>(zh: T, en: { [K in keyof T]: string }): MessageTable<Extract<keyof T, string>> {
  return { 'zh-CN': zh, en } as MessageTable<Extract<keyof T, string>>;
}
