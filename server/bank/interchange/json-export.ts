import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { z } from 'zod';
import {
  BANK_EXPORT_FORMAT,
  BANK_EXPORT_FORMAT_VERSION,
  BankExportHeaderSchema,
  BankExportItemSchema,
  type BankExportItemInput,
  type BankMeta,
  type StandardDocument,
} from './bank-export-schema';
import { jsonIssuesFromZod } from './issues';

/**
 * Streaming writer of the bank export document: the envelope first, then one item per line,
 * each written as soon as it comes from the iterable, honouring the output's backpressure. The
 * document is never held in memory as one string, so 50,000 items cost what one item costs.
 */

export interface BankExportHeaderInput {
  bank: BankMeta;
  standard?: StandardDocument;
  /** Default: now. */
  exportedAt?: Date | string;
  generator?: string;
}

export interface BankExportWriteOptions {
  /** Check the header and every item with the zod rules and write the parsed values (default true). */
  validate?: boolean;
  /** End the output when done and wait until it has flushed (default true). */
  end?: boolean;
}

export class BankExportWriteError extends Error {
  constructor(
    message: string,
    /** `path: problem` lines. */
    readonly problems: string[],
  ) {
    super(`${message}: ${problems.slice(0, 5).join('; ')}`);
    this.name = 'BankExportWriteError';
  }
}

function fieldPathsOf(error: z.ZodError, prefix: (string | number)[] = []): string[] {
  return jsonIssuesFromZod(error, prefix).map((issue) => `${issue.path}: ${issue.messageEn}`);
}

async function write(output: Writable, chunk: string): Promise<void> {
  if (!output.write(chunk)) await once(output, 'drain');
}

/**
 * Writes a bank export document to `output`. Throws `BankExportWriteError` on an invalid header
 * or item (when validating): an export never produces a document that its import would refuse.
 */
export async function writeBankExport(
  header: BankExportHeaderInput,
  items: AsyncIterable<BankExportItemInput> | Iterable<BankExportItemInput>,
  output: Writable,
  options: BankExportWriteOptions = {},
): Promise<{ items: number }> {
  const validate = options.validate ?? true;
  const exportedAt = header.exportedAt instanceof Date ? header.exportedAt.toISOString() : (header.exportedAt ?? new Date().toISOString());
  let envelope: Record<string, unknown> = {
    format: BANK_EXPORT_FORMAT,
    formatVersion: BANK_EXPORT_FORMAT_VERSION,
    exportedAt,
    ...(header.generator !== undefined ? { generator: header.generator } : {}),
    bank: header.bank,
    ...(header.standard ? { standard: header.standard } : {}),
  };
  if (validate) {
    const parsed = BankExportHeaderSchema.safeParse(envelope);
    if (!parsed.success) throw new BankExportWriteError('invalid bank export header', fieldPathsOf(parsed.error));
    envelope = parsed.data;
  }
  const head = JSON.stringify(envelope);
  await write(output, `${head.slice(0, -1)},"items":[`);
  let count = 0;
  for await (const item of items) {
    let value: unknown = item;
    if (validate) {
      const parsed = BankExportItemSchema.safeParse(item);
      if (!parsed.success) throw new BankExportWriteError(`invalid item ${count} (${String((item as { code?: unknown }).code)})`, fieldPathsOf(parsed.error, ['items', count]));
      value = parsed.data;
    }
    await write(output, `${count === 0 ? '\n' : ',\n'}${JSON.stringify(value)}`);
    count += 1;
  }
  await write(output, '\n]}\n');
  if (options.end ?? true) await new Promise<void>((resolve, reject) => {
    output.once('error', reject);
    output.end(() => resolve());
  });
  return { items: count };
}
