import type { Writable } from 'node:stream';
import { Readable } from 'node:stream';
import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';
import { zipSync, strToU8 } from 'fflate';
import { OPTION_KEYS } from '../../item-schema';
import type { XlsxRowError } from '../issues';
import { guardedZipEntries, DEFAULT_ARCHIVE_LIMITS, type ArchiveLimits } from '../archive-limits';
import type { RowLayout, RowTexts } from '../xlsx-format';
import type { ExportItem } from '../xlsx-export';
import { looksLikeHtml, textToRichText } from '../rich-text';
import type { ForeignRecord } from './records';
import { refuseDoctype } from './xml-safety';
import { ITEM_CODE_PATTERN, UNPLACED_CODE_PATTERN } from '../codes';
import { exportShape, readExtra, writeExtra } from './export-shape';

/**
 * QTI items and content packages. Import: QTI 3.0 (`qti-assessment-item`, kebab-case) and
 * QTI 2.1/2.2 (`assessmentItem`, camelCase), with choiceInteraction (a two-choice 对/错 or
 * true/false interaction is a true/false item), extendedTextInteraction and
 * textEntryInteraction, scored by the match_correct template or by people. Export: QTI 3.0
 * items (match_correct for objective items; short answers externally scored), alone or in a
 * content package (zip with imsmanifest.xml). The explanation and reference answer travel in
 * scorer-only rubric blocks; extras in `data-sa-extras` on the item body. Pure.
 */

export const QTI_LAYOUT: RowLayout = { columns: {}, labels: { stem: 'itemBody', answer: 'correctResponse', explanation: 'rubricBlock', points: 'MAXSCORE' } };

type Node = Record<string, unknown> & { ':@'?: Record<string, string> };
const OPTIONS = { preserveOrder: true, ignoreAttributes: false, attributeNamePrefix: '@_', processEntities: true, htmlEntities: false, parseTagValue: false, trimValues: false } as const;

/** `qti-choice-interaction` → `choiceInteraction`; `response-identifier` → `responseIdentifier`. */
const camel = (name: string) => name.replace(/^qti-/, '').replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
const tagOf = (node: Node) => Object.keys(node).find((k) => k !== ':@') ?? '';
const childrenOf = (node: Node): Node[] => {
  const value = node[tagOf(node)];
  return Array.isArray(value) ? (value as Node[]) : [];
};
const attr = (node: Node, name: string): string | undefined => {
  const attrs = node[':@'] ?? {};
  for (const [k, v] of Object.entries(attrs)) if (camel(k.replace(/^@_/, '')) === name) return String(v);
  return undefined;
};
const isTag = (node: Node, name: string) => camel(tagOf(node)) === name;
function find(nodes: Node[], name: string): Node | undefined {
  for (const n of nodes) {
    if (isTag(n, name)) return n;
    const inner = find(childrenOf(n), name);
    if (inner) return inner;
  }
  return undefined;
}
function findAll(nodes: Node[], name: string, out: Node[] = []): Node[] {
  for (const n of nodes) {
    if (isTag(n, name)) out.push(n);
    else findAll(childrenOf(n), name, out);
  }
  return out;
}
const textOf = (nodes: Node[]): string => nodes.map((n) => (typeof n['#text'] === 'string' ? n['#text'] : textOf(childrenOf(n)))).join('');

const builder = new XMLBuilder({ ...OPTIONS, suppressEmptyNode: true });
const htmlOf = (nodes: Node[]) => builder.build(nodes).trim();

const INTERACTIONS = new Set(['choiceInteraction', 'extendedTextInteraction', 'textEntryInteraction']);
const JUDGE_TRUE = /^(对|正确|true|是|√|t)$/i;
const JUDGE_FALSE = /^(错|错误|false|否|×|f)$/i;

export interface QtiRecord {
  record?: ForeignRecord;
  skipped?: XlsxRowError;
}

