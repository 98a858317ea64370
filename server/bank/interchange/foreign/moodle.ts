import type { Writable } from 'node:stream';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { OPTION_KEYS } from '../../item-schema';
import type { XlsxRowError } from '../issues';
import type { RowLayout, RowTexts } from '../xlsx-format';
import type { ExportItem } from '../xlsx-export';
import { looksLikeHtml, textToRichText } from '../rich-text';
import type { ForeignRecord } from './records';
import { refuseDoctype } from './xml-safety';
import { pointOfCategory, readExtra, writeByCategory, writeExtra, type ExportShape } from './export-shape';

/**
 * Moodle XML (<quiz>) in and out: multichoice (single and multiple), truefalse, shortanswer and
 * essay. Categories whose last segment is an appraisal point code (`…/AB001`) give the point;
 * others take the import's default. What the platform keeps and Moodle has no field for
 * (difficulty, levels, estimated time, marking points…) travels in tags `sa:<列名>=<值>`, so an
 * export parses back into the same items. Other question types are reported and skipped.
 * Items are read into, and written from, the template's columns: the question-type modules
 * stay the only code that knows a type's fields.
 */

export const MOODLE_LAYOUT: RowLayout = { columns: {}, labels: { stem: 'questiontext', answer: 'answer', explanation: 'generalfeedback', points: 'defaultgrade', pointCode: 'category' } };

/** Moodle question types understood, and the 题型 word each becomes. */
const QTYPE_WORDS: Readonly<Record<string, (q: MoodleQuestion) => string>> = {
  multichoice: (q) => (String(q.single ?? 'true').trim() === 'false' ? '多选' : '单选'),
  truefalse: () => '判断',
  shortanswer: () => '简答',
  essay: () => '简答',
};

interface MoodleText {
  text?: unknown;
  '@_format'?: string;
}
interface MoodleAnswer extends MoodleText {
  '@_fraction'?: string;
}
interface MoodleQuestion {
  '@_type'?: string;
  name?: MoodleText;
  questiontext?: MoodleText;
  generalfeedback?: MoodleText;
  defaultgrade?: unknown;
  single?: unknown;
  shuffleanswers?: unknown;
  answer?: MoodleAnswer[];
  graderinfo?: MoodleText;
  category?: MoodleText;
  idnumber?: unknown;
  tags?: { tag?: MoodleText[] };
}

const text = (value: MoodleText | undefined): string => (value?.text === undefined || value.text === null ? '' : String(value.text)).trim();


export interface MoodleRecords {
  records: ForeignRecord[];
  /** Questions of types the platform does not take: reported, skipped. */
  skipped: XlsxRowError[];
  /** The categories seen, for the report. */
  categories: string[];
}

export function parseMoodleXml(xml: string): MoodleRecords {
  refuseDoctype(xml);
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new MoodleFormatError(`XML 格式有误（第 ${valid.err.line} 行）：${valid.err.msg}`, `Malformed XML at line ${valid.err.line}: ${valid.err.msg}`);
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', processEntities: true, htmlEntities: false, parseTagValue: false, trimValues: false, isArray: (name) => ['question', 'answer', 'tag'].includes(name) });
  const doc = parser.parse(xml) as { quiz?: { question?: MoodleQuestion[] } };
  if (!doc.quiz) throw new MoodleFormatError('不是 Moodle XML 文件：根元素应为 <quiz>', 'Not Moodle XML: the root element must be <quiz>');
  const records: ForeignRecord[] = [];
  const skipped: XlsxRowError[] = [];
  const categories: string[] = [];
  let categoryPoint: string | undefined;
  let categoryPath: string | undefined;
  (doc.quiz.question ?? []).forEach((q, index) => {
    const n = index + 1;
    const qtype = q['@_type'] ?? '';
    if (qtype === 'category') {
      const path = text(q.category);
      categories.push(path);
      categoryPoint = pointOfCategory(path);
      categoryPath = path;
      return;
    }
    const word = QTYPE_WORDS[qtype];
    if (!word) {
      skipped.push({ row: n, column: 'type', message: `第 ${n} 题是 Moodle 的“${qtype}”题型，本平台不支持，已跳过`, messageEn: `Question ${n} is a Moodle "${qtype}" question, which is not supported; skipped`, code: 'moodle.unsupported-type' });
      return;
    }
    const texts: RowTexts = { type: word(q), stem: text(q.questiontext) };
    if (categoryPoint) texts.pointCode = categoryPoint;
    const feedback = text(q.generalfeedback);
    if (feedback) texts.explanation = feedback;
    const grade = String(q.defaultgrade ?? '').trim();
    if (grade) texts.points = grade;
    if (String(q.shuffleanswers ?? '').trim() === '0' || String(q.shuffleanswers ?? '').trim() === 'false') texts.keepOptionOrder = '是';
    const code = String(q.idnumber ?? '').trim();
    if (code) texts.code = code;
    const errors: XlsxRowError[] = [];
    const answers = q.answer ?? [];
    const correct = answers.filter((a) => Number(a['@_fraction'] ?? 0) > 0);
    if (qtype === 'multichoice') {
      if (answers.length > OPTION_KEYS.length) errors.push({ row: n, column: 'answer', message: `选项超过 ${OPTION_KEYS.length} 个`, messageEn: `More than ${OPTION_KEYS.length} answers`, code: 'options.too-many' });
      answers.slice(0, OPTION_KEYS.length).forEach((a, i) => (texts[OPTION_KEYS[i]!] = text(a)));
      texts.answer = answers.flatMap((a, i) => (Number(a['@_fraction'] ?? 0) > 0 && i < OPTION_KEYS.length ? [OPTION_KEYS[i]!] : [])).join(',');
    } else if (qtype === 'truefalse') {
      const value = text(correct[0]).toLowerCase();
      texts.answer = value === 'true' ? '对' : value === 'false' ? '错' : value;
    } else if (qtype === 'shortanswer') {
      texts.answer = text(correct[0]);
    } else {
      texts.answer = text(q.graderinfo);
    }
    for (const tag of q.tags?.tag ?? []) {
      const extra = readExtra(text(tag));
      if (typeof extra === 'object') texts[extra.key] = extra.value;
      else if (extra === 'not-extra') texts.tags = texts.tags ? `${texts.tags},${text(tag)}` : text(tag);
    }
    records.push({ row: n, texts, errors, ...(categoryPath ? { category: categoryPath } : {}) });
  });
  return { records, skipped, categories };
}

