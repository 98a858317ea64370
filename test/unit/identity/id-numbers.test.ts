import { expect } from 'chai';
import { IdNumberProtector, isValidResidentId, maskIdNumber, IdDocumentSchema } from '../../../server/identity/id-numbers';

// A syntactically valid resident ID (check digit computed per GB 11643).
const VALID_ID = '11010519491231002X';

describe('ID numbers', () => {
  it('validates the resident ID check digit', () => {
    expect(isValidResidentId(VALID_ID)).to.equal(true);
    expect(isValidResidentId(VALID_ID.toLowerCase())).to.equal(true);
    expect(isValidResidentId('110105194912310021')).to.equal(false);
    expect(isValidResidentId('12345')).to.equal(false);
    expect(IdDocumentSchema.safeParse({ idType: 'resident_id', idNumber: '110105194912310021' }).success).to.equal(false);
    expect(IdDocumentSchema.safeParse({ idType: 'passport', idNumber: 'E12345678' }).success).to.equal(true);
  });

  it('masks all but the first three and last four characters', () => {
    expect(maskIdNumber(VALID_ID)).to.equal('110***********002X');
    expect(maskIdNumber('110101199003071234')).to.equal('110***********1234');
    expect(maskIdNumber('E1234567')).to.equal('E12*4567');
    expect(maskIdNumber('abc')).to.equal('A*C');
  });

  it('matches equal numbers by keyed hash and hides them', () => {
    const a = new IdNumberProtector('k'.repeat(40));
    const b = new IdNumberProtector('x'.repeat(40));
    expect(a.matchKey('resident_id', VALID_ID)).to.equal(a.matchKey('resident_id', ` ${VALID_ID.toLowerCase()} `));
    expect(a.matchKey('resident_id', VALID_ID)).not.to.equal(a.matchKey('passport', VALID_ID));
    expect(a.matchKey('resident_id', VALID_ID)).not.to.equal(b.matchKey('resident_id', VALID_ID));
    expect(a.matchKey('resident_id', VALID_ID)).not.to.contain('1949');
  });

  it('encrypts with authentication: round trip works, tampering and wrong keys fail', () => {
    const a = new IdNumberProtector('k'.repeat(40));
    const sealed = a.encrypt(VALID_ID);
    expect(sealed).not.to.contain(VALID_ID);
    expect(a.encrypt(VALID_ID)).not.to.equal(sealed);
    expect(a.decrypt(sealed)).to.equal(VALID_ID);
    const parts = sealed.split('.');
    parts[3] = Buffer.from('tampered').toString('base64url');
    expect(() => a.decrypt(parts.join('.'))).to.throw();
    expect(() => new IdNumberProtector('x'.repeat(40)).decrypt(sealed)).to.throw();
  });
});
