import { expect } from 'chai';
import { TEMPLATE_EXAMPLES } from '../../../server/bank/interchange/template-examples';
import { electricianStandard } from '../../../scripts/demo/electrician/standard';

describe('import template examples', () => {
  it('use appraisal points of the 电工 demo standard, at levels those points have', () => {
    const points = new Map(electricianStandard.elementTables.flatMap((t) => t.points.map((p) => [`${p.scopeCode}${p.code}`, p.levels] as const)));
    for (const example of TEMPLATE_EXAMPLES) {
      const levels = points.get(example.pointCode);
      expect(levels, `${example.type} example uses ${example.pointCode}`).to.not.equal(undefined);
      for (const level of example.levels) expect(levels, `${example.pointCode} at level ${level}`).to.include(level);
    }
  });
});
