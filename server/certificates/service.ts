import { z } from 'zod';
import { fieldErrorsFromZod, problems } from '../platform/problem';
import type { Principal } from '../platform/routing';
import { ObjectIdString } from '../platform/ids';
import { decide } from '../identity/access';
import { ID_TYPES, ID_TYPE_NAMES, IdDocumentSchema, maskIdNumber, normaliseIdNumber, type IdNumberProtector, type IdType } from '../identity/id-numbers';
import { DEFAULT_LEVEL_NAMES, LevelSchema, OccupationCodeSchema, type Level } from '../standards/schemas';
import { recordAudit, type Actor } from '../audit/service';
import { withAudit } from '../audit/intents';
import { CertificateClaimModel, CertificateCounterModel, CertificateModel, RevocationModel, StatusSlotModel, type CertificateDoc } from './model';
import { formatCertificateNumber, normaliseCertificateNumber, numberPrefix, OrganisationNumberingSchema } from './number';
import type { CertificatePrint } from './layout';
import { CertificateRenderPool } from './render-pool';
import type { CertificateKeys } from './keys';
import { signCompactJws } from './jws';
import { buildAchievementCredential, buildStatusListCredential, STATUS_LIST_BITS } from './credential';

/** One candidate who passed every required part; the lead feeds these from published results. */
export const PassedCandidateSchema = z
  .object({
    name: z.string().trim().min(1).max(60),
    idType: z.enum(ID_TYPES),
    idNumber: z.string().trim().min(4).max(40),
    photo: z.object({ contentType: z.enum(['image/jpeg', 'image/png']), data: z.instanceof(Buffer) }).optional(),
    occupationCode: OccupationCodeSchema,
    occupationName: z.string().trim().min(1).max(60),
    /** 工种/职业方向; printed `--` when absent. */
    direction: z.string().trim().max(60).optional(),
    level: LevelSchema,
  })
  .superRefine((c, ctx) => {
    const id = IdDocumentSchema.safeParse({ idType: c.idType, idNumber: c.idNumber });
    // Each issue as the ID rule raised it (its code and catalogue key), so it is said in the caller's language.
    if (!id.success) for (const issue of id.error.issues) ctx.addIssue({ ...issue } as Parameters<typeof ctx.addIssue>[0]);
  });
export type PassedCandidate = z.infer<typeof PassedCandidateSchema>;

export const IssueRequestSchema = z.object({
  centreId: ObjectIdString,
  /** The exam session (or batch) the results came from. */
  sessionRef: z.string().trim().min(1).max(64),
  organisation: OrganisationNumberingSchema.extend({ name: z.string().trim().min(1).max(100) }),
  candidates: z.array(PassedCandidateSchema).min(1).max(5000),
});
export type IssueRequest = z.infer<typeof IssueRequestSchema>;

export interface VerificationView {
  number: string;
  status: 'valid' | 'revoked';
  revokedAt?: string;
  revocationReason?: string;
  name: string;
  idType: string;
  idNumberMasked: string;
  occupationName: string;
  direction: string;
  levelLabel: string;
  organisationName: string;
  issueDate: string;
}

export interface IssueOutcome {
  issued: Array<{ index: number; number: string }>;
  refused: Array<{ index: number; reason: 'already-issued' | 'serials-exhausted' }>;
}

const STATUS_COUNTER = 'status-list:revocation';

/** `2026-12-01` in China time. */
export function chinaDate(at: Date): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

export function chineseDate(isoDate: string): string {
  const [y, m, d] = isoDate.split('-');
  return `${y}年${m}月${d}日`;
}

const EN_MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const EN_ID_TYPES: Record<IdType, string> = {
  resident_id: 'Resident ID card',
  passport: 'Passport',
  hk_macau_permit: 'Mainland Travel Permit for HK and Macao Residents',
  taiwan_permit: 'Mainland Travel Permit for Taiwan Residents',
  foreign_permanent_resident: 'Foreign Permanent Resident ID Card',
  other: 'Other',
};

