import { objectIdOr404 } from '../platform/ids';
import mongoose from 'mongoose';
import { findEach } from '../platform/find-each';
import { problems, HttpProblem } from '../platform/problem';
import type { Principal } from '../platform/routing';
import type { Page, PageQuery } from '../platform/pagination';
import { SYSTEM_ACTOR, type Actor } from '../audit/service';
import { withAudit } from '../audit/intents';
import type { Action } from '../identity/roles';
import { ItemModel, ItemVersionModel, ReleaseModel, ReleaseItemModel, type BankDoc, type ItemDoc, type ItemVersionDoc, type ReleaseDoc, type ReleaseItemDoc, type ReleaseProgress } from './model';
import { questionTypes } from '../question-types';
import { FACILITY_BY_DIFFICULTY, pointsOf } from './item-schema';
import { releaseNotes, releaseHash } from './release-notes';
import { coverageReport, type CoverageReport } from './coverage';
import { releaseView, type ReleaseProgressView, type ReleaseView } from './views';
import { visibleItems } from './items';
import type { BankDirectory } from './banks';

/** How long a release may take to build before start-up recovery treats it as interrupted. */
export const RELEASE_BUILD_LEASE_MS = 15 * 60_000;
/** Release rows written per insertMany; the build's progress is recorded after each. */
const RELEASE_CHUNK = 250;

/**
 * Releases: immutable snapshots of a bank's approved versions, with notes and coverage, and
 * the recovery of one interrupted while building.
 */
export class ReleaseDesk {
  constructor(private readonly banks: BankDirectory) {}

  /**
   * Publishes an immutable snapshot of the bank's approved, non-retired item versions. The
   * release is written as `building` (invisible), its items are added, then one update marks
   * it `published`. The unique (bank, number) index stops two concurrent publications.
   */
  async publishRelease(principal: Principal, bankId: string, comment: string, actor: Actor): Promise<ReleaseView> {
    const bank = await this.banks.bankFor(principal, bankId, 'releases.publish');
    const previous = await ReleaseModel.findOne({ bankId: bank._id, status: 'published' }).sort({ number: -1 }).lean();
    const latestAny = await ReleaseModel.findOne({ bankId: bank._id }).sort({ number: -1 }).lean();
    const number = (latestAny?.number ?? 0) + 1;
    const parentRelease = bank.parentBankId ? await ReleaseModel.findOne({ bankId: bank.parentBankId, status: 'published' }).sort({ number: -1 }).lean() : null;

    const items = (await ItemModel.find({ bankId: bank._id, retired: false, approvedVersion: { $ne: null }, ...(await visibleItems()) }, { _id: 1, code: 1, approvedVersion: 1 }).lean()) as Array<Pick<ItemDoc, '_id' | 'code' | 'approvedVersion'>>;
    if (items.length === 0) throw new HttpProblem(409, 'empty-release', 'The bank has no approved items to publish.');

    const releaseId = new mongoose.Types.ObjectId();
    const target = { type: 'release', id: String(releaseId), label: `${bank.code} #${number}` };
    const intent = { action: 'release.publish', target, details: {}, probe: { collection: 'releases', filter: { _id: releaseId, status: 'published' } }, leaseMs: RELEASE_BUILD_LEASE_MS };
    return withAudit(
      actor,
      intent,
      () => this.buildRelease(principal, bank, { releaseId, number, comment, items, previous: previous as ReleaseDoc | null, parentRelease: parentRelease as ReleaseDoc | null }),
      (built) => ({ action: 'release.publish', target, details: built.auditDetails }),
    ).then((built) => built.view);
  }

  /** The release of the bank being built right now, and how far it has got; null when none is. */
  async buildProgress(principal: Principal, bankId: string): Promise<ReleaseProgressView> {
    const bank = await this.banks.bankFor(principal, bankId, 'releases.publish');
    const building = await ReleaseModel.findOne({ bankId: bank._id, status: 'building' }, { number: 1, publishedAt: 1, progress: 1 }).sort({ number: -1 }).lean();
    if (!building) return null;
    const progress = building.progress ?? { stage: 'reading' as const, done: 0, total: 0 };
    return { number: building.number, startedAt: building.publishedAt.toISOString(), stage: progress.stage, done: progress.done, total: progress.total };
  }

