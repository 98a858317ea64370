import type { ItemContent, ItemType } from './item-schema';

/**
 * Renders an item as the candidate sees it (and, for staff, with its key). Pure and
 * isomorphic: the server uses it for previews and printed views, the browser bundle for the
 * exam player, so what a writer previews is exactly what a candidate gets. Rich-text fields
 * are already sanitised; plain fields are escaped here.
 */
export interface RenderOptions {
  /** Show the answer key, explanation and scoring details (staff only). */
  withKey: boolean;
  /** Display order of options (indexes into content.options); identity when absent. */
  optionOrder?: number[];
  /** Label texts in the page's language. */
  labels?: Partial<RenderLabels>;
  /** Name of the radio/checkbox group, for an interactive exam player. */
  inputName?: string;
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

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const LETTERS = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'];

export function displayLetter(position: number): string {
  return LETTERS[position] ?? String(position + 1);
}

function list(items: string[]): string {
  return items.length ? `<ul>${items.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</ul>` : '<p>—</p>';
}

export function renderItem(content: ItemContent, options: RenderOptions): string {
  const l = { ...ZH_LABELS, ...options.labels };
  const parts: string[] = [`<div class="item-stem">${content.stem}</div>`];
  const type: ItemType = content.type;
  if (type === 'single' || type === 'multiple') {
    const c = content as Extract<ItemContent, { type: 'single' | 'multiple' }>;
    const order = options.optionOrder ?? c.options.map((_, i) => i);
    const correct = new Set(c.type === 'single' ? [c.answer] : c.answer);
    const inputType = c.type === 'single' ? 'radio' : 'checkbox';
    parts.push(
      `<ol class="item-options" type="A">${order
        .map((index, position) => {
          const option = c.options[index]!;
          const letter = displayLetter(position);
          const mark = options.withKey && correct.has(option.key) ? ' correct' : '';
          const input = options.inputName
            ? `<input type="${inputType}" name="${escapeHtml(options.inputName)}" value="${escapeHtml(option.key)}" aria-label="${letter}"> `
            : '';
          return `<li class="item-option${mark}" data-key="${escapeHtml(option.key)}"><label>${input}<span class="option-letter">${letter}.</span> <span class="option-text">${option.html}</span></label></li>`;
        })
        .join('')}</ol>`,
    );
    if (options.withKey) {
      const letters = order.map((index, position) => (correct.has(c.options[index]!.key) ? displayLetter(position) : '')).filter(Boolean).join('');
      parts.push(`<p class="item-key"><strong>${escapeHtml(l.answer)}:</strong> ${letters}</p>`);
    }
  } else if (type === 'judge') {
    const c = content as Extract<ItemContent, { type: 'judge' }>;
    if (options.inputName) {
      const name = escapeHtml(options.inputName);
      parts.push(
        `<div class="item-judge"><label><input type="radio" name="${name}" value="true"> ${l.correct}</label> <label><input type="radio" name="${name}" value="false"> ${l.wrong}</label></div>`,
      );
    }
    if (options.withKey) parts.push(`<p class="item-key"><strong>${escapeHtml(l.answer)}:</strong> ${c.answer ? l.correct : l.wrong}</p>`);
  } else if (type === 'short') {
    const c = content as Extract<ItemContent, { type: 'short' }>;
    if (options.inputName) parts.push(`<textarea class="item-answer" name="${escapeHtml(options.inputName)}" rows="8"></textarea>`);
    if (options.withKey) {
      parts.push(`<div class="item-key"><strong>${escapeHtml(l.referenceAnswer)}:</strong>${c.referenceAnswer}</div>`);
      parts.push(
        `<div class="item-key"><strong>${escapeHtml(l.markingPoints)}:</strong><ol>${c.markingPoints.map((p) => `<li>${escapeHtml(p.text)}（${p.points}）</li>`).join('')}</ol></div>`,
      );
    }
  } else {
    const c = content as Extract<ItemContent, { type: 'skill' }>;
    parts.push(`<p><strong>${escapeHtml(l.timeAllowed)}:</strong> ${c.timeAllowedMinutes} ${escapeHtml(l.minutes)}</p>`);
    parts.push(`<div class="item-prep"><h4>${escapeHtml(l.venuePreparation)}</h4>${list(c.venuePreparation)}<h4>${escapeHtml(l.candidatePreparation)}</h4>${list(c.candidatePreparation)}</div>`);
    if (options.withKey) {
      const rows = c.scoringRows
        .map((r) => `<tr${r.veto ? ' class="veto"' : ''}><td>${escapeHtml(r.element)}</td><td>${escapeHtml(r.requirement)}</td><td>${r.points}</td><td>${escapeHtml(r.deductionRules)}${r.veto ? ` <strong>(${escapeHtml(l.veto)})</strong>` : ''}</td></tr>`)
        .join('');
      parts.push(
        `<table class="data scoring-sheet"><caption>${escapeHtml(l.scoringSheet)}</caption><thead><tr><th>${escapeHtml(l.element)}</th><th>${escapeHtml(l.requirement)}</th><th>${escapeHtml(l.points)}</th><th>${escapeHtml(l.deductionRules)}</th></tr></thead><tbody>${rows}</tbody></table>`,
      );
    }
  }
  if (options.withKey && content.explanation) parts.push(`<div class="item-explanation"><strong>${escapeHtml(l.explanation)}:</strong>${content.explanation}</div>`);
  return `<div class="item item-${type}">${parts.join('')}</div>`;
}
