/**
 * Group commit: work that arrives while a batch is being written waits for the next batch, and
 * each batch is written at once. Under a burst the cost is a few writes per batch instead of a
 * write (or a race) per request; when it is quiet a lone request is written at once, with no
 * timer. Each caller's promise settles when its own part of the batch is stored.
 */
export interface Waiting<I, O> {
  input: I;
  resolve(output: O): void;
  reject(error: unknown): void;
}

export class GroupCommit<I, O> {
  private readonly waiting: Array<Waiting<I, O>> = [];
  private flushing = false;

  /**
   * @param writeBatch settles every entry of the batch it is given (resolve or reject each);
   *   if it throws, every entry not yet settled is rejected with that error.
   */
  constructor(
    private readonly writeBatch: (batch: Array<Waiting<I, O>>) => Promise<void>,
    private readonly maxBatch = 200,
  ) {}

  submit(input: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.waiting.push({ input, resolve, reject });
      if (!this.flushing) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    try {
      while (this.waiting.length) {
        const batch = this.waiting.splice(0, this.maxBatch);
        await this.writeBatch(batch).catch((error: unknown) => {
          // A promise already resolved ignores the late rejection.
          for (const w of batch) w.reject(error);
        });
      }
    } finally {
      this.flushing = false;
    }
  }
}
