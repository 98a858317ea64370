import mongoose, { Schema } from 'mongoose';
import type { ExamPart } from './part-scores';
import type { Overall, PartOutcome } from './rules';

/** The key of one appraisal's results: the centre and the 鉴定批次. */
export function publicationKey(session: { centreId: mongoose.Types.ObjectId | string; batch?: string; code: string }): string {
  return `${String(session.centreId)}:${session.batch ?? session.code}`;
}

/**
 * A batch's results were published (once: `_id` is the batch key, so a second publish is a
 * duplicate). From then on its results change only by new versions.
 */
export interface ResultPublicationDoc {
  _id: string;
  centreId: mongoose.Types.ObjectId;
  batch: string;
  sessionIds: string[];
  publishedAt: Date;
  publishedBy: string;
  publishedByName: string;
  candidates: number;
  /** False until every first version is written (a retried publish writes the missing ones). */
  complete: boolean;
}
const publicationSchema = new Schema<ResultPublicationDoc>(
  {
    _id: { type: String, required: true },
    centreId: { type: Schema.Types.ObjectId, required: true },
    batch: { type: String, required: true },
    sessionIds: { type: [String], default: [] },
    publishedAt: { type: Date, required: true },
    publishedBy: { type: String, required: true },
    publishedByName: { type: String, required: true },
    candidates: { type: Number, required: true },
    complete: { type: Boolean, default: false },
  },
  { collection: 'result_publications', versionKey: false },
);
export const ResultPublicationModel = mongoose.model<ResultPublicationDoc>('ResultPublication', publicationSchema);

export const VERSION_KINDS = ['publish', 'correction', 'recheck', 'regrade'] as const;
export type VersionKind = (typeof VERSION_KINDS)[number];

/**
 * One version of one candidate's published result; never updated. A correction, a re-check
 * (复核) or a regrade adds the next version with its reason and approver; the newest is the result.
 */
export interface ResultVersionDoc {
  /** `${publication}:${candidateId}:${version}`: inserting it is the guard (one version n+1 only). */
  _id: string;
  publicationId: string;
  /** `${publication}:${candidateId}`. */
  resultKey: string;
  candidateId: string;
  version: number;
  name: string;
  admissionNo: string;
  idMasked: string;
  idType: string;
  occupationCode: string;
  occupationName: string;
  level: number;
  /** The candidate's registration in each part's session. */
  registrations: Array<{ part: ExamPart; sessionId: string; registrationId: string }>;
  parts: PartOutcome[];
  overall: Overall;
  kind: VersionKind;
  reason: string;
  approvedBy: string;
  approvedByName: string;
  createdAt: Date;
}
const versionSchema = new Schema<ResultVersionDoc>(
  {
    _id: { type: String, required: true },
    publicationId: { type: String, required: true },
    resultKey: { type: String, required: true },
    candidateId: { type: String, required: true },
    version: { type: Number, required: true },
    name: { type: String, required: true },
    admissionNo: { type: String, required: true },
    idMasked: { type: String, required: true },
    idType: { type: String, required: true },
    occupationCode: { type: String, required: true },
    occupationName: { type: String, required: true },
    level: { type: Number, required: true },
    registrations: { type: Schema.Types.Mixed, default: [] },
    parts: { type: Schema.Types.Mixed, required: true },
    overall: { type: String, required: true },
    kind: { type: String, enum: VERSION_KINDS, required: true },
    reason: { type: String, default: '' },
    approvedBy: { type: String, required: true },
    approvedByName: { type: String, required: true },
    createdAt: { type: Date, required: true },
  },
  { collection: 'result_versions', versionKey: false, minimize: false },
);
versionSchema.index({ publicationId: 1 });
versionSchema.index({ resultKey: 1 });
export const ResultVersionModel = mongoose.model<ResultVersionDoc>('ResultVersion', versionSchema);

/** The newest version of each candidate's result among these versions. */
export function latestVersions(versions: readonly ResultVersionDoc[]): Map<string, ResultVersionDoc> {
  const latest = new Map<string, ResultVersionDoc>();
  for (const v of versions) if ((latest.get(v.candidateId)?.version ?? 0) < v.version) latest.set(v.candidateId, v);
  return latest;
}
