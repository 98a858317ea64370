import type { ErrorObject } from 'ajv';
import type { z } from 'zod';

/**
 * Problems found while importing, in a form a bank admin can act on: Chinese first
 * (`message`), English alongside (`messageEn`), and a stable `code` to switch on.
 */

/** A problem in one cell (or row) of an Excel import. `row` is the sheet's row number. */
export interface XlsxRowError {
  row: number;
  /** The column header as written in the template (`答案`, `选项C`), or `''` for the row as a whole. */
  column: string;
  /** Cell reference (`K5`) when the column exists in the sheet. */
  cell?: string;
  message: string;
  messageEn: string;
  code: string;
}

/**
 * A problem at a JSON path (`items[12].content.answer`). Has the shape of the platform's
 * `FieldError`, so it can go straight into a problem+json `errors[]`.
 */
export interface JsonIssue {
  path: string;
  message: string;
  messageEn: string;
  code: string;
}

export interface Bilingual {
  zh: string;
  en: string;
  code: string;
}

/** `['items', 12, 'content', 'answer']` → `items[12].content.answer`. */
export function formatJsonPath(segments: readonly (string | number | symbol)[]): string {
  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? String(segment) : `.${String(segment)}`;
  }
  return out || '(root)';
}

/** Splits a JSON pointer (`/items/12/content`) into segments, numbers for array indexes. */
export function pointerSegments(pointer: string): (string | number)[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((raw) => raw.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^(0|[1-9]\d*)$/.test(s) ? Number(s) : s));
}

const TYPE_ZH: Record<string, string> = {
  string: '文本',
  number: '数字',
  integer: '整数',
  boolean: '布尔值（true/false）',
  array: '数组',
  object: '对象',
  null: 'null',
};

/** Hints for values with a fixed format, by the last path segment. */
const FORMAT_HINTS: Record<string, { zh: string; en: string }> = {
  pointCode: { zh: '鉴定点编码应为 1–3 个大写字母加 3 位数字，如 AB001', en: 'appraisal point codes look like AB001' },
  occupationCode: { zh: '职业编码应形如 6-31-01-03', en: 'occupation codes look like 6-31-01-03' },
  edition: { zh: '版本应为年份，如 2018', en: 'editions are a year such as 2018' },
  standardEdition: { zh: '标准版本应为年份，如 2018', en: 'standard editions are a year such as 2018' },
  scopeCode: { zh: '鉴定范围编码应为 1–3 个大写字母', en: 'scope codes are 1–3 uppercase letters' },
  code: { zh: '编码格式不正确', en: 'the code has the wrong format' },
  exportedAt: { zh: '时间应为 ISO 8601 格式，如 2024-05-01T08:00:00Z', en: 'must be an ISO 8601 date-time such as 2024-05-01T08:00:00Z' },
};

/** The format hint for a value at a path; `code` means different things in different places. */
function patternHint(segments: readonly (string | number)[]): { zh: string; en: string } | undefined {
  const key = lastKey(segments);
  if (key === 'code' || key === 'parentCode') {
    if (segments[0] === 'items' && segments.length === 3) return { zh: '试题编号应形如 AB001-003（鉴定点 + 序号）', en: 'item codes look like AB001-003' };
    if (segments.includes('bank')) return { zh: '题库代码只能包含字母、数字、- 和 _', en: 'bank codes are letters, digits, - and _' };
    if (segments.includes('occupation')) return FORMAT_HINTS.occupationCode;
    if (segments.includes('points')) return { zh: '鉴定点代码应为 3 位数字', en: 'point codes are three digits' };
    if (segments.includes('scopes')) return FORMAT_HINTS.scopeCode;
    if (segments.includes('rows')) return { zh: '权重表行代码应为 1–8 个字母或数字', en: 'row codes are 1–8 letters or digits' };
  }
  return FORMAT_HINTS[key];
}

function lastKey(path: readonly (string | number | symbol)[]): string {
  for (let i = path.length - 1; i >= 0; i--) {
    const segment = path[i];
    if (typeof segment === 'string') return segment;
  }
  return '';
}

