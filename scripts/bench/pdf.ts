// Certificate PDFs: certificates/s in one thread and with the worker pool, bytes per
// certificate, time to first byte and total for a 1,000-certificate batch, peak memory.
// Usage: npm run bench:pdf [-- --batch 1000 --single 300]
import { Writable } from 'node:stream';
import { renderCertificate, streamCertificates, type CertificatePrint } from '../../server/certificates/layout';
import { CertificateRenderPool } from '../../server/certificates/render-pool';
import { arg, emitLine, mebibytes, note, runBench } from './stats';

const BATCH = Number(arg('batch') ?? 1000);
const SINGLE = Number(arg('single') ?? 300);

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂';
function certificate(i: number): CertificatePrint {
  const number = `S00014400001226${(i % 5) + 1}${String(i + 1).padStart(6, '0')}`;
  return {
    number,
    name: `${SURNAMES[i % SURNAMES.length]}${GIVEN[(i * 7) % GIVEN.length]}${GIVEN[(i * 13) % GIVEN.length]}`,
    idTypeName: '居民身份证',
    idNumber: `4401011990${String(i % 10000).padStart(4, '0')}123X`,
    occupationName: ['电工', '焊工', '钳工', '车工', '电梯安装维修工'][i % 5]!,
    direction: i % 3 === 0 ? '维修电工' : '--',
    levelLabel: ['五级/初级工', '四级/中级工', '三级/高级工', '二级/技师', '一级/高级技师'][i % 5]!,
    organisationName: '广东省电力行业职业技能等级认定中心',
    issueDate: '2026年12月01日',
    verifyUrl: `https://skills.example.cn/verify/${number}?n=Qk3xT0kEnSiGnEdHmAc_12`,
    verifyPage: 'https://skills.example.cn/verify',
  };
}

let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);

/** Counts bytes; `firstAt` is when the first page's bytes (past the 15-byte file header) arrived. */
class Counter extends Writable {
  bytes = 0;
  firstAt = 0;
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void): void {
    this.bytes += chunk.length;
    if (!this.firstAt && this.bytes > 1024) this.firstAt = performance.now();
    done();
  }
}

async function main(): Promise<void> {
  for (let i = 0; i < 20; i++) await renderCertificate(certificate(i)); // warm-up: font parse, JIT
  let bytes = 0;
  let start = performance.now();
  for (let i = 0; i < SINGLE; i++) bytes += (await renderCertificate(certificate(i))).length;
  let ms = performance.now() - start;
  emitLine({ bench: 'pdf', case: 'single certificates, one thread', n: SINGLE, perSecond: Math.round((SINGLE / ms) * 1000 * 10) / 10, bytesPerCertificate: Math.round(bytes / SINGLE) });

  const certs = Array.from({ length: BATCH }, (_, i) => certificate(i));
  peakRss = process.memoryUsage().rss;
  let sink = new Counter();
  start = performance.now();
  const doc = streamCertificates(certs, 'batch');
  doc.pipe(sink);
  await new Promise((resolve) => sink.on('finish', resolve));
  ms = performance.now() - start;
  emitLine({ bench: 'pdf', case: `batch of ${BATCH}, one thread, one document`, n: BATCH, perSecond: Math.round((BATCH / ms) * 1000 * 10) / 10, ttfbMs: Math.round(sink.firstAt - start), totalMs: Math.round(ms), bytesPerCertificate: Math.round(sink.bytes / BATCH), peakRssMiB: mebibytes(peakRss) });

  const pool = new CertificateRenderPool();
  const warm = new Counter();
  await pool.stream(certs.slice(0, pool.threads * 20), warm, 'warm-up'); // start the workers
  await new Promise((resolve) => warm.on('finish', resolve));
  peakRss = process.memoryUsage().rss;
  sink = new Counter();
  start = performance.now();
  await pool.stream(certs, sink, 'batch');
  await new Promise((resolve) => (sink.writableFinished ? resolve(undefined) : sink.on('finish', resolve)));
  ms = performance.now() - start;
  emitLine({ bench: 'pdf', case: `batch of ${BATCH}, worker pool`, threads: pool.threads, n: BATCH, perSecond: Math.round((BATCH / ms) * 1000 * 10) / 10, ttfbMs: Math.round(sink.firstAt - start), totalMs: Math.round(ms), bytesPerCertificate: Math.round(sink.bytes / BATCH), peakRssMiB: mebibytes(peakRss) });
  await pool.close();
  clearInterval(sampler);
  note(`process max RSS ${mebibytes(process.resourceUsage().maxRSS * 1024)} MiB (workers included)`);
}

runBench(main);
