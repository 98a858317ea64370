import { checkPaper, meanFacilityOf } from './check';
import { CellSampler, Draft, type Blocker } from './draft';
import { AssemblyError, type Infeasibility } from './errors';
import { cellRef, planAssembly, type AssemblyPlan, type PlanCell } from './plan';
import type { PoolIndex } from './pool-index';
import { identityPermutation, normaliseSeed, randomIndex, randomPermutation, shuffleInPlace, streamFor, type Rng } from './rng';
import { exactSearch } from './search';
import { ALGORITHM_VERSION, FACILITY_EPS, type AssembleOptions, type Blueprint, type BlueprintInput, type Paper, type PaperItem, type ParallelFormsOptions, type Seed } from './types';

/**
 * The paper-assembly engine (组卷引擎). Pure: (pool index, blueprint, seed) → paper.
 *
 * 1. Draw. Cells are visited in a seeded random order; each is filled by its CellSampler (exposure
 *    strata, uniform inside a stratum), skipping items whose enemy group is already on the paper.
 * 2. Enemy repair. A cell left short by groups taken elsewhere gets an augmenting path: add an
 *    item whose group is held in another cell, which then takes a replacement, and so on (the
 *    group-to-cell matching of the plan's Hall check, so it succeeds whenever the plan is
 *    feasible and nothing is excluded).
 * 3. X/Y/Z repair. While a class is under its minimum, swap inside a cell an item of a class that
 *    is over its minimum for one of the missing class (directly, or via a third class).
 * 4. Difficulty repair. While the mean facility is outside the band, make the best of a few
 *    sampled swaps inside a cell (same cell, so counts hold; enemy groups and X/Y/Z minimums
 *    checked), falling back to the steepest single swap found by scanning facility order.
 *    Bounded by 4 × items + 20 steps.
 * 5. If any step fails: an exact budgeted search (search.ts); it either finds a paper, proves
 *    there is none, or reports that its budget ran out.
 * Every paper is checked against the blueprint with checkPaper before it is returned.
 */

const DEFAULT_SEARCH_BUDGET = 50_000;
const SAMPLED_SWAPS = 16;

interface DrawSpec {
  plan: AssemblyPlan;
  seed: string;
  /** Prefix of stream labels ('' for a single paper, 'form:k:' for forms). */
  label: string;
  band: { min: number; max: number };
  blocker: Blocker | undefined;
  budget: number;
}

export type DrawOutcome = { ok: true; chosen: number[][]; method: 'draw' | 'search' } | { ok: false; failure: Infeasibility };

/** Draws, repairs and, when needed, searches one paper's items (per plan cell). */
export function drawItems(spec: DrawSpec): DrawOutcome {
  const { plan } = spec;
  const rng = streamFor(spec.seed, `${spec.label}draw`);
  const draft = new Draft(plan, spec.blocker);
  const samplers = plan.cells.map((cell) => new CellSampler(cell, rng));
  let ok = true;
  const order = shuffleInPlace(rng, plan.cells.map((c) => c.id));
  for (const id of order) fillCell(draft, plan.cells[id]!, samplers[id]!);
  for (const cell of plan.cells) {
    while (ok && draft.chosen[cell.id]!.length < cell.count) ok = augmentEnemies(draft, cell.id);
  }
  if (ok && plan.hasMins) ok = repairImportance(draft, rng);
  if (ok) ok = repairDifficulty(draft, rng, samplers, spec.band);
  if (ok && draft.isComplete() && draft.minsMet() && inBand(draft.sum, plan, spec.band)) {
    for (const list of draft.chosen) for (const ord of list) spec.blocker?.onRemove(ord);
    return { ok: true, chosen: draft.chosen, method: 'draw' };
  }
  for (const list of draft.chosen) for (const ord of list) spec.blocker?.onRemove(ord);
  const bandText = `${fmt(spec.band.min)}–${fmt(spec.band.max)}`;
  const search = exactSearch(plan, streamFor(spec.seed, `${spec.label}search`), spec.band, spec.blocker, spec.budget);
  if (search.status === 'found') return { ok: true, chosen: search.chosen, method: 'search' };
  return {
    ok: false,
    failure: {
      kind: 'search',
      reason: search.status,
      nodes: search.nodes,
      proven: search.status === 'exhausted',
      message:
        search.status === 'exhausted'
          ? `no combination of items meets the counts, enemy groups, X/Y/Z minimums and the difficulty band ${bandText} together (exhaustive search, ${search.nodes} nodes)`
          : `no paper found within the search budget of ${spec.budget} nodes (not proven infeasible; the difficulty band ${bandText} may be too tight for this pool)`,
    },
  };
}

