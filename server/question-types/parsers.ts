import type { OptionKey } from './common';

/**
 * The words people write for answers, tags, yes/no and marking points, in a spreadsheet cell or
 * in an editor field. One set of parsers: the xlsx import and the item editor both use these,
 * so a writer may type in the editor exactly what the template accepts.
 */

const TRUE_WORDS = new Set(['对', '正确', '√', '✓', '✔', '是', 't', 'true', 'y', 'yes', '1']);
const FALSE_WORDS = new Set(['错', '错误', '×', '✗', '✘', 'x', '否', 'f', 'false', 'n', 'no', '0']);

/** 对/错, √/×, 正确/错误, T/F, true/false… → boolean; undefined when not a true/false word. */
export function parseJudgeAnswer(text: string): boolean | undefined {
  const word = text.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
  if (TRUE_WORDS.has(word)) return true;
  if (FALSE_WORDS.has(word)) return false;
  return undefined;
}

/** `A`, `A,C`, `A，C`, `AC`, `a c`, `A、C` → letters in the order written; undefined if not letters A–H. */
export function parseAnswerLetters(text: string): OptionKey[] | undefined {
  const compact = text.normalize('NFKC').toUpperCase().replace(/[\s,;、，；/|]+/g, '');
  if (compact === '' || !/^[A-H]+$/.test(compact)) return undefined;
  return [...compact] as OptionKey[];
}

/** Tags separated by , ， ; ； or 、. */
export function parseTags(text: string): string[] {
  return text
    .split(/[,，;；、]+/)
    .map((t) => t.trim())
    .filter((t) => t !== '');
}

const YES_WORDS = new Set(['是', 'y', 'yes', 'true', 't', '1', '√', '✓', '对']);
const NO_WORDS = new Set(['否', 'n', 'no', 'false', 'f', '0', '×', '错']);

/** 是/否, yes/no, √/×… → boolean; undefined otherwise. */
export function parseYesNo(text: string): boolean | undefined {
  const word = text.normalize('NFKC').trim().toLowerCase();
  if (YES_WORDS.has(word)) return true;
  if (NO_WORDS.has(word)) return false;
  return undefined;
}

/** A veto column: 否决 or any yes word marks the row as a veto row; anything else does not. */
export function parseVeto(text: string): boolean {
  const word = text.normalize('NFKC').trim();
  return word === '否决' || parseYesNo(word) === true;
}

/** Parses a finite decimal number (`2`, `1.5`, `１０`); undefined otherwise. */
export function parseNumber(text: string): number | undefined {
  const t = text.normalize('NFKC').trim();
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(t)) return undefined;
  return Number(t);
}

/** Lines of a multi-line field, trimmed, blank lines dropped. */
export function parseLines(text: string): string[] {
  return text
    .split(/\r\n|\r|\n/)
    .map((l) => l.trim())
    .filter(Boolean);
}

/** The marking point written when a short-answer item has no 评分要点. */
export const DEFAULT_MARKING_POINT_TEXT = '按参考答案评分';

export interface MarkingPoint {
  text: string;
  points: number;
}

/** `写出计算公式（4分）` per line → marking points; the bad line when one has no points. */
export function parseMarkingPoints(text: string): { points: MarkingPoint[] } | { bad: string } {
  const points: MarkingPoint[] = [];
  for (const line of parseLines(text)) {
    const match = /^(.*?)[(（]\s*([0-9０-９]+(?:[.．][0-9０-９]+)?)\s*分?\s*[)）]$/.exec(line);
    const value = match ? parseNumber(match[2]!.normalize('NFKC')) : undefined;
    if (!match || value === undefined || match[1]!.trim() === '') return { bad: line };
    points.push({ text: match[1]!.trim(), points: value });
  }
  return { points };
}

export function formatMarkingPoints(points: readonly MarkingPoint[]): string {
  return points.map((p) => `${p.text}（${p.points}分）`).join('\n');
}

/** The separator between columns of one line in an editor table field (`要点|分值`). */
export const EDITOR_COLUMN_SEPARATOR = '|';

/** One editor table line → its trimmed cells. */
export function splitEditorLine(line: string): string[] {
  return line.split(EDITOR_COLUMN_SEPARATOR).map((s) => s.trim());
}
