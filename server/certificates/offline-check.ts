import { createPublicKey, type JsonWebKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import Ajv2019 from 'ajv/dist/2019';
import addFormats from 'ajv-formats';
import { verifyCompactJws } from './jws';

/**
 * Offline check of a downloaded credential: the signature against the issuer's published key
 * (a saved copy of /.well-known/jwks.json), then the 1EdTech AchievementCredential schema.
 */
const require = createRequire(import.meta.url);
const ajv = new Ajv2019({ allErrors: true, strict: false });
addFormats(ajv);
export const validateAchievementCredential = ajv.compile(JSON.parse(readFileSync(require.resolve('./schema/ob_v3p0_achievementcredential_schema.json'), 'utf8')) as object);

export type OfflineCheck =
  | { valid: true; number: string; name: string; achievement: string; issuer: string; issuanceDate: string; statusList: string; statusIndex: string }
  | { valid: false; reason: string };

export function checkCredential(jws: string, jwks: { keys: Array<JsonWebKey & { kid?: string }> }): OfflineCheck {
  const header = (() => {
    try {
      return JSON.parse(Buffer.from(jws.trim().split('.')[0] ?? '', 'base64url').toString('utf8')) as { kid?: string };
    } catch {
      return {};
    }
  })();
  const jwk = jwks.keys.find((k) => k.kid === header.kid) ?? (jwks.keys.length === 1 ? jwks.keys[0] : undefined);
  if (!jwk) return { valid: false, reason: `no published key with kid ${String(header.kid)}` };
  const checked = verifyCompactJws(jws, createPublicKey({ key: jwk, format: 'jwk' }));
  if (!checked.valid) return checked;
  if (!validateAchievementCredential(checked.payload)) {
    return { valid: false, reason: `not an AchievementCredential: ${ajv.errorsText(validateAchievementCredential.errors)}` };
  }
  const vc = checked.payload as {
    issuanceDate: string;
    issuer: { name?: string };
    credentialSubject: { licenseNumber?: string; identifier?: Array<{ identityType: string; identityHash: string }>; achievement: { name: string } };
    credentialStatus?: { statusListCredential?: string; statusListIndex?: string };
  };
  return {
    valid: true,
    number: vc.credentialSubject.licenseNumber ?? '',
    name: vc.credentialSubject.identifier?.find((i) => i.identityType === 'name')?.identityHash ?? '',
    achievement: vc.credentialSubject.achievement.name,
    issuer: vc.issuer.name ?? '',
    issuanceDate: vc.issuanceDate,
    statusList: vc.credentialStatus?.statusListCredential ?? '',
    statusIndex: vc.credentialStatus?.statusListIndex ?? '',
  };
}
