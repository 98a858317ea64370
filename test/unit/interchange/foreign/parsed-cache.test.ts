import { expect } from 'chai';
import { ParsedCache } from '../../../../server/bank/interchange/foreign/parsed-cache';
import { docxParser } from '../../../../server/bank/interchange/foreign/formats';
import { paperDocx } from '../../../support/foreign-samples';

describe('parsed-document cache (a Word file checked twice is converted once)', () => {
  it('keys by content, keeps the most recently used entries and evicts the oldest', () => {
    const cache = new ParsedCache<string>(2);
    const a = ParsedCache.keyOf(Buffer.from('a'));
    const b = ParsedCache.keyOf(Buffer.from('b'));
    const c = ParsedCache.keyOf(Buffer.from('c'));
    expect(ParsedCache.keyOf(Buffer.from('a'))).to.equal(a);
    expect(a).to.not.equal(b);
    cache.set(a, 'A');
    cache.set(b, 'B');
    expect(cache.get(a)).to.equal('A'); // a is now the most recent
    cache.set(c, 'C');
    expect(cache.get(b)).to.equal(undefined);
    expect(cache.get(a)).to.equal('A');
    expect(cache.get(c)).to.equal('C');
  });

  it('the second check of the same .docx gives the same items, and other defaults still apply', async () => {
    const bytes = await paperDocx();
    const first = await docxParser.parse(bytes, { defaults: { pointCode: 'B001' } });
    const again = await docxParser.parse(Buffer.from(bytes), { defaults: { pointCode: 'B002' } });
    expect(again.results.length).to.equal(first.results.length);
    expect(first.results.every((r) => !r.item || r.item.pointCode === 'B001')).to.equal(true);
    expect(again.results.filter((r) => r.item).every((r) => r.item!.pointCode === 'B002')).to.equal(true);
    expect(again.results.map((r) => r.item?.stem)).to.deep.equal(first.results.map((r) => r.item?.stem));
  });
});
