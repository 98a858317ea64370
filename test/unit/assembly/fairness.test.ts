import { expect } from 'chai';
import { assemblePaper, BlueprintSchema, buildPoolIndex, type Blueprint, type BlueprintInput, type PoolItem } from '../../../server/assembly/engine/index';
import { poolItem } from './support';

/**
 * Selection frequencies over 1,000 seeds.
 *
 * With exposure held constant and no other rule biting, each item of a cell of n items drawn k
 * at a time is on a paper with probability p = k/n, independently across seeds, so its count X
 * over N = 1,000 seeds is Binomial(N, p). The band used is N·p ± 4.5·√(N·p·(1−p)): for one item
 * a fair draw leaves it with probability ≈ 7·10⁻⁶, so even with 60 items checked at once the
 * chance of a false alarm for a random choice of seeds is below 5·10⁻⁴ (Bonferroni). The seeds
 * are fixed, so the test is deterministic; the band says what a fair sampler must achieve. It
 * rules out starvation (count 0) and favourites (counts far above N·p) at once.
 */

const SEEDS = 1000;

function band(p: number, n = SEEDS, z = 4.5): [number, number] {
  const mean = n * p;
  const sd = Math.sqrt(n * p * (1 - p));
  return [mean - z * sd, mean + z * sd];
}

function frequencies(pool: PoolItem[], blueprint: Blueprint): Map<string, number> {
  const index = buildPoolIndex(pool);
  const counts = new Map(pool.map((i) => [i.id, 0]));
  for (let s = 0; s < SEEDS; s++) {
    for (const item of assemblePaper(index, blueprint, `fair-${s}`).items) counts.set(item.itemId, counts.get(item.itemId)! + 1);
  }
  return counts;
}

function single(cells: Array<[string, number]>, extra: Partial<BlueprintInput> = {}): Blueprint {
  const count = cells.reduce((a, [, n]) => a + n, 0);
  return BlueprintSchema.parse({
    level: 3,
    sections: [{ type: 'single', count, pointsPerItem: 1 }],
    cells: cells.map(([key, n]) => ({ section: 0, dimension: 'function', key, count: n })),
    ...extra,
  });
}

describe('assembly: fairness over 1,000 seeds', function () {
  this.timeout(30_000);

  it('draws every item of a cell with frequency count/poolSize (one cell, 8 of 40)', () => {
    const pool = Array.from({ length: 40 }, (_, i) => poolItem({ id: `A${i}`, facility: 0.65, exposure: 3 }));
    const counts = frequencies(pool, single([['F1', 8]]));
    const [lo, hi] = band(8 / 40);
    for (const [id, n] of counts) expect(n, `item ${id}`).to.be.within(lo, hi);
  });

  it('does so in every cell of a multi-cell blueprint, whatever the cell sizes', () => {
    // Facilities spread inside the band, so the difficulty repair never has to act.
    const sizes: Array<[string, number, number]> = [
      ['F1', 30, 6],
      ['F2', 20, 5],
      ['F3', 10, 3],
    ];
    const pool = sizes.flatMap(([fn, n]) => Array.from({ length: n }, (_, i) => poolItem({ id: `${fn}-${i}`, functionCode: fn, facility: 0.6 + (i % 5) * 0.03, exposure: 0 })));
    const counts = frequencies(pool, single(sizes.map(([fn, , k]) => [fn, k])));
    for (const [fn, n, k] of sizes) {
      const [lo, hi] = band(k / n);
      for (const item of pool.filter((i) => i.functionCode === fn)) expect(counts.get(item.id), `${fn} item ${item.id}`).to.be.within(lo, hi);
    }
  });

  it('starves no item and favours none when enemy groups share slots', () => {
    // 30 items, 12 of them in 6 enemy pairs: a pair fills at most one slot, so its members are a
    // little less likely than loose items, but every item stays within a factor of the mean.
    const pool = Array.from({ length: 30 }, (_, i) => poolItem({ id: `E${i}`, ...(i < 12 ? { enemyGroup: `pair${i >> 1}` } : {}), facility: 0.65 }));
    const counts = frequencies(pool, single([['F1', 6]]));
    const expected = (SEEDS * 6) / 30;
    for (const [id, n] of counts) expect(n, `item ${id}`).to.be.within(0.6 * expected, 1.4 * expected);
  });

  it('favours less-exposed items by the stratified preference, without starving the others', () => {
    const pool = [
      ...Array.from({ length: 20 }, (_, i) => poolItem({ id: `low${i}`, exposure: 0 })),
      ...Array.from({ length: 20 }, (_, i) => poolItem({ id: `high${i}`, exposure: 10 })),
    ];
    const counts = frequencies(pool, single([['F1', 8]], { exposure: { policy: 'stratified', strata: 2, preference: 2 } }));
    const low = pool.filter((i) => i.exposure === 0).map((i) => counts.get(i.id)!);
    const high = pool.filter((i) => i.exposure === 10).map((i) => counts.get(i.id)!);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    // Weights 1 : 1/2 per item; drawing without replacement pulls the ratio a little towards 1.
    expect(mean(low) / mean(high)).to.be.within(1.6, 2.1);
    for (const group of [low, high]) {
      const [lo, hi] = band(mean(group) / SEEDS);
      for (const n of group) expect(n).to.be.within(lo, hi);
    }
    expect(Math.min(...high)).to.be.greaterThan(0);
  });

  it('least-used-first takes the least-used items, at random among equals', () => {
    const pool = [
      ...Array.from({ length: 12 }, (_, i) => poolItem({ id: `fresh${i}`, exposure: 0 })),
      ...Array.from({ length: 28 }, (_, i) => poolItem({ id: `used${i}`, exposure: 5 })),
    ];
    const counts = frequencies(pool, single([['F1', 8]], { exposure: { policy: 'least-used' } }));
    const [lo, hi] = band(8 / 12);
    for (const item of pool) {
      if (item.exposure === 0) expect(counts.get(item.id), item.id).to.be.within(lo, hi);
      else expect(counts.get(item.id), item.id).to.equal(0);
    }
  });

  it('randomesque draws uniformly from the window of least-exposed items (whole ties kept)', () => {
    // Exposures 0,0,1,1,2,2,…: a window of 2 × 4 = 8 items ends exactly at a tie boundary.
    const pool = Array.from({ length: 40 }, (_, i) => poolItem({ id: `R${String(i).padStart(2, '0')}`, exposure: i >> 1 }));
    const counts = frequencies(pool, single([['F1', 4]], { exposure: { policy: 'randomesque', window: 2 } }));
    const [lo, hi] = band(4 / 8);
    for (const item of pool) {
      if (item.exposure < 4) expect(counts.get(item.id), item.id).to.be.within(lo, hi);
      else expect(counts.get(item.id), item.id).to.equal(0);
    }
  });
});
