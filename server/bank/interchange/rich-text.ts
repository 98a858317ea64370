import { questionTypes } from '../../question-types';
import sanitizeHtml from 'sanitize-html';

/**
 * The safe rich-text subset of item stems, options, answers and explanations: paragraphs,
 * line breaks, emphasis, underline, sub/superscript, simple tables and images that the app
 * itself stores and serves (`/media/<24-hex id>`). Everything else is removed on save:
 * scripts and their content, event handlers, styles, classes, links, foreign images.
 *
 * The sanitised form is canonical (`<b>` → `<strong>`, `<i>` → `<em>`, entities normalised),
 * and sanitising it again gives the same string, so content compared before and after an
 * import/export round trip is equal.
 */

/** Where item images live: the app serves database-stored images under this path. */
export const MEDIA_SRC_PATTERN = /^\/media\/[0-9a-f]{24}$/;

const MAX_SPAN = 50;
const MAX_IMAGE_SIZE = 4000;

function positiveIntAttr(value: string | undefined, max: number): string | undefined {
  if (value === undefined || !/^\s*\d{1,4}\s*$/.test(value)) return undefined;
  const n = Number.parseInt(value, 10);
  return n >= 1 && n <= max ? String(n) : undefined;
}

function keepIntAttrs(names: string[], max: number): sanitizeHtml.Transformer {
  return (tagName, attribs) => {
    const kept: sanitizeHtml.Attributes = {};
    for (const name of names) {
      const value = positiveIntAttr(attribs[name], max);
      if (value !== undefined) kept[name] = value;
    }
    return { tagName, attribs: kept };
  };
}

const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'br', 'strong', 'em', 'b', 'i', 'u', 'sub', 'sup', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'img'],
  allowedAttributes: {
    td: ['colspan', 'rowspan'],
    th: ['colspan', 'rowspan'],
    img: ['src', 'alt', 'width', 'height'],
  },
  // Only our own media paths are allowed, so no URL scheme is needed at all.
  allowedSchemes: [],
  allowedSchemesByTag: {},
  allowProtocolRelative: false,
  allowedStyles: {},
  allowedClasses: {},
  // Disallowed tags whose content is not text: drop them together with their content.
  nonTextTags: ['script', 'style', 'textarea', 'option', 'xmp', 'noscript', 'noembed', 'noframes', 'iframe', 'template', 'title', 'svg', 'math', 'select', 'object', 'head'],
  disallowedTagsMode: 'discard',
  transformTags: {
    b: 'strong',
    i: 'em',
    td: keepIntAttrs(['colspan', 'rowspan'], MAX_SPAN),
    th: keepIntAttrs(['colspan', 'rowspan'], MAX_SPAN),
    img: (tagName, attribs) => {
      const kept: sanitizeHtml.Attributes = {};
      const src = (attribs.src ?? '').trim();
      if (MEDIA_SRC_PATTERN.test(src)) kept.src = src;
      if (attribs.alt !== undefined) kept.alt = attribs.alt;
      for (const name of ['width', 'height']) {
        const value = positiveIntAttr(attribs[name], MAX_IMAGE_SIZE);
        if (value !== undefined) kept[name] = value;
      }
      return { tagName, attribs: kept };
    },
  },
  // An image without one of our media sources is removed entirely.
  exclusiveFilter: (frame) => frame.tag === 'img' && !MEDIA_SRC_PATTERN.test(frame.attribs.src ?? ''),
};

/** Paragraphs of text with only the escapes the sanitiser itself writes: already canonical. */
const CANONICAL_PARAGRAPHS = /^(?:<p>(?:[^<>&\u0000-\u0008\u000b\u000c\u000e-\u001f]|&(?:amp|lt|gt);)*<\/p>)+$/;
const BLOCK_ELEMENT = /<(p|table)\b/i;

/**
 * Sanitises HTML to the item rich-text subset. The result is block-level: content without a
 * paragraph or table (`H<sub>2</sub>O`, plain text) gets one `<p>` per line. Idempotent, so
 * sanitised content survives export and import unchanged.
 */
export function sanitizeRichText(html: string): string {
  if (CANONICAL_PARAGRAPHS.test(html)) return html; // fast path: nothing to change
  const out = sanitizeHtml(html, OPTIONS).trim();
  if (out === '' || BLOCK_ELEMENT.test(out)) return out;
  const paragraphs = out
    .split(/\r\n|\r|\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => `<p>${line}</p>`)
    .join('');
  return sanitizeHtml(paragraphs, OPTIONS).trim();
}

/** Escapes text the way the sanitiser escapes text nodes, so both paths give the same string. */
export function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Plain text (an Excel cell, a text area) → rich text: each non-empty line becomes one
 * escaped `<p>` paragraph; lines are trimmed; `\r\n`, `\r` and `\n` all break lines.
 * Empty input gives an empty string (which item validation then reports as empty).
 */
export function textToRichText(text: string): string {
  let out = '';
  for (const raw of text.split(/\r\n|\r|\n|\u2028|\u2029/)) {
    const line = raw.trim();
    if (line) out += `<p>${escapeText(line)}</p>`;
  }
  return out;
}

