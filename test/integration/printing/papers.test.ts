import { expect } from 'chai';
import request from 'supertest';
import { Readable } from 'node:stream';
import unzipper, { type Entry } from 'unzipper';
import { buildTestApp } from '../../support/app';
import { useFreshDatabase } from '../../support/database';
import { createStaff, bearer, type StaffUser } from '../../support/identity';
import { createBankWorld, releaseApprovedItems } from '../../support/bank';
import { binary, pdfFonts, pdfText, pdfPageCount } from '../../support/pdf';
import { PaperModel } from '../../../server/assembly/model';
import { AuditEntryModel } from '../../../server/audit/model';
import { ItemVersionModel } from '../../../server/bank/model';

const SECTIONS = [
  { type: 'single', count: 40, pointsPerItem: 2 },
  { type: 'judge', count: 20, pointsPerItem: 1 },
];

/** The main part of a .docx (a zip), read with the zip parser the project already has. */
function docxXml(docx: Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const parser = unzipper.Parse();
    parser.on('entry', (entry: Entry) => {
      if (entry.path !== 'word/document.xml') return void entry.autodrain();
      const chunks: Buffer[] = [];
      entry.on('data', (c: Buffer) => chunks.push(c));
      entry.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    });
    parser.on('error', reject);
    parser.on('close', () => setTimeout(() => reject(new Error('no word/document.xml')), 50));
    Readable.from([docx]).pipe(parser);
  });
}


