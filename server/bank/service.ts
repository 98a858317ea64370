import { ObjectIdString, objectIdOr404 } from '../platform/ids';
import mongoose from 'mongoose';
import { deleteManyInChunks } from '../platform/database';
import { z } from 'zod';
import { problems, HttpProblem } from '../platform/problem';
import type { Principal } from '../platform/routing';
import { escapeRegex, type Page, type PageQuery } from '../platform/pagination';
import { recordAudit, SYSTEM_ACTOR, type Actor } from '../audit/service';
import { withAudit } from '../audit/intents';
import type { Action } from '../identity/roles';
import { holdsAnywhere, type Decision } from '../identity/access';
import type { StandardsService, StandardView } from '../standards/service';
import { indexPoints, type PointFacts } from '../standards/point-index';
import { LevelSchema, type Occupation } from '../standards/schemas';
import { BankModel, ImportJobModel, ItemModel, ItemVersionModel, ItemCodeCounterModel, ReleaseModel, ReleaseItemModel, type BankDoc, type ItemDoc, type ItemVersionDoc, type ReleaseDoc, type ReleaseItemDoc, type VersionState, type ItemStatus } from './model';
import { questionTypes } from '../question-types';
import { ItemTypeSchema, FACILITY_BY_DIFFICULTY, pointsOf, type ItemContent } from './item-schema';
import { checkItemContent, contentHash, stemPlainText } from './content';
import { bankScopesOf, decideOnBank, mayOnBank } from './access';
import { offeredActions, refuseEdit, refuseTransition, TRANSITIONS, type Transition } from './workflow';
import { releaseNotes, releaseHash } from './release-notes';
import { coverageReport, type CoverageReport } from './coverage';

export const BankCodeSchema = z.string().trim().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{1,39}$/, 'bank codes are 2–40 letters, digits, dash or underscore');

export const CreateBankSchema = z
  .object({
    code: BankCodeSchema,
    name: z.string().trim().min(1).max(80),
    tier: z.enum(['national', 'provincial', 'industry']),
    occupationCode: z.string().regex(/^\d-\d{2}-\d{2}-\d{2}$/),
    standardEdition: z.string().regex(/^\d{4}$/),
    parentBankId: ObjectIdString.optional(),
    coverageMinimum: z.number().int().min(1).max(50).default(4),
  })
  .superRefine((b, ctx) => {
    if (b.tier === 'national' && b.parentBankId) ctx.addIssue({ code: 'custom', path: ['parentBankId'], message: 'a national bank has no parent' });
    if (b.tier !== 'national' && !b.parentBankId) ctx.addIssue({ code: 'custom', path: ['parentBankId'], message: 'a provincial or industry sub-bank needs a parent bank' });
  });
export type CreateBankInput = z.input<typeof CreateBankSchema>;

export interface BankView {
  id: string;
  code: string;
  name: string;
  tier: BankDoc['tier'];
  occupationCode: string;
  standardEdition: string;
  parentBankId: string | null;
  coverageMinimum: number;
  createdAt: string;
}

export interface ItemSummary {
  id: string;
  bankId: string;
  code: string;
  type: ItemDoc['type'];
  pointCode: string;
  levels: number[];
  difficulty: number;
  tags: string[];
  status: ItemStatus;
  latestVersion: number;
  approvedVersion: number | null;
  updatedAt: string;
  /** Plain-text stem; present only for those who may read item bodies. */
  stem?: string;
}

export interface VersionSummary {
  version: number;
  state: VersionState;
  authorId: string;
  authorName: string;
  basedOn: number | null;
  contentHash: string;
  createdAt: string;
  submittedAt: string | null;
  review: { reviewerName: string; decision: string; comment: string; at: string } | null;
}

/** The actions the item page offers. */
export interface ItemPageActions {
  edit: boolean;
  submit: boolean;
  withdraw: boolean;
  review: boolean;
  retire: boolean;
  compare: boolean;
}

export interface ItemDetail extends ItemSummary {
  version: VersionSummary;
  content: ItemContent;
  versions: VersionSummary[];
}

