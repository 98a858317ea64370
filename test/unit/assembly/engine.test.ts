import { expect } from 'chai';
import { drawItems } from '../../../server/assembly/engine/assemble';
import {
  analysePaper,
  assemblePaper,
  AssemblyError,
  buildPoolIndex,
  BlueprintSchema,
  checkFeasibility,
  checkPaper,
  defaultTheorySections,
  planAssembly,
  poolItemsFromRelease,
  reproducePaper,
  PoolIndexCache,
  PoolIndexError,
  theoryBlueprint,
  type Blueprint,
  type BlueprintInput,
  type Infeasibility,
  type Paper,
  type PoolItem,
} from '../../../server/assembly/engine/index';
import type { Standard } from '../../../server/standards/schemas';
import { oracleCheck, poolItem } from './support';

function bp(input: BlueprintInput): Blueprint {
  return BlueprintSchema.parse(input);
}

function many(n: number, partial: Partial<PoolItem>, prefix: string): PoolItem[] {
  return Array.from({ length: n }, (_, i) => poolItem({ ...partial, id: `${prefix}${String(i).padStart(4, '0')}` }));
}

function expectError(fn: () => unknown): AssemblyError {
  try {
    fn();
  } catch (error) {
    expect(error).to.be.instanceOf(AssemblyError);
    return error as AssemblyError;
  }
  throw new Error('expected an AssemblyError');
}

/** Two functions, two types, a mix of importance and options. */
function basicPool(): PoolItem[] {
  const items: PoolItem[] = [];
  for (const fn of ['F1', 'F2']) {
    items.push(...many(30, { type: 'single', functionCode: fn, scopeCode: fn === 'F1' ? 'A' : 'B', optionCount: 4, facility: 0.65 }, `S${fn}-`));
    items.push(...many(15, { type: 'judge', functionCode: fn, scopeCode: fn === 'F1' ? 'A' : 'B', facility: 0.7 }, `J${fn}-`));
  }
  items.forEach((item, i) => {
    item.importance = (['X', 'Y', 'Z'] as const)[i % 3]!;
    if (i % 7 === 0 && item.type === 'single') item.keepOptionOrder = true;
    if (i % 11 === 0 && item.type === 'single') item.optionCount = 5;
  });
  return items;
}

const basicBlueprint = bp({
  level: 3,
  sections: [
    { type: 'judge', count: 6, pointsPerItem: 2 },
    { type: 'single', count: 10, pointsPerItem: 8.8 },
  ],
  cells: [
    { section: 0, dimension: 'function', key: 'F1', count: 4 },
    { section: 0, dimension: 'function', key: 'F2', count: 2 },
    { section: 1, dimension: 'function', key: 'F1', count: 3 },
    { section: 1, dimension: 'function', key: 'F2', count: 7 },
  ],
});

