import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { z } from 'zod';

/**
 * Personal ID numbers (证件号码): matched by keyed hash, shown masked, and kept encrypted for
 * the few roles that need the full value (certificates, real-name checks).
 */
export const ID_TYPES = ['resident_id', 'passport', 'hk_macau_permit', 'taiwan_permit', 'foreign_permanent_resident', 'other'] as const;
export type IdType = (typeof ID_TYPES)[number];
export const ID_TYPE_NAMES: Record<IdType, string> = {
  resident_id: '居民身份证',
  passport: '护照',
  hk_macau_permit: '港澳居民来往内地通行证',
  taiwan_permit: '台湾居民来往大陆通行证',
  foreign_permanent_resident: '外国人永久居留身份证',
  other: '其他',
};

export function normaliseIdNumber(value: string): string {
  return value.replace(/\s+/g, '').toUpperCase();
}

const RESIDENT_ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const RESIDENT_ID_CHECK = '10X98765432';

/** GB 11643 check: 17 digits, then a check character (ISO 7064 MOD 11-2). */
export function isValidResidentId(value: string): boolean {
  const id = normaliseIdNumber(value);
  if (!/^\d{17}[\dX]$/.test(id)) return false;
  const sum = RESIDENT_ID_WEIGHTS.reduce((acc, weight, i) => acc + weight * Number(id[i]), 0);
  return RESIDENT_ID_CHECK[sum % 11] === id[17];
}

export const IdDocumentSchema = z
  .object({ idType: z.enum(ID_TYPES), idNumber: z.string().trim().min(4).max(40) })
  .superRefine((doc, ctx) => {
    if (doc.idType === 'resident_id' && !isValidResidentId(doc.idNumber)) {
      ctx.addIssue({ code: 'custom', path: ['idNumber'], message: 'not a valid 18-character resident ID number (check digit)', params: { i18n: 'validation.rule.idNumber' } });
    }
  });

/** `110101199003071234` → `110***********1234`: first three and last four kept. */
export function maskIdNumber(value: string): string {
  const id = normaliseIdNumber(value);
  if (id.length <= 7) return `${id.slice(0, 1)}${'*'.repeat(Math.max(0, id.length - 2))}${id.slice(-1)}`;
  return `${id.slice(0, 3)}${'*'.repeat(id.length - 7)}${id.slice(-4)}`;
}

export class IdNumberProtector {
  private readonly hmacKey: Buffer;
  private readonly encryptionKey: Buffer;

  constructor(dataKey: string) {
    const master = Buffer.from(dataKey, 'utf8');
    this.hmacKey = Buffer.from(hkdfSync('sha256', master, 'skill-appraisal', 'id-number-match', 32));
    this.encryptionKey = Buffer.from(hkdfSync('sha256', master, 'skill-appraisal', 'id-number-encrypt', 32));
  }

  /** Deterministic keyed hash: equal numbers of the same type match, nothing is revealed. */
  matchKey(idType: IdType, idNumber: string): string {
    return createHmac('sha256', this.hmacKey).update(`${idType}:${normaliseIdNumber(idNumber)}`).digest('hex');
  }

  encrypt(idNumber: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.encryptionKey, iv);
    const body = Buffer.concat([cipher.update(normaliseIdNumber(idNumber), 'utf8'), cipher.final()]);
    return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
  }

  decrypt(sealed: string): string {
    const [version, iv, tag, body] = sealed.split('.');
    if (version !== 'v1' || !iv || !tag || !body) throw new Error('unknown ID number encryption format');
    const decipher = createDecipheriv('aes-256-gcm', this.encryptionKey, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
  }
}
