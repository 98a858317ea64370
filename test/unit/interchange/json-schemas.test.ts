import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { ItemContentSchema, ITEM_TYPES } from '../../../server/bank/item-schema';
import { StandardDocumentSchema, BankExportHeaderSchema, BankExportItemSchema } from '../../../server/bank/interchange/bank-export-schema';
import { SCHEMA_DIR, loadSchema, schemaErrors, validateAgainstSchema, type SchemaName } from '../../../server/bank/interchange/json-schemas';
import { parseBankExport, validateItemDocument, validateStandardDocument } from '../../../server/bank/interchange/json-import';
import { sanitizeItemRichText } from '../../../server/bank/interchange/rich-text';

const EXAMPLES = path.join(SCHEMA_DIR, 'examples');
const read = (file: string): unknown => JSON.parse(readFileSync(path.join(EXAMPLES, file), 'utf8'));
const clone = <T>(value: T): T => structuredClone(value);

function schemaOf(file: string): SchemaName {
  const base = path.basename(file);
  if (base.startsWith('item-')) return 'item';
  if (base.startsWith('standard')) return 'standard';
  return 'bankExport';
}

/** Does zod accept the document (the same check the importer runs after the JSON Schema)? */
function zodAccepts(name: SchemaName, data: unknown): boolean {
  if (name === 'item') return ItemContentSchema.safeParse(data).success;
  if (name === 'standard') return StandardDocumentSchema.safeParse(data).success;
  const doc = data as { items?: unknown[] } & Record<string, unknown>;
  const { items, ...header } = doc;
  return BankExportHeaderSchema.safeParse(header).success && Array.isArray(items) && items.every((item) => BankExportItemSchema.safeParse(item).success);
}

