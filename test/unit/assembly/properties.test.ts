import { expect } from 'chai';
import fc from 'fast-check';
import {
  assemblePaper,
  AssemblyError,
  BlueprintSchema,
  buildPoolIndex,
  checkPaper,
  type Blueprint,
  type ExposurePolicy,
  type Importance,
  type Infeasibility,
  type ItemType,
  type PoolItem,
} from '../../../server/assembly/engine/index';
import { bruteForceFeasible, distinctGroups, eligible, groupKey, maxDistinctGroupFill, oracleCells, oracleCheck, poolItem } from './support';

/**
 * Property tests: random pools and random blueprints (feasible or not). Whatever the engine
 * returns must meet every rule (checked by checkPaper and by an independent oracle on the raw
 * pool); whatever it refuses must be refused for a reason the oracle can confirm.
 */

const FUNCTIONS = ['F1', 'F2', 'F3'];
const SCOPES = ['A', 'B'];

const itemArb = (groups: number) => fc.record({
  type: fc.constantFrom<ItemType>('judge', 'single'),
  fn: fc.integer({ min: 0, max: FUNCTIONS.length - 1 }),
  scope: fc.integer({ min: 0, max: SCOPES.length - 1 }),
  importance: fc.constantFrom<Importance>('X', 'Y', 'Z'),
  levels: fc.constantFrom<Array<3 | 4>>([3], [3], [3, 4], [4]),
  facility: fc.integer({ min: 10, max: 95 }),
  group: fc.option(fc.integer({ min: 0, max: groups - 1 }), { nil: undefined, freq: 3 }),
  optionCount: fc.integer({ min: 2, max: 5 }),
  keep: fc.boolean(),
  exposure: fc.integer({ min: 0, max: 3 }),
  version: fc.integer({ min: 1, max: 3 }),
});

const poolArb = (minItems: number, maxItems: number, groups: number) =>
  fc.array(itemArb(groups), { minLength: minItems, maxLength: maxItems, size: 'max' }).map((rows) =>
    rows.map((r, i) =>
      poolItem({
        id: `P${String(i).padStart(4, '0')}`,
        version: r.version,
        type: r.type,
        functionCode: FUNCTIONS[r.fn]!,
        scopeCode: SCOPES[r.scope]!,
        importance: r.importance,
        levels: r.levels,
        facility: r.facility / 100,
        ...(r.group !== undefined ? { enemyGroup: `g${r.group}` } : {}),
        optionCount: r.type === 'judge' ? 0 : r.optionCount,
        keepOptionOrder: r.type === 'judge' ? true : r.keep,
        exposure: r.exposure,
      }),
    ),
  );

const policyArb = fc.constantFrom<ExposurePolicy>(
  { policy: 'stratified', strata: 4, preference: 2 },
  { policy: 'randomesque', window: 2 },
  { policy: 'least-used' },
  { policy: 'uniform' },
);

const blueprintArb = (maxPerCell: number) =>
  fc
    .record({
      types: fc.constantFrom<ItemType[]>(['judge'], ['single'], ['judge', 'single'], ['single', 'judge']),
      dimension: fc.constantFrom<'function' | 'scope'>('function', 'scope'),
      counts: fc.array(fc.array(fc.integer({ min: 0, max: maxPerCell }), { minLength: 3, maxLength: 3 }), { minLength: 2, maxLength: 2 }),
      points: fc.array(fc.constantFrom(1, 2, 5), { minLength: 2, maxLength: 2 }),
      mins: fc.array(fc.record({ X: fc.integer({ min: 0, max: 2 }), Z: fc.integer({ min: 0, max: 1 }) }), { minLength: 2, maxLength: 2 }),
      useMins: fc.boolean(),
      bandMin: fc.integer({ min: 15, max: 65 }),
      bandWidth: fc.integer({ min: 3, max: 60 }),
      level: fc.constantFrom<3 | 4>(3, 3, 3, 4),
      exposure: policyArb,
    })
    .map((g): Blueprint | undefined => {
      const keys = g.dimension === 'function' ? FUNCTIONS : SCOPES;
      const sections = g.types.map((type, s) => ({ type, count: g.counts[s]!.slice(0, keys.length).reduce((a, b) => a + b, 0), pointsPerItem: g.points[s]! }));
      if (sections.some((s) => s.count === 0)) return undefined;
      const cells = g.types.flatMap((_, s) => keys.map((key, k) => ({ section: s, dimension: g.dimension, key, count: g.counts[s]![k]! })).filter((c) => c.count > 0));
      const importanceMix = g.useMins
        ? sections.map((s, i) => ({ section: i, min: { X: Math.min(g.mins[i]!.X, s.count), Z: Math.min(g.mins[i]!.Z, Math.max(0, s.count - Math.min(g.mins[i]!.X, s.count))) } }))
        : [];
      return BlueprintSchema.parse({
        level: g.level,
        sections,
        cells,
        importanceMix,
        difficulty: { min: g.bandMin / 100, max: Math.min(1, (g.bandMin + g.bandWidth) / 100) },
        exposure: g.exposure,
      });
    })
    .filter((b): b is Blueprint => b !== undefined);

