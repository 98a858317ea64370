import { createHash } from 'node:crypto';
import { questionTypes } from '../../question-types';
import { LEVELS } from '../../standards/schemas';
import type { Dimension, ItemType, Level, PoolItem } from './types';

/**
 * The pool the engine draws from: a release's items (plus an exposure snapshot), indexed once.
 *
 * Items get ordinals in id order, so the index (and therefore every paper) is the same whatever
 * order the database returned them in. Per-item facts live in typed arrays; each cell
 * (level × type × dimension key) is an Int32Array of ordinals sorted by exposure, then id, with
 * the ends of equal-exposure runs, so a draw touches only the cell it draws from.
 *
 * Building is O(n log n) from plain data and needs nothing from the process that built it
 * before, so any instance rebuilds it from the same rows and gets the same fingerprint.
 */

export interface CellPool {
  /** Ordinals, by exposure ascending then ordinal (= id order). */
  readonly ordinals: Int32Array;
  /** End positions (exclusive) of runs of equal exposure in `ordinals`. */
  readonly runEnds: Int32Array;
}

export interface PoolIndex {
  readonly size: number;
  /** SHA-256 over every field that influences assembly (facility and exposure included). */
  readonly fingerprint: string;
  /** Items by ordinal (id order). */
  readonly items: readonly PoolItem[];
  readonly facility: Float64Array;
  readonly exposure: Float64Array;
  /** 0/1/2 for X/Y/Z. */
  readonly importance: Uint8Array;
  /** Enemy group number per ordinal; an item without a group has a group of its own. */
  readonly group: Int32Array;
  readonly groupCount: number;
  /** Named enemy groups → group number. */
  readonly groupNames: ReadonlyMap<string, number>;
  readonly byId: ReadonlyMap<string, number>;
  /** The eligible items of one cell, or undefined when there are none. */
  cell(level: Level, type: ItemType, dimension: Dimension, key: string): CellPool | undefined;
  /** Keys that have items at a level and type (for messages and analysis). */
  cellKeys(level: Level, type: ItemType, dimension: Dimension): string[];
}

export class PoolIndexError extends Error {
  override readonly name = 'PoolIndexError';
  constructor(readonly problems: string[]) {
    super(`the pool cannot be indexed: ${problems.slice(0, 5).join('; ')}${problems.length > 5 ? ` (+${problems.length - 5} more)` : ''}`);
  }
}

const LEVEL_SET = new Set<number>(LEVELS);
const IMPORTANCE_NUMBER: Record<string, number> = { X: 0, Y: 1, Z: 2 };

function cellKey(level: number, type: string, dimension: Dimension, key: string): string {
  return `${level}\u0001${type}\u0001${dimension}\u0001${key}`;
}

function validate(item: PoolItem, at: number): string[] {
  const where = `item ${at}${typeof item?.id === 'string' ? ` (${item.id})` : ''}`;
  const problems: string[] = [];
  if (typeof item.id !== 'string' || item.id.length === 0) problems.push(`${where}: id must be a non-empty string`);
  if (!Number.isSafeInteger(item.version) || item.version < 1) problems.push(`${where}: version must be a positive integer`);
  if (!questionTypes.has(item.type)) problems.push(`${where}: unknown type ${String(item.type)}`);
  if (typeof item.functionCode !== 'string' || !item.functionCode) problems.push(`${where}: functionCode is required`);
  if (typeof item.scopeCode !== 'string' || !item.scopeCode) problems.push(`${where}: scopeCode is required`);
  if (!(item.importance in IMPORTANCE_NUMBER)) problems.push(`${where}: importance must be X, Y or Z`);
  if (!Array.isArray(item.levels) || item.levels.length === 0 || item.levels.some((l) => !LEVEL_SET.has(l))) problems.push(`${where}: levels must be a non-empty list of 1–5`);
  if (!(typeof item.facility === 'number' && item.facility > 0 && item.facility < 1)) problems.push(`${where}: facility must be strictly between 0 and 1`);
  if (!Number.isSafeInteger(item.optionCount) || item.optionCount < 0 || item.optionCount > 26) problems.push(`${where}: optionCount must be an integer 0–26`);
  if (!(typeof item.exposure === 'number' && Number.isFinite(item.exposure) && item.exposure >= 0)) problems.push(`${where}: exposure must be a non-negative number`);
  if (item.enemyGroup !== undefined && (typeof item.enemyGroup !== 'string' || item.enemyGroup.length === 0)) problems.push(`${where}: enemyGroup must be a non-empty string when present`);
  return problems;
}

