import type { Writable } from 'node:stream';
import { OPTION_KEYS } from '../../item-schema';
import type { XlsxRowError } from '../issues';
import { ITEM_CODE_PATTERN, UNPLACED_CODE_PATTERN } from '../codes';
import type { RowLayout, RowTexts } from '../xlsx-format';
import type { ExportItem } from '../xlsx-export';
import { richTextAsPlainParagraphs, looksLikeHtml } from '../rich-text';
import type { ForeignRecord } from './records';
import { pointOfCategory, readExtra, writeByCategory, writeExtra, type ExportShape } from './export-shape';

/**
 * GIFT (Moodle's plain-text format) in and out, for the same types as Moodle XML:
 * `{=right ~wrong}` single choice, `{~%50%a ~%50%b ~%-100%c}` multiple choice, `{T}`/`{F}`,
 * `{=answer}` short answer, `{}` essay, `####` general feedback, `$CATEGORY:` paths whose last
 * segment may be an appraisal point, `::title::` (an item code when it looks like one). Extras
 * travel in comment lines `// sa:<列名>=<值>` just above the question. Numeric and matching
 * questions are reported and skipped. Pure.
 */

export const GIFT_LAYOUT: RowLayout = { columns: {}, labels: { stem: '题干', answer: '答案', explanation: '####', pointCode: '$CATEGORY' } };

export interface GiftRecords {
  records: ForeignRecord[];
  skipped: XlsxRowError[];
}

/** Index of the first unescaped `ch` at or after `from`, or -1. */
function findUnescaped(text: string, ch: string, from = 0): number {
  for (let i = from; i < text.length; i++) {
    if (text[i] === '\\') i += 1;
    else if (text[i] === ch) return i;
  }
  return -1;
}

