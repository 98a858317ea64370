import { questionTypes } from '../../question-types';
import { meanFacilityOf } from './check';
import type { Weight } from './largest-remainder';
import { normaliseBlueprint } from './plan';
import { blueprintPoints, cellPoints, sectionPoints } from './points';
import { IMPORTANCES, type Blueprint, type BlueprintInput, type Dimension, type Paper } from './types';

/**
 * 试卷细目分析表: for a paper, target against actual counts and points per function, scope,
 * item type and importance, per blueprint cell, plus the mean facility. Works from the paper's
 * recorded facts (checkPaper is what proves those facts match the pool).
 */

export interface AnalysisRow {
  key: string;
  /** Target item count; null when the blueprint sets none for this row. */
  targetCount: number | null;
  actualCount: number;
  targetPoints: number | null;
  actualPoints: number;
  /** Target share of the paper's points (from the standard's weights when given, else from the blueprint). */
  targetPercent: number | null;
  actualPercent: number;
  /** For importance rows: the target is a minimum. */
  atLeast?: boolean;
  /** The paper misses this row's target: its count, its minimum, or its share by more than one item's worth. */
  deviates: boolean;
}

export interface CellAnalysisRow extends AnalysisRow {
  section: number;
  dimension: Dimension;
}

export interface PaperAnalysis {
  itemCount: number;
  totalPoints: number;
  meanFacility: number;
  difficultyBand: { min: number; max: number };
  withinBand: boolean;
  byFunction: AnalysisRow[];
  byScope: AnalysisRow[];
  byType: AnalysisRow[];
  byImportance: AnalysisRow[];
  byCell: CellAnalysisRow[];
  /** No row deviates and the mean facility lies in the band: only then is the paper marked ✓. */
  conforms: boolean;
}

export interface AnalysisOptions {
  /** The standard's weights (percent) at the paper's level, to show as targets. */
  weights?: { function?: readonly Weight[]; scope?: readonly Weight[] };
}

type Unflagged = Omit<AnalysisRow, 'deviates'>;

const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;