export const ItemListQuerySchema = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
  point: z.string().trim().regex(/^[A-Z]{1,3}\d{0,3}$/, 'a point code or its prefix, e.g. AB or AB001').optional(),
  type: ItemTypeSchema.optional(),
  level: z.coerce.number().pipe(LevelSchema).optional(),
  status: z.enum(['draft', 'submitted', 'approved', 'rejected', 'withdrawn', 'retired', 'usable']).optional(),
  q: z.string().trim().min(1).max(100).optional(),
  mine: z.enum(['1', 'true']).optional(),
});
export type ItemListQuery = z.infer<typeof ItemListQuerySchema>;


export function bankView(doc: BankDoc): BankView {
  return {
    id: String(doc._id),
    code: doc.code,
    name: doc.name,
    tier: doc.tier,
    occupationCode: doc.occupationCode,
    standardEdition: doc.standardEdition,
    parentBankId: doc.parentBankId ? String(doc.parentBankId) : null,
    coverageMinimum: doc.coverageMinimum,
    createdAt: doc.createdAt.toISOString(),
  };
}

function statusOf(item: Pick<ItemDoc, 'retired' | 'latestState'>): ItemStatus {
  return item.retired ? 'retired' : item.latestState;
}

function summaryOf(item: ItemDoc, withStem: boolean): ItemSummary {
  return {
    id: String(item._id),
    bankId: String(item.bankId),
    code: item.code,
    type: item.type,
    pointCode: item.pointCode,
    levels: item.levels,
    difficulty: item.difficulty,
    tags: item.tags,
    status: statusOf(item),
    latestVersion: item.latestVersion,
    approvedVersion: item.approvedVersion,
    updatedAt: item.updatedAt.toISOString(),
    ...(withStem ? { stem: item.stemText } : {}),
  };
}

function versionSummary(v: ItemVersionDoc): VersionSummary {
  return {
    version: v.version,
    state: v.state,
    authorId: v.authorId,
    authorName: v.authorName,
    basedOn: v.basedOn,
    contentHash: v.contentHash,
    createdAt: v.createdAt.toISOString(),
    submittedAt: v.submittedAt ? v.submittedAt.toISOString() : null,
    review: v.review ? { reviewerName: v.review.reviewerName, decision: v.review.decision, comment: v.review.comment, at: new Date(v.review.at).toISOString() } : null,
  };
}

/**
 * Items an import wrote are invisible until the import reaches its commit point: the filter
 * hides items of imports still `committing`. Usually there are none, and the filter is empty,
 * so ordinary queries stay simple. Making a whole import visible is one update of its job.
 */
export async function visibleItems(): Promise<Record<string, unknown>> {
  const pending = await ImportJobModel.find({ status: 'committing' }, { _id: 1 }).lean();
  return pending.length ? { importJobId: { $nin: pending.map((j) => j._id) } } : {};
}

/**
 * National banks, sub-banks, items with immutable versions and their review workflow, and
 * releases. Every state change is one guarded update; every read of an item body is audited.
 */
/** How long a release may take to build before start-up recovery treats it as interrupted. */
export const RELEASE_BUILD_LEASE_MS = 15 * 60_000;

export class BankService {
  private readonly pointIndexes = new Map<string, { revision: number; points: Map<string, PointFacts> }>();

  constructor(private readonly standards: StandardsService) {}

  // ---- banks ---------------------------------------------------------------------------

  async createBank(input: CreateBankInput, actor: Actor): Promise<BankView> {
    const bank = CreateBankSchema.parse(input);
    const standard = await this.standards.findStandard(bank.occupationCode, bank.standardEdition);
    if (!standard) {
      throw problems.validation([{ path: 'body.standardEdition', message: `there is no ${bank.standardEdition} standard for occupation ${bank.occupationCode}; appraisal needs a standard` }]);
    }
    if (bank.parentBankId) {
      const parent = await BankModel.findById(bank.parentBankId).lean();
      if (!parent) throw problems.validation([{ path: 'body.parentBankId', message: 'no such parent bank' }]);
      if (parent.occupationCode !== bank.occupationCode || parent.standardEdition !== bank.standardEdition) {
        throw problems.validation([{ path: 'body.parentBankId', message: 'a sub-bank follows its parent: same occupation and standard edition' }]);
      }
    } else if (await BankModel.exists({ tier: 'national', occupationCode: bank.occupationCode, standardEdition: bank.standardEdition })) {
      throw problems.conflict(`A national bank for ${bank.occupationCode} (${bank.standardEdition}) exists already.`);
    }
    try {
      const id = new mongoose.Types.ObjectId();
      const doc = await withAudit(
        actor,
        { action: 'bank.create', target: { type: 'bank', id: String(id), label: bank.code }, details: { tier: bank.tier, occupationCode: bank.occupationCode }, probe: { collection: 'banks', filter: { _id: id } } },
        () => BankModel.create({ _id: id, ...bank, createdBy: actor.principal?.id ?? 'system' }),
      );
      return bankView(doc.toObject());
    } catch (error) {
      if ((error as { code?: number }).code === 11000) throw problems.conflict(`The bank code ${bank.code} is taken.`);
      throw error;
    }
  }

