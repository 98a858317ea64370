import { questionTypes } from '../question-types';
import { randomUUID } from 'node:crypto';
import { ObjectIdString, objectIdOr404 } from '../platform/ids';
import mongoose from 'mongoose';
import { z } from 'zod';
import { HttpProblem, problems, fieldErrorsFromZod } from '../platform/problem';
import { registerProblemMapper } from '../platform/errors';
import type { Principal } from '../platform/routing';
import type { Page, PageQuery } from '../platform/pagination';
import { recordAudit, type Actor } from '../audit/service';
import { withAudit } from '../audit/intents';
import type { Action } from '../identity/roles';
import { LevelSchema, type Level } from '../standards/schemas';
import type { BankService } from '../bank/service';
import { BankModel, type BankDoc, type ReleaseDoc } from '../bank/model';
import type { ItemContent } from '../bank/item-schema';
import {
  BlueprintSchema,
  BlueprintSectionSchema,
  BlueprintCellSchema,
  ImportanceRuleSchema,
  DifficultyBandSchema,
  ExposurePolicySchema,
  PoolIndexCache,
  poolItemsFromRelease,
  theoryBlueprint,
  skillBlueprint,
  deriveCells,
  weightsAtLevel,
  checkFeasibility,
  assemblePaper,
  assembleParallelForms,
  checkPaper,
  reproducePaper,
  analysePaper,
  isAssemblyError,
  type Blueprint,
  type Infeasibility,
  type Paper,
  type PaperAnalysis,
  type PoolIndex,
} from './engine';
import { blueprintView, paperView, type BlueprintView, type FeasibilityReport, type PaperView } from './views';
import { BlueprintModel, ExposureSnapshotModel, PaperModel, type BlueprintDoc, type PaperDoc } from './model';
import { effectiveFacility, type DifficultyMeasure } from '../statistics/measured';
import type { MeasuredDifficulty } from '../statistics/model';

/** Where measured difficulties come from (the statistics service): immutable snapshots per release. */
export interface MeasuredDifficulties {
  currentDifficultySnapshot(releaseId: mongoose.Types.ObjectId): Promise<string>;
  difficultySnapshot(id: string): Promise<{ items: MeasuredDifficulty[] } | null>;
}

/** Which measured difficulties a pool uses: a snapshot (`none`: the writers' estimates), the measure and the threshold. */
export interface DifficultyBasis {
  snapshotId: string;
  measure: DifficultyMeasure;
  minResponses: number;
}
const WRITERS_ESTIMATES: DifficultyBasis = { snapshotId: 'none', measure: 'facility', minResponses: 30 };


export const BlueprintInputSchema = z.object({
  name: z.string().trim().min(1).max(120),
  level: LevelSchema,
  part: z.enum(['theory', 'skill']).default('theory'),
  /** Sections in order; defaults: theory 判断 20×1 + 单选 80×1 (technician levels add 多选), skill one task per assessed function, weighted by the skill weight table. */
  sections: z.array(BlueprintSectionSchema).min(1).max(10).optional(),
  /** Cells set by hand; when absent they are derived from the standard's weight table. */
  cells: z.array(BlueprintCellSchema).min(1).max(1000).optional(),
  dimension: z.enum(['function', 'scope']).default('function'),
  importanceMix: z.array(ImportanceRuleSchema).max(10).optional(),
  difficulty: DifficultyBandSchema.optional(),
  /** Once items have ITEM_STATS_MIN_RESPONSES responses: draw by measured facility (default) or by Rasch difficulty. */
  difficultyMeasure: z.enum(['facility', 'rasch']).optional(),
  exposure: ExposurePolicySchema.optional(),
  itemOrder: z.enum(['shuffle', 'cell']).optional(),
  durationMinutes: z.number().int().min(1).max(600).optional(),
  /** The release to check feasibility against (default: the bank's latest). */
  releaseId: ObjectIdString.optional(),
});
export type BlueprintInput = z.input<typeof BlueprintInputSchema>;

/** An assembly refusal as a 422 problem whose `infeasible` names every cell that cannot be met. */
export function infeasibleProblem(infeasible: Infeasibility[]): HttpProblem {
  return problems.unprocessable('assembly-infeasible', `No paper can meet this blueprint: ${infeasible.map((i) => i.message).slice(0, 5).join('; ')}`, { extensions: { infeasible } });
}

