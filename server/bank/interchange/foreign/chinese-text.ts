import { OPTION_KEYS } from '../../item-schema';
import type { XlsxRowError } from '../issues';
import { parseItemType, type ColumnKey, type RowLayout, type RowTexts } from '../xlsx-format';
import { escapeText } from '../rich-text';
import type { ForeignRecord } from './records';
import { splitOptions } from './notation';

/**
 * The common Chinese layout of a question paper, from Word or pasted text:
 *
 *   一、单项选择题（每题1分）
 *   1. 电压的单位是（ C ）。
 *   A. 安培  B. 瓦特  C. 伏特  D. 欧姆
 *   答案：C
 *   解析：……
 *
 * Section headings give the type (and 每题N分 the points); numbered stems start items; options
 * on their own lines or inline (`A.` `A、` `（A）`); the answer after `答案：` or inside the stem's
 * brackets `（ C ）`, `（√）`. Tables following a stem stay with it. Pure.
 */

/** One paragraph (or line) of the source; `html` for a block kept as it is (a table). */
export interface TextBlock {
  line: number;
  text: string;
  html?: string;
  /** The block held an image, which this import cannot keep. */
  image?: boolean;
}

const SECTION = /^[一二三四五六七八九十]+\s*[、.．]\s*(.+?)\s*(?:[(（](.*)[)）])?\s*$/u;
const NUMBERED = /^(?:第\s*)?(\d{1,5})\s*(?:题)?\s*[.．、)）:：]\s*(.*)$/su;
const LABELLED: ReadonlyArray<readonly [ColumnKey, RegExp]> = [
  ['answer', /^(?:【\s*(?:参考|正确|标准)?答案\s*】|(?:参考|正确|标准)?答案\s*[:：]|答\s*[:：])\s*(.*)$/su],
  ['explanation', /^(?:【\s*(?:答案|试题)?解析\s*】|(?:答案|试题)?解析\s*[:：])\s*(.*)$/su],
  ['difficulty', /^(?:【\s*难度\s*】|难度\s*[:：])\s*(.*)$/su],
  ['pointCode', /^(?:【\s*(?:知识点|鉴定点)\s*】|(?:所属)?(?:知识点|鉴定点)\s*[:：])\s*(.*)$/su],
  ['points', /^(?:【\s*分值\s*】|分值\s*[:：])\s*(.*?)\s*分?$/su],
];
/** An answer written in the stem's brackets: letters, or a true/false mark. */
const BRACKET_ANSWER = /[(（]\s*([A-Ha-h](?:\s*[,，、]?\s*[A-Ha-h])*|[√×✓✗✔✘对错])\s*[)）]/gu;
const OPTION_START = /^[(（]?([A-H])[)）.．、:：]/u;

/** The layout messages use: the row column is the line (paragraph) number. */
export const TEXT_LAYOUT: RowLayout = { columns: {}, labels: { stem: '题干', answer: '答案', explanation: '解析', type: '题型', difficulty: '难度', pointCode: '鉴定点', points: '分值' } };

function error(line: number, column: string, message: string, messageEn: string, code: string): XlsxRowError {
  return { row: line, column, message, messageEn, code };
}

/** Takes the answer out of the stem's brackets: `…是（ C ）。` → `…是（　）。` and `C`. */
export function answerFromStem(stem: string): { stem: string; answer?: string } {
  const matches = [...stem.matchAll(BRACKET_ANSWER)];
  const last = matches.at(-1);
  if (!last) return { stem };
  const answer = last[1]!;
  const choice = /^[A-Ha-h]/.test(answer);
  const before = stem.slice(0, last.index);
  const after = stem.slice(last.index + last[0].length);
  return { stem: `${before}${choice ? '（　）' : ''}${after}`.trim(), answer: choice ? answer.toUpperCase() : answer };
}

interface Draft {
  record: ForeignRecord;
  field: ColumnKey;
  nextOption: number;
  tables: string[];
}

/** Blocks → records, one per numbered stem; text before the first section or stem is ignored. */
export function recordsFromText(blocks: readonly TextBlock[]): ForeignRecord[] {
  const records: ForeignRecord[] = [];
  let sectionType: string | undefined;
  let sectionPoints: string | undefined;
  let draft: Draft | undefined;

  const close = () => {
    if (!draft) return;
    const texts = draft.record.texts;
    const stem = (texts.stem ?? '').trim();
    const found = answerFromStem(stem);
    texts.stem = found.stem;
    if (!texts.answer && found.answer) texts.answer = found.answer;
    if (draft.tables.length) texts.stem = `<p>${escapeText(texts.stem)}</p>${draft.tables.join('')}`;
    records.push(draft.record);
    draft = undefined;
  };

  for (const block of blocks) {
    const text = block.text.replace(/\u3000/g, ' ').trim();
    if (block.html) {
      if (draft) draft.tables.push(block.html);
      continue;
    }
    if (block.image && draft) {
      draft.record.errors.push(error(block.line, '题干', '试题含有图片：图片暂不能随 Word 文件导入，请删除图片后导入，再在试题编辑器中添加', 'The item holds an image, which the Word import cannot keep yet', 'docx.image'));
    }
    if (!text) continue;
    const section = SECTION.exec(text);
    if (section && parseItemType(section[1]!)) {
      close();
      sectionType = section[1]!;
      sectionPoints = /每题\s*(\d+(?:\.\d+)?)\s*分/.exec(section[2] ?? '')?.[1];
      continue;
    }
    const numbered = NUMBERED.exec(text);
    if (numbered) {
      close();
      const texts: RowTexts = { stem: numbered[2]! };
      if (sectionType) texts.type = sectionType;
      if (sectionPoints) texts.points = sectionPoints;
      draft = { record: { row: block.line, texts, errors: [] }, field: 'stem', nextOption: 0, tables: [] };
      continue;
    }
    if (!draft) continue;
    const texts = draft.record.texts;
    const labelled = LABELLED.find(([, pattern]) => pattern.test(text));
    if (labelled) {
      const [key, pattern] = labelled;
      texts[key] = pattern.exec(text)![1]!.trim();
      draft.field = key;
      continue;
    }
    const optionStart = OPTION_START.exec(text);
    if (optionStart && (draft.field === 'stem' || OPTION_KEYS.includes(draft.field as never))) {
      const expected = OPTION_KEYS[draft.nextOption];
      const options = optionStart[1] === expected ? splitOptions(text, draft.nextOption) : undefined;
      if (!options) {
        draft.record.errors.push(error(block.line, '选项', `选项“${text.slice(0, 20)}”的字母不连续：应为选项${expected ?? ''}`, `Option line out of order; expected ${expected ?? ''}`, 'options.order'));
        continue;
      }
      for (const option of options) {
        const key = OPTION_KEYS[draft.nextOption];
        if (!key) {
          draft.record.errors.push(error(block.line, '选项', `选项超过 ${OPTION_KEYS.length} 个`, `More than ${OPTION_KEYS.length} options`, 'options.too-many'));
          break;
        }
        texts[key] = option;
        draft.nextOption += 1;
        draft.field = key;
      }
      continue;
    }
    // A continuation line: the field being written goes on.
    texts[draft.field] = texts[draft.field] ? `${texts[draft.field]}\n${text}` : text;
  }
  close();
  return records;
}

/** Pasted text → blocks, one per line. */
export function textBlocks(text: string): TextBlock[] {
  return text.split(/\r\n|\r|\n/).map((line, i) => ({ line: i + 1, text: line }));
}
