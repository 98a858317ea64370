import { setTimeout as sleep } from 'node:timers/promises';
import type { Principal } from '../platform/routing';
import { currentRequestContext } from '../platform/request-context';
import { GroupCommit, type Waiting } from '../platform/group-commit';
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
export function recordAudit(actor: Actor, record: AuditRecord): Promise<ChainedEntry> {
  const details = JSON.parse(JSON.stringify(record.details ?? {})) as { [key: string]: JsonValue };
  const target = JSON.parse(JSON.stringify(record.target)) as AuditTarget;
  const requestId = currentRequestContext()?.requestId;
  return appends.submit({ actor, action: record.action, target, details, requestId });
}

interface PendingEntry {
  actor: Actor;
  action: string;
  target: AuditTarget;
  details: { [key: string]: JsonValue };
  requestId: string | undefined;
}
type WaitingEntry = Waiting<PendingEntry, ChainedEntry>;

/**
 * Group commit (see platform/group-commit): appends that arrive while one is being written wait for the next batch, which
 * is written as consecutive entries with one ordered insert. Each caller's promise resolves once
 * its entry is stored, so nothing is acknowledged before it is durable; under a burst (an exam's
 * synchronised start) the chain costs a few writes per batch instead of a race per entry.
 */
const appends = new GroupCommit<PendingEntry, ChainedEntry>(appendBatch);

async function appendBatch(batch: WaitingEntry[]): Promise<void> {
  let pending = batch;
  for (let attempt = 0; attempt < MAX_ATTEMPTS && pending.length; attempt++) {
    const head = await readHead();
    let previous = { seq: head.seq, hash: head.hash };
    const at = new Date();
    const entries = pending.map((w) => {
      const fields: ChainedFields = {
        seq: previous.seq + 1,
        at: at.toISOString(),
        actor: actorOf(w.input.actor),
        action: w.input.action,
        target: w.input.target,
        details: w.input.details,
        ...(w.input.actor.ip ? { ip: w.input.actor.ip } : {}),
        ...(w.input.requestId ? { requestId: w.input.requestId } : {}),
        prevHash: previous.hash,
      };
      const hash = hashEntry(fields);
      previous = { seq: fields.seq, hash };
      return { w, fields, hash };
    });
    try {
      await AuditEntryModel.collection.insertMany(entries.map((e) => ({ ...e.fields, at, hash: e.hash })), { ordered: true });
      await advanceHead(head.seq, previous);
      for (const e of entries) e.w.resolve({ ...e.fields, hash: e.hash });
      return;
    } catch (error) {
      if ((error as { code?: number }).code !== 11000) throw error;
      // Another instance took a number. The entries stored before the clash are ours (same
      // seq and hash): they are done; the rest go again on top of the winner's entry.
      let committed = 0;
      for (const e of entries) {
        const stored = await AuditEntryModel.findOne({ seq: e.fields.seq }, { hash: 1 }).lean();
        if (!stored || stored.hash !== e.hash) break;
        committed += 1;
        e.w.resolve({ ...e.fields, hash: e.hash });
      }
      const lastOurs = committed ? { seq: entries[committed - 1]!.fields.seq, hash: entries[committed - 1]!.hash } : { seq: head.seq, hash: head.hash };
      const taken = await AuditEntryModel.findOne({ seq: lastOurs.seq + 1 }, { seq: 1, hash: 1 }).lean();
      await advanceHead(head.seq, taken ?? lastOurs);
      pending = pending.slice(committed);
      await sleep(Math.floor(Math.random() * Math.min(50, 2 + attempt * 2)));
    }
  }
  if (pending.length) throw new Error('audit log: could not append after repeated contention');
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
