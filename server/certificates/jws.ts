import { sign, verify, type KeyObject } from 'node:crypto';

/** Compact JWS with EdDSA (Ed25519), Node's crypto only. */
export function signCompactJws(payload: unknown, key: KeyObject, header: Record<string, unknown>): string {
  const protectedHeader = Buffer.from(JSON.stringify({ alg: 'EdDSA', ...header })).toString('base64url');
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  const signature = sign(null, Buffer.from(`${protectedHeader}.${body}`), key).toString('base64url');
  return `${protectedHeader}.${body}.${signature}`;
}

export type JwsCheck = { valid: true; header: Record<string, unknown>; payload: unknown } | { valid: false; reason: string };

export function verifyCompactJws(jws: string, key: KeyObject): JwsCheck {
  const parts = jws.trim().split('.');
  if (parts.length !== 3 || parts.some((p) => !/^[A-Za-z0-9_-]*$/.test(p))) return { valid: false, reason: 'not a compact JWS' };
  const [h, p, s] = parts as [string, string, string];
  let header: Record<string, unknown>;
  let payload: unknown;
  try {
    header = JSON.parse(Buffer.from(h, 'base64url').toString('utf8')) as Record<string, unknown>;
    payload = JSON.parse(Buffer.from(p, 'base64url').toString('utf8'));
  } catch {
    return { valid: false, reason: 'header or payload is not JSON' };
  }
  if (header.alg !== 'EdDSA') return { valid: false, reason: `unexpected algorithm ${String(header.alg)}` };
  const ok = verify(null, Buffer.from(`${h}.${p}`), key, Buffer.from(s, 'base64url'));
  return ok ? { valid: true, header, payload } : { valid: false, reason: 'signature does not verify' };
}
