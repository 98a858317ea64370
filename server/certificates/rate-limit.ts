import type { RateLimitRequestHandler } from 'express-rate-limit';
import { createIpLimiter } from '../identity/login-limiter';

/** Public certificate look-ups per IP per window (every look-up counts, found or not). */
export function createVerifyLimiter(options: { max: number; windowSeconds: number }): RateLimitRequestHandler {
  return createIpLimiter({ store: 'verify-ip', ...options, detail: 'Too many certificate look-ups from this address; try again later.' });
}
