import { rateLimit, type RateLimitRequestHandler } from 'express-rate-limit';
import { problems } from '../platform/problem';
import { MongoRateLimitStore } from './rate-limit-store';

/**
 * Per-IP limit on failed sign-ins (successful ones are not counted), shared across instances
 * through the database. Over the limit: 429 problem with Retry-After.
 */
export function createLoginIpLimiter(options: { max: number; windowSeconds: number; shared?: boolean }): RateLimitRequestHandler {
  return rateLimit({
    windowMs: options.windowSeconds * 1000,
    limit: options.max,
    skipSuccessfulRequests: true,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    // Candidate sign-in passes `shared: false`: a centre's candidates often share one address, and
    // at a synchronised start a database counter per address would serialise every sign-in on
    // one document. Their per-number lockout stays in the database; the per-address limit is
    // then per instance (in memory).
    ...(options.shared === false ? {} : { store: new MongoRateLimitStore('login-ip') }),
    validate: { trustProxy: false, xForwardedForHeader: false },
    handler: (req, _res, next) => {
      const reset = (req as { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
      const seconds = reset ? (reset.getTime() - Date.now()) / 1000 : options.windowSeconds;
      next(problems.tooManyRequests(seconds, 'Too many failed sign-ins from this address; try again later.'));
    },
  });
}
