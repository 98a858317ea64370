import { expect } from 'chai';
import { PassThrough } from 'node:stream';
import { createDocument, toBuffer } from '../../../server/printing/document';
import { StreamingPdfConcat } from '../../../server/printing/pdf-concat';
import { collect } from '../../../server/printing/document';
import { pdfPageCount, pdfText } from '../../support/pdf';

async function part(labels: string[]): Promise<Buffer> {
  const doc = createDocument({ title: 'part' });
  labels.forEach((label, i) => {
    if (i > 0) doc.addPage();
    doc.fontSize(20).text(`页面 ${label}`);
  });
  return toBuffer(doc);
}

describe('streaming PDF concatenation', function () {
  this.timeout(30_000);
  it('joins parts into one valid PDF with every page in order, each part written as it arrives', async () => {
    const out = new PassThrough();
    const seen: number[] = [];
    const all = collect(out, () => undefined);
    out.on('data', (c: Buffer) => seen.push(c.length));
    const concat = new StreamingPdfConcat(out);
    await concat.append(await part(['一', '二']));
    const afterFirst = seen.reduce((a, b) => a + b, 0);
    expect(afterFirst).to.be.greaterThan(1000);
    await concat.append(await part(['三']));
    await concat.append(await part(['四', '五', '六']));
    concat.end();
    const pdf = await all;
    expect(pdfPageCount(pdf)).to.equal(6);
    const text = pdfText(pdf).replace(/\s+/g, '');
    expect(text).to.equal('页面一页面二页面三页面四页面五页面六');
  });
});