const isDuplicate = (error: unknown) => (error as { code?: number }).code === 11000;

/**
 * Takes the lowest free serial above the hint: `insert(serial)` writes the record whose unique
 * `_id` holds the serial, and a duplicate means someone else took it, so the next is tried. No
 * serial is skipped and none is taken twice, whatever the concurrency; the hint then moves on.
 */
export async function takeNextSerial<T>(hintId: string, first: number, insert: (serial: number) => Promise<T>): Promise<{ serial: number; result: T }> {
  const hint = (await CertificateCounterModel.findById(hintId).lean())?.last ?? first - 1;
  for (let serial = Math.max(hint + 1, first); ; serial++) {
    try {
      const result = await insert(serial);
      await CertificateCounterModel.updateOne({ _id: hintId }, { $max: { last: serial } }, { upsert: true }).catch((error: unknown) => {
        if (!isDuplicate(error)) throw error;
      });
      return { serial, result };
    } catch (error) {
      if (!isDuplicate(error)) throw error;
    }
  }
}

export class CertificateService {
  private pool: CertificateRenderPool | undefined;

  /** The worker pool that renders batches (started on first use). */
  renderPool(): CertificateRenderPool {
    this.pool ??= new CertificateRenderPool();
    return this.pool;
  }

  constructor(
    private readonly protector: IdNumberProtector,
    readonly keys: CertificateKeys,
    readonly baseUrl: string,
  ) {}

  private mayIssue(principal: Principal, centreId: string): void {
    if (!decide(principal, 'certificates.issue', { kind: 'centre', id: centreId }).allowed) throw problems.notFound('No such centre.');
  }

  /**
   * Issues one certificate per candidate, occupation and level. A holder's claim is written
   * first, so a second issue is refused without spending a number; then the serial is taken
   * from the prefix's counter in one atomic increment, and the immutable record written.
   */
  async issue(principal: Principal, body: unknown, actor: Actor, now = new Date()): Promise<IssueOutcome> {
    const parsed = IssueRequestSchema.safeParse(body);
    if (!parsed.success) throw problems.validation(fieldErrorsFromZod(parsed.error));
    const request = parsed.data;
    this.mayIssue(principal, request.centreId);
    const outcome: IssueOutcome = { issued: [], refused: [] };
    const issueDate = chinaDate(now);
    for (const [index, candidate] of request.candidates.entries()) {
      const holderKey = `${this.protector.matchKey(candidate.idType, candidate.idNumber)}:${candidate.occupationCode}:${candidate.level}`;
      try {
        await CertificateClaimModel.create({ _id: holderKey, claimedAt: now });
      } catch (error) {
        if (isDuplicate(error)) {
          outcome.refused.push({ index, reason: 'already-issued' });
          continue;
        }
        throw error;
      }
      const prefix = numberPrefix(request.organisation, Number(issueDate.slice(0, 4)), candidate.level as Level);
      const { serial: statusIndex } = await takeNextSerial(STATUS_COUNTER, 0, (slot) => {
        if (slot >= STATUS_LIST_BITS) throw problems.unavailable('The revocation status list is full.');
        return StatusSlotModel.create({ _id: slot, number: holderKey });
      });
      const record = {
        prefix,
        holderKey,
        centreId: request.centreId,
        sessionRef: request.sessionRef,
        statusIndex,
        snapshot: {
          name: candidate.name,
          idType: candidate.idType,
          idTypeName: ID_TYPE_NAMES[candidate.idType],
          idNumberMasked: maskIdNumber(candidate.idNumber),
          idNumberSealed: this.protector.encrypt(candidate.idNumber),
          occupationCode: candidate.occupationCode,
          occupationName: candidate.occupationName,
          direction: candidate.direction || '--',
          level: candidate.level,
          levelLabel: DEFAULT_LEVEL_NAMES[candidate.level as Level].zh,
          organisationName: request.organisation.name,
          issueDate,
          ...(candidate.photo ? { photo: candidate.photo } : {}),
        },
        issuedAt: now,
        issuedBy: principal.id,
      };
      let number: string;
      try {
        ({ result: number } = await takeNextSerial(prefix, 1, async (serial) => {
          const taken = formatCertificateNumber(prefix, serial);
          await CertificateModel.create({ ...record, _id: taken, number: taken, serial });
          return taken;
        }));
      } catch (error) {
        if (!(error instanceof RangeError)) throw error;
        await CertificateClaimModel.deleteOne({ _id: holderKey });
        outcome.refused.push({ index, reason: 'serials-exhausted' });
        continue;
      }
      await CertificateClaimModel.updateOne({ _id: holderKey }, { $set: { number } });
      outcome.issued.push({ index, number });
    }
    await recordAudit(actor, {
      action: 'certificates.issue',
      target: { type: 'centre', id: request.centreId, label: request.sessionRef },
      details: { sessionRef: request.sessionRef, numbers: outcome.issued.map((i) => i.number), refused: outcome.refused.length },
    });
    return outcome;
  }

