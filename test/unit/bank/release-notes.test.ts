import { expect } from 'chai';
import fc from 'fast-check';
import { releaseHash, releaseNotes } from '../../../server/bank/release-notes';

describe('release notes and hashes', () => {
  it('lists added, changed and retired items by code', () => {
    const previous = [
      { itemId: 'a', version: 1, code: 'A001-001' },
      { itemId: 'b', version: 2, code: 'A001-002' },
      { itemId: 'c', version: 1, code: 'B001-001' },
    ];
    const next = [
      { itemId: 'a', version: 1, code: 'A001-001' },
      { itemId: 'b', version: 3, code: 'A001-002' },
      { itemId: 'd', version: 1, code: 'C001-001' },
    ];
    expect(releaseNotes(previous, next)).to.deep.equal({ added: ['C001-001'], changed: ['A001-002'], retired: ['B001-001'] });
    expect(releaseNotes([], next).added).to.deep.equal(['A001-001', 'A001-002', 'C001-001']);
  });

  it('hashes the pinned set independently of order, and any change alters the hash', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.record({ itemId: fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 4, maxLength: 8 }), version: fc.integer({ min: 1, max: 9 }), contentHash: fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 8, maxLength: 8 }) }), { selector: (p) => p.itemId, minLength: 1, maxLength: 30 }), (pinned) => {
        const hash = releaseHash(pinned);
        expect(releaseHash([...pinned].reverse())).to.equal(hash);
        const bumped = pinned.map((p, i) => (i === 0 ? { ...p, version: p.version + 1 } : p));
        expect(releaseHash(bumped)).not.to.equal(hash);
      }),
    );
  });
});
