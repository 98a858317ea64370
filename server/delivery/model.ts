import mongoose, { Schema } from 'mongoose';
import type { StoredAnswerField } from './answer-record';
import type { LegacyScore, StoredScore } from './score-record';

export const ATTEMPT_STATES = ['in_progress', 'submitted', 'terminated'] as const;
export type AttemptState = (typeof ATTEMPT_STATES)[number];
export type EndReason = 'candidate' | 'deadline' | 'proctor';

/** One position's score, pinned to the exact item version (versions are immutable, so is the key). */
export interface ScoredPosition {
  position: number;
  itemId: string;
  version: number;
  type: string;
  section: number;
  status: 'scored' | 'needs-marking' | 'unanswered';
  points: number;
  max: number;
  /** The answer as scored, kept where the machine scored it (statistics read it from here). */
  answer?: unknown;
}

export interface AttemptScore {
  /** Machine-scored points; subjective items count 0 until marked. */
  total: number;
  max: number;
  sections: Array<{ section: number; title: string; points: number; max: number }>;
  items: ScoredPosition[];
  /** Positions left for examiners (short answers): the theory total is final only when 0. */
  needsMarking: number;
  answered: number;
  scoredAt: Date;
}

/**
 * A candidate's sitting: small on purpose (the sweep reads every open one). Its `_id` is the
 * registration's, so starting twice cannot create two attempts. Answers live in the answer sheet.
 */
export interface AttemptDoc {
  _id: mongoose.Types.ObjectId;
  sessionId: mongoose.Types.ObjectId;
  centreId: mongoose.Types.ObjectId;
  roomCode: string;
  /** What the exam screen's header shows, copied from the registration at the start. */
  candidate: { admissionNo: string; name: string; seat: number };
  paperId: string;
  /** Per-candidate option order on a shared form paper (mode `forms`); empty for 一人一卷. */
  optionSeed: string;
  startedAt: Date;
  deadline: Date;
  extensionSeconds: number;
  status: AttemptState;
  endedAt?: Date;
  endReason?: EndReason;
  terminationReason?: string;
  screenSwitches: number;
  flagged: boolean;
  /** As stored (rows packed): read it through `scoreOf` in score-record.ts. */
  score?: StoredScore | LegacyScore;
  /** The deadline sweep's batch that scored it (absent when the candidate or a proctor ended it). */
  sweepBatch?: string;
}

const attemptSchema = new Schema<AttemptDoc>(
  {
    _id: { type: Schema.Types.ObjectId, required: true },
    sessionId: { type: Schema.Types.ObjectId, required: true },
    centreId: { type: Schema.Types.ObjectId, required: true },
    roomCode: { type: String, required: true },
    candidate: { type: Schema.Types.Mixed, required: true },
    paperId: { type: String, required: true },
    optionSeed: { type: String, default: '' },
    startedAt: { type: Date, required: true },
    deadline: { type: Date, required: true },
    extensionSeconds: { type: Number, default: 0 },
    status: { type: String, enum: ATTEMPT_STATES, required: true },
    endedAt: Date,
    endReason: String,
    terminationReason: String,
    screenSwitches: { type: Number, default: 0 },
    flagged: { type: Boolean, default: false },
    score: Schema.Types.Mixed,
    sweepBatch: String,
  },
  { collection: 'attempts', versionKey: false, minimize: false },
);
attemptSchema.index({ status: 1 });
attemptSchema.index({ sessionId: 1 });
export const AttemptModel = mongoose.model<AttemptDoc>('Attempt', attemptSchema);

/** One saved answer: the value, the client's sequence number and when the server stored it. */
export interface StoredAnswer {
  v: unknown;
  s: number;
  t: Date;
}

/**
 * The answers of one attempt (`_id` = the attempt's). A save is one update of this document by
 * `_id`, guarded in the same filter by `closed`, the deadline and the position's sequence number,
 * so a save can never land after the sheet closed, after the deadline, or over a newer answer.
 * Keys of `answers` are positions (validated integers), never user text.
 */
export interface AnswerSheetDoc {
  _id: mongoose.Types.ObjectId;
  /** The attempt's session, so that a sweep or a statistics run reads a session's sheets in one indexed query. */
  sessionId?: mongoose.Types.ObjectId;
  deadline: Date;
  graceSeconds: number;
  /** deadline + grace: the filter of a save compares against this one field. */
  acceptUntil: Date;
  closed: boolean;
  closedAt?: Date;
  /** Position → the answer as stored (see answer-record.ts): read it through `answersOf`. */
  answers: Record<string, StoredAnswerField>;
  lastSeenAt?: Date;
}

const answerSheetSchema = new Schema<AnswerSheetDoc>(
  {
    _id: { type: Schema.Types.ObjectId, required: true },
    sessionId: Schema.Types.ObjectId,
    deadline: { type: Date, required: true },
    graceSeconds: { type: Number, required: true },
    acceptUntil: { type: Date, required: true },
    closed: { type: Boolean, default: false },
    closedAt: Date,
    answers: { type: Schema.Types.Mixed, default: {} },
    lastSeenAt: Date,
  },
  { collection: 'answer_sheets', versionKey: false, minimize: false },
);
answerSheetSchema.index({ sessionId: 1 });
export const AnswerSheetModel = mongoose.model<AnswerSheetDoc>('AnswerSheet', answerSheetSchema);

/**
 * Who scores an attempt at its deadline: one claim per attempt (`_id` = the attempt's), inserted
 * by a sweep before it scores. The unique `_id` lets exactly one of several sweeps racing have
 * each attempt, on MongoDB and on FerretDB alike (an insert is atomic where FerretDB's guarded
 * updates are a read followed by a write); claims come in one insertMany per batch. A claim whose
 * sweep died before writing is taken over once `at` is older than the lease.
 */
export interface ScoringClaimDoc {
  _id: mongoose.Types.ObjectId;
  batch: string;
  at: Date;
}
export const ScoringClaimModel = mongoose.model<ScoringClaimDoc>(
  'ScoringClaim',
  new Schema<ScoringClaimDoc>({ _id: { type: Schema.Types.ObjectId, required: true }, batch: { type: String, required: true }, at: { type: Date, required: true } }, { collection: 'scoring_claims', versionKey: false }),
);

export const EVENT_TYPES = ['blur', 'focus', 'paste', 'fullscreen-exit', 'fullscreen-enter', 'offline', 'online', 'reload'] as const;
export type AttemptEventType = (typeof EVENT_TYPES)[number];
/** What counts as a screen switch for the session's limit. */
export const SCREEN_SWITCHES: ReadonlySet<AttemptEventType> = new Set(['blur', 'fullscreen-exit']);

/** Focus loss, paste and leaving full screen: recorded, never blocked. */
export interface AttemptEventDoc {
  _id: mongoose.Types.ObjectId;
  attemptId: mongoose.Types.ObjectId;
  sessionId: mongoose.Types.ObjectId;
  type: AttemptEventType;
  at: Date;
  clientAt?: Date;
}
const attemptEventSchema = new Schema<AttemptEventDoc>(
  {
    attemptId: { type: Schema.Types.ObjectId, required: true },
    sessionId: { type: Schema.Types.ObjectId, required: true },
    type: { type: String, enum: EVENT_TYPES, required: true },
    at: { type: Date, required: true },
    clientAt: Date,
  },
  { collection: 'attempt_events', versionKey: false },
);
attemptEventSchema.index({ attemptId: 1 });
export const AttemptEventModel = mongoose.model<AttemptEventDoc>('AttemptEvent', attemptEventSchema);
