import mongoose, { Schema } from 'mongoose';

/**
 * A hint per number prefix (organisation, year and level): the highest serial known to be
 * taken. It is only a starting point: the unique `_id` of the record that takes a serial is
 * what arbitrates (an `$inc` is not atomic on FerretDB v1: 50 concurrent increments lost 39).
 */
export interface CertificateCounterDoc {
  _id: string;
  last: number;
}
const counterSchema = new Schema<CertificateCounterDoc>({ _id: { type: String, required: true }, last: { type: Number, required: true } }, { collection: 'certificate_counters', versionKey: false });
export const CertificateCounterModel = mongoose.model<CertificateCounterDoc>('CertificateCounter', counterSchema);

/**
 * The claim that a holder (candidate, occupation, level) is being or has been issued a
 * certificate: inserted before a number is allocated, so a second issue is refused without
 * spending a number.
 */
export interface CertificateClaimDoc {
  _id: string;
  claimedAt: Date;
  number?: string;
}
const claimSchema = new Schema<CertificateClaimDoc>({ _id: { type: String, required: true }, claimedAt: { type: Date, required: true }, number: String }, { collection: 'certificate_claims', versionKey: false });
export const CertificateClaimModel = mongoose.model<CertificateClaimDoc>('CertificateClaim', claimSchema);

/** The fields printed on the certificate, frozen at issue. */
export interface CertificateSnapshot {
  name: string;
  idType: string;
  idTypeName: string;
  idNumberMasked: string;
  /** The full number, sealed (AES-256-GCM under DATA_KEY); printed, never shown on the web. */
  idNumberSealed: string;
  occupationCode: string;
  occupationName: string;
  direction: string;
  level: number;
  levelLabel: string;
  organisationName: string;
  /** `YYYY-MM-DD`, China time. */
  issueDate: string;
  photo?: { contentType: string; data: Buffer };
}

/** An issued certificate; never updated (revocation is a record of its own). */
export interface CertificateDoc {
  _id: string;
  number: string;
  prefix: string;
  serial: number;
  holderKey: string;
  centreId: string;
  sessionRef: string;
  statusIndex: number;
  snapshot: CertificateSnapshot;
  issuedAt: Date;
  issuedBy: string;
}
const certificateSchema = new Schema<CertificateDoc>(
  {
    _id: { type: String, required: true },
    number: { type: String, required: true },
    prefix: { type: String, required: true },
    serial: { type: Number, required: true },
    holderKey: { type: String, required: true },
    centreId: { type: String, required: true },
    sessionRef: { type: String, required: true },
    statusIndex: { type: Number, required: true },
    snapshot: { type: Schema.Types.Mixed, required: true },
    issuedAt: { type: Date, required: true },
    issuedBy: { type: String, required: true },
  },
  { collection: 'certificates', versionKey: false, minimize: false },
);
certificateSchema.index({ holderKey: 1 });
certificateSchema.index({ sessionRef: 1 });
export const CertificateModel = mongoose.model<CertificateDoc>('Certificate', certificateSchema);

/** A position in the revocation status list, taken by one certificate (`_id` is the index). */
export interface StatusSlotDoc {
  _id: number;
  number: string;
}
const statusSlotSchema = new Schema<StatusSlotDoc>({ _id: { type: Number, required: true }, number: { type: String, required: true } }, { collection: 'certificate_status_slots', versionKey: false });
export const StatusSlotModel = mongoose.model<StatusSlotDoc>('CertificateStatusSlot', statusSlotSchema);

/** A revocation: one per certificate, never removed. `_id` is the certificate number. */
export interface RevocationDoc {
  _id: string;
  statusIndex: number;
  reason: string;
  revokedAt: Date;
  revokedBy: string;
}
const revocationSchema = new Schema<RevocationDoc>(
  {
    _id: { type: String, required: true },
    statusIndex: { type: Number, required: true },
    reason: { type: String, required: true },
    revokedAt: { type: Date, required: true },
    revokedBy: { type: String, required: true },
  },
  { collection: 'certificate_revocations', versionKey: false },
);
export const RevocationModel = mongoose.model<RevocationDoc>('CertificateRevocation', revocationSchema);