  async listBanks(principal: Principal, query: PageQuery & { occupation?: string }): Promise<Page<BankView>> {
    const scopes = bankScopesOf(principal, 'bank.view');
    const filter: Record<string, unknown> = {};
    if (!scopes.all) {
      filter.$or = [{ _id: { $in: scopes.bankIds.map((id) => new mongoose.Types.ObjectId(id)) } }, { occupationCode: { $in: scopes.occupationCodes } }];
    }
    if (query.occupation) filter.occupationCode = query.occupation;
    const [docs, total] = await Promise.all([
      BankModel.find(filter).sort({ occupationCode: 1, tier: 1, code: 1 }).skip((query.page - 1) * query.pageSize).limit(query.pageSize).lean(),
      BankModel.countDocuments(filter),
    ]);
    return { items: docs.map((d) => bankView(d as BankDoc)), total, page: query.page, pageSize: query.pageSize };
  }

  /** The bank if the principal holds `action` on it; 404 otherwise (existence is not revealed). */
  async bankFor(principal: Principal, bankId: string, action: Action): Promise<BankDoc> {
    const doc = await BankModel.findById(objectIdOr404(bankId, 'bank')).lean();
    if (!doc || !mayOnBank(principal, action, doc as BankDoc)) throw problems.notFound('No such bank.');
    return doc as BankDoc;
  }

  async getBank(principal: Principal, bankId: string): Promise<BankView> {
    return bankView(await this.bankFor(principal, bankId, 'bank.view'));
  }

  /** How many visible items of a bank are in each state (retired counted apart). */
  async stateCounts(bankId: string): Promise<Array<{ state: ItemStatus; n: number }>> {
    const rows = await ItemModel.aggregate<{ _id: { state: VersionState; retired: boolean }; n: number }>([
      { $match: { bankId: objectIdOr404(bankId, 'bank'), ...(await visibleItems()) } },
      { $group: { _id: { state: '$latestState', retired: '$retired' }, n: { $sum: 1 } } },
    ]);
    const counts = new Map<ItemStatus, number>();
    for (const row of rows) {
      const state: ItemStatus = row._id.retired ? 'retired' : row._id.state;
      counts.set(state, (counts.get(state) ?? 0) + row.n);
    }
    return [...counts].map(([state, n]) => ({ state, n }));
  }

  async occupationOf(code: string): Promise<Occupation | undefined> {
    try {
      const { id: _id, ...occupation } = await this.standards.getOccupation(code);
      return occupation;
    } catch {
      return undefined;
    }
  }

  /** Appraisal points of the bank's standard, cached per standard revision. */
  async pointsOf(bank: Pick<BankDoc, 'occupationCode' | 'standardEdition'>): Promise<{ standard: StandardView; points: Map<string, PointFacts> }> {
    const standard = await this.standards.findStandard(bank.occupationCode, bank.standardEdition);
    if (!standard) throw new HttpProblem(409, 'no-standard', `The standard ${bank.occupationCode} ${bank.standardEdition} is missing.`);
    const cached = this.pointIndexes.get(standard.id);
    if (cached && cached.revision === standard.revision) return { standard, points: cached.points };
    const points = indexPoints(standard);
    this.pointIndexes.set(standard.id, { revision: standard.revision, points });
    return { standard, points };
  }

