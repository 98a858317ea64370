import { expect } from 'chai';
import fc from 'fast-check';
import { chunksOf } from '../../../server/platform/bulk-updates';

describe('chunksOf', () => {
  it('splits into consecutive runs of the size, the last one shorter, and loses or adds nothing', () => {
    expect(chunksOf([1, 2, 3, 4, 5], 2)).to.deep.equal([[1, 2], [3, 4], [5]]);
    expect(chunksOf([], 50)).to.deep.equal([]);
    fc.assert(
      fc.property(fc.array(fc.integer()), fc.integer({ min: 1, max: 60 }), (items, size) => {
        const chunks = chunksOf(items, size);
        expect(chunks.flat()).to.deep.equal(items);
        expect(chunks.every((c, i) => (i < chunks.length - 1 ? c.length === size : c.length >= 1 && c.length <= size))).to.equal(true);
      }),
    );
  });
});
