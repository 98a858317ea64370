import { createHmac, createSecretKey, randomUUID, timingSafeEqual, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { z } from 'zod';
import type { RoleGrant } from './roles';

const ISSUER = 'skill-appraisal';
const MAX_TTL_SECONDS = 12 * 3600;

export const TokenClaimsSchema = z.object({
  sub: z.string().min(1),
  kind: z.enum(['staff', 'candidate']),
  roles: z.array(z.object({ role: z.string(), scope: z.object({ type: z.string(), id: z.string().optional() }) })),
  tv: z.number().int().min(0),
  jti: z.string().min(1),
  iat: z.number(),
  exp: z.number(),
});
export type TokenClaims = z.infer<typeof TokenClaimsSchema>;

export interface IssuedToken {
  token: string;
  tokenId: string;
  expiresAt: Date;
}

/**
 * The secret as a key object, made once per secret. Given a string, jsonwebtoken first tries to
 * parse it as a PEM public key (and fails) on every call: at an exam's synchronised start that
 * was a tenth of the server's time.
 */
const secretKeys = new Map<string, KeyObject>();
function keyOf(secret: string): KeyObject {
  let key = secretKeys.get(secret);
  if (!key) secretKeys.set(secret, (key = createSecretKey(Buffer.from(secret, 'utf8'))));
  return key;
}

/** Signs a session token (HS256, at most 12 hours) carrying sub, roles and the token version. */
export function issueToken(secret: string, ttlSeconds: number, subject: { id: string; kind: 'staff' | 'candidate'; roles: RoleGrant[]; tokenVersion: number }): IssuedToken {
  const ttl = Math.min(ttlSeconds, MAX_TTL_SECONDS);
  const tokenId = randomUUID();
  const token = jwt.sign({ kind: subject.kind, roles: subject.roles, tv: subject.tokenVersion }, keyOf(secret), {
    algorithm: 'HS256',
    expiresIn: ttl,
    subject: subject.id,
    issuer: ISSUER,
    jwtid: tokenId,
  });
  return { token, tokenId, expiresAt: new Date(Date.now() + ttl * 1000) };
}

/** Verifies signature, algorithm (HS256 only: no `none`), issuer, expiry and claim shape. */
export function verifyToken(secret: string, token: string): TokenClaims | undefined {
  try {
    const decoded = jwt.verify(token, keyOf(secret), { algorithms: ['HS256'], issuer: ISSUER });
    const claims = TokenClaimsSchema.safeParse(decoded);
    if (!claims.success) return undefined;
    if (claims.data.exp - claims.data.iat > MAX_TTL_SECONDS) return undefined;
    return claims.data;
  } catch {
    return undefined;
  }
}

/** The CSRF token for a session: an HMAC of its token id, so it needs no server-side state. */
export function csrfTokenFor(secret: string, tokenId: string): string {
  return createHmac('sha256', secret).update(`csrf:${tokenId}`).digest('base64url');
}

export function csrfTokenMatches(secret: string, tokenId: string, presented: string | undefined): boolean {
  if (!presented) return false;
  const expected = Buffer.from(csrfTokenFor(secret, tokenId));
  const given = Buffer.from(presented);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