  /**
   * What the next release would change against the last published one (added, changed, retired
   * item codes), so the page can warn before publishing a release identical to the last.
   */
  async pendingChanges(principal: Principal, bankId: string): Promise<{ previousNumber: number | null; added: number; changed: number; retired: number }> {
    const bank = await this.banks.bankFor(principal, bankId, 'releases.publish');
    const previous = await ReleaseModel.findOne({ bankId: bank._id, status: 'published' }).sort({ number: -1 }).lean();
    const items = await ItemModel.find({ bankId: bank._id, retired: false, approvedVersion: { $ne: null }, ...(await visibleItems()) }, { _id: 1, code: 1, approvedVersion: 1 }).lean();
    const previousRows = previous ? await ReleaseItemModel.find({ releaseId: previous._id }, { itemId: 1, version: 1, code: 1 }).lean() : [];
    const notes = releaseNotes(
      previousRows.map((p) => ({ itemId: String(p.itemId), version: p.version, code: p.code })),
      items.map((i) => ({ itemId: String(i._id), version: i.approvedVersion!, code: i.code })),
    );
    return { previousNumber: previous?.number ?? null, added: notes.added.length, changed: notes.changed.length, retired: notes.retired.length };
  }

  /** Writes the release `building`, pins its items, then flips it to `published` in one guarded update. */
  private async buildRelease(
    principal: Principal,
    bank: BankDoc,
    { releaseId, number, comment, items, previous, parentRelease }: { releaseId: mongoose.Types.ObjectId; number: number; comment: string; items: Array<Pick<ItemDoc, '_id' | 'code' | 'approvedVersion'>>; previous: ReleaseDoc | null; parentRelease: ReleaseDoc | null },
  ): Promise<{ view: ReleaseView; auditDetails: Record<string, unknown> }> {
    try {
      await ReleaseModel.create({
        _id: releaseId,
        bankId: bank._id,
        number,
        status: 'building',
        ...(parentRelease ? { parentReleaseId: parentRelease._id } : {}),
        itemCount: 0,
        countsByType: [],
        hash: '',
        notes: { added: [], changed: [], retired: [] },
        comment,
        publishedBy: principal.id,
        publishedByName: principal.displayName,
        publishedAt: new Date(),
        progress: { stage: 'reading', done: 0, total: items.length },
      });
    } catch (error) {
      if ((error as { code?: number }).code === 11000) throw problems.conflict('Another release of this bank is being published right now.');
      throw error;
    }
    try {
      // A release row is a pure function of its (immutable) item version, so the rows of the
      // previous release are reused for every item whose approved version did not change;
      // only new and changed items need their versions read. Those are few after the first
      // release and are looked up one by one (indexed equality); a first release reads the
      // bank's approved versions with one equality query instead. (An `$or` of (itemId,
      // version) pairs is evaluated document by document on FerretDB.)
      const previousRows = previous ? ((await ReleaseItemModel.find({ releaseId: previous._id }).lean()) as ReleaseItemDoc[]) : [];
      const key = (itemId: unknown, version: number | null) => `${String(itemId)}:${version}`;
      const reusable = new Map(previousRows.map((row) => [key(row.itemId, row.version), row]));
      const missing = items.filter((i) => !reusable.has(key(i._id, i.approvedVersion)));
      const versions = new Map<string, ItemVersionDoc>();
      const read =
        missing.length > items.length / 4
          ? await ItemVersionModel.find({ bankId: bank._id, state: 'approved' }).lean()
          : await findEach(ItemVersionModel, missing.map((i) => ({ itemId: i._id, version: i.approvedVersion! })));
      for (const v of read) if (v) versions.set(key(v.itemId, v.version), v as ItemVersionDoc);
      const pinned: Array<Omit<ReleaseItemDoc, '_id'>> = items.map((item) => {
        const reused = reusable.get(key(item._id, item.approvedVersion));
        if (reused) {
          const { _id, ...row } = reused;
          return { ...row, releaseId, code: item.code };
        }
        const version = versions.get(key(item._id, item.approvedVersion));
        if (!version) throw new Error(`release ${number} of bank ${bank.code}: approved version ${item.approvedVersion} of ${item.code} not found`);
        return releaseItemOf(releaseId, bank._id, item.code, version);
      });
      // Plain documents built above: written without mongoose's per-document casting, in
      // chunks; after each the building release records how many are written (the page polls it).
      const progress = (stage: ReleaseProgress['stage'], done: number) => ReleaseModel.updateOne({ _id: releaseId, status: 'building' }, { $set: { progress: { stage, done, total: pinned.length } } });
      await progress('writing', 0);
      for (let start = 0; start < pinned.length; start += RELEASE_CHUNK) {
        await ReleaseItemModel.collection.insertMany(pinned.slice(start, start + RELEASE_CHUNK) as Array<Record<string, unknown>>, { ordered: false });
        await progress(start + RELEASE_CHUNK >= pinned.length ? 'finishing' : 'writing', Math.min(pinned.length, start + RELEASE_CHUNK));
      }
      const notes = releaseNotes(
        previousRows.map((p) => ({ itemId: String(p.itemId), version: p.version, code: p.code })),
        pinned.map((p) => ({ itemId: String(p.itemId), version: p.version, code: p.code })),
      );
      const counts = new Map<string, number>();
      for (const p of pinned) counts.set(p.type, (counts.get(p.type) ?? 0) + 1);
      const published = await ReleaseModel.findOneAndUpdate(
        { _id: releaseId, status: 'building' },
        {
          $set: {
            status: 'published',
            itemCount: pinned.length,
            countsByType: [...counts].map(([type, count]) => ({ type, count })),
            hash: releaseHash(pinned.map((p) => ({ itemId: String(p.itemId), version: p.version, contentHash: p.contentHash }))),
            notes,
            publishedAt: new Date(),
          },
          $unset: { progress: '' },
        },
        { returnDocument: 'after', lean: true },
      );
      if (!published) throw problems.conflict('The release was interrupted and rolled back; publish again.');
      return { view: releaseView(published as ReleaseDoc, bank), auditDetails: { items: pinned.length, added: notes.added.length, changed: notes.changed.length, retired: notes.retired.length } };
    } catch (error) {
      await this.rollBackRelease(releaseId);
      throw error;
    }
  }