// An AssemblyError that escapes a service method (a blueprint whose cells do not add up, say) is a 422.
registerProblemMapper((error) => (isAssemblyError(error) ? infeasibleProblem(error.infeasible) : undefined));

/**
 * Blueprints (组卷方案), paper assembly from immutable releases, and verification. The pool a
 * paper is drawn from is built once per (release, exposure snapshot) and cached in the process;
 * it is rebuilt from plain rows, so any instance can serve any request.
 */
export class AssemblyService {
  readonly cache = new PoolIndexCache({ maxEntries: 8 });

  constructor(
    private readonly bank: BankService,
    private readonly options: { snapshotMaxAgeMs: number; itemStatsMinResponses?: number; difficulty?: MeasuredDifficulties } = { snapshotMaxAgeMs: 10 * 60_000 },
  ) {}

  // ---- pools -----------------------------------------------------------------------------

  /** The difficulty basis a new paper of this blueprint and release uses now. */
  async currentDifficulty(release: ReleaseDoc, blueprint: Blueprint): Promise<DifficultyBasis> {
    const snapshotId = this.options.difficulty ? await this.options.difficulty.currentDifficultySnapshot(release._id) : 'none';
    return { snapshotId, measure: blueprint.difficultyMeasure ?? 'facility', minResponses: this.options.itemStatsMinResponses ?? WRITERS_ESTIMATES.minResponses };
  }

  /**
   * The facility of each release row for the pool: the writer's estimate, or — once measured
   * with enough responses — the measured one (see `effectiveFacility`).
   */
  private async facilities(difficulty: DifficultyBasis): Promise<(itemId: string, version: number, writer: number) => number> {
    if (difficulty.snapshotId === 'none' || !this.options.difficulty) return (_id, _v, writer) => writer;
    const snapshot = await this.options.difficulty.difficultySnapshot(difficulty.snapshotId);
    if (!snapshot) throw new Error(`difficulty snapshot ${difficulty.snapshotId} is missing`);
    const measured = new Map(snapshot.items.map((m) => [`${m.itemId}@${m.version}`, m]));
    return (itemId, version, writer) => effectiveFacility(writer, measured.get(`${itemId}@${version}`), difficulty.measure, difficulty.minResponses).facility;
  }

  async poolFor(bankDoc: BankDoc, release: ReleaseDoc, snapshotId: string, difficulty: DifficultyBasis = WRITERS_ESTIMATES): Promise<PoolIndex> {
    const difficultyKey = difficulty.snapshotId === 'none' ? 'writers' : `${difficulty.snapshotId}:${difficulty.measure}:${difficulty.minResponses}`;
    return this.cache.getOrBuild(`${String(release._id)}@${snapshotId}@${difficultyKey}`, async () => {
      const [rows, { points }, facilityOf] = await Promise.all([this.bank.releaseItems(release._id), this.bank.pointsOf(bankDoc), this.facilities(difficulty)]);
      const exposure = new Map<string, number>();
      if (snapshotId !== 'none') {
        const snapshot = await ExposureSnapshotModel.findById(snapshotId).lean();
        if (!snapshot) throw new Error(`exposure snapshot ${snapshotId} is missing`);
        for (const c of snapshot.counts) exposure.set(c.itemId, c.n);
      }
      const { items } = poolItemsFromRelease(
        rows.map((r) => ({
          itemId: String(r.itemId),
          version: r.version,
          type: r.type,
          pointCode: r.pointCode,
          levels: r.levels,
          facility: facilityOf(String(r.itemId), r.version, r.facility),
          enemyGroup: r.enemyGroup,
          optionCount: r.optionCount,
          keepOptionOrder: r.keepOptionOrder,
          points: r.points,
        })),
        (code) => points.get(code),
        (id) => exposure.get(id) ?? 0,
      );
      return items;
    });
  }

  /**
   * The exposure snapshot new papers of a release use: the latest one while it is fresh (or no
   * paper was added since), otherwise a new one counted from the papers. `none` before any paper.
   */
  async currentSnapshot(releaseId: mongoose.Types.ObjectId): Promise<string> {
    const paperCount = await PaperModel.countDocuments({ releaseId });
    if (paperCount === 0) return 'none';
    const latest = await ExposureSnapshotModel.findOne({ releaseId }, { counts: 0 }).sort({ createdAt: -1 }).lean();
    if (latest && (latest.paperCount === paperCount || Date.now() - latest.createdAt.getTime() < this.options.snapshotMaxAgeMs)) return String(latest._id);
    const counts = await PaperModel.aggregate<{ _id: string; n: number }>([{ $match: { releaseId } }, { $unwind: '$paper.items' }, { $group: { _id: '$paper.items.itemId', n: { $sum: 1 } } }]);
    const created = await ExposureSnapshotModel.create({ releaseId, counts: counts.map((c) => ({ itemId: c._id, n: c.n })), paperCount });
    return String(created._id);
  }

