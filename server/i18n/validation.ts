import { z } from 'zod';
import type { FieldError, MessageRef } from '../platform/problem';
import type { Locale } from './locale';
import { hasMessage, t } from './translate';

/**
 * Field errors as a page shows them: in the page's language, naming the field by its label
 * (`field.<name>` in the catalogue), never by its path. The path stays on the error so the page
 * can put the message next to its field.
 *
 * Issues zod raised itself are phrased from their code here (zod's own zh-CN locale names types
 * and origins in English, such as "期望 string"); the few codes this does not cover are left to
 * zod's locale for the page's language. Custom issues carry a catalogue key. Anything else that
 * is not in the page's language falls back to "<label>不符合要求" rather than leak English.
 */
export function localiseFieldErrors(errors: readonly FieldError[], locale: Locale): FieldError[] {
  return errors.map((error) => ({ path: error.path, message: localisedMessage(error, locale), ...(error.code ? { code: error.code } : {}) }));
}

const zodLocales: Record<Locale, (issue: never) => string | undefined> = {
  'zh-CN': z.locales.zhCN().localeError as unknown as (issue: never) => string | undefined,
  en: z.locales.en().localeError as unknown as (issue: never) => string | undefined,
};

export function localisedMessage(error: FieldError, locale: Locale): string {
  const label = labelOf(error.path, locale);
  const ref = error.i18n;
  if (ref?.key && hasMessage(ref.key)) return t(locale, ref.key, { ...localisedVars(ref, locale), label });
  if (ref?.zodIssue) return fromZodIssue(ref.zodIssue, label, locale);
  if (locale !== 'en' && !isChineseText(error.message)) return t(locale, 'validation.invalid', { label });
  return error.path && error.path !== '(root)' ? t(locale, 'validation.zod', { label, message: error.message }) : error.message;
}

function localisedVars(ref: MessageRef, locale: Locale): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(ref.vars ?? {})) out[name] = typeof value === 'string' && hasMessage(value) ? t(locale, value) : value;
  return out;
}

/** `displayName` → 姓名; `options.1.html` → 选项（第 2 项）; `body.roles.0.scope.id` → 授权范围. */
export function labelOf(path: string, locale: Locale): string {
  const segments = path.split('.').filter((s) => s !== '' && s !== 'body' && s !== 'query' && s !== 'params' && s !== '(root)');
  const named = segments.filter((s) => !/^\d+$/.test(s));
  const known = (name: string) => hasMessage(`field.${name}`);
  // The most specific labelled name that is not a generic leaf (`id`, `html`, `key`) wins.
  const generic = new Set(['id', 'html', 'key', 'type', 'level', 'code', 'weights', 'cells']);
  const specific = [...named].reverse().find((s) => known(s) && !(generic.has(s) && named.length > 1));
  const name = specific ?? named.find(known);
  if (!name) return t(locale, 'field.unknown');
  const at = segments.lastIndexOf(name);
  const withEntry = (label: string, index: string | undefined) => (index !== undefined && /^\d+$/.test(index) ? t(locale, 'validation.ordinal', { label, n: Number(index) + 1 }) : label);
  const label = withEntry(t(locale, `field.${name}`), segments[at + 1]);
  // A field inside an entry of a list (`sections.0.count`) names the entry too: 大题设置（第 1 项）的题数.
  const parentAt = segments.slice(0, at).findLastIndex((s, i) => /^\d+$/.test(s) && i > 0 && known(segments[i - 1]!));
  if (parentAt < 1) return label;
  return t(locale, 'validation.nested', { parent: withEntry(t(locale, `field.${segments[parentAt - 1]}`), segments[parentAt]), label });
}

function fromZodIssue(issue: Record<string, unknown>, label: string, locale: Locale): string {
  const origin = issue.origin as string | undefined;
  const sized = origin === 'string' ? 'string' : origin === 'array' || origin === 'set' ? 'array' : 'value';
  switch (issue.code) {
    case 'invalid_type':
      if (issue.received === 'undefined' || issue.received === 'null') return t(locale, 'validation.required', { label });
      if (issue.expected === 'int') return t(locale, 'validation.notInteger', { label });
      return t(locale, 'validation.wrongType', { label, expected: typeName(String(issue.expected), locale) });
    case 'too_small': {
      const min = Number(issue.minimum) + (issue.inclusive === false ? 1 : 0);
      if (sized === 'string') return min <= 1 ? t(locale, 'validation.required', { label }) : t(locale, 'validation.tooShort', { label, min });
      if (sized === 'array') return min <= 1 ? t(locale, 'validation.required', { label }) : t(locale, 'validation.tooFew', { label, min });
      return t(locale, issue.inclusive === false ? 'validation.mustExceed' : 'validation.tooSmall', { label, min: String(issue.minimum) });
    }
    case 'too_big': {
      const max = String(issue.maximum);
      if (sized === 'string') return t(locale, 'validation.tooLong', { label, max });
      if (sized === 'array') return t(locale, 'validation.tooMany', { label, max });
      return t(locale, issue.inclusive === false ? 'validation.mustBeBelow' : 'validation.tooBig', { label, max });
    }
    case 'invalid_value':
    case 'invalid_union':
      return t(locale, 'validation.badOption', { label });
    case 'invalid_format':
      if (issue.format === 'regex' || issue.format === 'starts_with' || issue.format === 'ends_with' || issue.format === 'includes') return t(locale, 'validation.badFormat', { label });
      break;
    case 'unrecognized_keys':
    case 'invalid_key':
    case 'invalid_element':
      return t(locale, 'validation.invalid', { label });
    default:
      break;
  }
  if (issue.format === 'safeint' || issue.expected === 'int') return t(locale, 'validation.notInteger', { label });
  const phrased = zodLocales[locale](issue as never);
  return phrased ? t(locale, 'validation.zod', { label, message: phrased }) : t(locale, 'validation.invalid', { label });
}

function typeName(expected: string, locale: Locale): string {
  const key = `validation.type.${expected === 'int' ? 'number' : expected}`;
  return hasMessage(key) ? t(locale, key) : t(locale, 'validation.type.string');
}

/** Text a Chinese page may show as it is: Chinese, with no English words in it. */
export function isChineseText(text: string): boolean {
  return /[\u3400-\u9fff]/.test(text) && !/[A-Za-z]{3,}/.test(text);
}
