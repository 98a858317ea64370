import { rateLimit, type RateLimitRequestHandler } from 'express-rate-limit';
import { problems } from '../platform/problem';
import { MongoRateLimitStore } from './rate-limit-store';

/**
 * A per-IP limit counted in the database (`store` names the counter), so every app instance
 * behind a load balancer counts the same hits; `store: undefined` counts in this instance's
 * memory. Over the limit: 429 problem with Retry-After.
 */
export function createIpLimiter(options: { store: string | undefined; max: number; windowSeconds: number; skipSuccessfulRequests?: boolean; detail: string }): RateLimitRequestHandler {
  return rateLimit({
    windowMs: options.windowSeconds * 1000,
    limit: options.max,
    skipSuccessfulRequests: options.skipSuccessfulRequests ?? false,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    ...(options.store ? { store: new MongoRateLimitStore(options.store) } : {}),
    validate: { trustProxy: false, xForwardedForHeader: false },
    handler: (req, _res, next) => {
      const reset = (req as { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
      const seconds = reset ? (reset.getTime() - Date.now()) / 1000 : options.windowSeconds;
      next(problems.tooManyRequests(seconds, options.detail));
    },
  });
}

/**
 * Per-IP limit on failed sign-ins (successful ones are not counted). Candidate sign-in passes
 * `shared: false`: a centre's candidates often share one address, and at a synchronised start
 * a database counter per address would serialise every sign-in on one document. Their
 * per-number lockout stays in the database; the per-address limit is then per instance.
 */
export function createLoginIpLimiter(options: { max: number; windowSeconds: number; shared?: boolean }): RateLimitRequestHandler {
  return createIpLimiter({ store: options.shared === false ? undefined : 'login-ip', max: options.max, windowSeconds: options.windowSeconds, skipSuccessfulRequests: true, detail: 'Too many failed sign-ins from this address; try again later.' });
}