  private async release(bankDoc: BankDoc, releaseId: string | undefined): Promise<ReleaseDoc> {
    const release = await this.bank.publishedRelease(bankDoc._id, releaseId);
    if (!release) throw releaseId ? problems.notFound('No such release.') : new HttpProblem(409, 'no-release', 'The bank has no published release to draw from.');
    return release;
  }

  // ---- blueprints --------------------------------------------------------------------------

  /** The engine blueprint for the input: sections and cells defaulted and derived from the standard. */
  private async compose(bankDoc: BankDoc, input: z.infer<typeof BlueprintInputSchema>): Promise<{ blueprint: Blueprint; distribution: 'derived' | 'override' }> {
    const { standard } = await this.bank.pointsOf(bankDoc);
    const level = input.level as Level;
    const common = {
      ...(input.importanceMix ? { importanceMix: input.importanceMix } : {}),
      ...(input.difficulty ? { difficulty: input.difficulty } : {}),
      ...(input.difficultyMeasure ? { difficultyMeasure: input.difficultyMeasure } : {}),
      ...(input.exposure ? { exposure: input.exposure } : {}),
      ...(input.itemOrder ? { itemOrder: input.itemOrder } : {}),
      ...(input.durationMinutes ? { durationMinutes: input.durationMinutes } : {}),
      name: input.name,
    };
    const distribution = input.cells ? 'override' : 'derived';
    try {
      if (input.part === 'theory') {
        return { blueprint: theoryBlueprint(standard, level, { ...common, ...(input.sections ? { sections: input.sections } : {}), ...(input.cells ? { cells: input.cells } : {}), dimension: input.dimension }), distribution };
      }
      // By default the skill weight table decides: one task per function assessed at the level,
      // weighted as the table says (50 / 35 / 15 → tasks of 50, 35 and 15 points).
      const taskType = questionTypes.ofPart('skill')[0]!;
      if (!input.sections && !input.cells) {
        return { blueprint: skillBlueprint(standard, level, { ...common, taskType: taskType.name, totalMarks: taskType.defaults.points }), distribution };
      }
      const sections = input.sections ?? [{ type: taskType.name, count: 1, pointsPerItem: taskType.defaults.points, title: '技能操作' }];
      const cells = input.cells ?? deriveCells(standard.weightTables.skill.rows, level, sections);
      const duration = input.durationMinutes ?? standard.levels.find((l) => l.level === level)?.parts.find((p) => p.part === 'skill')?.durationMinutes;
      const parsed = BlueprintSchema.safeParse({ ...common, level, part: 'skill', sections, cells, ...(duration ? { durationMinutes: duration } : {}) });
      if (!parsed.success) throw problems.validation(fieldErrorsFromZod(parsed.error, 'body'));
      return { blueprint: parsed.data, distribution };
    } catch (error) {
      if (error instanceof HttpProblem) throw error;
      if (error instanceof z.ZodError) throw problems.validation(fieldErrorsFromZod(error, 'body'));
      if (error instanceof RangeError) throw problems.validation([{ path: 'body', message: error.message }]);
      throw error;
    }
  }

  /** Which cells a release cannot fill for this blueprint, each with what it needs and has. */
  async feasibility(bankDoc: BankDoc, blueprint: Blueprint, releaseId: string | undefined, forms = 1): Promise<FeasibilityReport> {
    const release = await this.release(bankDoc, releaseId);
    const index = await this.poolFor(bankDoc, release, await this.currentSnapshot(release._id), await this.currentDifficulty(release, blueprint));
    const infeasible = checkFeasibility(index, blueprint, forms);
    return { releaseId: String(release._id), releaseNumber: release.number, forms, ok: infeasible.length === 0, infeasible };
  }