function list(values: readonly unknown[]): string {
  return values.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join(', ');
}

/** Cross-field messages of `ItemContentSchema` (server/bank/item-schema.ts), translated. */
const CUSTOM_MESSAGES: { pattern: RegExp; zh: (m: RegExpExecArray) => string; code: string }[] = [
  { pattern: /^option (\d+) must have key ([A-H])$/, zh: (m) => `第 ${m[1]} 个选项的字母应为 ${m[2]}`, code: 'option.key-order' },
  { pattern: /^answer ([A-H]) is not one of the options$/, zh: (m) => `答案 ${m[1]} 不在选项中`, code: 'answer.not-an-option' },
  { pattern: /^answer letters must not repeat$/, zh: () => '答案字母不能重复', code: 'answer.repeated' },
  { pattern: /^levels must not repeat$/, zh: () => '适用等级不能重复', code: 'levels.repeated' },
  { pattern: /^a multiple-choice item has at least two correct options$/, zh: () => '多选题至少要有两个正确答案', code: 'answer.too-few' },
  { pattern: /^scoring rows total (\S+) but the task is worth (\S+)$/, zh: (m) => `评分项配分合计 ${m[1]}，与试题分值 ${m[2]} 不一致`, code: 'points.total-mismatch' },
  { pattern: /^marking points total (\S+) but the item is worth (\S+)$/, zh: (m) => `评分要点分值合计 ${m[1]}，与试题分值 ${m[2]} 不一致`, code: 'points.total-mismatch' },
  // Formats (zod messages of the standards and bank export schemas).
  { pattern: /^appraisal point codes look like AB001$/, zh: () => '鉴定点编码应为 1–3 个大写字母加 3 位数字，如 AB001', code: 'format' },
  { pattern: /^occupation codes look like 6-31-01-03$/, zh: () => '职业编码应形如 6-31-01-03', code: 'format' },
  { pattern: /^editions are a year such as 2018$/, zh: () => '版本应为年份，如 2018', code: 'format' },
  { pattern: /^scope codes are 1–3 uppercase letters$/, zh: () => '鉴定范围编码应为 1–3 个大写字母', code: 'format' },
  { pattern: /^point codes are three digits$/, zh: () => '鉴定点代码应为 3 位数字', code: 'format' },
  { pattern: /^row codes are 1–8 letters or digits$/, zh: () => '权重表行代码应为 1–8 个字母或数字', code: 'format' },
  { pattern: /^item codes look like AB001-003$/, zh: () => '试题编号应形如 AB001-003（鉴定点 + 序号）', code: 'format' },
  { pattern: /^bank codes are letters, digits, - and _$/, zh: () => '题库代码只能包含字母、数字、- 和 _', code: 'format' },
  // Cross-field rules of the bank export.
  { pattern: /^a national bank has no parent bank$/, zh: () => '国家题库没有上级题库，请删除 parentCode', code: 'bank.parent-not-allowed' },
  { pattern: /^a sub-bank names its parent bank$/, zh: () => '省级/行业分库须填写上级题库代码 parentCode', code: 'bank.parent-required' },
  { pattern: /^occupationCode (\S+) differs from occupation\.code (\S+)$/, zh: (m) => `occupationCode ${m[1]} 与 occupation.code ${m[2]} 不一致`, code: 'standard.occupation-mismatch' },
  { pattern: /^item code (\S+) does not start with its appraisal point (\S+)$/, zh: (m) => `试题编号 ${m[1]} 与鉴定点 ${m[2]} 不一致（编号以鉴定点开头）`, code: 'code.point-mismatch' },
  { pattern: /^the standard is for occupation (\S+), the bank for (\S+)$/, zh: (m) => `标准所属职业 ${m[1]} 与题库的职业 ${m[2]} 不一致`, code: 'standard.occupation-mismatch' },
  { pattern: /^the standard is edition (\S+), the bank follows (\S+)$/, zh: (m) => `标准版本 ${m[1]} 与题库所依据的版本 ${m[2]} 不一致`, code: 'standard.edition-mismatch' },
];