/** Builds the index. Throws PoolIndexError (listing the bad rows) on invalid or duplicate items. */
export function buildPoolIndex(input: readonly PoolItem[]): PoolIndex {
  const problems: string[] = [];
  input.forEach((item, at) => {
    if (problems.length < 50) problems.push(...validate(item, at));
  });
  if (problems.length) throw new PoolIndexError(problems);

  const items = [...input].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (let i = 1; i < items.length; i++) {
    if (items[i]!.id === items[i - 1]!.id) problems.push(`item ${items[i]!.id} appears twice (a release pins one version per item)`);
  }
  if (problems.length) throw new PoolIndexError(problems);

  const n = items.length;
  const facility = new Float64Array(n);
  const exposure = new Float64Array(n);
  const importance = new Uint8Array(n);
  const group = new Int32Array(n);
  const groupNames = new Map<string, number>();
  const byId = new Map<string, number>();
  // type → dimension → key → members per level (ordinals, ascending); composite string keys are
  // made once per cell at the end rather than once per item and level.
  const families = new Map<string, { function: Map<string, number[][]>; scope: Map<string, number[][]> }>();
  const hash = createHash('sha256');
  const chunk: string[] = [];

  // Named groups first (in id order of their first member), then one group per loose item.
  for (const item of items) {
    if (item.enemyGroup !== undefined && !groupNames.has(item.enemyGroup)) groupNames.set(item.enemyGroup, groupNames.size);
  }
  let nextGroup = groupNames.size;

  for (let ord = 0; ord < n; ord++) {
    const item = items[ord]!;
    facility[ord] = item.facility;
    exposure[ord] = item.exposure;
    importance[ord] = IMPORTANCE_NUMBER[item.importance]!;
    group[ord] = item.enemyGroup !== undefined ? groupNames.get(item.enemyGroup)! : nextGroup++;
    byId.set(item.id, ord);
    const levels = [...new Set(item.levels)].sort();
    let family = families.get(item.type);
    if (!family) families.set(item.type, (family = { function: new Map(), scope: new Map() }));
    for (const [byKey, key] of [
      [family.function, item.functionCode],
      [family.scope, item.scopeCode],
    ] as const) {
      let perLevel = byKey.get(key);
      if (!perLevel) byKey.set(key, (perLevel = [[], [], [], [], [], []]));
      for (const level of levels) perLevel[level]!.push(ord);
    }
    // One hash update per 1,000 rows: each update crosses into native code.
    chunk.push(
      `${JSON.stringify(item.id)}\u0001${item.version}\u0001${item.type}\u0001${JSON.stringify(item.pointCode)}\u0001${JSON.stringify(item.scopeCode)}\u0001${JSON.stringify(item.functionCode)}\u0001${item.importance}\u0001${levels.join(',')}\u0001${item.facility}\u0001${item.enemyGroup === undefined ? '-' : JSON.stringify(item.enemyGroup)}\u0001${item.optionCount}\u0001${item.keepOptionOrder ? 1 : 0}\u0001${item.exposure}\n`,
    );
    if (chunk.length === 1000) {
      hash.update(chunk.join(''));
      chunk.length = 0;
    }
  }
  hash.update(chunk.join(''));

  // Exposure order: a native sort of packed (exposure, ordinal) keys when exposures are small
  // integers (the usual case), a comparator sort otherwise; ties stay in ordinal (id) order.
  const packable = exposure.every((e) => Number.isInteger(e) && e < 2 ** 21);
  const byExposure = (list: number[]): Int32Array => {
    if (packable) {
      const keys = new Float64Array(list.length);
      for (let i = 0; i < list.length; i++) keys[i] = exposure[list[i]!]! * 2 ** 31 + list[i]!;
      keys.sort();
      const out = new Int32Array(list.length);
      for (let i = 0; i < keys.length; i++) out[i] = keys[i]! % 2 ** 31;
      return out;
    }
    return Int32Array.from(list.sort((a, b) => exposure[a]! - exposure[b]! || a - b));
  };
  const cells = new Map<string, CellPool>();
  const keysByLevelType = new Map<string, Set<string>>();
  for (const [type, family] of families) {
    for (const dimension of ['function', 'scope'] as const) {
      for (const [key, perLevel] of family[dimension]) {
        perLevel.forEach((list, level) => {
          if (list.length === 0) return;
          const ordinals = byExposure(list);
          const ends: number[] = [];
          for (let i = 1; i < ordinals.length; i++) {
            if (exposure[ordinals[i]!] !== exposure[ordinals[i - 1]!]) ends.push(i);
          }
          ends.push(ordinals.length);
          cells.set(cellKey(level, type, dimension, key), Object.freeze({ ordinals, runEnds: Int32Array.from(ends) }));
          const lt = cellKey(level, type, dimension, '');
          let keys = keysByLevelType.get(lt);
          if (!keys) keysByLevelType.set(lt, (keys = new Set()));
          keys.add(key);
        });
      }
    }
  }

  const index: PoolIndex = {
    size: n,
    fingerprint: hash.digest('hex'),
    items: Object.freeze(items),
    facility,
    exposure,
    importance,
    group,
    groupCount: nextGroup,
    groupNames,
    byId,
    cell: (level, type, dimension, key) => cells.get(cellKey(level, type, dimension, key)),
    cellKeys: (level, type, dimension) => [...(keysByLevelType.get(cellKey(level, type, dimension, '')) ?? [])].sort(),
  };
  return Object.freeze(index);
}