describe('assembly: pool index', () => {
  it('is the same index whatever order the rows come in (fingerprint, cells, papers)', () => {
    const items = basicPool();
    const a = buildPoolIndex(items);
    const b = buildPoolIndex([...items].reverse());
    expect(a.fingerprint).to.equal(b.fingerprint);
    expect(Array.from(a.cell(3, 'single', 'function', 'F1')!.ordinals)).to.deep.equal(Array.from(b.cell(3, 'single', 'function', 'F1')!.ordinals));
    expect(assemblePaper(a, basicBlueprint, 'seed-1')).to.deep.equal(assemblePaper(b, basicBlueprint, 'seed-1'));
  });

  it('changes its fingerprint when anything that influences a draw changes', () => {
    const items = basicPool();
    const base = buildPoolIndex(items).fingerprint;
    const changed = items.map((i, n) => (n === 3 ? { ...i, exposure: i.exposure + 1 } : i));
    expect(buildPoolIndex(changed).fingerprint).not.to.equal(base);
    const refacility = items.map((i, n) => (n === 3 ? { ...i, facility: 0.5 } : i));
    expect(buildPoolIndex(refacility).fingerprint).not.to.equal(base);
  });

  it('groups items by level, type and both dimensions, ordered by exposure then id', () => {
    const items = [
      poolItem({ id: 'c', levels: [3, 4], exposure: 5 }),
      poolItem({ id: 'a', levels: [3], exposure: 5 }),
      poolItem({ id: 'b', levels: [4], exposure: 1 }),
      poolItem({ id: 'd', levels: [3], exposure: 0, scopeCode: 'B' }),
    ];
    const index = buildPoolIndex(items);
    const ids = (level: 3 | 4, dim: 'function' | 'scope', key: string) => Array.from(index.cell(level, 'single', dim, key)?.ordinals ?? []).map((o) => index.items[o]!.id);
    expect(ids(3, 'function', 'F1')).to.deep.equal(['d', 'a', 'c']);
    expect(ids(4, 'function', 'F1')).to.deep.equal(['b', 'c']);
    expect(ids(3, 'scope', 'A')).to.deep.equal(['a', 'c']);
    expect(ids(3, 'scope', 'B')).to.deep.equal(['d']);
    expect(Array.from(index.cell(3, 'single', 'function', 'F1')!.runEnds)).to.deep.equal([1, 3]);
    expect(index.cell(5, 'single', 'function', 'F1')).to.equal(undefined);
    expect(index.cellKeys(3, 'single', 'scope')).to.deep.equal(['A', 'B']);
  });

  it('refuses invalid and duplicate rows, naming them', () => {
    expect(() => buildPoolIndex([poolItem({ id: 'x', facility: 1 })])).to.throw(PoolIndexError, /x.*facility/);
    expect(() => buildPoolIndex([poolItem({ id: 'x', levels: [] })])).to.throw(PoolIndexError, /levels/);
    try {
      buildPoolIndex([poolItem({ id: 'dup' }), poolItem({ id: 'dup', version: 2 })]);
      expect.fail('should throw');
    } catch (error) {
      expect((error as PoolIndexError).problems).to.deep.equal(['item dup appears twice (a release pins one version per item)']);
    }
  });

  it('caches indexes per release, least recently used out, building each once even under a burst', async () => {
    const cache = new PoolIndexCache({ maxEntries: 2 });
    let loads = 0;
    const load = async () => {
      loads++;
      await new Promise((resolve) => setImmediate(resolve));
      return basicPool();
    };
    const burst = await Promise.all(Array.from({ length: 50 }, () => cache.getOrBuild('release-1', load)));
    expect(loads).to.equal(1);
    expect(new Set(burst).size).to.equal(1);
    await cache.getOrBuild('release-2', load);
    cache.get('release-1'); // touch: release-2 is now the oldest
    await cache.getOrBuild('release-3', load);
    expect(cache.keys().sort()).to.deep.equal(['release-1', 'release-3']);
    expect(loads).to.equal(3);
    // A failed load is not cached.
    await cache.getOrBuild('bad', () => Promise.reject(new Error('db down'))).then(
      () => expect.fail('should reject'),
      (error: Error) => expect(error.message).to.equal('db down'),
    );
    expect(cache.get('bad')).to.equal(undefined);
    expect((await cache.getOrBuild('bad', () => basicPool())).size).to.equal(basicPool().length);
  });
});

