import { Transform, type Readable, type TransformCallback } from 'node:stream';
import unzipper, { type Entry as ZipEntry } from 'unzipper';

/**
 * Limits for zip-based uploads (xlsx), enforced while the archive streams, never after: the
 * entry count as entries arrive, inflated bytes and the compression ratio on every chunk an
 * entry inflates to, rows and columns as the sheet parser hands them over. A hostile file is
 * stopped within a few megabytes of work, whatever its headers claim.
 */
export interface ArchiveLimits {
  /** Entries (files) in the archive. */
  maxEntries: number;
  /** Bytes all entries together may inflate to. */
  maxInflatedBytes: number;
  /** Bytes xl/sharedStrings.xml may inflate to (its strings are held in memory while the sheet is read). */
  maxSharedStringsBytes: number;
  /** Inflated bytes per compressed byte read so far, checked once `ratioFloorBytes` have inflated. */
  maxRatio: number;
  ratioFloorBytes: number;
  /** Rows of a sheet, empty ones included (data rows have their own, lower limit). */
  maxSheetRows: number;
  /** Columns of a row. */
  maxColumns: number;
}

export const DEFAULT_ARCHIVE_LIMITS: ArchiveLimits = {
  maxEntries: 1000,
  maxInflatedBytes: 256 * 1024 * 1024,
  maxSharedStringsBytes: 64 * 1024 * 1024,
  maxRatio: 100,
  ratioFloorBytes: 4 * 1024 * 1024,
  maxSheetRows: 110_000,
  maxColumns: 256,
};

export type ArchiveLimitName = 'entries' | 'inflated-bytes' | 'shared-strings-bytes' | 'ratio' | 'rows' | 'columns';

const DESCRIPTIONS: Record<ArchiveLimitName, { zh: (max: number) => string; en: (max: number) => string }> = {
  entries: { zh: (m) => `压缩包内文件超过 ${m} 个`, en: (m) => `the archive holds more than ${m} entries` },
  'inflated-bytes': { zh: (m) => `解压后总大小超过 ${Math.round(m / 1024 / 1024)} MiB`, en: (m) => `the archive inflates to more than ${Math.round(m / 1024 / 1024)} MiB` },
  'shared-strings-bytes': { zh: (m) => `共享字符串解压后超过 ${Math.round(m / 1024 / 1024)} MiB`, en: (m) => `the shared strings inflate to more than ${Math.round(m / 1024 / 1024)} MiB` },
  ratio: { zh: (m) => `压缩比超过 ${m}:1（疑似压缩炸弹）`, en: (m) => `the compression ratio exceeds ${m}:1 (a zip bomb?)` },
  rows: { zh: (m) => `工作表超过 ${m} 行`, en: (m) => `a sheet has more than ${m} rows` },
  columns: { zh: (m) => `一行超过 ${m} 列`, en: (m) => `a row has more than ${m} columns` },
};

/** A limit was exceeded: the file is refused as a whole. */
export class ArchiveLimitError extends Error {
  readonly messageZh: string;
  constructor(
    readonly limit: ArchiveLimitName,
    readonly max: number,
  ) {
    super(`File refused: ${DESCRIPTIONS[limit].en(max)}.`);
    this.name = 'ArchiveLimitError';
    this.messageZh = `文件被拒绝：${DESCRIPTIONS[limit].zh(max)}。`;
  }
}

/**
 * The sheet limits, checked on every row a sheet reader hands over (empty rows count: a sheet
 * of empty rows is refused early). `seen` is how many rows of the sheet have arrived.
 */
export function checkSheetRow(seen: number, rowNumber: number, values: readonly unknown[], limits: ArchiveLimits): void {
  if (seen > limits.maxSheetRows || rowNumber > limits.maxSheetRows) throw new ArchiveLimitError('rows', limits.maxSheetRows);
  // exceljs's row.values is 1-based: index 0 is empty.
  if (values.length - 1 > limits.maxColumns) throw new ArchiveLimitError('columns', limits.maxColumns);
}

/** A zip entry as exceljs's reader uses it: a readable stream with a path and autodrain(). */
export type GuardedEntry = Readable & { path: string; autodrain(): void };

