import { expect } from 'chai';
import fc from 'fast-check';
import { estimateRasch, itemStatistics, paperReliability, pearson, raschFacility, raschInput, upperLowerIndex, type CandidateRecord, type ItemFacts } from '../../../server/statistics/engine';

const judgeFacts = (n: number): ItemFacts[] => Array.from({ length: n }, (_, i) => ({ item: `i${i}`, categories: ['true', 'false'], keyed: ['true'] }));

/** A right/wrong matrix (rows candidates) as records of one paper; -1 = not shown. */
function records(matrix: number[][]): CandidateRecord[] {
  return matrix.map((row, c) => ({
    candidate: `c${c}`,
    paper: 'P',
    responses: row.flatMap((x, i) => (x < 0 ? [] : [{ item: `i${i}`, points: x, max: 1, selected: [x ? 'true' : 'false'] }])),
  }));
}

const matrixArb = fc.integer({ min: 2, max: 8 }).chain((items) => fc.array(fc.array(fc.integer({ min: 0, max: 1 }), { minLength: items, maxLength: items }), { minLength: 2, maxLength: 40 }));

describe('statistics engine: properties', () => {
  it('facility lies in [0, 1], rates of options plus omissions sum to 1 for one-answer items, r in [−1, 1] or null', () => {
    fc.assert(
      fc.property(matrixArb, (matrix) => {
        const stats = itemStatistics(records(matrix), judgeFacts(matrix[0]!.length));
        for (const s of stats) {
          expect(s.facility).to.be.within(0, 1);
          expect(s.options.reduce((a, o) => a + o.rate, 0) + s.omitted.rate).to.be.closeTo(1, 1e-12);
          if (s.itemRest !== null) expect(s.itemRest).to.be.within(-1, 1);
          if (s.upperLower !== null) expect(s.upperLower).to.be.within(-1, 1);
        }
      }),
    );
  });

  it('the order of candidates changes nothing but tie-breaks of the upper–lower groups', () => {
    fc.assert(
      fc.property(matrixArb, (matrix) => {
        const items = judgeFacts(matrix[0]!.length);
        const a = itemStatistics(records(matrix), items);
        const b = itemStatistics(records([...matrix].reverse()), items);
        a.forEach((s, i) => {
          expect(b[i]!.facility).to.be.closeTo(s.facility, 1e-12);
          if (s.itemRest === null) expect(b[i]!.itemRest).to.equal(null);
          else expect(b[i]!.itemRest).to.be.closeTo(s.itemRest, 1e-9);
        });
      }),
    );
  });

  it('KR-20 is at most 1 and null without variance', () => {
    fc.assert(
      fc.property(matrixArb, (matrix) => {
        const [r] = paperReliability(records(matrix));
        if (r!.kr20 !== null) expect(r!.kr20).to.be.at.most(1 + 1e-12);
      }),
    );
    expect(paperReliability(records([[1, 1], [1, 1]]))[0]!.kr20).to.equal(null);
  });

  it('pearson is null for a constant variable and ±1 for a line', () => {
    expect(pearson([1, 1, 1], [1, 2, 3])).to.equal(null);
    expect(pearson([1, 2, 3], [2, 4, 6])).to.be.closeTo(1, 1e-12);
    expect(pearson([1, 2, 3], [6, 4, 2])).to.be.closeTo(-1, 1e-12);
    expect(pearson([1], [1])).to.equal(null);
  });

  it('upper–lower needs 4 candidates and compares the top and bottom groups', () => {
    expect(upperLowerIndex([{ total: 3, fraction: 1 }, { total: 1, fraction: 0 }, { total: 2, fraction: 1 }], 0.27)).to.equal(null);
    const rows = [5, 4, 3, 2, 1, 0, 6, 7, 8, 9].map((total) => ({ total, fraction: total >= 5 ? 1 : 0 }));
    expect(upperLowerIndex(rows, 0.27)).to.equal(1);
  });

  it('flags a too-easy, a too-hard and a non-discriminating item, and only those', () => {
    // 20 candidates; item 0 everyone right, item 1 one right, item 2 right for the weakest, items 3–6 track ability.
    const matrix = Array.from({ length: 20 }, (_, c) => [1, c === 19 ? 1 : 0, c < 10 ? 1 : 0, c >= 4 ? 1 : 0, c >= 8 ? 1 : 0, c >= 12 ? 1 : 0, c >= 6 ? 1 : 0]);
    const stats = itemStatistics(records(matrix), judgeFacts(7));
    expect(stats[0]!.dubious).to.deep.equal(['too-easy']);
    expect(stats[1]!.dubious).to.include('too-hard');
    expect(stats[2]!.dubious).to.deep.equal(['low-discrimination']);
    for (const s of stats.slice(3)) expect(s.dubious, s.item).to.deep.equal([]);
  });

  it('counts a multiple-choice response toward every option it chose', () => {
    const facts: ItemFacts[] = [{ item: 'm', categories: ['A', 'B', 'C', 'D', 'E'], keyed: ['A', 'C'] }];
    const recs: CandidateRecord[] = [
      { candidate: 'a', paper: 'P', responses: [{ item: 'm', points: 2, max: 2, selected: ['A', 'C'] }] },
      { candidate: 'b', paper: 'P', responses: [{ item: 'm', points: 0, max: 2, selected: ['A', 'B', 'A'] }] },
      { candidate: 'c', paper: 'P', responses: [{ item: 'm', points: 0, max: 2 }] },
    ];
    const [s] = itemStatistics(recs, facts);
    expect(s!.options.map((o) => [o.key, o.count, o.keyed])).to.deep.equal([['A', 2, true], ['B', 1, false], ['C', 1, true], ['D', 0, false], ['E', 0, false]]);
    expect(s!.omitted.count).to.equal(1);
    expect(s!.facility).to.be.closeTo(1 / 3, 1e-12);
  });
});

