import type { SimilarStem } from './similarity';
import mongoose from 'mongoose';
import type { Principal } from '../platform/routing';
import type { Page, PageQuery } from '../platform/pagination';
import type { Actor } from '../audit/service';
import type { Action } from '../identity/roles';
import type { Decision } from '../identity/access';
import type { StandardsService, StandardView } from '../standards/service';
import type { PointFacts } from '../standards/point-index';
import type { Occupation } from '../standards/schemas';
import type { BankDoc, ItemDoc, ReleaseDoc, ReleaseItemDoc, ItemStatus } from './model';
import type { ItemContent } from './item-schema';
import type { Transition } from './workflow';
import type { CoverageReport } from './coverage';
import { BankDirectory, type CreateBankInput } from './banks';
import { ItemStore, type ItemListQuery, type ItemPageActions } from './items';
import { ReviewDesk, type ReviewCheck, type ReviewQueueEntry } from './review';
export { REVIEW_CHECKS, type ReviewCheck } from './review';
import { ReleaseDesk, RELEASE_BUILD_LEASE_MS } from './releases';
import type { BankView, ItemDetail, ItemSummary, ReleaseProgressView, ReleaseView } from './views';

export { BankCodeSchema, CreateBankSchema, type CreateBankInput } from './banks';
export { ItemListQuerySchema, visibleItems, type ItemListQuery, type ItemPageActions } from './items';
export { RELEASE_BUILD_LEASE_MS, releaseItemOf } from './releases';
export { bankView, releaseView, type BankView, type ItemDetail, type ItemSummary, type VersionSummary, type ReleaseView } from './views';

/**
 * The bank capability as other capabilities and the routes see it: national banks and
 * sub-banks (banks.ts), items with immutable versions (items.ts), review (review.ts) and
 * releases (releases.ts). Every state change is one guarded update; every read of an item
 * body is audited. This class only delegates.
 */
export class BankService {
  readonly banks: BankDirectory;
  readonly items: ItemStore;
  readonly review: ReviewDesk;
  readonly releases: ReleaseDesk;

  constructor(standards: StandardsService) {
    this.banks = new BankDirectory(standards);
    this.items = new ItemStore(this.banks);
    this.review = new ReviewDesk(this.items);
    this.releases = new ReleaseDesk(this.banks);
  }

  createBank(input: CreateBankInput, actor: Actor): Promise<BankView> {
    return this.banks.createBank(input, actor);
  }

  listBanks(principal: Principal, query: PageQuery & { occupation?: string }, action: Action = 'bank.view'): Promise<Page<BankView>> {
    return this.banks.listBanks(principal, query, action);
  }

  bankFor(principal: Principal, bankId: string, action: Action): Promise<BankDoc> {
    return this.banks.bankFor(principal, bankId, action);
  }

  getBank(principal: Principal, bankId: string): Promise<BankView> {
    return this.banks.getBank(principal, bankId);
  }

  stateCounts(bankId: string): Promise<Array<{ state: ItemStatus; n: number }>> {
    return this.banks.stateCounts(bankId);
  }

  unplacedCount(bankId: string): Promise<number> {
    return this.banks.unplacedCount(bankId);
  }

  occupationOf(code: string): Promise<Occupation | undefined> {
    return this.banks.occupationOf(code);
  }

  pointsOf(bank: Pick<BankDoc, 'occupationCode' | 'standardEdition'>): Promise<{ standard: StandardView; points: Map<string, PointFacts> }> {
    return this.banks.pointsOf(bank);
  }

  decideWithChildren(principal: Principal, action: Action, bank: BankDoc): Promise<Decision> {
    return this.banks.decideWithChildren(principal, action, bank);
  }

  allocateCodes(bankId: mongoose.Types.ObjectId, pointCode: string, count: number): Promise<string[]> {
    return this.items.allocateCodes(bankId, pointCode, count);
  }

  createItem(principal: Principal, bankId: string, input: unknown, actor: Actor): Promise<ItemDetail> {
    return this.items.createItem(principal, bankId, input, actor);
  }

  editItem(principal: Principal, itemId: string, input: unknown, baseVersion: number, actor: Actor): Promise<ItemDetail> {
    return this.items.editItem(principal, itemId, input, baseVersion, actor);
  }

  itemFor(principal: Principal, itemId: string, action: Action): Promise<{ item: ItemDoc; bank: BankDoc; viaChild: boolean }> {
    return this.items.itemFor(principal, itemId, action);
  }

  getItem(principal: Principal, itemId: string, version: number | undefined, actor: Actor): Promise<ItemDetail> {
    return this.items.getItem(principal, itemId, version, actor);
  }