describe('assembly: papers', () => {
  const items = basicPool();
  const index = buildPoolIndex(items);

  it('meets the blueprint: counts per cell, points, no repeats, pinned versions', () => {
    const paper = assemblePaper(index, basicBlueprint, 7);
    expect(checkPaper(paper, index, basicBlueprint)).to.deep.equal([]);
    expect(oracleCheck(paper, items, basicBlueprint)).to.deep.equal([]);
    expect(paper.items).to.have.length(16);
    expect(paper.totalPoints).to.be.closeTo(6 * 2 + 10 * 8.8, 1e-9);
    expect(paper.items.slice(0, 6).every((i) => i.section === 0 && i.type === 'judge')).to.equal(true);
    expect(paper.algorithm).to.equal('assembly/1');
    expect(paper.poolFingerprint).to.equal(index.fingerprint);
    for (const pi of paper.items) expect(pi.version).to.equal(items.find((i) => i.id === pi.itemId)!.version);
  });

  it('gives the same paper for the same seed and different papers for different seeds', () => {
    expect(assemblePaper(index, basicBlueprint, 'abc')).to.deep.equal(assemblePaper(index, basicBlueprint, 'abc'));
    expect(assemblePaper(index, basicBlueprint, 42)).to.deep.equal(assemblePaper(index, basicBlueprint, '42'));
    const papers = Array.from({ length: 30 }, (_, s) => JSON.stringify(assemblePaper(index, basicBlueprint, s).items.map((i) => i.itemId).sort()));
    expect(new Set(papers).size).to.equal(30);
  });

  it('rebuilds a paper from its seed, and says why when it cannot', () => {
    const paper = assemblePaper(index, basicBlueprint, 'audit-1');
    expect(reproducePaper(paper, index, basicBlueprint)).to.deep.equal({ identical: true });
    const swapped: Paper = JSON.parse(JSON.stringify(paper));
    [swapped.items[0], swapped.items[1]] = [swapped.items[1]!, swapped.items[0]!];
    const result = reproducePaper(swapped, index, basicBlueprint);
    expect(result.identical).to.equal(false);
    expect(result.reason).to.equal('different');
    expect(result.differences![0]).to.match(/^item 1: recorded/);
    const otherPool = buildPoolIndex(items.map((i, n) => (n === 0 ? { ...i, exposure: 9 } : i)));
    expect(reproducePaper(paper, otherPool, basicBlueprint)).to.include({ identical: false, reason: 'pool-changed' });
    expect(reproducePaper(paper, index, { ...basicBlueprint, difficulty: { min: 0.5, max: 0.8 } })).to.include({ identical: false, reason: 'blueprint-changed' });
    expect(reproducePaper({ ...paper, algorithm: 'assembly/0' }, index, basicBlueprint)).to.include({ identical: false, reason: 'algorithm-changed' });
  });

  it('shuffles options per paper as valid permutations, keeping the order of keep-order items and of items without options', () => {
    const firstPositions = new Map<string, number[]>();
    for (let s = 0; s < 300; s++) {
      const paper = assemblePaper(index, basicBlueprint, s);
      for (const pi of paper.items) {
        const item = items.find((i) => i.id === pi.itemId)!;
        expect([...pi.optionPermutation].sort()).to.deep.equal(Array.from({ length: item.optionCount }, (_, i) => i));
        if (item.type === 'judge') expect(pi.optionPermutation).to.deep.equal([]);
        if (item.keepOptionOrder) expect(pi.optionPermutation).to.deep.equal(Array.from({ length: item.optionCount }, (_, i) => i));
        if (item.type === 'single' && !item.keepOptionOrder && item.optionCount === 4) {
          const list = firstPositions.get('4') ?? [];
          list.push(pi.optionPermutation[0]!);
          firstPositions.set('4', list);
        }
      }
    }
    // Shuffled items: the option shown first is each original option about a quarter of the time.
    const firsts = firstPositions.get('4')!;
    expect(firsts.length).to.be.greaterThan(1000);
    for (let k = 0; k < 4; k++) {
      const share = firsts.filter((x) => x === k).length / firsts.length;
      expect(share, `option ${k} first`).to.be.within(0.2, 0.3);
    }
  });

  it('orders items by cell when the blueprint asks for it', () => {
    const byCell = bp({ ...basicBlueprint, itemOrder: 'cell' });
    const paper = assemblePaper(index, byCell, 3);
    const keys = paper.items.map((i) => `${i.section}/${i.cellKey}`);
    expect(keys).to.deep.equal([...Array(4).fill('0/F1'), ...Array(2).fill('0/F2'), ...Array(3).fill('1/F1'), ...Array(7).fill('1/F2')]);
  });

  it('repairs the mean facility into the band when the draw lands outside it', () => {
    // 80 hard items and 20 easy ones: a plain draw of 10 averages about 0.5.
    const pool = [...many(80, { facility: 0.4 }, 'H'), ...many(20, { facility: 0.92 }, 'E')];
    const idx = buildPoolIndex(pool);
    const blueprint = bp({ level: 3, sections: [{ type: 'single', count: 10, pointsPerItem: 10 }], cells: [{ section: 0, dimension: 'function', key: 'F1', count: 10 }] });
    const plan = planAssembly(idx, blueprint);
    let drawn = 0;
    for (let s = 0; s < 200; s++) {
      const outcome = drawItems({ plan, seed: String(s), label: '', band: blueprint.difficulty, blocker: undefined, budget: 50_000 });
      expect(outcome.ok).to.equal(true);
      if (outcome.ok && outcome.method === 'draw') drawn++;
      const paper = assemblePaper(idx, blueprint, s);
      expect(paper.meanFacility).to.be.within(0.55, 0.75);
      expect(checkPaper(paper, idx, blueprint)).to.deep.equal([]);
    }
    expect(drawn, 'papers finished by the repair step rather than the exact search').to.equal(200);
  });

  it('repairs X/Y/Z minimums by swaps inside cells', () => {
    const pool = many(60, { importance: 'Y' }, 'Y').concat(many(8, { importance: 'X' }, 'X'), many(12, { importance: 'Z' }, 'Z'));
    const idx = buildPoolIndex(pool);
    const blueprint = bp({
      level: 3,
      sections: [{ type: 'single', count: 12, pointsPerItem: 1 }],
      cells: [{ section: 0, dimension: 'function', key: 'F1', count: 12 }],
      importanceMix: [{ section: 0, min: { X: 5, Z: 3 } }],
    });
    const plan = planAssembly(idx, blueprint);
    for (let s = 0; s < 100; s++) {
      const outcome = drawItems({ plan, seed: String(s), label: '', band: blueprint.difficulty, blocker: undefined, budget: 50_000 });
      expect(outcome.ok && outcome.method).to.equal('draw');
      const paper = assemblePaper(idx, blueprint, s);
      expect(paper.items.filter((i) => i.importance === 'X').length).to.be.at.least(5);
      expect(paper.items.filter((i) => i.importance === 'Z').length).to.be.at.least(3);
      expect(checkPaper(paper, idx, blueprint)).to.deep.equal([]);
    }
  });

  it('frees an enemy group taken by another cell with an augmenting path', () => {
    // Cell F1 (2 items) can only use groups g1, g2; cell F2 may take g1/g2 items first.
    const pool = [
      poolItem({ id: 'a1', functionCode: 'F1', enemyGroup: 'g1' }),
      poolItem({ id: 'a2', functionCode: 'F1', enemyGroup: 'g2' }),
      poolItem({ id: 'b1', functionCode: 'F2', enemyGroup: 'g1' }),
      poolItem({ id: 'b2', functionCode: 'F2', enemyGroup: 'g2' }),
      poolItem({ id: 'b3', functionCode: 'F2' }),
      poolItem({ id: 'b4', functionCode: 'F2' }),
    ];
    const idx = buildPoolIndex(pool);
    const blueprint = bp({
      level: 3,
      sections: [{ type: 'single', count: 4, pointsPerItem: 25 }],
      cells: [
        { section: 0, dimension: 'function', key: 'F1', count: 2 },
        { section: 0, dimension: 'function', key: 'F2', count: 2 },
      ],
    });
    const plan = planAssembly(idx, blueprint);
    for (let s = 0; s < 100; s++) {
      const outcome = drawItems({ plan, seed: String(s), label: '', band: blueprint.difficulty, blocker: undefined, budget: 50_000 });
      expect(outcome.ok && outcome.method).to.equal('draw');
      const ids = assemblePaper(idx, blueprint, s).items.map((i) => i.itemId).sort();
      expect(ids).to.deep.equal(['a1', 'a2', 'b3', 'b4']);
    }
  });
});

