import { LRUCache } from 'lru-cache';
import mongoose from 'mongoose';
import { RegistrationModel, registrationWriteListeners, type RegistrationDoc } from './model';

/** How old a session's copy of its registrations may be before the hot paths read it again. */
export const REGISTRATION_SNAPSHOT_SECONDS = 30;
/** Sessions whose copies are kept fresh at once (the ones starting now, on this instance). */
const MAX_KEPT_FRESH = 16;

type ReadRegistrations = (sessionId: mongoose.Types.ObjectId) => Promise<RegistrationDoc[]>;
const readRegistrations: ReadRegistrations = (sessionId) => RegistrationModel.find({ sessionId }).lean() as Promise<RegistrationDoc[]>;

interface Snapshot {
  loadedAt: number;
  byId: Map<string, RegistrationDoc>;
  byAdmissionNo: Map<string, RegistrationDoc>;
}

/**
 * The registrations of the sessions under way, read one session at a time (one indexed query)
 * and kept in memory, so that the synchronised start costs the database no reads for sign-in or
 * start. What a copy may miss:
 * - a registration added since it was read: not in the copy, so it is read by itself;
 * - a change made by this process (缺考, 作废, papers prepared, a photo): the copy is dropped at once;
 * - a change made by another instance: seen once the copy is {@link REGISTRATION_SNAPSHOT_SECONDS}
 *   old. The start is refused after the late-entry cut-off anyway, which is when 缺考 is marked.
 *
 * A copy that has gone stale sends every lookup to the database until it is read again, so the
 * sessions about to start are kept fresh ({@link keepFresh}): read again in the background once
 * half their allowed age has passed, until the late-entry cut-off. Without it, a session opened
 * a few minutes early met its synchronised start with a stale copy, and the first seconds' sign-ins
 * each read the database while the copy was read again (their p99 1–3 s against 0.2 s after).
 */
export class RegistrationDirectory {
  private readonly sessions = new LRUCache<string, Snapshot>({ max: 64 });
  /** Which session's copy to look in, by 准考证号 and by registration id. */
  private readonly sessionOf = new LRUCache<string, string>({ max: 400_000 });
  /** Bumped by every invalidation, so that a read begun before a change is not kept after it. */
  private readonly generation = new Map<string, number>();
  private readonly loading = new Map<string, Promise<Snapshot>>();
  /** The sessions kept fresh, each until its time (ms). */
  private readonly kept = new Map<string, number>();
  private keeper: NodeJS.Timeout | undefined;

  constructor(
    private readonly maxAgeMs = REGISTRATION_SNAPSHOT_SECONDS * 1000,
    private readonly clock: () => number = () => Date.now(),
    private readonly read: ReadRegistrations = readRegistrations,
  ) {}

  /**
   * Keeps a session's copy fresh until `until` (its late-entry cut-off): a background check every
   * sixth of the allowed age reads it again once it is half that old. Idempotent; the latest
   * `until` wins; at most {@link MAX_KEPT_FRESH} sessions (the one ending soonest gives way).
   */
  keepFresh(sessionId: mongoose.Types.ObjectId | string, until: Date): void {
    const key = String(sessionId);
    if (until.getTime() <= this.clock() || (this.kept.get(key) ?? 0) >= until.getTime()) return;
    this.kept.set(key, until.getTime());
    if (this.kept.size > MAX_KEPT_FRESH) {
      const soonest = [...this.kept].sort((a, b) => a[1] - b[1])[0]![0];
      this.kept.delete(soonest);
    }
    if (!this.keeper) {
      this.keeper = setInterval(() => this.refreshKept(), this.maxAgeMs / 6);
      this.keeper.unref();
    }
  }

  /** The keeper's check (public for tests): reads again each kept copy at least half its allowed age old, forgets those past their time. */
  refreshKept(): void {
    const now = this.clock();
    for (const [key, until] of this.kept) {
      if (until <= now) {
        this.kept.delete(key);
        continue;
      }
      // A read already under way is shared (see `load`), so a slow one is never doubled.
      const snapshot = this.sessions.get(key);
      if (!snapshot || now - snapshot.loadedAt >= this.maxAgeMs / 2) void this.load(key).catch(() => undefined);
    }
    if (!this.kept.size && this.keeper) {
      clearInterval(this.keeper);
      this.keeper = undefined;
    }
  }

