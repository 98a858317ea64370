/**
 * What rendering an item needs whatever its type: the options a caller passes, the label texts
 * and HTML escaping. Pure and isomorphic (the exam player's bundle uses it too).
 */

/** Who the rendering is for. */
export type Audience = 'candidate' | 'reviewer' | 'print';

export interface RenderOptions {
  /** Show the answer key, explanation and scoring details (staff only). */
  withKey: boolean;
  /** Display order of options (indexes into content.options); identity when absent. */
  optionOrder?: number[];
  /** Label texts in the page's language. */
  labels?: Partial<RenderLabels>;
  /** Name of the radio/checkbox group, for an interactive exam player. */
  inputName?: string;
  /** Print layout: answer brackets and blank lines where candidates write. */
  print?: boolean;
}

export interface RenderLabels {
  answer: string;
  explanation: string;
  correct: string;
  wrong: string;
  referenceAnswer: string;
  markingPoints: string;
  venuePreparation: string;
  candidatePreparation: string;
  timeAllowed: string;
  minutes: string;
  scoringSheet: string;
  element: string;
  requirement: string;
  points: string;
  deductionRules: string;
  veto: string;
}

export const ZH_LABELS: RenderLabels = {
  answer: '答案',
  explanation: '解析',
  correct: '√',
  wrong: '×',
  referenceAnswer: '参考答案',
  markingPoints: '评分要点',
  venuePreparation: '考场准备',
  candidatePreparation: '考生准备',
  timeAllowed: '考核时间',
  minutes: '分钟',
  scoringSheet: '评分记录表',
  element: '考核要素',
  requirement: '考核要求',
  points: '配分',
  deductionRules: '评分标准',
  veto: '否决项',
};

/** What a type module's renderer gets: the caller's options with every label resolved. */
export interface RenderContext extends Omit<RenderOptions, 'labels'> {
  labels: RenderLabels;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const LETTERS = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'];

export function displayLetter(position: number): string {
  return LETTERS[position] ?? String(position + 1);
}

export function htmlList(items: readonly string[]): string {
  return items.length ? `<ul>${items.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</ul>` : '<p>—</p>';
}

/** The options a caller passes for an audience. */
export function optionsFor(audience: Audience, extra: Omit<RenderOptions, 'withKey' | 'print'> = {}): RenderOptions {
  if (audience === 'reviewer') return { ...extra, withKey: true };
  if (audience === 'print') return { ...extra, withKey: false, print: true };
  return { ...extra, withKey: false };
}

/** Rich text as plain lines (paragraphs and breaks become line breaks), for spreadsheets. */
export function htmlToText(html: string): string {
  const entities: Record<string, string> = { '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&nbsp;': ' ', '&amp;': '&' };
  return html
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|li|div|h\d)>\s*/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&(lt|gt|quot|#39|nbsp|amp);/g, (e) => entities[e] ?? e)
    .trim();
}
