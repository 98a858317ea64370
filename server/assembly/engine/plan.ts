import { createHash } from 'node:crypto';
import { AssemblyError, type CellRef, type Infeasibility } from './errors';
import type { CellPool, PoolIndex } from './pool-index';
import { BlueprintSchema, FACILITY_EPS, IMPORTANCES, type Blueprint, type BlueprintInput, type Dimension, type ExposurePolicy, type Importance, type ItemType } from './types';
import { blueprintPoints, cellPoints } from './points';

/**
 * A blueprint compiled against a pool: the cells resolved to their item arrays, the exposure
 * strata of each cell, and the static feasibility proof obligations (counts, enemy groups,
 * X/Y/Z minimums, difficulty band). Plans depend only on (index, blueprint), so they are cached
 * per index and shared by every paper drawn from the pair.
 */

export interface Stratum {
  /** Positions [start, end) in the cell's exposure-ordered pool. */
  start: number;
  end: number;
  /** Relative preference per item; 0 = only when the weighted strata run out. */
  weight: number;
}

export interface PlanCell {
  id: number;
  section: number;
  type: ItemType;
  dimension: Dimension;
  key: string;
  count: number;
  pointsPerItem: number;
  /** Ordinals by exposure, then id. */
  pool: Int32Array;
  strata: Stratum[];
  /** Ordinals by facility ascending, then id. */
  byFacility: Int32Array;
  /** Σ of the r smallest / largest facilities for r = 0..count (unweighted). */
  prefixMin: Float64Array;
  prefixMax: Float64Array;
  /** Distinct enemy groups among the cell's items, per importance subset mask (1..7; bit 0 = X). */
  groupsByMask: Int32Array;
}

export interface AssemblyPlan {
  index: PoolIndex;
  blueprint: Blueprint;
  fingerprint: string;
  cells: PlanCell[];
  /** Plan cell ids per section, in blueprint order. */
  sectionCells: number[][];
  /** Minimum count per section and importance: mins[section][0..2] for X, Y, Z. */
  mins: number[][];
  hasMins: boolean;
  totalPoints: number;
  itemCount: number;
  /** Static proof that no paper exists (empty: nothing proven infeasible). */
  infeasible: Infeasibility[];
}

const EMPTY_POOL: CellPool = { ordinals: new Int32Array(0), runEnds: new Int32Array(0) };

// ---------------------------------------------------------------------------------------------
// Blueprint normalisation and fingerprint
// ---------------------------------------------------------------------------------------------

const normalised = new WeakMap<object, { blueprint: Blueprint; fingerprint: string }>();

/**
 * Parses, validates and fingerprints a blueprint. Results are memoised by object identity, so
 * pass the same (unmodified) object for every paper. Throws AssemblyError (kind `blueprint`).
 */
export function normaliseBlueprint(input: BlueprintInput | Blueprint): { blueprint: Blueprint; fingerprint: string } {
  const memo = normalised.get(input);
  if (memo) return memo;
  const parsed = BlueprintSchema.safeParse(input);
  if (!parsed.success) {
    throw new AssemblyError(
      parsed.error.issues.map((issue) => ({ kind: 'blueprint', path: issue.path.join('.'), message: `${issue.path.join('.') || 'blueprint'}: ${issue.message}`, proven: true })),
    );
  }
  const blueprint = parsed.data;
  const problems = validateBlueprint(blueprint);
  if (problems.length) throw new AssemblyError(problems);
  const fingerprint = createHash('sha256')
    .update(
      JSON.stringify({
        level: blueprint.level,
        part: blueprint.part,
        sections: blueprint.sections.map((s) => [s.type, s.count, s.pointsPerItem]),
        // A cell's own points enter only when set, so blueprints without them keep their fingerprints.
        cells: blueprint.cells.map((c) => (c.pointsPerItem === undefined ? [c.section, c.dimension, c.key, c.count] : [c.section, c.dimension, c.key, c.count, c.pointsPerItem])),
        importanceMix: blueprint.importanceMix.map((r) => [r.section, r.min.X ?? 0, r.min.Y ?? 0, r.min.Z ?? 0]),
        difficulty: [blueprint.difficulty.min, blueprint.difficulty.max],
        exposure: blueprint.exposure,
        itemOrder: blueprint.itemOrder,
      }),
    )
    .digest('hex');
  const result = { blueprint, fingerprint };
  normalised.set(input, result);
  normalised.set(blueprint, result);
  return result;
}

