import mongoose, { Schema } from 'mongoose';
import type { IdType } from '../identity/id-numbers';

/** 评价机构 (鉴定所/站): who runs sessions and, later, issues certificates. */
export interface CentreDoc {
  _id: mongoose.Types.ObjectId;
  name: string;
  /** 4-digit organisation code (证书编号 positions 2–5). */
  orgCode: string;
  /** 2-digit province code (positions 6–7). */
  provinceCode: string;
  /** S: social evaluation organisation; Y: employer. */
  type: 'S' | 'Y';
  /** 6-digit site serial (证书编号 positions 8–13); 000001 when the centre has one site. */
  siteSerial?: string;
  createdAt: Date;
  updatedAt: Date;
}

const centreSchema = new Schema<CentreDoc>(
  {
    name: { type: String, required: true, trim: true },
    orgCode: { type: String, required: true },
    provinceCode: { type: String, required: true },
    type: { type: String, enum: ['S', 'Y'], required: true },
    siteSerial: { type: String, default: '000001' },
  },
  { collection: 'centres', timestamps: true, versionKey: false },
);
centreSchema.index({ type: 1, orgCode: 1 }, { unique: true });
export const CentreModel = mongoose.model<CentreDoc>('Centre', centreSchema);

export const SESSION_PARTS = ['theory', 'skill', 'review'] as const;
export type SessionPart = (typeof SESSION_PARTS)[number];

export const SESSION_STATES = ['draft', 'published', 'open', 'closed'] as const;
export type SessionState = (typeof SESSION_STATES)[number];

export interface RoomDoc {
  code: string;
  name: string;
  seats: number;
  proctorIds: string[];
  supervisorId?: string;
}

/** The fields that cannot change once a session is published, except by an audited amendment. */
export const KEY_FIELDS = ['startsAt', 'endsAt', 'durationMinutes', 'blueprintId', 'releaseId', 'level', 'mode', 'forms'] as const;

export interface AmendmentDoc {
  at: Date;
  by: string;
  byName: string;
  reason: string;
  changes: Array<{ field: string; from: string; to: string }>;
}

/** 考试批次: one sitting of one part of one occupation and level at a centre. */
export interface ExamSessionDoc {
  _id: mongoose.Types.ObjectId;
  centreId: mongoose.Types.ObjectId;
  code: string;
  /**
   * 鉴定批次: the theory, skill and review sessions of one appraisal (one occupation and level at
   * a centre) share it, and a candidate's result combines their parts. Defaults to the session's
   * own code; editable until the session is published.
   */
  batch: string;
  title: string;
  occupationCode: string;
  occupationName: string;
  standardId: string;
  level: number;
  /** 理论知识 (computer-based), 技能操作考核 (tasks drawn by the skill blueprint), 综合评审 (no paper; levels 2 and 1). */
  part: SessionPart;
  bankId: mongoose.Types.ObjectId;
  /** Pinned when the session is published (the bank's latest release then). */
  releaseId?: mongoose.Types.ObjectId;
  /** Absent for a panel review (综合评审), which draws no paper. */
  blueprintId?: mongoose.Types.ObjectId;
  /** `per-candidate`: 一人一卷; `forms`: N parallel forms (A/B卷), options still shuffled per candidate. */
  mode: 'per-candidate' | 'forms';
  forms: number;
  /** The form papers (mode `forms`), drawn when papers are prepared. */
  formPaperIds: string[];
  startsAt: Date;
  endsAt: Date;
  durationMinutes: number;
  lateEntryMinutes: number;
  graceSeconds: number;
  /** Show the score to the candidate after submitting. */
  showScore: boolean;
  /** Screen switches after which the attempt is flagged for the proctor (0: never). */
  screenSwitchLimit: number;
  /** 多选 rule for scoring. */
  multipleChoice: 'all-or-nothing' | 'partial';
  /** Pattern of 准考证号: {YY} {org} {session} {room} {seq:N}. */
  admissionPattern: string;
  rooms: RoomDoc[];
  status: SessionState;
  /** Papers prepared for every registration (set by the prepare step). */
  papersReady: boolean;
  revision: number;
  amendments: AmendmentDoc[];
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
}