  /** The sessions being kept fresh (for tests and diagnostics). */
  keptFresh(): string[] {
    return [...this.kept.keys()];
  }

  /** Reads a session's registrations into memory (one query); concurrent callers share the read. */
  load(sessionId: mongoose.Types.ObjectId | string): Promise<Snapshot> {
    const key = String(sessionId);
    const pending = this.loading.get(key);
    if (pending) return pending;
    const started = this.clock();
    const generation = this.generation.get(key) ?? 0;
    const read = this.read(new mongoose.Types.ObjectId(key))
      .then((docs) => {
        const snapshot: Snapshot = { loadedAt: started, byId: new Map(docs.map((d) => [String(d._id), d])), byAdmissionNo: new Map(docs.map((d) => [d.admissionNo, d])) };
        if ((this.generation.get(key) ?? 0) !== generation) return snapshot;
        this.sessions.set(key, snapshot);
        for (const d of docs) {
          this.sessionOf.set(d.admissionNo, key);
          this.sessionOf.set(String(d._id), key);
        }
        return snapshot;
      })
      .finally(() => {
        if (this.loading.get(key) === read) this.loading.delete(key);
      });
    this.loading.set(key, read);
    return read;
  }

  /** The registration with this 准考证号 (upper case), from the copy when fresh, else from the database. */
  async byAdmissionNo(admissionNo: string): Promise<RegistrationDoc | null> {
    const hit = this.freshCopyHolding(admissionNo)?.byAdmissionNo.get(admissionNo);
    if (hit) return hit;
    const doc = (await RegistrationModel.findOne({ admissionNo }).lean()) as RegistrationDoc | null;
    if (doc) this.refreshInBackground(doc.sessionId);
    return doc;
  }

  /** The registration with this id, from a fresh copy of its session when there is one. */
  async byId(id: string): Promise<RegistrationDoc | null> {
    const hit = this.freshCopyHolding(id)?.byId.get(id);
    if (hit) return hit;
    if (!mongoose.isValidObjectId(id)) return null;
    const doc = (await RegistrationModel.findById(id).lean()) as RegistrationDoc | null;
    if (doc) this.refreshInBackground(doc.sessionId);
    return doc;
  }

  /** Forgets the copy of the session a write touched (by `sessionId`, or by a registration's `_id`; anything else forgets every copy). */
  forgetWritten(filter: Record<string, unknown>): void {
    const sessionId = filter.sessionId;
    const id = filter._id;
    if (sessionId instanceof mongoose.Types.ObjectId || typeof sessionId === 'string') return this.invalidate(sessionId);
    if (id instanceof mongoose.Types.ObjectId || typeof id === 'string') {
      const session = this.sessionOf.get(String(id));
      if (session) this.invalidate(session);
      return;
    }
    for (const key of [...this.sessions.keys()]) this.invalidate(key);
  }

  /** Forgets a session's copy after this process changed one of its registrations. */
  invalidate(sessionId: mongoose.Types.ObjectId | string): void {
    const key = String(sessionId);
    this.sessions.delete(key);
    this.loading.delete(key);
    this.generation.set(key, (this.generation.get(key) ?? 0) + 1);
  }

  /** The copy of the session that holds this 准考证号 or id, if it is fresh enough. */
  private freshCopyHolding(key: string): Snapshot | undefined {
    const sessionId = this.sessionOf.get(key);
    const snapshot = sessionId ? this.sessions.get(sessionId) : undefined;
    if (!sessionId || !snapshot) return undefined;
    if (this.clock() - snapshot.loadedAt > this.maxAgeMs) {
      this.refreshInBackground(sessionId);
      return undefined;
    }
    return snapshot;
  }

  private refreshInBackground(sessionId: mongoose.Types.ObjectId | string): void {
    const key = String(sessionId);
    const snapshot = this.sessions.get(key);
    if (snapshot && this.clock() - snapshot.loadedAt <= this.maxAgeMs) return;
    void this.load(key).catch(() => undefined);
  }
}

/**
 * The one directory of this process: every write through the registration model (缺考, 作废,
 * check-in, papers prepared, a photo, a failed sign-in) forgets the copy it touched.
 */
export const registrationDirectory = new RegistrationDirectory();
registrationWriteListeners.push((filter) => registrationDirectory.forgetWritten(filter));
