import type { FieldError } from '../platform/problem';
import { DEFAULT_LEVEL_NAMES, LEVELS, type Level, type Standard, type WeightTable } from './schemas';

const EPSILON = 1e-6;
const PARTS = ['theory', 'skill'] as const;

function levelLabel(level: Level): string {
  return `${DEFAULT_LEVEL_NAMES[level].zh} (level ${level})`;
}

/** Each level's column total of a weight table (null cells count as 0). */
export function levelColumnTotals(table: WeightTable): Map<Level, number> {
  const totals = new Map<Level, number>(LEVELS.map((l) => [l, 0]));
  for (const row of table.rows) for (const cell of row.cells) totals.set(cell.level, (totals.get(cell.level) ?? 0) + (cell.percent ?? 0));
  return totals;
}

function rowPercent(table: WeightTable, rowCode: string, level: Level): number {
  return table.rows.find((r) => r.code === rowCode)?.cells.find((c) => c.level === level)?.percent ?? 0;
}

/**
 * Every rule that ties a standard together, as field errors whose paths name the offending
 * column or node (`weightTables.theory.level.4`, `elementTables.0.scopes.3.weights.level.2`):
 * weight columns total 100 where a part is assessed; codes are unique; panel review only at
 * levels 2 and 1 with an odd panel of at least 3; element tables hang together and their
 * weights agree with the weight tables; appraisal point codes are unique across the standard,
 * so item codes (`AB001-003`) are unambiguous in a bank. Pure.
 */
