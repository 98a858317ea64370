import type { AttemptScore, ScoredPosition } from './model';

/**
 * How an attempt's score is stored: the totals as plain fields (queries filter on
 * `score.needsMarking`), and the sections and the hundred per-position rows packed into one
 * JSON string of tuples. FerretDB over PostgreSQL converts every stored value between BSON and
 * JSONB one by one, so a score as 100 sub-documents of 8 fields cost 9.3 ms to read back and
 * 5.0 ms to write, against 0.41 ms and 1.5 ms packed (`npm run bench:stored-forms`, 2,000
 * scores, 16 writes in flight). Pure.
 */
export interface StoredScore extends Pick<AttemptScore, 'total' | 'max' | 'needsMarking' | 'answered' | 'scoredAt'> {
  /** `[sections, PackedRow[]]` as JSON. */
  packed: string;
}

/** A score written before rows were packed: still read as it is. */
export type LegacyScore = AttemptScore;

/** `[position, itemId, version, type, section, status, points, max, answer?]`; the answer only where the machine scored it. */
type PackedRow = [number, string, number, string, number, 0 | 1 | 2, number, number, unknown?];

const STATUSES: ReadonlyArray<ScoredPosition['status']> = ['scored', 'needs-marking', 'unanswered'];

export function storedScore(score: AttemptScore): StoredScore {
  const { items, sections, ...totals } = score;
  const rows = items.map((i): PackedRow => {
    const row: PackedRow = [i.position, i.itemId, i.version, i.type, i.section, STATUSES.indexOf(i.status) as 0 | 1 | 2, i.points, i.max];
    if (i.answer !== undefined) row.push(i.answer);
    return row;
  });
  return { ...totals, packed: JSON.stringify([sections, rows]) };
}

export function scoreOf(stored: StoredScore | LegacyScore): AttemptScore {
  if (!('packed' in stored)) return stored;
  const { packed, ...totals } = stored;
  const [sections, rows] = JSON.parse(packed) as [AttemptScore['sections'], PackedRow[]];
  const items = rows.map(([position, itemId, version, type, section, status, points, max, answer]): ScoredPosition => ({
    position,
    itemId,
    version,
    type,
    section,
    status: STATUSES[status]!,
    points,
    max,
    ...(answer !== undefined ? { answer } : {}),
  }));
  return { ...totals, sections, items };
}

/** Whether the score carries the answers it was scored from (scores written before rows were packed do not). */
export function carriesAnswers(stored: StoredScore | LegacyScore): boolean {
  return 'packed' in stored;
}