  private async rollBackRelease(releaseId: mongoose.Types.ObjectId): Promise<void> {
    await ReleaseItemModel.deleteMany({ releaseId });
    await ReleaseModel.deleteOne({ _id: releaseId, status: 'building' });
  }

  /**
   * At start-up: a release left `building` (the process died between its creation and the flip
   * to `published`) is rolled back, as an interrupted import is: its pinned items and the
   * building record go, so its number is free again and nothing half-built is ever seen.
   * Only releases older than `olderThanMs` (a build in progress elsewhere is left alone). Safe
   * on every instance.
   */
  async recoverInterruptedReleases(olderThanMs = RELEASE_BUILD_LEASE_MS): Promise<number> {
    const cutoff = new Date(Date.now() - olderThanMs);
    let recovered = 0;
    for (const release of await ReleaseModel.find({ status: 'building', publishedAt: { $lt: cutoff } }, { _id: 1, bankId: 1, number: 1 }).lean()) {
      await withAudit(SYSTEM_ACTOR, { action: 'release.rollback', target: { type: 'release', id: String(release._id), label: `#${release.number}` }, details: { bankId: String(release.bankId), reason: 'interrupted while building' } }, () =>
        this.rollBackRelease(release._id),
      );
      recovered += 1;
    }
    return recovered;
  }

  async listReleases(principal: Principal, bankId: string, query: PageQuery): Promise<Page<ReleaseView>> {
    const bank = await this.banks.bankFor(principal, bankId, 'bank.view');
    const filter: Record<string, unknown> = { bankId: bank._id, status: 'published' };
    const [docs, total] = await Promise.all([
      ReleaseModel.find(filter).sort({ number: -1 }).skip((query.page - 1) * query.pageSize).limit(query.pageSize).lean(),
      ReleaseModel.countDocuments(filter),
    ]);
    return { items: docs.map((d) => releaseView(d as ReleaseDoc, bank)), total, page: query.page, pageSize: query.pageSize };
  }