const fmt = (x: number) => String(Math.round(x * 10_000) / 10_000);

function inBand(sum: number, plan: AssemblyPlan, band: { min: number; max: number }): boolean {
  const mean = sum / plan.totalPoints;
  return mean >= band.min - FACILITY_EPS && mean <= band.max + FACILITY_EPS;
}

function fillCell(draft: Draft, cell: PlanCell, sampler: CellSampler): void {
  const list = draft.chosen[cell.id]!;
  while (list.length < cell.count) {
    const ord = sampler.next();
    if (ord < 0) return;
    if (draft.canAdd(ord)) draft.add(cell.id, ord);
  }
}

/**
 * Adds one item to a short cell along an augmenting path of the group-to-cell matching:
 * cell c takes item i whose group is held by j in cell c2; c2 then needs one item, and so on
 * until an item with a free group is found. Breadth-first, each cell and group visited once.
 */
function augmentEnemies(draft: Draft, start: number): boolean {
  const { plan } = draft;
  const { index } = plan;
  const parent = new Map<number, { from: number; add: number; remove: number }>();
  const seenGroups = new Set<number>();
  const queue = [start];
  const seenCells = new Set<number>([start]);
  while (queue.length) {
    const c = queue.shift()!;
    for (const ord of plan.cells[c]!.pool) {
      if (draft.cellOf.has(ord)) continue;
      if (draft.blocker !== undefined && !draft.blocker.allows(ord)) continue;
      const g = index.group[ord]!;
      if (seenGroups.has(g)) continue;
      const held = draft.holder.get(g);
      if (held === undefined) {
        // Apply the path back to the start.
        let cell = c;
        let incoming = ord;
        for (;;) {
          const step = parent.get(cell);
          if (!step) {
            draft.add(cell, incoming);
            return true;
          }
          draft.remove(cell, step.remove);
          draft.add(cell, incoming);
          cell = step.from;
          incoming = step.add;
        }
      }
      const c2 = draft.cellOf.get(held)!;
      if (c2 === c || seenCells.has(c2)) continue;
      seenGroups.add(g);
      seenCells.add(c2);
      parent.set(c2, { from: c, add: ord, remove: held });
      queue.push(c2);
    }
  }
  return false;
}

/** Scans a cell's pool from a random offset for an item that may replace one of `outgoing`. */
function findReplacement(draft: Draft, cellId: number, outgoing: number[], accept: (ord: number) => boolean, rng: Rng): [number, number] | undefined {
  const { index } = draft.plan;
  const pool = draft.plan.cells[cellId]!.pool;
  const n = pool.length;
  if (n === 0 || outgoing.length === 0) return undefined;
  const offset = randomIndex(rng, n);
  for (let k = 0; k < n; k++) {
    const ord = pool[(offset + k) % n]!;
    if (draft.cellOf.has(ord) || !accept(ord)) continue;
    const held = draft.holder.get(index.group[ord]!);
    const candidates = held === undefined ? outgoing : outgoing.filter((j) => j === held);
    for (const j of candidates) if (draft.canSwap(cellId, j, ord)) return [j, ord];
  }
  return undefined;
}

function repairImportance(draft: Draft, rng: Rng): boolean {
  const { plan } = draft;
  const { index } = plan;
  const limit = 4 * plan.itemCount + 20;
  for (let step = 0; step < limit; step++) {
    let deficit: { section: number; cls: number } | undefined;
    for (let s = 0; s < plan.mins.length && !deficit; s++) {
      for (let i = 0; i < 3; i++) {
        if (draft.classCount[s]![i]! < plan.mins[s]![i]!) {
          deficit = { section: s, cls: i };
          break;
        }
      }
    }
    if (!deficit) return true;
    const { section, cls } = deficit;
    const counts = draft.classCount[section]!;
    const mins = plan.mins[section]!;
    const surplus = [0, 1, 2].filter((i) => i !== cls && counts[i]! > mins[i]!);
    const cellIds = shuffleInPlace(rng, [...plan.sectionCells[section]!]);
    const trySwap = (add: number, removable: number[]): boolean => {
      for (const c of cellIds) {
        const outgoing = draft.chosen[c]!.filter((j) => removable.includes(index.importance[j]!));
        const found = findReplacement(draft, c, outgoing, (ord) => index.importance[ord] === add, rng);
        if (found) {
          draft.swap(c, found[0], found[1]);
          return true;
        }
      }
      return false;
    };
    if (trySwap(cls, surplus)) continue;
    // Via a third class: make it surplus first (taking from a surplus class), then use it.
    let moved = false;
    for (const mid of [0, 1, 2]) {
      if (mid === cls || surplus.includes(mid)) continue;
      if (trySwap(mid, surplus)) {
        moved = trySwap(cls, [mid]);
        break;
      }
    }
    if (!moved) return false;
  }
  return draft.minsMet();
}

