import { expect } from 'chai';
import { coverageReport } from '../../../server/bank/coverage';
import type { PointFacts } from '../../../server/standards/point-index';

const point = (code: string, part: 'theory' | 'skill', levels: Array<1 | 2 | 3 | 4 | 5>): PointFacts => ({ code, name: code, part, levels, importance: 'X', scopeCode: code.slice(0, -3), topScopeCode: code[0]!, weightRowCode: '1' });

describe('coverage report', () => {
  it('counts approved items per point × type × level and flags cells below the minimum', () => {
    const points = [point('A001', 'theory', [5, 2]), point('S001', 'skill', [5])];
    const items = [
      ...Array.from({ length: 4 }, () => ({ pointCode: 'A001', type: 'judge' as const, levels: [5, 2] })),
      ...Array.from({ length: 3 }, () => ({ pointCode: 'A001', type: 'single' as const, levels: [5] })),
      ...Array.from({ length: 2 }, () => ({ pointCode: 'B001', type: 'multiple' as const, levels: [2] })),
      { pointCode: 'S001', type: 'skill' as const, levels: [5] },
    ];
    const report = coverageReport(points, items, 4);
    const a = report.rows.find((r) => r.pointCode === 'A001')!;
    // 多选 is used only at level 2 and 单选 only at level 5: each is checked only where it is used.
    expect(a.cells.map((c) => `${c.level}${c.type}:${c.count}${c.short ? '!' : ''}`)).to.deep.equal(['5judge:4', '5single:3!', '2judge:4', '2multiple:0!']);
    const s = report.rows.find((r) => r.pointCode === 'S001')!;
    expect(s.cells).to.deep.equal([{ type: 'skill', level: 5, count: 1, short: true }]);
    expect(report.shortCells).to.equal(3);
    expect(report.totalCells).to.equal(5);
    expect(report.theoryTypesByLevel).to.deep.equal([
      { level: 5, types: ['judge', 'single'] },
      { level: 2, types: ['judge', 'multiple'] },
    ]);
  });
});