/** One QTI item document → a record in template columns (or a reason it is skipped). */
export function parseQtiItem(xml: string, n: number, where: string): QtiRecord {
  refuseDoctype(xml);
  const valid = XMLValidator.validate(xml);
  const skip = (zh: string, en: string, code: string): QtiRecord => ({ skipped: { row: n, column: where, message: `${where}：${zh}，已跳过`, messageEn: `${where}: ${en}; skipped`, code } });
  if (valid !== true) return skip(`XML 格式有误（第 ${valid.err.line} 行）`, `malformed XML at line ${valid.err.line}`, 'qti.malformed');
  const doc = new XMLParser(OPTIONS).parse(xml) as Node[];
  const item = find(doc, 'assessmentItem');
  if (!item) return skip('不是 QTI 试题（没有 assessmentItem）', 'not a QTI item', 'qti.not-an-item');
  const body = find(childrenOf(item), 'itemBody');
  const interactions = body ? findAll(childrenOf(body), 'choiceInteraction').concat(findAll(childrenOf(body), 'extendedTextInteraction'), findAll(childrenOf(body), 'textEntryInteraction')) : [];
  const others = body ? childrenOf(body).filter((c) => /Interaction$/.test(camel(tagOf(c))) && !INTERACTIONS.has(camel(tagOf(c)))) : [];
  if (!body || interactions.length !== 1 || others.length) {
    const kinds = others.map((o) => camel(tagOf(o))).join(', ');
    return skip(kinds ? `含有本平台不支持的交互 ${kinds}` : '应恰好含有一个选择、填空或问答交互', kinds ? `unsupported interaction ${kinds}` : 'needs exactly one choice, text entry or extended text interaction', 'qti.unsupported-interaction');
  }
  const interaction = interactions[0]!;
  const kind = camel(tagOf(interaction));
  const responseId = attr(interaction, 'responseIdentifier') ?? 'RESPONSE';
  const declaration = findAll(childrenOf(item), 'responseDeclaration').find((d) => attr(d, 'identifier') === responseId);
  const correct = declaration ? findAll(childrenOf(find(childrenOf(declaration), 'correctResponse') ?? ({ x: [] } as Node)), 'value').map((v) => textOf(childrenOf(v)).trim()) : [];

  const stemNodes: Node[] = [];
  let explanation = '';
  let reference = '';
  const walk = (nodes: Node[]) => {
    for (const c of nodes) {
      if (c === interaction) {
        if (kind === 'textEntryInteraction') stemNodes.push({ '#text': '（　）' });
        continue;
      }
      if (isTag(c, 'rubricBlock')) {
        const cls = attr(c, 'class') ?? '';
        const content = htmlOf(childrenOf(c));
        if (/sa-reference/.test(cls)) reference = content;
        else explanation = content;
        continue;
      }
      if (find([c], kind) === interaction || (isTag(c, 'div') && /\bstem\b/.test(attr(c, 'class') ?? ''))) walk(childrenOf(c));
      else if (!(typeof c['#text'] === 'string' && c['#text'].trim() === '')) stemNodes.push(c);
    }
  };
  walk(childrenOf(body));
  const prompt = find(childrenOf(interaction), 'prompt');
  if (prompt) stemNodes.push(...childrenOf(prompt));
  const texts: RowTexts = { stem: htmlOf(stemNodes) };
  if (explanation) texts.explanation = explanation;
  // The identifier is the item code when it is one (as this platform exports); others' ids are not.
  const code = attr(item, 'identifier')?.normalize('NFKC').toUpperCase();
  if (code && (ITEM_CODE_PATTERN.test(code) || UNPLACED_CODE_PATTERN.test(code))) texts.code = code;
  const maxScore = findAll(childrenOf(item), 'outcomeDeclaration').find((d) => attr(d, 'identifier') === 'MAXSCORE');
  if (maxScore) texts.points = textOf(childrenOf(maxScore)).trim();
  const extras = attr(body, 'dataSaExtras');
  if (extras) {
    for (const e of JSON.parse(extras) as string[]) {
      const extra = readExtra(e);
      if (typeof extra === 'object') texts[extra.key] = extra.value;
    }
  }

  if (kind === 'choiceInteraction') {
    const choices = findAll(childrenOf(interaction), 'simpleChoice');
    const ids = choices.map((c) => attr(c, 'identifier') ?? '');
    const labels = choices.map((c) => textOf(childrenOf(c)).trim());
    const isJudge = choices.length === 2 && JUDGE_TRUE.test(labels[0]!) && JUDGE_FALSE.test(labels[1]!);
    if (isJudge) {
      Object.assign(texts, { type: '判断', answer: correct[0] === ids[0] ? '对' : correct[0] === ids[1] ? '错' : '' });
    } else {
      if (choices.length > OPTION_KEYS.length) return skip(`选项超过 ${OPTION_KEYS.length} 个`, 'too many choices', 'options.too-many');
      const max = Number(attr(interaction, 'maxChoices') ?? '1');
      texts.type = max === 1 && declaration && attr(declaration, 'cardinality') !== 'multiple' ? '单选' : '多选';
      choices.forEach((c, i) => (texts[OPTION_KEYS[i]!] = htmlOf(childrenOf(c))));
      texts.answer = correct.map((id) => OPTION_KEYS[ids.indexOf(id)] ?? `?${id}`).join(',');
      if (attr(interaction, 'shuffle') === 'false') texts.keepOptionOrder = '是';
    }
  } else {
    texts.type = '简答';
    texts.answer = reference || correct[0] || '';
  }
  return { record: { row: n, texts, errors: [] } };
}