const unescape = (text: string) => text.replace(/\\([~=#{}:\\n])/g, (_, c: string) => (c === 'n' ? '\n' : c)).trim();
const escapeGift = (text: string) => text.replace(/([\\~=#{}:])/g, '\\$1').replace(/\r?\n/g, '\\n');

/** `[html]<p>…</p>` / `[moodle]…` / plain → text for the template column. */
function giftText(raw: string): string {
  const match = /^\s*\[(html|moodle|plain|markdown)\]([\s\S]*)$/.exec(raw);
  return unescape(match ? match[2]! : raw);
}

/** Splits the answer block into tokens that start with = or ~ (a leading `####` is general feedback). */
function answerTokens(block: string): { tokens: Array<{ mark: '=' | '~'; text: string }>; feedback: string; rest: string } {
  let body = block;
  let feedback = '';
  const general = body.indexOf('####');
  if (general >= 0) {
    feedback = body.slice(general + 4);
    body = body.slice(0, general);
  }
  const tokens: Array<{ mark: '=' | '~'; text: string }> = [];
  let i = 0;
  let rest = '';
  while (i < body.length) {
    const c = body[i]!;
    if (c === '\\') {
      i += 2;
      continue;
    }
    if (c === '=' || c === '~') {
      let j = i + 1;
      while (j < body.length && !((body[j] === '=' || body[j] === '~') && body[j - 1] !== '\\')) j += 1;
      tokens.push({ mark: c, text: body.slice(i + 1, j) });
      i = j;
      continue;
    }
    if (!tokens.length) rest += c;
    i += 1;
  }
  return { tokens, feedback: giftText(feedback), rest: rest.trim() };
}

/** Drops per-answer feedback (`#…`) and reads a `%n%` weight. */
function answerText(token: string): { text: string; weight?: number } {
  const hash = findUnescaped(token, '#');
  let text = hash >= 0 ? token.slice(0, hash) : token;
  const weight = /^\s*%(-?\d+(?:\.\d+)?)%/.exec(text);
  if (weight) text = text.slice(weight[0].length);
  return { text: giftText(text), ...(weight ? { weight: Number(weight[1]) } : {}) };
}

/** Text that is GIFT rather than a paper: a category line, a `::title::`, or an answer block. */
export function looksLikeGift(text: string): boolean {
  return /^\s*\$CATEGORY:/m.test(text) || /^\s*::[^:]+::/m.test(text) || /\{\s*(?:[=~]|T\s*\}|F\s*\}|TRUE\s*\}|FALSE\s*\})/.test(text);
}

export function parseGift(source: string): GiftRecords {
  const records: ForeignRecord[] = [];
  const skipped: XlsxRowError[] = [];
  let category: string | undefined;
  let categoryPath: string | undefined;
  const lines = source.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  let block: string[] = [];
  let blockLine = 0;
  let extras: Array<{ key: keyof RowTexts; value: string }> = [];
  let pendingExtras: typeof extras = [];

  const finish = () => {
    const text = block.join('\n').trim();
    const startLine = blockLine;
    const blockExtras = extras;
    block = [];
    extras = [];
    if (!text) return;
    const skip = (what: string) => skipped.push({ row: startLine, column: '', message: `第 ${startLine} 行的 GIFT 试题是${what}，本平台不支持，已跳过`, messageEn: `The GIFT question at line ${startLine} is ${what}; skipped`, code: 'gift.unsupported-type' });
    let body = text;
    let code: string | undefined;
    const title = /^::([\s\S]*?)::/.exec(body);
    if (title) {
      body = body.slice(title[0].length);
      const t = unescape(title[1]!).normalize('NFKC').toUpperCase();
      if (ITEM_CODE_PATTERN.test(t) || UNPLACED_CODE_PATTERN.test(t)) code = t;
    }
    const open = findUnescaped(body, '{');
    const close = open >= 0 ? findUnescaped(body, '}', open) : -1;
    if (open < 0 || close < 0) {
      skip('没有答案部分 {…} 的说明文字');
      return;
    }
    const before = body.slice(0, open).trim();
    const after = body.slice(close + 1).trim();
    const inside = body.slice(open + 1, close).trim();
    const texts: RowTexts = { stem: giftText(after ? `${before}（　）${after}` : before) };
    if (category) texts.pointCode = category;
    if (code) texts.code = code;
    for (const e of blockExtras) texts[e.key] = e.value;
    const { tokens, feedback, rest } = answerTokens(inside);
    if (feedback) texts.explanation = feedback;
    if (/^#/.test(inside)) return skip('数值题');
    if (tokens.some((t) => t.text.includes('->'))) return skip('匹配题');
    if (!tokens.length) {
      const word = rest.replace(/#.*$/s, '').trim().toUpperCase();
      if (['T', 'TRUE'].includes(word)) Object.assign(texts, { type: '判断', answer: '对' });
      else if (['F', 'FALSE'].includes(word)) Object.assign(texts, { type: '判断', answer: '错' });
      else if (word === '') texts.type = '简答';
      else return skip(`无法识别的答案“${word.slice(0, 20)}”`);
    } else if (tokens.every((t) => t.mark === '=')) {
      Object.assign(texts, { type: '简答', answer: answerText(tokens[0]!.text).text });
    } else {
      const answers = tokens.map((t) => ({ mark: t.mark, ...answerText(t.text) }));
      const correct = answers.flatMap((a, i) => (a.mark === '=' || (a.weight ?? 0) > 0 ? [OPTION_KEYS[i] ?? '?'] : []));
      const weighted = answers.some((a) => a.weight !== undefined);
      texts.type = weighted ? '多选' : '单选';
      answers.slice(0, OPTION_KEYS.length).forEach((a, i) => (texts[OPTION_KEYS[i]!] = a.text));
      texts.answer = correct.join(',');
    }
    const errors: XlsxRowError[] = tokens.length > OPTION_KEYS.length ? [{ row: startLine, column: '答案', message: `选项超过 ${OPTION_KEYS.length} 个`, messageEn: 'Too many options', code: 'options.too-many' }] : [];
    records.push({ row: startLine, texts, errors, ...(categoryPath ? { category: categoryPath } : {}) });
  };

  lines.forEach((line, i) => {
    const trimmed = line.trim();
    if (trimmed.startsWith('//')) {
      const extra = readExtra(trimmed.slice(2).trim());
      if (typeof extra === 'object') pendingExtras.push(extra);
      return;
    }
    if (trimmed === '') {
      finish();
      return;
    }
    const cat = /^\$CATEGORY:\s*(.*)$/.exec(trimmed);
    if (cat && !block.length) {
      categoryPath = cat[1]!.trim();
      category = pointOfCategory(categoryPath);
      return;
    }
    if (!block.length) {
      blockLine = i + 1;
      extras = pendingExtras;
      pendingExtras = [];
    }
    block.push(line);
  });
  finish();
  return { records, skipped };
}

// ---- export ---------------------------------------------------------------------------

/** Rich text → GIFT text: plain paragraphs as lines, anything richer as `[html]`. */
function giftRich(html: string): string {
  const plain = richTextAsPlainParagraphs(html);
  return plain !== undefined && !looksLikeHtml(plain) ? escapeGift(plain) : `[html]${escapeGift(html)}`;
}
const giftCell = (cell: string) => (looksLikeHtml(cell) ? `[html]${escapeGift(cell)}` : escapeGift(cell));

export function writeGift(items: AsyncIterable<ExportItem> | Iterable<ExportItem>, out: Writable, bankCode: string): Promise<{ written: number; skipped: string[] }> {
  return writeByCategory(items, out, bankCode, { category: (path) => `$CATEGORY: ${path}\n\n`, question: giftQuestion });
}

function giftQuestion(code: string | undefined, content: ExportItem['content'], shape: ExportShape): string {
  const extras = [...shape.extras, ...(shape.points ? [{ header: '分值', value: shape.points }] : []), ...(content.tags.length ? [{ header: '标签', value: content.tags.join(',') }] : []), ...(shape.keepOptionOrder ? [{ header: '选项顺序固定', value: '是' }] : [])];
  const lines = extras.map((e) => `// ${writeExtra(e).replace(/\r?\n/g, '\\n')}`);
  let answers: string;
  if (shape.kind === 'multichoice') {
    const single = shape.letters.length === 1;
    const share = Number((100 / shape.letters.length).toFixed(5));
    answers = shape.options
      .map((o, i) => {
        const right = shape.letters.includes(OPTION_KEYS[i]!);
        return single ? `${right ? '=' : '~'}${giftCell(o)}` : `~%${right ? share : -100}%${giftCell(o)}`;
      })
      .join(' ');
  } else if (shape.kind === 'truefalse') answers = shape.answer === '对' ? 'T' : 'F';
  else answers = `=${escapeGift(shape.answer)}`;
  const feedback = content.explanation ? ` ####${giftRich(content.explanation)}` : '';
  lines.push(`::${escapeGift(code ?? content.pointCode)}:: ${giftRich(content.stem)} {${answers}${feedback}}`);
  return `${lines.join('\n')}\n\n`;
}
