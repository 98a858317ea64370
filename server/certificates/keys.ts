import { createHmac, createPrivateKey, createPublicKey, createHash, hkdfSync, timingSafeEqual, type KeyObject } from 'node:crypto';

/**
 * The certificate keys, derived from DATA_KEY so that every instance holds the same ones
 * without another secret to distribute:
 * - the issuer's Ed25519 signing key (credentials and the status list), its public half
 *   published at /.well-known/;
 * - the HMAC key of the QR token (`?n=`), so a scanned link needs no name.
 */
export interface CertificateKeys {
  signing: KeyObject;
  publicKey: KeyObject;
  /** JWK of the public key with its `kid` (RFC 7638 thumbprint). */
  publicJwk: { kty: 'OKP'; crv: 'Ed25519'; x: string; kid: string; alg: 'EdDSA'; use: 'sig' };
  qrToken(number: string): string;
  qrTokenMatches(number: string, token: string): boolean;
}

/** PKCS#8 wrapping of a raw 32-byte Ed25519 seed (RFC 8410). */
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

export function deriveCertificateKeys(dataKey: string): CertificateKeys {
  const master = Buffer.from(dataKey, 'utf8');
  const seed = Buffer.from(hkdfSync('sha256', master, 'skill-appraisal', 'certificate-signing-ed25519', 32));
  const signing = createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
  const publicKey = createPublicKey(signing);
  const jwk = publicKey.export({ format: 'jwk' }) as { x: string };
  const kid = createHash('sha256').update(JSON.stringify({ crv: 'Ed25519', kty: 'OKP', x: jwk.x })).digest('base64url');
  const qrKey = Buffer.from(hkdfSync('sha256', master, 'skill-appraisal', 'certificate-qr-token', 32));
  const qrToken = (number: string) => createHmac('sha256', qrKey).update(number).digest('base64url').slice(0, 22);
  return {
    signing,
    publicKey,
    publicJwk: { kty: 'OKP', crv: 'Ed25519', x: jwk.x, kid, alg: 'EdDSA', use: 'sig' },
    qrToken,
    qrTokenMatches(number, token) {
      const expected = Buffer.from(qrToken(number));
      const given = Buffer.from(token);
      return given.length === expected.length && timingSafeEqual(given, expected);
    },
  };
}