  private async findByNumber(value: string): Promise<CertificateDoc | null> {
    const number = normaliseCertificateNumber(value);
    return number ? CertificateModel.findById(number).lean() : null;
  }

  private async view(doc: CertificateDoc): Promise<VerificationView> {
    const revocation = await RevocationModel.findById(doc.number).lean();
    const s = doc.snapshot;
    return {
      number: doc.number,
      status: revocation ? 'revoked' : 'valid',
      ...(revocation ? { revokedAt: chinaDate(revocation.revokedAt), revocationReason: revocation.reason } : {}),
      name: s.name,
      idType: s.idTypeName,
      idNumberMasked: s.idNumberMasked,
      occupationName: s.occupationName,
      direction: s.direction,
      levelLabel: s.levelLabel,
      organisationName: s.organisationName,
      issueDate: s.issueDate,
    };
  }

  /**
   * Public look-up by number and name. A wrong name and an unknown number answer alike
   * (undefined), so the look-up does not reveal which numbers exist.
   */
  async verify(number: string, name: string): Promise<VerificationView | undefined> {
    const doc = await this.findByNumber(number);
    if (!doc || doc.snapshot.name.replace(/\s+/g, '') !== name.replace(/\s+/g, '')) return undefined;
    return this.view(doc);
  }

  /** The certificate a QR link names, when its signed token matches. */
  async byToken(number: string, token: string): Promise<CertificateDoc | undefined> {
    const doc = await this.findByNumber(number);
    return doc && this.keys.qrTokenMatches(doc.number, token) ? doc : undefined;
  }

  /** Look-up from the QR code: the signed token stands in for the name. */
  async verifyByToken(number: string, token: string): Promise<VerificationView | undefined> {
    const doc = await this.byToken(number, token);
    return doc ? this.view(doc) : undefined;
  }

  verifyUrl(number: string): string {
    return `${this.baseUrl}/verify/${number}?n=${this.keys.qrToken(number)}`;
  }

  /** A certificate the principal's centre issued, or 404. */
  async certificateFor(principal: Principal, value: string, action: 'certificates.print' | 'certificates.revoke' | 'certificates.issue'): Promise<CertificateDoc> {
    const doc = await this.findByNumber(value);
    if (!doc || !decide(principal, action, { kind: 'centre', id: doc.centreId }).allowed) throw problems.notFound('No such certificate.');
    return doc;
  }

  async viewFor(principal: Principal, value: string): Promise<VerificationView> {
    return this.view(await this.certificateFor(principal, value, 'certificates.print'));
  }