  async createBlueprint(principal: Principal, bankId: string, body: unknown, actor: Actor): Promise<{ blueprint: BlueprintView; feasibility: FeasibilityReport }> {
    const bankDoc = await this.bank.bankFor(principal, bankId, 'blueprints.manage');
    const input = parseInput(body);
    const { blueprint, distribution } = await this.compose(bankDoc, input);
    const feasibility = await this.feasibility(bankDoc, blueprint, input.releaseId);
    const id = new mongoose.Types.ObjectId();
    const intent = { action: 'blueprint.create', target: { type: 'blueprint', id: String(id), label: input.name }, details: { bankId, level: input.level, feasible: feasibility.ok }, probe: { collection: BlueprintModel.collection.name, filter: { _id: id } } };
    const doc = await withAudit(actor, intent, () =>
      BlueprintModel.create({
        _id: id,
        bankId: bankDoc._id,
        name: input.name,
        level: input.level,
        part: input.part,
        distribution,
        blueprint,
        revision: 1,
        feasibility: { releaseId: feasibility.releaseId, releaseNumber: feasibility.releaseNumber, ok: feasibility.ok, infeasible: feasibility.infeasible, checkedAt: new Date() },
        createdBy: principal.id,
      }),
    );
    return { blueprint: blueprintView(doc.toObject()), feasibility };
  }

  async updateBlueprint(principal: Principal, id: string, body: unknown, revision: number, actor: Actor): Promise<{ blueprint: BlueprintView; feasibility: FeasibilityReport }> {
    const { doc, bankDoc } = await this.blueprintFor(principal, id, 'blueprints.manage');
    const input = parseInput(body);
    const { blueprint, distribution } = await this.compose(bankDoc, input);
    const feasibility = await this.feasibility(bankDoc, blueprint, input.releaseId);
    const intent = { action: 'blueprint.update', target: { type: 'blueprint', id, label: input.name }, details: { revision: revision + 1, feasible: feasibility.ok }, probe: { collection: BlueprintModel.collection.name, filter: { _id: doc._id, revision: { $gte: revision + 1 } } } };
    const updated = await withAudit(actor, intent, async () => {
      const result = await BlueprintModel.findOneAndUpdate(
        { _id: doc._id, revision },
        {
          $set: {
            name: input.name,
            level: input.level,
            part: input.part,
            distribution,
            blueprint,
            feasibility: { releaseId: feasibility.releaseId, releaseNumber: feasibility.releaseNumber, ok: feasibility.ok, infeasible: feasibility.infeasible, checkedAt: new Date() },
          },
          $inc: { revision: 1 },
        },
        { returnDocument: 'after', lean: true },
      );
      if (!result) throw problems.conflict(`The blueprint changed since revision ${revision}; reload it and apply your change again.`, { currentRevision: doc.revision });
      return result;
    });
    return { blueprint: blueprintView(updated as BlueprintDoc), feasibility };
  }

  async blueprintFor(principal: Principal, id: string, action: Action): Promise<{ doc: BlueprintDoc; bankDoc: BankDoc }> {
    const doc = (await BlueprintModel.findById(objectIdOr404(id, 'blueprint')).lean()) as BlueprintDoc | null;
    if (!doc) throw problems.notFound('No such blueprint.');
    const bankDoc = await this.bank.bankFor(principal, String(doc.bankId), action).catch(() => {
      throw problems.notFound('No such blueprint.');
    });
    return { doc, bankDoc };
  }

  async getBlueprint(principal: Principal, id: string): Promise<BlueprintView> {
    return blueprintView((await this.blueprintFor(principal, id, 'bank.view')).doc);
  }

  async listBlueprints(principal: Principal, bankId: string): Promise<BlueprintView[]> {
    const bankDoc = await this.bank.bankFor(principal, bankId, 'bank.view');
    const docs = await BlueprintModel.find({ bankId: bankDoc._id }).sort({ level: -1, name: 1 }).lean();
    return docs.map((d) => blueprintView(d as BlueprintDoc));
  }

  /** The default blueprint of a level, derived from the standard (not saved). */
  async defaultBlueprint(principal: Principal, bankId: string, level: Level, part: 'theory' | 'skill'): Promise<Blueprint> {
    const bankDoc = await this.bank.bankFor(principal, bankId, 'bank.view');
    return (await this.compose(bankDoc, BlueprintInputSchema.parse({ name: `${part === 'theory' ? '理论知识' : '技能操作'} ${level} 级默认方案`, level, part }))).blueprint;
  }