function repairDifficulty(draft: Draft, rng: Rng, samplers: CellSampler[], band: { min: number; max: number }): boolean {
  const { plan } = draft;
  const { index } = plan;
  const P = plan.totalPoints;
  const lo = band.min * P;
  const hi = band.max * P;
  const margin = Math.min((hi - lo) / 4, 0.05 * P);
  const limit = 4 * plan.itemCount + 20;
  const cellsWithItems = plan.cells.filter((c) => c.count > 0);
  for (let step = 0; step <= limit; step++) {
    const sum = draft.sum;
    if (sum >= lo - FACILITY_EPS && sum <= hi + FACILITY_EPS) return true;
    if (step === limit) return false;
    const aim = sum < lo ? lo + margin : hi - margin;
    const need = aim - sum;
    type Swap = { cell: number; out: number; in: number; score: number };
    let best: Swap | undefined;
    const consider = (cellId: number, out: number, incoming: number) => {
      const pp = plan.cells[cellId]!.pointsPerItem;
      const gain = (index.facility[incoming]! - index.facility[out]!) * pp;
      if (gain === 0 || Math.sign(gain) !== Math.sign(need)) return;
      const score = Math.abs(need - gain);
      if (best && score >= best.score) return;
      if (!draft.canSwap(cellId, out, incoming)) return;
      best = { cell: cellId, out, in: incoming, score };
    };
    // Sampled: a random item on the paper against a fresh candidate from its cell.
    for (let t = 0; t < SAMPLED_SWAPS; t++) {
      let pick = randomIndex(rng, plan.itemCount);
      let cell = cellsWithItems[0]!;
      for (const c of cellsWithItems) {
        if (pick < c.count) {
          cell = c;
          break;
        }
        pick -= c.count;
      }
      const out = draft.chosen[cell.id]![pick]!;
      let incoming = samplers[cell.id]!.next();
      if (incoming < 0) incoming = cell.pool[randomIndex(rng, cell.pool.length)]!;
      consider(cell.id, out, incoming);
    }
    // Steepest single swap by facility order when sampling found nothing useful.
    if (!best) {
      for (const cell of cellsWithItems) {
        const sorted = cell.byFacility;
        for (const out of draft.chosen[cell.id]!) {
          const target = index.facility[out]! + need / cell.pointsPerItem;
          let lo2 = 0;
          let hi2 = sorted.length;
          while (lo2 < hi2) {
            const mid = (lo2 + hi2) >> 1;
            if (index.facility[sorted[mid]!]! < target) lo2 = mid + 1;
            else hi2 = mid;
          }
          let found = 0;
          for (let k = lo2; k < sorted.length && found < 8; k++) {
            const before: Swap | undefined = best;
            consider(cell.id, out, sorted[k]!);
            if (best !== before) found++;
            if (k - lo2 > 256) break;
          }
          found = 0;
          for (let k = lo2 - 1; k >= 0 && found < 8; k--) {
            const before: Swap | undefined = best;
            consider(cell.id, out, sorted[k]!);
            if (best !== before) found++;
            if (lo2 - k > 256) break;
          }
        }
      }
    }
    const chosenSwap = best as Swap | undefined;
    if (!chosenSwap) return false;
    draft.swap(chosenSwap.cell, chosenSwap.out, chosenSwap.in);
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// Papers
// ---------------------------------------------------------------------------------------------

function buildPaper(plan: AssemblyPlan, chosen: number[][], seed: string, label: string, form?: Paper['form']): Paper {
  const { index, blueprint } = plan;
  const orderRng = streamFor(seed, `${label}order`);
  const optionRng = streamFor(seed, `${label}options`);
  const items: PaperItem[] = [];
  blueprint.sections.forEach((section, s) => {
    const entries: Array<{ cell: PlanCell; ord: number }> = [];
    for (const id of plan.sectionCells[s]!) {
      const cell = plan.cells[id]!;
      // Stable order inside a cell (id order), so 'cell' order does not depend on the draw path.
      for (const ord of [...chosen[id]!].sort((a, b) => a - b)) entries.push({ cell, ord });
    }
    if (blueprint.itemOrder === 'shuffle') shuffleInPlace(orderRng, entries);
    for (const { cell, ord } of entries) {
      const item = index.items[ord]!;
      const shuffle = item.optionCount > 1 && !item.keepOptionOrder;
      items.push({
        itemId: item.id,
        version: item.version,
        section: s,
        type: section.type,
        optionPermutation: shuffle ? randomPermutation(optionRng, item.optionCount) : identityPermutation(item.optionCount),
        points: cell.pointsPerItem,
        dimension: cell.dimension,
        cellKey: cell.key,
        pointCode: item.pointCode,
        functionCode: item.functionCode,
        scopeCode: item.scopeCode,
        importance: item.importance,
        facility: item.facility,
      });
    }
  });
  const totalPoints = items.reduce((a, item) => a + item.points, 0);
  const paper: Paper = {
    algorithm: ALGORITHM_VERSION,
    seed,
    level: blueprint.level,
    poolFingerprint: index.fingerprint,
    blueprintFingerprint: plan.fingerprint,
    items,
    meanFacility: Math.round(meanFacilityOf(items) * 1e6) / 1e6,
    totalPoints,
  };
  if (form) paper.form = form;
  return paper;
}

function guard(paper: Paper, plan: AssemblyPlan, band: { min: number; max: number }): Paper {
  const violations = checkPaper(paper, plan.index, plan.blueprint, { band });
  if (violations.length) {
    // A bug, not a property of the input: never hand out a paper that breaks the blueprint.
    throw new Error(`internal: assembled paper failed its own check: ${violations.map((v) => v.message).join('; ')}`);
  }
  return paper;
}

/**
 * Assembles one paper (一人一卷). Throws AssemblyError naming what cannot be met; never returns
 * a paper that breaks the blueprint. Same (index, blueprint, seed) → deep-equal paper.
 */
export function assemblePaper(index: PoolIndex, blueprint: BlueprintInput | Blueprint, seed: Seed, options: AssembleOptions = {}): Paper {
  const plan = planAssembly(index, blueprint);
  if (plan.infeasible.length) throw new AssemblyError(plan.infeasible);
  const seedText = normaliseSeed(seed);
  const band = plan.blueprint.difficulty;
  const outcome = drawItems({ plan, seed: seedText, label: '', band, blocker: undefined, budget: options.searchBudget ?? DEFAULT_SEARCH_BUDGET });
  if (!outcome.ok) throw new AssemblyError([outcome.failure]);
  return guard(buildPaper(plan, outcome.chosen, seedText, ''), plan, band);
}

/** Static feasibility of a blueprint on a pool (empty when nothing is proven infeasible). */
export function checkFeasibility(index: PoolIndex, blueprint: BlueprintInput | Blueprint, forms = 1): Infeasibility[] {
  const plan = planAssembly(index, blueprint);
  return [...plan.infeasible, ...(forms > 1 ? formsInfeasibility(plan, forms) : [])];
}

function formsInfeasibility(plan: AssemblyPlan, forms: number, maxSharedFraction = 0): Infeasibility[] {
  if (maxSharedFraction > 0) return [];
  const out: Infeasibility[] = [];
  for (const cell of plan.cells) {
    const needed = cell.count * forms;
    if (cell.pool.length >= cell.count && cell.pool.length < needed) {
      out.push({
        kind: 'cell',
        ...cellRefFields(cell),
        needed,
        available: cell.pool.length,
        reason: 'parallel-forms',
        proven: true,
        message: `section ${cell.section} (${cell.type}) ${cell.dimension} ${cell.key} needs ${needed} distinct items for ${forms} disjoint forms, the pool has ${cell.pool.length}`,
      });
    }
  }
  return out;
}

function cellRefFields(cell: PlanCell) {
  const { section, type, dimension, key } = cellRef(cell);
  return { section, type, dimension, key };
}

/** Forms share items only within the budget; the blocker enforces it during the draw. */
class FormsBlocker implements Blocker {
  /** Ordinal → forms already containing it. */
  private readonly formsOf = new Map<number, number[]>();
  private readonly overlap: number[] = [];

  constructor(
    private readonly budget: number,
    private readonly allowSharing: boolean,
  ) {}

  /** Registers a finished form (its ordinals) before the next form is drawn. */
  addForm(ordinals: number[]): void {
    const f = this.overlap.length;
    this.overlap.push(0);
    for (const ord of ordinals) {
      const list = this.formsOf.get(ord);
      if (list) list.push(f);
      else this.formsOf.set(ord, [f]);
    }
  }

  resetOverlap(): void {
    this.overlap.fill(0);
  }

  withSharing(allow: boolean): FormsBlocker {
    const copy = new FormsBlocker(this.budget, allow);
    for (const [ord, list] of this.formsOf) copy.formsOf.set(ord, [...list]);
    copy.overlap.push(...this.overlap.map(() => 0));
    return copy;
  }

  allows(ord: number): boolean {
    const list = this.formsOf.get(ord);
    if (!list) return true;
    if (!this.allowSharing) return false;
    return list.every((f) => this.overlap[f]! < this.budget);
  }

  onAdd(ord: number): void {
    const list = this.formsOf.get(ord);
    if (list) for (const f of list) this.overlap[f]!++;
  }

  onRemove(ord: number): void {
    const list = this.formsOf.get(ord);
    if (list) for (const f of list) this.overlap[f]!--;
  }
}

/**
 * Parallel forms (A/B卷): `forms` papers from one seed. Any two forms share at most
 * ⌊maxSharedFraction × items⌋ items (default 0: disjoint), and their mean facilities differ by at
 * most `maxFacilityGap` (default 0.01): form 1 is drawn in the blueprint's band, the others in a
 * band of that width centred on form 1's mean (clipped to the blueprint's band). Items of earlier
 * forms are used only when a form cannot be completed without them.
 */
export function assembleParallelForms(index: PoolIndex, blueprint: BlueprintInput | Blueprint, seed: Seed, options: ParallelFormsOptions, assembleOptions: AssembleOptions = {}): Paper[] {
  const forms = options.forms;
  if (!Number.isSafeInteger(forms) || forms < 1 || forms > 26) throw new RangeError('forms must be an integer 1–26');
  const maxShared = options.maxSharedFraction ?? 0;
  if (!(maxShared >= 0 && maxShared <= 1)) throw new RangeError('maxSharedFraction must be between 0 and 1');
  const gap = options.maxFacilityGap ?? 0.01;
  if (!(gap > 0 && gap <= 1)) throw new RangeError('maxFacilityGap must be in (0, 1]');
  const plan = planAssembly(index, blueprint);
  const staticProblems = [...plan.infeasible, ...formsInfeasibility(plan, forms, maxShared)];
  if (staticProblems.length) throw new AssemblyError(staticProblems);
  const setSeed = normaliseSeed(seed);
  const shareBudget = Math.floor(maxShared * plan.itemCount + 1e-9);
  const budget = assembleOptions.searchBudget ?? DEFAULT_SEARCH_BUDGET;
  const band = plan.blueprint.difficulty;

  const ATTEMPTS = 3;
  let lastFailure: Infeasibility | undefined;
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const blocker = new FormsBlocker(shareBudget, false);
    const papers: Paper[] = [];
    let target = 0;
    let failed = false;
    for (let k = 0; k < forms; k++) {
      const label = `form:${k}:${attempt}:`;
      const formBand = k === 0 ? band : { min: Math.max(band.min, target - gap / 2), max: Math.min(band.max, target + gap / 2) };
      let outcome = drawItems({ plan, seed: setSeed, label, band: formBand, blocker: k === 0 ? undefined : blocker, budget });
      if (!outcome.ok && k > 0 && shareBudget > 0) {
        outcome = drawItems({ plan, seed: setSeed, label: `${label}shared:`, band: formBand, blocker: blocker.withSharing(true), budget });
      }
      if (!outcome.ok) {
        // Only the first form's exhaustive failure proves anything: later forms depend on earlier draws.
        lastFailure = k === 0 ? outcome.failure : { ...outcome.failure, proven: false, message: `form ${k + 1} of ${forms}: ${outcome.failure.message} (given the items of the earlier forms)` } as Infeasibility;
        if (k === 0) throw new AssemblyError([outcome.failure]);
        failed = true;
        break;
      }
      const paper = buildPaper(plan, outcome.chosen, setSeed, label, { index: k, of: forms, setSeed, maxSharedFraction: maxShared, maxFacilityGap: gap, band: { ...formBand } });
      guard(paper, plan, formBand);
      if (k === 0) target = meanFacilityOf(paper.items);
      blocker.addForm(outcome.chosen.flat());
      papers.push(paper);
    }
    if (failed) continue;
    const problems = checkFormsSet(papers, shareBudget, gap);
    if (problems.length) throw new Error(`internal: parallel forms failed their own check: ${problems.join('; ')}`);
    return papers;
  }
  throw new AssemblyError([lastFailure!]);
}

/** Pairwise shared items and facility gaps of a set of forms. */
export function checkFormsSet(papers: Paper[], maxShared: number, maxGap: number): string[] {
  const problems: string[] = [];
  const sets = papers.map((p) => new Set(p.items.map((i) => i.itemId)));
  const means = papers.map((p) => meanFacilityOf(p.items));
  for (let a = 0; a < papers.length; a++) {
    for (let b = a + 1; b < papers.length; b++) {
      let shared = 0;
      for (const id of sets[a]!) if (sets[b]!.has(id)) shared++;
      if (shared > maxShared) problems.push(`forms ${a + 1} and ${b + 1} share ${shared} items, more than ${maxShared}`);
      const diff = Math.abs(means[a]! - means[b]!);
      if (diff > maxGap + FACILITY_EPS) problems.push(`forms ${a + 1} and ${b + 1} differ by ${diff.toFixed(4)} in mean facility, more than ${maxGap}`);
    }
  }
  return problems;
}


export interface Reproduction {
  /** True when assembling again from the recorded seed gives the identical paper. */
  identical: boolean;
  /** Why it could not be compared, or what differs. */
  reason?: 'pool-changed' | 'blueprint-changed' | 'algorithm-changed' | 'refused' | 'different';
  differences?: string[];
}

/**
 * Rebuilds a paper from its seed (and, for parallel forms, the whole set) and compares. The index
 * must be the one the paper was drawn from (same fingerprint: same release and exposure
 * snapshot), the blueprint the same (same fingerprint).
 */
export function reproducePaper(paper: Paper, index: PoolIndex, blueprint: BlueprintInput | Blueprint, options: AssembleOptions = {}): Reproduction {
  if (paper.algorithm !== ALGORITHM_VERSION) return { identical: false, reason: 'algorithm-changed', differences: [`paper made by ${paper.algorithm}, engine is ${ALGORITHM_VERSION}`] };
  if (paper.poolFingerprint !== index.fingerprint) return { identical: false, reason: 'pool-changed', differences: ['the pool index differs from the one the paper was drawn from'] };
  const plan = planAssembly(index, blueprint);
  if (paper.blueprintFingerprint !== plan.fingerprint) return { identical: false, reason: 'blueprint-changed', differences: ['the blueprint differs from the one the paper was drawn from'] };
  let again: Paper;
  try {
    again = paper.form
      ? assembleParallelForms(index, blueprint, paper.form.setSeed, { forms: paper.form.of, maxSharedFraction: paper.form.maxSharedFraction, maxFacilityGap: paper.form.maxFacilityGap }, options)[paper.form.index]!
      : assemblePaper(index, blueprint, paper.seed, options);
  } catch (error) {
    if (error instanceof AssemblyError) return { identical: false, reason: 'refused', differences: [error.message] };
    throw error;
  }
  const differences: string[] = [];
  const n = Math.max(paper.items.length, again.items.length);
  for (let i = 0; i < n && differences.length < 20; i++) {
    const a = paper.items[i];
    const b = again.items[i];
    if (JSON.stringify(a) !== JSON.stringify(b)) differences.push(`item ${i + 1}: recorded ${a ? `${a.itemId}@${a.version} [${a.optionPermutation.join(',')}]` : 'nothing'}, rebuilt ${b ? `${b.itemId}@${b.version} [${b.optionPermutation.join(',')}]` : 'nothing'}`);
  }
  for (const key of ['seed', 'level', 'meanFacility', 'totalPoints'] as const) {
    if (paper[key] !== again[key]) differences.push(`${key}: recorded ${paper[key]}, rebuilt ${again[key]}`);
  }
  if (JSON.stringify(paper.form ?? null) !== JSON.stringify(again.form ?? null)) differences.push('form details differ');
  return differences.length ? { identical: false, reason: 'different', differences } : { identical: true };
}
