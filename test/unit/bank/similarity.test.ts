import { expect } from 'chai';
import fc from 'fast-check';
import { mostSimilar, stemSimilarity } from '../../../server/bank/similarity';

describe('查重: stem similarity', () => {
  it('ignores spaces and punctuation, and ranks near-duplicates first', () => {
    expect(stemSimilarity('电流的单位是安培。', '电流的单位是 安培')).to.equal(1);
    const found = mostSimilar('电流的单位是安培。', [
      { id: '1', code: 'A001-001', stem: '电压的单位是伏特。' },
      { id: '2', code: 'A001-002', stem: '电流的单位是安培（A）。' },
      { id: '3', code: 'A001-003', stem: '三相异步电动机的转差率如何计算？' },
    ]);
    expect(found.map((f) => f.code)).to.deep.equal(['A001-002', 'A001-001']);
    expect(found[0]!.similarity).to.be.greaterThan(found[1]!.similarity);
  });

  it('is symmetric and between 0 and 1', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        const s = stemSimilarity(a, b);
        expect(s).to.be.within(0, 1);
        expect(stemSimilarity(b, a)).to.be.closeTo(s, 1e-12);
      }),
    );
  });
});
