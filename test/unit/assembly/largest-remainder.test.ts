import { expect } from 'chai';
import fc from 'fast-check';
import { allocateCells, deriveCells, largestRemainder, scopeWeightsAtLevel, weightsAtLevel } from '../../../server/assembly/engine/largest-remainder';
import type { ScopeNode, WeightRow } from '../../../server/standards/schemas';

const row = (code: string, group: 'basic' | 'function', percents: Array<number | null>): WeightRow => ({
  code,
  name: code,
  group,
  cells: ([5, 4, 3, 2, 1] as const).map((level, i) => ({ level, percent: percents[i] ?? null })),
});

describe('assembly: largest remainder', () => {
  it('sums exactly to the total and gives each share its floor or ceiling', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 500 }), fc.array(fc.option(fc.integer({ min: 0, max: 100 }), { nil: null }), { minLength: 1, maxLength: 20 }), (total, weights) => {
        const sum = weights.reduce<number>((a, w) => a + (w ?? 0), 0);
        fc.pre(sum > 0 || total === 0);
        const out = largestRemainder(total, weights);
        expect(out.reduce((a, b) => a + b, 0)).to.equal(total);
        out.forEach((n, i) => {
          const exact = sum === 0 ? 0 : (total * (weights[i] ?? 0)) / sum;
          expect(n).to.be.within(Math.floor(exact + 1e-9), Math.ceil(exact - 1e-9));
          if (!weights[i]) expect(n).to.equal(0);
        });
      }),
    );
  });

  it('gives null ("—", not assessed) and zero weights nothing', () => {
    expect(largestRemainder(7, [null, 5, 0, 5, undefined])).to.deep.equal([0, 4, 0, 3, 0]);
  });

  it('breaks remainder ties by larger weight, then by position, independent of anything else', () => {
    // Three equal weights: the extra unit goes to the first.
    expect(largestRemainder(10, [1, 1, 1])).to.deep.equal([4, 3, 3]);
    expect(largestRemainder(11, [1, 1, 1])).to.deep.equal([4, 4, 3]);
    // 33.3/33.3/33.4 of 100: remainders .3/.3/.4 — the largest remainder wins.
    expect(largestRemainder(100, [33.3, 33.3, 33.4])).to.deep.equal([33, 33, 34]);
    // Equal remainders (.5 each) but different weights: the larger weight wins.
    expect(largestRemainder(2, [1, 3])).to.deep.equal([0, 2]);
    expect(largestRemainder(4, [3, 5])).to.deep.equal([1, 3]);
    // Same input, same output, always.
    const weights = [7, 13, 25, 5, 50];
    expect(largestRemainder(33, weights)).to.deep.equal(largestRemainder(33, [...weights]));
  });

  it('refuses to allocate over weights that are all missing', () => {
    expect(() => largestRemainder(5, [null, 0])).to.throw(RangeError, /all zero or not assessed/);
    expect(largestRemainder(0, [null, 0])).to.deep.equal([0, 0]);
    expect(() => largestRemainder(5, [-1, 2])).to.throw(RangeError);
    expect(() => largestRemainder(2.5, [1])).to.throw(RangeError);
  });
});