/** Confirms one refusal entry from the raw pool, independently of the engine. */
function confirm(entry: Infeasibility, pool: PoolItem[], bp: Blueprint, allowUnproven: boolean): void {
  switch (entry.kind) {
    case 'cell': {
      const cell = bp.cells.find((c) => c.section === entry.section && c.key === entry.key)!;
      expect(cell, 'the named cell is in the blueprint').to.not.equal(undefined);
      expect(entry.needed).to.equal(cell.count);
      const items = eligible(pool, bp.level, bp.sections[entry.section]!.type, entry.dimension, entry.key);
      if (entry.reason === 'not-enough-items') expect(items.length).to.equal(entry.available);
      else expect(distinctGroups(items)).to.equal(entry.available);
      expect(entry.available).to.be.lessThan(entry.needed);
      return;
    }
    case 'cell-set': {
      const needed = entry.cells.reduce((a, c) => a + c.count, 0);
      expect(entry.needed).to.equal(needed);
      expect(maxDistinctGroupFill(pool, bp, entry.cells)).to.be.lessThan(needed);
      return;
    }
    case 'importance': {
      const mins = bp.importanceMix.find((r) => r.section === entry.section)!.min;
      const needed = entry.classes.reduce((a, c) => a + (mins[c] ?? 0), 0);
      expect(entry.needed).to.equal(needed);
      const cells = oracleCells(pool, bp).filter((c) => c.section === entry.section);
      const available = cells.reduce((a, c) => a + Math.min(c.count, distinctGroups(c.items.filter((i) => entry.classes.includes(i.importance)))), 0);
      expect(available).to.equal(entry.available);
      expect(available).to.be.lessThan(needed);
      return;
    }
    case 'difficulty': {
      const cells = oracleCells(pool, bp);
      const total = bp.sections.reduce((a, s) => a + s.count * s.pointsPerItem, 0);
      let lo = 0;
      let hi = 0;
      for (const c of cells) {
        const f = c.items.map((i) => i.facility).sort((a, b) => a - b);
        lo += f.slice(0, c.count).reduce((a, b) => a + b, 0) * c.pointsPerItem;
        hi += f.slice(f.length - c.count).reduce((a, b) => a + b, 0) * c.pointsPerItem;
      }
      expect(hi / total < bp.difficulty.min || lo / total > bp.difficulty.max, 'band out of reach').to.equal(true);
      return;
    }
    case 'search': {
      if (entry.reason === 'limit') {
        expect(allowUnproven, 'the search budget ran out on a small instance').to.equal(true);
        expect(entry.proven).to.equal(false);
        return;
      }
      expect(entry.proven).to.equal(true);
      const brute = bruteForceFeasible(pool, bp);
      if (brute !== 'too-big') expect(brute, 'brute force finds no paper either').to.equal(false);
      return;
    }
    case 'blueprint':
      expect.fail(`generated blueprints are well-formed: ${entry.message}`);
  }
}

