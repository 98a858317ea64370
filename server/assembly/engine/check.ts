import { normaliseBlueprint } from './plan';
import type { PoolIndex } from './pool-index';
import { FACILITY_EPS, IMPORTANCES, type Blueprint, type BlueprintInput, type Paper, type PaperItem } from './types';
import { blueprintPoints, pointsOfCell } from './points';

/**
 * Independent verification of a paper against a blueprint and the pool it claims to come from.
 * It recomputes everything from the index (not from what the paper says about itself), so it
 * also catches a tampered or mis-stored paper. Used by the engine as a last guard, by the tests,
 * the benchmark and the server's verify endpoint.
 */

export type ViolationCode =
  | 'level'
  | 'blueprint-fingerprint'
  | 'item-unknown'
  | 'item-version'
  | 'item-facts'
  | 'item-level'
  | 'item-type'
  | 'item-duplicate'
  | 'section-order'
  | 'section-count'
  | 'cell-key'
  | 'cell-count'
  | 'enemy-group'
  | 'importance'
  | 'difficulty'
  | 'mean-facility'
  | 'points'
  | 'total-points'
  | 'permutation';

export interface Violation {
  code: ViolationCode;
  message: string;
  section?: number;
  key?: string;
  itemId?: string;
}

/** Points-weighted mean facility: the expected share of the marks. */
export function meanFacilityOf(items: ReadonlyArray<Pick<PaperItem, 'facility' | 'points'>>): number {
  let num = 0;
  let den = 0;
  for (const item of items) {
    num += item.facility * item.points;
    den += item.points;
  }
  return den === 0 ? 0 : num / den;
}

function isPermutation(perm: readonly number[], n: number): boolean {
  if (perm.length !== n) return false;
  const seen = new Uint8Array(n);
  for (const v of perm) {
    if (!Number.isInteger(v) || v < 0 || v >= n || seen[v]) return false;
    seen[v] = 1;
  }
  return true;
}

export interface CheckOptions {
  /** Band to check instead of the blueprint's (parallel forms use a narrower one). */
  band?: { min: number; max: number };
}

