import { questionTypes } from '../question-types';
import type { AnyItemContent } from '../bank/render';
import type { AttemptScore } from '../delivery/model';
import type { CandidateRecord, ItemFacts, ItemResponse } from './engine';

/** What the service reads of one ended attempt: its stored score and the answers of its sheet. */
export interface ScoredSitting {
  attemptId: string;
  paperId: string;
  score: Pick<AttemptScore, 'items'>;
  /** Position → stored answer value. */
  answers: ReadonlyMap<number, unknown>;
}

export const versionKey = (itemId: string, version: number) => `${itemId}@${version}`;

/**
 * From scored attempts to the engine's rows, asking each item's question type what its
 * statistics mean: only positions the machine scored count (types scored by examiners, and
 * positions still waiting for marking, are left out), and a response's categories for
 * distractor analysis are the item's own option keys — delivery stores the key the candidate
 * chose, not the letter it was shown under, so a per-candidate option order needs no mapping.
 * Pure.
 */
export function candidateRecords(sittings: readonly ScoredSitting[], contents: ReadonlyMap<string, AnyItemContent>): { records: CandidateRecord[]; facts: ItemFacts[] } {
  const facts = new Map<string, ItemFacts>();
  const records: CandidateRecord[] = [];
  for (const sitting of sittings) {
    const responses: ItemResponse[] = [];
    for (const position of sitting.score.items) {
      const module = questionTypes.find(position.type);
      if (!module || module.statistics.scoredBy !== 'machine' || position.status === 'needs-marking' || !(position.max > 0)) continue;
      const key = versionKey(position.itemId, position.version);
      const content = contents.get(key);
      if (!content) continue;
      if (!facts.has(key)) {
        facts.set(key, { item: key, categories: module.statistics.categories?.(content as never) ?? [], keyed: module.statistics.keyed?.(content as never) ?? [] });
      }
      const raw = sitting.answers.get(position.position);
      const parsed = raw === undefined || raw === null || position.status === 'unanswered' ? undefined : module.response.safeParse(raw);
      const selected = parsed?.success ? (module.statistics.selected?.(content as never, parsed.data as never) ?? []) : undefined;
      responses.push({ item: key, points: position.points, max: position.max, selected });
    }
    if (responses.length) records.push({ candidate: sitting.attemptId, paper: sitting.paperId, responses });
  }
  return { records, facts: [...facts.values()] };
}
