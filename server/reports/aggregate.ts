import type { Overall } from '../results/rules';

/**
 * 季度统计: pass rates and candidate counts by quarter, centre, occupation and level. Pure: the
 * published result versions in (already in scope and filtered), the table out.
 *
 * - Each candidate counts once per 鉴定批次: of several versions of one result (`batchKey`,
 *   `candidateId`) only the newest (highest `version`) counts.
 * - 鉴定批次 (batches) is how many batches the group's results come from; 考生人数 (candidates) is every counted result; 缺考 (absent) did not sit; 参考人数 (sat) is
 *   candidates − absent; 合格率 (pass rate) is passed ÷ sat, null when nobody sat. A void result
 *   (成绩无效) sat and did not pass; so did a pending one (publishing refuses pending results,
 *   so it appears only if a rule changes).
 */
export interface ResultFact {
  /** The publication (centre + 鉴定批次). */
  batchKey: string;
  candidateId: string;
  version: number;
  year: number;
  quarter: number;
  centreId: string;
  centreName: string;
  occupationCode: string;
  occupationName: string;
  level: number;
  overall: Overall;
}

export interface PassTally {
  batches: number;
  candidates: number;
  absent: number;
  sat: number;
  passed: number;
  failed: number;
  void: number;
  pending: number;
  /** passed ÷ sat, rounded to 4 decimals; null when nobody sat. */
  passRate: number | null;
}

export interface QuarterKey {
  year: number;
  quarter: number;
}
export interface CentreKey {
  centreId: string;
  centreName: string;
}
export interface OccupationKey {
  occupationCode: string;
  occupationName: string;
}
export interface LevelKey {
  level: number;
}
export type DetailKey = QuarterKey & CentreKey & OccupationKey & LevelKey;

export interface PassRateTable {
  total: PassTally;
  /** One row per quarter × centre × occupation × level that has results. */
  rows: Array<DetailKey & PassTally>;
  byQuarter: Array<QuarterKey & PassTally>;
  byCentre: Array<CentreKey & PassTally>;
  byOccupation: Array<OccupationKey & PassTally>;
  byLevel: Array<LevelKey & PassTally>;
}

type Counting = Omit<PassTally, 'passRate' | 'batches'> & { batchKeys: Set<string> };
const empty = (): Counting => ({ batchKeys: new Set(), candidates: 0, absent: 0, sat: 0, passed: 0, failed: 0, void: 0, pending: 0 });

function add(t: Counting, f: ResultFact): void {
  const overall = f.overall;
  t.batchKeys.add(f.batchKey);
  t.candidates += 1;
  if (overall === 'absent') {
    t.absent += 1;
    return;
  }
  t.sat += 1;
  if (overall === 'pass') t.passed += 1;
  else if (overall === 'fail') t.failed += 1;
  else if (overall === 'void') t.void += 1;
  else t.pending += 1;
}

/** passed ÷ sat to 4 decimals (0.6667 for 2 of 3), or null when nobody sat. */
export function passRateOf(passed: number, sat: number): number | null {
  return sat === 0 ? null : Math.round((passed / sat) * 10_000) / 10_000;
}

const finish = ({ batchKeys, ...t }: Counting): PassTally => ({ batches: batchKeys.size, ...t, passRate: passRateOf(t.passed, t.sat) });

/** The newest version of each (batch, candidate). */
export function newestPerCandidate(facts: readonly ResultFact[]): ResultFact[] {
  const newest = new Map<string, ResultFact>();
  for (const f of facts) {
    const key = `${f.batchKey}\u0000${f.candidateId}`;
    const seen = newest.get(key);
    if (!seen || seen.version < f.version) newest.set(key, f);
  }
  return [...newest.values()];
}

function groupBy<K extends object>(facts: readonly ResultFact[], keyOf: (f: ResultFact) => K, id: (k: K) => string, order: (a: K, b: K) => number): Array<K & PassTally> {
  const groups = new Map<string, { key: K; tally: Counting }>();
  for (const f of facts) {
    const key = keyOf(f);
    const k = id(key);
    let g = groups.get(k);
    if (!g) groups.set(k, (g = { key, tally: empty() }));
    add(g.tally, f);
  }
  return [...groups.values()].sort((a, b) => order(a.key, b.key)).map((g) => ({ ...g.key, ...finish(g.tally) }));
}

const byQuarterOrder = (a: QuarterKey, b: QuarterKey) => a.year - b.year || a.quarter - b.quarter;
const byCentreOrder = (a: CentreKey, b: CentreKey) => a.centreName.localeCompare(b.centreName, 'zh-CN') || a.centreId.localeCompare(b.centreId);
const byOccupationOrder = (a: OccupationKey, b: OccupationKey) => a.occupationCode.localeCompare(b.occupationCode);
/** 五级 (level 5, the lowest) first, up to 一级. */
const byLevelOrder = (a: LevelKey, b: LevelKey) => b.level - a.level;

export function aggregatePassRates(facts: readonly ResultFact[]): PassRateTable {
  const counted = newestPerCandidate(facts);
  const total = empty();
  for (const f of counted) add(total, f);
  const quarter = (f: ResultFact): QuarterKey => ({ year: f.year, quarter: f.quarter });
  const centre = (f: ResultFact): CentreKey => ({ centreId: f.centreId, centreName: f.centreName });
  const occupation = (f: ResultFact): OccupationKey => ({ occupationCode: f.occupationCode, occupationName: f.occupationName });
  const level = (f: ResultFact): LevelKey => ({ level: f.level });
  return {
    total: finish(total),
    rows: groupBy(
      counted,
      (f) => ({ ...quarter(f), ...centre(f), ...occupation(f), ...level(f) }),
      (k) => `${k.year}-${k.quarter}|${k.centreId}|${k.occupationCode}|${k.level}`,
      (a, b) => byQuarterOrder(a, b) || byCentreOrder(a, b) || byOccupationOrder(a, b) || byLevelOrder(a, b),
    ),
    byQuarter: groupBy(counted, quarter, (k) => `${k.year}-${k.quarter}`, byQuarterOrder),
    byCentre: groupBy(counted, centre, (k) => k.centreId, byCentreOrder),
    byOccupation: groupBy(counted, occupation, (k) => k.occupationCode, byOccupationOrder),
    byLevel: groupBy(counted, level, (k) => String(k.level), byLevelOrder),
  };
}