  // ---- papers ------------------------------------------------------------------------------

  private async drawContext(principal: Principal, blueprintId: string, releaseId: string | undefined, action: Action) {
    const { doc, bankDoc } = await this.blueprintFor(principal, blueprintId, action);
    const release = await this.release(bankDoc, releaseId);
    const snapshotId = await this.currentSnapshot(release._id);
    const difficulty = await this.currentDifficulty(release, doc.blueprint);
    const index = await this.poolFor(bankDoc, release, snapshotId, difficulty);
    return { doc, bankDoc, release, snapshotId, difficulty, index };
  }

  /** Item codes of the given items in a release (and its parent release, for sub-banks). */
  private async codesOf(release: ReleaseDoc, itemIds: string[]): Promise<Map<string, string>> {
    return this.bank.releaseItemCodes(release, itemIds);
  }

  /** Draws a paper without keeping it: the paper and its 试卷细目分析表. */
  async preview(principal: Principal, input: { blueprintId: string; releaseId?: string; seed?: string }, actor: Actor): Promise<{ paper: Omit<Paper, 'items'> & { items: Array<Paper['items'][number] & { code: string }> }; analysis: PaperAnalysis; releaseId: string; releaseNumber: number; exposureSnapshotId: string }> {
    const ctx = await this.drawContext(principal, input.blueprintId, input.releaseId, 'papers.assemble');
    const seed = input.seed ?? randomUUID();
    const paper = this.draw(() => assemblePaper(ctx.index, ctx.doc.blueprint, seed));
    const codes = await this.codesOf(ctx.release, paper.items.map((i) => i.itemId));
    const { standard } = await this.bank.pointsOf(ctx.bankDoc);
    const analysis = analysePaper(paper, ctx.doc.blueprint, { weights: { function: weightsAtLevel(standard.weightTables[ctx.doc.part].rows, ctx.doc.level as Level) } });
    await recordAudit(actor, { action: 'paper.preview', target: { type: 'blueprint', id: input.blueprintId, label: ctx.doc.name }, details: { releaseId: String(ctx.release._id), seed } });
    return { paper: { ...paper, items: paper.items.map((i) => ({ ...i, code: codes.get(i.itemId) ?? '' })) }, analysis, releaseId: String(ctx.release._id), releaseNumber: ctx.release.number, exposureSnapshotId: ctx.snapshotId };
  }

  private draw<T>(fn: () => T): T {
    try {
      return fn();
    } catch (error) {
      if (isAssemblyError(error)) throw infeasibleProblem(error.infeasible);
      throw error;
    }
  }

  /** Draws and keeps a paper (一人一卷) or a set of parallel forms (A/B卷). Papers are immutable. */
  async assemble(principal: Principal, input: { blueprintId: string; releaseId?: string; seed?: string; forms?: number; maxSharedFraction?: number; label?: string }, actor: Actor): Promise<PaperView[]> {
    const ctx = await this.drawContext(principal, input.blueprintId, input.releaseId, 'papers.assemble');
    const seed = input.seed ?? randomUUID();
    const forms = input.forms ?? 1;
    const papers = this.draw(() =>
      forms > 1 ? assembleParallelForms(ctx.index, ctx.doc.blueprint, seed, { forms, maxSharedFraction: input.maxSharedFraction ?? 0, maxFacilityGap: 0.02 }) : [assemblePaper(ctx.index, ctx.doc.blueprint, seed)],
    );
    const formSetId = forms > 1 ? randomUUID() : undefined;
    const ids = papers.map(() => new mongoose.Types.ObjectId());
    const intent = {
      action: 'paper.create',
      target: { type: 'blueprint', id: input.blueprintId, label: ctx.doc.name },
      details: { papers: ids.map(String), forms, seed, releaseId: String(ctx.release._id) },
      probe: { collection: PaperModel.collection.name, filter: { _id: ids[ids.length - 1] } },
    };
    const docs = await withAudit(actor, intent, () =>
      PaperModel.insertMany(
        papers.map((paper, i) => ({
          _id: ids[i],
          bankId: ctx.bankDoc._id,
          releaseId: ctx.release._id,
          releaseNumber: ctx.release.number,
          releaseHash: ctx.release.hash,
          blueprintId: ctx.doc._id,
          blueprintRevision: ctx.doc.revision,
          blueprintName: ctx.doc.name,
          blueprint: ctx.doc.blueprint,
          exposureSnapshotId: ctx.snapshotId,
          ...difficultyField(ctx.difficulty),
          paper,
          ...(formSetId ? { formSetId } : {}),
          label: forms > 1 ? `${input.label ?? ctx.doc.name} ${String.fromCharCode(65 + i)}卷` : (input.label ?? ctx.doc.name),
          createdBy: principal.id,
          createdByName: principal.displayName,
        })),
      ),
    );
    const codes = await this.codesOf(ctx.release, papers.flatMap((p) => p.items.map((i) => i.itemId)));
    return docs.map((d) => paperView(d.toObject() as PaperDoc, codes));
  }

