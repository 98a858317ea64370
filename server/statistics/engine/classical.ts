import { pearson } from './descriptive';
import { DEFAULT_THRESHOLDS, type CandidateRecord, type DubiousReason, type ItemFacts, type ItemStatistics, type OptionRate, type PaperReliability, type StatisticsThresholds } from './types';

/**
 * Classical item analysis (经典测量理论): facility, the corrected item-total correlation, the
 * upper–lower 27% index, option selection rates and the dubious-item flag, per item, over the
 * candidates who were shown it. Each candidate's total is the sum of their points on the scored
 * positions given (so on 一人一卷 papers totals come from different, comparable papers).
 */
export function itemStatistics(records: readonly CandidateRecord[], facts: readonly ItemFacts[], thresholds: StatisticsThresholds = DEFAULT_THRESHOLDS): ItemStatistics[] {
  const totals = records.map((r) => r.responses.reduce((a, x) => a + x.points, 0));
  /** Per item: the indexes of the candidates who saw it and their response. */
  const seen = new Map<string, Array<{ candidate: number; points: number; max: number; selected: readonly string[] | undefined }>>();
  records.forEach((record, candidate) => {
    for (const r of record.responses) {
      if (!(r.max > 0)) throw new RangeError(`item ${r.item}: max must be positive`);
      let list = seen.get(r.item);
      if (!list) seen.set(r.item, (list = []));
      list.push({ candidate, points: r.points, max: r.max, selected: r.selected });
    }
  });
  return facts.map((fact) => {
    const list = seen.get(fact.item) ?? [];
    const n = list.length;
    const fraction = list.map((r) => r.points / r.max);
    const facility = n ? fraction.reduce((a, f) => a + f, 0) / n : Number.NaN;
    const itemRest = pearson(
      list.map((r) => r.points),
      list.map((r) => totals[r.candidate]! - r.points),
    );
    const upperLower = upperLowerIndex(
      list.map((r, i) => ({ total: totals[r.candidate]!, fraction: fraction[i]! })),
      thresholds.groupShare,
    );
    const counts = new Map<string, number>(fact.categories.map((c) => [c, 0]));
    let omitted = 0;
    for (const r of list) {
      if (r.selected === undefined) {
        omitted += 1;
        continue;
      }
      for (const key of new Set(r.selected)) if (counts.has(key)) counts.set(key, counts.get(key)! + 1);
    }
    const keyed = new Set(fact.keyed);
    const options: OptionRate[] = fact.categories.map((key) => ({ key, count: counts.get(key)!, rate: n ? counts.get(key)! / n : 0, keyed: keyed.has(key) }));
    const dubious: DubiousReason[] = [];
    if (n) {
      if (facility < thresholds.minFacility) dubious.push('too-hard');
      if (facility > thresholds.maxFacility) dubious.push('too-easy');
      if (itemRest !== null && itemRest < thresholds.minDiscrimination) dubious.push('low-discrimination');
    }
    return { item: fact.item, n, answered: n - omitted, facility, itemRest, upperLower, options, omitted: { count: omitted, rate: n ? omitted / n : 0 }, dubious };
  });
}

/**
 * Kelley's upper–lower index D = p(upper) − p(lower): candidates ordered by total score, highest
 * first (ties keep their input order), the top and bottom round(share × n) of them compared.
 * Null when a group would be empty or the groups would overlap (fewer than 4 candidates).
 */
export function upperLowerIndex(rows: ReadonlyArray<{ total: number; fraction: number }>, share: number): number | null {
  const n = rows.length;
  const g = Math.round(share * n);
  if (n < 4 || g < 1 || 2 * g > n) return null;
  const order = rows.map((_, i) => i).sort((a, b) => rows[b]!.total - rows[a]!.total || a - b);
  let upper = 0;
  let lower = 0;
  for (let i = 0; i < g; i += 1) {
    upper += rows[order[i]!]!.fraction;
    lower += rows[order[n - 1 - i]!]!.fraction;
  }
  return (upper - lower) / g;
}

/**
 * KR-20 per paper: right/wrong item scores (full marks = right), k items, Σpq against the
 * variance of the number right. Candidates of one paper all saw the same items.
 */
export function paperReliability(records: readonly CandidateRecord[]): PaperReliability[] {
  const byPaper = new Map<string, CandidateRecord[]>();
  for (const r of records) {
    let list = byPaper.get(r.paper);
    if (!list) byPaper.set(r.paper, (list = []));
    list.push(r);
  }
  return [...byPaper.entries()].map(([paper, list]) => {
    const items = [...new Set(list.flatMap((r) => r.responses.map((x) => x.item)))];
    return { paper, candidates: list.length, items: items.length, kr20: kr20(list, items) };
  });
}

function kr20(list: readonly CandidateRecord[], items: readonly string[]): number | null {
  const k = items.length;
  const n = list.length;
  if (k < 2 || n < 2) return null;
  const right = new Map<string, number>(items.map((i) => [i, 0]));
  const totals = list.map((r) => {
    let t = 0;
    for (const x of r.responses) {
      if (x.points >= x.max) {
        t += 1;
        right.set(x.item, right.get(x.item)! + 1);
      }
    }
    return t;
  });
  const m = totals.reduce((a, t) => a + t, 0) / n;
  const varTotal = totals.reduce((a, t) => a + (t - m) ** 2, 0) / n;
  if (!(varTotal > 1e-12)) return null;
  let sumPq = 0;
  for (const count of right.values()) {
    const p = count / n;
    sumPq += p * (1 - p);
  }
  return (k / (k - 1)) * (1 - sumPq / varTotal);
}
