import { OPTION_KEYS, type OptionKey } from '../../item-schema';
import { normalizeHeader, type ColumnKey } from '../xlsx-format';

/**
 * Column mapping for sheets from other systems: the header names they use, which row holds the
 * header (instruction rows often sit above it), and which column feeds which field. Pure.
 */

/** What a column of a foreign sheet feeds: a template column, or a layout field. */
export type FieldKey =
  | ColumnKey
  /** All options in one cell: `A.伏特 B.安培 C.欧姆`. */
  | 'options'
  /** 题号: rows sharing it form one item (the one-row-per-option layout). */
  | 'seq'
  /** One-row-per-option: the option's letter, its text, and whether it is correct. */
  | 'optionLabel'
  | 'optionText'
  | 'optionCorrect'
  | 'ignore';

const OPTION_WORDS = ['一', '二', '三', '四', '五', '六', '七', '八'];

const SYNONYMS: ReadonlyArray<readonly [FieldKey, readonly string[]]> = [
  ['type', ['题型', '类型', '题目类型', '试题类型', '题类', 'type', 'questiontype']],
  ['stem', ['题目', '题干', '试题内容', '题目内容', '试题', '问题', '试题题干', '题目名称', 'question', 'stem']],
  ['answer', ['答案', '正确答案', '标准答案', '参考答案', '正确选项', 'answer']],
  ['options', ['选项', '备选项', '全部选项', '选项内容(合并)', 'options', 'choices']],
  ['explanation', ['解析', '答案解析', '试题解析', '题目解析', '答案说明', 'explanation', 'analysis']],
  ['difficulty', ['难度', '难度等级', '难易程度', '难易度', 'difficulty']],
  ['pointCode', ['知识点', '鉴定点', '所属知识点', '鉴定点代码', '鉴定点编码', '鉴定点编号', '知识点编码', '知识点代码']],
  ['points', ['分值', '分数', '题目分值', '试题分值', 'score', 'points']],
  ['levels', ['适用等级', '等级', '级别', '适用级别', '技能等级']],
  ['tags', ['标签', '关键词', 'tags']],
  ['code', ['试题编号', '试题编码', '题目编号']],
  ['seq', ['题号', '序号', '题目序号', 'no', 'no.']],
  ['optionLabel', ['选项号', '选项标识', '选项字母', '选项序号', '选项编号']],
  ['optionText', ['选项内容', '选项文字', '选项描述', 'optiontext']],
  ['optionCorrect', ['是否正确', '是否正确答案', '是否为答案', '是否答案', 'correct']],
  ['estimatedSeconds', ['预计用时(秒)', '预计用时', '用时(秒)']],
  ['markingPoints', ['评分要点', '评分标准']],
  ['enemyGroup', ['互斥组']],
  ['keepOptionOrder', ['选项顺序固定']],
  ['ignore', ['备注', '行号', '创建人', '创建时间', '出题人', '来源', '状态']],
  ...OPTION_KEYS.map((key, i) => [key, [`选项${key}`, key, `${key}选项`, `选项${OPTION_WORDS[i]}`, `选项${i + 1}`, `option${key}`]] as const),
];

/** Header text → the form headers are compared in (NFKC, no spaces, ASCII brackets, lower case). */
export function headerKey(text: string): string {
  return normalizeHeader(text).toLowerCase();
}

const LOOKUP: ReadonlyMap<string, FieldKey> = new Map(SYNONYMS.flatMap(([field, names]) => names.map((n) => [headerKey(n), field] as const)));

/** Every field a column may be mapped to, in the order the mapping page lists them. */
export const FIELD_KEYS: readonly FieldKey[] = [...new Set<FieldKey>(['ignore', ...SYNONYMS.map(([field]) => field)])];

export function isFieldKey(value: string): value is FieldKey {
  return (FIELD_KEYS as readonly string[]).includes(value);
}

/** A header as another system names it → the field it most likely feeds. */
export function fieldOfHeader(text: string): FieldKey | undefined {
  return LOOKUP.get(headerKey(text));
}

/** A remembered or posted choice: the column headed `header` feeds `field`. */
export interface HeaderChoice {
  header: string;
  field: FieldKey;
}

export interface MappedColumn {
  /** 1-based column number. */
  column: number;
  header: string;
  field: FieldKey;
  /** `synonym`: recognised by name; `chosen`: the admin's (remembered) choice; `none`: unrecognised, ignored. */
  source: 'synonym' | 'chosen' | 'none';
}

export interface SheetMapping {
  /** 1-based row number of the header row. */
  headerRow: number;
  columns: MappedColumn[];
}

/** Rows searched for the header (instruction rows above it are skipped). */
export const HEADER_SEARCH_ROWS = 20;

function mapRow(cells: readonly string[], choices: ReadonlyMap<string, FieldKey>): MappedColumn[] {
  const columns: MappedColumn[] = [];
  cells.forEach((cell, index) => {
    const header = cell.trim();
    if (!header) return;
    const chosen = choices.get(headerKey(header));
    const synonym = fieldOfHeader(header);
    columns.push({ column: index + 1, header, field: chosen ?? synonym ?? 'ignore', source: chosen ? 'chosen' : synonym ? 'synonym' : 'none' });
  });
  // 选项 next to 选项内容 is the option's letter (one row per option), not all options in one cell.
  if (columns.some((c) => c.field === 'optionText')) for (const c of columns) if (c.field === 'options' && c.source === 'synonym') c.field = 'optionLabel';
  return columns;
}

/**
 * Finds the header row among the first rows: the first whose cells name a stem column and at
 * least one other known field. Choices (remembered per bank, or posted by the admin) win over
 * the synonyms. Undefined when no row qualifies.
 */
export function detectMapping(rows: readonly (readonly string[])[], choices: readonly HeaderChoice[] = []): SheetMapping | undefined {
  const chosen = new Map(choices.map((c) => [headerKey(c.header), c.field] as const));
  const limit = Math.min(rows.length, HEADER_SEARCH_ROWS);
  for (let i = 0; i < limit; i++) {
    const columns = mapRow(rows[i]!, chosen);
    const known = columns.filter((c) => c.field !== 'ignore');
    if (known.some((c) => c.field === 'stem') && known.length >= 2) return { headerRow: i + 1, columns };
  }
  return undefined;
}

/**
 * When no row qualifies as the header: the likeliest one (the fullest of the first rows), so
 * the mapping preview can offer its columns for the admin to map by hand.
 */
export function candidateMapping(rows: readonly (readonly string[])[], choices: readonly HeaderChoice[] = []): SheetMapping | undefined {
  const chosen = new Map(choices.map((c) => [headerKey(c.header), c.field] as const));
  let best: { index: number; filled: number } | undefined;
  rows.slice(0, HEADER_SEARCH_ROWS).forEach((cells, index) => {
    const filled = cells.filter((c) => c.trim() !== '').length;
    if (filled > (best?.filled ?? 0)) best = { index, filled };
  });
  return best ? { headerRow: best.index + 1, columns: mapRow(rows[best.index]!, chosen) } : undefined;
}

/** The mapping's columns by field (the first column wins where two feed one field). */
export function columnsByField(mapping: SheetMapping): Map<FieldKey, MappedColumn> {
  const out = new Map<FieldKey, MappedColumn>();
  for (const c of mapping.columns) if (c.field !== 'ignore' && !out.has(c.field)) out.set(c.field, c);
  return out;
}

/** Option letters whose own column is mapped. */
export function optionColumns(byField: ReadonlyMap<FieldKey, MappedColumn>): OptionKey[] {
  return OPTION_KEYS.filter((k) => byField.has(k));
}