const SHARED_STRINGS = 'xl/sharedStrings.xml';

/** Counts what flows through and fails the stream as soon as a limit is crossed. */
class Meter {
  compressed = 0;
  inflated = 0;
  entries = 0;
  constructor(readonly limits: ArchiveLimits) {}

  /**
   * The ratio is inflated bytes over compressed bytes consumed so far, for the archive as a
   * whole: bytes read from the source less what unzipper's parser still buffers (`unread`).
   */
  check(entry: { path: string; inflated: number }, unread: number): ArchiveLimitError | undefined {
    if (this.inflated > this.limits.maxInflatedBytes) return new ArchiveLimitError('inflated-bytes', this.limits.maxInflatedBytes);
    if (entry.path === SHARED_STRINGS && entry.inflated > this.limits.maxSharedStringsBytes) return new ArchiveLimitError('shared-strings-bytes', this.limits.maxSharedStringsBytes);
    if (this.inflated > this.limits.ratioFloorBytes && this.inflated / Math.max(1, this.compressed - unread) > this.limits.maxRatio) return new ArchiveLimitError('ratio', this.limits.maxRatio);
    return undefined;
  }
}

function counter(onChunk: (length: number) => Error | undefined): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) {
      const error = onChunk(chunk.length);
      if (error) callback(error);
      else callback(null, chunk);
    },
  });
}

/**
 * The entries of a zip stream, in file order (the order exceljs reads them), each metered. When
 * a limit is crossed the current entry's stream fails with an ArchiveLimitError, and the
 * generator throws it; stopping early (return or throw) destroys the source.
 */
export async function* guardedZipEntries(source: Readable, limits: ArchiveLimits = DEFAULT_ARCHIVE_LIMITS): AsyncGenerator<GuardedEntry> {
  const meter = new Meter(limits);
  const zip = unzipper.Parse({ forceStream: true });
  let failure: Error | undefined;
  const fail = (error: Error) => {
    failure ??= error;
    source.destroy();
    zip.destroy();
  };
  const compressedCounter = counter((n) => {
    meter.compressed += n;
    return undefined;
  });
  source.on('error', fail);
  compressedCounter.on('error', fail);
  source.pipe(compressedCounter).pipe(zip);
  try {
    for await (const raw of zip as AsyncIterable<ZipEntry>) {
      if (failure) throw failure;
      meter.entries += 1;
      if (meter.entries > limits.maxEntries) throw new ArchiveLimitError('entries', limits.maxEntries);
      // Honest headers are refused before anything inflates; lying ones by the meter below.
      const declared = Number(raw.vars?.uncompressedSize ?? 0);
      if (declared > limits.maxInflatedBytes) throw new ArchiveLimitError('inflated-bytes', limits.maxInflatedBytes);
      if (raw.path === SHARED_STRINGS && declared > limits.maxSharedStringsBytes) throw new ArchiveLimitError('shared-strings-bytes', limits.maxSharedStringsBytes);
      const progress = { path: raw.path, inflated: 0 };
      const transform = counter((n) => {
        meter.inflated += n;
        progress.inflated += n;
        const unread = (zip as unknown as { buffer?: Buffer }).buffer?.length ?? 0;
        const error = meter.check(progress, unread);
        if (error) fail(error);
        return error;
      });
      raw.on('error', (error: Error) => transform.destroy(failure ?? error));
      raw.pipe(transform);
      const metered = Object.assign(transform, { path: raw.path, autodrain: () => void transform.resume() }) as unknown as GuardedEntry;
      yield metered;
      // Whatever the consumer did, the entry must be drained before the next one arrives.
      if (!metered.readableEnded && !metered.destroyed) metered.resume();
      if (!metered.readableEnded && !metered.destroyed) await new Promise<void>((resolve) => { metered.once('end', resolve); metered.once('close', resolve); });
      if (failure) throw failure;
    }
    if (failure) throw failure;
  } catch (error) {
    throw failure ?? error;
  } finally {
    source.destroy();
    zip.destroy();
  }
}