describe('assembly: refusals', () => {
  const items = basicPool();
  const index = buildPoolIndex(items);

  it('names each cell without enough eligible items, and only those', () => {
    const blueprint = bp({
      level: 3,
      sections: [{ type: 'single', count: 40 }, { type: 'judge', count: 10 }].map((s) => ({ ...s, pointsPerItem: 2 })) as Blueprint['sections'],
      cells: [
        { section: 0, dimension: 'function', key: 'F1', count: 35 },
        { section: 0, dimension: 'function', key: 'F2', count: 4 },
        { section: 0, dimension: 'function', key: 'F9', count: 1 },
        { section: 1, dimension: 'function', key: 'F1', count: 10 },
      ],
    });
    const error = expectError(() => assemblePaper(index, blueprint, 1));
    expect(error.proven).to.equal(true);
    expect(error.cells.map(({ section, type, dimension, key, needed, available, reason }) => ({ section, type, dimension, key, needed, available, reason }))).to.deep.equal([
      { section: 0, type: 'single', dimension: 'function', key: 'F1', needed: 35, available: 30, reason: 'not-enough-items' },
      { section: 0, type: 'single', dimension: 'function', key: 'F9', needed: 1, available: 0, reason: 'not-enough-items' },
    ]);
    expect(error.message).to.match(/F1 needs 35 items at level 3, the pool has 30/);
    expect(JSON.parse(JSON.stringify(error))).to.include({ name: 'AssemblyError', proven: true });
    expect(checkFeasibility(index, blueprint)).to.deep.equal(error.infeasible);
  });

  it('names a cell whose items collapse into too few enemy groups', () => {
    const pool = [...many(5, { enemyGroup: 'same' }, 'G'), ...many(2, {}, 'L')];
    const error = expectError(() =>
      assemblePaper(buildPoolIndex(pool), bp({ level: 3, sections: [{ type: 'single', count: 4, pointsPerItem: 25 }], cells: [{ section: 0, dimension: 'function', key: 'F1', count: 4 }] }), 1),
    );
    expect(error.infeasible).to.have.length(1);
    expect(error.infeasible[0]).to.include({ kind: 'cell', key: 'F1', needed: 4, available: 3, reason: 'enemy-groups', proven: true });
  });

  it('names the set of cells that share too few enemy groups between them', () => {
    const pool = [
      poolItem({ id: 'a1', functionCode: 'F1', enemyGroup: 'g1' }),
      poolItem({ id: 'a2', functionCode: 'F1', enemyGroup: 'g2' }),
      poolItem({ id: 'b1', functionCode: 'F2', enemyGroup: 'g1' }),
      poolItem({ id: 'b2', functionCode: 'F2', enemyGroup: 'g2' }),
      poolItem({ id: 'c1', functionCode: 'F3' }),
    ];
    const blueprint = bp({
      level: 3,
      sections: [{ type: 'single', count: 4, pointsPerItem: 25 }],
      cells: [
        { section: 0, dimension: 'function', key: 'F1', count: 2 },
        { section: 0, dimension: 'function', key: 'F2', count: 1 },
        { section: 0, dimension: 'function', key: 'F3', count: 1 },
      ],
    });
    const error = expectError(() => assemblePaper(buildPoolIndex(pool), blueprint, 1));
    expect(error.infeasible).to.have.length(1);
    const entry = error.infeasible[0] as Extract<Infeasibility, { kind: 'cell-set' }>;
    expect(entry).to.include({ kind: 'cell-set', needed: 3, available: 2, reason: 'enemy-groups-shared', proven: true });
    expect(entry.cells.map((c) => c.key)).to.deep.equal(['F1', 'F2']);
  });

  it('names an X/Y/Z minimum that the section cannot hold', () => {
    const pool = [...many(2, { importance: 'X' }, 'X'), ...many(10, { importance: 'Y' }, 'Y')];
    const blueprint = bp({
      level: 3,
      sections: [{ type: 'single', count: 5, pointsPerItem: 20 }],
      cells: [{ section: 0, dimension: 'function', key: 'F1', count: 5 }],
      importanceMix: [{ section: 0, min: { X: 3 } }],
    });
    const error = expectError(() => assemblePaper(buildPoolIndex(pool), blueprint, 1));
    expect(error.infeasible).to.deep.equal([
      { kind: 'importance', section: 0, classes: ['X'], needed: 3, available: 2, proven: true, message: 'section 0 needs at least 3 items of importance X, its cells can hold at most 2' },
    ]);
  });

  it('names a difficulty band the pool cannot reach', () => {
    const pool = many(20, { facility: 0.9 }, 'E');
    const blueprint = bp({ level: 3, sections: [{ type: 'single', count: 5, pointsPerItem: 20 }], cells: [{ section: 0, dimension: 'function', key: 'F1', count: 5 }] });
    const error = expectError(() => assemblePaper(buildPoolIndex(pool), blueprint, 1));
    expect(error.infeasible).to.have.length(1);
    expect(error.infeasible[0]).to.deep.include({ kind: 'difficulty', band: { min: 0.55, max: 0.75 }, proven: true });
    expect((error.infeasible[0] as Extract<Infeasibility, { kind: 'difficulty' }>).achievable.min).to.be.closeTo(0.9, 1e-9);
  });

  it('proves infeasibility by exhaustive search when only a combination of rules rules it out', () => {
    // Each rule alone can be met, but the only way into the band takes two items of one enemy group.
    const pool = [
      poolItem({ id: 'a1', functionCode: 'F1', facility: 0.3 }),
      poolItem({ id: 'a2', functionCode: 'F1', facility: 0.9, enemyGroup: 'g' }),
      poolItem({ id: 'b1', functionCode: 'F2', facility: 0.3 }),
      poolItem({ id: 'b2', functionCode: 'F2', facility: 0.9, enemyGroup: 'g' }),
    ];
    const blueprint = bp({
      level: 3,
      sections: [{ type: 'single', count: 2, pointsPerItem: 50 }],
      cells: [
        { section: 0, dimension: 'function', key: 'F1', count: 1 },
        { section: 0, dimension: 'function', key: 'F2', count: 1 },
      ],
      difficulty: { min: 0.85, max: 0.95 },
    });
    const idx = buildPoolIndex(pool);
    expect(checkFeasibility(idx, blueprint)).to.deep.equal([]);
    const error = expectError(() => assemblePaper(idx, blueprint, 1));
    expect(error.infeasible).to.have.length(1);
    expect(error.infeasible[0]).to.include({ kind: 'search', reason: 'exhausted', proven: true });
    // With no budget the same question is left open, and says so.
    const open = expectError(() => assemblePaper(idx, blueprint, 1, { searchBudget: 1 }));
    expect(open.infeasible[0]).to.include({ kind: 'search', reason: 'limit', proven: false });
    expect(open.proven).to.equal(false);
  });

  it('rejects malformed blueprints with a path for each problem', () => {
    const error = expectError(() =>
      assemblePaper(index, {
        level: 3,
        sections: [
          { type: 'single', count: 10, pointsPerItem: 1 },
          { type: 'single', count: 5, pointsPerItem: 1 },
        ],
        cells: [
          { section: 0, dimension: 'function', key: 'F1', count: 8 },
          { section: 0, dimension: 'scope', key: 'A', count: 1 },
          { section: 1, dimension: 'function', key: 'F1', count: 5 },
          { section: 4, dimension: 'function', key: 'F1', count: 5 },
        ],
        importanceMix: [{ section: 1, min: { X: 4, Y: 2 } }],
        totalMarks: 100,
      }, 1),
    );
    const paths = error.infeasible.map((e) => (e.kind === 'blueprint' ? e.path : e.kind));
    expect(paths).to.include.members(['sections.1.type', 'cells.1.dimension', 'cells.3.section', 'sections.0.count', 'importanceMix.0.min', 'totalMarks']);
    expect(error.infeasible.every((e) => e.kind === 'blueprint' && e.proven)).to.equal(true);
    const zod = expectError(() => assemblePaper(index, { level: 7, sections: [], cells: [] } as unknown as BlueprintInput, 1));
    expect(zod.infeasible.map((e) => (e.kind === 'blueprint' ? e.path : ''))).to.include.members(['level', 'sections']);
  });
});

