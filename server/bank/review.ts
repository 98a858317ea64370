import { findEach } from '../platform/find-each';
import { objectIdOr404 } from '../platform/ids';
import mongoose from 'mongoose';
import { problems, HttpProblem } from '../platform/problem';
import type { Principal } from '../platform/routing';
import type { Page, PageQuery } from '../platform/pagination';
import type { Actor } from '../audit/service';
import { withAudit } from '../audit/intents';
import type { Action } from '../identity/roles';
import { BankModel, ItemModel, ItemVersionModel, type ItemDoc } from './model';
import { bankScopesOf } from './access';
import { refuseTransition, TRANSITIONS, type Transition } from './workflow';
import { itemSummary, type ItemDetail, type ItemSummary } from './views';
import { visibleItems, type ItemStore } from './items';
import { touchBankItems } from './item-list';
import { isUnplaced, placedGuard, unplacedRefusal } from './placement';

/**
 * Review (审题): the queue of others' submissions, the workflow transitions (submit, withdraw,
 * approve, reject; nobody reviews their own version) and retirement.
 */
/** The short checklist a reviewer ticks with each decision (科学性、规范性、答案唯一、与鉴定点相符). */
export const REVIEW_CHECKS = ['scientific', 'conventions', 'uniqueAnswer', 'matchesPoint'] as const;
export type ReviewCheck = (typeof REVIEW_CHECKS)[number];

export type ReviewQueueEntry = ItemSummary & { bankCode: string; submittedBy: string; submittedAt: string };

export class ReviewDesk {
  constructor(private readonly items: ItemStore) {}

  /** The review queue: latest versions submitted by others, in banks the reviewer covers. */
  /**
   * Others' submissions the reviewer may decide, oldest first, each with who submitted it and
   * when (the submitted version, looked up by its key).
   */
  async reviewQueue(principal: Principal, query: PageQuery & { bankId?: string }): Promise<Page<ReviewQueueEntry>> {
    const scopes = bankScopesOf(principal, 'items.review');
    const bankFilter: Record<string, unknown> = scopes.all
      ? {}
      : { $or: [{ _id: { $in: scopes.bankIds.map((id) => new mongoose.Types.ObjectId(id)) } }, { occupationCode: { $in: scopes.occupationCodes } }] };
    if (query.bankId) bankFilter._id = objectIdOr404(query.bankId, 'bank');
    const banks = await BankModel.find(bankFilter, { code: 1 }).lean();
    const codes = new Map(banks.map((b) => [String(b._id), b.code]));
    const filter: Record<string, unknown> = { bankId: { $in: banks.map((b) => b._id) }, latestState: 'submitted', retired: false, latestAuthorId: { $ne: principal.id }, ...(await visibleItems()) };
    const [docs, total] = await Promise.all([
      ItemModel.find(filter).sort({ updatedAt: 1 }).skip((query.page - 1) * query.pageSize).limit(query.pageSize).lean(),
      ItemModel.countDocuments(filter),
    ]);
    const versions = await findEach(ItemVersionModel, docs.map((d) => ({ itemId: d._id, version: d.latestVersion })), { projection: { authorName: 1, submittedAt: 1, createdAt: 1 } });
    const items = docs.map((d, i) => ({
      ...itemSummary(d as ItemDoc, true),
      bankCode: codes.get(String(d.bankId)) ?? '',
      submittedBy: versions[i]?.authorName ?? '',
      submittedAt: (versions[i]?.submittedAt ?? versions[i]?.createdAt ?? d.updatedAt).toISOString(),
    }));
    return { items, total, page: query.page, pageSize: query.pageSize };
  }

  /**
   * Moves a version through the workflow. The item document is the guard: one update that
   * only matches while the version is still the latest and in the expected state.
   */
  async transition(principal: Principal, itemId: string, version: number, transition: Transition, comment: string | undefined, actor: Actor, checklist: readonly ReviewCheck[] = []): Promise<ItemDetail> {
    const checks = REVIEW_CHECKS.filter((c) => checklist.includes(c));
    // Comments keep their lines, with one kind of line break whatever the browser sent.
    comment = comment?.replace(/\r\n?/g, '\n');
    const action: Action = transition === 'approve' || transition === 'reject' ? 'items.review' : 'items.write';
    const { item } = await this.items.itemFor(principal, itemId, action);
    const current = await ItemVersionModel.findOne({ itemId: item._id, version }).lean();
    if (!current) throw problems.notFound(`No version ${version}.`);
    const refusal = refuseTransition(transition, { version, latestVersion: item.latestVersion, state: item.latestVersion === version ? item.latestState : current.state, authorId: current.authorId, retired: item.retired, unplaced: isUnplaced(item) }, principal.id, comment);
    if (refusal) {
      if (refusal.code === 'comment-required') throw problems.validation([{ path: 'body.comment', message: refusal.message }]);
      if (refusal.code === 'unplaced') throw unplacedRefusal();
      throw new HttpProblem(refusal.code === 'self-review' ? 403 : 409, refusal.code, refusal.message);
    }
    const { from, to } = TRANSITIONS[transition];
    const set: Record<string, unknown> = { latestState: to };
    if (transition === 'approve') set.approvedVersion = version;
    const audit = {
      action: `item.${transition}`,
      target: { type: 'item', id: itemId, label: item.code },
      details: { version, ...(comment ? { comment: comment.slice(0, 500) } : {}), ...(checks.length ? { checklist: checks } : {}) },
      probe: { collection: 'items', filter: { _id: item._id, latestVersion: version, latestState: to } },
    };
    await withAudit(actor, audit, async () => {
      // Nothing unplaced moves towards approval, even if it were placed and unplaced meanwhile.
      const guard = transition === 'submit' || transition === 'approve' ? placedGuard() : {};
      const moved = await ItemModel.updateOne({ _id: item._id, latestVersion: version, latestState: from, retired: false, ...guard }, { $set: set });
      if (moved.modifiedCount !== 1) throw problems.conflict('The item changed meanwhile; reload and try again.');
      const now = new Date();
      const versionSet: Record<string, unknown> = { state: to };
      if (transition === 'submit') versionSet.submittedAt = now;
      if (transition === 'approve' || transition === 'reject') {
        versionSet.review = { reviewerId: principal.id, reviewerName: principal.displayName, decision: to, comment: comment?.trim() ?? '', checklist: checks, at: now };
      }
      await ItemVersionModel.updateOne({ itemId: item._id, version, state: from }, { $set: versionSet });
      await touchBankItems(item.bankId, item._id);
    });
    return this.items.detail(item._id, version, true);
  }

  async retireItem(principal: Principal, itemId: string, reason: string, actor: Actor): Promise<ItemSummary> {
    const { item } = await this.items.itemFor(principal, itemId, 'items.retire');
    const audit = { action: 'item.retire', target: { type: 'item', id: itemId, label: item.code }, details: { reason }, probe: { collection: 'items', filter: { _id: item._id, retired: true } } };
    const updated = await withAudit(actor, audit, async () => {
      const doc = await ItemModel.findOneAndUpdate({ _id: item._id, retired: false }, { $set: { retired: true } }, { returnDocument: 'after', lean: true });
      if (!doc) throw new HttpProblem(409, 'retired', 'The item is retired already.');
      await touchBankItems(item.bankId, item._id);
      return doc;
    });
    return itemSummary(updated as ItemDoc, false);
  }
}
