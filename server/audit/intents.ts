import mongoose, { Schema } from 'mongoose';

const { EJSON } = mongoose.mongo.BSON;
import { HttpProblem } from '../platform/problem';
import { currentRequestContext } from '../platform/request-context';
import { canonicalJson, type AuditActor } from './chain';
import { AuditEntryModel } from './model';
import { recordAudit, SYSTEM_ACTOR, type Actor, type AuditRecord } from './service';

/**
 * Audit intents: a saved change is never left unaudited, on MongoDB without transactions.
 *
 * `withAudit` writes the intent (what will be audited, and a probe that finds the change once
 * it is made) before the change, makes the change, appends the entry to the hash chain and
 * removes the intent. When the process dies after the change, or the append fails (the client
 * still gets its answer: the change is saved), the intent stays. `completePendingAudits` — at
 * start and every minute — takes intents whose owner's lease has run out, and:
 *
 * - appends nothing and drops the intent when the probe finds no change (it never happened);
 * - appends the entry (marked `recovered`) when the probe finds the change, or when there is
 *   no probe (marked `unconfirmed`: better an entry too many than a change unaudited);
 * - never appends twice: an entry with the same action, target, actor and details since the
 *   intent was written counts as the append having happened.
 *
 * Claims go through one guarded update on `leaseUntil`, so several instances may recover at
 * once.
 */

export interface AuditProbe {
  /** Collection name and a filter that matches once the change is made. */
  collection: string;
  filter: Record<string, unknown>;
}

interface AuditIntentDoc {
  _id: mongoose.Types.ObjectId;
  actor: AuditActor;
  ip?: string;
  requestId?: string;
  action: string;
  target: AuditRecord['target'];
  details: Record<string, unknown>;
  /** The probe, its filter as Extended JSON (operators such as `$gte` cannot be stored as keys). */
  probe?: { collection: string; filter: string };
  createdAt: Date;
  leaseUntil: Date;
}

const auditIntentSchema = new Schema<AuditIntentDoc>(
  {
    actor: { type: Schema.Types.Mixed, required: true },
    ip: String,
    requestId: String,
    action: { type: String, required: true },
    target: { type: Schema.Types.Mixed, required: true },
    details: { type: Schema.Types.Mixed, default: {} },
    probe: { type: Schema.Types.Mixed },
    createdAt: { type: Date, required: true },
    leaseUntil: { type: Date, required: true },
  },
  { collection: 'audit_intents', versionKey: false, minimize: false },
);
auditIntentSchema.index({ leaseUntil: 1 });
export const AuditIntentModel = mongoose.model<AuditIntentDoc>('AuditIntent', auditIntentSchema);

/** How long the writer of an intent owns it before recovery may take it. */
export const INTENT_LEASE_MS = 60_000;

function auditActorOf(actor: Actor): AuditActor {
  if (actor.principal) return { kind: actor.principal.kind, id: actor.principal.id, name: actor.principal.displayName };
  if (actor.attemptedName !== undefined) return { kind: 'anonymous', name: actor.attemptedName };
  return actor === SYSTEM_ACTOR ? { kind: 'system' } : { kind: 'anonymous' };
}

/** The Actor that `recordAudit` turns back into the stored actor. */
function actorFromStored(stored: AuditActor, ip: string | undefined): Actor {
  const withIp = ip ? { ip } : {};
  if (stored.kind === 'system') return SYSTEM_ACTOR;
  if (stored.kind === 'anonymous') return { principal: null, ...(stored.name !== undefined ? { attemptedName: stored.name } : {}), ...withIp };
  return { principal: { kind: stored.kind, id: stored.id ?? '', displayName: stored.name ?? '', roles: [], tokenVersion: 0 }, ...withIp };
}

const plain = (value: unknown) => JSON.parse(JSON.stringify(value ?? {})) as Record<string, unknown>;

