import mongoose, { Schema } from 'mongoose';
import { COMBINATION_METHODS, type CombinationRule } from './rules';

/** One examiner group (考评组): the rooms whose candidates it scores, its examiners and its checker (核分人). */
export interface PanelDoc {
  code: string;
  name: string;
  roomCodes: string[];
  examinerIds: string[];
  examinerNames: string[];
  checkerId: string;
  checkerName: string;
}

/** How a skill or review session is scored: its panels and its combination rule. `_id` is the session's. */
export interface ScoringPlanDoc {
  _id: mongoose.Types.ObjectId;
  centreId: mongoose.Types.ObjectId;
  combination: CombinationRule;
  panels: PanelDoc[];
  revision: number;
  updatedBy: string;
  createdAt: Date;
  updatedAt: Date;
}

const panelSchema = new Schema<PanelDoc>(
  {
    code: { type: String, required: true },
    name: { type: String, required: true },
    roomCodes: { type: [String], default: [] },
    examinerIds: { type: [String], default: [] },
    examinerNames: { type: [String], default: [] },
    checkerId: { type: String, required: true },
    checkerName: { type: String, required: true },
  },
  { _id: false },
);

const planSchema = new Schema<ScoringPlanDoc>(
  {
    _id: { type: Schema.Types.ObjectId, required: true },
    centreId: { type: Schema.Types.ObjectId, required: true },
    combination: { method: { type: String, enum: COMBINATION_METHODS, required: true }, trim: { type: Number, default: 1 } },
    panels: { type: [panelSchema], default: [] },
    revision: { type: Number, default: 1 },
    updatedBy: { type: String, required: true },
  },
  { collection: 'scoring_plans', timestamps: true, versionKey: false },
);
planSchema.index({ centreId: 1 });
export const ScoringPlanModel = mongoose.model<ScoringPlanDoc>('ScoringPlan', planSchema);

export interface SheetRowDoc {
  deduction: number;
  remark: string;
}

export interface ReopeningDoc {
  at: Date;
  by: string;
  byName: string;
  reason: string;
}

/**
 * 评分记录表: one examiner's entries for one candidate and one task (position on the paper; 0
 * for a panel review). Draft until signed; a signed sheet changes only after a reopening.
 */
export interface ScoringSheetDoc {
  _id: mongoose.Types.ObjectId;
  /** `${registrationId}:${position}:${examinerId}`, unique: one sheet per examiner per task. */
  sheetKey: string;
  sessionId: mongoose.Types.ObjectId;
  registrationId: string;
  panelCode: string;
  position: number;
  examinerId: string;
  examinerName: string;
  rows: SheetRowDoc[];
  vetoed: boolean;
  remarks: string;
  /** The task's score on this sheet, scaled to the task's points on the paper. */
  score: number;
  /** The task's points on the paper (100 for a panel review). */
  maxScore: number;
  status: 'draft' | 'signed';
  signedAt?: Date;
  revision: number;
  reopenings: ReopeningDoc[];
  createdAt: Date;
  updatedAt: Date;
}

const sheetSchema = new Schema<ScoringSheetDoc>(
  {
    sheetKey: { type: String, required: true },
    sessionId: { type: Schema.Types.ObjectId, required: true },
    registrationId: { type: String, required: true },
    panelCode: { type: String, required: true },
    position: { type: Number, required: true },
    examinerId: { type: String, required: true },
    examinerName: { type: String, required: true },
    rows: { type: [{ deduction: Number, remark: String, _id: false }], default: [] },
    vetoed: { type: Boolean, default: false },
    remarks: { type: String, default: '' },
    score: { type: Number, required: true },
    maxScore: { type: Number, required: true },
    status: { type: String, enum: ['draft', 'signed'], default: 'draft' },
    signedAt: Date,
    revision: { type: Number, default: 1 },
    reopenings: { type: Schema.Types.Mixed, default: [] },
  },
  { collection: 'scoring_sheets', timestamps: true, versionKey: false, minimize: false },
);
sheetSchema.index({ sheetKey: 1 }, { unique: true });
sheetSchema.index({ sessionId: 1 });
sheetSchema.index({ registrationId: 1 });
export const ScoringSheetModel = mongoose.model<ScoringSheetDoc>('ScoringSheet', sheetSchema);

/**
 * The checker's (核分人) confirmation of one candidate's totals. `_id` is the registration's. It
 * names the sheet revisions it confirmed, so a sheet changed since makes the part pending again.
 */
export interface ConfirmationDoc {
  _id: mongoose.Types.ObjectId;
  sessionId: mongoose.Types.ObjectId;
  status: 'confirmed' | 'reopened';
  /** Out of 100, one decimal. */
  total: number;
  tasks: Array<{ position: number; combined: number; maxScore: number; scores: number[] }>;
  sheets: Array<{ id: string; revision: number }>;
  confirmedBy: string;
  confirmedByName: string;
  confirmedAt: Date;
  reopenings: ReopeningDoc[];
}

const confirmationSchema = new Schema<ConfirmationDoc>(
  {
    _id: { type: Schema.Types.ObjectId, required: true },
    sessionId: { type: Schema.Types.ObjectId, required: true },
    status: { type: String, enum: ['confirmed', 'reopened'], required: true },
    total: { type: Number, required: true },
    tasks: { type: Schema.Types.Mixed, default: [] },
    sheets: { type: Schema.Types.Mixed, default: [] },
    confirmedBy: { type: String, required: true },
    confirmedByName: { type: String, required: true },
    confirmedAt: { type: Date, required: true },
    reopenings: { type: Schema.Types.Mixed, default: [] },
  },
  { collection: 'score_confirmations', versionKey: false, minimize: false },
);
confirmationSchema.index({ sessionId: 1 });
export const ConfirmationModel = mongoose.model<ConfirmationDoc>('ScoreConfirmation', confirmationSchema);