/** Every way the paper breaks the blueprint; empty when it meets every constraint. */
export function checkPaper(paper: Paper, index: PoolIndex, input: BlueprintInput | Blueprint, options: CheckOptions = {}): Violation[] {
  const { blueprint, fingerprint } = normaliseBlueprint(input);
  const out: Violation[] = [];
  const add = (v: Violation) => out.push(v);
  if (paper.level !== blueprint.level) add({ code: 'level', message: `paper is for level ${paper.level}, the blueprint for level ${blueprint.level}` });
  if (paper.blueprintFingerprint !== fingerprint) add({ code: 'blueprint-fingerprint', message: 'paper was assembled from a different blueprint' });

  const dims = blueprint.sections.map((_, s) => blueprint.cells.find((c) => c.section === s)?.dimension ?? 'function');
  // Per section: cell key → target count, and → actual count.
  const targets = blueprint.sections.map(() => new Map<string, number>());
  for (const c of blueprint.cells) targets[c.section]!.set(c.key, (targets[c.section]!.get(c.key) ?? 0) + c.count);
  const actual = blueprint.sections.map(() => new Map<string, number>());
  const sectionCounts = blueprint.sections.map(() => 0);
  const classCounts = blueprint.sections.map(() => [0, 0, 0]);
  const seenIds = new Set<string>();
  const groupHolder = new Map<string, string>();
  let lastSection = 0;
  let num = 0;
  let den = 0;

  for (let at = 0; at < paper.items.length; at++) {
    const item = paper.items[at]!;
    const where = () => `item ${at + 1} (${item.itemId})`;
    const section = blueprint.sections[item.section];
    if (!section) {
      add({ code: 'section-count', message: `${where()} is in section ${item.section}, which the blueprint does not have`, itemId: item.itemId });
      continue;
    }
    if (item.section < lastSection) add({ code: 'section-order', message: `${where()} of section ${item.section} comes after section ${lastSection}`, itemId: item.itemId });
    lastSection = Math.max(lastSection, item.section);
    sectionCounts[item.section]!++;
    if (seenIds.has(item.itemId)) add({ code: 'item-duplicate', message: `${where()} appears more than once`, itemId: item.itemId });
    seenIds.add(item.itemId);
    const cellGives = pointsOfCell(blueprint, item.section, item.cellKey) ?? section.pointsPerItem;
    if (item.points !== cellGives) add({ code: 'points', message: `${where()} carries ${item.points} points, its cell gives ${cellGives}`, itemId: item.itemId });

    const ord = index.byId.get(item.itemId);
    if (ord === undefined) {
      add({ code: 'item-unknown', message: `${where()} is not in the pool`, itemId: item.itemId });
      continue;
    }
    const source = index.items[ord]!;
    if (source.version !== item.version) add({ code: 'item-version', message: `${where()} pins version ${item.version}, the pool has ${source.version}`, itemId: item.itemId });
    if (source.type !== section.type || item.type !== section.type) add({ code: 'item-type', message: `${where()} is ${source.type}, section ${item.section} takes ${section.type}`, itemId: item.itemId });
    if (!source.levels.includes(blueprint.level)) add({ code: 'item-level', message: `${where()} is not for level ${blueprint.level}`, itemId: item.itemId });
    if (
      item.facility !== source.facility ||
      item.importance !== source.importance ||
      item.functionCode !== source.functionCode ||
      item.scopeCode !== source.scopeCode ||
      item.pointCode !== source.pointCode
    ) {
      add({ code: 'item-facts', message: `${where()} records facts that differ from the pool`, itemId: item.itemId });
    }
    const dimension = dims[item.section]!;
    const key = dimension === 'function' ? source.functionCode : source.scopeCode;
    if (item.dimension !== dimension || item.cellKey !== key) {
      add({ code: 'cell-key', message: `${where()} is recorded in ${item.dimension} ${item.cellKey}, the pool puts it in ${dimension} ${key}`, itemId: item.itemId });
    }
    const counts = actual[item.section]!;
    counts.set(key, (counts.get(key) ?? 0) + 1);
    classCounts[item.section]![IMPORTANCES.indexOf(source.importance)]!++;
    if (source.enemyGroup !== undefined) {
      const other = groupHolder.get(source.enemyGroup);
      if (other !== undefined) add({ code: 'enemy-group', message: `${where()} and ${other} are both from enemy group ${source.enemyGroup}`, itemId: item.itemId });
      else groupHolder.set(source.enemyGroup, item.itemId);
    }
    if (!isPermutation(item.optionPermutation, source.optionCount)) {
      add({ code: 'permutation', message: `${where()} has an option order that is not a permutation of its ${source.optionCount} options`, itemId: item.itemId });
    } else if ((source.optionCount <= 1 || source.keepOptionOrder) && item.optionPermutation.some((v, i) => v !== i)) {
      add({ code: 'permutation', message: `${where()} keeps its option order but was shuffled`, itemId: item.itemId });
    }
    num += source.facility * item.points;
    den += item.points;
  }

  blueprint.sections.forEach((section, s) => {
    if (sectionCounts[s] !== section.count) add({ code: 'section-count', message: `section ${s} has ${sectionCounts[s]} items, the blueprint ${section.count}`, section: s });
  });
  targets.forEach((target, s) => {
    for (const [key, count] of target) {
      const got = actual[s]!.get(key) ?? 0;
      if (got !== count) add({ code: 'cell-count', message: `section ${s} ${dims[s]} ${key} has ${got} items, the blueprint ${count}`, section: s, key });
    }
    for (const [key, got] of actual[s]!) {
      if (!target.has(key)) add({ code: 'cell-count', message: `section ${s} has ${got} items in ${dims[s]} ${key}, which the blueprint does not have`, section: s, key });
    }
  });
  for (const rule of blueprint.importanceMix) {
    IMPORTANCES.forEach((cls, i) => {
      const min = rule.min[cls] ?? 0;
      const got = classCounts[rule.section]?.[i] ?? 0;
      if (got < min) add({ code: 'importance', message: `section ${rule.section} has ${got} items of importance ${cls}, at least ${min} are required`, section: rule.section });
    });
  }
  const band = options.band ?? blueprint.difficulty;
  const mean = den === 0 ? 0 : num / den;
  if (mean < band.min - FACILITY_EPS || mean > band.max + FACILITY_EPS) {
    add({ code: 'difficulty', message: `mean facility ${mean.toFixed(4)} is outside ${band.min}–${band.max}` });
  }
  if (Math.abs(paper.meanFacility - mean) > 1e-6 + FACILITY_EPS) add({ code: 'mean-facility', message: `paper records mean facility ${paper.meanFacility}, its items give ${mean.toFixed(6)}` });
  const expectedTotal = blueprintPoints(blueprint);
  const total = paper.items.reduce((a, item) => a + item.points, 0);
  if (Math.abs(total - paper.totalPoints) > 1e-9 || Math.abs(total - expectedTotal) > 1e-9 || (blueprint.totalMarks !== undefined && Math.abs(total - blueprint.totalMarks) > 1e-9)) {
    add({ code: 'total-points', message: `paper totals ${total} points (records ${paper.totalPoints}), the blueprint ${blueprint.totalMarks ?? expectedTotal}` });
  }
  return out;
}
