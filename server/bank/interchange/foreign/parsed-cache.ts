import { createHash } from 'node:crypto';

/**
 * The last few documents' parsed form, by the SHA-256 of their bytes, in this process. A Word
 * import is often checked more than once — the dry run, then again after the admin corrects a
 * default or the type — and mammoth's conversion is most of a dry run (about 2 s for 10,000
 * items): the same bytes give the same blocks, so the second check skips it. Only what parsed
 * cleanly is kept; another instance simply parses again.
 */
export class ParsedCache<T> {
  private readonly entries = new Map<string, T>();

  constructor(private readonly capacity = 4) {}

  static keyOf(bytes: Buffer): string {
    return createHash('sha256').update(bytes).digest('hex');
  }

  get(key: string): T | undefined {
    const value = this.entries.get(key);
    if (value !== undefined) {
      // Most recently used last.
      this.entries.delete(key);
      this.entries.set(key, value);
    }
    return value;
  }

  set(key: string, value: T): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }
}
