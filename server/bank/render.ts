import { questionTypes } from '../question-types';
import type { CommonContent } from '../question-types/common';
import type { ItemContent } from './item-schema';

/** Content of a built-in type, or of any registered one. */
export type AnyItemContent = ItemContent | CommonContent;
import { ZH_LABELS, escapeHtml, optionsFor, type Audience, type RenderOptions } from '../question-types/render-kit';

/**
 * Renders an item as the candidate sees it (and, for staff, with its key). Pure and
 * isomorphic: the server uses it for previews and printed views, the browser bundle for the
 * exam player, so what a writer previews is exactly what a candidate gets. Rich-text fields
 * are already sanitised; plain fields are escaped here and in the type modules, which render
 * their own part of the body.
 */
export { ZH_LABELS, escapeHtml, displayLetter, type RenderOptions, type RenderLabels, type Audience } from '../question-types/render-kit';

export function renderItem(content: AnyItemContent, options: RenderOptions): string {
  const module = questionTypes.of(content);
  const labels = { ...ZH_LABELS, ...options.labels };
  const parts: string[] = [`<div class="item-stem">${content.stem}</div>`, module.render(content as never, { ...options, labels })];
  if (options.withKey && content.explanation) parts.push(`<div class="item-explanation"><strong>${escapeHtml(labels.explanation)}:</strong>${content.explanation}</div>`);
  return `<div class="item item-${module.name}">${parts.join('')}</div>`;
}

/** Renders an item for one audience: the candidate (no key), the reviewer (with key) or print. */
export function renderFor(audience: Audience, content: AnyItemContent, options: Omit<RenderOptions, 'withKey' | 'print'> = {}): string {
  return renderItem(content, optionsFor(audience, options));
}