  /** 查重 for the editor: the bank's items of `pointCode` most like an unsaved stem (the caller checked the bank). */
  similarToDraft(bankId: mongoose.Types.ObjectId, pointCode: string, stemText: string, exceptItemId?: string): Promise<SimilarStem[]> {
    return this.items.similarToDraft(bankId, pointCode, stemText, exceptItemId);
  }

  similarItems(principal: Principal, itemId: string): Promise<SimilarStem[]> {
    return this.items.similarItems(principal, itemId);
  }

  itemPage(principal: Principal, itemId: string, version: number | undefined, actor: Actor): Promise<{ detail: ItemDetail; bank: BankDoc; readOnly: boolean; can: ItemPageActions }> {
    return this.items.itemPage(principal, itemId, version, actor);
  }

  detail(itemId: mongoose.Types.ObjectId, version: number, withHistory: boolean): Promise<ItemDetail> {
    return this.items.detail(itemId, version, withHistory);
  }

  compareVersions(principal: Principal, itemId: string, a: number, b: number, actor: Actor): Promise<{ item: ItemSummary; left: ItemDetail; right: ItemDetail }> {
    return this.items.compareVersions(principal, itemId, a, b, actor);
  }

  listItems(principal: Principal, bankId: string, query: ItemListQuery): Promise<Page<ItemSummary>> {
    return this.items.listItems(principal, bankId, query);
  }

  pinnedContents(pins: ReadonlyArray<{ itemId: string; version: number }>): Promise<Map<string, ItemContent>> {
    return this.items.pinnedContents(pins);
  }

  reviewQueue(principal: Principal, query: PageQuery & { bankId?: string }): Promise<Page<ReviewQueueEntry>> {
    return this.review.reviewQueue(principal, query);
  }

  transition(principal: Principal, itemId: string, version: number, transition: Transition, comment: string | undefined, actor: Actor, checklist: readonly ReviewCheck[] = []): Promise<ItemDetail> {
    return this.review.transition(principal, itemId, version, transition, comment, actor, checklist);
  }

  retireItem(principal: Principal, itemId: string, reason: string, actor: Actor): Promise<ItemSummary> {
    return this.review.retireItem(principal, itemId, reason, actor);
  }

  pendingChanges(principal: Principal, bankId: string): Promise<{ previousNumber: number | null; added: number; changed: number; retired: number }> {
    return this.releases.pendingChanges(principal, bankId);
  }

  buildProgress(principal: Principal, bankId: string): Promise<ReleaseProgressView> {
    return this.releases.buildProgress(principal, bankId);
  }

  publishRelease(principal: Principal, bankId: string, comment: string, actor: Actor): Promise<ReleaseView> {
    return this.releases.publishRelease(principal, bankId, comment, actor);
  }

  recoverInterruptedReleases(olderThanMs = RELEASE_BUILD_LEASE_MS): Promise<number> {
    return this.releases.recoverInterruptedReleases(olderThanMs);
  }

  listReleases(principal: Principal, bankId: string, query: PageQuery): Promise<Page<ReleaseView>> {
    return this.releases.listReleases(principal, bankId, query);
  }

  releaseFor(principal: Principal, bankId: string, releaseId: string, action: Action = 'bank.view'): Promise<{ bank: BankDoc; release: ReleaseDoc }> {
    return this.releases.releaseFor(principal, bankId, releaseId, action);
  }

  getRelease(principal: Principal, bankId: string, releaseId: string): Promise<ReleaseView> {
    return this.releases.getRelease(principal, bankId, releaseId);
  }

  coverage(principal: Principal, bankId: string, releaseId: string): Promise<CoverageReport> {
    return this.releases.coverage(principal, bankId, releaseId);
  }

  publishedRelease(bankId: mongoose.Types.ObjectId | string, releaseId?: string): Promise<ReleaseDoc | null> {
    return this.releases.publishedRelease(bankId, releaseId);
  }

  releaseById(releaseId: mongoose.Types.ObjectId | string): Promise<ReleaseDoc | null> {
    return this.releases.releaseById(releaseId);
  }

  releaseItemCodes(release: Pick<ReleaseDoc, '_id' | 'parentReleaseId'>, itemIds: readonly string[]): Promise<Map<string, string>> {
    return this.releases.releaseItemCodes(release, itemIds);
  }

  releaseItems(releaseId: mongoose.Types.ObjectId): Promise<ReleaseItemDoc[]> {
    return this.releases.releaseItems(releaseId);
  }
}
