import { ItemContentSchema, OPTION_KEYS, type ItemContent, type ItemType, type OptionKey } from '../item-schema';
import { questionTypes } from '../../question-types';
import type { TypeColumn } from '../../question-types/types';
import { parseNumber, parseTags, parseYesNo } from '../../question-types/parsers';
import { LEVELS, type Level } from '../../standards/schemas';
import { ITEM_CODE_PATTERN, isUnplacedCode, pointCodeOfItemCode } from './codes';
import { describeZodIssue, type XlsxRowError } from './issues';
import { cellTextToRichText, richTextToCellText } from './rich-text';

/**
 * The Excel (.xlsx) item layout: one item per row, Chinese headers. The first sixteen columns
 * are the published template (题型 | 题干 | 选项A…H | 答案 | 解析 | 难度 | 鉴定点 | 分值 | 标签);
 * the optional columns after them carry what the product needs beyond that. Import finds
 * columns by header text, so optional columns may be missing or reordered.
 */

export type ColumnKey =
  | 'type'
  | 'stem'
  | OptionKey
  | 'answer'
  | 'explanation'
  | 'difficulty'
  | 'pointCode'
  | 'points'
  | 'tags'
  | 'levels'
  | 'estimatedSeconds'
  | 'enemyGroup'
  | 'keepOptionOrder'
  | 'markingPoints'
  | 'code';

export interface XlsxColumn {
  key: ColumnKey;
  /** Header as written in the template. */
  header: string;
  headerEn: string;
  /** Other header spellings accepted on import. */
  aliases: readonly string[];
  /** The column must be present in an imported sheet. */
  required: boolean;
  width: number;
  /** 填写说明: what to write (Chinese). */
  help: string;
}

const optionColumn = (key: OptionKey): XlsxColumn => ({
  key,
  header: `选项${key}`,
  headerEn: `Option ${key}`,
  aliases: [],
  required: false,
  width: 22,
  help:
    key === 'A'
      ? '选择题的选项内容，从选项A起连续填写（单选题 2–6 个，多选题 2–8 个）；判断题、简答题不填。'
      : `选项${key}的内容（不用时留空）。`,
});