const roomSchema = new Schema<RoomDoc>({ code: { type: String, required: true }, name: { type: String, required: true }, seats: { type: Number, required: true }, proctorIds: { type: [String], default: [] }, supervisorId: String }, { _id: false });

const sessionSchema = new Schema<ExamSessionDoc>(
  {
    centreId: { type: Schema.Types.ObjectId, required: true },
    code: { type: String, required: true },
    batch: { type: String, required: true },
    title: { type: String, required: true },
    occupationCode: { type: String, required: true },
    occupationName: { type: String, required: true },
    standardId: { type: String, required: true },
    level: { type: Number, required: true },
    part: { type: String, enum: SESSION_PARTS, required: true },
    bankId: { type: Schema.Types.ObjectId, required: true },
    releaseId: Schema.Types.ObjectId,
    blueprintId: Schema.Types.ObjectId,
    mode: { type: String, enum: ['per-candidate', 'forms'], required: true },
    forms: { type: Number, default: 1 },
    formPaperIds: { type: [String], default: [] },
    startsAt: { type: Date, required: true },
    endsAt: { type: Date, required: true },
    durationMinutes: { type: Number, required: true },
    lateEntryMinutes: { type: Number, required: true },
    graceSeconds: { type: Number, required: true },
    showScore: { type: Boolean, default: false },
    screenSwitchLimit: { type: Number, default: 0 },
    multipleChoice: { type: String, enum: ['all-or-nothing', 'partial'], default: 'all-or-nothing' },
    admissionPattern: { type: String, required: true },
    rooms: { type: [roomSchema], default: [] },
    status: { type: String, enum: SESSION_STATES, default: 'draft' },
    papersReady: { type: Boolean, default: false },
    revision: { type: Number, default: 1 },
    amendments: { type: Schema.Types.Mixed, default: [] },
    createdBy: { type: String, required: true },
  },
  { collection: 'exam_sessions', timestamps: true, versionKey: false, minimize: false },
);
sessionSchema.index({ centreId: 1 });
sessionSchema.index({ code: 1 }, { unique: true });
sessionSchema.index({ status: 1 });
sessionSchema.index({ batch: 1 });
export const ExamSessionModel = mongoose.model<ExamSessionDoc>('ExamSession', sessionSchema);

export const REGISTRATION_STATES = ['registered', 'absent', 'void'] as const;

/** One candidate in one session: 准考证号, room and seat, check-in. Its id is also the attempt's. */
export interface RegistrationDoc {
  _id: mongoose.Types.ObjectId;
  sessionId: mongoose.Types.ObjectId;
  centreId: mongoose.Types.ObjectId;
  candidateId: mongoose.Types.ObjectId;
  name: string;
  idType: IdType;
  idMasked: string;
  /** Keyed hash of the ID number: candidate sign-in compares it, never the number itself. */
  idMatchKey: string;
  /** The photo shown at check-in and printed on the admission ticket (a `candidate_photos` id). */
  photoId?: string;
  admissionNo: string;
  serial: number;
  roomCode: string;
  seat: number;
  status: (typeof REGISTRATION_STATES)[number];
  /** The paper this candidate sits (set when papers are prepared). */
  paperId?: string;
  checkedInAt?: Date;
  checkedInBy?: string;
  /** Set by a failed sign-in: the next sign-in checks the lockout (a clean one need not). */
  signInFailedAt?: Date;
  /** `${sessionId}:${candidateId}`, unique: one registration per person per session. */
  sessionCandidate: string;
  createdAt: Date;
}

