import { expect } from 'chai';
import mongoose from 'mongoose';
import request from 'supertest';
import { buildTestApp } from '../../support/app';
import { useFreshDatabase } from '../../support/database';
import { createStaff, bearer, type StaffUser } from '../../support/identity';
import { createBankWorld, ELECTRICIAN } from '../../support/bank';
import { SYSTEM_ACTOR } from '../../../server/audit/service';
import { workbookBuffer } from '../../unit/interchange/helpers';
import { BILLION_LAUGHS_XML, CSV_TEXT, GIFT_TEXT, MOODLE_XML, QTI21_ITEM, QTI22_TEXT_ENTRY, PAPER_TEXT, XXE_XML, gbCsv, onePerOptionWorkbook, otherSystemWorkbook, paperDocx } from '../../support/foreign-samples';
import { ItemModel, ItemVersionModel, ImportJobModel, ImportSettingsModel } from '../../../server/bank/model';
import type { ItemContent } from '../../../server/bank/item-schema';

/** Contents of a committed job's items, by stem text, for comparing what arrived. */
async function committedContents(jobId: string): Promise<Map<string, ItemContent>> {
  const versions = await ItemVersionModel.find({ importJobId: new mongoose.Types.ObjectId(jobId) }).lean();
  const items = await ItemModel.find({ importJobId: new mongoose.Types.ObjectId(jobId) }).lean();
  const stems = new Map(items.map((i) => [String(i._id), i.stemText]));
  return new Map(versions.map((v) => [stems.get(String(v.itemId)) ?? '', v.content as ItemContent]));
}

