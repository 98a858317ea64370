import { OPTION_KEYS, type LocalText } from './common';
import type { QuestionTypeRegistry } from './registry';
import type { EditorField } from './types';

/**
 * What the editor template needs to show every type's fields: one section per distinct field
 * list (types sharing a list, like single and multiple choice, share the section), each field
 * with its label in the page's language and its current value. Pure.
 */
export function localText(text: LocalText, locale: string): string {
  return locale === 'en' ? text.en : text.zh;
}

export interface EditorFieldView {
  kind: EditorField['kind'];
  name: string;
  label: string;
  rows?: number;
  min?: number;
  value: string;
  checked: boolean;
  choices: Array<{ value: string; label: string; checked: boolean }>;
  options: Array<{ key: string; value: string }>;
  /** Errors of this field, shown next to it. */
  errors: string[];
}

export interface EditorSectionView {
  /** Space-separated type names the section is for (`data-for`). */
  forTypes: string;
  fields: EditorFieldView[];
}

/**
 * Field errors (paths such as `stem`, `options.1.html`, `markingPoints.0.points`) by the form
 * field that shows them: the first path segment, renamed where the type's editor names the
 * field differently. Messages already name the field by its label (and entry, for nested paths).
 */
export function errorsByField(registry: QuestionTypeRegistry, type: unknown, errors: ReadonlyArray<{ path: string; message: string }>): Record<string, string[]> {
  const rename = registry.find(type)?.editor.fieldOf ?? {};
  const out: Record<string, string[]> = {};
  for (const { path, message } of errors) {
    const head = path.split('.')[0] ?? '';
    const field = Object.hasOwn(rename, head) ? rename[head]! : head;
    (out[field] ??= []).push(message);
  }
  return out;
}

export function editorSections(
  registry: QuestionTypeRegistry,
  locale: string,
  values: Record<string, unknown>,
  errorsOf: (name: string) => string[] = () => [],
): EditorSectionView[] {
  const groups = new Map<readonly EditorField[], string[]>();
  for (const module of registry.all()) groups.set(module.editor.fields, [...(groups.get(module.editor.fields) ?? []), module.name]);
  const valueOf = (name: string): string => {
    const v = values[name];
    return Array.isArray(v) ? String(v[0] ?? '') : v === undefined || v === null ? '' : String(v);
  };
  return [...groups].map(([fields, names]) => ({
    forTypes: names.join(' '),
    fields: fields.map((field): EditorFieldView => {
      const name = field.kind === 'options' ? 'options' : field.name;
      const value = valueOf(name);
      return {
        kind: field.kind,
        name,
        label: localText(field.label, locale),
        ...('rows' in field && field.rows ? { rows: field.rows } : {}),
        ...('min' in field && field.min !== undefined ? { min: field.min } : {}),
        value,
        checked: field.kind === 'checkbox' && value === 'on',
        choices: field.kind === 'radio' ? field.choices.map((c) => ({ value: c.value, label: localText(c.label, locale), checked: value === c.value })) : [],
        options: field.kind === 'options' ? OPTION_KEYS.map((key) => ({ key, value: valueOf(`option_${key}`) })) : [],
        errors: errorsOf(name),
      };
    }),
  }));
}
