import { expect } from 'chai';
import fc from 'fast-check';
import { qrMatrix, qrRuns } from '../../../server/printing/qr';

describe('vector QR codes', () => {
  it('the runs cover exactly the dark modules, each once', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 120 }), (text) => {
        const m = qrMatrix(text);
        const covered = new Set<number>();
        for (const run of qrRuns(m)) {
          expect(run.length).to.be.greaterThan(0);
          for (let c = run.col; c < run.col + run.length; c++) {
            expect(m.dark(run.row, c)).to.equal(true);
            const key = run.row * m.size + c;
            expect(covered.has(key)).to.equal(false);
            covered.add(key);
          }
        }
        let dark = 0;
        for (let r = 0; r < m.size; r++) for (let c = 0; c < m.size; c++) if (m.dark(r, c)) dark++;
        expect(covered.size).to.equal(dark);
      }),
      { numRuns: 30 },
    );
  });
});