function validateBlueprint(bp: Blueprint): Infeasibility[] {
  const out: Infeasibility[] = [];
  const add = (path: string, message: string) => out.push({ kind: 'blueprint', path, message: `${path}: ${message}`, proven: true });
  const types = new Map<string, number>();
  bp.sections.forEach((s, i) => {
    const prior = types.get(s.type);
    if (prior !== undefined) add(`sections.${i}.type`, `type ${s.type} already has section ${prior}; a blueprint has one section per item type`);
    else types.set(s.type, i);
  });
  const sums = bp.sections.map(() => 0);
  const dims: (Dimension | undefined)[] = bp.sections.map(() => undefined);
  const seen = new Set<string>();
  bp.cells.forEach((c, i) => {
    if (c.section >= bp.sections.length) return add(`cells.${i}.section`, `section ${c.section} does not exist`);
    const dim = dims[c.section];
    if (dim && dim !== c.dimension) add(`cells.${i}.dimension`, `section ${c.section} already distributes by ${dim}; one dimension per section`);
    dims[c.section] = dim ?? c.dimension;
    const k = `${c.section}\u0001${c.key}`;
    if (seen.has(k)) add(`cells.${i}.key`, `cell ${c.key} appears twice in section ${c.section}`);
    seen.add(k);
    sums[c.section]! += c.count;
  });
  bp.sections.forEach((s, i) => {
    if (sums[i] !== s.count) add(`sections.${i}.count`, `the cells of section ${i} add up to ${sums[i]}, not ${s.count}`);
  });
  const mixSeen = new Set<number>();
  bp.importanceMix.forEach((rule, i) => {
    if (rule.section >= bp.sections.length) return add(`importanceMix.${i}.section`, `section ${rule.section} does not exist`);
    if (mixSeen.has(rule.section)) add(`importanceMix.${i}.section`, `section ${rule.section} has two importance rules`);
    mixSeen.add(rule.section);
    const total = (rule.min.X ?? 0) + (rule.min.Y ?? 0) + (rule.min.Z ?? 0);
    if (total > bp.sections[rule.section]!.count) add(`importanceMix.${i}.min`, `minimums add up to ${total}, more than the section's ${bp.sections[rule.section]!.count} items`);
  });
  if (bp.totalMarks !== undefined) {
    const total = blueprintPoints(bp);
    if (Math.abs(total - bp.totalMarks) > 1e-9) add('totalMarks', `sections give ${total} marks, not ${bp.totalMarks}`);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Strata
// ---------------------------------------------------------------------------------------------

/** Smallest run end ≥ want (whole ties), or the pool size. */
function runEndAtLeast(runEnds: Int32Array, want: number, size: number): number {
  for (let i = 0; i < runEnds.length; i++) if (runEnds[i]! >= want) return runEnds[i]!;
  return size;
}

export function strataFor(policy: ExposurePolicy, pool: CellPool, count: number): Stratum[] {
  const n = pool.ordinals.length;
  if (n === 0) return [];
  const windowed = (window: number): Stratum[] => {
    const end = runEndAtLeast(pool.runEnds, Math.max(1, Math.ceil(window * count)), n);
    return end >= n ? [{ start: 0, end: n, weight: 1 }] : [
      { start: 0, end, weight: 1 },
      { start: end, end: n, weight: 0 },
    ];
  };
  switch (policy.policy) {
    case 'uniform':
      return [{ start: 0, end: n, weight: 1 }];
    case 'least-used':
      return windowed(1);
    case 'randomesque':
      return windowed(policy.window);
    case 'stratified': {
      const ends: number[] = [];
      const runs = Array.from(pool.runEnds);
      for (let j = 1; j < policy.strata; j++) {
        const target = Math.round((n * j) / policy.strata);
        // nearest run end to the target (earlier on ties), strictly after the previous boundary
        let best = -1;
        for (const end of runs) {
          if (end <= (ends.at(-1) ?? 0) || end >= n) continue;
          if (best < 0 || Math.abs(end - target) < Math.abs(best - target)) best = end;
        }
        if (best > 0 && !ends.includes(best)) ends.push(best);
      }
      ends.sort((a, b) => a - b);
      ends.push(n);
      const strata: Stratum[] = [];
      let start = 0;
      for (const end of ends) {
        if (end > start) strata.push({ start, end, weight: Math.pow(policy.preference, -strata.length) });
        start = end;
      }
      return strata;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Plans
// ---------------------------------------------------------------------------------------------

const plans = new WeakMap<PoolIndex, Map<string, AssemblyPlan>>();
const MAX_PLANS_PER_INDEX = 64;

/** The plan for (index, blueprint), compiled once and cached on the index. */
export function planAssembly(index: PoolIndex, input: BlueprintInput | Blueprint): AssemblyPlan {
  const { blueprint, fingerprint } = normaliseBlueprint(input);
  let perIndex = plans.get(index);
  if (!perIndex) plans.set(index, (perIndex = new Map()));
  const cached = perIndex.get(fingerprint);
  if (cached) return cached;
  const plan = compile(index, blueprint, fingerprint);
  perIndex.set(fingerprint, plan);
  if (perIndex.size > MAX_PLANS_PER_INDEX) perIndex.delete(perIndex.keys().next().value as string);
  return plan;
}

function compile(index: PoolIndex, blueprint: Blueprint, fingerprint: string): AssemblyPlan {
  const cells: PlanCell[] = [];
  const sectionCells: number[][] = blueprint.sections.map(() => []);
  for (const c of blueprint.cells) {
    if (c.count === 0) continue;
    const section = blueprint.sections[c.section]!;
    const pool = index.cell(blueprint.level, section.type, c.dimension, c.key) ?? EMPTY_POOL;
    const byFacility = Int32Array.from(pool.ordinals).sort((a, b) => index.facility[a]! - index.facility[b]! || a - b);
    const take = Math.min(c.count, byFacility.length);
    const prefixMin = new Float64Array(take + 1);
    const prefixMax = new Float64Array(take + 1);
    for (let r = 1; r <= take; r++) {
      prefixMin[r] = prefixMin[r - 1]! + index.facility[byFacility[r - 1]!]!;
      prefixMax[r] = prefixMax[r - 1]! + index.facility[byFacility[byFacility.length - r]!]!;
    }
    // Per enemy group, which importance classes it has in this cell; then distinct groups per mask.
    const maskOfGroup = new Map<number, number>();
    for (const ord of pool.ordinals) {
      const g = index.group[ord]!;
      maskOfGroup.set(g, (maskOfGroup.get(g) ?? 0) | (1 << index.importance[ord]!));
    }
    const groupsByMask = new Int32Array(8);
    for (const m of maskOfGroup.values()) for (let t = 1; t < 8; t++) if (m & t) groupsByMask[t]!++;
    const id = cells.length;
    cells.push({
      id,
      section: c.section,
      type: section.type,
      dimension: c.dimension,
      key: c.key,
      count: c.count,
      pointsPerItem: cellPoints(blueprint, c),
      pool: pool.ordinals,
      strata: strataFor(blueprint.exposure, pool, c.count),
      byFacility,
      prefixMin,
      prefixMax,
      groupsByMask,
    });
    sectionCells[c.section]!.push(id);
  }
  const mins = blueprint.sections.map(() => [0, 0, 0]);
  for (const rule of blueprint.importanceMix) {
    mins[rule.section] = [rule.min.X ?? 0, rule.min.Y ?? 0, rule.min.Z ?? 0];
  }
  const plan: AssemblyPlan = {
    index,
    blueprint,
    fingerprint,
    cells,
    sectionCells,
    mins,
    hasMins: mins.some((m) => m.some((x) => x > 0)),
    totalPoints: blueprintPoints(blueprint),
    itemCount: blueprint.sections.reduce((a, s) => a + s.count, 0),
    infeasible: [],
  };
  plan.infeasible = staticInfeasibility(plan);
  return plan;
}

export function cellRef(cell: PlanCell): CellRef {
  return { section: cell.section, type: cell.type, dimension: cell.dimension, key: cell.key, count: cell.count };
}

function describe(cell: Pick<PlanCell, 'section' | 'type' | 'dimension' | 'key'>): string {
  return `section ${cell.section} (${cell.type}) ${cell.dimension} ${cell.key}`;
}

/** Counting arguments that prove no paper exists. Each relaxes the problem, so each is sound. */
function staticInfeasibility(plan: AssemblyPlan): Infeasibility[] {
  const { index, cells } = plan;
  const out: Infeasibility[] = [];
  for (const cell of cells) {
    const available = cell.pool.length;
    if (available < cell.count) {
      out.push({
        kind: 'cell', section: cell.section, type: cell.type, dimension: cell.dimension, key: cell.key,
        needed: cell.count, available, reason: 'not-enough-items', proven: true,
        message: `${describe(cell)} needs ${cell.count} items at level ${plan.blueprint.level}, the pool has ${available}`,
      });
    } else if (cell.groupsByMask[7]! < cell.count) {
      out.push({
        kind: 'cell', section: cell.section, type: cell.type, dimension: cell.dimension, key: cell.key,
        needed: cell.count, available: cell.groupsByMask[7]!, reason: 'enemy-groups', proven: true,
        message: `${describe(cell)} needs ${cell.count} items but its ${available} items fall into only ${cell.groupsByMask[7]} enemy groups`,
      });
    }
  }
  if (out.length === 0) out.push(...hallViolation(plan));
  out.push(...importanceInfeasibility(plan));
  if (cells.every((c) => c.pool.length >= c.count)) out.push(...difficultyInfeasibility(plan));
  return out;
}

/**
 * Enemy groups shared between cells: a group-to-cell matching must give every cell its count.
 * Groups confined to one cell are that cell's own supply; only cells short of their own supply
 * compete for the shared groups. When the matching falls short, the cells reachable by
 * alternating paths from a short cell need more than their own supply plus every shared group
 * they touch (Hall's condition).
 */
function hallViolation(plan: AssemblyPlan): Infeasibility[] {
  const { index, cells } = plan;
  const cellsOfGroup = new Map<number, number[]>();
  for (const cell of cells) {
    for (const ord of cell.pool) {
      const g = index.group[ord]!;
      const list = cellsOfGroup.get(g);
      if (!list) cellsOfGroup.set(g, [cell.id]);
      else if (list.at(-1) !== cell.id) list.push(cell.id);
    }
  }
  const own = cells.map(() => 0);
  const shared: number[] = [];
  const groupsOfCell: number[][] = cells.map(() => []);
  for (const [g, list] of cellsOfGroup) {
    if (list.length === 1) own[list[0]!]!++;
    else {
      shared.push(g);
      for (const c of list) groupsOfCell[c]!.push(g);
    }
  }
  const deficit = cells.map((c, i) => Math.max(0, c.count - own[i]!));
  if (deficit.every((d) => d === 0)) return [];
  const matchedCell = new Map<number, number>(); // group → cell
  const load = cells.map(() => 0);
  const tryAugment = (c: number, seen: Set<number>): boolean => {
    for (const g of groupsOfCell[c]!) {
      if (seen.has(g)) continue;
      seen.add(g);
      const holder = matchedCell.get(g);
      if (holder === undefined || tryAugment(holder, seen)) {
        matchedCell.set(g, c);
        if (holder !== undefined) load[holder]!--;
        load[c]!++;
        return true;
      }
    }
    return false;
  };
  for (let c = 0; c < cells.length; c++) {
    while (load[c]! < deficit[c]!) {
      if (!tryAugment(c, new Set())) break;
    }
  }
  const short = cells.findIndex((_, c) => load[c]! < deficit[c]!);
  if (short < 0) return [];
  // Alternating BFS from the short cell: its groups, their cells, their groups…
  const setCells = new Set<number>([short]);
  const setGroups = new Set<number>();
  const queue = [short];
  while (queue.length) {
    const c = queue.shift()!;
    for (const g of groupsOfCell[c]!) {
      if (setGroups.has(g)) continue;
      setGroups.add(g);
      const holder = matchedCell.get(g);
      if (holder !== undefined && !setCells.has(holder)) {
        setCells.add(holder);
        queue.push(holder);
      }
    }
  }
  const members = [...setCells].sort((a, b) => a - b).map((c) => cells[c]!);
  const needed = members.reduce((a, c) => a + c.count, 0);
  const available = members.reduce((a, c) => a + own[c.id]!, 0) + setGroups.size;
  return [
    {
      kind: 'cell-set',
      cells: members.map(cellRef),
      needed,
      available,
      reason: 'enemy-groups-shared',
      proven: true,
      message: `cells ${members.map((c) => `${c.type}/${c.key}`).join(', ')} together need ${needed} items from distinct enemy groups, but only ${available} groups reach them`,
    },
  ];
}

/**
 * X/Y/Z minimums of a section: for every set T of classes, the section must be able to hold
 * Σ_T min items of those classes: Σ over cells of min(count, distinct groups with a T item).
 * By max-flow/min-cut this family of conditions is exactly the feasibility of the minimums
 * given the cell counts (with enemy groups counted per cell), so a violation is a proof.
 */
function importanceInfeasibility(plan: AssemblyPlan): Infeasibility[] {
  const out: Infeasibility[] = [];
  plan.mins.forEach((mins, section) => {
    if (!mins.some((m) => m > 0)) return;
    const ids = plan.sectionCells[section]!;
    // smallest violating set first
    const masks = [1, 2, 4, 3, 5, 6, 7];
    for (const mask of masks) {
      const needed = IMPORTANCES.reduce((a, _, i) => a + (mask & (1 << i) ? mins[i]! : 0), 0);
      if (needed === 0) continue;
      const available = ids.reduce((a, id) => a + Math.min(plan.cells[id]!.count, plan.cells[id]!.groupsByMask[mask]!), 0);
      if (needed > available) {
        const classes = IMPORTANCES.filter((_, i) => mask & (1 << i)) as Importance[];
        out.push({
          kind: 'importance',
          section,
          classes,
          needed,
          available,
          proven: true,
          message: `section ${section} needs at least ${needed} items of importance ${classes.join('/')}, its cells can hold at most ${available}`,
        });
        return;
      }
    }
  });
  return out;
}

/** The band against the lowest and highest mean facility the cell counts allow at all. */
function difficultyInfeasibility(plan: AssemblyPlan): Infeasibility[] {
  let lo = 0;
  let hi = 0;
  for (const cell of plan.cells) {
    lo += cell.prefixMin[cell.count]! * cell.pointsPerItem;
    hi += cell.prefixMax[cell.count]! * cell.pointsPerItem;
  }
  const achievable = { min: lo / plan.totalPoints, max: hi / plan.totalPoints };
  const band = plan.blueprint.difficulty;
  // Same tolerance as the checker: sums of facilities carry rounding error.
  if (achievable.max < band.min - FACILITY_EPS || achievable.min > band.max + FACILITY_EPS) {
    return [
      {
        kind: 'difficulty',
        band: { ...band },
        achievable,
        proven: true,
        message: `mean facility must lie in ${band.min}–${band.max}, the pool allows only ${achievable.min.toFixed(3)}–${achievable.max.toFixed(3)}`,
      },
    ];
  }
  return [];
}