describe('assembly: cells from a weight table (controlled rounding)', () => {
  it('gives every weight-table row its exact share over the whole paper, not per section', () => {
    const weights = [
      { key: 'B1', percent: 5 },
      { key: 'B2', percent: 25 },
      { key: '1', percent: 7 },
      { key: '2', percent: 13 },
      { key: '3', percent: 50 },
    ];
    const cells = allocateCells(weights, [{ count: 20 }, { count: 80 }], 'function');
    const byRow = new Map<string, number>();
    for (const c of cells) byRow.set(c.key, (byRow.get(c.key) ?? 0) + c.count);
    // 7% of 100 items is 7 even though 20 × 7% = 1.4 and 80 × 7% = 5.6.
    expect(Object.fromEntries(byRow)).to.deep.equal({ B1: 5, B2: 25, 1: 7, 2: 13, 3: 50 });
    expect(cells.filter((c) => c.section === 0).reduce((a, c) => a + c.count, 0)).to.equal(20);
    expect(cells.filter((c) => c.section === 1).reduce((a, c) => a + c.count, 0)).to.equal(80);
    expect(cells.find((c) => c.section === 0 && c.key === '1')!.count).to.be.oneOf([1, 2]);
  });

  it('keeps every cell at the floor or ceiling of its share and every section at its count (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 60 }), { minLength: 1, maxLength: 12 }),
        fc.array(fc.integer({ min: 0, max: 120 }), { minLength: 1, maxLength: 4 }),
        (percents, counts) => {
          fc.pre(percents.some((p) => p > 0));
          const weights = percents.map((percent, i) => ({ key: `R${i}`, percent }));
          const sections = counts.map((count) => ({ count }));
          const cells = allocateCells(weights, sections, 'function');
          const total = percents.reduce((a, b) => a + b, 0);
          const grand = counts.reduce((a, b) => a + b, 0);
          counts.forEach((count, s) => expect(cells.filter((c) => c.section === s).reduce((a, c) => a + c.count, 0)).to.equal(count));
          weights.forEach((w, r) => {
            let rowTotal = 0;
            counts.forEach((count, s) => {
              const exact = (w.percent / total) * count;
              const got = cells.find((c) => c.section === s && c.key === w.key)?.count ?? 0;
              expect(got, `row ${r} section ${s}`).to.be.within(Math.floor(exact + 1e-9), Math.ceil(exact - 1e-9));
              rowTotal += got;
            });
            const exactRow = (w.percent / total) * grand;
            expect(rowTotal, `row ${r} total`).to.be.within(Math.floor(exactRow + 1e-9), Math.ceil(exactRow - 1e-9));
          });
          expect(cells.every((c) => c.count > 0)).to.equal(true);
        },
      ),
    );
  });

  it('derives cells from a standard’s weight rows at a level, leaving out "—" rows', () => {
    const rows = [
      row('B1', 'basic', [5, 5, 5, 5, 5]),
      row('B2', 'basic', [30, 25, 20, 15, 10]),
      row('1', 'function', [40, 30, 20, null, null]),
      row('2', 'function', [25, 40, 55, 50, 35]),
      row('3', 'function', [null, null, null, 30, 50]),
    ];
    expect(weightsAtLevel(rows, 5).map((w) => w.key)).to.deep.equal(['B1', 'B2', '1', '2']);
    const cells = deriveCells(rows, 2, [{ count: 20 }, { count: 60 }, { count: 10 }]);
    expect(cells.some((c) => c.key === '1')).to.equal(false);
    const perRow = (key: string) => cells.filter((c) => c.key === key).reduce((a, c) => a + c.count, 0);
    // Level 2 of 90 items: B1 4.5, B2 13.5, 2 45, 3 27 — the tied half goes to the larger weight (B2).
    expect([perRow('B1'), perRow('B2'), perRow('2'), perRow('3')]).to.deep.equal([4, 14, 45, 27]);
    expect(perRow('B1') + perRow('B2') + perRow('2') + perRow('3')).to.equal(90);
    expect(cells.every((c) => c.dimension === 'function')).to.equal(true);
  });

  it('derives cells from top-level scopes (鉴定范围) for the scope dimension', () => {
    const scopes: ScopeNode[] = [
      { code: 'A', name: '基本要求', weightRowCode: 'B2', weights: [{ level: 3, percent: 30 }] },
      { code: 'AA', name: 'sub', weights: [{ level: 3, percent: 30 }] },
      { code: 'B', name: '功能一', weightRowCode: '1', weights: [{ level: 3, percent: 70 }] },
      { code: 'C', name: '功能二', weightRowCode: '2', weights: [{ level: 4, percent: 100 }] },
    ];
    expect(scopeWeightsAtLevel(scopes, 3)).to.deep.equal([
      { key: 'A', percent: 30 },
      { key: 'B', percent: 70 },
    ]);
    const cells = deriveCells(scopes, 3, [{ count: 20 }, { count: 80 }], 'scope');
    expect(cells).to.deep.equal([
      { section: 0, dimension: 'scope', key: 'A', count: 6 },
      { section: 0, dimension: 'scope', key: 'B', count: 14 },
      { section: 1, dimension: 'scope', key: 'A', count: 24 },
      { section: 1, dimension: 'scope', key: 'B', count: 56 },
    ]);
  });
});
