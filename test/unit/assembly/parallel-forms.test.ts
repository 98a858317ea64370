import { expect } from 'chai';
import {
  assembleParallelForms,
  AssemblyError,
  BlueprintSchema,
  buildPoolIndex,
  checkFeasibility,
  checkFormsSet,
  checkPaper,
  meanFacilityOf,
  reproducePaper,
  type Paper,
} from '../../../server/assembly/engine/index';
import { syntheticBlueprint, syntheticRelease } from '../../../server/assembly/engine/synthetic';
import { oracleCheck, poolItem } from './support';

function shared(a: Paper, b: Paper): number {
  const ids = new Set(a.items.map((i) => i.itemId));
  return b.items.filter((i) => ids.has(i.itemId)).length;
}

describe('assembly: parallel forms (A/B卷)', function () {
  this.timeout(30_000);
  const release = syntheticRelease({ items: 20_000, functions: 12, seed: 'forms' });
  const index = buildPoolIndex(release.items);
  const blueprint = syntheticBlueprint(release, 3, [
    { type: 'judge', count: 20, pointsPerItem: 1 },
    { type: 'single', count: 80, pointsPerItem: 1 },
  ]);

  it('gives disjoint A/B forms with mean facilities within 0.02 on a realistic pool', () => {
    for (let s = 0; s < 20; s++) {
      const [a, b] = assembleParallelForms(index, blueprint, `session-${s}`, { forms: 2 });
      expect(shared(a!, b!)).to.equal(0);
      expect(Math.abs(meanFacilityOf(a!.items) - meanFacilityOf(b!.items))).to.be.at.most(0.01 + 1e-9);
      for (const form of [a!, b!]) {
        expect(checkPaper(form, index, blueprint)).to.deep.equal([]);
        expect(oracleCheck(form, release.items, blueprint)).to.deep.equal([]);
      }
      expect(a!.form).to.deep.include({ index: 0, of: 2, setSeed: `session-${s}`, maxSharedFraction: 0, maxFacilityGap: 0.01 });
      expect(b!.form).to.deep.include({ index: 1, of: 2, setSeed: `session-${s}`, maxSharedFraction: 0, maxFacilityGap: 0.01 });
      expect(b!.form!.band.max - b!.form!.band.min).to.be.at.most(0.01 + 1e-12);
    }
  });

  it('matches four forms pairwise within the requested gap, reproducibly', () => {
    const forms = assembleParallelForms(index, blueprint, 'four', { forms: 4, maxFacilityGap: 0.005 });
    expect(forms).to.have.length(4);
    expect(checkFormsSet(forms, 0, 0.005)).to.deep.equal([]);
    const means = forms.map((f) => meanFacilityOf(f.items));
    expect(Math.max(...means) - Math.min(...means)).to.be.at.most(0.005 + 1e-9);
    expect(assembleParallelForms(index, blueprint, 'four', { forms: 4, maxFacilityGap: 0.005 })).to.deep.equal(forms);
    // Any one form can be rebuilt from what it records.
    expect(reproducePaper(forms[2]!, index, blueprint)).to.deep.equal({ identical: true });
  });

  it('shares items only within the allowed fraction when disjoint forms are impossible', () => {
    // 26 items for 3 forms of 10: disjoint is impossible; with 2 shared items per pair it just fits.
    const pool = Array.from({ length: 26 }, (_, i) => poolItem({ id: `S${String(i).padStart(2, '0')}`, facility: 0.6 + (i % 4) * 0.03 }));
    const idx = buildPoolIndex(pool);
    const bp = BlueprintSchema.parse({ level: 3, sections: [{ type: 'single', count: 10, pointsPerItem: 10 }], cells: [{ section: 0, dimension: 'function', key: 'F1', count: 10 }] });

    const refusal = (() => {
      try {
        assembleParallelForms(idx, bp, 1, { forms: 3 });
      } catch (error) {
        return error as AssemblyError;
      }
      throw new Error('expected a refusal');
    })();
    expect(refusal).to.be.instanceOf(AssemblyError);
    expect(refusal.cells.map(({ key, needed, available, reason, proven }) => ({ key, needed, available, reason, proven }))).to.deep.equal([
      { key: 'F1', needed: 30, available: 26, reason: 'parallel-forms', proven: true },
    ]);
    expect(checkFeasibility(idx, bp, 3)).to.deep.equal(refusal.infeasible);

    for (let s = 0; s < 10; s++) {
      const forms = assembleParallelForms(idx, bp, s, { forms: 3, maxSharedFraction: 0.2, maxFacilityGap: 0.2 });
      for (let a = 0; a < 3; a++) for (let b = a + 1; b < 3; b++) expect(shared(forms[a]!, forms[b]!)).to.be.at.most(2);
      // Forms one and two never share: items of earlier forms are used only when needed.
      expect(shared(forms[0]!, forms[1]!)).to.equal(0);
      for (const form of forms) expect(checkPaper(form, idx, bp, { band: { min: 0, max: 1 } })).to.deep.equal([]);
    }
  });

  it('rejects bad options', () => {
    expect(() => assembleParallelForms(index, blueprint, 1, { forms: 0 })).to.throw(RangeError);
    expect(() => assembleParallelForms(index, blueprint, 1, { forms: 2, maxSharedFraction: 2 })).to.throw(RangeError);
    expect(() => assembleParallelForms(index, blueprint, 1, { forms: 2, maxFacilityGap: 0 })).to.throw(RangeError);
  });
});