export function validateStandard(standard: Standard): FieldError[] {
  const errors: FieldError[] = [];
  const add = (path: string, message: string, i18n?: FieldError['i18n']) => errors.push({ path, message, ...(i18n ? { i18n } : {}) });

  // Levels and their parts.
  const levelsSeen = new Set<number>();
  standard.levels.forEach((level, i) => {
    if (levelsSeen.has(level.level)) add(`levels.${i}.level`, `level ${level.level} appears twice`);
    levelsSeen.add(level.level);
    const partsSeen = new Set<string>();
    level.parts.forEach((part, j) => {
      if (partsSeen.has(part.part)) add(`levels.${i}.parts.${j}.part`, `part ${part.part} appears twice at level ${level.level}`);
      partsSeen.add(part.part);
      if (part.part === 'review' && level.level > 2) add(`levels.${i}.parts.${j}.part`, `panel review (综合评审) applies only to levels 2 and 1, not ${levelLabel(level.level)}`);
      if (part.examinerCount !== undefined && (part.examinerCount < 3 || part.examinerCount % 2 === 0)) {
        add(`levels.${i}.parts.${j}.examinerCount`, 'examiners per candidate must be an odd number of at least 3');
      }
    });
  });
  const assessed = (level: Level, part: 'theory' | 'skill') => standard.levels.some((l) => l.level === level && l.parts.some((p) => p.part === part));

  // Weight tables: unique row codes, each assessed level's column totals 100.
  for (const part of PARTS) {
    const table = standard.weightTables[part];
    const codes = new Set<string>();
    table.rows.forEach((row, i) => {
      if (codes.has(row.code)) add(`weightTables.${part}.rows.${i}.code`, `row code ${row.code} appears twice`);
      codes.add(row.code);
      const cellLevels = new Set(row.cells.map((c) => c.level));
      if (cellLevels.size !== row.cells.length) add(`weightTables.${part}.rows.${i}.cells`, 'each level has exactly one cell');
    });
    for (const [level, total] of levelColumnTotals(table)) {
      const allNull = table.rows.every((r) => (r.cells.find((c) => c.level === level)?.percent ?? null) === null);
      if (allNull && !assessed(level, part)) continue;
      if (Math.abs(total - 100) > EPSILON) add(`weightTables.${part}.level.${level}`, `${levelLabel(level)} ${part} column totals ${round(total)}, not 100`, {
        key: 'validation.rule.columnTotal',
        vars: { level: DEFAULT_LEVEL_NAMES[level].zh, part: `validation.part.${part}`, total: round(total) },
      });
    }
  }

  // Element tables.
  const pointCodes = new Map<string, string>();
  const tableParts = new Set<string>();
  standard.elementTables.forEach((table, t) => {
    const base = `elementTables.${t}`;
    if (tableParts.has(table.part)) add(`${base}.part`, `there is already a ${table.part} element table`);
    tableParts.add(table.part);
    const weightTable = standard.weightTables[table.part];
    const scopes = new Map<string, (typeof table.scopes)[number]>();
    table.scopes.forEach((scope, i) => {
      if (scopes.has(scope.code)) add(`${base}.scopes.${i}.code`, `scope ${scope.code} appears twice`);
      scopes.set(scope.code, scope);
    });
    const weightOf = (code: string, level: Level) => scopes.get(code)?.weights.find((w) => w.level === level)?.percent ?? 0;
    const childrenOf = (code: string) => table.scopes.filter((s) => s.code.length === code.length + 1 && s.code.startsWith(code));

    table.scopes.forEach((scope, i) => {
      const path = `${base}.scopes.${i}`;
      const weightLevels = new Set<number>();
      scope.weights.forEach((w, k) => {
        if (weightLevels.has(w.level)) add(`${path}.weights.${k}.level`, `level ${w.level} weighted twice`);
        weightLevels.add(w.level);
      });
      if (scope.code.length === 1) {
        if (!scope.weightRowCode) add(`${path}.weightRowCode`, `top-level scope ${scope.code} must name the ${table.part} weight-table row it counts towards`);
        else if (!weightTable.rows.some((r) => r.code === scope.weightRowCode)) add(`${path}.weightRowCode`, `row ${scope.weightRowCode} is not in the ${table.part} weight table`);
      } else {
        if (!scopes.has(scope.code.slice(0, -1))) add(`${path}.code`, `scope ${scope.code} has no parent ${scope.code.slice(0, -1)}`);
        if (scope.weightRowCode) add(`${path}.weightRowCode`, 'only top-level scopes name a weight-table row');
      }
      if (scope.xyz && Math.abs(scope.xyz.X + scope.xyz.Y + scope.xyz.Z - 100) > EPSILON) {
        add(`${path}.xyz`, `X/Y/Z shares total ${round(scope.xyz.X + scope.xyz.Y + scope.xyz.Z)}, not 100`);
      }
      const children = childrenOf(scope.code);
      if (children.length) {
        for (const level of LEVELS) {
          const own = weightOf(scope.code, level);
          const sum = children.reduce((s, c) => s + weightOf(c.code, level), 0);
          if (Math.abs(own - sum) > EPSILON)
          add(`${path}.weights.level.${level}`, `children of ${scope.code} weigh ${round(sum)} at ${levelLabel(level)}, but ${scope.code} weighs ${round(own)}`, {
            key: 'validation.rule.childrenWeight',
            vars: { code: scope.code, level: DEFAULT_LEVEL_NAMES[level].zh, sum: round(sum), own: round(own) },
          });
        }
      }
    });

    // Top-level scopes agree with the weight table, row by row and level by level.
    for (const row of weightTable.rows) {
      for (const level of LEVELS) {
        const expected = rowPercent(weightTable, row.code, level);
        const tops = table.scopes.filter((s) => s.code.length === 1 && s.weightRowCode === row.code);
        if (tops.length === 0 && expected === 0) continue;
        const sum = tops.reduce((s, top) => s + weightOf(top.code, level), 0);
        if (Math.abs(sum - expected) > EPSILON) {
          add(`${base}.weights.${row.code}.level.${level}`, `scopes of row ${row.code} (${row.name}) weigh ${round(sum)} at ${levelLabel(level)}; the ${table.part} weight table says ${round(expected)}`, {
            key: 'validation.rule.rowWeight',
            vars: { row: row.name, level: DEFAULT_LEVEL_NAMES[level].zh, sum: round(sum), part: `validation.part.${table.part}`, expected: round(expected) },
          });
        }
      }
    }

    const levelSet = new Set(standard.levels.map((l) => l.level));
    table.points.forEach((point, i) => {
      const path = `${base}.points.${i}`;
      const full = `${point.scopeCode}${point.code}`;
      const scope = scopes.get(point.scopeCode);
      if (!scope) add(`${path}.scopeCode`, `scope ${point.scopeCode} does not exist`);
      else if (childrenOf(point.scopeCode).length) add(`${path}.scopeCode`, `points attach to leaf scopes; ${point.scopeCode} has children`);
      if (pointCodes.has(full)) add(`${path}.code`, `appraisal point ${full} appears twice in the standard (also in ${pointCodes.get(full)})`);
      pointCodes.set(full, `${table.part} table`);
      const levels = new Set(point.levels);
      if (levels.size !== point.levels.length) add(`${path}.levels`, 'levels must not repeat');
      const unknown = point.levels.filter((l) => !levelSet.has(l));
      if (unknown.length) add(`${path}.levels`, `levels ${unknown.join(', ')} are not levels of this standard`);
    });
  });
  return errors;
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
