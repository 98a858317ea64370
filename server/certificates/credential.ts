import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';

/**
 * The certificate as an Open Badges 3.0 AchievementCredential (a W3C Verifiable Credential),
 * and the revocation status list. Pure: fields in, JSON out; signing is jws.ts.
 */
export const CREDENTIAL_CONTEXTS = ['https://www.w3.org/2018/credentials/v1', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.1.json'] as const;

export interface CredentialFields {
  baseUrl: string;
  number: string;
  name: string;
  /** The full ID number; only its salted SHA-256 goes into the credential. */
  idNumber: string;
  occupationCode: string;
  occupationName: string;
  direction: string;
  level: number;
  levelLabel: string;
  centreId: string;
  organisationName: string;
  issuedAt: Date;
  statusIndex: number;
}

export function statusListUrl(baseUrl: string): string {
  return `${baseUrl}/credentials/status/revocation`;
}

export function buildAchievementCredential(f: CredentialFields): Record<string, unknown> {
  const salt = f.number;
  const idHash = createHash('sha256').update(`${f.idNumber}${salt}`, 'utf8').digest('hex');
  const direction = f.direction === '--' ? '' : `（${f.direction}）`;
  return {
    '@context': [...CREDENTIAL_CONTEXTS],
    id: `${f.baseUrl}/credentials/${f.number}`,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    name: '职业技能等级证书',
    description: `${f.occupationName}${direction} ${f.levelLabel}`,
    issuer: { id: `${f.baseUrl}/issuers/${f.centreId}`, type: ['Profile'], name: f.organisationName },
    issuanceDate: f.issuedAt.toISOString(),
    credentialSubject: {
      type: ['AchievementSubject'],
      identifier: [
        { type: 'IdentityObject', identityType: 'name', hashed: false, identityHash: f.name },
        { type: 'IdentityObject', identityType: 'nationalIdentityNumber', hashed: true, identityHash: `sha256$${idHash}`, salt },
      ],
      licenseNumber: f.number,
      achievement: {
        id: `${f.baseUrl}/achievements/${f.occupationCode}/${f.level}`,
        type: ['Achievement'],
        achievementType: 'Certificate',
        name: `${f.occupationName} ${f.levelLabel}`,
        description: `职业技能等级证书：${f.occupationName}（${f.occupationCode}）${direction}，职业技能等级 ${f.levelLabel}。`,
        criteria: { narrative: '按国家职业技能标准参加职业技能等级认定，理论知识考试、技能操作考核（及综合评审）成绩均达到合格。' },
        fieldOfStudy: f.occupationName,
      },
    },
    credentialStatus: {
      id: `${statusListUrl(f.baseUrl)}#${f.statusIndex}`,
      type: 'StatusList2021Entry',
      statusPurpose: 'revocation',
      statusListIndex: String(f.statusIndex),
      statusListCredential: statusListUrl(f.baseUrl),
    },
  };
}

/** Bits in a status list: 16 KiB, the minimum the status-list specifications ask for (herd privacy). */
export const STATUS_LIST_BITS = 131_072;

/** GZIP-compressed, base64url-encoded bitstring; bit i (most significant first) set = revoked. */
export function encodeStatusList(revokedIndexes: Iterable<number>, bits = STATUS_LIST_BITS): string {
  const bytes = Buffer.alloc(Math.ceil(bits / 8));
  for (const index of revokedIndexes) {
    if (index < 0 || index >= bits) throw new RangeError(`status index ${index} is outside the list`);
    bytes[index >> 3]! |= 0x80 >> (index & 7);
  }
  return gzipSync(bytes).toString('base64url');
}

export function statusListHas(encoded: string, index: number): boolean {
  const bytes = gunzipSync(Buffer.from(encoded, 'base64url'));
  return ((bytes[index >> 3] ?? 0) & (0x80 >> (index & 7))) !== 0;
}

export function buildStatusListCredential(baseUrl: string, centreName: string, revokedIndexes: Iterable<number>, at: Date): Record<string, unknown> {
  return {
    '@context': ['https://www.w3.org/2018/credentials/v1', 'https://w3id.org/vc/status-list/2021/v1'],
    id: statusListUrl(baseUrl),
    type: ['VerifiableCredential', 'StatusList2021Credential'],
    issuer: { id: `${baseUrl}/issuers/platform`, type: ['Profile'], name: centreName },
    issuanceDate: at.toISOString(),
    credentialSubject: { id: `${statusListUrl(baseUrl)}#list`, type: 'StatusList2021', statusPurpose: 'revocation', encodedList: encodeStatusList(revokedIndexes) },
  };
}
