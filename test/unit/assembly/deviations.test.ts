import { createHash } from 'node:crypto';
import { expect } from 'chai';
import { analysePaper, assemblePaper, buildPoolIndex, checkPaper, reproducePaper, skillBlueprint, BlueprintSchema, normaliseBlueprint } from '../../../server/assembly/engine';
import type { Standard } from '../../../server/standards/schemas';
import { poolItem } from './support';

describe('assembly: the analysis table flags every deviation', () => {
  const pool = Array.from({ length: 12 }, (_, i) => poolItem({ id: `S${i}`, type: 'skill', functionCode: ['1', '2', '3'][i % 3]!, scopeCode: ['J', 'K', 'L'][i % 3]!, facility: 0.65, optionCount: 0, levels: [5, 4, 3] }));
  const weights = { function: [{ key: '1', percent: 50 }, { key: '2', percent: 35 }, { key: '3', percent: 15 }] };

  it('marks a skill paper that puts everything on one function as deviating, row by row, and not ✓', () => {
    const oneTask = BlueprintSchema.parse({ level: 5, part: 'skill', sections: [{ type: 'skill', count: 1, pointsPerItem: 100 }], cells: [{ section: 0, dimension: 'function', key: '1', count: 1 }], difficulty: { min: 0, max: 1 } });
    const table = analysePaper(assemblePaper(buildPoolIndex(pool), oneTask, 1), oneTask, { weights });
    expect(table.byFunction.map((r) => [r.key, r.targetPercent, r.actualPercent, r.deviates])).to.deep.equal([
      ['1', 50, 100, true],
      ['2', 35, 0, true],
      ['3', 15, 0, true],
    ]);
    expect(table.withinBand).to.equal(true);
    expect(table.conforms).to.equal(false);
  });

  // The skill weight table of the demo 电工 standard (scripts/demo/electrician/standard.ts), columns 5…1.
  const skillRows = [
    { code: '1', name: '功能一', group: 'function', cells: [50, 25, 10, null, null] },
    { code: '2', name: '功能二', group: 'function', cells: [35, 30, 20, 15, 10] },
    { code: '3', name: '功能三', group: 'function', cells: [15, 20, null, null, null] },
    { code: '4', name: '功能四', group: 'function', cells: [null, 25, 25, 25, 25] },
  ].map((r) => ({ ...r, cells: r.cells.map((percent, i) => ({ level: 5 - i, percent })) }));
  const standard = {
    levels: [{ level: 5, name: '五级/初级工', parts: [{ part: 'skill', durationMinutes: 120, passMark: 60 }] }],
    weightTables: { theory: { rows: [] }, skill: { rows: skillRows } },
  } as unknown as Pick<Standard, 'weightTables' | 'levels'>;

  it('builds the skill test from the skill weight table: one task per function, points as weighted (50 / 35 / 15 at level 5)', () => {
    const bp = skillBlueprint(standard, 5, { taskType: 'skill', difficulty: { min: 0, max: 1 } });
    expect(bp.cells.map((c) => [c.key, c.count, c.pointsPerItem])).to.deep.equal([
      ['1', 1, 50],
      ['2', 1, 35],
      ['3', 1, 15],
    ]);
    expect(bp.sections[0]!.count).to.equal(3);
    expect(bp.totalMarks).to.equal(100);
    expect(bp.durationMinutes).to.equal(120);
    // Level 4: 25 / 30 / 20 / 25 → four tasks.
    expect(skillBlueprint(standard, 4, { taskType: 'skill' }).cells.map((c) => c.pointsPerItem)).to.deep.equal([25, 30, 20, 25]);
  });

  it('draws a weighted skill paper whose tasks carry their function\'s points, checks it, and marks it ✓', () => {
    const bp = skillBlueprint(standard, 5, { taskType: 'skill', difficulty: { min: 0, max: 1 } });
    const index = buildPoolIndex(pool);
    const paper = assemblePaper(index, bp, 'skill-5');
    expect(paper.items.map((i) => [i.functionCode, i.points])).to.deep.equal([
      ['1', 50],
      ['2', 35],
      ['3', 15],
    ]);
    expect(paper.totalPoints).to.equal(100);
    expect(checkPaper(paper, index, bp)).to.deep.equal([]);
    expect(reproducePaper(paper, index, bp).identical).to.equal(true);
    const table = analysePaper(paper, bp, { weights });
    expect(table.byFunction.map((r) => [r.key, r.targetPercent, r.actualPercent, r.deviates])).to.deep.equal([
      ['1', 50, 50, false],
      ['2', 35, 35, false],
      ['3', 15, 15, false],
    ]);
    expect(table.conforms).to.equal(true);
    // The checker refuses a paper whose task carries the wrong points (an edited record).
    const tampered = { ...paper, items: paper.items.map((i, n) => (n === 0 ? { ...i, points: 35 } : n === 1 ? { ...i, points: 50 } : i)) };
    expect(checkPaper(tampered, index, bp).map((v) => v.code)).to.include('points');
  });

  it('flags every function row of a paper whose task points do not follow the weights, and does not mark it ✓', () => {
    // Three tasks, but equal points: 33.33 against 50 / 35 / 15.
    const equal = BlueprintSchema.parse({ level: 5, part: 'skill', sections: [{ type: 'skill', count: 3, pointsPerItem: 33 }], cells: ['1', '2', '3'].map((key) => ({ section: 0, dimension: 'function', key, count: 1 })), difficulty: { min: 0, max: 1 } });
    const table = analysePaper(assemblePaper(buildPoolIndex(pool), equal, 2), equal, { weights });
    expect(table.byFunction.map((r) => [r.key, r.deviates])).to.deep.equal([
      ['1', true],
      ['2', false],
      ['3', true],
    ]);
    expect(table.conforms).to.equal(false);
  });

  it('keeps the fingerprint of blueprints whose cells set no points of their own', () => {
    const plain = { level: 5 as const, sections: [{ type: 'judge' as const, count: 2, pointsPerItem: 1 }], cells: [{ section: 0, dimension: 'function' as const, key: '1', count: 2 }] };
    const withSame = { ...plain, cells: [{ ...plain.cells[0]!, pointsPerItem: 1 }] };
    // The fingerprint as it was computed before cells could carry points (so stored papers still verify).
    const before = createHash('sha256')
      .update(JSON.stringify({ level: 5, part: 'theory', sections: [['judge', 2, 1]], cells: [[0, 'function', '1', 2]], importanceMix: [], difficulty: [0.55, 0.75], exposure: { policy: 'stratified', strata: 4, preference: 2 }, itemOrder: 'shuffle' }))
      .digest('hex');
    expect(normaliseBlueprint(plain).fingerprint).to.equal(before);
    expect(normaliseBlueprint(withSame).fingerprint).to.not.equal(before);
  });
});