describe('assembly: checking papers', () => {
  const items = basicPool();
  const index = buildPoolIndex(items);
  const paper = assemblePaper(index, basicBlueprint, 11);
  const codes = (p: Paper) => checkPaper(p, index, basicBlueprint).map((v) => v.code);
  const clone = (): Paper => JSON.parse(JSON.stringify(paper)) as Paper;

  it('finds every kind of tampering', () => {
    let p = clone();
    p.items[7] = { ...p.items[8]! };
    expect(codes(p)).to.include('item-duplicate');

    p = clone();
    p.items[0]!.version += 1;
    expect(codes(p)).to.deep.equal(['item-version']);

    p = clone();
    p.items.pop();
    expect(codes(p)).to.include.members(['section-count', 'cell-count', 'total-points']);

    p = clone();
    const kept = p.items.find((i) => items.find((x) => x.id === i.itemId)!.keepOptionOrder && i.optionPermutation.length > 1);
    const shuffled = p.items.find((i) => i.optionPermutation.length > 1 && !items.find((x) => x.id === i.itemId)!.keepOptionOrder)!;
    shuffled.optionPermutation = [0, 0, 1, 2];
    expect(codes(p)).to.include('permutation');
    if (kept) {
      p = clone();
      const k = p.items.find((i) => i.itemId === kept.itemId)!;
      k.optionPermutation = [...k.optionPermutation].reverse();
      expect(codes(p)).to.deep.equal(['permutation']);
    }

    p = clone();
    p.items[0]!.points = 3;
    expect(codes(p)).to.include('points');

    p = clone();
    p.meanFacility = 0.1;
    expect(codes(p)).to.deep.equal(['mean-facility']);

    p = clone();
    p.items[0]!.facility = 0.99;
    expect(codes(p)).to.deep.equal(['item-facts']);

    // Replace an F1 judge item by an unused F2 judge item: the cell counts break.
    p = clone();
    const unused = items.find((i) => i.type === 'judge' && i.functionCode === 'F2' && !p.items.some((x) => x.itemId === i.id))!;
    const at = p.items.findIndex((i) => i.section === 0 && i.cellKey === 'F1');
    p.items[at] = { ...p.items[at]!, itemId: unused.id, version: unused.version, functionCode: 'F2', scopeCode: unused.scopeCode, cellKey: 'F2', importance: unused.importance, facility: unused.facility, pointCode: unused.pointCode };
    p.meanFacility = Number((p.items.reduce((a, i) => a + i.facility * i.points, 0) / p.totalPoints).toFixed(6));
    expect(codes(p)).to.deep.equal(['cell-count', 'cell-count']);

    p = clone();
    p.items.reverse();
    expect(codes(p)).to.include('section-order');

    expect(checkPaper(paper, index, { ...basicBlueprint, level: 4 })).to.satisfy((v: Array<{ code: string }>) => v.some((x) => x.code === 'level') && v.some((x) => x.code === 'blueprint-fingerprint'));
  });

  it('finds enemy pairs and items that are not in the pool', () => {
    const pool = [poolItem({ id: 'e1', enemyGroup: 'g' }), poolItem({ id: 'e2', enemyGroup: 'g' }), poolItem({ id: 'e3' })];
    const idx = buildPoolIndex(pool);
    const blueprint = bp({ level: 3, sections: [{ type: 'single', count: 2, pointsPerItem: 50 }], cells: [{ section: 0, dimension: 'function', key: 'F1', count: 2 }] });
    const p = assemblePaper(idx, blueprint, 1);
    const bad: Paper = JSON.parse(JSON.stringify(p));
    const other = p.items.some((i) => i.itemId === 'e1') ? 'e2' : 'e1';
    const target = bad.items.find((i) => i.itemId === 'e3')!;
    target.itemId = other;
    expect(checkPaper(bad, idx, blueprint).map((v) => v.code)).to.include('enemy-group');
    target.itemId = 'nope';
    expect(checkPaper(bad, idx, blueprint).map((v) => v.code)).to.include('item-unknown');
  });
});

