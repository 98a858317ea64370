import mongoose, { Schema } from 'mongoose';
import type { AttemptScore } from '../delivery/model';
import { scoreOf, type LegacyScore, type StoredScore } from '../delivery/score-record';
import type { MarkingPlan, TaskState } from './rules';

/** How a session's subjective items are marked (single or double, tolerance); set before marking starts. */
export interface MarkingPlanDoc extends MarkingPlan {
  /** The session's id. */
  _id: string;
  setBy: string;
  setByName: string;
  at: Date;
}
const planSchema = new Schema<MarkingPlanDoc>(
  { _id: { type: String, required: true }, double: { type: Boolean, required: true }, tolerance: { type: Number, required: true }, setBy: { type: String, required: true }, setByName: { type: String, required: true }, at: { type: Date, required: true } },
  { collection: 'marking_plans', versionKey: false },
);
export const MarkingPlanModel = mongoose.model<MarkingPlanDoc>('MarkingPlan', planSchema);

export interface MarkDoc {
  round: number;
  examinerId: string;
  examinerName: string;
  points: number;
  comment?: string;
  at: Date;
}

/**
 * One subjective answer to mark: one position of one submitted attempt. Examiners see it by its
 * anonymous code (密号) only; the attempt (= registration) id stays on the server.
 */
export interface MarkingTaskDoc {
  _id: mongoose.Types.ObjectId;
  /** `${attemptId}:${position}`, unique: one task per answer, whoever creates it first. */
  key: string;
  sessionId: mongoose.Types.ObjectId;
  attemptId: string;
  /** 密号: a keyed hash of the attempt, the same on all of its answers; never the name or 准考证号. */
  anonCode: string;
  position: number;
  itemId: string;
  version: number;
  max: number;
  response: string;
  /** The plan pinned when the task was created. */
  plan: MarkingPlan;
  marks: MarkDoc[];
  markCount: number;
  examinerIds: string[];
  state: TaskState;
  final?: number;
  createdAt: Date;
}
const taskSchema = new Schema<MarkingTaskDoc>(
  {
    key: { type: String, required: true },
    sessionId: { type: Schema.Types.ObjectId, required: true },
    attemptId: { type: String, required: true },
    anonCode: { type: String, required: true },
    position: { type: Number, required: true },
    itemId: { type: String, required: true },
    version: { type: Number, required: true },
    max: { type: Number, required: true },
    response: { type: String, default: '' },
    plan: { type: Schema.Types.Mixed, required: true },
    marks: { type: Schema.Types.Mixed, default: [] },
    markCount: { type: Number, default: 0 },
    examinerIds: { type: [String], default: [] },
    state: { type: String, required: true },
    final: Number,
    createdAt: { type: Date, required: true },
  },
  { collection: 'marking_tasks', versionKey: false, minimize: false },
);
taskSchema.index({ key: 1 }, { unique: true });
taskSchema.index({ sessionId: 1 });
export const MarkingTaskModel = mongoose.model<MarkingTaskDoc>('MarkingTask', taskSchema);

/**
 * A new score of a submitted attempt after an item's key was corrected (a regrade). The attempt
 * itself is never edited: the newest rescore (highest `seq`) is its score from then on, each
 * position pinned to the item version it was scored with.
 */
export interface AttemptRescoreDoc {
  /** `${attemptId}:${seq}`: unique, so two regrades cannot both be the attempt's next score. */
  _id: string;
  attemptId: string;
  sessionId: mongoose.Types.ObjectId;
  seq: number;
  regradeId: string;
  /** As stored: see score-record.ts. */
  score: StoredScore | LegacyScore;
  createdAt: Date;
}
const rescoreSchema = new Schema<AttemptRescoreDoc>(
  { _id: { type: String, required: true }, attemptId: { type: String, required: true }, sessionId: { type: Schema.Types.ObjectId, required: true }, seq: { type: Number, required: true }, regradeId: { type: String, required: true }, score: { type: Schema.Types.Mixed, required: true }, createdAt: { type: Date, required: true } },
  { collection: 'attempt_rescores', versionKey: false, minimize: false },
);
rescoreSchema.index({ sessionId: 1 });
export const AttemptRescoreModel = mongoose.model<AttemptRescoreDoc>('AttemptRescore', rescoreSchema);

/** The newest score of each attempt: its latest rescore, else what submission recorded. */
export async function currentScores(sessionId: mongoose.Types.ObjectId): Promise<Map<string, { score: AttemptScore; seq: number }>> {
  const rescores = (await AttemptRescoreModel.find({ sessionId }).lean()) as AttemptRescoreDoc[];
  const latest = new Map<string, { score: AttemptScore; seq: number }>();
  for (const r of rescores) if ((latest.get(r.attemptId)?.seq ?? 0) < r.seq) latest.set(r.attemptId, { score: scoreOf(r.score), seq: r.seq });
  return latest;
}