  /**
   * Papers for an exam session, drawn on the session service's authority (it has checked the
   * centre's staff): one per seed (一人一卷), or `forms` parallel forms. Kept like any paper, in
   * chunks, with one audit entry for the batch.
   */
  async drawForSession(input: { blueprintId: string; releaseId: string; sessionId: string; label: string; seeds?: string[]; forms?: number; createdBy: { id: string; name: string } }, actor: Actor): Promise<string[]> {
    const doc = (await BlueprintModel.findById(objectIdOr404(input.blueprintId, 'blueprint')).lean()) as BlueprintDoc | null;
    if (!doc) throw problems.notFound('No such blueprint.');
    const bankDoc = (await BankModel.findById(doc.bankId).lean()) as BankDoc | null;
    if (!bankDoc) throw problems.notFound('No such bank.');
    const release = await this.release(bankDoc, input.releaseId);
    const snapshotId = await this.currentSnapshot(release._id);
    const difficulty = await this.currentDifficulty(release, doc.blueprint);
    const index = await this.poolFor(bankDoc, release, snapshotId, difficulty);
    const forms = input.forms ?? 1;
    const papers = this.draw(() =>
      input.seeds ? input.seeds.map((seed) => assemblePaper(index, doc.blueprint, seed)) : forms > 1 ? assembleParallelForms(index, doc.blueprint, `${input.sessionId}:forms`, { forms, maxSharedFraction: 0, maxFacilityGap: 0.02 }) : [assemblePaper(index, doc.blueprint, `${input.sessionId}:form`)],
    );
    const formSetId = !input.seeds && forms > 1 ? randomUUID() : undefined;
    const ids = papers.map(() => new mongoose.Types.ObjectId());
    const intent = {
      action: 'paper.create',
      target: { type: 'session', id: input.sessionId, label: input.label },
      details: { papers: ids.length, forms: input.seeds ? 1 : forms, blueprintId: input.blueprintId, releaseId: String(release._id) },
      probe: { collection: PaperModel.collection.name, filter: { _id: ids[ids.length - 1] } },
    };
    await withAudit(actor, intent, async () => {
      for (let start = 0; start < papers.length; start += 200) {
        await PaperModel.insertMany(
          papers.slice(start, start + 200).map((paper, offset) => ({
            _id: ids[start + offset],
            bankId: bankDoc._id,
            releaseId: release._id,
            releaseNumber: release.number,
            releaseHash: release.hash,
            blueprintId: doc._id,
            blueprintRevision: doc.revision,
            blueprintName: doc.name,
            blueprint: doc.blueprint,
            exposureSnapshotId: snapshotId,
            ...difficultyField(difficulty),
            paper,
            ...(formSetId ? { formSetId } : {}),
            label: formSetId ? `${input.label} ${String.fromCharCode(65 + start + offset)}卷` : input.label,
            createdBy: input.createdBy.id,
            createdByName: input.createdBy.name,
          })),
        );
      }
    });
    return ids.map(String);
  }

  async paperFor(principal: Principal, id: string, action: Action): Promise<{ doc: PaperDoc; bankDoc: BankDoc }> {
    const doc = (await PaperModel.findById(objectIdOr404(id, 'paper')).lean()) as PaperDoc | null;
    if (!doc) throw problems.notFound('No such paper.');
    const bankDoc = await this.bank.bankFor(principal, String(doc.bankId), action).catch((error: unknown) => {
      if (error instanceof HttpProblem && error.status === 404) throw problems.notFound('No such paper.');
      throw error;
    });
    return { doc, bankDoc };
  }