describe('Rasch JML: properties', () => {
  /** A simulated sparse matrix: every candidate sees `perPerson` of `items` items. */
  function simulate(seed: number, persons: number, items: number, perPerson: number) {
    let state = seed >>> 0;
    const rand = () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32);
    const normal = () => Math.sqrt(-2 * Math.log(rand() + 1e-12)) * Math.cos(2 * Math.PI * rand());
    const b = Array.from({ length: items }, (_, i) => -2 + (4 * i) / (items - 1));
    const responses: Array<{ person: number; item: number; x: 0 | 1 }> = [];
    for (let p = 0; p < persons; p += 1) {
      const theta = normal();
      const start = Math.floor(rand() * items);
      for (let k = 0; k < perPerson; k += 1) {
        const i = (start + k) % items;
        responses.push({ person: p, item: i, x: rand() < 1 / (1 + Math.exp(b[i]! - theta)) ? 1 : 0 });
      }
    }
    return { b, input: raschInput(persons, items, responses) };
  }

  it('recovers the simulated difficulties of a sparse design (r > 0.97, centred)', () => {
    const { b, input } = simulate(7, 2000, 40, 20);
    const result = estimateRasch(input);
    expect(result.converged).to.equal(true);
    expect(pearson(result.difficulty, b)).to.be.greaterThan(0.97);
    expect(result.difficulty.reduce((a, x) => a + x, 0)).to.be.closeTo(0, 1e-9);
    for (const se of result.se) expect(se).to.be.within(0.02, 0.5);
  });

  it('over-relaxed steps reach the plain alternating solution in fewer iterations', () => {
    for (const [seed, persons, items, perPerson] of [[7, 2000, 40, 20], [11, 300, 60, 15], [3, 40, 10, 10]] as const) {
      const { input } = simulate(seed, persons, items, perPerson);
      const plain = estimateRasch(input, { relax: false, tolerance: 1e-10, maxIterations: 5000 });
      const relaxed = estimateRasch(input, { tolerance: 1e-10, maxIterations: 5000 });
      expect(plain.converged && relaxed.converged, `seed ${seed}`).to.equal(true);
      expect(relaxed.iterations, `seed ${seed}`).to.be.at.most(plain.iterations);
      expect(relaxed.status).to.deep.equal(plain.status);
      plain.difficulty.forEach((d, i) => {
        if (Number.isNaN(d)) expect(relaxed.difficulty[i]).to.be.NaN;
        else expect(relaxed.difficulty[i], `seed ${seed} item ${i}`).to.be.closeTo(d, 1e-8);
      });
      plain.se.forEach((se, i) => {
        if (!Number.isNaN(se)) expect(relaxed.se[i]).to.be.closeTo(se, 1e-8);
      });
    }
  });

  it('sets aside items nobody or everybody got right, and candidates with a perfect or zero score', () => {
    const matrix = [
      [1, 0, 1, 0],
      [1, 0, 0, 1],
      [1, 0, 1, 1],
      [1, 0, 0, 0],
      [1, 0, 1, 0],
    ];
    const responses = matrix.flatMap((row, person) => row.map((x, item) => ({ person, item, x: x as 0 | 1 })));
    const result = estimateRasch(raschInput(6, 5, responses));
    expect(result.status).to.deep.equal(['extreme-low', 'extreme-high', 'estimated', 'estimated', 'no-responses']);
    expect(Number.isNaN(result.difficulty[0]!)).to.equal(true);
    // Once items 0 and 1 are set aside, person 2 has all right, person 3 all wrong; person 5 answered nothing.
    expect(result.extremePersons).to.equal(3);
    expect(Number.isNaN(result.ability[2]!) && Number.isNaN(result.ability[3]!) && Number.isNaN(result.ability[5]!)).to.equal(true);
  });

  it('a harder item gets a higher difficulty and a lower facility on the calibration scale', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), (seed) => {
        const { input } = simulate(seed, 400, 6, 6);
        const result = estimateRasch(input);
        const f = Array.from(result.difficulty, (d) => raschFacility(d, result.meanAbility));
        expect(result.difficulty[5]!).to.be.greaterThan(result.difficulty[0]!);
        expect(f[5]!).to.be.lessThan(f[0]!);
      }),
      { numRuns: 20 },
    );
  });

  it('refuses a response outside the matrix', () => {
    expect(() => estimateRasch(raschInput(1, 1, [{ person: 1, item: 0, x: 1 }]))).to.throw(RangeError);
  });
});