  // ---- items ---------------------------------------------------------------------------

  /** Allocates `count` consecutive serials for a point in a bank (one atomic increment). */
  async allocateCodes(bankId: mongoose.Types.ObjectId, pointCode: string, count: number): Promise<string[]> {
    const counter = await ItemCodeCounterModel.findOneAndUpdate({ _id: `${String(bankId)}:${pointCode}` }, { $inc: { next: count } }, { upsert: true, returnDocument: 'after', lean: true });
    const last = counter!.next;
    return Array.from({ length: count }, (_, i) => `${pointCode}-${String(last - count + 1 + i).padStart(3, '0')}`);
  }

  async createItem(principal: Principal, bankId: string, input: unknown, actor: Actor): Promise<ItemDetail> {
    const bank = await this.bankFor(principal, bankId, 'items.write');
    const { points } = await this.pointsOf(bank);
    const content = checkItemContent(input, points);
    const [code] = await this.allocateCodes(bank._id, content.pointCode, 1);
    const itemId = new mongoose.Types.ObjectId();
    const audit = { action: 'item.create', target: { type: 'item', id: String(itemId), label: code! }, details: { bankId, version: 1 }, probe: { collection: 'items', filter: { _id: itemId } } };
    await withAudit(actor, audit, () => this.insertNewItem(principal, bank, itemId, code!, content));
    return this.detail(itemId, 1, true);
  }

  /** The first version, then the item that points at it (the item's insert is the commit point). */
  private async insertNewItem(principal: Principal, bank: BankDoc, itemId: mongoose.Types.ObjectId, code: string, content: ItemContent): Promise<void> {
    const version = await ItemVersionModel.create({
      itemId,
      bankId: bank._id,
      version: 1,
      content,
      contentHash: contentHash(content),
      state: 'draft',
      authorId: principal.id,
      authorName: principal.displayName,
      basedOn: null,
    });
    try {
      await ItemModel.create({
        _id: itemId,
        bankId: bank._id,
        code,
        type: content.type,
        pointCode: content.pointCode,
        levels: content.levels,
        difficulty: content.difficulty,
        tags: content.tags,
        stemText: stemPlainText(content),
        latestVersion: 1,
        latestState: 'draft',
        latestAuthorId: principal.id,
        approvedVersion: null,
        createdBy: principal.id,
      });
    } catch (error) {
      await ItemVersionModel.deleteOne({ _id: version._id });
      throw error;
    }
  }

  /** Saves an edit as a new draft version on top of `baseVersion` (which must be the latest). */
  async editItem(principal: Principal, itemId: string, input: unknown, baseVersion: number, actor: Actor): Promise<ItemDetail> {
    const { item, bank } = await this.itemFor(principal, itemId, 'items.write');
    const refusal = refuseEdit({ state: item.latestState, retired: item.retired });
    if (refusal) throw new HttpProblem(409, refusal.code, refusal.message);
    if (baseVersion !== item.latestVersion) {
      throw problems.conflict(`Version ${baseVersion} is not the latest (${item.latestVersion}); someone saved in between. Reload and apply your change again.`, { latestVersion: item.latestVersion });
    }
    const { points } = await this.pointsOf(bank);
    const content = checkItemContent(input, points);
    if (content.pointCode !== item.pointCode) {
      throw problems.validation([{ path: 'body.pointCode', message: `an item stays on its appraisal point (${item.pointCode}); write a new item for another point` }]);
    }
    const next = item.latestVersion + 1;
    const audit = { action: 'item.edit', target: { type: 'item', id: itemId, label: item.code }, details: { version: next, basedOn: baseVersion }, probe: { collection: 'items', filter: { _id: item._id, latestVersion: { $gte: next } } } };
    await withAudit(actor, audit, () => this.insertNextVersion(principal, item, baseVersion, next, content));
    return this.detail(item._id, next, true);
  }

