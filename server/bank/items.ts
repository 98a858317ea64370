import { mostSimilar, type SimilarStem } from './similarity';
import { objectIdOr404 } from '../platform/ids';
import mongoose from 'mongoose';
import { z } from 'zod';
import { problems, HttpProblem } from '../platform/problem';
import type { Principal } from '../platform/routing';
import type { Page } from '../platform/pagination';
import { findEach } from '../platform/find-each';
import { bankItemRows, selectItemRows, touchBankItems } from './item-list';
import { recordAudit, type Actor } from '../audit/service';
import { withAudit } from '../audit/intents';
import type { Action } from '../identity/roles';
import { LevelSchema } from '../standards/schemas';
import { BankModel, ImportJobModel, ItemModel, ItemVersionModel, ItemCodeCounterModel, type BankDoc, type ItemDoc, type ItemVersionDoc } from './model';
import { ItemTypeSchema, type ItemContent } from './item-schema';
import { checkItemContent, contentHash, stemPlainText } from './content';
import { mayOnBank } from './access';
import { offeredActions, refuseEdit } from './workflow';
import { isUnplaced } from './placement';
import { UNPLACED_POINT, UNPLACED_SERIES, itemCodeOf } from './interchange/codes';
import { itemSummary, versionSummary, type ItemDetail, type ItemSummary } from './views';
import type { BankDirectory } from './banks';

export const ItemListQuerySchema = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
  point: z.string().trim().regex(/^[A-Z]{1,3}\d{0,3}$/, 'a point code or its prefix, e.g. AB or AB001').optional(),
  type: ItemTypeSchema.optional(),
  level: z.coerce.number().pipe(LevelSchema).optional(),
  status: z.enum(['draft', 'submitted', 'approved', 'rejected', 'withdrawn', 'retired', 'usable']).optional(),
  q: z.string().trim().min(1).max(100).optional(),
  mine: z.enum(['1', 'true']).optional(),
  /** Only items waiting for a writer to choose their appraisal point (待指定鉴定点). */
  unplaced: z.enum(['1', 'true']).optional(),
});
export type ItemListQuery = z.infer<typeof ItemListQuerySchema>;

/**
 * Items an import wrote are invisible until the import reaches its commit point: the filter
 * hides items of imports still `committing`. Usually there are none, and the filter is empty,
 * so ordinary queries stay simple. Making a whole import visible is one update of its job.
 */
