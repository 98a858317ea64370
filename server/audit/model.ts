import mongoose, { Schema } from 'mongoose';
import type { AuditActor, AuditTarget } from './chain';

export interface AuditEntryDoc {
  _id: mongoose.Types.ObjectId;
  seq: number;
  at: Date;
  actor: AuditActor;
  action: string;
  target: AuditTarget;
  /** JSON values only (see chain.ts JsonValue); typed loosely to keep mongoose's types shallow. */
  details: Record<string, unknown>;
  ip?: string;
  requestId?: string;
  prevHash: string;
  hash: string;
}

const auditEntrySchema = new Schema<AuditEntryDoc>(
  {
    seq: { type: Number, required: true },
    at: { type: Date, required: true },
    actor: { type: Schema.Types.Mixed, required: true },
    action: { type: String, required: true },
    target: { type: Schema.Types.Mixed, required: true },
    details: { type: Schema.Types.Mixed, default: {} },
    ip: String,
    requestId: String,
    prevHash: { type: String, required: true },
    hash: { type: String, required: true },
  },
  { collection: 'audit_entries', versionKey: false, minimize: false, strict: 'throw' },
);
// The unique sequence number is what keeps the chain free of forks and gaps under concurrency.
auditEntrySchema.index({ seq: 1 }, { unique: true });
auditEntrySchema.index({ at: -1 });
auditEntrySchema.index({ action: 1, seq: -1 });
auditEntrySchema.index({ 'actor.id': 1, seq: -1 });
auditEntrySchema.index({ 'target.type': 1, 'target.id': 1, seq: -1 });

export const AuditEntryModel = mongoose.model<AuditEntryDoc>('AuditEntry', auditEntrySchema);

/**
 * Where the chain ends: the last entry's seq and hash, one document read by `_id`. Appends
 * read it instead of sorting the log (which FerretDB does by reading the whole collection).
 * It may lag behind the log by an entry after a crash; appenders repair it (see recordAudit).
 */
export interface AuditHeadDoc {
  _id: 'chain';
  seq: number;
  hash: string;
}

const auditHeadSchema = new Schema<AuditHeadDoc>(
  { _id: { type: String, required: true }, seq: { type: Number, required: true }, hash: { type: String, required: true } },
  { collection: 'audit_head', versionKey: false },
);

export const AuditHeadModel = mongoose.model<AuditHeadDoc>('AuditHead', auditHeadSchema);