// ---- content packages -----------------------------------------------------------------

/** The item documents of a content package (zip with imsmanifest.xml), read through the metered zip reader. */
export async function qtiPackageItems(bytes: Buffer, limits: Partial<ArchiveLimits> = {}): Promise<Array<{ href: string; xml: string }>> {
  const files = new Map<string, string>();
  for await (const entry of guardedZipEntries(Readable.from([bytes], { objectMode: false }), { ...DEFAULT_ARCHIVE_LIMITS, ...limits })) {
    const chunks: Buffer[] = [];
    for await (const chunk of entry) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
    if (/\.xml$/i.test(entry.path)) files.set(entry.path, Buffer.concat(chunks).toString('utf8'));
  }
  const manifest = files.get('imsmanifest.xml');
  if (!manifest) return [];
  refuseDoctype(manifest);
  const doc = new XMLParser(OPTIONS).parse(manifest) as Node[];
  return findAll(doc, 'resource')
    .filter((r) => /imsqti_item/i.test(attr(r, 'type') ?? ''))
    .map((r) => attr(r, 'href') ?? '')
    .map((href) => ({ href, xml: files.get(href) ?? '' }));
}

// ---- export ---------------------------------------------------------------------------

const esc = (v: string) => v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
/** Rich text is sanitised HTML; as XML content its void elements must close. */
const xhtml = (html: string) => html.replace(/<(br|hr|img|col)\b([^>]*?)\s*\/?>/g, '<$1$2/>');
const body = (cell: string) => xhtml(looksLikeHtml(cell) ? cell : textToRichText(cell));
const MATCH_CORRECT = 'https://purl.imsglobal.org/spec/qti/v3p0/rptemplates/match_correct.xml';
const QTI_NS = 'http://www.imsglobal.org/xsd/imsqtiasi_v3p0';
const QTI_XSD = 'https://purl.imsglobal.org/spec/qti/v3p0/schema/xsd/imsqti_asiv3p0_v1p0.xsd';

