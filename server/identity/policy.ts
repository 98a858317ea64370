import type { Request } from 'express';
import { HttpProblem, problems } from '../platform/problem';
import type { AccessPolicy, Authentication, Permission, Principal } from '../platform/routing';
import type { IdentityService } from './service';
import { csrfTokenFor, csrfTokenMatches } from './tokens';
import { isAction } from './roles';
import { holdsAnywhere } from './access';

export const SESSION_COOKIE = 'session';

export function isKnownPermission(permission: Permission): boolean {
  return permission === 'public' || permission === 'authenticated' || permission === 'candidate' || isAction(permission);
}

/**
 * True when any of the principal's grants holds the action (scope is the service's business).
 * `candidate` routes are for signed-in candidates only; `authenticated` ones for staff only.
 */
export function principalMay(principal: Principal, permission: Permission): boolean {
  if (permission === 'public') return true;
  if (permission === 'candidate') return principal.kind === 'candidate';
  if (principal.kind === 'candidate') return false;
  if (permission === 'authenticated') return true;
  return holdsAnywhere(principal, permission);
}

/**
 * Bearer tokens for API clients, the httpOnly session cookie for pages. Either way the token
 * is checked against the user's current token version and status on every request.
 */
export function createAccessPolicy(identity: IdentityService, secret: string): AccessPolicy {
  return {
    async authenticate(req: Request): Promise<Authentication | null> {
      const header = req.get('authorization');
      if (header) {
        const match = /^Bearer\s+(\S+)$/i.exec(header);
        if (!match) throw problems.unauthorized('The Authorization header must be "Bearer <token>".');
        const resolved = await identity.principalFromToken(match[1]!);
        if (!resolved) throw problems.unauthorized('The token is invalid, expired or revoked.');
        return { principal: resolved.principal, tokenId: resolved.tokenId, via: 'bearer' };
      }
      const cookie = (req.cookies as Record<string, string> | undefined)?.[SESSION_COOKIE];
      if (cookie) {
        const resolved = await identity.principalFromToken(cookie);
        if (resolved) return { principal: resolved.principal, tokenId: resolved.tokenId, via: 'cookie' };
      }
      return null;
    },

    isAllowed: principalMay,

    checkCsrf(req: Request, auth: Authentication): void {
      const origin = req.get('origin');
      if (origin && origin !== 'null') {
        let host: string | undefined;
        try {
          host = new URL(origin).host;
        } catch {
          host = undefined;
        }
        if (host !== req.get('host')) throw new HttpProblem(403, 'csrf', 'Cross-site request refused.');
      }
      // Multipart forms are checked before their body is read: their token travels in the action URL.
      const multipart = /^multipart\//i.test(req.get('content-type') ?? '');
      const presented = req.get('x-csrf-token') ?? (multipart ? (req.query as Record<string, unknown>)._csrf : (req.body as Record<string, unknown> | undefined)?._csrf);
      if (!csrfTokenMatches(secret, auth.tokenId, typeof presented === 'string' ? presented : undefined)) {
        throw new HttpProblem(403, 'csrf', 'Missing or invalid CSRF token: send the X-CSRF-Token header (or _csrf form field) from the page.');
      }
    },

    csrfToken(auth: Authentication): string {
      return csrfTokenFor(secret, auth.tokenId);
    },
  };
}