describe('assembly: analysis table (试卷细目分析表)', () => {
  it('sets target against actual per function, scope, type, importance and cell, with the mean facility', () => {
    const items = basicPool();
    const index = buildPoolIndex(items);
    const blueprint = bp({ ...basicBlueprint, importanceMix: [{ section: 1, min: { X: 2 } }] });
    const paper = assemblePaper(index, blueprint, 5);
    const table = analysePaper(paper, blueprint, { weights: { function: [{ key: 'F1', percent: 40 }, { key: 'F2', percent: 60 }] } });
    expect(table.itemCount).to.equal(16);
    expect(table.byFunction.map((r) => [r.key, r.targetCount, r.actualCount, r.targetPercent])).to.deep.equal([
      ['F1', 7, 7, 40],
      ['F2', 9, 9, 60],
    ]);
    const f1Points = 4 * 2 + 3 * 8.8;
    expect(table.byFunction[0]!.actualPoints).to.be.closeTo(f1Points, 1e-9);
    expect(table.byFunction[0]!.actualPercent).to.equal(Math.round((f1Points / paper.totalPoints) * 10000) / 100);
    // Scope targets are unknown (the blueprint distributes by function), actuals are shown.
    expect(table.byScope.every((r) => r.targetCount === null)).to.equal(true);
    expect(table.byScope.reduce((a, r) => a + r.actualCount, 0)).to.equal(16);
    expect(table.byType.map((r) => [r.key, r.targetCount, r.actualCount])).to.deep.equal([
      ['judge', 6, 6],
      ['single', 10, 10],
    ]);
    const x = table.byImportance.find((r) => r.key === 'X')!;
    expect(x.targetCount).to.equal(2);
    expect(x.atLeast).to.equal(true);
    expect(x.actualCount).to.equal(paper.items.filter((i) => i.importance === 'X').length);
    expect(table.byCell.every((r) => r.targetCount === r.actualCount)).to.equal(true);
    expect(table.meanFacility).to.be.closeTo(paper.meanFacility, 1e-4);
    expect(table.withinBand).to.equal(true);
  });
});

