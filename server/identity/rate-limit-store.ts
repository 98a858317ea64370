import type { Store, Options, ClientRateLimitInfo } from 'express-rate-limit';
import { RateLimitHitModel } from './model';

/**
 * An express-rate-limit store in the database, so every app instance behind a load balancer
 * counts the same hits. Fixed windows: the counter document's id includes the window number.
 * Expired windows are swept now and then (no TTL indexes in the portable subset).
 */
export class MongoRateLimitStore implements Store {
  localKeys = false;
  prefix: string;
  private windowMs = 60_000;
  private increments = 0;

  constructor(prefix: string) {
    this.prefix = prefix;
  }

  init(options: Options): void {
    this.windowMs = options.windowMs;
  }

  private windowOf(now: number): { id: (key: string) => string; resetAt: Date } {
    const window = Math.floor(now / this.windowMs);
    return { id: (key) => `${this.prefix}:${key}:${window}`, resetAt: new Date((window + 1) * this.windowMs) };
  }

  async get(key: string): Promise<ClientRateLimitInfo | undefined> {
    const { id, resetAt } = this.windowOf(Date.now());
    const doc = await RateLimitHitModel.findById(id(key)).lean();
    return doc ? { totalHits: doc.hits, resetTime: resetAt } : undefined;
  }

  async increment(key: string): Promise<ClientRateLimitInfo> {
    const { id, resetAt } = this.windowOf(Date.now());
    const doc = await RateLimitHitModel.findOneAndUpdate(
      { _id: id(key) },
      { $inc: { hits: 1 }, $setOnInsert: { resetAt } },
      { upsert: true, returnDocument: 'after', lean: true },
    );
    if (++this.increments % 200 === 0) void this.sweep();
    return { totalHits: doc?.hits ?? 1, resetTime: resetAt };
  }

  async decrement(key: string): Promise<void> {
    const { id } = this.windowOf(Date.now());
    await RateLimitHitModel.updateOne({ _id: id(key), hits: { $gt: 0 } }, { $inc: { hits: -1 } });
  }

  async resetKey(key: string): Promise<void> {
    const { id } = this.windowOf(Date.now());
    await RateLimitHitModel.deleteOne({ _id: id(key) });
  }

  async sweep(): Promise<void> {
    await RateLimitHitModel.deleteMany({ resetAt: { $lt: new Date() } }).catch(() => undefined);
  }
}
