import type { AssemblyPlan, PlanCell } from './plan';
import { randomIndex, randomUnit, type Rng } from './rng';

/**
 * The mutable working state of one paper while it is drawn and repaired, plus the per-cell
 * sampler. Internal to the engine.
 */

/** Decides whether an ordinal may be used on this paper (parallel forms use it). */
export interface Blocker {
  allows(ord: number): boolean;
  onAdd(ord: number): void;
  onRemove(ord: number): void;
}

export class Draft {
  readonly chosen: number[][];
  /** Enemy group → ordinal on the paper holding it. Loose items are groups of their own. */
  readonly holder = new Map<number, number>();
  /** Ordinal → plan cell id, for items on the paper. */
  readonly cellOf = new Map<number, number>();
  /** Per section: counts of X, Y, Z. */
  readonly classCount: number[][];
  /** Σ facility × points of the items on the paper. */
  sum = 0;

  constructor(
    readonly plan: AssemblyPlan,
    readonly blocker: Blocker | undefined,
  ) {
    this.chosen = plan.cells.map(() => []);
    this.classCount = plan.blueprint.sections.map(() => [0, 0, 0]);
  }

  canAdd(ord: number): boolean {
    return !this.holder.has(this.plan.index.group[ord]!) && (this.blocker === undefined || this.blocker.allows(ord));
  }

  add(cellId: number, ord: number): void {
    const { index } = this.plan;
    const cell = this.plan.cells[cellId]!;
    this.chosen[cellId]!.push(ord);
    this.holder.set(index.group[ord]!, ord);
    this.cellOf.set(ord, cellId);
    this.classCount[cell.section]![index.importance[ord]!]!++;
    this.sum += index.facility[ord]! * cell.pointsPerItem;
    this.blocker?.onAdd(ord);
  }

  remove(cellId: number, ord: number): void {
    const { index } = this.plan;
    const cell = this.plan.cells[cellId]!;
    const list = this.chosen[cellId]!;
    const at = list.indexOf(ord);
    if (at < 0) throw new Error('internal: removing an item that is not on the paper');
    list[at] = list[list.length - 1]!;
    list.pop();
    this.holder.delete(index.group[ord]!);
    this.cellOf.delete(ord);
    this.classCount[cell.section]![index.importance[ord]!]!--;
    this.sum -= index.facility[ord]! * cell.pointsPerItem;
    this.blocker?.onRemove(ord);
  }

  /**
   * May `incoming` (not on the paper) replace `outgoing` (on the paper, same cell) without
   * breaking enemy groups, the blocker or the section's X/Y/Z minimums?
   */
  canSwap(cellId: number, outgoing: number, incoming: number): boolean {
    const { index } = this.plan;
    if (this.cellOf.has(incoming)) return false;
    const g = index.group[incoming]!;
    const held = this.holder.get(g);
    if (held !== undefined && held !== outgoing) return false;
    if (this.blocker !== undefined && !this.blocker.allows(incoming)) return false;
    const a = index.importance[outgoing]!;
    if (a !== index.importance[incoming]!) {
      const section = this.plan.cells[cellId]!.section;
      if (this.classCount[section]![a]! <= this.plan.mins[section]![a]!) return false;
    }
    return true;
  }

  swap(cellId: number, outgoing: number, incoming: number): void {
    this.remove(cellId, outgoing);
    this.add(cellId, incoming);
  }

  isComplete(): boolean {
    return this.plan.cells.every((cell) => this.chosen[cell.id]!.length === cell.count);
  }

  minsMet(): boolean {
    return this.plan.mins.every((mins, s) => mins.every((m, i) => this.classCount[s]![i]! >= m));
  }
}

interface StratumState {
  start: number;
  size: number;
  drawn: number;
  weight: number;
  /** Sparse Fisher–Yates: position → value displaced there. */
  swaps: Map<number, number> | undefined;
}

/**
 * Draws a cell's items one at a time without replacement: a stratum is chosen with probability
 * proportional to weight × items not yet drawn from it, then an item uniformly from that stratum
 * (a sparse Fisher–Yates, so no copy of the pool is made). Zero-weight strata are used only when
 * the weighted ones are exhausted. Returns -1 when the whole cell has been drawn.
 */
export class CellSampler {
  private readonly strata: StratumState[];

  constructor(
    private readonly cell: PlanCell,
    private readonly rng: Rng,
  ) {
    this.strata = cell.strata.map((s) => ({ start: s.start, size: s.end - s.start, drawn: 0, weight: s.weight, swaps: undefined }));
  }

  next(): number {
    const strata = this.strata;
    let total = 0;
    for (const s of strata) if (s.weight > 0 && s.drawn < s.size) total += s.weight * (s.size - s.drawn);
    let chosen: StratumState | undefined;
    if (total > 0) {
      let u = randomUnit(this.rng) * total;
      for (const s of strata) {
        if (s.weight > 0 && s.drawn < s.size) {
          u -= s.weight * (s.size - s.drawn);
          chosen = s;
          if (u < 0) break;
        }
      }
    } else {
      let left = 0;
      for (const s of strata) left += s.size - s.drawn;
      if (left === 0) return -1;
      let u = randomIndex(this.rng, left);
      for (const s of strata) {
        const rem = s.size - s.drawn;
        if (rem === 0) continue;
        chosen = s;
        if (u < rem) break;
        u -= rem;
      }
    }
    const s = chosen!;
    const i = s.drawn;
    const r = i + randomIndex(this.rng, s.size - i);
    s.swaps ??= new Map();
    const value = s.swaps.get(r) ?? r;
    if (r !== i) s.swaps.set(r, s.swaps.get(i) ?? i);
    s.drawn++;
    return this.cell.pool[s.start + value]!;
  }
}
