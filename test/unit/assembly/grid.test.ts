import { expect } from 'chai';
import { derivedCounts, gridOf, readGrid } from '../../../server/assembly/grid';
import { largestRemainder, skillBlueprint, theoryBlueprint } from '../../../server/assembly/engine';
import type { Standard } from '../../../server/standards/schemas';

describe('assembly: the blueprint grid (functions × item types)', () => {
  // Weights at level 3: B1 5, B2 15, 1 45, 2 35 (sum 100).
  const rows = [
    { key: 'B1', name: '职业道德', percent: 5 },
    { key: 'B2', name: '基础知识', percent: 15 },
    { key: '1', name: '功能一', percent: 45 },
    { key: '2', name: '功能二', percent: 35 },
  ];
  const labels = new Map([['judge', '判断题'], ['single', '单项选择题'], ['multiple', '多项选择题']]);
  const types = ['judge', 'single', 'multiple'];

  it('derives a column left blank from the weights for its count, and leaves the cells to the service', () => {
    const read = readGrid({ count_judge: '20', points_judge: '1', count_single: '80', points_single: '1', count_multiple: '0', points_multiple: '2' }, 'theory', types, rows, labels);
    expect(read.ok).to.equal(true);
    if (!read.ok) return;
    expect(read.input.sections!.map((s) => [s.type, s.count, s.pointsPerItem])).to.deep.equal([
      ['judge', 20, 1],
      ['single', 80, 1],
    ]);
    expect(read.input.cells).to.equal(undefined);
    // Hand-computed shares of 20 items at 5/15/45/35 %: 1, 3, 9, 7.
    expect([...derivedCounts(rows, 20).entries()]).to.deep.equal([['B1', 1], ['B2', 3], ['1', 9], ['2', 7]]);
  });

  it('takes a typed column as typed (blank cells 0, count = their sum) and derives the others', () => {
    const read = readGrid({ count_judge: '20', points_judge: '1', count_single: '80', cell_single_B1: '4', cell_single_B2: '16', cell_single_1: '40', points_single: '1' }, 'theory', types, rows, labels);
    expect(read.ok).to.equal(true);
    if (!read.ok) return;
    expect(read.input.sections!.map((s) => [s.type, s.count])).to.deep.equal([
      ['judge', 20],
      ['single', 60],
    ]);
    const byColumn = (section: number) => read.input.cells!.filter((c) => c.section === section).map((c) => [c.key, c.count]);
    expect(byColumn(0)).to.deep.equal([['B1', 1], ['B2', 3], ['1', 9], ['2', 7]]);
    expect(byColumn(1)).to.deep.equal([['B1', 4], ['B2', 16], ['1', 40]]);
  });

  it('names each bad cell by row and type, and refuses an empty grid', () => {
    const read = readGrid({ count_single: '80', cell_single_1: '4.5', cell_single_2: '-1', points_single: '0' }, 'theory', types, rows, labels);
    expect(read.ok).to.equal(false);
    if (read.ok) return;
    expect(read.errors.map((e) => [e.field, e.key, e.vars.row ?? ''])).to.deep.equal([
      ['cell_single_1', 'assembly.grid.count', '1 功能一'],
      ['cell_single_2', 'assembly.grid.count', '2 功能二'],
      ['points_single', 'assembly.grid.points', ''],
    ]);
    const empty = readGrid({ count_judge: '0', count_single: '', count_multiple: '0' }, 'theory', types, rows, labels);
    expect(empty.ok).to.equal(false);
    if (!empty.ok) expect(empty.errors.map((e) => e.key)).to.deep.equal(['assembly.grid.empty']);
  });

  const skillRows = [
    { key: '1', name: '功能一', percent: 50 },
    { key: '2', name: '功能二', percent: 35 },
    { key: '3', name: '功能三', percent: 15 },
  ];

  it('leaves an untouched skill column to the skill weight table, and reads typed tasks with their points', () => {
    const untouched = readGrid({}, 'skill', ['skill'], skillRows, new Map([['skill', '技能操作试题']]));
    expect(untouched).to.deep.equal({ ok: true, input: {} });
    const typed = readGrid({ cellpoints_skill_1: '40', cellpoints_skill_2: '40' }, 'skill', ['skill'], skillRows, new Map());
    expect(typed.ok).to.equal(true);
    if (!typed.ok) return;
    // Counts not typed stay one task per assessed function; 功能三 keeps its derived 15 points.
    expect(typed.input.cells!.map((c) => [c.key, c.count, c.pointsPerItem])).to.deep.equal([
      ['1', 1, 40],
      ['2', 1, 40],
      ['3', 1, 15],
    ]);
    expect(typed.input.sections!.map((s) => [s.type, s.count])).to.deep.equal([['skill', 3]]);
  });

  it('shows a stored blueprint: its columns first, overridden only where it departs from the weights', () => {
    const standard = {
      levels: [{ level: 3, name: '三级/高级工', parts: [{ part: 'theory', durationMinutes: 120, passMark: 60 }] }],
      weightTables: {
        theory: { rows: rows.map((r) => ({ code: r.key, name: r.name, group: r.key.startsWith('B') ? 'basic' : 'function', cells: [{ level: 3, percent: r.percent }] })) },
        skill: { rows: skillRows.map((r) => ({ code: r.key, name: r.name, group: 'function', cells: [{ level: 3, percent: r.percent }] })) },
      },
      elementTables: [],
    } as unknown as Pick<Standard, 'weightTables' | 'elementTables' | 'levels'>;
    const derived = theoryBlueprint(standard, 3);
    const tableTypes = [...labels].map(([name, label]) => ({ name, label }));
    const plain = gridOf(derived, rows, tableTypes, derived);
    expect(plain.columns.map((c) => [c.type, c.count, c.overridden])).to.deep.equal([
      ['judge', 20, false],
      ['single', 80, false],
      ['multiple', 0, false],
    ]);
    const edited = theoryBlueprint(standard, 3, { cells: derived.cells.map((c) => (c.section === 1 && c.key === '1' ? { ...c, count: c.count + 1 } : c.section === 1 && c.key === '2' ? { ...c, count: c.count - 1 } : c)) });
    expect(gridOf(edited, rows, tableTypes, derived).columns.map((c) => c.overridden)).to.deep.equal([false, true, false]);
    const skillDefault = skillBlueprint(standard, 3, { taskType: 'skill' });
    expect(gridOf(skillDefault, skillRows, [{ name: 'skill', label: '技能' }], skillDefault).columns[0]!.overridden).to.equal(false);
    // The derived counts agree with Hamilton's method applied by hand.
    expect(largestRemainder(80, [5, 15, 45, 35])).to.deep.equal([4, 12, 36, 28]);
  });
});