export const XLSX_COLUMNS: readonly XlsxColumn[] = [
  {
    key: 'type',
    header: '题型',
    headerEn: 'Type',
    aliases: ['试题类型', '题目类型'],
    required: true,
    width: 10,
    help: '判断题、单选题、多选题、简答题（也可写 判断/单选/单项选择题/多选/多项选择题/简答/计算题/论述题）。技能操作试题请用 JSON 格式导入。',
  },
  { key: 'stem', header: '题干', headerEn: 'Stem', aliases: ['试题内容', '题目'], required: true, width: 48, help: '试题正文。换行即分段；也可填写安全子集内的 HTML（以 <p>、<table> 等标签开头）。' },
  ...OPTION_KEYS.map(optionColumn),
  {
    key: 'answer',
    header: '答案',
    headerEn: 'Answer',
    aliases: ['正确答案', '参考答案', '标准答案'],
    required: true,
    width: 12,
    help: '单选题填一个字母（如 B）；多选题填两个或以上字母，用逗号分隔（如 A,C,D，也可写 ACD 或 A，C）；判断题填 对/错（也可 √/×、正确/错误、T/F）；简答题填参考答案。',
  },
  { key: 'explanation', header: '解析', headerEn: 'Explanation', aliases: ['答案解析', '试题解析'], required: false, width: 30, help: '答案解析，可留空。' },
  { key: 'difficulty', header: '难度', headerEn: 'Difficulty', aliases: ['难度等级'], required: true, width: 8, help: '1–5（1 最易，5 最难），也可写 易/较易/中等/较难/难。' },
  { key: 'pointCode', header: '鉴定点', headerEn: 'Appraisal point', aliases: ['鉴定点代码', '鉴定点编码', '鉴定点编号'], required: true, width: 10, help: '鉴定要素细目表中的鉴定点代码，如 AB001（鉴定范围代码 + 3 位鉴定点代码）。' },
  { key: 'points', header: '分值', headerEn: 'Points', aliases: ['分数'], required: false, width: 8, help: '建议分值，可留空（组卷时由组卷方案确定）。简答题的分值即各评分要点分值之和。' },
  { key: 'tags', header: '标签', headerEn: 'Tags', aliases: [], required: false, width: 16, help: '可留空；多个标签用逗号、分号或顿号分隔。' },
  { key: 'levels', header: '适用等级', headerEn: 'Levels', aliases: ['等级', '适用级别'], required: false, width: 12, help: '如 5,4 或 五级,四级（5=五级/初级工 … 1=一级/高级技师）；留空时取鉴定点的适用等级。' },
  { key: 'estimatedSeconds', header: '预计用时(秒)', headerEn: 'Estimated seconds', aliases: ['预计用时', '用时(秒)'], required: false, width: 12, help: '作答预计用时（秒），留空时按题型默认：判断题 30、单选题 60、多选题 90、简答题 600。' },
  { key: 'enemyGroup', header: '互斥组', headerEn: 'Enemy group', aliases: [], required: false, width: 10, help: '同一互斥组的试题不会出现在同一份试卷中，可留空。' },
  { key: 'keepOptionOrder', header: '选项顺序固定', headerEn: 'Keep option order', aliases: [], required: false, width: 12, help: '选择题填 是 时组卷不打乱选项顺序（如“以上都对”）；默认 否。' },
  {
    key: 'markingPoints',
    header: '评分要点',
    headerEn: 'Marking points',
    aliases: [],
    required: false,
    width: 30,
    help: '仅简答题：每行一个要点，写成“要点内容（分值）”，如“写出计算公式（4分）”，分值之和应等于“分值”。留空时整题按参考答案评分，一个要点即全部分值。',
  },
  { key: 'code', header: '试题编号', headerEn: 'Item code', aliases: ['试题编码', '题号'], required: false, width: 12, help: '导出时填写；导入时留空表示新增试题，填写已有编号（如 AB001-003）表示修改该试题。' },
];

/** The headers of the template, in order. */
export const XLSX_HEADERS: readonly string[] = XLSX_COLUMNS.map((c) => c.header);
/** The first sixteen headers: the layout the published template has always had. */
export const XLSX_CORE_HEADERS: readonly string[] = XLSX_HEADERS.slice(0, 16);

export const COLUMN_BY_KEY: Readonly<Record<ColumnKey, XlsxColumn>> = Object.fromEntries(XLSX_COLUMNS.map((c) => [c.key, c])) as Record<ColumnKey, XlsxColumn>;

/** Header text → comparable form: no spaces, ASCII parentheses, NFKC (full-width letters). */
export function normalizeHeader(text: string): string {
  return text.normalize('NFKC').replace(/\s+/g, '').replace(/（/g, '(').replace(/）/g, ')');
}

const HEADER_LOOKUP: ReadonlyMap<string, ColumnKey> = new Map(
  XLSX_COLUMNS.flatMap((c) => [c.header, ...c.aliases].map((h) => [normalizeHeader(h), c.key] as const)),
);

export function columnKeyOfHeader(text: string): ColumnKey | undefined {
  return HEADER_LOOKUP.get(normalizeHeader(text));
}

/** Columns that sheets in circulation often carry and that hold nothing of the item: ignored. */
export const IGNORED_HEADERS: ReadonlySet<string> = new Set(['序号', '行号', '备注']);

export function isIgnoredHeader(text: string): boolean {
  return IGNORED_HEADERS.has(normalizeHeader(text));
}

/** Sheet names: items, and the instructions sheet of the template. */
export const ITEMS_SHEET_NAME = '试题';
export const HELP_SHEET_NAME = '填写说明';