  /** The new version, then the item's pointer moved onto it with one guarded update (the commit point). */
  private async insertNextVersion(principal: Principal, item: ItemDoc, baseVersion: number, next: number, content: ItemContent): Promise<void> {
    let inserted: ItemVersionDoc;
    try {
      inserted = (
        await ItemVersionModel.create({
          itemId: item._id,
          bankId: item.bankId,
          version: next,
          content,
          contentHash: contentHash(content),
          state: 'draft',
          authorId: principal.id,
          authorName: principal.displayName,
          basedOn: baseVersion,
        })
      ).toObject();
    } catch (error) {
      if ((error as { code?: number }).code === 11000) throw problems.conflict('Someone saved this item at the same moment. Reload and apply your change again.');
      throw error;
    }
    const moved = await ItemModel.updateOne(
      { _id: item._id, latestVersion: baseVersion, retired: false, latestState: { $ne: 'submitted' } },
      {
        $set: {
          latestVersion: next,
          latestState: 'draft',
          latestAuthorId: principal.id,
          levels: content.levels,
          difficulty: content.difficulty,
          tags: content.tags,
          type: content.type,
          stemText: stemPlainText(content),
        },
      },
    );
    if (moved.modifiedCount !== 1) {
      await ItemVersionModel.deleteOne({ _id: inserted._id });
      throw problems.conflict('The item changed while saving. Reload and apply your change again.');
    }
  }

  /**
   * The item and its bank if the principal holds `action` there. Sub-bank staff may read the
   * parent bank's items (read-only). Anyone else gets 404.
   */
  async itemFor(principal: Principal, itemId: string, action: Action): Promise<{ item: ItemDoc; bank: BankDoc; viaChild: boolean }> {
    const item = await ItemModel.findOne({ _id: objectIdOr404(itemId, 'item'), ...(await visibleItems()) }).lean();
    if (!item) throw problems.notFound('No such item.');
    const bank = (await BankModel.findById(item.bankId).lean()) as BankDoc | null;
    if (!bank) throw problems.notFound('No such item.');
    const decision = await this.decideWithChildren(principal, action, bank);
    if (decision.allowed) return { item: item as ItemDoc, bank, viaChild: decision.via === 'child' };
    throw problems.notFound('No such item.');
  }

  /**
   * The access decision on a bank, counting reads by staff of its sub-banks (read-only): the
   * sub-banks are looked up only when the direct decision says no.
   */
  async decideWithChildren(principal: Principal, action: Action, bank: BankDoc): Promise<Decision> {
    const direct = decideOnBank(principal, action, bank);
    if (direct.allowed || !holdsAnywhere(principal, action)) return direct;
    const children = (await BankModel.find({ parentBankId: bank._id }).lean()) as BankDoc[];
    return decideOnBank(principal, action, bank, children);
  }

  /** Reads an item body (audited). Sub-bank staff see only the parent's approved version. */
  async getItem(principal: Principal, itemId: string, version: number | undefined, actor: Actor): Promise<ItemDetail> {
    const { item, viaChild } = await this.itemFor(principal, itemId, 'items.read');
    let wanted = version ?? item.latestVersion;
    if (viaChild) {
      if (item.approvedVersion === null || item.retired) throw problems.notFound('No such item.');
      if (version !== undefined && version !== item.approvedVersion) throw problems.notFound('No such version.');
      wanted = item.approvedVersion;
    }
    const detail = await this.detail(item._id, wanted, !viaChild);
    await recordAudit(actor, { action: 'item.read', target: { type: 'item', id: itemId, label: item.code }, details: { version: wanted } });
    return detail;
  }

  /**
   * What the item page shows and offers: the item as read (audited), whether it is read
   * through a sub-bank (read-only), and each action the workflow and the access decision allow.
   */
  async itemPage(principal: Principal, itemId: string, version: number | undefined, actor: Actor): Promise<{ detail: ItemDetail; bank: BankDoc; readOnly: boolean; can: ItemPageActions }> {
    const { item, bank, viaChild } = await this.itemFor(principal, itemId, 'items.read');
    const detail = await this.getItem(principal, itemId, version, actor);
    const offered = offeredActions(
      { version: detail.version.version, latestVersion: item.latestVersion, state: detail.version.state, latestState: item.latestState, authorId: detail.version.authorId, retired: item.retired },
      principal.id,
    );
    const allowed = (action: Action) => !viaChild && mayOnBank(principal, action, bank);
    const can: ItemPageActions = {
      edit: offered.edit && allowed('items.write'),
      submit: offered.submit && allowed('items.write'),
      withdraw: offered.withdraw && allowed('items.write'),
      review: offered.review && allowed('items.review'),
      retire: offered.retire && allowed('items.retire'),
      compare: !viaChild && detail.versions.length > 1,
    };
    return { detail, bank, readOnly: viaChild, can };
  }

