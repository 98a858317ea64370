import mongoose, { Schema } from 'mongoose';
import type { Blueprint, Paper } from './engine';
import type { Infeasibility } from './engine';

/** A stored 组卷方案 of a bank; papers keep a snapshot of the version they were drawn with. */
export interface BlueprintDoc {
  _id: mongoose.Types.ObjectId;
  bankId: mongoose.Types.ObjectId;
  name: string;
  level: number;
  part: 'theory' | 'skill';
  /** `derived`: cells follow the standard's weight table (largest remainder); `override`: set by hand. */
  distribution: 'derived' | 'override';
  blueprint: Blueprint;
  revision: number;
  feasibility?: { releaseId: string; releaseNumber: number; ok: boolean; infeasible: Infeasibility[]; checkedAt: Date };
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
}

const blueprintSchema = new Schema<BlueprintDoc>(
  {
    bankId: { type: Schema.Types.ObjectId, required: true },
    name: { type: String, required: true },
    level: { type: Number, required: true },
    part: { type: String, enum: ['theory', 'skill'], required: true },
    distribution: { type: String, enum: ['derived', 'override'], required: true },
    blueprint: { type: Schema.Types.Mixed, required: true },
    revision: { type: Number, default: 1 },
    feasibility: { type: Schema.Types.Mixed },
    createdBy: { type: String, required: true },
  },
  { collection: 'blueprints', timestamps: true, versionKey: false, minimize: false },
);
blueprintSchema.index({ bankId: 1, level: 1 });
export const BlueprintModel = mongoose.model<BlueprintDoc>('Blueprint', blueprintSchema);

/**
 * How often each item of a release was used on papers, frozen at one moment. Papers record the
 * snapshot they were drawn with, because exposure steers the draw and reproduction needs it.
 */
export interface ExposureSnapshotDoc {
  _id: mongoose.Types.ObjectId;
  releaseId: mongoose.Types.ObjectId;
  counts: Array<{ itemId: string; n: number }>;
  paperCount: number;
  createdAt: Date;
}

const exposureSnapshotSchema = new Schema<ExposureSnapshotDoc>(
  {
    releaseId: { type: Schema.Types.ObjectId, required: true },
    counts: { type: Schema.Types.Mixed, default: [] },
    paperCount: { type: Number, required: true },
  },
  { collection: 'exposure_snapshots', timestamps: { createdAt: true, updatedAt: false }, versionKey: false, minimize: false },
);
exposureSnapshotSchema.index({ releaseId: 1, createdAt: -1 });
export const ExposureSnapshotModel = mongoose.model<ExposureSnapshotDoc>('ExposureSnapshot', exposureSnapshotSchema);

/** An immutable paper: the engine's record plus what it was drawn from, so it can be rebuilt. */
export interface PaperDoc {
  _id: mongoose.Types.ObjectId;
  bankId: mongoose.Types.ObjectId;
  releaseId: mongoose.Types.ObjectId;
  releaseNumber: number;
  releaseHash: string;
  blueprintId: mongoose.Types.ObjectId;
  blueprintRevision: number;
  blueprintName: string;
  /** The normalised blueprint exactly as the engine used it. */
  blueprint: Blueprint;
  /** `none` when no paper had been drawn from the release before. */
  exposureSnapshotId: string;
  /**
   * The measured difficulties the pool used (a statistics difficulty snapshot, and the responses
   * an item needed); absent on papers drawn by the writers' estimates alone.
   */
  difficulty?: { snapshotId: string; minResponses: number };
  paper: Paper;
  /** Papers drawn together as parallel forms share a set id. */
  formSetId?: string;
  label: string;
  createdBy: string;
  createdByName: string;
  createdAt: Date;
}

const paperSchema = new Schema<PaperDoc>(
  {
    bankId: { type: Schema.Types.ObjectId, required: true },
    releaseId: { type: Schema.Types.ObjectId, required: true },
    releaseNumber: { type: Number, required: true },
    releaseHash: { type: String, required: true },
    blueprintId: { type: Schema.Types.ObjectId, required: true },
    blueprintRevision: { type: Number, required: true },
    blueprintName: { type: String, required: true },
    blueprint: { type: Schema.Types.Mixed, required: true },
    exposureSnapshotId: { type: String, required: true },
    difficulty: Schema.Types.Mixed,
    paper: { type: Schema.Types.Mixed, required: true },
    formSetId: String,
    label: { type: String, default: '' },
    createdBy: { type: String, required: true },
    createdByName: { type: String, required: true },
  },
  { collection: 'papers', timestamps: { createdAt: true, updatedAt: false }, versionKey: false, minimize: false },
);
paperSchema.index({ bankId: 1, createdAt: -1 });
paperSchema.index({ releaseId: 1 });
paperSchema.index({ formSetId: 1 });
export const PaperModel = mongoose.model<PaperDoc>('Paper', paperSchema);
