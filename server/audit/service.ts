import { setTimeout as sleep } from 'node:timers/promises';
import type { Principal } from '../platform/routing';
import { currentRequestContext } from '../platform/request-context';
import { escapeRegex } from '../platform/pagination';
import { AuditEntryModel, AuditHeadModel, type AuditEntryDoc } from './model';
import { BankModel, ItemModel, MediaModel, ReleaseModel } from '../bank/model';
import { BlueprintModel, PaperModel } from '../assembly/model';
import { StandardModel } from '../standards/model';
import { UserModel } from '../identity/model';
import { roleHasAction, type Role } from '../identity/roles';
import { GENESIS_HASH, hashEntry, verifyChain, type AuditActor, type AuditTarget, type ChainReport, type ChainedEntry, type ChainedFields, type JsonValue } from './chain';

/** Who did something, as services receive it from routes (or `system` for jobs and CLIs). */
export interface Actor {
  principal: Principal | null;
  ip?: string;
  /** For acts before sign-in (failed logins): the name that was tried. */
  attemptedName?: string;
}

export const SYSTEM_ACTOR: Actor = { principal: null };

export interface AuditRecord {
  action: string;
  target: AuditTarget;
  details?: Record<string, unknown>;
}

function actorOf(actor: Actor): AuditActor {
  if (actor.principal) return { kind: actor.principal.kind, id: actor.principal.id, name: actor.principal.displayName };
  if (actor.attemptedName !== undefined) return { kind: 'anonymous', name: actor.attemptedName };
  return actor === SYSTEM_ACTOR ? { kind: 'system' } : { kind: 'anonymous' };
}

const MAX_ATTEMPTS = 200;
const HEAD_ID = 'chain';

/** The chain's head; created once per database from the log's last entry. */
async function readHead(): Promise<{ seq: number; hash: string }> {
  const head = await AuditHeadModel.findById(HEAD_ID).lean();
  if (head) return head;
  const last = await AuditEntryModel.findOne({}, { seq: 1, hash: 1 }).sort({ seq: -1 }).lean();
  await AuditHeadModel.updateOne({ _id: HEAD_ID }, { $setOnInsert: { seq: last?.seq ?? 0, hash: last?.hash ?? GENESIS_HASH } }, { upsert: true }).catch((error: { code?: number }) => {
    if (error.code !== 11000) throw error;
  });
  return (await AuditHeadModel.findById(HEAD_ID).lean())!;
}

/** Moves the head from `from` to the entry after it; a no-op when someone did already. */
async function advanceHead(from: number, to: { seq: number; hash: string }): Promise<void> {
  await AuditHeadModel.updateOne({ _id: HEAD_ID, seq: from }, { $set: { seq: to.seq, hash: to.hash } });
}

/**
 * Appends one entry to the hash chain. Each attempt reads the head (one document by `_id`)
 * and inserts the next sequence number; the unique index on `seq` lets exactly one concurrent
 * writer win each number. A loser finds the winner's entry by its seq, moves the head on (so
 * a head left behind by a crash is repaired too) and retries. No transactions, no gaps, no
 * forks, and the cost does not grow with the log.
 */
export async function recordAudit(actor: Actor, record: AuditRecord): Promise<ChainedEntry> {
  const details = JSON.parse(JSON.stringify(record.details ?? {})) as { [key: string]: JsonValue };
  const target = JSON.parse(JSON.stringify(record.target)) as AuditTarget;
  const requestId = currentRequestContext()?.requestId;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const head = await readHead();
    const at = new Date();
    const fields: ChainedFields = {
      seq: head.seq + 1,
      at: at.toISOString(),
      actor: actorOf(actor),
      action: record.action,
      target,
      details,
      ...(actor.ip ? { ip: actor.ip } : {}),
      ...(requestId ? { requestId } : {}),
      prevHash: head.hash,
    };
    const hash = hashEntry(fields);
    try {
      await AuditEntryModel.collection.insertOne({ ...fields, at, hash });
      await advanceHead(head.seq, { seq: fields.seq, hash });
      return { ...fields, hash };
    } catch (error) {
      if ((error as { code?: number }).code !== 11000) throw error;
      const taken = await AuditEntryModel.findOne({ seq: fields.seq }, { seq: 1, hash: 1 }).lean();
      if (taken) await advanceHead(head.seq, taken);
      await sleep(Math.floor(Math.random() * Math.min(50, 2 + attempt * 2)));
    }
  }
  throw new Error('audit log: could not append after repeated contention');
}

export function toChained(doc: AuditEntryDoc): ChainedEntry & { id: string } {
  return {
    id: String(doc._id),
    seq: doc.seq,
    at: doc.at.toISOString(),
    actor: doc.actor,
    action: doc.action,
    target: doc.target,
    details: doc.details as { [key: string]: JsonValue },
    ...(doc.ip !== undefined ? { ip: doc.ip } : {}),
    ...(doc.requestId !== undefined ? { requestId: doc.requestId } : {}),
    prevHash: doc.prevHash,
    hash: doc.hash,
  };
}

/** Streams the whole log in sequence order through the pure chain verifier. */
export async function verifyAuditChain(): Promise<ChainReport> {
  async function* entries() {
    for await (const doc of AuditEntryModel.find({}).sort({ seq: 1 }).lean().cursor({ batchSize: 500 })) {
      yield toChained(doc as AuditEntryDoc);
    }
  }
  return verifyChain(entries());
}