const registrationSchema = new Schema<RegistrationDoc>(
  {
    sessionId: { type: Schema.Types.ObjectId, required: true },
    centreId: { type: Schema.Types.ObjectId, required: true },
    candidateId: { type: Schema.Types.ObjectId, required: true },
    name: { type: String, required: true },
    idType: { type: String, required: true },
    idMasked: { type: String, required: true },
    idMatchKey: { type: String, required: true },
    photoId: String,
    admissionNo: { type: String, required: true },
    serial: { type: Number, required: true },
    roomCode: { type: String, required: true },
    seat: { type: Number, required: true },
    status: { type: String, enum: REGISTRATION_STATES, default: 'registered' },
    paperId: String,
    checkedInAt: Date,
    checkedInBy: String,
    signInFailedAt: Date,
    sessionCandidate: { type: String, required: true },
  },
  { collection: 'registrations', timestamps: { createdAt: true, updatedAt: false }, versionKey: false },
);
registrationSchema.index({ admissionNo: 1 }, { unique: true });
registrationSchema.index({ sessionId: 1 });
registrationSchema.index({ sessionCandidate: 1 }, { unique: true });
/** Told, with the filter, after every update or delete through the model: copies of registrations kept in memory listen. */
export const registrationWriteListeners: Array<(filter: Record<string, unknown>) => void> = [];
registrationSchema.post(['updateOne', 'updateMany', 'findOneAndUpdate', 'deleteOne', 'deleteMany'], { document: false, query: true }, function () {
  const filter = this.getFilter() as Record<string, unknown>;
  for (const listener of registrationWriteListeners) listener(filter);
});
export const RegistrationModel = mongoose.model<RegistrationDoc>('Registration', registrationSchema);

/** Guarded counters (`_id` names what is counted): admission serials per session. */
export interface CounterDoc {
  _id: string;
  value: number;
}
const counterSchema = new Schema<CounterDoc>({ _id: { type: String, required: true }, value: { type: Number, required: true } }, { collection: 'counters', versionKey: false });
export const CounterModel = mongoose.model<CounterDoc>('Counter', counterSchema);

/** 考场记录: what happened in a room, as proctors recorded it. Append-only. */
export interface RoomRecordDoc {
  _id: mongoose.Types.ObjectId;
  sessionId: mongoose.Types.ObjectId;
  roomCode: string;
  registrationId?: string;
  candidateName?: string;
  kind: 'check-in' | 'extend' | 'absent' | 'terminate' | 'note';
  detail: string;
  by: string;
  byName: string;
  at: Date;
}
const roomRecordSchema = new Schema<RoomRecordDoc>(
  {
    sessionId: { type: Schema.Types.ObjectId, required: true },
    roomCode: { type: String, required: true },
    registrationId: String,
    candidateName: String,
    kind: { type: String, required: true },
    detail: { type: String, default: '' },
    by: { type: String, required: true },
    byName: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { collection: 'room_records', versionKey: false },
);
roomRecordSchema.index({ sessionId: 1 });
export const RoomRecordModel = mongoose.model<RoomRecordDoc>('RoomRecord', roomRecordSchema);

/** A checked registration sheet waiting for its commit (the dry run's rows, all valid). */
export interface RegistrationImportDoc {
  _id: mongoose.Types.ObjectId;
  sessionId: mongoose.Types.ObjectId;
  rows: Array<{ name: string; idType: string; idNumber: string; roomCode?: string; photoId?: string }>;
  createdBy: string;
  createdAt: Date;
}
const registrationImportSchema = new Schema<RegistrationImportDoc>(
  { sessionId: { type: Schema.Types.ObjectId, required: true }, rows: { type: Schema.Types.Mixed, required: true }, createdBy: { type: String, required: true } },
  { collection: 'registration_imports', timestamps: { createdAt: true, updatedAt: false }, versionKey: false },
);
export const RegistrationImportModel = mongoose.model<RegistrationImportDoc>('RegistrationImport', registrationImportSchema);
