import { rateLimit, type RateLimitRequestHandler } from 'express-rate-limit';
import { problems } from '../platform/problem';
import { MongoRateLimitStore } from '../identity/rate-limit-store';

/** Public look-ups per IP per window, counted in the database (shared by every instance). */
export function createVerifyLimiter(options: { max: number; windowSeconds: number }): RateLimitRequestHandler {
  return rateLimit({
    windowMs: options.windowSeconds * 1000,
    limit: options.max,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    store: new MongoRateLimitStore('verify-ip'),
    validate: { trustProxy: false, xForwardedForHeader: false },
    handler: (req, _res, next) => {
      const reset = (req as { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
      next(problems.tooManyRequests(reset ? (reset.getTime() - Date.now()) / 1000 : options.windowSeconds, 'Too many certificate look-ups from this address; try again later.'));
    },
  });
}
