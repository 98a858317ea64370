import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Readable, Writable } from 'node:stream';
import { expect } from 'chai';
import { ItemContentSchema } from '../../../server/bank/item-schema';
import { BankExportWriteError, writeBankExport } from '../../../server/bank/interchange/json-export';
import { parseBankExport, readBankExport } from '../../../server/bank/interchange/json-import';
import { SCHEMA_DIR, validateAgainstSchema } from '../../../server/bank/interchange/json-schemas';
import type { BankExportItemInput, BankMeta } from '../../../server/bank/interchange/bank-export-schema';
import { memorySink } from './helpers';

const example = (): Record<string, any> => JSON.parse(readFileSync(path.join(SCHEMA_DIR, 'examples', 'bank-export.json'), 'utf8'));

const BANK: BankMeta = { code: 'GD-6-31-01-03', name: '电工广东分库', occupationCode: '6-31-01-03', standardEdition: '2018', tier: 'provincial', parentCode: 'NAT-6-31-01-03' };

function judge(i: number): BankExportItemInput {
  return {
    code: `BA001-${String(i).padStart(4, '0')}`,
    status: i % 3 === 0 ? 'draft' : 'approved',
    version: 1 + (i % 4),
    content: { type: 'judge', pointCode: 'BA001', levels: [5, 4], difficulty: 1 + (i % 5), estimatedSeconds: 30, stem: `<p>第 ${i} 题：交流电的有效值等于最大值的 1/√2 倍（正弦量）。</p>`, answer: i % 2 === 0 },
  };
}

describe('interchange: JSON bank export', () => {
  it('round-trips the example through the streaming writer and the reader', async () => {
    const doc = example();
    const first = parseBankExport(doc);
    expect(first.ok).to.equal(true);
    const sink = memorySink();
    const written = await writeBankExport(
      { bank: first.header!.bank, standard: first.header!.standard, exportedAt: first.header!.exportedAt, generator: 'test' },
      first.items.map(({ index: _index, ...item }) => item),
      sink.stream,
    );
    expect(written.items).to.equal(7);
    const text = sink.buffer().toString('utf8');
    expect(validateAgainstSchema('bankExport', JSON.parse(text))).to.deep.equal([]);
    const second = await readBankExport(Readable.from([sink.buffer()]));
    expect(second.issues).to.deep.equal([]);
    expect(second.items).to.deep.equal(first.items);
    expect(second.header).to.deep.equal({ ...first.header, generator: 'test' });
  });

  it('writes one item per line, honouring backpressure, for many items', async () => {
    const lines: string[] = [];
    let pending = '';
    let writes = 0;
    // A slow sink with a tiny buffer: the writer must wait for 'drain' instead of queueing.
    const slow = new Writable({
      highWaterMark: 1024,
      write(chunk: Buffer, _enc, callback) {
        writes += 1;
        pending += chunk.toString('utf8');
        setImmediate(callback);
      },
      final(callback) {
        lines.push(...pending.split('\n'));
        callback();
      },
    });
    let maxBuffered = 0;
    const count = 3000;
    async function* items() {
      for (let i = 0; i < count; i++) {
        maxBuffered = Math.max(maxBuffered, slow.writableLength);
        yield judge(i);
      }
    }
    const result = await writeBankExport({ bank: BANK, exportedAt: '2024-05-06T01:02:03Z' }, items(), slow);
    expect(result.items).to.equal(count);
    expect(writes).to.be.greaterThan(count);
    expect(maxBuffered).to.be.lessThan(4096);
    expect(lines[0]).to.match(/^\{"format":"skill-appraisal-bank-export","formatVersion":1,"exportedAt":"2024-05-06T01:02:03Z","bank":\{.*\},"items":\[$/);
    expect(lines).to.have.length(count + 3); // header, items, closing, trailing newline
    const parsed = parseBankExport(lines.join('\n'));
    expect(parsed.ok).to.equal(true);
    expect(parsed.items).to.have.length(count);
    expect(parsed.items[7]).to.deep.equal({ index: 7, ...judge(7), content: ItemContentSchema.parse(judge(7).content) });
  });

  it('refuses to write an invalid header or item', async () => {
    const bad = { ...judge(1), content: { ...judge(1).content, answer: 'yes' } } as unknown as BankExportItemInput;
    try {
      await writeBankExport({ bank: BANK }, [judge(0), bad], memorySink().stream);
      expect.fail('should have thrown');
    } catch (error) {
      expect(error).to.be.instanceOf(BankExportWriteError);
      expect((error as BankExportWriteError).problems).to.deep.equal(['items[1].content.answer: expected boolean']);
    }
    const national = { ...BANK, tier: 'national' as const };
    try {
      await writeBankExport({ bank: national }, [], memorySink().stream);
      expect.fail('should have thrown');
    } catch (error) {
      expect((error as BankExportWriteError).problems).to.deep.equal(['bank.parentCode: a national bank has no parent bank']);
    }
  });

  it('sanitises rich text on import', () => {
    const doc = example();
    doc.items[0].content.stem = '<p onclick="steal()">使用万用表测量电阻时，可以带电测量。<script>alert(1)</script></p>';
    const result = parseBankExport(doc);
    expect(result.ok).to.equal(true);
    expect(result.items[0]!.content.stem).to.equal('<p>使用万用表测量电阻时，可以带电测量。</p>');
    doc.items[0].content.stem = '<script>alert(1)</script>';
    expect(parseBankExport(doc).issues).to.deep.equal([{ path: 'items[0].content.stem', message: '不能为空', messageEn: 'must not be empty', code: 'empty' }]);
  });

  it('checks points against the caller’s standard when given', () => {
    const doc = example();
    delete doc.standard;
    expect(parseBankExport(doc).ok).to.equal(true);
    const result = parseBankExport(doc, { resolvePointLevels: (code, part) => (part === 'theory' && code !== 'DA001' ? [5] : part === 'skill' ? [5] : undefined) });
    expect(result.issues.map((i) => [i.path, i.code])).to.deep.equal([['items[6].content.pointCode', 'point.unknown']]);
  });

  it('rejects what is not a bank export, with one clear issue', () => {
    expect(parseBankExport('{"format": ').issues[0]).to.include({ path: '(root)', code: 'json.syntax' });
    expect(parseBankExport('[]').issues[0]).to.include({ path: '(root)', code: 'json.not-an-object' });
    expect(parseBankExport({ format: 'qti' }).issues).to.deep.equal([
      { path: 'format', message: '不是题库导出文件：format 应为 "skill-appraisal-bank-export"', messageEn: 'Not a bank export: format must be "skill-appraisal-bank-export"', code: 'format.unknown' },
    ]);
    expect(parseBankExport({ ...example(), formatVersion: 2 }).issues.map((i) => i.code)).to.deep.equal(['format.version']);
    expect(parseBankExport(`\uFEFF${JSON.stringify(example())}`).ok).to.equal(true);
  });

  it('caps the issues it reports', () => {
    const doc = example();
    for (const item of doc.items) item.status = 'unknown';
    const result = parseBankExport(doc, { maxIssues: 3 });
    expect(result.issues).to.have.length(3);
    expect(result.truncated).to.equal(true);
    expect(result.invalidItems).to.equal(7);
    expect(result.items).to.deep.equal([]);
  });

  it('refuses files over the size limit without reading them whole', async () => {
    const big = Readable.from((function* () {
      for (let i = 0; i < 100; i++) yield Buffer.alloc(1024, 32);
    })());
    const result = await readBankExport(big, { maxBytes: 10 * 1024 });
    expect(result.issues.map((i) => i.code)).to.deep.equal(['file.too-large']);
  });
});