export function analysePaper(paper: Paper, input: BlueprintInput | Blueprint, options: AnalysisOptions = {}): PaperAnalysis {
  const { blueprint } = normaliseBlueprint(input);
  const total = paper.items.reduce((a, i) => a + i.points, 0);
  const pct = (points: number) => (total === 0 ? 0 : round((points / total) * 100));
  const planned = blueprintPoints(blueprint);

  const actualBy = (keyOf: (item: Paper['items'][number]) => string) => {
    const map = new Map<string, { count: number; points: number }>();
    for (const item of paper.items) {
      const k = keyOf(item);
      const entry = map.get(k) ?? { count: 0, points: 0 };
      entry.count++;
      entry.points += item.points;
      map.set(k, entry);
    }
    return map;
  };

  const dimensionRows = (dimension: Dimension): Unflagged[] => {
    const actual = actualBy((i) => (dimension === 'function' ? i.functionCode : i.scopeCode));
    const target = new Map<string, { count: number; points: number }>();
    const sectionsWithDim = new Set<number>();
    for (const c of blueprint.cells) {
      if (c.dimension !== dimension) continue;
      sectionsWithDim.add(c.section);
      const entry = target.get(c.key) ?? { count: 0, points: 0 };
      entry.count += c.count;
      entry.points += c.count * cellPoints(blueprint, c);
      target.set(c.key, entry);
    }
    // Targets are complete only when every section distributes along this dimension.
    const complete = sectionsWithDim.size === blueprint.sections.length;
    const weights = new Map((options.weights?.[dimension] ?? []).map((w) => [w.key, w.percent ?? 0]));
    const weightTotal = [...weights.values()].reduce((a, b) => a + b, 0);
    // Rows in the standard's order, then the blueprint's, then anything else the paper has.
    const keys = [...new Set([...weights.keys(), ...target.keys(), ...[...actual.keys()].sort()])];
    return keys.map((key) => {
      const t = complete ? target.get(key) ?? { count: 0, points: 0 } : undefined;
      const a = actual.get(key) ?? { count: 0, points: 0 };
      const targetPercent = weights.size ? round(((weights.get(key) ?? 0) / weightTotal) * 100) : t ? round((t.points / planned) * 100) : null;
      return { key, targetCount: t?.count ?? null, actualCount: a.count, targetPoints: t?.points ?? null, actualPoints: a.points, targetPercent, actualPercent: pct(a.points) };
    });
  };

  const typeActual = actualBy((i) => i.type);
  const byType: Unflagged[] = questionTypes.names().filter((t) => typeActual.has(t) || blueprint.sections.some((s) => s.type === t)).map((type) => {
    const targetCount = blueprint.sections.filter((s) => s.type === type).reduce((a, s) => a + s.count, 0);
    const targetPoints = blueprint.sections.reduce((a, s, i) => (s.type === type ? a + sectionPoints(blueprint, i) : a), 0);
    const a = typeActual.get(type) ?? { count: 0, points: 0 };
    return { key: type, targetCount, actualCount: a.count, targetPoints, actualPoints: a.points, targetPercent: round((targetPoints / planned) * 100), actualPercent: pct(a.points) };
  });

  const impActual = actualBy((i) => i.importance);
  const byImportance: Unflagged[] = IMPORTANCES.map((cls) => {
    const rules = blueprint.importanceMix.filter((r) => (r.min[cls] ?? 0) > 0);
    const targetCount = rules.length ? rules.reduce((a, r) => a + (r.min[cls] ?? 0), 0) : null;
    const targetPoints = rules.length ? rules.reduce((a, r) => a + (r.min[cls] ?? 0) * blueprint.sections[r.section]!.pointsPerItem, 0) : null;
    const a = impActual.get(cls) ?? { count: 0, points: 0 };
    return {
      key: cls,
      targetCount,
      actualCount: a.count,
      targetPoints,
      actualPoints: a.points,
      targetPercent: targetPoints === null ? null : round((targetPoints / planned) * 100),
      actualPercent: pct(a.points),
      atLeast: true,
    };
  });

  const cellActual = actualBy((i) => `${i.section}\u0001${i.dimension}\u0001${i.cellKey}`);
  const byCell: Array<Omit<CellAnalysisRow, 'deviates'>> = blueprint.cells.map((c) => {
    const pp = cellPoints(blueprint, c);
    const a = cellActual.get(`${c.section}\u0001${c.dimension}\u0001${c.key}`) ?? { count: 0, points: 0 };
    return {
      section: c.section,
      dimension: c.dimension,
      key: c.key,
      targetCount: c.count,
      actualCount: a.count,
      targetPoints: c.count * pp,
      actualPoints: a.points,
      targetPercent: round(((c.count * pp) / planned) * 100),
      actualPercent: pct(a.points),
    };
  });

  const meanFacility = meanFacilityOf(paper.items);
  const band = blueprint.difficulty;
  // A share may differ from its target by rounding each section to whole items (one item's worth
  // per section), but never by more than 5 percentage points: a one-task skill test that puts
  // 100% on one function of a 50/35/15 table deviates, however it was drawn.
  const rounding = (blueprint.sections.reduce((a, s, i) => a + Math.max(0, ...blueprint.cells.filter((c) => c.section === i).map((c) => cellPoints(blueprint, c))), 0) / (planned || 1)) * 100;
  const tolerance = Math.min(rounding, 5) + 1e-6;
  const flag = <R extends Omit<AnalysisRow, 'deviates'>>(r: R): R & { deviates: boolean } => ({
    ...r,
    deviates:
      (r.targetCount !== null && (r.atLeast ? r.actualCount < r.targetCount : r.actualCount !== r.targetCount)) ||
      (!r.atLeast && r.targetPercent !== null && Math.abs(r.targetPercent - r.actualPercent) > tolerance),
  });
  const rows = {
    byFunction: dimensionRows('function').map(flag),
    byScope: dimensionRows('scope').map(flag),
    byType: byType.map(flag),
    byImportance: byImportance.map(flag),
    byCell: byCell.map(flag),
  };
  const withinBand = meanFacility >= band.min - 1e-9 && meanFacility <= band.max + 1e-9;
  const deviating = [...rows.byFunction, ...rows.byScope, ...rows.byType, ...rows.byImportance, ...rows.byCell].some((r) => r.deviates);
  return {
    itemCount: paper.items.length,
    totalPoints: total,
    meanFacility: round(meanFacility, 4),
    difficultyBand: { ...band },
    withinBand,
    ...rows,
    conforms: withinBand && !deviating,
  };
}