describe('printing papers for paper-based sessions', function () {
  this.timeout(180_000);
  useFreshDatabase('printing');
  const app = buildTestApp();
  const http = app.express;
  let bankAdmin: StaffUser;
  let welderAdmin: StaffUser;
  let writer: StaffUser;
  let paperId: string;
  let stems: string[];

  before(async () => {
    const banks = await createBankWorld(app);
    await releaseApprovedItems(app, banks.electrician.id, 12);
    bankAdmin = await createStaff(app, 'bankadmin', [{ role: 'bank_admin', scope: { type: 'bank', id: banks.electrician.id } }]);
    welderAdmin = await createStaff(app, 'welder', [{ role: 'bank_admin', scope: { type: 'bank', id: banks.welder.id } }]);
    writer = await createStaff(app, 'writer', [{ role: 'writer', scope: { type: 'bank', id: banks.electrician.id } }]);
    const token = await bankAdmin.token();
    const blueprint = await request(http).post('/api/v1/blueprints').set(...bearer(token)).send({ bankId: banks.electrician.id, name: '三级理论（印刷）', level: 3, sections: SECTIONS, difficulty: { min: 0, max: 1 } }).expect(201);
    const papers = await request(http).post('/api/v1/papers').set(...bearer(token)).send({ blueprintId: blueprint.body.blueprint.id, seed: 'print-1' }).expect(201);
    paperId = papers.body.items[0].id;
    const doc = (await PaperModel.findById(paperId).lean())!;
    stems = [];
    for (const item of doc.paper.items) {
      const v = (await ItemVersionModel.findOne({ itemId: item.itemId, version: item.version }).lean())!;
      stems.push(String((v.content as { stem: string }).stem).replace(/<[^>]+>/g, ''));
    }
  });

  it('prints the theory paper in the national format, with the items in the paper’s order and none split', async () => {
    const res = await binary(request(http).get(`/api/v1/papers/${paperId}/print/paper.pdf?copy=2&of=30`).set(...bearer(await bankAdmin.token())));
    expect(res.status).to.equal(200);
    const pdf = res.body as Buffer;
    expect(pdfFonts(pdf).every((f) => f.embedded && f.subset)).to.equal(true);
    const text = pdfText(pdf, { layout: true });
    const flat = text.replace(/\s+/g, '');
    expect(flat).to.include('职业技能鉴定国家题库').and.include('电工三级/高级工理论知识试卷').and.include('注意事项').and.include('总分人').and.include('准考证号');
    expect(flat).to.include('一、单项选择题(第1题~第40题。选择一个正确的答案，将相应的字母填入题内的括号中。每题2分，满分80分。)');
    expect(flat).to.include('二、判断题(第41题~第60题。');
    expect(flat).to.include('第2份/共30份').and.include('打印人');
    // Item numbers and stems in order, each number once.
    const items = text.slice(text.indexOf('一、单项选择题'));
    const numbers = [...items.matchAll(/^\s*(\d+)\. /gm)].map((m) => Number(m[1]));
    expect(numbers).to.deep.equal(Array.from({ length: 60 }, (_, i) => i + 1));
    let at = 0;
    for (const stem of stems) {
      const found = flat.indexOf(stem.replace(/\s+/g, ''), at);
      expect(found, stem).to.be.greaterThan(-1);
      at = found;
    }
    // No item split across a page break: every page's items start and end on it.
    const pages = text.split('\f').filter((p) => p.trim());
    expect(pages.length).to.equal(pdfPageCount(pdf));
    for (const page of pages) {
      const lines = page.split('\n').filter((l) => l.trim());
      const firstItemLine = lines.findIndex((l) => /^\s*\d+\. /.test(l));
      if (firstItemLine > 0) expect(lines[firstItemLine - 1]).to.not.match(/^\s*[A-D]\. /);
    }
    expect(text).to.not.match(/^[，。、）]/m);
    expect(await AuditEntryModel.countDocuments({ action: 'papers.print', 'target.id': paperId })).to.equal(1);
  });

  it('prints the answer card, the key and the marking sheet as separate documents', async () => {
    const token = await bankAdmin.token();
    const card = pdfText((await binary(request(http).get(`/api/v1/papers/${paperId}/print/answer-card.pdf`).set(...bearer(token)))).body as Buffer).replace(/\s+/g, '');
    expect(card).to.include('答题卡').and.include('准考证号').and.include('科目代码');
    const keyPdf = (await binary(request(http).get(`/api/v1/papers/${paperId}/print/answer-key.pdf`).set(...bearer(token)))).body as Buffer;
    const key = pdfText(keyPdf).replace(/\s+/g, '');
    expect(key).to.include('绝密').and.include('参考答案').and.include('1.').and.include('60.');
    const sheet = pdfText((await binary(request(http).get(`/api/v1/papers/${paperId}/print/marking-sheet.pdf`).set(...bearer(token)))).body as Buffer).replace(/\s+/g, '');
    expect(sheet).to.include('评分记录表').and.include('核分人');
    const paperText = pdfText((await binary(request(http).get(`/api/v1/papers/${paperId}/print/paper.pdf`).set(...bearer(token)))).body as Buffer);
    expect(paperText).to.not.include('参考答案');
  });

  it('gives the paper and the key as Word documents', async () => {
    const token = await bankAdmin.token();
    for (const [what, expected] of [['paper', stems[0]!.slice(0, 6)], ['answer-key', '1.（2分）']] as const) {
      const res = await binary(request(http).get(`/api/v1/papers/${paperId}/print/${what}.docx`).set(...bearer(token)));
      expect(res.status).to.equal(200);
      expect(res.headers['content-type']).to.include('wordprocessingml');
      const xml = await docxXml(res.body as Buffer);
      expect(xml).to.include('理论知识试卷').and.include(expected);
    }
    const none = await request(http).get(`/api/v1/papers/${paperId}/print/answer-card.docx`).set(...bearer(token));
    expect(none.status).to.equal(404);
  });

  it('refuses staff of another bank (404), roles without the permission (403) and bad copy numbers (400/422)', async () => {
    expect((await request(http).get(`/api/v1/papers/${paperId}/print/paper.pdf`).set(...bearer(await welderAdmin.token()))).status).to.equal(404);
    expect((await request(http).get(`/api/v1/papers/${paperId}/print/paper.pdf`).set(...bearer(await writer.token()))).status).to.equal(403);
    expect((await request(http).get(`/api/v1/papers/${paperId}/print/paper.pdf?copy=0&of=2`).set(...bearer(await bankAdmin.token()))).status).to.equal(400);
    expect((await request(http).get(`/api/v1/papers/${paperId}/print/paper.pdf?copy=3&of=2`).set(...bearer(await bankAdmin.token()))).status).to.be.oneOf([400, 422]);
    expect((await request(http).get(`/api/v1/papers/aaaaaaaaaaaaaaaaaaaaaaaa/print/paper.pdf`).set(...bearer(await bankAdmin.token()))).status).to.equal(404);
  });
});