const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/** Decodes the entities the sanitiser emits (and numeric ones). */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]{1,6}|#\d{1,7}|[a-zA-Z]{2,8});/g, (whole, body: string) => {
    if (body[0] === '#') {
      const code = body[1] === 'x' || body[1] === 'X' ? Number.parseInt(body.slice(2), 16) : Number.parseInt(body.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED_ENTITIES[body] ?? whole;
  });
}

const SIMPLE_PARAGRAPHS = /^(?:<p>[^<]*<\/p>)+$/;

/**
 * The plain text that `textToRichText` turns back into exactly `html`, or undefined when the
 * HTML holds more than plain paragraphs (emphasis, tables, images…) or is not in canonical
 * form. Used by the Excel export to write plain text where that loses nothing.
 */
export function richTextAsPlainParagraphs(html: string): string | undefined {
  if (html === '') return '';
  if (!SIMPLE_PARAGRAPHS.test(html)) return undefined;
  const lines = html.slice(3, -4).split('</p><p>').map(decodeEntities);
  const text = lines.join('\n');
  return textToRichText(text) === html ? text : undefined;
}

/**
 * Rich text → readable plain text, for search indexes and plain exports. Paragraphs and rows
 * become lines, table cells are separated by tabs, `x<sup>2</sup>` becomes `x^2`, `P<sub>N</sub>`
 * becomes `P_N`, images become `[图片]`. Expects sanitised HTML; unknown tags are dropped and
 * their text kept (script/style content is dropped). The result is text, not HTML.
 */
export function richTextToPlain(html: string): string {
  const text = html
    .replace(/<(script|style|template)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, '')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|tr|table|thead|tbody|div|li|h[1-6])\s*>/gi, '\n')
    .replace(/<\/(td|th)\s*>/gi, '\t')
    .replace(/<img\b[^>]*>/gi, '[图片]')
    .replace(/<sup\b[^>]*>([^<]*)<\/sup\s*>/gi, (_m, inner: string) => (inner.length > 1 ? `^(${inner})` : `^${inner}`))
    .replace(/<sub\b[^>]*>([^<]*)<\/sub\s*>/gi, (_m, inner: string) => (inner.length > 1 ? `_(${inner})` : `_${inner}`))
    .replace(/<[^>]*>/g, '');
  return decodeEntities(text)
    .split('\n')
    .map((line) => line.replace(/\t+$/, '').trim())
    .filter((line) => line !== '')
    .join('\n');
}

const SUBSET_TAG = /<\/?(p|br|strong|em|b|i|u|sub|sup|table|thead|tbody|tr|th|td|img)(\s[^<>]*)?\/?>/i;

/**
 * Does an imported text cell hold HTML rather than plain text? True when it contains a tag of
 * the subset (`<p>`, `H<sub>2</sub>O`, `<table>`…); text such as `<5 V` or `a < b` is plain.
 * (Text that should show a tag literally must then be written as HTML: `<p>&lt;br&gt;</p>`.)
 */
export function looksLikeHtml(text: string): boolean {
  return SUBSET_TAG.test(text);
}

/** A cell or text field → sanitised rich text: HTML is sanitised, plain text is wrapped. */
export function cellTextToRichText(text: string): string {
  return looksLikeHtml(text) ? sanitizeRichText(text) : textToRichText(text);
}

/** Rich text → a cell: plain lines where that is lossless, otherwise the (sanitised) HTML. */
export function richTextToCellText(html: string): string {
  const plain = richTextAsPlainParagraphs(html);
  // Plain text that would read back as HTML (a paragraph starting with `<p>`…) stays HTML.
  return plain !== undefined && !looksLikeHtml(plain) ? plain : html;
}

/** The rich-text fields every item has; each type module names its own besides. */
export const ITEM_RICH_TEXT_FIELDS = ['stem', 'explanation'] as const;

/**
 * Sanitises the rich-text fields of item content (stem, explanation, and those the type's
 * module names: options' html, the reference answer…) and leaves everything else as it is.
 * Works on unvalidated input too: non-string values are left for validation to report.
 * Returns a shallow copy.
 */
export function sanitizeItemRichText<T>(content: T): T {
  if (typeof content !== 'object' || content === null || Array.isArray(content)) return content;
  const copy: Record<string, unknown> = { ...(content as Record<string, unknown>) };
  const richText = questionTypes.find(copy.type)?.richText;
  for (const field of [...ITEM_RICH_TEXT_FIELDS, ...(richText?.fields ?? [])]) {
    const value = copy[field];
    // An empty explanation stays empty; sanitising can also empty a field (a lone <script>),
    // which validation then reports.
    if (typeof value === 'string' && value.trim() !== '') copy[field] = sanitizeRichText(value);
  }
  if (richText?.options && Array.isArray(copy.options)) {
    copy.options = copy.options.map((option: unknown) =>
      typeof option === 'object' && option !== null && typeof (option as { html?: unknown }).html === 'string'
        ? { ...(option as Record<string, unknown>), html: sanitizeRichText((option as { html: string }).html) }
        : option,
    );
  }
  return copy as T;
}
