import { expect } from 'chai';
import { validateStandard, levelColumnTotals } from '../../../server/standards/rules';
import { StandardSchema, type Standard } from '../../../server/standards/schemas';
import { standardFixture } from '../../support/fixtures';

const valid = (): Standard => StandardSchema.parse(standardFixture('6-31-01-03', '电工'));
const paths = (s: Standard) => validateStandard(s).map((e) => e.path);
const messages = (s: Standard) => validateStandard(s).map((e) => e.message).join('\n');

describe('standard rules', () => {
  it('accepts a consistent standard', () => {
    expect(validateStandard(valid())).to.deep.equal([]);
    expect([...levelColumnTotals(valid().weightTables.theory).values()]).to.deep.equal([100, 100, 100, 100, 100]);
  });

  it('names the weight column that does not total 100', () => {
    const s = valid();
    s.weightTables.theory.rows[0]!.cells.find((c) => c.level === 4)!.percent = 10;
    expect(paths(s)).to.include('weightTables.theory.level.4');
    expect(messages(s)).to.contain('四级/中级工 (level 4) theory column totals 105, not 100');
  });

  it('allows a column of dashes only where the part is not assessed', () => {
    const s = valid();
    for (const row of s.weightTables.skill.rows) row.cells.find((c) => c.level === 1)!.percent = null;
    expect(paths(s)).to.include('weightTables.skill.level.1');
    s.levels.find((l) => l.level === 1)!.parts = s.levels.find((l) => l.level === 1)!.parts.filter((p) => p.part !== 'skill');
    for (const scope of s.elementTables[1]!.scopes) scope.weights = scope.weights.filter((w) => w.level !== 1);
    expect(paths(s)).not.to.include('weightTables.skill.level.1');
  });

  it('refuses panel review below level 2 and even or small panels', () => {
    const s = valid();
    s.levels.find((l) => l.level === 3)!.parts.push({ part: 'review', durationMinutes: 30, passMark: 60, examinerCount: 3 });
    s.levels.find((l) => l.level === 5)!.parts.find((p) => p.part === 'skill')!.examinerCount = 4;
    const text = messages(s);
    expect(text).to.contain('panel review (综合评审) applies only to levels 2 and 1');
    expect(text).to.contain('odd number of at least 3');
  });

  it('checks element weights against children and against the weight table', () => {
    const s = valid();
    s.elementTables[0]!.scopes.find((x) => x.code === 'CA')!.weights.find((w) => w.level === 5)!.percent = 25;
    const found = paths(s);
    expect(found).to.include('elementTables.0.scopes.2.weights.level.5');
    const t = valid();
    t.elementTables[0]!.scopes.find((x) => x.code === 'D')!.weights.find((w) => w.level === 3)!.percent = 20;
    expect(messages(t)).to.match(/scopes of row 2 \(电路维修\) weigh 20 at 三级\/高级工 \(level 3\); the theory weight table says 30/);
  });

  it('requires parents, known weight rows, leaf points and unique codes across the standard', () => {
    const s = valid();
    s.elementTables[0]!.scopes.push({ code: 'XY', name: '孤儿', weights: [] });
    s.elementTables[0]!.scopes[0]!.weightRowCode = 'Z9';
    s.elementTables[0]!.points.push({ scopeCode: 'C', code: '001', name: '挂在非叶子上', importance: 'X', levels: [5] });
    s.elementTables[1]!.points.push({ scopeCode: 'E', code: '001', name: '重复', importance: 'X', levels: [5] });
    s.elementTables[1]!.scopes.push({ code: 'G', name: '技能', weightRowCode: '1', weights: [], xyz: { X: 50, Y: 30, Z: 10 } });
    s.elementTables[1]!.points.push({ scopeCode: 'G', code: '001', name: 'x', importance: 'X', levels: [5] });
    s.elementTables[1]!.points.push({ scopeCode: 'G', code: '002', name: 'y', importance: 'X', levels: [5] });
    s.elementTables[1]!.points.push({ scopeCode: 'B', code: '001', name: '与理论重复', importance: 'X', levels: [5] });
    const text = messages(s);
    expect(text).to.contain('scope XY has no parent X');
    expect(text).to.contain('row Z9 is not in the theory weight table');
    expect(text).to.contain('points attach to leaf scopes; C has children');
    expect(text).to.contain('appraisal point E001 appears twice');
    expect(text).to.contain('X/Y/Z shares total 90, not 100');
    expect(text).to.contain('appraisal point B001 appears twice in the standard (also in theory table)');
  });
});