export async function visibleItems(): Promise<Record<string, unknown>> {
  const pending = await ImportJobModel.find({ status: 'committing' }, { _id: 1 }).lean();
  return pending.length ? { importJobId: { $nin: pending.map((j) => j._id) } } : {};
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

/**
 * Items and their immutable versions: writing, editing (a new version each time), reading
 * (audited), comparing and listing. Each change is one guarded update.
 */
export class ItemStore {
  constructor(private readonly banks: BankDirectory) {}

  /**
   * Allocates `count` consecutive serials for a point in a bank (one atomic increment); for the
   * empty point, of the bank's UNPLACED series.
   */
  async allocateCodes(bankId: mongoose.Types.ObjectId, pointCode: string, count: number): Promise<string[]> {
    const series = pointCode === UNPLACED_POINT ? UNPLACED_SERIES : pointCode;
    const counter = await ItemCodeCounterModel.findOneAndUpdate({ _id: `${String(bankId)}:${series}` }, { $inc: { next: count } }, { upsert: true, returnDocument: 'after', lean: true });
    const last = counter!.next;
    return Array.from({ length: count }, (_, i) => itemCodeOf(series, last - count + 1 + i));
  }

  async createItem(principal: Principal, bankId: string, input: unknown, actor: Actor): Promise<ItemDetail> {
    const bank = await this.banks.bankFor(principal, bankId, 'items.write');
    const { points } = await this.banks.pointsOf(bank);
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
    await touchBankItems(bank._id, itemId);
  }

  /** Saves an edit as a new draft version on top of `baseVersion` (which must be the latest). */
  async editItem(principal: Principal, itemId: string, input: unknown, baseVersion: number, actor: Actor): Promise<ItemDetail> {
    const { item, bank } = await this.itemFor(principal, itemId, 'items.write');
    const refusal = refuseEdit({ state: item.latestState, retired: item.retired });
    if (refusal) throw new HttpProblem(409, refusal.code, refusal.message);
    if (baseVersion !== item.latestVersion) {
      throw problems.conflict(`Version ${baseVersion} is not the latest (${item.latestVersion}); someone saved in between. Reload and apply your change again.`, { latestVersion: item.latestVersion });
    }
    const { points } = await this.banks.pointsOf(bank);
    const unplaced = isUnplaced(item);
    const content = checkItemContent(input, points, 'body', { allowUnplaced: unplaced });
    const next = item.latestVersion + 1;
    if (unplaced && !isUnplaced(content)) {
      // Placing: the new version names the point, and the item takes that point's next code.
      const [code] = await this.allocateCodes(bank._id, content.pointCode, 1);
      const audit = { action: 'item.place', target: { type: 'item', id: itemId, label: code! }, details: { version: next, basedOn: baseVersion, pointCode: content.pointCode, previousCode: item.code }, probe: { collection: 'items', filter: { _id: item._id, latestVersion: { $gte: next } } } };
      await withAudit(actor, audit, () => this.insertNextVersion(principal, item, baseVersion, next, content, { pointCode: content.pointCode, code: code! }));
      return this.detail(item._id, next, true);
    }
    if (content.pointCode !== item.pointCode) {
      throw problems.validation([{ path: 'body.pointCode', message: `an item stays on its appraisal point (${item.pointCode}); write a new item for another point` }]);
    }
    const audit = { action: 'item.edit', target: { type: 'item', id: itemId, label: item.code }, details: { version: next, basedOn: baseVersion }, probe: { collection: 'items', filter: { _id: item._id, latestVersion: { $gte: next } } } };
    await withAudit(actor, audit, () => this.insertNextVersion(principal, item, baseVersion, next, content));
    return this.detail(item._id, next, true);
  }

  /** The new version, then the item's pointer moved onto it with one guarded update (the commit point). */
  private async insertNextVersion(principal: Principal, item: ItemDoc, baseVersion: number, next: number, content: ItemContent, placing?: { pointCode: string; code: string }): Promise<void> {
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
      { _id: item._id, latestVersion: baseVersion, retired: false, latestState: { $ne: 'submitted' }, ...(placing ? { pointCode: UNPLACED_POINT } : {}) },
      {
        $set: {
          ...(placing ?? {}),
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
    await touchBankItems(item.bankId, item._id);
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
    const decision = await this.banks.decideWithChildren(principal, action, bank);
    if (decision.allowed) return { item: item as ItemDoc, bank, viaChild: decision.via === 'child' };
    throw problems.notFound('No such item.');
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
      { version: detail.version.version, latestVersion: item.latestVersion, state: detail.version.state, latestState: item.latestState, authorId: detail.version.authorId, retired: item.retired, unplaced: isUnplaced(item) },
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

  /**
   * 查重: the items of the same bank and appraisal point whose latest stems most resemble this
   * one's (one indexed equality on bankId + pointCode; near-duplicates share a point).
   */
  async similarItems(principal: Principal, itemId: string): Promise<SimilarStem[]> {
    const { item } = await this.itemFor(principal, itemId, 'items.read');
    const siblings = await ItemModel.find({ bankId: item.bankId, pointCode: item.pointCode }, { _id: 1, code: 1, stemText: 1 }).lean();
    const others = siblings.filter((s) => String(s._id) !== String(item._id)).map((s) => ({ id: String(s._id), code: s.code, stem: s.stemText }));
    return mostSimilar(item.stemText, others);
  }

  /**
   * 查重 while writing: the items of the bank and point most like a stem not yet saved (the
   * editor's preview asks; `exceptItemId` leaves out the item being edited).
   */
  async similarToDraft(bankId: mongoose.Types.ObjectId, pointCode: string, stemText: string, exceptItemId?: string): Promise<SimilarStem[]> {
    if (!stemText.trim()) return [];
    const siblings = await ItemModel.find({ bankId, pointCode }, { _id: 1, code: 1, stemText: 1 }).lean();
    return mostSimilar(
      stemText,
      siblings.filter((s) => String(s._id) !== exceptItemId).map((s) => ({ id: String(s._id), code: s.code, stem: s.stemText })),
    );
  }

  async detail(itemId: mongoose.Types.ObjectId, version: number, withHistory: boolean): Promise<ItemDetail> {
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
      ...itemSummary(item as ItemDoc, true),
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
    return { item: itemSummary(item, true), left, right };
  }

  async listItems(principal: Principal, bankId: string, query: ItemListQuery): Promise<Page<ItemSummary>> {
    const bank = await this.banks.bankFor(principal, bankId, 'bank.view');
    const withStems = mayOnBank(principal, 'items.read', bank);
    // From the in-process copy of the bank's rows at the revision just read (see item-list.ts).
    const rows = await bankItemRows(bank, async () => (await ItemModel.find({ bankId: bank._id, ...(await visibleItems()) }).sort({ code: 1 }).lean()) as ItemDoc[]);
    const { point, type, level, status, q } = query;
    const matches = selectItemRows(rows, { point, type, level, status, q, authorId: query.mine ? principal.id : undefined, unplaced: Boolean(query.unplaced), searchStems: withStems });
    const start = (query.page - 1) * query.pageSize;
    return { items: matches.slice(start, start + query.pageSize).map((d) => itemSummary(d, withStems)), total: matches.length, page: query.page, pageSize: query.pageSize };
  }

  /** The content of exact item versions (what a paper pins), by item id. */
  async pinnedContents(pins: ReadonlyArray<{ itemId: string; version: number }>): Promise<Map<string, ItemContent>> {
    // Each version by its own indexed equality: an `$in` is evaluated after a full scan on FerretDB.
    const versions = await findEach(
      ItemVersionModel,
      pins.map((p) => ({ itemId: new mongoose.Types.ObjectId(p.itemId), version: p.version })),
      { projection: { itemId: 1, version: 1, content: 1 } },
    );
    const out = new Map<string, ItemContent>();
    for (const v of versions) if (v) out.set(String(v.itemId), v.content as ItemContent);
    return out;
  }
}
