import mongoose, { Schema } from 'mongoose';
import type { DubiousReason, OptionRate } from './engine';
import type { RaschItemStatus } from './engine';

/** Which responses a run counts: one session's, or every session's that sat papers of a release. */
export type RunKind = 'session' | 'release';

/**
 * The statistics of one item version from one run, as written onto the version
 * (`statistics.session` or `statistics.release`). The version's content stays immutable; only
 * this sub-document is replaced by a later run of the same kind.
 */
export interface VersionStatisticsSlot {
  runId: string;
  basis: { kind: RunKind; id: string; label: string };
  n: number;
  answered: number;
  facility: number;
  itemRest: number | null;
  upperLower: number | null;
  options: OptionRate[];
  omitted: { count: number; rate: number };
  dubious: DubiousReason[];
  /** Release runs only: the Rasch difficulty (logits, mean item difficulty 0) and its facility equivalent. */
  rasch?: { status: RaschItemStatus; difficulty: number | null; se: number | null; facility: number | null };
  computedAt: Date;
}

export interface VersionStatistics {
  session?: VersionStatisticsSlot;
  release?: VersionStatisticsSlot;
}

export type RunStatus = 'running' | 'done' | 'failed';
export type RunStage = 'queued' | 'reading' | 'computing' | 'rasch' | 'writing' | 'done';

/** One computation: who asked, its progress while it runs, and its summary once done. */
export interface StatisticsRunDoc {
  _id: mongoose.Types.ObjectId;
  kind: RunKind;
  targetId: mongoose.Types.ObjectId;
  targetLabel: string;
  bankId: mongoose.Types.ObjectId;
  /** Releases whose items the run measured (a session's papers come from one). */
  releaseIds: mongoose.Types.ObjectId[];
  status: RunStatus;
  stage: RunStage;
  progress: { done: number; total: number };
  startedBy: string;
  startedByName: string;
  startedAt: Date;
  finishedAt?: Date;
  error?: string;
  summary?: {
    candidates: number;
    items: number;
    dubious: number;
    papers: Array<{ paperId: string; candidates: number; items: number; kr20: number | null }>;
    rasch?: { iterations: number; converged: boolean; extremePersons: number; meanAbility: number; estimated: number };
  };
  /** Once done: each measured version's statistics as written onto it. */
  items?: Array<VersionStatisticsSlot & { itemId: string; version: number; code: string; type: string }>;
}

const runSchema = new Schema<StatisticsRunDoc>(
  {
    kind: { type: String, enum: ['session', 'release'], required: true },
    targetId: { type: Schema.Types.ObjectId, required: true },
    targetLabel: { type: String, required: true },
    bankId: { type: Schema.Types.ObjectId, required: true },
    releaseIds: { type: [Schema.Types.ObjectId], default: [] },
    status: { type: String, enum: ['running', 'done', 'failed'], required: true },
    stage: { type: String, required: true },
    progress: { type: Schema.Types.Mixed, required: true },
    startedBy: { type: String, required: true },
    startedByName: { type: String, required: true },
    startedAt: { type: Date, required: true },
    finishedAt: Date,
    error: String,
    summary: Schema.Types.Mixed,
    items: Schema.Types.Mixed,
  },
  { collection: 'statistics_runs', versionKey: false, minimize: false },
);
runSchema.index({ targetId: 1 });
runSchema.index({ bankId: 1 });
export const StatisticsRunModel = mongoose.model<StatisticsRunDoc>('StatisticsRun', runSchema);

/**
 * One run at a time per target: `_id` is `session:<id>` or `release:<id>`; taken by one guarded
 * upsert, held until `leaseUntil` (renewed while the run makes progress), released at the end.
 */
export interface StatisticsLockDoc {
  _id: string;
  runId: mongoose.Types.ObjectId;
  leaseUntil: Date;
}
export const StatisticsLockModel = mongoose.model<StatisticsLockDoc>(
  'StatisticsLock',
  new Schema<StatisticsLockDoc>({ _id: { type: String, required: true }, runId: { type: Schema.Types.ObjectId, required: true }, leaseUntil: { type: Date, required: true } }, { collection: 'statistics_locks', versionKey: false }),
);

/** What assembly needs of one version's measured difficulty, as of a snapshot. */
export interface MeasuredDifficulty {
  itemId: string;
  version: number;
  session?: { n: number; facility: number };
  release?: { n: number; facility: number; raschFacility: number | null };
}

/**
 * The measured difficulties of a release's items, as of the end of a run. Immutable: papers
 * pin the snapshot they were drawn with, so any paper can be rebuilt after later runs.
 */
export interface DifficultySnapshotDoc {
  _id: mongoose.Types.ObjectId;
  releaseId: mongoose.Types.ObjectId;
  runId: mongoose.Types.ObjectId;
  items: MeasuredDifficulty[];
  createdAt: Date;
}
const snapshotSchema = new Schema<DifficultySnapshotDoc>(
  {
    releaseId: { type: Schema.Types.ObjectId, required: true },
    runId: { type: Schema.Types.ObjectId, required: true },
    items: { type: Schema.Types.Mixed, default: [] },
    createdAt: { type: Date, required: true },
  },
  { collection: 'difficulty_snapshots', versionKey: false, minimize: false },
);
snapshotSchema.index({ releaseId: 1, createdAt: -1 });
export const DifficultySnapshotModel = mongoose.model<DifficultySnapshotDoc>('DifficultySnapshot', snapshotSchema);
