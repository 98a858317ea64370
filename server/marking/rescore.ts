import type { AttemptScore, ScoredPosition } from '../delivery/model';

const round = (n: number) => Math.round(n * 100) / 100;

/**
 * An attempt's score with some positions scored again (pure): each changed position carries its
 * new points and the item version it was scored with; sections and totals are summed again the
 * way submission sums them (to 1/100 of a point).
 */
export function rescore(score: AttemptScore, changes: ReadonlyArray<Pick<ScoredPosition, 'position' | 'version' | 'status' | 'points'>>, scoredAt: Date): AttemptScore {
  const byPosition = new Map(changes.map((c) => [c.position, c]));
  const items = score.items.map((item) => {
    const change = byPosition.get(item.position);
    return change ? { ...item, version: change.version, status: change.status, points: change.status === 'scored' ? change.points : 0 } : item;
  });
  return {
    ...score,
    total: round(items.reduce((a, i) => a + i.points, 0)),
    sections: score.sections.map((s) => ({ ...s, points: round(items.filter((i) => i.section === s.section).reduce((a, i) => a + i.points, 0)) })),
    items,
    needsMarking: items.filter((i) => i.status === 'needs-marking').length,
    answered: items.filter((i) => i.status !== 'unanswered').length,
    scoredAt,
  };
}
