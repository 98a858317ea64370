import { allocateCells, cellPoints, largestRemainder, type Blueprint, type BlueprintCell, type BlueprintSection, type Weight } from './engine';

/**
 * The blueprint grid (组卷方案网格): rows are the weight-table functions assessed at the level,
 * columns the item types. Each cell is a count; left blank, a column's counts are derived from
 * the weights (largest remainder) for the column's total, and typing any cell overrides the whole
 * column with what is typed. A skill column's cells also carry their points (the task's marks),
 * derived from the weights of a 100-point test unless typed. Pure: fields in, blueprint input out.
 */

export interface GridColumn {
  type: string;
  /** Name shown at the top of the column (the question type's name in the page's language). */
  label: string;
  /** Section title on the paper (kept from an existing blueprint, else the type's name). */
  title: string;
  count: number;
  pointsPerItem: number;
  /** Cells of this column as stored or derived (row key → count, points). */
  cells: Map<string, { count: number; points?: number }>;
  /** Whether the stored blueprint overrides this column's derived counts. */
  overridden: boolean;
}

export interface GridRow {
  key: string;
  name: string;
  percent: number;
}

export interface GridModel {
  part: 'theory' | 'skill';
  rows: GridRow[];
  columns: GridColumn[];
}

/** Derived counts of one column: its total spread over the rows by the weights. */
export function derivedCounts(weights: readonly Weight[], count: number): Map<string, number> {
  return derivedColumns(weights, [count])[0]!;
}

/**
 * Derived counts of several columns at once, as the service derives a whole blueprint
 * (controlled rounding: each row's total is also its share of all the columns together).
 */
export function derivedColumns(weights: readonly Weight[], counts: readonly number[]): Array<Map<string, number>> {
  const out = counts.map(() => new Map<string, number>());
  for (const c of allocateCells(weights, counts.map((count) => ({ count })), 'function')) out[c.section]!.set(c.key, c.count);
  return out;
}

/** Derived points of skill tasks: the test's marks spread over the rows by the weights. */
export function derivedPoints(weights: readonly Weight[], totalMarks: number): Map<string, number> {
  const points = largestRemainder(totalMarks, weights.map((w) => w.percent));
  return new Map(weights.map((w, i) => [w.key, points[i]!]));
}

/**
 * The grid of a blueprint (or of the defaults when `blueprint` is the derived default).
 * Columns: the blueprint's sections in order, then the other `types` with count 0.
 */
export function gridOf(blueprint: Pick<Blueprint, 'sections' | 'cells' | 'part'>, rows: GridRow[], types: ReadonlyArray<{ name: string; label: string }>, derived: Pick<Blueprint, 'sections' | 'cells'>): GridModel {
  const weights = rows.map((r) => ({ key: r.key, percent: r.percent }));
  const joint = derivedColumns(weights, blueprint.sections.map((s) => s.count));
  const column = (section: BlueprintSection, index: number): GridColumn => {
    const cells = new Map<string, { count: number; points?: number }>();
    for (const c of blueprint.cells) if (c.section === index) cells.set(c.key, { count: c.count, ...(c.pointsPerItem !== undefined ? { points: c.pointsPerItem } : {}) });
    const fromWeights = joint[index]!;
    const derivedSection = derived.sections.findIndex((s) => s.type === section.type);
    const overridden =
      blueprint.part === 'skill'
        ? !sameCells(blueprint, index, derived, derivedSection)
        : [...new Set([...cells.keys(), ...fromWeights.keys()])].some((k) => (cells.get(k)?.count ?? 0) !== (fromWeights.get(k) ?? 0));
    return { type: section.type, label: types.find((t) => t.name === section.type)?.label ?? section.type, title: section.title ?? '', count: section.count, pointsPerItem: section.pointsPerItem, cells, overridden };
  };
  const columns = blueprint.sections.map(column);
  for (const t of types) {
    if (columns.some((c) => c.type === t.name)) continue;
    columns.push({ type: t.name, label: t.label, title: '', count: 0, pointsPerItem: 1, cells: new Map(), overridden: false });
  }
  // Rows the blueprint uses that the weight table no longer assesses are shown too, so nothing is lost.
  const extra = [...new Set(blueprint.cells.map((c) => c.key))].filter((k) => !rows.some((r) => r.key === k));
  return { part: blueprint.part, rows: [...rows, ...extra.map((key) => ({ key, name: '', percent: 0 }))], columns };
}

function sameCells(a: Pick<Blueprint, 'sections' | 'cells'>, ai: number, b: Pick<Blueprint, 'sections' | 'cells'>, bi: number): boolean {
  if (bi < 0) return false;
  const of = (bp: Pick<Blueprint, 'sections' | 'cells'>, i: number) =>
    bp.cells
      .filter((c) => c.section === i && c.count > 0)
      .map((c) => `${c.key}:${c.count}:${cellPoints(bp, c)}`)
      .sort()
      .join(',');
  return of(a, ai) === of(b, bi);
}

export type GridFields = Record<string, string | string[] | undefined>;

export interface GridError {
  /** The form field (cell or column input) the error belongs to. */
  field: string;
  key: 'assembly.grid.count' | 'assembly.grid.points' | 'assembly.grid.empty';
  vars: Record<string, string>;
}

export interface GridInput {
  /** Absent for a skill test left as derived: the service builds it from the skill weight table. */
  sections?: BlueprintSection[];
  /** Set only when some column is overridden; the service derives all cells otherwise. */
  cells?: BlueprintCell[];
}