  /** A stored paper and its bank, for callers that made their own access decision (a session's centre printing it). */
  async storedPaper(id: string): Promise<{ doc: PaperDoc; bankDoc: BankDoc }> {
    const doc = (await PaperModel.findById(objectIdOr404(id, 'paper')).lean()) as PaperDoc | null;
    const bankDoc = doc ? ((await BankModel.findById(doc.bankId).lean()) as BankDoc | null) : null;
    if (!doc || !bankDoc) throw problems.notFound('没有这份试卷。');
    return { doc, bankDoc };
  }

  /** The pinned content of each item on a paper (for display by those who may read item bodies). */
  async paperContents(paper: Paper): Promise<Map<string, ItemContent>> {
    return this.bank.pinnedContents(paper.items);
  }

  async getPaper(principal: Principal, id: string): Promise<PaperView> {
    const { doc } = await this.paperFor(principal, id, 'papers.verify');
    const release = await this.bank.releaseById(doc.releaseId);
    if (!release) throw new HttpProblem(409, 'release-missing', 'The release this paper was drawn from is missing.');
    return paperView(doc, await this.codesOf(release, doc.paper.items.map((i) => i.itemId)));
  }

  async listPapers(principal: Principal, bankId: string, query: PageQuery): Promise<Page<PaperView>> {
    const bankDoc = await this.bank.bankFor(principal, bankId, 'papers.verify');
    const [docs, total] = await Promise.all([
      PaperModel.find({ bankId: bankDoc._id }).sort({ createdAt: -1 }).skip((query.page - 1) * query.pageSize).limit(query.pageSize).lean(),
      PaperModel.countDocuments({ bankId: bankDoc._id }),
    ]);
    return { items: docs.map((d) => paperView(d as PaperDoc, new Map())), total, page: query.page, pageSize: query.pageSize };
  }

  /**
   * Rebuilds the paper from its seed, release, blueprint snapshot and exposure snapshot, and
   * confirms it is identical; also re-checks every blueprint constraint on the stored paper.
   */
  async verify(principal: Principal, id: string, actor: Actor): Promise<{ paperId: string; identical: boolean; reason?: string; differences: string[]; violations: Array<{ code: string; message: string }>; releaseUnchanged: boolean }> {
    const { doc, bankDoc } = await this.paperFor(principal, id, 'papers.verify');
    const release = await this.bank.releaseById(doc.releaseId);
    if (!release) throw new HttpProblem(409, 'release-missing', 'The release this paper was drawn from is missing.');
    const index = await this.poolFor(bankDoc, release, doc.exposureSnapshotId, paperDifficulty(doc));
    const reproduction = reproducePaper(doc.paper, index, doc.blueprint);
    const violations = checkPaper(doc.paper, index, doc.blueprint).map((v) => ({ code: v.code, message: v.message }));
    const result = {
      paperId: id,
      identical: reproduction.identical,
      ...(reproduction.identical ? {} : { reason: reproduction.reason }),
      differences: reproduction.identical ? [] : (reproduction.differences ?? []),
      violations,
      releaseUnchanged: release.hash === doc.releaseHash,
    };
    await recordAudit(actor, { action: 'paper.verify', target: { type: 'paper', id, label: doc.label }, details: { identical: result.identical, violations: violations.length } });
    return result;
  }
}

/** What a paper records of its difficulty basis (nothing when drawn by the writers' estimates). */
function difficultyField(difficulty: DifficultyBasis): Pick<PaperDoc, 'difficulty'> {
  return difficulty.snapshotId === 'none' ? {} : { difficulty: { snapshotId: difficulty.snapshotId, minResponses: difficulty.minResponses } };
}

/** The difficulty basis a stored paper was drawn with (its blueprint snapshot holds the measure). */
export function paperDifficulty(doc: Pick<PaperDoc, 'difficulty' | 'blueprint'>): DifficultyBasis {
  if (!doc.difficulty) return WRITERS_ESTIMATES;
  return { snapshotId: doc.difficulty.snapshotId, measure: doc.blueprint.difficultyMeasure ?? 'facility', minResponses: doc.difficulty.minResponses };
}

function parseInput(body: unknown): z.infer<typeof BlueprintInputSchema> {
  const parsed = BlueprintInputSchema.safeParse(body);
  if (!parsed.success) throw problems.validation(fieldErrorsFromZod(parsed.error, 'body'));
  return parsed.data;
}

export { blueprintView, paperView, type BlueprintView, type FeasibilityReport, type PaperView } from './views';