  async revoke(principal: Principal, value: string, reason: string, actor: Actor, now = new Date()): Promise<VerificationView> {
    const doc = await this.certificateFor(principal, value, 'certificates.revoke');
    const intent = { action: 'certificates.revoke', target: { type: 'certificate', id: doc.number }, details: { reason }, probe: { collection: 'certificate_revocations', filter: { _id: doc.number } } };
    await withAudit(actor, intent, async () => {
      try {
        await RevocationModel.create({ _id: doc.number, statusIndex: doc.statusIndex, reason, revokedAt: now, revokedBy: principal.id });
      } catch (error) {
        if ((error as { code?: number }).code === 11000) throw problems.conflict('The certificate is revoked already.');
        throw error;
      }
    });
    return this.view(doc);
  }

  /** What is printed: the snapshot, with the full ID number unsealed. */
  printFields(doc: CertificateDoc, bilingual = false): CertificatePrint {
    const s = doc.snapshot;
    const [y, m, d] = s.issueDate.split('-');
    return {
      number: doc.number,
      name: s.name,
      idTypeName: s.idTypeName,
      idNumber: normaliseIdNumber(this.protector.decrypt(s.idNumberSealed)),
      occupationName: s.occupationName,
      direction: s.direction,
      levelLabel: s.levelLabel,
      organisationName: s.organisationName,
      issueDate: chineseDate(s.issueDate),
      verifyUrl: this.verifyUrl(doc.number),
      verifyPage: `${this.baseUrl}/verify`,
      photo: s.photo ? Buffer.from(s.photo.data.buffer ?? s.photo.data) : undefined,
      bilingual: bilingual ? { levelLabel: DEFAULT_LEVEL_NAMES[s.level as Level].en, issueDate: `${Number(d)} ${EN_MONTHS[Number(m) - 1]} ${y}`, idTypeName: EN_ID_TYPES[s.idType as IdType] } : undefined,
    };
  }

  /** The certificates of a session in number order, for batch printing. */
  async ofSession(principal: Principal, centreId: string, sessionRef: string): Promise<CertificateDoc[]> {
    if (!decide(principal, 'certificates.print', { kind: 'centre', id: centreId }).allowed) throw problems.notFound('No such centre.');
    const docs = await CertificateModel.find({ sessionRef }).lean();
    return docs.filter((d) => d.centreId === centreId).sort((a, b) => (a.number < b.number ? -1 : 1));
  }

  /** The signed Open Badges 3.0 credential (compact JWS, `vc+jwt`). */
  credential(doc: CertificateDoc): string {
    const s = doc.snapshot;
    const vc = buildAchievementCredential({
      baseUrl: this.baseUrl,
      number: doc.number,
      name: s.name,
      idNumber: normaliseIdNumber(this.protector.decrypt(s.idNumberSealed)),
      occupationCode: s.occupationCode,
      occupationName: s.occupationName,
      direction: s.direction,
      level: s.level,
      levelLabel: s.levelLabel,
      centreId: doc.centreId,
      organisationName: s.organisationName,
      issuedAt: doc.issuedAt,
      statusIndex: doc.statusIndex,
    });
    return signCompactJws(vc, this.keys.signing, { typ: 'vc+jwt', cty: 'vc', kid: this.keys.publicJwk.kid });
  }

  /** The revocation status list as a signed credential (published, unauthenticated). */
  async statusList(now = new Date()): Promise<string> {
    const revoked = await RevocationModel.find({}, { statusIndex: 1 }).lean();
    const vc = buildStatusListCredential(this.baseUrl, '职业技能等级认定平台', revoked.map((r) => r.statusIndex), now);
    return signCompactJws(vc, this.keys.signing, { typ: 'vc+jwt', cty: 'vc', kid: this.keys.publicJwk.kid });
  }

  /** Records that certificates were printed (who, which, how many). */
  async recordPrint(actor: Actor, centreId: string, numbers: string[], what: string): Promise<void> {
    await recordAudit(actor, { action: 'certificates.print', target: { type: 'centre', id: centreId, label: what }, details: { numbers, count: numbers.length } });
  }
}