/** One item → a QTI 3.0 item document, or undefined for types with no Excel row (skill tasks). */
export function qtiItemXml(code: string, item: ExportItem['content']): string | undefined {
  const shape = exportShape(code, item);
  if (!shape) return undefined;
  const scorer = (cls: string, html: string) => (html ? `<qti-rubric-block view="scorer" use="scoring" class="${cls}"><qti-content-body>${xhtml(html)}</qti-content-body></qti-rubric-block>` : '');
  let declaration: string;
  let interaction: string;
  let processing = `<qti-response-processing template="${MATCH_CORRECT}"/>`;
  if (shape.kind === 'multichoice') {
    const single = shape.letters.length === 1;
    declaration = `<qti-response-declaration identifier="RESPONSE" cardinality="${single ? 'single' : 'multiple'}" base-type="identifier"><qti-correct-response>${shape.letters.map((l) => `<qti-value>${l}</qti-value>`).join('')}</qti-correct-response></qti-response-declaration>`;
    interaction = `<qti-choice-interaction response-identifier="RESPONSE" shuffle="${shape.keepOptionOrder ? 'false' : 'true'}" max-choices="${single ? 1 : 0}">${shape.options.map((o, i) => `<qti-simple-choice identifier="${OPTION_KEYS[i]}">${body(o)}</qti-simple-choice>`).join('')}</qti-choice-interaction>`;
  } else if (shape.kind === 'truefalse') {
    declaration = `<qti-response-declaration identifier="RESPONSE" cardinality="single" base-type="identifier"><qti-correct-response><qti-value>${shape.answer === '对' ? 'T' : 'F'}</qti-value></qti-correct-response></qti-response-declaration>`;
    interaction = `<qti-choice-interaction response-identifier="RESPONSE" shuffle="false" max-choices="1"><qti-simple-choice identifier="T">对</qti-simple-choice><qti-simple-choice identifier="F">错</qti-simple-choice></qti-choice-interaction>`;
  } else {
    declaration = `<qti-response-declaration identifier="RESPONSE" cardinality="single" base-type="string"/>`;
    interaction = `<qti-extended-text-interaction response-identifier="RESPONSE"/>`;
    processing = '';
  }
  const outcomes = [
    `<qti-outcome-declaration identifier="SCORE" cardinality="single" base-type="float"${shape.kind === 'essay' ? ' external-scored="human"' : ''}><qti-default-value><qti-value>0</qti-value></qti-default-value></qti-outcome-declaration>`,
    ...(shape.points ? [`<qti-outcome-declaration identifier="MAXSCORE" cardinality="single" base-type="float"><qti-default-value><qti-value>${esc(shape.points)}</qti-value></qti-default-value></qti-outcome-declaration>`] : []),
  ];
  const extras = [...shape.extras, ...(item.tags.length ? [{ header: '标签', value: item.tags.join(',') }] : []), { header: '鉴定点', value: item.pointCode }].map(writeExtra);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<qti-assessment-item xmlns="${QTI_NS}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="${QTI_NS} ${QTI_XSD}" identifier="${esc(code)}" title="${esc(code)}" adaptive="false" time-dependent="false" xml:lang="zh-CN">`,
    declaration,
    ...outcomes,
    `<qti-item-body data-sa-extras="${esc(JSON.stringify(extras))}">`,
    `<div class="stem">${xhtml(item.stem)}</div>`,
    interaction,
    scorer('sa-explanation', item.explanation ?? ''),
    shape.kind === 'essay' ? scorer('sa-reference', body(shape.answer)) : '',
    '</qti-item-body>',
    processing,
    '</qti-assessment-item>',
    '',
  ].join('\n');
}

/** Items → a QTI 3.0 content package: imsmanifest.xml and one item file each. */
export async function writeQtiPackage(items: AsyncIterable<ExportItem> | Iterable<ExportItem>, out: Writable, bankCode: string): Promise<{ written: number; skipped: string[] }> {
  const files: Record<string, Uint8Array> = {};
  const resources: string[] = [];
  const skipped: string[] = [];
  let n = 0;
  for await (const { code, content } of items) {
    n += 1;
    const id = code ?? `item-${n}`;
    const xml = qtiItemXml(id, content);
    if (!xml) {
      skipped.push(id);
      continue;
    }
    const href = `items/${id}.xml`;
    files[href] = strToU8(xml);
    resources.push(`<resource identifier="RES-${esc(id)}" type="imsqti_item_xmlv3p0" href="${esc(href)}"><file href="${esc(href)}"/></resource>`);
  }
  files['imsmanifest.xml'] = strToU8(
    [
      '<?xml version="1.0" encoding="UTF-8"?>',
      `<manifest xmlns="http://www.imsglobal.org/xsd/qti/qtiv3p0/imscp_v1p1" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" identifier="MANIFEST-${esc(bankCode)}" xsi:schemaLocation="http://www.imsglobal.org/xsd/qti/qtiv3p0/imscp_v1p1 https://purl.imsglobal.org/spec/qti/v3p0/schema/xsd/imsqtiv3p0_imscpv1p2_v1p0.xsd">`,
      '<metadata><schema>QTI Package</schema><schemaversion>3.0.0</schemaversion></metadata>',
      '<organizations/>',
      `<resources>${resources.join('')}</resources>`,
      '</manifest>',
      '',
    ].join('\n'),
  );
  const zip = zipSync(files, { level: 6 });
  await new Promise<void>((resolve, reject) => out.write(Buffer.from(zip), (error) => (error ? reject(error) : resolve())));
  return { written: resources.length, skipped };
}