function translateCustom(message: string): Bilingual | undefined {
  for (const entry of CUSTOM_MESSAGES) {
    const match = entry.pattern.exec(message);
    if (match) return { zh: entry.zh(match), en: message, code: entry.code };
  }
  return undefined;
}

/** One zod issue → a bilingual message (without the field name: the column or path says it). */
export function describeZodIssue(issue: z.core.$ZodIssue): Bilingual {
  const known = translateCustom(issue.message);
  if (known) return known;
  const key = lastKey(issue.path);
  switch (issue.code) {
    case 'invalid_type': {
      if (/received undefined/.test(issue.message)) return { zh: '必填，不能缺少', en: 'is required', code: 'required' };
      return { zh: `类型错误，应为${TYPE_ZH[issue.expected] ?? issue.expected}`, en: `expected ${issue.expected}`, code: 'type' };
    }
    case 'too_small': {
      const min = Number(issue.minimum);
      if (issue.origin === 'string') {
        return min <= 1 ? { zh: '不能为空', en: 'must not be empty', code: 'empty' } : { zh: `至少 ${min} 个字符`, en: `must have at least ${min} characters`, code: 'too-short' };
      }
      if (issue.origin === 'array' || issue.origin === 'set') return { zh: `至少需要 ${min} 项`, en: `needs at least ${min} entries`, code: 'too-few' };
      return issue.inclusive
        ? { zh: `不能小于 ${min}`, en: `must be at least ${min}`, code: 'too-small' }
        : { zh: `必须大于 ${min}`, en: `must be greater than ${min}`, code: 'too-small' };
    }
    case 'too_big': {
      const max = Number(issue.maximum);
      if (issue.origin === 'string') return { zh: `不能超过 ${max} 个字符`, en: `must have at most ${max} characters`, code: 'too-long' };
      if (issue.origin === 'array' || issue.origin === 'set') return { zh: `最多 ${max} 项`, en: `allows at most ${max} entries`, code: 'too-many' };
      return issue.inclusive
        ? { zh: `不能大于 ${max}`, en: `must be at most ${max}`, code: 'too-big' }
        : { zh: `必须小于 ${max}`, en: `must be less than ${max}`, code: 'too-big' };
    }
    case 'invalid_format': {
      const hint = FORMAT_HINTS[key];
      return hint ? { ...hint, code: 'format' } : { zh: '格式不正确', en: issue.message, code: 'format' };
    }
    case 'invalid_value':
      return { zh: `应为以下之一：${list(issue.values)}`, en: `must be one of: ${list(issue.values)}`, code: 'enum' };
    case 'invalid_union':
      if (key === 'type') return { zh: '题型不正确，应为 judge、single、multiple、short 或 skill', en: 'type must be one of judge, single, multiple, short, skill', code: 'enum' };
      return { zh: '内容不符合任何一种允许的格式', en: issue.message, code: 'union' };
    case 'unrecognized_keys':
      return { zh: `不允许的字段：${issue.keys.join(', ')}`, en: `unknown fields: ${issue.keys.join(', ')}`, code: 'unknown-field' };
    case 'not_multiple_of':
      return { zh: `应为 ${String(issue.divisor)} 的整数倍`, en: issue.message, code: 'multiple-of' };
    default:
      return { zh: `数据不符合要求：${issue.message}`, en: issue.message, code: issue.code };
  }
}

/** One zod error → JSON issues at paths under `prefix` (e.g. `['items', 3, 'content']`). */
export function jsonIssuesFromZod(error: z.ZodError, prefix: readonly (string | number)[] = []): JsonIssue[] {
  return error.issues.map((issue) => {
    const text = describeZodIssue(issue);
    return { path: formatJsonPath([...prefix, ...issue.path]), message: text.zh, messageEn: text.en, code: text.code };
  });
}