export class MoodleFormatError extends Error {
  constructor(
    readonly messageZh: string,
    message: string,
  ) {
    super(message);
  }
}

// ---- export ---------------------------------------------------------------------------

const cdata = (value: string) => `<![CDATA[${value.replace(/]]>/g, ']]]]><![CDATA[>')}]]>`;
const escapeXml = (value: string) => value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const html = (cell: string) => (looksLikeHtml(cell) ? cell : textToRichText(cell));

/**
 * Items → Moodle XML, one category per appraisal point (`$course$/<bank>/<point>`). The row the
 * type module writes decides the Moodle type: options → multichoice (single when one letter is
 * the answer), 对/错 → truefalse, otherwise essay with the reference answer as grader info.
 * Skill tasks (no Excel row) are left out and counted.
 */
export function writeMoodleXml(items: AsyncIterable<ExportItem> | Iterable<ExportItem>, out: Writable, bankCode: string): Promise<{ written: number; skipped: string[] }> {
  return writeByCategory(items, out, bankCode, {
    head: '<?xml version="1.0" encoding="UTF-8"?>\n<quiz>\n',
    tail: '</quiz>\n',
    category: (path) => `<question type="category"><category><text>${escapeXml(path)}</text></category></question>\n`,
    question: moodleQuestion,
  });
}

function moodleQuestion(code: string | undefined, content: ExportItem['content'], shape: ExportShape): string {
  const { kind: qtype, options, letters, answer } = shape;
  const parts: string[] = [
    `<question type="${qtype}">`,
    `<name><text>${escapeXml(code ?? content.pointCode)}</text></name>`,
    `<questiontext format="html"><text>${cdata(content.stem)}</text></questiontext>`,
    `<generalfeedback format="html"><text>${cdata(content.explanation ?? '')}</text></generalfeedback>`,
    // No 分值: no defaultgrade (Moodle then takes 1), so the item reads back without one.
    ...(shape.points ? [`<defaultgrade>${escapeXml(shape.points)}</defaultgrade>`] : []),
    ...(code ? [`<idnumber>${escapeXml(code)}</idnumber>`] : []),
  ];
  if (qtype === 'multichoice') {
    parts.push(`<single>${letters.length === 1 ? 'true' : 'false'}</single>`, `<shuffleanswers>${shape.keepOptionOrder ? '0' : '1'}</shuffleanswers>`, '<answernumbering>ABCD</answernumbering>');
    options.forEach((o, i) => {
      const right = letters.includes(OPTION_KEYS[i]!);
      const fraction = right ? (letters.length === 1 ? '100' : String(Number((100 / letters.length).toFixed(5)))) : '0';
      parts.push(`<answer fraction="${fraction}" format="html"><text>${cdata(html(o))}</text></answer>`);
    });
  } else if (qtype === 'truefalse') {
    parts.push(`<answer fraction="${answer === '对' ? 100 : 0}"><text>true</text></answer>`, `<answer fraction="${answer === '错' ? 100 : 0}"><text>false</text></answer>`);
  } else {
    parts.push('<responseformat>editor</responseformat>', `<graderinfo format="plain_text"><text>${cdata(answer)}</text></graderinfo>`);
  }
  const tags = [...(content.tags ?? []), ...shape.extras.map(writeExtra)];
  if (tags.length) parts.push(`<tags>${tags.map((t) => `<tag><text>${cdata(t)}</text></tag>`).join('')}</tags>`);
  parts.push('</question>\n');
  return parts.join('');
}