describe('importing other systems\' files: mapped Excel, CSV, Word and pasted text (issue 14)', function () {
  this.timeout(120_000);
  useFreshDatabase('bank_foreign_import');
  const app = buildTestApp();
  const http = app.express;
  let admin: StaffUser;
  let bankId: string;
  let token: string;
  const dryRun = (file: Buffer, name: string, fields: Record<string, string | string[]> = {}) => {
    let req = request(http).post(`/api/v1/banks/${bankId}/imports`).set(...bearer(token));
    for (const [k, v] of Object.entries(fields)) for (const value of Array.isArray(v) ? v : [v]) req = req.field(k, value);
    return req.attach('file', file, name);
  };
  const commit = (jobId: string) => request(http).post(`/api/v1/banks/${bankId}/imports/${jobId}/commit`).set(...bearer(token));

  /**
   * Exports the bank in `format`, imports the file into a new sub-bank and asserts that every
   * item arrives with the same code and the same content.
   */
  const roundTrip = async (format: string, contentType: RegExp, fileName: string, subCode: string) => {
    const exported = await request(http).get(`/api/v1/banks/${bankId}/export?format=${format}`).set(...bearer(token)).buffer(true).parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    }).expect(200);
    expect(exported.headers['content-type']).to.match(contentType);
    const sub = await app.bank.createBank({ code: subCode, name: `分库 ${subCode}`, tier: 'provincial', occupationCode: ELECTRICIAN, standardEdition: '2018', parentBankId: bankId }, SYSTEM_ACTOR);
    const subToken = await (await createStaff(app, `admin-${subCode.toLowerCase()}`, [{ role: 'bank_admin', scope: { type: 'bank', id: sub.id } }])).token();
    const dry = await request(http).post(`/api/v1/banks/${sub.id}/imports`).set(...bearer(subToken)).attach('file', exported.body as Buffer, fileName).expect(201);
    const originals = await ItemModel.find({ bankId }).sort({ code: 1 }).lean();
    expect(originals.length).to.be.above(10);
    expect(dry.body, JSON.stringify(dry.body.errors.slice(0, 3))).to.include({ status: 'ready', validRows: originals.length });
    await request(http).post(`/api/v1/banks/${sub.id}/imports/${dry.body.jobId}/commit`).set(...bearer(subToken)).expect(200);
    const copies = await ItemModel.find({ bankId: sub.id }).sort({ code: 1 }).lean();
    expect(copies.map((i) => i.code)).to.deep.equal(originals.map((i) => i.code));
    for (const [i, item] of originals.entries()) {
      const a = await ItemVersionModel.findOne({ itemId: item._id, version: item.latestVersion }).lean();
      const b = await ItemVersionModel.findOne({ itemId: copies[i]!._id, version: 1 }).lean();
      expect(b!.content, item.code).to.deep.equal(a!.content);
    }
  };

  before(async () => {
    bankId = (await createBankWorld(app)).electrician.id;
    admin = await createStaff(app, 'bankadmin', [{ role: 'bank_admin', scope: { type: 'bank', id: bankId } }]);
    token = await admin.token();
  });

  it('Excel from another system: instruction rows skipped, synonyms and out-of-order columns mapped, options in one cell split, 0/1 read as said', async () => {
    const dry = await dryRun(await otherSystemWorkbook(), '旧系统导出.xlsx', { binary: 'one-is-true' });
    expect(dry.status, JSON.stringify(dry.body.errors)).to.equal(201);
    expect(dry.body).to.include({ format: 'xlsx-mapped', status: 'ready', rows: 4, validRows: 4, errorCount: 0 });
    const [sheet] = dry.body.sheets;
    expect(sheet).to.include({ sheet: '题库', headerRow: 3 });
    const fields = Object.fromEntries(sheet.columns.map((c: { header: string; field: string }) => [c.header, c.field]));
    expect(fields).to.deep.equal({ 试题内容: 'stem', 题目类型: 'type', 正确答案: 'answer', 选项: 'options', 答案解析: 'explanation', 所属知识点: 'pointCode', 分数: 'points', 难易程度: 'difficulty', 备注: 'ignore' });
    expect(sheet.sample[0].cells[0]).to.equal('电压的单位是（　）。');

    const before = await ItemModel.countDocuments();
    const done = await commit(dry.body.jobId).expect(200);
    expect(done.body.result).to.include({ created: 4 });
    expect(await ItemModel.countDocuments()).to.equal(before + 4);
    const contents = await committedContents(dry.body.jobId);
    const single = contents.get('电压的单位是（　）。') as ItemContent & { options: { key: string; html: string }[]; answer: string };
    expect(single.type).to.equal('single');
    expect(single.options.map((o) => o.html)).to.deep.equal(['<p>安培</p>', '<p>瓦特</p>', '<p>伏特</p>', '<p>欧姆</p>']);
    expect(single.answer).to.equal('C');
    expect(single.difficulty).to.equal(1);
    expect((contents.get('属于导体的有（　）。') as unknown as { answer: string[] }).answer).to.deep.equal(['A', 'B', 'D']);
    expect((contents.get('电流的单位是安培。') as unknown as { answer: boolean }).answer).to.equal(true);
    expect((contents.get('绝缘体容易导电。') as unknown as { answer: boolean }).answer).to.equal(false);
    // The confirmed mapping and defaults are remembered for the bank.
    const settings = await ImportSettingsModel.findOne({ bankId }).lean();
    expect(settings!.choices).to.deep.include({ header: '试题内容', field: 'stem' });
    expect(settings!.defaults).to.deep.equal({ binary: 'one-is-true' });
  });

  it('0/1 means what the admin says: with 1 = 错 the same answers flip', async () => {
    const dry = await dryRun(await otherSystemWorkbook(), '旧系统导出.xlsx', { binary: 'one-is-false' });
    expect(dry.body).to.include({ status: 'ready', validRows: 4 });
    await commit(dry.body.jobId).expect(200);
    const contents = await committedContents(dry.body.jobId);
    expect((contents.get('电流的单位是安培。') as unknown as { answer: boolean }).answer).to.equal(false);
  });

  it('an unrecognised header is reported; the admin maps it, the report shows the choice, and the bank remembers it', async () => {
    const file = await workbookBuffer([{ name: 'Sheet1', rows: [['题面', '答案', '选项A', '选项B', '鉴定点'], ['电阻的单位是（　）。', 'B', '伏特', '欧姆', 'B002']] }]);
    const refused = await dryRun(file, 'a.xlsx').expect(201);
    expect(refused.body).to.include({ status: 'rejected', validRows: 0 });
    expect(refused.body.errors[0].message).to.match(/找不到表头行/);

    const mapped = await dryRun(file, 'a.xlsx', { map: ['stem|题面'], defaultType: '单选题' }).expect(201);
    expect(mapped.body, JSON.stringify(mapped.body.errors)).to.include({ status: 'ready', validRows: 1 });
    expect(mapped.body.sheets[0].columns[0]).to.deep.equal({ column: 1, header: '题面', field: 'stem', source: 'chosen' });
    await commit(mapped.body.jobId).expect(200);

    const again = await dryRun(file, 'a.xlsx', { defaultType: '单选题' }).expect(201);
    expect(again.body).to.include({ status: 'ready', validRows: 1 });
    expect(again.body.sheets[0].columns[0].source).to.equal('chosen');
    // A mapping to a field that does not exist is a rule break, and nothing is staged.
    const jobs = await ImportJobModel.countDocuments();
    const bad = await dryRun(file, 'a.xlsx', { map: ['nonsense|题面'] }).expect(422);
    expect(bad.body.errors[0].path).to.equal('body.map');
    expect(await ImportJobModel.countDocuments()).to.equal(jobs);
  });

  it('one row per option: rows sharing 题号 form one item, 是否正确 gives the answer, the sheet name gives the type', async () => {
    const dry = await dryRun(await onePerOptionWorkbook(), '逐行选项.xlsx', { defaultDifficulty: '2' });
    expect(dry.body, JSON.stringify(dry.body.errors)).to.include({ status: 'ready', rows: 2, validRows: 2 });
    await commit(dry.body.jobId).expect(200);
    const contents = await committedContents(dry.body.jobId);
    const first = contents.get('万用表测量电阻前应（　）。') as unknown as { type: string; answer: string; options: unknown[]; difficulty: number };
    expect(first).to.include({ type: 'single', difficulty: 2 });
    expect(first.answer).to.equal('A');
    expect(first.options).to.have.length(3);
    expect((contents.get('兆欧表用于测量（　）。') as unknown as { answer: string }).answer).to.equal('B');
  });

  it('CSV in GB18030 (no BOM): the encoding is detected and shown, quoted fields with commas and quotes survive', async () => {
    const dry = await dryRun(gbCsv(), '旧软件.csv').expect(201);
    expect(dry.body, JSON.stringify(dry.body.errors)).to.include({ format: 'csv', encoding: 'GB18030', status: 'ready', validRows: 3 });
    await commit(dry.body.jobId).expect(200);
    const contents = await committedContents(dry.body.jobId);
    const single = contents.get('电压的单位是（　），常用符号为"V"。')!;
    expect(single.explanation).to.equal('<p>伏特, 符号 V</p>');
    const utf8 = await dryRun(Buffer.from(CSV_TEXT, 'utf8'), 'utf8.csv').expect(201);
    expect(utf8.body).to.include({ encoding: 'UTF-8', validRows: 3 });
  });

  it('a CSV row that is not an item is reported by line and column, and the commit writes nothing', async () => {
    const csv = ['题干,题型,答案,鉴定点', '电流的单位是安培。,判断,也许,B001', '=1+1,判断,对,Z999'].join('\n');
    const dry = await dryRun(Buffer.from(csv), 'bad.csv').expect(201);
    expect(dry.body).to.include({ status: 'rejected', validRows: 0 });
    const where = dry.body.errors.map((e: { row: number; column: string }) => `${e.row}:${e.column}`);
    expect(where).to.include.members(['2:答案', '3:鉴定点']);
    const before = await ItemModel.countDocuments();
    await commit(dry.body.jobId).expect(409);
    expect(await ItemModel.countDocuments()).to.equal(before);
  });

  it('Word (.docx) in the common Chinese layout: sections, numbered stems, inline and bracketed options, answers in brackets, tables kept', async () => {
    const dry = await dryRun(await paperDocx(), '电工四级试卷.docx', { defaultPoint: 'B002' });
    expect(dry.status).to.equal(201);
    expect(dry.body, JSON.stringify(dry.body.errors)).to.include({ format: 'docx', status: 'ready', rows: 6, validRows: 6 });
    await commit(dry.body.jobId).expect(200);
    const contents = [...(await committedContents(dry.body.jobId)).values()];
    expect(contents.map((c) => c.type).sort()).to.deep.equal(['judge', 'judge', 'multiple', 'short', 'single', 'single']);
    const short = contents.find((c) => c.type === 'short')!;
    expect(short.stem).to.match(/<table>/);
    expect(short.stem).to.include('36 V');
    const first = contents.find((c) => c.stem.includes('电压的单位')) as unknown as { stem: string; answer: string; points: number };
    expect(first.stem).to.equal('<p>电压的单位是（　）。</p>');
    expect(first.answer).to.equal('C');
    expect(first.points).to.equal(1);
  });

  it('pasted text goes through the same dry run; without a point or a default the items are not guessed: they are reported as drafts to place', async () => {
    const noPoint = await request(http).post(`/api/v1/banks/${bankId}/imports/text`).set(...bearer(token)).send({ text: PAPER_TEXT }).expect(201);
    expect(noPoint.body).to.include({ format: 'text', status: 'ready', rows: 6, validRows: 6, unplaced: 6, errorCount: 0 });
    expect(noPoint.body.unplacedItems.every((e: { message: string }) => e.message.includes('待编写人指定鉴定点'))).to.equal(true);
    const dry = await request(http).post(`/api/v1/banks/${bankId}/imports/text`).set(...bearer(token)).send({ text: PAPER_TEXT, defaultPoint: 'B001', defaultLevels: '4' }).expect(201);
    expect(dry.body).to.include({ status: 'ready', validRows: 6 });
    await request(http).post(`/api/v1/banks/${bankId}/imports/text`).set(...bearer(token)).send({ text: '' }).expect(400);
  });

  it('Moodle XML: categories give points, the four types come in, a matching question is reported and skipped', async () => {
    const dry = await dryRun(Buffer.from(MOODLE_XML), 'moodle-export.xml', { defaultPoint: 'B001' }).expect(201);
    expect(dry.body, JSON.stringify(dry.body.errors)).to.include({ format: 'moodle', status: 'ready', rows: 5, validRows: 5 });
    expect(dry.body.skipped).to.have.length(1);
    expect(dry.body.skipped[0].message).to.match(/matching.*已跳过/);
    await commit(dry.body.jobId).expect(200);
    const contents = await committedContents(dry.body.jobId);
    const single = contents.get('电压的单位是（　）。') as ItemContent & { answer: string; options: { html: string }[] };
    expect(single).to.include({ type: 'single', pointCode: 'B002', answer: 'B', explanation: '<p>伏特 &amp; 符号 V</p>' });
    expect(single.options.map((o) => o.html)).to.deep.equal(['<p>安培</p>', '<p>伏特</p>', '<p>欧姆 &lt;Ω&gt;</p>']);
    const multiple = contents.get('属于导体的有（　）。') as ItemContent & { answer: string[]; keepOptionOrder: boolean };
    expect(multiple).to.include({ type: 'multiple', pointCode: 'B001', points: 2, keepOptionOrder: true });
    expect(multiple.answer).to.deep.equal(['A', 'C']);
    expect(multiple.tags).to.deep.equal(['导体']);
    expect(contents.get('电流的单位是安培。')).to.include({ type: 'judge', answer: true });
    expect(contents.get('电阻的单位是什么？')!.type).to.equal('short');
  });

  it('Moodle categories map to appraisal points in the mapping step, and the bank remembers the choice', async () => {
    const category = '$course$/top/电工/基础知识';
    const dry = await dryRun(Buffer.from(MOODLE_XML), 'moodle-export.xml', { category: [`CB001|${category}`] }).expect(201);
    expect(dry.body, JSON.stringify(dry.body.errors)).to.include({ status: 'ready', validRows: 5 });
    expect(dry.body.categories).to.deep.equal([
      { category: '$course$/top/电工/B002', items: 1, pointCode: 'B002' },
      { category, items: 4, pointCode: 'CB001' },
    ]);
    await commit(dry.body.jobId).expect(200);
    const contents = await committedContents(dry.body.jobId);
    expect(contents.get('属于导体的有（　）。')!.pointCode).to.equal('CB001');
    const settings = await ImportSettingsModel.findOne({ bankId }).lean();
    expect(settings!.categoryPoints).to.deep.include({ category, pointCode: 'CB001' });
    // Next time the remembered choice applies without being posted.
    const again = await dryRun(Buffer.from(MOODLE_XML), 'moodle-export.xml').expect(201);
    expect(again.body.categories[1]).to.deep.equal({ category, items: 4, pointCode: 'CB001' });
    expect(again.body.status).to.equal('ready');
  });

  it('Moodle XML round trip: the bank exported as Moodle XML imports into another bank as the same items', async () => {
    await roundTrip('moodle', /^application\/xml/, 'bank.moodle.xml', 'GD-DG-M');
  });

  it('GIFT: the usual question kinds come in, a numeric question is reported and skipped', async () => {
    const dry = await dryRun(Buffer.from(GIFT_TEXT), 'moodle.gift').expect(201);
    expect(dry.body, JSON.stringify(dry.body.errors)).to.include({ format: 'gift', status: 'ready', validRows: 4 });
    expect(dry.body.skipped[0].message).to.match(/数值题/);
    await commit(dry.body.jobId).expect(200);
    const contents = await committedContents(dry.body.jobId);
    expect(contents.get('电压的单位是')).to.include({ type: 'single', pointCode: 'B002', answer: 'A', explanation: '<p>电压的单位为伏特: V</p>' });
    expect((contents.get('属于导体的有（　）。') as unknown as { answer: string[] }).answer).to.deep.equal(['A', 'C']);
    expect(contents.get('电流的单位是安培。')).to.include({ type: 'judge', pointCode: 'B001', answer: true });
  });

  it('GIFT round trip: the bank exported as GIFT imports into another bank as the same items', async () => {
    await roundTrip('gift', /^text\/plain/, 'bank.gift.txt', 'GD-DG-G');
  });

  it('QTI 2.1 and 2.2 items: choiceInteraction and textEntryInteraction come in through match_correct', async () => {
    const single = await dryRun(Buffer.from(QTI21_ITEM), 'item.xml', { defaultPoint: 'B002' }).expect(201);
    expect(single.body, JSON.stringify(single.body.errors)).to.include({ format: 'qti', status: 'ready', validRows: 1 });
    await commit(single.body.jobId).expect(200);
    const [content] = [...(await committedContents(single.body.jobId)).values()];
    expect(content).to.include({ type: 'single', answer: 'B', stem: '<p>电压的单位是（　）。</p>' });
    const text = await dryRun(Buffer.from(QTI22_TEXT_ENTRY), 'text-entry.xml', { defaultPoint: 'B002' }).expect(201);
    expect(text.body, JSON.stringify(text.body.errors)).to.include({ status: 'ready', validRows: 1 });
  });

  it('QTI 3.0 content package round trip: the bank exported as a package imports into another bank as the same items', async () => {
    await roundTrip('qti', /^application\/zip/, 'bank.qti3.zip', 'GD-DG-Q');
  });

  describe('hostile and lying files: refused with a clear message, nothing written', () => {
    const counts = async () => ({ items: await ItemModel.countDocuments(), jobs: await ImportJobModel.countDocuments() });

    it('a JSON file named .xlsx, and a workbook named .csv, are refused before anything is read', async () => {
      const before = await counts();
      const lie = await dryRun(Buffer.from('{"format":"skill-appraisal-bank-export"}'), '题库.xlsx').expect(422);
      expect(lie.body.errors[0]).to.include({ path: 'body.file' });
      expect(lie.body.errors[0].message).to.match(/扩展名是 \.xlsx.*内容是JSON/);
      const lie2 = await dryRun(await otherSystemWorkbook(), '题库.csv').expect(422);
      expect(lie2.body.errors[0].message).to.match(/内容是Excel 工作簿/);
      expect(await counts()).to.deep.equal(before);
    });

    for (const [what, xml] of [
      ['an XXE payload', XXE_XML],
      ['a billion-laughs entity bomb', BILLION_LAUGHS_XML],
    ] as const) {
      it(`${what} in Moodle XML is refused (422) before parsing; nothing staged or written`, async () => {
        const before = await counts();
        const started = Date.now();
        const res = await dryRun(Buffer.from(xml), 'quiz.xml').expect(422);
        expect(Date.now() - started).to.be.below(5000);
        expect(res.body.type).to.equal('/problems/xml-refused');
        expect(res.body.errors[0]).to.include({ path: 'body.file', code: 'xml.doctype' });
        expect(res.body.errors[0].message).to.match(/DOCTYPE/);
        expect(await counts()).to.deep.equal(before);
      });
    }

    it('a 50 MB JSON upload is read as a bank export and refused as a whole, nothing written', async () => {
      const filler = 'x'.repeat(1024);
      const big = Buffer.from(`{"format":"skill-appraisal-bank-export","items":[${Array.from({ length: 50 * 1024 }, () => `"${filler}"`).join(',')}]}`);
      expect(big.length).to.be.above(50 * 1024 * 1024);
      const before = await counts();
      const res = await dryRun(big, 'huge.json');
      expect(res.status).to.be.oneOf([201, 413, 422]);
      if (res.status === 201) expect(res.body).to.include({ status: 'rejected', validRows: 0 });
      expect((await counts()).items).to.equal(before.items);
    });

    it('a zip bomb named .docx is stopped by the archive limits (422), no job', async () => {
      const { zipOf, repeatedDeflate } = await import('../../../scripts/bench/hostile-archives');
      const { data } = repeatedDeflate('<w:document><w:body>', '<w:p/>', Math.ceil((512 * 1024 * 1024) / 6), '</w:body></w:document>');
      const bomb = zipOf([{ name: 'word/document.xml', data, declaredSize: 1024 }]);
      const before = await counts();
      const res = await dryRun(bomb, 'bomb.docx').expect(422);
      expect(res.body.type).to.equal('/problems/archive-limit');
      expect(await counts()).to.deep.equal(before);
    });

    it('a file that is not a Word document inside is reported, not crashed on', async () => {
      const { zipOf } = await import('../../../scripts/bench/hostile-archives');
      const { deflateRawSync } = await import('node:zlib');
      const broken = zipOf([{ name: 'word/document.xml', data: deflateRawSync(Buffer.from('not xml')), declaredSize: 7 }]);
      const res = await dryRun(broken, 'broken.docx').expect(201);
      expect(res.body).to.include({ status: 'rejected', validRows: 0 });
    });
  });
});