/** One ajv error → a JSON issue, or undefined for errors that only echo others (`if`). */
export function jsonIssueFromAjv(error: ErrorObject, prefix: readonly (string | number)[] = []): JsonIssue | undefined {
  const segments: (string | number)[] = [...prefix, ...pointerSegments(error.instancePath)];
  const params = error.params as Record<string, unknown>;
  let zh: string;
  let en = error.message ?? error.keyword;
  let code: string = error.keyword;
  switch (error.keyword) {
    case 'if':
    case 'oneOf':
    case 'anyOf':
    case 'allOf':
      return undefined;
    case 'required':
      segments.push(String(params.missingProperty));
      zh = '缺少必填字段';
      en = 'is required';
      code = 'required';
      break;
    case 'additionalProperties':
    case 'unevaluatedProperties':
      segments.push(String(params.additionalProperty ?? params.unevaluatedProperty));
      zh = '不允许的字段（格式中没有这个字段）';
      en = 'is not allowed here';
      code = 'unknown-field';
      break;
    case 'false schema':
      zh = '此处不允许这个字段';
      en = 'is not allowed here';
      code = 'not-allowed';
      break;
    case 'type':
      zh = `类型错误，应为${TYPE_ZH[String(params.type)] ?? String(params.type)}`;
      code = 'type';
      break;
    case 'enum':
      zh = `应为以下之一：${list(params.allowedValues as unknown[])}`;
      en = `must be one of: ${list(params.allowedValues as unknown[])}`;
      code = 'enum';
      break;
    case 'const':
      zh = `应为 ${JSON.stringify(params.allowedValue)}`;
      en = `must be ${JSON.stringify(params.allowedValue)}`;
      code = 'const';
      break;
    case 'minimum':
      zh = `不能小于 ${String(params.limit)}`;
      code = 'too-small';
      break;
    case 'exclusiveMinimum':
      zh = `必须大于 ${String(params.limit)}`;
      code = 'too-small';
      break;
    case 'maximum':
      zh = `不能大于 ${String(params.limit)}`;
      code = 'too-big';
      break;
    case 'exclusiveMaximum':
      zh = `必须小于 ${String(params.limit)}`;
      code = 'too-big';
      break;
    case 'minLength':
      zh = Number(params.limit) <= 1 ? '不能为空' : `至少 ${String(params.limit)} 个字符`;
      code = Number(params.limit) <= 1 ? 'empty' : 'too-short';
      break;
    case 'maxLength':
      zh = `不能超过 ${String(params.limit)} 个字符`;
      code = 'too-long';
      break;
    case 'minItems':
      zh = `至少需要 ${String(params.limit)} 项`;
      code = 'too-few';
      break;
    case 'maxItems':
      zh = `最多 ${String(params.limit)} 项`;
      code = 'too-many';
      break;
    case 'uniqueItems':
      zh = `不能有重复项（第 ${Number(params.j) + 1} 项与第 ${Number(params.i) + 1} 项相同）`;
      en = `must not repeat (entries ${Number(params.j) + 1} and ${Number(params.i) + 1} are the same)`;
      code = 'repeated';
      break;
    case 'pattern': {
      const key = lastKey(segments);
      const hint = patternHint(segments);
      if (key === 'stem' || key === 'html' || key === 'referenceAnswer') {
        zh = '不能为空';
        en = 'must not be empty';
        code = 'empty';
      } else {
        zh = hint?.zh ?? '格式不正确';
        en = hint?.en ?? en;
        code = 'format';
      }
      break;
    }
    case 'format': {
      const hint = FORMAT_HINTS[lastKey(segments)];
      zh = hint?.zh ?? `格式不正确（应为 ${String(params.format)}）`;
      code = 'format';
      break;
    }
    default:
      zh = `数据不符合要求：${en}`;
  }
  return { path: formatJsonPath(segments), message: zh, messageEn: en, code };
}

/** Removes repeated issues (same path and message), keeping the first. */
export function uniqueIssues<T extends { message: string }>(issues: T[], keyOf: (issue: T) => string): T[] {
  const seen = new Set<string>();
  return issues.filter((issue) => {
    const key = `${keyOf(issue)}\u0000${issue.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
