import { questionTypes } from '../question-types';
import type { AnyItemContent } from '../bank/render';
import type { AttemptLayout } from './layout';
import type { AttemptScore, ScoredPosition } from './model';

/**
 * Scores an attempt's answers through the question-type modules: exact match for 判断/单选,
 * 多选 all-or-nothing unless the session says partial, subjective items left for marking.
 * Pure; totals are rounded to 1/100 of a point so that floating-point sums compare exactly.
 */
export function scoreAttempt(layout: AttemptLayout, contents: ReadonlyMap<string, AnyItemContent>, answers: ReadonlyMap<number, unknown>, scoredAt: Date): AttemptScore {
  const items: ScoredPosition[] = layout.positions.map((p) => {
    const content = contents.get(`${p.itemId}@${p.version}`);
    if (!content) throw new Error(`item ${p.itemId} v${p.version} is missing`);
    const module = questionTypes.get(p.type);
    const raw = answers.get(p.position);
    const parsed = raw === undefined || raw === null ? undefined : module.response.safeParse(raw);
    const response = parsed?.success ? parsed.data : undefined;
    const score = module.score(content as never, response, { points: p.points, multipleChoice: layout.multipleChoice });
    const row: ScoredPosition = { position: p.position, itemId: p.itemId, version: p.version, type: p.type, section: p.section, status: score.status, points: score.status === 'scored' ? score.points : 0, max: score.max };
    // The answer the machine scored stays with its row: statistics and regrades read it there.
    return score.status === 'scored' && response !== undefined ? { ...row, answer: response } : row;
  });
  const round = (n: number) => Math.round(n * 100) / 100;
  const sections = layout.sections.map((s) => {
    const of = items.filter((i) => i.section === s.section);
    return { section: s.section, title: s.title, points: round(of.reduce((a, i) => a + i.points, 0)), max: round(of.reduce((a, i) => a + i.max, 0)) };
  });
  return {
    total: round(items.reduce((a, i) => a + i.points, 0)),
    max: round(items.reduce((a, i) => a + i.max, 0)),
    sections,
    items,
    needsMarking: items.filter((i) => i.status === 'needs-marking').length,
    answered: items.filter((i) => i.status !== 'unanswered').length,
    scoredAt,
  };
}
