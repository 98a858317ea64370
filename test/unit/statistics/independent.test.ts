import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { estimateRasch, itemStatistics, paperReliability, raschInput, type CandidateRecord, type ItemFacts } from '../../../server/statistics/engine';

/**
 * The engine against an independent computation: test/fixtures/statistics/two-forms.json was
 * written by test/fixtures/statistics/make-expected.py with numpy 2.4.6, scipy 1.17.1 and
 * pingouin 0.7.0 (facility with numpy, item-rest r with scipy.stats.pearsonr, KR-20 as
 * pingouin.cronbach_alpha on each form's 0/1 matrix, Rasch JML with scipy.optimize.minimize
 * L-BFGS-B on the joint likelihood of the observed cells). 80 candidates, 20 items, two forms
 * sharing four items: an incomplete matrix.
 */
interface Fixture {
  source: string;
  records: CandidateRecord[];
  items: Array<{ item: string; key: string; n: number; facility: number; itemRest: number | null; upperLower: number; rates: Record<string, number>; omitted: number }>;
  kr20: Record<string, number>;
  rasch: { estimator: string; converged: boolean; difficulty: number[]; se: number[]; meanAbility: number; persons: number };
}

const fixture = JSON.parse(readFileSync(new URL('../../fixtures/statistics/two-forms.json', import.meta.url), 'utf8')) as Fixture;
const facts: ItemFacts[] = fixture.items.map((i) => ({ item: i.item, categories: ['A', 'B', 'C', 'D'], keyed: [i.key] }));

describe('item statistics against numpy/scipy/pingouin (two-forms.json)', () => {
  const stats = itemStatistics(fixture.records, facts);

  it('names its source', () => {
    expect(fixture.source).to.match(/numpy 2\.4\.6, scipy 1\.17\.1, pingouin 0\.7\.0/);
  });

  it('facility, corrected item-total r and the upper–lower index agree to 1e-12', () => {
    for (const expected of fixture.items) {
      const got = stats.find((s) => s.item === expected.item)!;
      expect(got.n, expected.item).to.equal(expected.n);
      expect(got.facility, expected.item).to.be.closeTo(expected.facility, 1e-12);
      expect(got.itemRest, expected.item).to.be.closeTo(expected.itemRest!, 1e-12);
      expect(got.upperLower, expected.item).to.be.closeTo(expected.upperLower, 1e-12);
    }
  });

  it('option selection rates and omissions agree, in the item\'s own option order with the key marked', () => {
    for (const expected of fixture.items) {
      const got = stats.find((s) => s.item === expected.item)!;
      expect(got.options.map((o) => o.key)).to.deep.equal(['A', 'B', 'C', 'D']);
      for (const option of got.options) {
        expect(option.rate, `${expected.item} ${option.key}`).to.be.closeTo(expected.rates[option.key]!, 1e-12);
        expect(option.keyed).to.equal(option.key === expected.key);
      }
      expect(got.omitted.rate).to.be.closeTo(expected.omitted, 1e-12);
    }
  });

  it('flags exactly the items outside p 0.2–0.95 or with r below 0.2', () => {
    for (const expected of fixture.items) {
      const got = stats.find((s) => s.item === expected.item)!;
      const want = expected.facility < 0.2 || expected.facility > 0.95 || (expected.itemRest !== null && expected.itemRest < 0.2);
      expect(got.dubious.length > 0, expected.item).to.equal(want);
    }
    expect(stats.some((s) => s.dubious.length > 0)).to.equal(true);
    expect(stats.some((s) => s.dubious.length === 0)).to.equal(true);
  });

  it('KR-20 per form agrees with pingouin.cronbach_alpha to 1e-12', () => {
    const reliability = paperReliability(fixture.records);
    expect(reliability.map((r) => r.paper).sort()).to.deep.equal(['A', 'B']);
    for (const r of reliability) {
      expect(r.items).to.equal(12);
      expect(r.candidates).to.equal(40);
      expect(r.kr20).to.be.closeTo(fixture.kr20[r.paper]!, 1e-12);
    }
  });
});

describe('Rasch JML against scipy.optimize on the same joint likelihood (two-forms.json)', () => {
  // Both are JML over the same observed cells with mean difficulty 0, so they share one
  // maximum; scipy stops at a gradient of 1e-10, the engine when no estimate moves 1e-7, so
  // 1e-5 logits is far tighter than any standard error here (≥ 0.3) yet loose enough for the
  // two optimisers' stopping points.
  const items = fixture.items.map((i) => i.item);
  const responses = fixture.records.flatMap((r, person) => r.responses.map((x) => ({ person, item: items.indexOf(x.item), x: (x.points >= x.max ? 1 : 0) as 0 | 1 })));
  const result = estimateRasch(raschInput(fixture.records.length, items.length, responses));

  it('converges and sets aside the same candidates', () => {
    expect(fixture.rasch.estimator).to.equal('JML');
    expect(result.converged).to.equal(true);
    expect(fixture.records.length - result.extremePersons).to.equal(fixture.rasch.persons);
    expect(result.status.every((s) => s === 'estimated')).to.equal(true);
  });

  it('difficulties and standard errors agree to 1e-5 logits', () => {
    items.forEach((item, i) => {
      expect(result.difficulty[i], item).to.be.closeTo(fixture.rasch.difficulty[i]!, 1e-5);
      expect(result.se[i], item).to.be.closeTo(fixture.rasch.se[i]!, 1e-5);
    });
    expect(result.meanAbility).to.be.closeTo(fixture.rasch.meanAbility, 1e-5);
  });
});
