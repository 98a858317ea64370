import { expect } from 'chai';
import { generateElectricianItems } from '../../../scripts/demo/electrician/items';
import { electricianStandard } from '../../../scripts/demo/electrician/standard';
import { DEMO_SEED } from '../../../scripts/demo/seed';
import { indexPoints } from '../../../server/standards/point-index';
import { FACILITY_BY_DIFFICULTY, pointsOf } from '../../../server/bank/item-schema';
import { LEVELS } from '../../../server/standards/schemas';
import { analysePaper, assemblePaper, assembleParallelForms, buildPoolIndex, checkFeasibility, checkPaper, poolItemsFromRelease, skillBlueprint, theoryBlueprint, weightsAtLevel } from '../../../server/assembly/engine';

describe('A/B forms on the demo 电工 bank', function () {
  this.timeout(60_000);
  const points = indexPoints(electricianStandard);
  const demo = generateElectricianItems({ seed: DEMO_SEED });
  const { items, skipped } = poolItemsFromRelease(
    demo.map((d, i) => ({
      itemId: `demo-${String(i).padStart(5, '0')}`,
      version: 1,
      type: d.content.type,
      pointCode: d.content.pointCode,
      levels: d.content.levels,
      facility: FACILITY_BY_DIFFICULTY[d.content.difficulty]!,
      enemyGroup: d.content.enemyGroup,
      optionCount: d.content.type === 'single' || d.content.type === 'multiple' ? d.content.options.length : 0,
      keepOptionOrder: d.content.type === 'single' || d.content.type === 'multiple' ? d.content.keepOptionOrder : true,
      points: pointsOf(d.content),
    })),
    (code) => points.get(code),
  );
  const index = buildPoolIndex(items);

  it('maps every demo item into the pool', () => {
    expect(skipped).to.deep.equal([]);
    expect(items.length).to.be.at.least(800);
  });

  for (const level of LEVELS) {
    it(`level ${level}: two forms of the default theory blueprint share no item and differ in mean facility by at most 0.02`, () => {
      const blueprint = theoryBlueprint(electricianStandard, level);
      expect(checkFeasibility(index, blueprint, 2)).to.deep.equal([]);
      for (const seed of ['2026-A', '2026-B', '2026-C']) {
        const [a, b] = assembleParallelForms(index, blueprint, `${seed}-${level}`, { forms: 2 });
        const shared = a!.items.filter((item) => b!.items.some((other) => other.itemId === item.itemId));
        expect(shared).to.deep.equal([]);
        expect(Math.abs(a!.meanFacility - b!.meanFacility)).to.be.at.most(0.02);
        expect(checkPaper(a!, index, blueprint)).to.deep.equal([]);
        expect(checkPaper(b!, index, blueprint)).to.deep.equal([]);
        expect(a!.totalPoints).to.equal(100);
      }
    });
  }

  for (const level of LEVELS) {
    it(`level ${level}: the default skill test follows the skill weight table, task by task, and its analysis is ✓`, () => {
      const blueprint = skillBlueprint(electricianStandard, level, { taskType: 'skill' });
      const weights = weightsAtLevel(electricianStandard.weightTables.skill.rows, level);
      expect(blueprint.cells.map((c) => [c.key, c.pointsPerItem])).to.deep.equal(weights.map((w) => [w.key, w.percent]));
      expect(checkFeasibility(index, blueprint)).to.deep.equal([]);
      const paper = assemblePaper(index, blueprint, `skill-${level}`);
      expect(checkPaper(paper, index, blueprint)).to.deep.equal([]);
      expect(paper.items.map((i) => [i.functionCode, i.points])).to.deep.equal(weights.map((w) => [w.key, w.percent]));
      const table = analysePaper(paper, blueprint, { weights: { function: weights } });
      expect(table.byFunction.filter((r) => r.deviates)).to.deep.equal([]);
      expect(table.conforms).to.equal(true);
    });
  }
});
