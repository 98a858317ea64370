import { expect } from 'chai';
import { aggregatePassRates, passRateOf, type ResultFact } from '../../../server/reports/aggregate';
import type { Overall } from '../../../server/results/rules';

const BEIJING = { centreId: 'c-bj', centreName: '北京鉴定站' };
const SHANGHAI = { centreId: 'c-sh', centreName: '上海鉴定站' };
const ELECTRICIAN = { occupationCode: '6-31-01-03', occupationName: '电工' };
const WELDER = { occupationCode: '6-18-02-04', occupationName: '焊工' };

type Batch = Pick<ResultFact, 'batchKey' | 'year' | 'quarter' | 'centreId' | 'centreName' | 'occupationCode' | 'occupationName' | 'level'>;
const A1: Batch = { batchKey: 'A1', year: 2026, quarter: 1, ...BEIJING, ...ELECTRICIAN, level: 3 };
const A2: Batch = { batchKey: 'A2', year: 2026, quarter: 2, ...BEIJING, ...ELECTRICIAN, level: 4 };
const B1: Batch = { batchKey: 'B1', year: 2026, quarter: 2, ...SHANGHAI, ...WELDER, level: 3 };
const fact = (batch: Batch, candidateId: string, overall: Overall, version = 1): ResultFact => ({ ...batch, candidateId, overall, version });

/**
 * Ten counted results in three batches, worked by hand:
 *   A1 (北京, 电工, 三级, 2026 Q1): c1 fail→pass (v2 counts), c2 pass, c3 fail, c4 absent, c5 void
 *       → 5 candidates, 1 absent, 4 sat, 2 passed, 1 failed, 1 void, 2/4 = 0.5
 *   A2 (北京, 电工, 四级, 2026 Q2): c1 pass (another batch: counted again), c6 fail, c7 fail
 *       → 3 candidates, 3 sat, 1 passed, 2 failed, 1/3 = 0.3333
 *   B1 (上海, 焊工, 三级, 2026 Q2): c8 absent, c9 absent → 2 candidates, 0 sat, no rate
 *   total: 3 batches, 10 candidates, 3 absent, 7 sat, 3 passed, 3 failed, 1 void, 3/7 = 0.428571… → 0.4286
 */
const FACTS: ResultFact[] = [
  fact(A1, 'c1', 'fail', 1), fact(A1, 'c1', 'pass', 2), fact(A1, 'c2', 'pass'), fact(A1, 'c3', 'fail'), fact(A1, 'c4', 'absent'), fact(A1, 'c5', 'void'),
  fact(A2, 'c1', 'pass'), fact(A2, 'c6', 'fail'), fact(A2, 'c7', 'fail'),
  fact(B1, 'c8', 'absent'), fact(B1, 'c9', 'absent'),
];

const tally = (batches: number, candidates: number, absent: number, sat: number, passed: number, failed: number, voided: number, passRate: number | null) => ({ batches, candidates, absent, sat, passed, failed, void: voided, pending: 0, passRate });

describe('reports aggregate: pass rates by quarter, centre, occupation and level', () => {
  it('counts the newest version of each candidate once per batch, with pass rate = passed ÷ (candidates − absent)', () => {
    const table = aggregatePassRates(FACTS);
    expect(table.total).to.deep.equal(tally(3, 10, 3, 7, 3, 3, 1, 0.4286));
    expect(table.rows).to.deep.equal([
      { year: 2026, quarter: 1, ...BEIJING, ...ELECTRICIAN, level: 3, ...tally(1, 5, 1, 4, 2, 1, 1, 0.5) },
      { year: 2026, quarter: 2, ...BEIJING, ...ELECTRICIAN, level: 4, ...tally(1, 3, 0, 3, 1, 2, 0, 0.3333) },
      { year: 2026, quarter: 2, ...SHANGHAI, ...WELDER, level: 3, ...tally(1, 2, 2, 0, 0, 0, 0, null) },
    ]);
  });

  it('sums each dimension on its own: quarters in order, centres by name, occupations by code, levels from 五级 up', () => {
    const table = aggregatePassRates(FACTS);
    // Q2 = A2 + B1: 3 + 2 candidates, 2 absent, 3 sat, 1 passed → 1/3.
    expect(table.byQuarter).to.deep.equal([
      { year: 2026, quarter: 1, ...tally(1, 5, 1, 4, 2, 1, 1, 0.5) },
      { year: 2026, quarter: 2, ...tally(2, 5, 2, 3, 1, 2, 0, 0.3333) },
    ]);
    // 北京 = A1 + A2: 8 candidates, 1 absent, 7 sat, 3 passed → 3/7. 北京 (běi) sorts before 上海 (shàng).
    expect(table.byCentre).to.deep.equal([
      { ...BEIJING, ...tally(2, 8, 1, 7, 3, 3, 1, 0.4286) },
      { ...SHANGHAI, ...tally(1, 2, 2, 0, 0, 0, 0, null) },
    ]);
    expect(table.byOccupation).to.deep.equal([
      { ...WELDER, ...tally(1, 2, 2, 0, 0, 0, 0, null) },
      { ...ELECTRICIAN, ...tally(2, 8, 1, 7, 3, 3, 1, 0.4286) },
    ]);
    // 三级 = A1 + B1: 7 candidates, 3 absent, 4 sat, 2 passed → 0.5.
    expect(table.byLevel).to.deep.equal([
      { level: 4, ...tally(1, 3, 0, 3, 1, 2, 0, 0.3333) },
      { level: 3, ...tally(2, 7, 3, 4, 2, 1, 1, 0.5) },
    ]);
  });

  it('takes the highest version whatever order the versions come in, and never counts a candidate twice in one batch', () => {
    const reversed = aggregatePassRates([...FACTS].reverse());
    expect(reversed.total).to.deep.equal(aggregatePassRates(FACTS).total);
    // A correction that fails c2 (version 2) moves A1 from 2/4 to 1/4.
    const corrected = aggregatePassRates([...FACTS, fact(A1, 'c2', 'fail', 2)]);
    expect(corrected.rows[0]).to.include({ candidates: 5, passed: 1, failed: 2, passRate: 0.25 });
  });

  it('gives an empty table for no results, and a rate only when someone sat', () => {
    expect(aggregatePassRates([])).to.deep.equal({ total: tally(0, 0, 0, 0, 0, 0, 0, null), rows: [], byQuarter: [], byCentre: [], byOccupation: [], byLevel: [] });
    expect(passRateOf(0, 0)).to.equal(null);
    expect(passRateOf(2, 3)).to.equal(0.6667);
    expect(passRateOf(3, 3)).to.equal(1);
    expect(passRateOf(0, 5)).to.equal(0);
  });
});