describe('assembly: default blueprints and pool rows', () => {
  const standard = {
    levels: [
      { level: 3, name: '三级/高级工', parts: [{ part: 'theory', durationMinutes: 120, passMark: 60 }] },
      { level: 2, name: '二级/技师', parts: [{ part: 'theory', durationMinutes: 120, passMark: 60 }] },
    ],
    weightTables: {
      theory: {
        rows: [
          { code: 'B1', name: '职业道德', group: 'basic', cells: [5, 5, 5, 5, 5].map((percent, i) => ({ level: 5 - i, percent })) },
          { code: 'B2', name: '基础知识', group: 'basic', cells: [25, 20, 15, 10, 10].map((percent, i) => ({ level: 5 - i, percent })) },
          { code: '1', name: '功能一', group: 'function', cells: [70, 75, 80, 45, 35].map((percent, i) => ({ level: 5 - i, percent })) },
          { code: '2', name: '功能二', group: 'function', cells: [null, null, null, 40, 50].map((percent, i) => ({ level: 5 - i, percent })) },
        ],
      },
      skill: { rows: [] },
    },
    elementTables: [],
  } as unknown as Pick<Standard, 'weightTables' | 'elementTables' | 'levels'>;

  it('builds the classic theory paper: 判断 20 × 1 + 单选 80 × 1, technicians add 多选', () => {
    expect(defaultTheorySections(3).map((s) => [s.type, s.count, s.pointsPerItem])).to.deep.equal([
      ['judge', 20, 1],
      ['single', 80, 1],
    ]);
    expect(defaultTheorySections(2).map((s) => s.type)).to.deep.equal(['judge', 'single', 'multiple']);
    const b3 = theoryBlueprint(standard, 3);
    expect(b3.totalMarks).to.equal(100);
    expect(b3.durationMinutes).to.equal(120);
    expect(b3.difficulty).to.deep.equal({ min: 0.55, max: 0.75 });
    const perRow = (b: Blueprint, key: string) => b.cells.filter((c) => c.key === key).reduce((a, c) => a + c.count, 0);
    expect([perRow(b3, 'B1'), perRow(b3, 'B2'), perRow(b3, '1'), perRow(b3, '2')]).to.deep.equal([5, 15, 80, 0]);
    const b2 = theoryBlueprint(standard, 2);
    expect(b2.totalMarks).to.equal(100);
    expect(perRow(b2, '2')).to.be.greaterThan(0);
  });

  it('maps release rows to pool items through the standard’s points, skipping unknown points', () => {
    const facts = new Map([['AB001', { importance: 'X' as const, topScopeCode: 'A', weightRowCode: '1' }]]);
    const { items, skipped } = poolItemsFromRelease(
      [
        { itemId: 'i1', version: 2, type: 'single', pointCode: 'AB001', levels: [3], facility: 0.62, optionCount: 4, keepOptionOrder: false, points: 1, enemyGroup: 'g' },
        { itemId: 'i2', version: 1, type: 'single', pointCode: 'ZZ999', levels: [3], facility: 0.62, optionCount: 4, keepOptionOrder: false, points: 1 },
      ],
      (code) => facts.get(code),
      (id) => (id === 'i1' ? 7 : 0),
    );
    expect(items).to.deep.equal([
      { id: 'i1', version: 2, type: 'single', pointCode: 'AB001', scopeCode: 'A', functionCode: '1', importance: 'X', levels: [3], facility: 0.62, enemyGroup: 'g', optionCount: 4, keepOptionOrder: false, points: 1, exposure: 7 },
    ]);
    expect(skipped).to.deep.equal([{ itemId: 'i2', pointCode: 'ZZ999', reason: 'appraisal point not in the standard' }]);
  });
});
