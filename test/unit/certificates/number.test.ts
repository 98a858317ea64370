import { expect } from 'chai';
import fc from 'fast-check';
import { formatCertificateNumber, isValidCertificateNumber, normaliseCertificateNumber, numberPrefix, parseCertificateNumber, PROVINCE_CODES } from '../../../server/certificates/number';

const provinces = [...PROVINCE_CODES];

describe('certificate numbers', () => {
  it('formats and parses the 22-character number for any organisation, year, level and serial', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('S' as const, 'Y' as const),
        fc.integer({ min: 1, max: 9999 }),
        fc.constantFrom(...provinces),
        fc.integer({ min: 0, max: 999_999 }),
        fc.integer({ min: 2000, max: 2099 }),
        fc.constantFrom(1 as const, 2 as const, 3 as const, 4 as const, 5 as const),
        fc.integer({ min: 1, max: 999_999 }),
        (kind, code, province, site, year, level, serial) => {
          const org = { kind, code: String(code).padStart(4, '0'), province, siteSerial: String(site).padStart(6, '0') };
          const number = formatCertificateNumber(numberPrefix(org, year, level), serial);
          expect(number).to.have.length(22);
          expect(parseCertificateNumber(number)).to.deep.equal({ format: '22', kind, organisationCode: org.code, province, siteSerial: org.siteSerial, year: String(year % 100).padStart(2, '0'), level, serial });
        },
      ),
    );
  });

  it('accepts good numbers of both formats', () => {
    for (const good of ['S000111000001245000001', 'Y999965123456261999999', 's000111000001245000001', '2644010123453001', '0911020100151234']) {
      expect(isValidCertificateNumber(good), good).to.equal(true);
    }
    expect(normaliseCertificateNumber(' s0001 1100 0001 2450 00001 ')).to.equal('S000111000001245000001');
    expect(parseCertificateNumber('2644010123453001')).to.include({ format: '16', year: '26', province: '44', city: '01', organisationType: '0', organisationSerial: '123', level: 4, serial: 53001 });
  });

  it('refuses bad numbers', () => {
    const bad = [
      '', 'S00011100000124500000', 'S0001110000012450000011', 'X000111000001245000001', 'S000011000001245000001', // org 0000
      'S000199000001245000001', // no province 99
      'S000111000001246000001', // level 6
      'S000111000001240000001', // level 0
      'S000111000001245000000', // serial 0
      'S00011100000124500000A', '264401012345300', '26440101234530011', '2699010123453001', '2644010123600001', '2644010123300000',
    ];
    for (const b of bad) expect(isValidCertificateNumber(b), b).to.equal(false);
    expect(() => formatCertificateNumber('S0001110000012453', 0)).to.throw(RangeError);
    expect(() => formatCertificateNumber('S0001110000012453', 1_000_000)).to.throw(RangeError);
  });

  it('never validates a random string that is not of either shape', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), (s) => {
        const t = s.replace(/\s+/g, '').toUpperCase();
        if (!/^[SY]\d{21}$/.test(t) && !/^\d{16}$/.test(t)) expect(isValidCertificateNumber(s)).to.equal(false);
      }),
    );
  });
});
