import { ObjectIdString, objectIdOr404 } from '../platform/ids';
import mongoose from 'mongoose';
import { z } from 'zod';
import { problems, HttpProblem } from '../platform/problem';
import type { Principal } from '../platform/routing';
import type { Page, PageQuery } from '../platform/pagination';
import type { Actor } from '../audit/service';
import { withAudit } from '../audit/intents';
import type { Action } from '../identity/roles';
import type { ScopeDirectory } from '../identity/scopes';
import { holdsAnywhere, type Decision } from '../identity/access';
import type { StandardsService, StandardView } from '../standards/service';
import { indexPoints, type PointFacts } from '../standards/point-index';
import type { Occupation } from '../standards/schemas';
import { BankModel, ItemModel, type BankDoc, type VersionState, type ItemStatus } from './model';
import { bankScopesOf, decideOnBank, mayOnBank } from './access';

import { bankView, type BankView } from './views';
import { visibleItems } from './items';

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
    if (b.tier === 'national' && b.parentBankId) ctx.addIssue({ code: 'custom', path: ['parentBankId'], message: 'a national bank has no parent', params: { i18n: 'validation.rule.nationalNoParent' } });
    if (b.tier !== 'national' && !b.parentBankId) ctx.addIssue({ code: 'custom', path: ['parentBankId'], message: 'a provincial or industry sub-bank needs a parent bank', params: { i18n: 'validation.rule.subBankNeedsParent' } });
  });
export type CreateBankInput = z.input<typeof CreateBankSchema>;

/**
 * Banks (national banks and their provincial or industry sub-banks): creation, lists, the
 * access decision on a bank, and the appraisal points of its standard.
 */
export class BankDirectory {
  private readonly pointIndexes = new Map<string, { revision: number; points: Map<string, PointFacts> }>();


  constructor(private readonly standards: StandardsService) {}

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

  /** The banks on which the principal holds `action` (by default: may see them). */
  async listBanks(principal: Principal, query: PageQuery & { occupation?: string }, action: Action = 'bank.view'): Promise<Page<BankView>> {
    const scopes = bankScopesOf(principal, action);
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

  /** How many visible items of a bank wait for a writer to choose their point (待指定鉴定点). */
  async unplacedCount(bankId: string): Promise<number> {
    // Equality on the indexed bankId + pointCode, which FerretDB evaluates itself.
    return ItemModel.countDocuments({ bankId: objectIdOr404(bankId, 'bank'), pointCode: '', retired: false, ...(await visibleItems()) });
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
}

/** Banks as grant scopes: does one exist, and every bank labelled by code and name (for the grant picker). */
export const bankScopeDirectory: ScopeDirectory = {
  type: 'bank',
  exists: async (id) => /^[0-9a-f]{24}$/i.test(id) && (await BankModel.exists({ _id: new mongoose.Types.ObjectId(id) })) !== null,
  choices: async () => (await BankModel.find({}, { code: 1, name: 1 }).lean()).map((b) => ({ id: String(b._id), label: `${b.code} ${b.name}` })).sort((a, b) => a.label.localeCompare(b.label)),
};
