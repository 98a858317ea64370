import { expect } from 'chai';
import ExcelJS from 'exceljs';
import { writeItemsXlsx } from '../../../server/bank/interchange/xlsx-export';
import { readItemRowsFromXlsx } from '../../../server/bank/interchange/xlsx-import';
import { guardFormula, unguardFormula } from '../../../server/bank/interchange/formula-guard';
import { ItemContentSchema } from '../../../server/bank/item-schema';
import { judgeItem, singleItem } from '../../support/fixtures';
import { collect, memorySink } from './helpers';

describe('xlsx export: formula injection (finding 11)', () => {
  it('prefixes text starting with = + - @ tab or CR with an apostrophe, and nothing else', () => {
    for (const dangerous of ['=HYPERLINK("http://evil","x")', '+1+1', '-2+3', '@SUM(A1)', '\tx', '\rx', "'=x"]) expect(guardFormula(dangerous)).to.equal(`'${dangerous}`);
    for (const safe of ['电流', 'a=b', "'引号", '', 5, null]) expect(guardFormula(safe)).to.equal(safe);
    for (const value of ['=x', "'=x", '+1', "'引号", '普通']) expect(unguardFormula(guardFormula(value) as string)).to.equal(value);
  });

  it('an exported workbook holds no cell Excel would turn into a formula, and re-imports unchanged', async () => {
    const items = [
      { content: ItemContentSchema.parse(judgeItem({ stem: '<p>=HYPERLINK("http://evil.example","点击")</p>', explanation: '<p>@SUM(A1:A9)</p>' })) },
      { content: ItemContentSchema.parse(singleItem({ explanation: '<p>-1 不对</p>', options: [{ key: 'A', html: '<p>-1</p>' }, { key: 'B', html: '<p>+1</p>' }, { key: 'C', html: '<p>=1+1</p>' }, { key: 'D', html: '<p>0</p>' }] })) },
    ];
    const sink = memorySink();
    await writeItemsXlsx(items, sink.stream);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(sink.buffer() as unknown as ArrayBuffer);
    const texts: string[] = [];
    workbook.getWorksheet(1)!.eachRow((row) => row.eachCell((cell) => void (typeof cell.value === 'string' && texts.push(cell.value))));
    expect(texts.filter((t) => /^[=+\-@\t\r]/.test(t))).to.deep.equal([]);
    expect(texts).to.include("'-1");
    const back = await collect(readItemRowsFromXlsx(sink.buffer()));
    expect(back.flatMap((r) => r.errors)).to.deep.equal([]);
    expect(JSON.stringify(back.map((r) => r.item), null, 1)).to.equal(JSON.stringify(items.map((i) => i.content), null, 1));
  });
});