describe('interchange: JSON Schemas and examples', () => {
  const files = readdirSync(EXAMPLES).filter((f) => f.endsWith('.json'));

  it('has draft 2020-12 schemas with ids, $defs and descriptions', () => {
    for (const name of ['item', 'standard', 'bankExport'] as const) {
      const schema = loadSchema(name);
      expect(schema.$schema).to.equal('https://json-schema.org/draft/2020-12/schema');
      expect(schema.$id).to.match(/^https:\/\/.+\.schema\.json$/);
      expect(schema.$defs).to.be.an('object');
      expect(schema.description).to.be.a('string').and.match(/[\u4e00-\u9fff]/);
    }
  });

  it('has an example of every item type, a standard and a bank export', () => {
    const types = files.filter((f) => f.startsWith('item-')).map((f) => (read(f) as { type: string }).type);
    expect([...types].sort()).to.deep.equal([...ITEM_TYPES].sort());
    expect(files).to.include.members(['standard.json', 'bank-export.json']);
  });

  for (const file of readdirSync(EXAMPLES).filter((f) => f.endsWith('.json'))) {
    it(`${file} is valid under ajv and zod`, () => {
      const data = read(file);
      const name = schemaOf(file);
      expect(validateAgainstSchema(name, data), 'ajv').to.deep.equal([]);
      expect(zodAccepts(name, data), 'zod').to.equal(true);
    });
  }

  it('examples hold rich text already in sanitised form', () => {
    const doc = read('bank-export.json') as { items: { content: unknown }[] };
    for (const item of doc.items) expect(sanitizeItemRichText(item.content)).to.deep.equal(item.content);
    for (const file of files.filter((f) => f.startsWith('item-'))) expect(sanitizeItemRichText(read(file))).to.deep.equal(read(file));
  });

  it('the bank export example imports without issues and covers statuses and versions', () => {
    const result = parseBankExport(read('bank-export.json'));
    expect(result.issues).to.deep.equal([]);
    expect(result.ok).to.equal(true);
    expect(result.items.map((i) => i.code)).to.deep.equal(['BB001-001', 'BA002-001', 'BA001-001', 'CA002-001', 'CA001-001', 'JA001-001', 'DA001-001']);
    expect(new Set(result.items.map((i) => i.status))).to.have.property('size').greaterThan(3);
    expect(result.header?.standard?.occupation.name).to.equal('电工');
  });

  describe('invalid examples fail at the expected paths', () => {
    const cases: { file: string; ajv: string[]; zod?: string[] }[] = [
      // Valid shape: only the cross-field rule (answer among the options) catches it.
      { file: 'item-single-answer-not-an-option.json', ajv: [], zod: ['answer'] },
      { file: 'item-multiple-bad-options.json', ajv: ['options[1].key', 'answer'], zod: ['answer', 'options[1].key'] },
      { file: 'item-skill-points-do-not-add-up.json', ajv: [], zod: ['scoringRows'] },
      { file: 'standard-bad.json', ajv: ['weightTables.theory.rows[0].cells'], zod: ['weightTables.theory.rows[0].cells', 'occupationCode'] },
    ];
    for (const c of cases) {
      it(c.file, () => {
        const data = read(`invalid/${c.file}`);
        const name = schemaOf(c.file);
        expect(validateAgainstSchema(name, data).map((i) => i.path)).to.have.members(c.ajv);
        const zodPaths =
          name === 'item'
            ? ItemContentSchema.safeParse(data).error?.issues.map((i) => i.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, ''))
            : StandardDocumentSchema.safeParse(data).error?.issues.map((i) => i.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, ''));
        expect(zodPaths).to.have.members(c.zod ?? []);
        const report = name === 'item' ? validateItemDocument(data) : validateStandardDocument(data);
        expect(report.issues.length).to.be.greaterThan(0);
      });
    }

    it('bank-export-errors.json', () => {
      const result = parseBankExport(read('invalid/bank-export-errors.json'));
      expect(result.ok).to.equal(false);
      expect(result.issues.map((i) => i.path)).to.deep.equal([
        'bank.parentCode',
        'items[0].content.answer',
        'items[1].status',
        'items[2].content.pointCode',
        'items[3].code',
        'items[4].content.markingPoints',
        'items[6].code',
      ]);
      const byPath = Object.fromEntries(result.issues.map((i) => [i.path, i]));
      expect(byPath['items[2].content.pointCode']!.message).to.equal('鉴定点 BA009 不在本标准的理论知识鉴定要素细目表中');
      expect(byPath['items[3].code']!.message).to.contain('与鉴定点 CA002 不一致');
      expect(byPath['items[4].content.markingPoints']!.message).to.equal('评分要点分值合计 11，与试题分值 10 不一致');
      expect(byPath['items[6].code']!.message).to.equal('试题编号 BB001-001 与 items[0] 重复');
      expect(byPath['bank.parentCode']!.messageEn).to.equal('is required');
      expect(result.items.map((i) => i.index)).to.deep.equal([5]);
      expect(result.invalidItems).to.equal(6);
    });
  });

  describe('the JSON Schemas and the zod schemas agree', () => {
    // Each mutation breaks one rule; both validators must refuse it (or both accept it).
    const item = (file: string) => clone(read(file)) as Record<string, any>;
    const mutations: { name: string; file: string; mutate: (d: Record<string, any>) => void; valid?: boolean }[] = [
      { name: 'missing stem', file: 'item-judge.json', mutate: (d) => delete d.stem },
      { name: 'blank stem', file: 'item-judge.json', mutate: (d) => (d.stem = '   ') },
      { name: 'stem too long', file: 'item-judge.json', mutate: (d) => (d.stem = 'x'.repeat(50_001)) },
      { name: 'unknown type', file: 'item-judge.json', mutate: (d) => (d.type = 'essay') },
      { name: 'judge answer as text', file: 'item-judge.json', mutate: (d) => (d.answer = '对') },
      { name: 'bad point code', file: 'item-judge.json', mutate: (d) => (d.pointCode = 'ab001') },
      { name: 'level 6', file: 'item-judge.json', mutate: (d) => (d.levels = [6]) },
      { name: 'no levels', file: 'item-judge.json', mutate: (d) => (d.levels = []) },
      { name: 'difficulty 0', file: 'item-judge.json', mutate: (d) => (d.difficulty = 0) },
      { name: 'difficulty 2.5', file: 'item-judge.json', mutate: (d) => (d.difficulty = 2.5) },
      { name: 'estimated 4 s', file: 'item-judge.json', mutate: (d) => (d.estimatedSeconds = 4) },
      { name: 'points 0', file: 'item-judge.json', mutate: (d) => (d.points = 0) },
      { name: 'points 100', file: 'item-judge.json', mutate: (d) => (d.points = 100), valid: true },
      { name: '21 tags', file: 'item-judge.json', mutate: (d) => (d.tags = Array.from({ length: 21 }, (_, i) => `t${i}`)) },
      { name: 'blank enemy group', file: 'item-judge.json', mutate: (d) => (d.enemyGroup = ' ') },
      { name: 'no explanation (default)', file: 'item-judge.json', mutate: (d) => delete d.explanation, valid: true },
      { name: 'one option', file: 'item-single.json', mutate: (d) => (d.options = d.options.slice(0, 1)) },
      { name: 'seven options on a single', file: 'item-single.json', mutate: (d) => (d.options = 'ABCDEFG'.split('').map((key) => ({ key, html: `<p>${key}</p>` }))) },
      { name: 'option key out of order', file: 'item-single.json', mutate: (d) => (d.options[0].key = 'B') },
      { name: 'option html too long', file: 'item-single.json', mutate: (d) => (d.options[0].html = 'x'.repeat(5001)) },
      { name: 'single answer as array', file: 'item-single.json', mutate: (d) => (d.answer = ['B']) },
      { name: 'multiple with one answer', file: 'item-multiple.json', mutate: (d) => (d.answer = ['A']) },
      { name: 'multiple with a repeated answer', file: 'item-multiple.json', mutate: (d) => (d.answer = ['A', 'A']) },
      { name: 'eight options on a multiple', file: 'item-multiple.json', mutate: (d) => (d.options = 'ABCDEFGH'.split('').map((key) => ({ key, html: `<p>${key}</p>` }))), valid: true },
      { name: 'short without marking points', file: 'item-short.json', mutate: (d) => (d.markingPoints = []) },
      { name: 'short with a zero marking point', file: 'item-short.json', mutate: (d) => (d.markingPoints[0].points = 0) },
      { name: 'skill without rows', file: 'item-skill.json', mutate: (d) => (d.scoringRows = []) },
      { name: 'skill with 0 minutes', file: 'item-skill.json', mutate: (d) => (d.timeAllowedMinutes = 0) },
      { name: 'skill veto as text', file: 'item-skill.json', mutate: (d) => (d.scoringRows[3].veto = 'yes') },
      { name: 'standard edition 18', file: 'standard.json', mutate: (d) => (d.edition = '18') },
      { name: 'standard without levels', file: 'standard.json', mutate: (d) => (d.levels = []) },
      { name: 'weight 101 %', file: 'standard.json', mutate: (d) => (d.weightTables.theory.rows[0].cells[0].percent = 101) },
      { name: 'importance W', file: 'standard.json', mutate: (d) => (d.elementTables[0].points[0].importance = 'W') },
      { name: 'scope code lowercase', file: 'standard.json', mutate: (d) => (d.elementTables[0].scopes[0].code = 'a') },
      { name: 'classification 2010', file: 'standard.json', mutate: (d) => (d.occupation.classificationEdition = '2010') },
      { name: 'bank tier city', file: 'bank-export.json', mutate: (d) => (d.bank.tier = 'city') },
      { name: 'national bank with a parent', file: 'bank-export.json', mutate: (d) => (d.bank.parentCode = 'X') },
      { name: 'provincial bank with a parent', file: 'bank-export.json', mutate: (d) => Object.assign(d.bank, { tier: 'provincial', parentCode: 'NAT-6-31-01-03' }), valid: true },
      { name: 'version 0', file: 'bank-export.json', mutate: (d) => (d.items[0].version = 0) },
      { name: 'bad exportedAt', file: 'bank-export.json', mutate: (d) => (d.exportedAt = 'yesterday') },
      { name: 'format version 2', file: 'bank-export.json', mutate: (d) => (d.formatVersion = 2) },
      { name: 'item code without serial', file: 'bank-export.json', mutate: (d) => (d.items[0].code = 'BB001') },
      { name: 'without standard', file: 'bank-export.json', mutate: (d) => delete d.standard, valid: true },
    ];
    for (const m of mutations) {
      it(`${m.valid ? 'both accept' : 'both refuse'}: ${m.name}`, () => {
        const data = item(m.file);
        m.mutate(data);
        const name = schemaOf(m.file);
        expect(schemaErrors(name, data).length === 0, 'ajv').to.equal(m.valid ?? false);
        expect(zodAccepts(name, data), 'zod').to.equal(m.valid ?? false);
      });
    }

    it('refuses unknown fields in the JSON Schema (zod would drop them)', () => {
      const data = item('item-judge.json');
      data.answerKey = 'x';
      expect(validateAgainstSchema('item', data)).to.deep.equal([{ path: 'answerKey', message: '不允许的字段（格式中没有这个字段）', messageEn: 'is not allowed here', code: 'unknown-field' }]);
    });
  });
});