// ---------------------------------------------------------------------------------------------
// Value vocabularies: the type words come from the question-type modules, the value parsers
// are shared with the item editor (server/question-types/parsers.ts).

export { parseJudgeAnswer, parseAnswerLetters, parseTags, parseYesNo, parseNumber, parseMarkingPoints, DEFAULT_MARKING_POINT_TEXT } from '../../question-types/parsers';

const typeWord = (text: string) => text.normalize('NFKC').replace(/\s+/g, '').toLowerCase();

export function parseItemType(text: string): ItemType | undefined {
  const word = typeWord(text);
  return questionTypes.all().find((m) => m.name === word || m.xlsx.words.some((w) => typeWord(w) === word))?.name;
}

/** The 题型 written on export, per type Excel carries. */
export function typeLabels(): Record<ItemType, string> {
  return Object.fromEntries(questionTypes.xlsxCarried().map(({ module, xlsx }) => [module.name, xlsx.label]));
}

const DIFFICULTY_WORDS: Record<string, number> = { 易: 1, 容易: 1, 较易: 2, 中: 3, 中等: 3, 适中: 3, 一般: 3, 较难: 4, 难: 5, 困难: 5 };

export function parseDifficulty(text: string): number | undefined {
  const word = text.normalize('NFKC').trim();
  if (/^[1-5](\.0+)?$/.test(word)) return Number.parseInt(word, 10);
  return DIFFICULTY_WORDS[word];
}

const LEVEL_WORDS: Record<string, Level> = {
  五级: 5,
  初级工: 5,
  初级: 5,
  四级: 4,
  中级工: 4,
  中级: 4,
  三级: 3,
  高级工: 3,
  高级: 3,
  二级: 2,
  技师: 2,
  一级: 1,
  高级技师: 1,
  五: 5,
  四: 4,
  三: 3,
  二: 2,
  一: 1,
};

/** `5,4`, `五级,四级`, `五级/初级工、四级/中级工` → levels; the bad token when one is not a level. */
export function parseLevels(text: string): { levels: Level[] } | { bad: string } {
  const tokens = text
    .normalize('NFKC')
    .split(/[\s,;、，；]+/)
    .filter((t) => t !== '');
  const levels: Level[] = [];
  for (const token of tokens) {
    // `五级/初级工`: both halves name the same level.
    const parts = token.split('/').filter((p) => p !== '');
    const found = parts.map((p) => (/^[1-5]$/.test(p) ? (Number(p) as Level) : LEVEL_WORDS[p]));
    const first = found[0];
    if (first === undefined || found.some((l) => l !== first)) return { bad: token };
    levels.push(first);
  }
  return { levels };
}

/** Default 预计用时 by type (seconds). */
export function defaultEstimatedSeconds(type: ItemType): number {
  return questionTypes.get(type).defaults.estimatedSeconds;
}

// ---------------------------------------------------------------------------------------------
// One row → item content

/** The text of each cell of a row, by column; absent or blank cells may be missing. */
export type RowTexts = Partial<Record<ColumnKey, string>>;

export interface RowParseOptions {
  /**
   * The levels of an appraisal point in the standard's element table (theory table for
   * objective and short items), or undefined when the point is not in it. When given, unknown
   * points are errors and an empty 适用等级 takes the point's levels.
   */
  resolvePointLevels?: (pointCode: string, part: 'theory' | 'skill') => readonly Level[] | undefined;
  /** Whether an item code exists in the target bank; when given, unknown codes are errors. */
  itemExists?: (code: string) => boolean;
  /** Overrides of the default 预计用时 by type. */
  defaultEstimatedSeconds?: Partial<Record<ItemType, number>>;
  /**
   * Imports: an empty 鉴定点 is no error; the item comes in without a point (待指定鉴定点), with
   * the levels given or all five, and a writer places it later.
   */
  allowUnplaced?: boolean;
}