  private async detail(itemId: mongoose.Types.ObjectId, version: number, withHistory: boolean): Promise<ItemDetail> {
    const [item, allVersions] = await Promise.all([
      ItemModel.findById(itemId).lean(),
      ItemVersionModel.find({ itemId }).sort({ version: 1 }).lean(),
    ]);
    let versions = allVersions;
    const current = versions.find((v) => v.version === version);
    if (!item || !current || version > item.latestVersion) throw problems.notFound('No such version.');
    // Versions beyond the item's pointer belong to an import that is not finalised yet.
    versions = versions.filter((v) => v.version <= item.latestVersion);
    return {
      ...summaryOf(item as ItemDoc, true),
      version: versionSummary(current as ItemVersionDoc),
      content: current.content,
      versions: withHistory ? versions.map((v) => versionSummary(v as ItemVersionDoc)) : [versionSummary(current as ItemVersionDoc)],
    };
  }

  /** Two versions' content, for the side-by-side diff (audited as a read of both). */
  async compareVersions(principal: Principal, itemId: string, a: number, b: number, actor: Actor): Promise<{ item: ItemSummary; left: ItemDetail; right: ItemDetail }> {
    const { item, viaChild } = await this.itemFor(principal, itemId, 'items.read');
    if (viaChild) throw problems.notFound('No such item.');
    const [left, right] = await Promise.all([this.detail(item._id, a, false), this.detail(item._id, b, false)]);
    await recordAudit(actor, { action: 'item.read', target: { type: 'item', id: itemId, label: item.code }, details: { versions: [a, b] } });
    return { item: summaryOf(item, true), left, right };
  }

  async listItems(principal: Principal, bankId: string, query: ItemListQuery): Promise<Page<ItemSummary>> {
    const bank = await this.bankFor(principal, bankId, 'bank.view');
    const withStems = mayOnBank(principal, 'items.read', bank);
    const filter: Record<string, unknown> = { bankId: bank._id, ...(await visibleItems()) };
    if (query.point) filter.pointCode = query.point.length === 5 || /\d{3}$/.test(query.point) ? query.point : { $regex: `^${escapeRegex(query.point)}` };
    if (query.type) filter.type = query.type;
    if (query.level) filter.levels = query.level;
    if (query.status === 'retired') filter.retired = true;
    else if (query.status === 'usable') Object.assign(filter, { retired: false, approvedVersion: { $ne: null } });
    else if (query.status) Object.assign(filter, { retired: false, latestState: query.status });
    if (query.mine) filter.latestAuthorId = principal.id;
    if (query.q) {
      const pattern = { $regex: escapeRegex(query.q), $options: 'i' };
      // Only readers of item bodies may search inside stems.
      filter.$or = withStems ? [{ code: pattern }, { stemText: pattern }, { tags: pattern }] : [{ code: pattern }, { tags: pattern }];
    }
    const [docs, total] = await Promise.all([
      ItemModel.find(filter).sort({ code: 1 }).skip((query.page - 1) * query.pageSize).limit(query.pageSize).lean(),
      ItemModel.countDocuments(filter),
    ]);
    return { items: docs.map((d) => summaryOf(d as ItemDoc, withStems)), total, page: query.page, pageSize: query.pageSize };
  }

  /** The review queue: latest versions submitted by others, in banks the reviewer covers. */
  async reviewQueue(principal: Principal, query: PageQuery & { bankId?: string }): Promise<Page<ItemSummary & { bankCode: string }>> {
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
    return { items: docs.map((d) => ({ ...summaryOf(d as ItemDoc, true), bankCode: codes.get(String(d.bankId)) ?? '' })), total, page: query.page, pageSize: query.pageSize };
  }

