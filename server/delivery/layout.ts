import { questionTypes } from '../question-types';
import { renderFor } from '../bank/render';
import type { AnyItemContent } from '../bank/render';
import { randomPermutation, streamFor } from '../assembly/engine/rng';
import type { Paper } from '../assembly/engine';

/**
 * How an attempt's paper is laid out for its candidate, and what the candidate may be shown.
 * Pure: data in, data out. Nothing here ever puts an answer key in a candidate's view.
 */

export interface LayoutPosition {
  position: number;
  itemId: string;
  version: number;
  type: string;
  section: number;
  points: number;
  /** Display position → original option index. */
  optionOrder: number[];
}

export interface AttemptLayout {
  paperId: string;
  positions: LayoutPosition[];
  sections: Array<{ section: number; title: string; type: string; count: number; points: number }>;
  multipleChoice: 'all-or-nothing' | 'partial';
}

/**
 * The layout of a paper for one candidate. On a shared form (`optionSeed` set), each candidate
 * gets their own option order, drawn from the seed; on a 一人一卷 paper the paper's own order is
 * already the candidate's.
 */
export function layoutOf(
  paperId: string,
  paper: Paper,
  sectionTitles: ReadonlyArray<string | undefined>,
  contents: ReadonlyMap<string, AnyItemContent>,
  optionSeed: string,
  multipleChoice: AttemptLayout['multipleChoice'],
): AttemptLayout {
  const positions = paper.items.map((item, position) => {
    let optionOrder = item.optionPermutation;
    const content = contents.get(`${item.itemId}@${item.version}`);
    if (!content) throw new Error(`item ${item.itemId} v${item.version} of paper ${paperId} is missing`);
    if (optionSeed && optionOrder.length > 1 && !questionTypes.get(item.type).keepsOptionOrder(content as never)) {
      const perm = randomPermutation(streamFor(optionSeed, `options:${position}`), optionOrder.length);
      optionOrder = perm.map((i) => item.optionPermutation[i]!);
    }
    return { position, itemId: item.itemId, version: item.version, type: item.type, section: item.section, points: item.points, optionOrder };
  });
  const sections = new Map<number, AttemptLayout['sections'][number]>();
  for (const p of positions) {
    const s = sections.get(p.section) ?? { section: p.section, title: sectionTitles[p.section] ?? questionTypes.find(p.type)?.label.zh ?? p.type, type: p.type, count: 0, points: 0 };
    s.count += 1;
    s.points += p.points;
    sections.set(p.section, s);
  }
  return { paperId, positions, sections: [...sections.values()].sort((a, b) => a.section - b.section), multipleChoice };
}

export interface CandidateItem {
  position: number;
  section: number;
  type: string;
  typeLabel: string;
  points: number;
  /** The item as the candidate sees it: stem and options in their order, inputs named `q<position>`. */
  html: string;
}

/** The candidate's view of each position: rendered without key, explanation or marking points. */
export function candidateItems(layout: AttemptLayout, contents: ReadonlyMap<string, AnyItemContent>): CandidateItem[] {
  return layout.positions.map((p) => {
    const content = contents.get(`${p.itemId}@${p.version}`);
    if (!content) throw new Error(`item ${p.itemId} v${p.version} of paper ${layout.paperId} is missing`);
    return {
      position: p.position,
      section: p.section,
      type: p.type,
      typeLabel: questionTypes.get(p.type).label.zh,
      points: p.points,
      html: renderFor('candidate', content, { optionOrder: p.optionOrder, inputName: `q${p.position}` }),
    };
  });
}

/** Whether a value is a valid response at a position (the type's response schema and, for options, a real option). */
export function acceptsResponse(position: LayoutPosition, content: AnyItemContent, value: unknown): boolean {
  const module = questionTypes.get(position.type);
  const parsed = module.response.safeParse(value);
  if (!parsed.success) return false;
  const options = (content as { options?: Array<{ key: string }> }).options;
  if (!options) return true;
  const keys = new Set(options.map((o) => o.key));
  const chosen = Array.isArray(parsed.data) ? parsed.data : [parsed.data];
  return chosen.every((k) => typeof k !== 'string' || keys.has(k));
}