  async releaseFor(principal: Principal, bankId: string, releaseId: string, action: Action = 'bank.view'): Promise<{ bank: BankDoc; release: ReleaseDoc }> {
    const bank = await this.banks.bankFor(principal, bankId, action);
    const release = await ReleaseModel.findOne({ _id: objectIdOr404(releaseId, 'release'), bankId: bank._id, status: 'published' }).lean();
    if (!release) throw problems.notFound('No such release.');
    return { bank, release: release as ReleaseDoc };
  }

  async getRelease(principal: Principal, bankId: string, releaseId: string): Promise<ReleaseView> {
    const { bank, release } = await this.releaseFor(principal, bankId, releaseId);
    return releaseView(release, bank);
  }

  /** Coverage of a release against the standard's appraisal points (the bank's minimum per cell). */
  async coverage(principal: Principal, bankId: string, releaseId: string): Promise<CoverageReport> {
    const { bank, release } = await this.releaseFor(principal, bankId, releaseId);
    const { points } = await this.banks.pointsOf(bank);
    const items = await this.releaseItems(release._id);
    return coverageReport(points.values(), items, bank.coverageMinimum);
  }

  /** A published release of the bank: the given one, or the latest; null when there is none. */
  async publishedRelease(bankId: mongoose.Types.ObjectId | string, releaseId?: string): Promise<ReleaseDoc | null> {
    const bank = new mongoose.Types.ObjectId(String(bankId));
    const release = releaseId
      ? await ReleaseModel.findOne({ _id: objectIdOr404(releaseId, 'release'), bankId: bank, status: 'published' }).lean()
      : await ReleaseModel.findOne({ bankId: bank, status: 'published' }).sort({ number: -1 }).lean();
    return (release as ReleaseDoc | null) ?? null;
  }

  /** A release by id, whatever its bank (papers pin the release they were drawn from). */
  async releaseById(releaseId: mongoose.Types.ObjectId | string): Promise<ReleaseDoc | null> {
    return ((await ReleaseModel.findById(releaseId).lean()) as ReleaseDoc | null) ?? null;
  }

  /** Item codes of the given items in a release (and its parent release, for sub-banks). */
  async releaseItemCodes(release: Pick<ReleaseDoc, '_id' | 'parentReleaseId'>, itemIds: readonly string[]): Promise<Map<string, string>> {
    const releases = [release._id, ...(release.parentReleaseId ? [release.parentReleaseId] : [])];
    const filters = releases.flatMap((releaseId) => itemIds.map((id) => ({ releaseId, itemId: new mongoose.Types.ObjectId(id) })));
    const rows = await findEach(ReleaseItemModel, filters, { projection: { itemId: 1, code: 1 } });
    return new Map(rows.flatMap((r) => (r ? [[String(r.itemId), r.code] as const] : [])));
  }

  /** The pinned items of a release (own items; a sub-bank's also lists the parent's). */
  async releaseItems(releaseId: mongoose.Types.ObjectId): Promise<ReleaseItemDoc[]> {
    const release = await ReleaseModel.findById(releaseId).lean();
    if (!release) return [];
    const own = (await ReleaseItemModel.find({ releaseId }).lean()) as ReleaseItemDoc[];
    if (!release.parentReleaseId) return own;
    const inherited = (await ReleaseItemModel.find({ releaseId: release.parentReleaseId }).lean()) as ReleaseItemDoc[];
    return [...inherited, ...own];
  }
}

export function releaseItemOf(releaseId: mongoose.Types.ObjectId, bankId: mongoose.Types.ObjectId, code: string, v: ItemVersionDoc): Omit<ReleaseItemDoc, '_id'> {
  const content = v.content;
  const module = questionTypes.of(content);
  return {
    releaseId,
    bankId,
    itemId: v.itemId,
    version: v.version,
    contentHash: v.contentHash,
    code,
    type: content.type,
    pointCode: content.pointCode,
    levels: content.levels,
    difficulty: content.difficulty,
    facility: FACILITY_BY_DIFFICULTY[content.difficulty] ?? 0.6,
    ...(content.enemyGroup ? { enemyGroup: content.enemyGroup } : {}),
    optionCount: module.optionCount(content),
    keepOptionOrder: module.keepsOptionOrder(content),
    points: pointsOf(content),
  };
}