/**
 * Makes a change with its audit entry. `intent` is what is audited if the process dies after
 * the change; `final` (from the change's result) what is audited when all goes well, or
 * undefined when the change turned out to change nothing (no entry then).
 */
export async function withAudit<T>(actor: Actor, intent: AuditRecord & { probe?: AuditProbe; leaseMs?: number }, change: () => Promise<T>, final?: (result: T) => AuditRecord | undefined): Promise<T> {
  const now = new Date();
  const requestId = currentRequestContext()?.requestId;
  const { probe, leaseMs = INTENT_LEASE_MS, ...record } = intent;
  const doc = await AuditIntentModel.create({
    actor: auditActorOf(actor),
    ...(actor.ip ? { ip: actor.ip } : {}),
    ...(requestId ? { requestId } : {}),
    action: record.action,
    target: plain(record.target),
    details: plain(record.details),
    ...(probe ? { probe: { collection: probe.collection, filter: EJSON.stringify(probe.filter) } } : {}),
    createdAt: now,
    leaseUntil: new Date(now.getTime() + leaseMs),
  });
  let result: T;
  try {
    result = await change();
  } catch (error) {
    // A refusal or a duplicate key wrote nothing; anything else may have, and recovery
    // decides with the probe.
    const wroteNothing = error instanceof HttpProblem || (error as { code?: unknown }).code === 11000;
    if (wroteNothing || !probe) await AuditIntentModel.deleteOne({ _id: doc._id }).catch(() => undefined);
    throw error;
  }
  try {
    const entry = final ? final(result) : record;
    if (entry) await recordAudit(actor, entry);
    await AuditIntentModel.deleteOne({ _id: doc._id });
  } catch {
    // The change is saved; its intent stays and completePendingAudits appends it.
  }
  return result;
}

async function changeLanded(probe: { collection: string; filter: string }): Promise<boolean> {
  const db = mongoose.connection.db;
  if (!db) throw new Error('database not connected');
  const filter = EJSON.parse(probe.filter) as Record<string, unknown>;
  return (await db.collection(probe.collection).findOne(filter, { projection: { _id: 1 } })) !== null;
}

/** Whether an entry for the intent is in the chain: same action, target and actor, and the intent's details among the entry's. */
async function alreadyAppended(intent: AuditIntentDoc): Promise<boolean> {
  const candidates = await AuditEntryModel.find({ 'target.type': intent.target.type, 'target.id': intent.target.id, at: { $gte: intent.createdAt } }, { action: 1, actor: 1, details: 1 }).lean();
  const wanted = Object.entries(intent.details).map(([key, value]) => [key, canonicalJson(value as never)] as const);
  return candidates.some((e) => e.action === intent.action && e.actor.id === intent.actor.id && wanted.every(([key, value]) => key in e.details && canonicalJson(e.details[key] as never) === value));
}

/** Completes the intents whose lease has run out; returns how many entries it appended. */
export async function completePendingAudits(now: () => Date = () => new Date()): Promise<number> {
  let appended = 0;
  for (;;) {
    const at = now();
    const intent = (await AuditIntentModel.findOneAndUpdate({ leaseUntil: { $lt: at } }, { $set: { leaseUntil: new Date(at.getTime() + INTENT_LEASE_MS) } }, { returnDocument: 'after', lean: true })) as AuditIntentDoc | null;
    if (!intent) return appended;
    const landed = intent.probe ? await changeLanded(intent.probe) : undefined;
    if (landed !== false && !(await alreadyAppended(intent))) {
      await recordAudit(actorFromStored(intent.actor, intent.ip), {
        action: intent.action,
        target: intent.target,
        details: { ...intent.details, recovered: landed === true ? 'confirmed' : 'unconfirmed', ...(intent.requestId ? { requestId: intent.requestId } : {}) },
      });
      appended += 1;
    }
    await AuditIntentModel.deleteOne({ _id: intent._id });
  }
}