  /**
   * Moves a version through the workflow. The item document is the guard: one update that
   * only matches while the version is still the latest and in the expected state.
   */
  async transition(principal: Principal, itemId: string, version: number, transition: Transition, comment: string | undefined, actor: Actor): Promise<ItemDetail> {
    const action: Action = transition === 'approve' || transition === 'reject' ? 'items.review' : 'items.write';
    const { item } = await this.itemFor(principal, itemId, action);
    const current = await ItemVersionModel.findOne({ itemId: item._id, version }).lean();
    if (!current) throw problems.notFound(`No version ${version}.`);
    const refusal = refuseTransition(transition, { version, latestVersion: item.latestVersion, state: item.latestVersion === version ? item.latestState : current.state, authorId: current.authorId, retired: item.retired }, principal.id, comment);
    if (refusal) {
      if (refusal.code === 'comment-required') throw problems.validation([{ path: 'body.comment', message: refusal.message }]);
      throw new HttpProblem(refusal.code === 'self-review' ? 403 : 409, refusal.code, refusal.message);
    }
    const { from, to } = TRANSITIONS[transition];
    const set: Record<string, unknown> = { latestState: to };
    if (transition === 'approve') set.approvedVersion = version;
    const audit = {
      action: `item.${transition}`,
      target: { type: 'item', id: itemId, label: item.code },
      details: { version, ...(comment ? { comment: comment.slice(0, 500) } : {}) },
      probe: { collection: 'items', filter: { _id: item._id, latestVersion: version, latestState: to } },
    };
    await withAudit(actor, audit, async () => {
      const moved = await ItemModel.updateOne({ _id: item._id, latestVersion: version, latestState: from, retired: false }, { $set: set });
      if (moved.modifiedCount !== 1) throw problems.conflict('The item changed meanwhile; reload and try again.');
      const now = new Date();
      const versionSet: Record<string, unknown> = { state: to };
      if (transition === 'submit') versionSet.submittedAt = now;
      if (transition === 'approve' || transition === 'reject') {
        versionSet.review = { reviewerId: principal.id, reviewerName: principal.displayName, decision: to, comment: comment?.trim() ?? '', at: now };
      }
      await ItemVersionModel.updateOne({ itemId: item._id, version, state: from }, { $set: versionSet });
    });
    return this.detail(item._id, version, true);
  }

  async retireItem(principal: Principal, itemId: string, reason: string, actor: Actor): Promise<ItemSummary> {
    const { item } = await this.itemFor(principal, itemId, 'items.retire');
    const audit = { action: 'item.retire', target: { type: 'item', id: itemId, label: item.code }, details: { reason }, probe: { collection: 'items', filter: { _id: item._id, retired: true } } };
    const updated = await withAudit(actor, audit, async () => {
      const doc = await ItemModel.findOneAndUpdate({ _id: item._id, retired: false }, { $set: { retired: true } }, { returnDocument: 'after', lean: true });
      if (!doc) throw new HttpProblem(409, 'retired', 'The item is retired already.');
      return doc;
    });
    return summaryOf(updated as ItemDoc, false);
  }

  // ---- releases ------------------------------------------------------------------------