/**
 * A small process cache of pool indexes keyed by release (and exposure snapshot), least recently
 * used first out. `getOrBuild` is single-flight: a burst of requests for a release that is not
 * cached yet loads and builds it once.
 */
export class PoolIndexCache {
  private readonly entries = new Map<string, PoolIndex>();
  private readonly pending = new Map<string, Promise<PoolIndex>>();
  readonly maxEntries: number;
  hits = 0;
  misses = 0;

  constructor(options: { maxEntries?: number } = {}) {
    this.maxEntries = options.maxEntries ?? 8;
    if (!Number.isSafeInteger(this.maxEntries) || this.maxEntries < 1) throw new RangeError('maxEntries must be a positive integer');
  }

  get size(): number {
    return this.entries.size;
  }

  keys(): string[] {
    return [...this.entries.keys()];
  }

  get(key: string): PoolIndex | undefined {
    const found = this.entries.get(key);
    if (found) {
      this.entries.delete(key);
      this.entries.set(key, found);
      this.hits++;
    }
    return found;
  }

  set(key: string, index: PoolIndex): void {
    this.entries.delete(key);
    this.entries.set(key, index);
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }

  delete(key: string): boolean {
    return this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }

  /** The cached index, or one built from `load()` (failures are not cached). */
  getOrBuild(key: string, load: () => readonly PoolItem[] | Promise<readonly PoolItem[]>): Promise<PoolIndex> {
    const cached = this.get(key);
    if (cached) return Promise.resolve(cached);
    const inFlight = this.pending.get(key);
    if (inFlight) return inFlight;
    this.misses++;
    const promise = (async () => {
      try {
        const index = buildPoolIndex(await load());
        this.set(key, index);
        return index;
      } finally {
        this.pending.delete(key);
      }
    })();
    this.pending.set(key, promise);
    return promise;
  }
}
