import type { Dimension, Importance, ItemType } from './types';

/**
 * Why a blueprint cannot be met. Every entry says whether it is `proven` (a counting argument
 * or an exhaustive search shows no paper exists) or only that the bounded search gave up.
 */
export interface CellRef {
  section: number;
  type: ItemType;
  dimension: Dimension;
  key: string;
  count: number;
}

export type Infeasibility =
  /** A blueprint rule is malformed (counts do not add up, unknown section…). */
  | { kind: 'blueprint'; path: string; message: string; proven: true }
  /**
   * One cell cannot be filled: fewer eligible items than needed (`not-enough-items`), fewer
   * distinct enemy groups than needed (`enemy-groups`), or not enough items for N disjoint
   * parallel forms (`parallel-forms`).
   */
  | {
      kind: 'cell';
      section: number;
      type: ItemType;
      dimension: Dimension;
      key: string;
      needed: number;
      available: number;
      reason: 'not-enough-items' | 'enemy-groups' | 'parallel-forms';
      proven: true;
      message: string;
    }
  /**
   * Cells that share enemy groups and together need more items from distinct groups than they
   * can reach (a Hall violation of the group-to-cell matching).
   */
  | { kind: 'cell-set'; cells: CellRef[]; needed: number; available: number; reason: 'enemy-groups-shared'; proven: true; message: string }
  /** A section's X/Y/Z minimums cannot be met together (`classes` is the violated set). */
  | { kind: 'importance'; section: number; classes: Importance[]; needed: number; available: number; proven: true; message: string }
  /** The mean-facility band lies outside what the cells can reach at all. */
  | { kind: 'difficulty'; band: { min: number; max: number }; achievable: { min: number; max: number }; proven: true; message: string }
  /** The exact search found nothing: `exhausted` (proven) or `limit` (budget spent, not proven). */
  | { kind: 'search'; reason: 'exhausted' | 'limit'; nodes: number; proven: boolean; message: string };

export class AssemblyError extends Error {
  override readonly name = 'AssemblyError';
  readonly infeasible: Infeasibility[];
  /** True when every entry is proven: no paper can meet this blueprint from this pool. */
  readonly proven: boolean;

  constructor(infeasible: Infeasibility[], summary?: string) {
    super(summary ?? AssemblyError.summarise(infeasible));
    this.infeasible = infeasible;
    this.proven = infeasible.length > 0 && infeasible.every((entry) => entry.proven);
  }

  /** Infeasible cells only (kind `cell`), the common case in messages and problem bodies. */
  get cells(): Extract<Infeasibility, { kind: 'cell' }>[] {
    return this.infeasible.filter((entry): entry is Extract<Infeasibility, { kind: 'cell' }> => entry.kind === 'cell');
  }

  static summarise(infeasible: Infeasibility[]): string {
    const head = infeasible.slice(0, 5).map((entry) => entry.message);
    const more = infeasible.length > 5 ? ` (+${infeasible.length - 5} more)` : '';
    return `the blueprint cannot be met: ${head.join('; ')}${more}`;
  }

  toJSON(): { name: string; message: string; proven: boolean; infeasible: Infeasibility[] } {
    return { name: this.name, message: this.message, proven: this.proven, infeasible: this.infeasible };
  }
}

export function isAssemblyError(error: unknown): error is AssemblyError {
  return error instanceof AssemblyError;
}