const fieldText = (fields: GridFields, name: string): string => {
  const v = fields[name];
  return (Array.isArray(v) ? v[0] ?? '' : v ?? '').trim();
};

export const cellField = (type: string, key: string) => `cell_${type}_${key}`;
export const cellPointsField = (type: string, key: string) => `cellpoints_${type}_${key}`;

/**
 * Reads the grid's fields. `columns` lists the types in column order (the form's `types`);
 * `rows` the weight rows. Every cell and column value is checked; errors name the field.
 */
export function readGrid(fields: GridFields, part: 'theory' | 'skill', types: readonly string[], rows: readonly GridRow[], labels: ReadonlyMap<string, string>): { ok: true; input: GridInput } | { ok: false; errors: GridError[] } {
  const errors: GridError[] = [];
  const weights = rows.filter((r) => r.percent > 0).map((r) => ({ key: r.key, percent: r.percent }));
  const sections: BlueprintSection[] = [];
  const cells: BlueprintCell[] = [];
  let overridden = false;
  const theory: Array<{ section: BlueprintSection; cells?: Array<Omit<BlueprintCell, 'section'>> }> = [];
  const wholeCount = (name: string, where: Record<string, string>): number | undefined => {
    const text = fieldText(fields, name);
    if (text === '') return undefined;
    const n = Number(text);
    if (!Number.isInteger(n) || n < 0 || n > 500) {
      errors.push({ field: name, key: 'assembly.grid.count', vars: where });
      return 0;
    }
    return n;
  };
  const positivePoints = (name: string, where: Record<string, string>): number | undefined => {
    const text = fieldText(fields, name);
    if (text === '') return undefined;
    const n = Number(text);
    if (!Number.isFinite(n) || n <= 0 || n > 100) {
      errors.push({ field: name, key: 'assembly.grid.points', vars: where });
      return 1;
    }
    return n;
  };
  for (const type of types) {
    const label = labels.get(type) ?? type;
    const typed = new Map<string, number>();
    for (const row of rows) {
      const n = wholeCount(cellField(type, row.key), { type: label, row: `${row.key} ${row.name}`.trim() });
      if (n !== undefined) typed.set(row.key, n);
    }
    const pointsTyped = new Map<string, number>();
    if (part === 'skill') {
      for (const row of rows) {
        const p = positivePoints(cellPointsField(type, row.key), { type: label, row: `${row.key} ${row.name}`.trim() });
        if (p !== undefined) pointsTyped.set(row.key, p);
      }
    }
    const columnCount = wholeCount(`count_${type}`, { type: label, row: '' }) ?? 0;
    const pointsPerItem = positivePoints(`points_${type}`, { type: label, row: '' }) ?? 1;
    const title = fieldText(fields, `title_${type}`).slice(0, 200) || undefined;
    const section = sections.length;
    if (part === 'skill') {
      // A skill column: one task per row by default, each worth its weight's share of 100.
      const override = typed.size > 0 || pointsTyped.size > 0;
      if (!override && columnCount === 0 && types.length > 1) continue;
      const points = derivedPoints(weights, 100);
      const counts = override ? new Map(rows.map((r) => [r.key, typed.get(r.key) ?? (typed.size ? 0 : r.percent > 0 ? 1 : 0)])) : new Map(weights.map((w) => [w.key, 1]));
      const columnCells = rows
        .filter((r) => (counts.get(r.key) ?? 0) > 0)
        .map((r) => ({ section, dimension: 'function' as const, key: r.key, count: counts.get(r.key)!, pointsPerItem: pointsTyped.get(r.key) ?? points.get(r.key) ?? pointsPerItem }));
      if (!columnCells.length) continue;
      overridden ||= override;
      const count = columnCells.reduce((a, c) => a + c.count, 0);
      const total = columnCells.reduce((a, c) => a + c.count * c.pointsPerItem, 0);
      sections.push({ type: type as BlueprintSection['type'], count, pointsPerItem: Math.round((total / count) * 100) / 100, ...(title ? { title } : {}) });
      cells.push(...columnCells);
      continue;
    }
    if (typed.size > 0) {
      overridden = true;
      const columnCells = rows.map((r) => ({ dimension: 'function' as const, key: r.key, count: typed.get(r.key) ?? 0 })).filter((c) => c.count > 0);
      const count = columnCells.reduce((a, c) => a + c.count, 0);
      if (count > 0) theory.push({ section: { type: type as BlueprintSection['type'], count, pointsPerItem, ...(title ? { title } : {}) }, cells: columnCells });
    } else if (columnCount > 0) {
      theory.push({ section: { type: type as BlueprintSection['type'], count: columnCount, pointsPerItem, ...(title ? { title } : {}) } });
    }
  }
  // Columns left blank are derived together, as the service derives a blueprint.
  const blank = theory.filter((c) => !c.cells);
  const derived = derivedColumns(weights, blank.map((c) => c.section.count));
  blank.forEach((c, i) => {
    c.cells = [...derived[i]!].filter(([, count]) => count > 0).map(([key, count]) => ({ dimension: 'function' as const, key, count }));
  });
  theory.forEach((c, section) => {
    sections.push(c.section);
    for (const cell of c.cells!) cells.push({ section, ...cell });
  });
  if (!sections.length && !errors.length) errors.push({ field: 'grid', key: 'assembly.grid.empty', vars: {} });
  if (errors.length) return { ok: false, errors };
  if (part === 'skill' && !overridden) return { ok: true, input: {} };
  return { ok: true, input: { sections, ...(overridden || part === 'skill' ? { cells } : {}) } };
}