function shuffled<T>(list: T[], seed: number): T[] {
  const out = [...list];
  let x = seed || 1;
  for (let i = out.length - 1; i > 0; i--) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    const j = x % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

describe('assembly: properties (fast-check)', function () {
  this.timeout(60_000);

  it('tiny pools: a paper is returned exactly when one exists, and it meets every rule', () => {
    let papers = 0;
    let refusals = 0;
    const kinds = new Map<string, number>();
    fc.assert(
      fc.property(poolArb(8, 20, 8), blueprintArb(2), fc.integer({ min: 0, max: 1_000_000 }), (pool, bp, seed) => {
        const index = buildPoolIndex(pool);
        const brute = bruteForceFeasible(pool, bp);
        expect(brute).to.not.equal('too-big');
        try {
          const paper = assemblePaper(index, bp, seed);
          papers++;
          expect(brute, 'a paper exists').to.equal(true);
          expect(checkPaper(paper, index, bp)).to.deep.equal([]);
          expect(oracleCheck(paper, pool, bp)).to.deep.equal([]);
        } catch (error) {
          if (!(error instanceof AssemblyError)) throw error;
          refusals++;
          for (const entry of error.infeasible) kinds.set(entry.kind, (kinds.get(entry.kind) ?? 0) + 1);
          expect(brute, `refused although a paper exists: ${error.message}`).to.equal(false);
          expect(error.proven).to.equal(true);
          for (const entry of error.infeasible) confirm(entry, pool, bp, false);
        }
      }),
      { numRuns: 1500 },
    );
    // Both outcomes were exercised.
    console.log(`      tiny: ${papers} papers, ${refusals} refusals ${JSON.stringify(Object.fromEntries(kinds))}`);
    expect(papers).to.be.greaterThan(150);
    expect(refusals).to.be.greaterThan(500);
  });

  it('larger pools: every returned paper meets every rule; every refusal names a truly infeasible rule', () => {
    let papers = 0;
    let refusals = 0;
    const kinds = new Map<string, number>();
    fc.assert(
      fc.property(poolArb(60, 220, 50), blueprintArb(6), fc.integer({ min: 0, max: 1_000_000 }), (pool, bp, seed) => {
        const index = buildPoolIndex(pool);
        try {
          const paper = assemblePaper(index, bp, seed);
          papers++;
          expect(checkPaper(paper, index, bp)).to.deep.equal([]);
          expect(oracleCheck(paper, pool, bp)).to.deep.equal([]);
          // Same seed, same paper — even from an index built from the rows in another order.
          expect(assemblePaper(buildPoolIndex(shuffled(pool, seed)), bp, seed)).to.deep.equal(paper);
        } catch (error) {
          if (!(error instanceof AssemblyError)) throw error;
          refusals++;
          for (const entry of error.infeasible) kinds.set(entry.kind, (kinds.get(entry.kind) ?? 0) + 1);
          expect(error.infeasible.length).to.be.greaterThan(0);
          for (const entry of error.infeasible) confirm(entry, pool, bp, true);
        }
      }),
      { numRuns: 600 },
    );
    console.log(`      larger: ${papers} papers, ${refusals} refusals ${JSON.stringify(Object.fromEntries(kinds))}`);
    expect(papers).to.be.greaterThan(400);
    expect(refusals).to.be.greaterThan(15);
  });

  it('different seeds give different papers when the pool leaves room', () => {
    fc.assert(
      fc.property(poolArb(100, 220, 60), blueprintArb(3), (pool, bp) => {
        // Only pools where every cell has at least twice its count in free groups and a wide band.
        // Uniform draws here: least-used-first is meant to repeat the least-used items.
        const wide = BlueprintSchema.parse({ ...bp, difficulty: { min: 0, max: 1 }, importanceMix: [], exposure: { policy: 'uniform' } });
        fc.pre(oracleCells(pool, wide).every((c) => new Set(c.items.map(groupKey)).size >= 2 * c.count + 2));
        const index = buildPoolIndex(pool);
        const distinct = new Set(Array.from({ length: 16 }, (_, s) => JSON.stringify(assemblePaper(index, wide, s).items.map((i) => i.itemId).sort())));
        expect(distinct.size).to.be.greaterThan(1);
      }),
      { numRuns: 100 },
    );
  });
});
