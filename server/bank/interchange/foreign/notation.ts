import { OPTION_KEYS, type OptionKey } from '../../item-schema';
import { parseAnswerLetters, parseJudgeAnswer } from '../../../question-types/parsers';

/**
 * The ways other systems write options and answers, brought to the template's words (which the
 * question-type modules then read). Pure.
 */

/** What 1 means in a 0/1 answer column: the admin says, per import. */
export type BinaryMeaning = 'one-is-true' | 'one-is-false';

const BRACKETS = /^[\s(（【[]*(.*?)[\s)）】\]]*$/s;

/** `（√）`, `(A)`, `【C】` → `√`, `A`, `C`. */
export function stripBrackets(text: string): string {
  return (BRACKETS.exec(text.trim())?.[1] ?? text).trim();
}

/**
 * A true/false answer in any usual notation (对/错, √/×, （√）, T/F, 正确/错误, 0/1) → 对 or 错,
 * or undefined when it is none of them. 0/1 read as the admin says.
 */
export function judgeAnswerWord(text: string, binary: BinaryMeaning = 'one-is-true'): '对' | '错' | undefined {
  const core = stripBrackets(text).normalize('NFKC');
  let value = parseJudgeAnswer(core);
  if (value === undefined) return undefined;
  if ((core === '0' || core === '1') && binary === 'one-is-false') value = !value;
  return value ? '对' : '错';
}

/** Choice letters with or without separators (`ACD`, `A,C,D`, `A、C`, `（B）`) → `A,C,D`. */
export function choiceAnswerLetters(text: string): string | undefined {
  const letters = parseAnswerLetters(stripBrackets(text));
  return letters ? letters.join(',') : undefined;
}

/**
 * Where the option markers in a cell or line begin: `A.` `A．` `A、` `A:` `(A)` `（A）` `A)`, each
 * at the start or after white space, in order A, B, C… (a letter out of order is text).
 */
const MARKER = /(^|[\s\u3000])?(?:[(（]([A-H])[)）]|(?<=^|[\s\u3000])([A-H])[.．、:：)）])\s*/gu;

/**
 * `A.伏特 B.安培 C.欧姆` (one cell, or one line) → the option texts, or undefined when the text
 * does not start with option A (or `first`: a line `C.欧姆 D.瓦特` continues A and B). Markers
 * must run A, B, C… in order.
 */
export function splitOptions(text: string, first = 0): string[] | undefined {
  const source = text;
  const starts: { key: OptionKey; at: number; textAt: number }[] = [];
  MARKER.lastIndex = 0;
  for (let m = MARKER.exec(source); m; m = MARKER.exec(source)) {
    const key = (m[2] ?? m[3]) as OptionKey;
    const expected = OPTION_KEYS[first + starts.length];
    if (key !== expected) continue;
    starts.push({ key, at: m.index + (m[1]?.length ?? 0), textAt: m.index + m[0].length });
  }
  if (!starts.length || source.slice(0, starts[0]!.at).trim() !== '') return undefined;
  return starts.map((s, i) => source.slice(s.textAt, i + 1 < starts.length ? starts[i + 1]!.at : undefined).trim());
}

/** An option's letter as written in a one-row-per-option sheet (`A`, `A.`, `（B）`, `选项C`, `3`). */
export function optionLetter(text: string): OptionKey | undefined {
  const core = stripBrackets(text.normalize('NFKC').replace(/^选项/, '')).replace(/[.、:：]$/, '').toUpperCase();
  if ((OPTION_KEYS as readonly string[]).includes(core)) return core as OptionKey;
  if (/^[1-8]$/.test(core)) return OPTION_KEYS[Number(core) - 1];
  return undefined;
}
