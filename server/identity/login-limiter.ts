import { rateLimit, type RateLimitRequestHandler } from 'express-rate-limit';
import { problems } from '../platform/problem';
import { MongoRateLimitStore } from './rate-limit-store';

/**
 * A per-IP limit counted in the database, so every app instance behind a load balancer counts
 * the same hits. Over the limit: 429 problem with Retry-After.
 */
export function createIpLimiter(options: { store: string; max: number; windowSeconds: number; skipSuccessfulRequests?: boolean; detail: string }): RateLimitRequestHandler {
  return rateLimit({
    windowMs: options.windowSeconds * 1000,
    limit: options.max,
    skipSuccessfulRequests: options.skipSuccessfulRequests ?? false,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    store: new MongoRateLimitStore(options.store),
    validate: { trustProxy: false, xForwardedForHeader: false },
    handler: (req, _res, next) => {
      const reset = (req as { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
      const seconds = reset ? (reset.getTime() - Date.now()) / 1000 : options.windowSeconds;
      next(problems.tooManyRequests(seconds, options.detail));
    },
  });
}

/** Per-IP limit on failed sign-ins (successful ones are not counted). */
export function createLoginIpLimiter(options: { max: number; windowSeconds: number }): RateLimitRequestHandler {
  return createIpLimiter({ store: 'login-ip', ...options, skipSuccessfulRequests: true, detail: 'Too many failed sign-ins from this address; try again later.' });
}