export interface AuditQuery {
  actor?: string;
  action?: string;
  targetType?: string;
  targetId?: string;
  from?: Date;
  to?: Date;
  /** Leave out these actions (the page leaves out reads of the log unless asked). */
  excludeActions?: readonly string[];
  page: number;
  pageSize: number;
}

/**
 * Who `text` may name: a user id, a username (any case), or any part of a display name. Entries
 * keep the actor's id and the name they had then, so both are matched.
 */
async function actorFilter(text: string): Promise<Record<string, unknown>> {
  const needle = text.trim();
  const pattern = { $regex: escapeRegex(needle), $options: 'i' };
  const users = await UserModel.find({ $or: [{ username: needle.toLowerCase() }, { displayName: pattern }, { username: pattern }] }, { _id: 1 }).limit(200).lean();
  return { $or: [{ 'actor.id': needle }, { 'actor.name': pattern }, ...(users.length ? [{ 'actor.id': { $in: users.map((u) => String(u._id)) } }] : [])] };
}

/**
 * What part of the trail a reader may see, as a filter on entries: `{}` for a global grant
 * (admin), otherwise only entries whose target lies in one of the reader's scopes. A
 * supervisor's occupation scope covers that occupation, its standards, its banks (sub-banks
 * included) and their items, media, releases, blueprints and papers. Users, grants, sign-ins,
 * candidates and other readers' queries lie in no such scope. Centre and session scopes cover
 * nothing yet (no sessions exist); they will add their sessions' targets here.
 */
export async function auditScopeFilter(principal: Principal): Promise<Record<string, unknown>> {
  const grants = principal.roles.filter((g) => roleHasAction(g.role as Role, 'audit.read'));
  if (grants.some((g) => g.scope.type === 'global')) return {};
  const occupations = [...new Set(grants.filter((g) => g.scope.type === 'occupation' && g.scope.id).map((g) => g.scope.id!))];
  if (!occupations.length) return { _id: { $exists: false } };
  const ids = (docs: Array<{ _id: unknown }>) => docs.map((d) => String(d._id));
  const [banks, standards] = await Promise.all([
    BankModel.find({ occupationCode: { $in: occupations } }, { _id: 1 }).lean(),
    StandardModel.find({ occupationCode: { $in: occupations } }, { _id: 1 }).lean(),
  ]);
  const bankIds = banks.map((b) => b._id);
  const [items, media, releases, blueprints, papers] = await Promise.all([
    ItemModel.find({ bankId: { $in: bankIds } }, { _id: 1 }).lean(),
    MediaModel.find({ bankId: { $in: bankIds } }, { _id: 1 }).lean(),
    ReleaseModel.find({ bankId: { $in: bankIds } }, { _id: 1 }).lean(),
    BlueprintModel.find({ bankId: { $in: bankIds } }, { _id: 1 }).lean(),
    PaperModel.find({ bankId: { $in: bankIds } }, { _id: 1 }).lean(),
  ]);
  const targets: Array<[string, string[]]> = [
    ['occupation', occupations],
    ['standard', ids(standards)],
    ['bank', ids(banks)],
    ['item', ids(items)],
    ['media', ids(media)],
    ['release', ids(releases)],
    ['blueprint', ids(blueprints)],
    ['paper', ids(papers)],
  ];
  return { $or: targets.filter(([, list]) => list.length).map(([type, list]) => ({ 'target.type': type, 'target.id': { $in: list } })) };
}

/** Newest first. `action` ending in `*` matches a prefix (`bank.*`). Only entries in the reader's scope. */
export async function queryAudit(query: AuditQuery, reader: Principal): Promise<{ items: Array<ChainedEntry & { id: string }>; total: number; page: number; pageSize: number }> {
  const filter: Record<string, unknown> = { ...(await auditScopeFilter(reader)) };
  const and: Array<Record<string, unknown>> = [];
  if (query.actor) and.push(await actorFilter(query.actor));
  if (query.action) filter.action = query.action.endsWith('*') ? { $regex: `^${escapeRegex(query.action.slice(0, -1))}` } : query.action;
  else if (query.excludeActions?.length) filter.action = { $nin: [...query.excludeActions] };
  if (query.targetType) filter['target.type'] = query.targetType;
  if (query.targetId) filter['target.id'] = query.targetId;
  if (query.from || query.to) filter.at = { ...(query.from ? { $gte: query.from } : {}), ...(query.to ? { $lte: query.to } : {}) };
  if (and.length) filter.$and = and;
  const [docs, total] = await Promise.all([
    AuditEntryModel.find(filter)
      .sort({ seq: -1 })
      .skip((query.page - 1) * query.pageSize)
      .limit(query.pageSize)
      .lean(),
    AuditEntryModel.countDocuments(filter),
  ]);
  return { items: docs.map((d) => toChained(d as AuditEntryDoc)), total, page: query.page, pageSize: query.pageSize };
}

/** The actor of a request: who is signed in, and from which address. */
export function actorFrom(ctx: { auth: { principal: Principal } | null; req: { ip?: string | undefined } }): Actor {
  return { principal: ctx.auth?.principal ?? null, ...(ctx.req.ip ? { ip: ctx.req.ip } : {}) };
}
