import { availableParallelism } from 'node:os';
import type { Writable } from 'node:stream';
import { Piscina } from 'piscina';
import { partBase, StreamingPdfConcat, type SerializedPart } from '../printing/pdf-concat';
import type { CertificatePrint } from './layout';

/**
 * Renders a batch across CPU cores: chunks of certificates go to worker threads, which also
 * serialise them for the concatenation, and the finished chunks are written in order into one PDF stream as soon as each is ready (at most
 * two chunks per thread in flight, so memory stays flat however large the batch). Idle workers
 * exit after a few seconds; the next batch starts them again.
 */
export class CertificateRenderPool {
  private readonly pool: Piscina;
  readonly threads: number;

  constructor(threads = Math.max(1, availableParallelism())) {
    this.threads = threads;
    this.pool = new Piscina({ filename: new URL('./render-worker.ts', import.meta.url).href, minThreads: 0, maxThreads: threads, idleTimeout: 5_000 });
  }

  async stream(certs: readonly CertificatePrint[], out: Writable, title: string, chunkSize = 50): Promise<void> {
    const concat = new StreamingPdfConcat(out);
    const chunks: CertificatePrint[][] = [];
    for (let i = 0; i < certs.length; i += chunkSize) chunks.push(certs.slice(i, i + chunkSize));
    const inFlight: Array<Promise<SerializedPart>> = [];
    let next = 0;
    const launch = () => {
      while (next < chunks.length && inFlight.length < this.threads * 2) {
        inFlight.push(this.pool.run({ certs: chunks[next], title, base: partBase(next) }));
        next += 1;
      }
    };
    launch();
    while (inFlight.length > 0) {
      const part = await inFlight.shift()!;
      launch();
      concat.appendSerialized(part);
    }
    concat.end();
  }

  close(): Promise<void> {
    return this.pool.destroy();
  }
}