export interface RowLayout {
  /** Column number (1-based) of each column present in the sheet. */
  columns: Partial<Record<ColumnKey, number>>;
  /** Header text as written in the sheet, for messages. */
  labels: Partial<Record<ColumnKey, string>>;
}

export interface ParsedRow {
  code?: string;
  item?: ItemContent;
  errors: XlsxRowError[];
}

/** Column number → letters (1 → A, 27 → AA). */
export function columnLetters(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

/** A layout with every template column in template order (for rows built in code). */
export const TEMPLATE_LAYOUT: RowLayout = {
  columns: Object.fromEntries(XLSX_COLUMNS.map((c, i) => [c.key, i + 1])),
  labels: Object.fromEntries(XLSX_COLUMNS.map((c) => [c.key, c.header])),
};

class RowErrors {
  readonly list: XlsxRowError[] = [];
  private readonly flagged = new Set<ColumnKey | ''>();
  constructor(
    private readonly row: number,
    private readonly layout: RowLayout,
  ) {}

  label(key: ColumnKey): string {
    return this.layout.labels[key] ?? COLUMN_BY_KEY[key].header;
  }

  add(key: ColumnKey | '', message: string, messageEn: string, code: string): void {
    const column = key === '' ? '' : this.label(key);
    const n = key === '' ? undefined : this.layout.columns[key];
    this.list.push({ row: this.row, column, ...(n ? { cell: `${columnLetters(n)}${this.row}` } : {}), message, messageEn, code });
    this.flagged.add(key);
  }

  has(key: ColumnKey | ''): boolean {
    return this.flagged.has(key);
  }

  /** Follow-on problems in this column are not reported (their cause already is). */
  suppress(key: ColumnKey): void {
    this.flagged.add(key);
  }
}

/** Which column a zod issue path of item content belongs to. */
function columnOfPath(path: readonly PropertyKey[], fieldColumns: Readonly<Record<string, ColumnKey>> = {}): ColumnKey | '' {
  const [head, index] = path;
  if (typeof head === 'string' && Object.hasOwn(fieldColumns, head)) return fieldColumns[head]!;
  switch (head) {
    case 'options':
      return typeof index === 'number' ? (OPTION_KEYS[index] ?? 'H') : 'A';
    case 'answer':
      return 'answer';
    case 'markingPoints':
      return 'markingPoints';
    case 'type':
    case 'stem':
    case 'explanation':
    case 'difficulty':
    case 'pointCode':
    case 'points':
    case 'tags':
    case 'levels':
    case 'estimatedSeconds':
    case 'enemyGroup':
    case 'keepOptionOrder':
      return head;
    default:
      return '';
  }
}

/** 判断题、单选题、多选题或简答题: the 题型 Excel carries, for messages. */
function typeNamesZh(): string {
  const labels = questionTypes.xlsxCarried().map(({ xlsx }) => xlsx.label);
  return labels.length > 1 ? `${labels.slice(0, -1).join('、')}或${labels.at(-1)}` : (labels[0] ?? '');
}

/**
 * Parses one sheet row into item content, or reports what is wrong with it, by column. Pure:
 * the streaming reader and the template examples both use it. The common columns are read
 * here; the type's own (options, answer, marking points…) by its module.
 */
export function parseItemRow(texts: RowTexts, row: number, layout: RowLayout = TEMPLATE_LAYOUT, options: RowParseOptions = {}): ParsedRow {
  const errors = new RowErrors(row, layout);
  const text = (key: ColumnKey): string => (texts[key] ?? '').trim();
  const raw = (key: ColumnKey): string => texts[key] ?? '';

  // 题型
  const typeText = text('type');
  const type = typeText ? parseItemType(typeText) : undefined;
  const module = type ? questionTypes.get(type) : undefined;
  const xlsx = module?.xlsx.carried ? module.xlsx : undefined;
  const uses = (column: TypeColumn) => xlsx?.columns.includes(column) ?? false;
  if (!typeText) errors.add('type', '题型不能为空', 'Type is empty', 'type.empty');
  else if (!module) errors.add('type', `无法识别的题型“${typeText}”，应为${typeNamesZh()}`, `Unknown item type "${typeText}"`, 'type.unknown');
  else if (!module.xlsx.carried) errors.add('type', module.xlsx.refusal.zh, module.xlsx.refusal.en, module.xlsx.refusal.code);

  // 鉴定点 and 适用等级
  // Without a point, an import row that names an item by its code is on the code's point.
  const givenPoint = text('pointCode').normalize('NFKC').toUpperCase();
  const pointCode = givenPoint || (options.allowUnplaced ? (pointCodeOfItemCode(text('code').normalize('NFKC').toUpperCase()) ?? '') : '');
  const pointIsWellFormed = /^[A-Z]{1,3}\d{3}$/.test(pointCode);
  let pointLevels: readonly Level[] | undefined;
  const unplaced = !pointCode && options.allowUnplaced === true;
  if (unplaced) {
    // No point and no default: the item comes in as a draft for a writer to place.
  } else if (!pointCode) errors.add('pointCode', '鉴定点不能为空', 'Appraisal point is empty', 'point.empty');
  else if (!pointIsWellFormed) errors.add('pointCode', `鉴定点“${pointCode}”格式不正确，应为 1–3 个大写字母加 3 位数字，如 AB001`, `Appraisal point "${pointCode}" should look like AB001`, 'point.format');
  else if (options.resolvePointLevels) {
    pointLevels = options.resolvePointLevels(pointCode, questionTypes.partOf(type));
    if (!pointLevels) {
      errors.add('pointCode', `鉴定点 ${pointCode} 不在本标准的鉴定要素细目表中`, `Appraisal point ${pointCode} is not in the standard's element table`, 'point.unknown');
    }
  }

  let levels: Level[] | undefined;
  const levelsText = text('levels');
  if (levelsText) {
    const parsed = parseLevels(levelsText);
    if ('bad' in parsed) errors.add('levels', `无法识别的等级“${parsed.bad}”，可写 5,4 或 五级,四级`, `Unknown level "${parsed.bad}"; write 5,4 or 五级,四级`, 'levels.unknown');
    else levels = parsed.levels;
  } else if (pointLevels) {
    levels = [...pointLevels];
  } else if (unplaced) {
    levels = [...LEVELS];
  } else if (errors.has('pointCode')) {
    errors.suppress('levels');
  } else {
    errors.add(
      'levels',
      options.resolvePointLevels ? '适用等级为空，且鉴定点没有适用等级可沿用' : '适用等级为空：请填写适用等级（如 5,4），或在导入时选择标准以沿用鉴定点的等级',
      'Levels are empty and cannot be taken from the appraisal point',
      'levels.empty',
    );
  }

  // 难度, 预计用时, 分值
  let difficulty: number | undefined;
  const difficultyText = text('difficulty');
  if (!difficultyText) errors.add('difficulty', '难度不能为空，填 1–5 或 易/较易/中等/较难/难', 'Difficulty is empty; write 1–5', 'difficulty.empty');
  else {
    difficulty = parseDifficulty(difficultyText);
    if (difficulty === undefined) errors.add('difficulty', `难度“${difficultyText}”无法识别，应为 1–5 或 易/较易/中等/较难/难`, `Difficulty "${difficultyText}" should be 1–5`, 'difficulty.unknown');
  }

  let estimatedSeconds: number | undefined;
  const secondsText = text('estimatedSeconds');
  if (secondsText) {
    const n = parseNumber(secondsText);
    if (n === undefined || !Number.isInteger(n)) errors.add('estimatedSeconds', `预计用时“${secondsText}”应为整数秒`, `Estimated time "${secondsText}" should be whole seconds`, 'seconds.format');
    else estimatedSeconds = n;
  } else if (module) {
    estimatedSeconds = options.defaultEstimatedSeconds?.[module.name] ?? module.defaults.estimatedSeconds;
  }

  let points: number | undefined;
  const pointsText = text('points');
  if (pointsText) {
    points = parseNumber(pointsText);
    if (points === undefined) errors.add('points', `分值“${pointsText}”应为数字`, `Points "${pointsText}" should be a number`, 'points.format');
  }

  // 选项: contiguous from A; only for types with options.
  const optionTexts = OPTION_KEYS.map((key) => text(key));
  const lastFilled = optionTexts.reduce((last, t, i) => (t ? i : last), -1);
  if (xlsx && !uses('options') && lastFilled >= 0) {
    const first = OPTION_KEYS[optionTexts.findIndex((t) => t !== '')]!;
    errors.add(first, `${xlsx.label}不填写选项，请清空选项列`, `${xlsx.labelEn} items have no options; clear the option columns`, 'options.not-allowed');
  }
  if (uses('options')) {
    for (let i = 0; i < lastFilled; i++) {
      if (!optionTexts[i]) {
        const key = OPTION_KEYS[i]!;
        errors.add(key, `选项${key}为空，但其后的选项${OPTION_KEYS[lastFilled]}有内容；选项须从 A 起连续填写`, `Option ${key} is empty but option ${OPTION_KEYS[lastFilled]} is not; fill options from A without gaps`, 'options.gap');
      }
    }
  }

  // 选项顺序固定: parsed before the type reads it, reported after the type's own columns
  // (答案 comes before it in the template).
  const keepText = text('keepOptionOrder');
  const keepOptionOrder = keepText ? parseYesNo(keepText) : undefined;

  // The type's own columns (答案, 选项, 评分要点…)
  const own = xlsx
    ? xlsx.read({
        text,
        raw,
        error: (key, zh, en, code) => errors.add(key, zh, en, code),
        has: (key) => errors.has(key),
        points,
        keepOptionOrder,
        optionTexts,
        lastFilled,
      })
    : {};

  if (keepText) {
    if (keepOptionOrder === undefined) errors.add('keepOptionOrder', `“${keepText}”应为 是 或 否`, `"${keepText}" should be 是 or 否`, 'keep-order.format');
    else if (keepOptionOrder && xlsx && !uses('keepOptionOrder')) errors.add('keepOptionOrder', '只有选择题可以设置选项顺序固定', 'Only choice items can keep their option order', 'keep-order.not-allowed');
  }

  // 评分要点 (short answers)
  if (text('markingPoints') && xlsx && !uses('markingPoints')) {
    errors.add('markingPoints', '只有简答题填写评分要点', 'Only short-answer items have marking points', 'marking.not-allowed');
  }

  // 试题编号
  const codeText = text('code').normalize('NFKC').toUpperCase();
  let code: string | undefined;
  if (codeText) {
    if (isUnplacedCode(codeText)) {
      // An item still waiting for its point: only its writer places it, in the bank.
      if (pointCode) errors.add('code', `试题 ${codeText} 尚未指定鉴定点：请在题库的编辑页为其选择鉴定点，导入文件中请留空鉴定点`, `Item ${codeText} has no appraisal point yet: place it in the bank, and leave the point empty in the file`, 'code.unplaced');
      else if (options.itemExists && !options.itemExists(codeText)) errors.add('code', `试题编号 ${codeText} 在本题库中不存在；新增试题请留空试题编号`, `Item ${codeText} does not exist in this bank; leave the code empty for new items`, 'code.unknown');
      else code = codeText;
    } else if (!ITEM_CODE_PATTERN.test(codeText)) errors.add('code', `试题编号“${codeText}”格式不正确，应为 鉴定点-序号，如 AB001-003`, `Item code "${codeText}" should look like AB001-003`, 'code.format');
    else if (pointIsWellFormed && pointCodeOfItemCode(codeText) !== pointCode) {
      errors.add('code', `试题编号 ${codeText} 与鉴定点 ${pointCode} 不一致（编号以鉴定点开头）`, `Item code ${codeText} does not match appraisal point ${pointCode}`, 'code.point-mismatch');
    } else if (options.itemExists && !options.itemExists(codeText)) {
      errors.add('code', `试题编号 ${codeText} 在本题库中不存在；新增试题请留空试题编号`, `Item ${codeText} does not exist in this bank; leave the code empty for new items`, 'code.unknown');
    } else code = codeText;
  }

  if (!xlsx) return { ...(code ? { code } : {}), errors: errors.list };

  const draft: Record<string, unknown> = {
    type,
    pointCode,
    levels,
    difficulty,
    estimatedSeconds,
    stem: cellTextToRichText(raw('stem')),
    explanation: cellTextToRichText(raw('explanation')),
    tags: parseTags(text('tags')),
  };
  const enemyGroup = text('enemyGroup');
  if (enemyGroup) draft.enemyGroup = enemyGroup;
  if (points !== undefined) draft.points = points;
  Object.assign(draft, own);

  const result = ItemContentSchema.safeParse(draft);
  if (!result.success) {
    for (const issue of result.error.issues) {
      const key = columnOfPath(issue.path, xlsx.fieldColumns);
      if (errors.has(key)) continue; // already reported in the column's own words
      const label = key === '' ? '' : errors.label(key);
      let { zh, en, code: issueCode } = describeZodIssue(issue);
      if (issue.path.length === 1 && issue.path[0] === 'options' && (issue.code === 'too_small' || issue.code === 'too_big')) {
        const limit = Number(issue.code === 'too_small' ? issue.minimum : issue.maximum);
        zh = issue.code === 'too_small' ? `至少需要 ${limit} 个选项` : `${xlsx.label}最多 ${limit} 个选项`;
        en = issue.code === 'too_small' ? `needs at least ${limit} options` : `allows at most ${limit} options`;
        const optionKey = OPTION_KEYS[Math.min(issue.code === 'too_small' ? lastFilled + 1 : limit, OPTION_KEYS.length - 1)]!;
        errors.add(optionKey, zh, en, issueCode);
        continue;
      }
      const headerEn = key === '' ? '' : COLUMN_BY_KEY[key].headerEn;
      errors.add(key, label ? `${label}：${zh}` : zh, headerEn ? `${headerEn}: ${en}` : en, issueCode);
    }
  }
  if (errors.list.length > 0) return { ...(code ? { code } : {}), errors: errors.list };
  return { ...(code ? { code } : {}), item: (result as { data: ItemContent }).data, errors: [] };
}

// ---------------------------------------------------------------------------------------------
// Item content → one row

export type CellValue = string | number | null;

/**
 * The cells of one exported row, in template column order, or undefined for types Excel does
 * not carry (skill tasks). Rich text that is plain paragraphs becomes lines of text; anything
 * richer is written as its sanitised HTML, which the import reads back as HTML.
 */
export function itemToRowValues(code: string | undefined, item: ItemContent): CellValue[] | undefined {
  const module = questionTypes.of(item);
  if (!module.xlsx.carried) return undefined;
  const values: Record<ColumnKey, CellValue> = Object.fromEntries(XLSX_COLUMNS.map((c) => [c.key, null])) as Record<ColumnKey, CellValue>;
  values.type = module.xlsx.label;
  values.stem = richTextToCellText(item.stem);
  values.explanation = item.explanation ? richTextToCellText(item.explanation) : null;
  values.difficulty = item.difficulty;
  values.pointCode = item.pointCode;
  values.points = item.points ?? null;
  values.tags = item.tags.length ? item.tags.join(',') : null;
  values.levels = item.levels.join(',');
  values.estimatedSeconds = item.estimatedSeconds;
  values.enemyGroup = item.enemyGroup ?? null;
  values.code = code ?? null;
  Object.assign(values, module.xlsx.write(item));
  return XLSX_COLUMNS.map((c) => values[c.key]);
}