  /**
   * Publishes an immutable snapshot of the bank's approved, non-retired item versions. The
   * release is written as `building` (invisible), its items are added, then one update marks
   * it `published`. The unique (bank, number) index stops two concurrent publications.
   */
  async publishRelease(principal: Principal, bankId: string, comment: string, actor: Actor): Promise<ReleaseView> {
    const bank = await this.bankFor(principal, bankId, 'releases.publish');
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
      });
    } catch (error) {
      if ((error as { code?: number }).code === 11000) throw problems.conflict('Another release of this bank is being published right now.');
      throw error;
    }
    try {
      const pinned: Array<Omit<ReleaseItemDoc, '_id'>> = [];
      const byId = new Map(items.map((i) => [String(i._id), i]));
      for (let start = 0; start < items.length; start += 1000) {
        const batch = items.slice(start, start + 1000);
        const versions = await ItemVersionModel.find({ $or: batch.map((i) => ({ itemId: i._id, version: i.approvedVersion })) }).lean();
        for (const v of versions) {
          const item = byId.get(String(v.itemId))!;
          pinned.push(releaseItemOf(releaseId, bank._id, item.code, v as ItemVersionDoc));
        }
      }
      for (let start = 0; start < pinned.length; start += 1000) await ReleaseItemModel.insertMany(pinned.slice(start, start + 1000), { ordered: false });
      const previousItems = previous ? await ReleaseItemModel.find({ releaseId: previous._id }, { itemId: 1, version: 1, code: 1 }).lean() : [];
      const notes = releaseNotes(
        previousItems.map((p) => ({ itemId: String(p.itemId), version: p.version, code: p.code })),
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
    await deleteManyInChunks(ReleaseItemModel, { releaseId });
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
    const bank = await this.bankFor(principal, bankId, 'bank.view');
    const filter: Record<string, unknown> = { bankId: bank._id, status: 'published' };
    const [docs, total] = await Promise.all([
      ReleaseModel.find(filter).sort({ number: -1 }).skip((query.page - 1) * query.pageSize).limit(query.pageSize).lean(),
      ReleaseModel.countDocuments(filter),
    ]);
    return { items: docs.map((d) => releaseView(d as ReleaseDoc, bank)), total, page: query.page, pageSize: query.pageSize };
  }

  async releaseFor(principal: Principal, bankId: string, releaseId: string, action: Action = 'bank.view'): Promise<{ bank: BankDoc; release: ReleaseDoc }> {
    const bank = await this.bankFor(principal, bankId, action);
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
    const { points } = await this.pointsOf(bank);
    const items = await this.releaseItems(release._id);
    return coverageReport(points.values(), items, bank.coverageMinimum);
  }

  /** The pinned items of a release (own items; a sub-bank's also lists the parent's). */
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
    const rows = await ReleaseItemModel.find({ releaseId: { $in: releases }, itemId: { $in: itemIds.map((id) => new mongoose.Types.ObjectId(id)) } }, { itemId: 1, code: 1 }).lean();
    return new Map(rows.map((r) => [String(r.itemId), r.code]));
  }

  /** The content of exact item versions (what a paper pins), by item id. */
  async pinnedContents(pins: ReadonlyArray<{ itemId: string; version: number }>): Promise<Map<string, ItemContent>> {
    const wanted = new Map(pins.map((p) => [p.itemId, p.version]));
    const versions = await ItemVersionModel.find({ itemId: { $in: [...wanted.keys()].map((id) => new mongoose.Types.ObjectId(id)) } }, { itemId: 1, version: 1, content: 1 }).lean();
    const out = new Map<string, ItemContent>();
    for (const v of versions) if (wanted.get(String(v.itemId)) === v.version) out.set(String(v.itemId), v.content);
    return out;
  }

  async releaseItems(releaseId: mongoose.Types.ObjectId): Promise<ReleaseItemDoc[]> {
    const release = await ReleaseModel.findById(releaseId).lean();
    if (!release) return [];
    const own = (await ReleaseItemModel.find({ releaseId }).lean()) as ReleaseItemDoc[];
    if (!release.parentReleaseId) return own;
    const inherited = (await ReleaseItemModel.find({ releaseId: release.parentReleaseId }).lean()) as ReleaseItemDoc[];
    return [...inherited, ...own];
  }
}

export interface ReleaseView {
  id: string;
  bankId: string;
  bankCode: string;
  number: number;
  itemCount: number;
  countsByType: Array<{ type: string; count: number }>;
  hash: string;
  parentReleaseId: string | null;
  notes: { added: string[]; changed: string[]; retired: string[] };
  comment: string;
  publishedBy: string;
  publishedByName: string;
  publishedAt: string;
}

export function releaseView(doc: ReleaseDoc, bank: Pick<BankDoc, 'code'>): ReleaseView {
  return {
    id: String(doc._id),
    bankId: String(doc.bankId),
    bankCode: bank.code,
    number: doc.number,
    itemCount: doc.itemCount,
    countsByType: doc.countsByType.map((c) => ({ type: c.type, count: c.count })),
    hash: doc.hash,
    parentReleaseId: doc.parentReleaseId ? String(doc.parentReleaseId) : null,
    notes: doc.notes,
    comment: doc.comment,
    publishedBy: doc.publishedBy,
    publishedByName: doc.publishedByName,
    publishedAt: doc.publishedAt.toISOString(),
  };
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
