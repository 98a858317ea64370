import { expect } from 'chai';
import { analysePaper, assemblePaper, buildPoolIndex, BlueprintSchema } from '../../../server/assembly/engine';
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

});
