import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { objectIdOr404 } from '../platform/ids';
import type { Writable } from 'node:stream';
import mongoose from 'mongoose';
import { HttpProblem, problems } from '../platform/problem';
import { findEach } from '../platform/find-each';
import { touchBankItems } from './item-list';
import { registerProblemMapper } from '../platform/errors';
import { ArchiveLimitError } from './interchange/archive-limits';
import { XmlRefusedError } from './interchange/foreign/xml-safety';
import { writeMoodleXml } from './interchange/foreign/moodle';
import { writeGift } from './interchange/foreign/gift';
import { writeQtiPackage } from './interchange/foreign/qti';
import type { Principal } from '../platform/routing';
import { recordAudit, type Actor } from '../audit/service';
import { withAudit } from '../audit/intents';
import {
  readBankExport,
  writeBankExport,
  writeItemsXlsx,
  writeTemplateXlsx,
  pointResolverFromStandard,
  codeSeries,
  type BankExportItemInput,
  type ItemStatus as ExportStatus,
} from './interchange';
import { pointErrors, contentHash, stemPlainText } from './content';
import type { ItemContent } from './item-schema';
import {
  ItemModel,
  ItemVersionModel,
  ItemCodeCounterModel,
  ImportJobModel,
  ImportSettingsModel,
  stagingCollection,
  dropStaging,
  ReleaseItemModel,
  BankModel,
  type BankDoc,
  type ImportIssue,
  type ImportJobDoc,
  type ImportStagedItem,
  stagedChunk,
  stagedItems,
  STAGING_CHUNK_ITEMS,
  STAGING_CHUNK_BYTES,
  type ItemDoc,
  type ItemVersionDoc,
  type VersionState,
  type ReleaseDoc,
} from './model';
import { visibleItems, type BankService } from './service';
import { isUnplaced } from './placement';
import { t } from '../i18n/translate';
import { openImportSource, type ImportSource } from './import-sources';
import { isFieldKey, type HeaderChoice } from './interchange/foreign/headers';
import type { ImportDefaults } from './interchange/foreign/records';

/** What a bank or release can be downloaded as. */
export const EXPORT_FORMATS = ['json', 'xlsx', 'moodle', 'gift', 'qti'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** The admin's part in a mapped import: column choices and the defaults for empty cells. */
export interface ImportChoices {
  choices?: HeaderChoice[];
  defaults?: ImportDefaults;
  /** Moodle/GIFT: the point each category's items get. */
  categoryPoints?: Array<{ category: string; pointCode: string }>;
}

/** Defaults without blanks, so an empty form field never overrides anything. */
function cleanDefaults(defaults: ImportDefaults): ImportDefaults {
  return Object.fromEntries(Object.entries(defaults).filter(([, v]) => typeof v === 'string' && v.trim() !== '').map(([k, v]) => [k, (v as string).trim()])) as ImportDefaults;
}

// XML with a DOCTYPE (XXE, entity bombs) is refused as a whole, like a hostile archive.
registerProblemMapper((error) =>
  error instanceof XmlRefusedError ? new HttpProblem(422, 'xml-refused', `${error.messageZh} ${error.message}`, { errors: [{ path: 'body.file', message: error.messageZh, code: 'xml.doctype' }] }) : undefined,
);

// A hostile archive is refused as a whole (the dry run keeps no job, no staging, no file).
registerProblemMapper((error) =>
  error instanceof ArchiveLimitError
    ? new HttpProblem(422, 'archive-limit', `${error.messageZh} ${error.message}`, {
        errors: [{ path: 'body.file', message: error.messageZh, code: `archive.${error.limit}` }],
        extensions: { limit: error.limit, max: error.max },
      })
    : undefined,
);

const BATCH = 1000;
const MAX_REPORTED_ERRORS = 1000;

/** A job's report as the API shows it: the job's counts and errors, with string ids and dates. */
export type ImportReport = Pick<ImportJobDoc, 'status' | 'format' | 'fileName' | 'mode' | 'rows' | 'validRows' | 'additions' | 'updates' | 'errorCount' | 'errors' | 'truncated' | 'encoding' | 'sheets' | 'defaults' | 'skipped' | 'categories' | 'unplacedItems'> & {
  /** Items without an appraisal point: imported as drafts, 待指定鉴定点. */
  unplaced: number;
  jobId: string;
  canCommit: boolean;
  result?: ImportJobDoc['result'];
  failure?: string;
  createdAt: string;
};

function report(job: ImportJobDoc): ImportReport {
  return {
    jobId: String(job._id),
    status: job.status,
    format: job.format,
    ...(job.encoding ? { encoding: job.encoding } : {}),
    ...(job.sheets?.length ? { sheets: job.sheets } : {}),
    ...(job.skipped?.length ? { skipped: job.skipped } : {}),
    ...(job.categories?.length ? { categories: job.categories } : {}),
    ...(job.defaults && Object.keys(job.defaults).length ? { defaults: job.defaults } : {}),
    fileName: job.fileName,
    mode: job.mode,
    rows: job.rows,
    validRows: job.validRows,
    additions: job.additions,
    updates: job.updates,
    errorCount: job.errorCount,
    errors: job.errors,
    unplaced: job.unplaced ?? 0,
    ...(job.unplacedItems?.length ? { unplacedItems: job.unplacedItems } : {}),
    truncated: job.truncated,
    canCommit: job.status === 'ready',
    ...(job.result ? { result: job.result } : {}),
    ...(job.failure ? { failure: job.failure } : {}),
    createdAt: job.createdAt.toISOString(),
  };
}

const EXPORT_STATUS: Record<VersionState | 'retired', ExportStatus> = {
  draft: 'draft',
  submitted: 'in_review',
  approved: 'approved',
  rejected: 'rejected',
  withdrawn: 'draft',
  retired: 'retired',
};

/**
 * Moving items in and out of a bank: two-step imports (xlsx or JSON) that write everything or
 * nothing, streamed exports of a bank or a release, and the blank Excel template.
 */
export class TransferService {
  /** How long a dry run's staged items wait for their commit (default 24 h). */
  readonly stagingTtlMs: number;

  constructor(
    private readonly bank: BankService,
    options: { stagingTtlHours?: number } = {},
  ) {
    this.stagingTtlMs = (options.stagingTtlHours ?? 24) * 3600_000;
  }

  /**
   * Dry runs left uncommitted past the TTL expire: one guarded update per job (so any number of
   * instances may sweep at once), then the staging collection is dropped. Returns how many expired.
   */
  async expireStaleDryRuns(now = new Date()): Promise<number> {
    const cutoff = new Date(now.getTime() - this.stagingTtlMs);
    let expired = 0;
    for (const job of await ImportJobModel.find({ status: 'ready', createdAt: { $lt: cutoff } }, { _id: 1 }).lean()) {
      const moved = await ImportJobModel.updateOne({ _id: job._id, status: 'ready' }, { $set: { status: 'expired' } });
      if (moved.modifiedCount === 1) expired += 1;
      await dropStaging(job._id);
    }
    return expired;
  }

  // ---- import: dry run -----------------------------------------------------------------

  /** The scope check an upload route runs before it reads the file. */
  async assertCanImport(principal: Principal, bankId: string): Promise<void> {
    await this.bank.bankFor(principal, bankId, 'bank.transfer');
  }

  /** The mapping and defaults a bank's imports remember (the import form starts from them). */
  async importSettings(principal: Principal, bankId: string): Promise<ImportChoices> {
    const bankDoc = await this.bank.bankFor(principal, bankId, 'bank.transfer');
    const saved = await ImportSettingsModel.findOne({ bankId: bankDoc._id }).lean();
    return { choices: (saved?.choices ?? []).filter((c): c is HeaderChoice => isFieldKey(c.field)), defaults: saved?.defaults ?? {}, categoryPoints: saved?.categoryPoints ?? [] };
  }

  async dryRun(principal: Principal, bankId: string, file: { path: string; originalName: string }, mode: 'draft' | 'approved', actor: Actor, choices: ImportChoices = {}): Promise<ImportReport> {
    const bankDoc = await this.bank.bankFor(principal, bankId, 'bank.transfer');
    const remembered = choices.choices?.length ? undefined : await this.importSettings(principal, bankId);
    const headerChoices = choices.choices?.length ? choices.choices : (remembered?.choices ?? []);
    const defaults = cleanDefaults(choices.defaults ?? {});
    const categoryPoints = choices.categoryPoints?.length ? choices.categoryPoints : (remembered?.categoryPoints ?? (await this.importSettings(principal, bankId)).categoryPoints ?? []);
    const { standard, points } = await this.bank.pointsOf(bankDoc);
    const { resolve } = pointResolverFromStandard(standard);
    let source: ImportSource;
    try {
      source = await openImportSource(file, { resolvePointLevels: resolve, maxItems: 100_000, choices: headerChoices, defaults, categoryPoints, forceMapping: Boolean(choices.choices?.length), allowUnplaced: true });
    } catch (error) {
      await rm(file.path, { force: true });
      throw error;
    }
    const format = source.format;
    const job = await ImportJobModel.create({
      bankId: bankDoc._id,
      format,
      ...(source.encoding ? { encoding: source.encoding } : {}),
      ...(source.sheets.length ? { sheets: source.sheets } : {}),
      ...(source.categories.length ? { categories: source.categories } : {}),
      ...(source.skipped.length ? { skipped: source.skipped.slice(0, MAX_REPORTED_ERRORS).map((e) => ({ row: e.row, column: e.column, message: e.message, messageEn: e.messageEn })) } : {}),
      defaults,
      fileName: file.originalName.slice(0, 200),
      mode,
      status: 'rejected',
      createdBy: principal.id,
      createdByName: principal.displayName,
    });
    const errors: ImportIssue[] = [];
    // Items without a point: imported as drafts for a writer to place (listed, as errors are).
    const unplacedNotices: ImportIssue[] = [];
    let unplaced = 0;
    let errorCount = 0;
    let rows = 0;
    let validRows = 0;
    let fatal = false;
    const addError = (issue: ImportIssue) => {
      errorCount += 1;
      if (errors.length < MAX_REPORTED_ERRORS) errors.push(issue);
    };
    const existing = new Set((await ItemModel.find({ bankId: bankDoc._id }, { code: 1 }).lean()).map((i) => i.code));
    const seenCodes = new Set<string>();
    const reservations = new Map<string, number>();
    let additions = 0;
    let updates = 0;
    const staging = stagingCollection(job._id);
    await staging.createIndex({ seq: 1 }, { unique: true });
    let staged: ImportStagedItem[] = [];
    let stagedBytes = 0;
    let chunks = 0;
    const flush = async () => {
      if (!staged.length) return;
      chunks += 1;
      const chunk = stagedChunk(chunks, staged);
      await staging.insertOne(chunk);
      staged = [];
      stagedBytes = 0;
    };
    const accept = async (content: ItemContent, code: string | undefined, where: { row?: number; path?: string }) => {
      const pointProblems = isUnplaced(content) ? [] : pointErrors(content, points, 'content');
      if (pointProblems.length) {
        for (const p of pointProblems) addError({ ...where, column: where.row ? '鉴定点' : undefined, message: p.message, messageEn: p.message });
        return;
      }
      if (code) {
        if (seenCodes.has(code)) {
          addError({ ...where, column: where.row ? '试题编号' : undefined, message: `试题编号 ${code} 在文件中重复`, messageEn: `item code ${code} appears twice in the file` });
          return;
        }
        seenCodes.add(code);
        if (existing.has(code)) updates += 1;
        else {
          additions += 1;
          const series = codeSeries(code);
          if (series) reservations.set(series.series, Math.max(reservations.get(series.series) ?? 0, series.serial));
        }
      } else additions += 1;
      if (isUnplaced(content)) {
        unplaced += 1;
        if (unplacedNotices.length < MAX_REPORTED_ERRORS) unplacedNotices.push({ ...where, ...(code ? { cell: code } : {}), message: t('zh-CN', 'import.unplaced.item'), messageEn: t('en', 'import.unplaced.item') });
      }
      validRows += 1;
      staged.push({ seq: validRows, ...(code ? { code } : {}), content });
      stagedBytes += Buffer.byteLength(JSON.stringify(content));
      if (staged.length >= STAGING_CHUNK_ITEMS || stagedBytes >= STAGING_CHUNK_BYTES) await flush();
    };

    try {
      if (source.rows) {
        for await (const row of source.rows) {
          if (row.fatal) fatal = true;
          else rows += 1;
          if (row.errors.length || !row.item) {
            for (const e of row.errors) addError({ row: e.row, column: e.column, ...(e.cell ? { cell: e.cell } : {}), message: e.message, messageEn: e.messageEn });
            continue;
          }
          await accept(row.item, row.code, { row: row.row });
        }
      } else {
        const parsed = await readBankExport(file.path, { resolvePointLevels: resolve, maxIssues: MAX_REPORTED_ERRORS });
        rows = parsed.itemCount;
        for (const issue of parsed.issues) addError({ path: issue.path, message: issue.message, messageEn: issue.messageEn });
        if (parsed.truncated) errorCount = Math.max(errorCount, MAX_REPORTED_ERRORS + 1);
        if (!parsed.header) fatal = true;
        for (const item of parsed.items) await accept(item.content, item.code, { path: `items[${item.index}]` });
      }
      await flush();
    } catch (error) {
      await dropStaging(job._id);
      await ImportJobModel.deleteOne({ _id: job._id });
      throw error;
    } finally {
      await rm(file.path, { force: true });
    }
    const ok = errorCount === 0 && !fatal && validRows > 0;
    if (validRows === 0 && errorCount === 0 && !fatal) addError({ message: '文件中没有试题', messageEn: 'the file contains no items' });
    if (!ok) await dropStaging(job._id);
    const updated = await ImportJobModel.findOneAndUpdate(
      { _id: job._id },
      {
        $set: {
          status: ok ? 'ready' : 'rejected',
          rows,
          validRows,
          additions,
          updates,
          errorCount,
          errors,
          unplaced,
          ...(unplacedNotices.length ? { unplacedItems: unplacedNotices } : {}),
          truncated: errorCount > errors.length,
          fatal,
          reservations: [...reservations].map(([pointCode, serial]) => ({ pointCode, serial })),
        },
      },
      { returnDocument: 'after', lean: true },
    );
    await recordAudit(actor, { action: 'bank.import.dry-run', target: { type: 'bank', id: bankId, label: bankDoc.code }, details: { jobId: String(job._id), format, rows, validRows, errorCount, unplaced, mode, ...(source.encoding ? { encoding: source.encoding } : {}) } });
    return report(updated as ImportJobDoc);
  }

  /** Pasted text (the common Chinese paper layout) goes through the same dry run as a .txt file. */
  async dryRunText(principal: Principal, bankId: string, text: string, mode: 'draft' | 'approved', actor: Actor, choices: ImportChoices = {}): Promise<ImportReport> {
    await this.bank.bankFor(principal, bankId, 'bank.transfer');
    const dir = await mkdtemp(path.join(os.tmpdir(), 'pasted-import-'));
    const file = path.join(dir, 'pasted.txt');
    try {
      await writeFile(file, text, 'utf8');
      return await this.dryRun(principal, bankId, { path: file, originalName: '粘贴的文本.txt' }, mode, actor, choices);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  async getJob(principal: Principal, bankId: string, jobId: string): Promise<ImportReport> {
    const bankDoc = await this.bank.bankFor(principal, bankId, 'bank.transfer');
    const job = await ImportJobModel.findOne({ _id: objectIdOr404(jobId, 'import'), bankId: bankDoc._id }).lean();
    if (!job) throw problems.notFound('No such import.');
    return report(job as ImportJobDoc);
  }

  async listJobs(principal: Principal, bankId: string): Promise<ImportReport[]> {
    const bankDoc = await this.bank.bankFor(principal, bankId, 'bank.transfer');
    // The list leaves out each job's error report ($slice projections are not portable).
    const jobs = await ImportJobModel.find({ bankId: bankDoc._id }, { errors: 0 }).sort({ createdAt: -1 }).limit(20).lean();
    return jobs.map((j) => report({ ...(j as Omit<ImportJobDoc, 'errors'>), errors: [] }));
  }

  // ---- import: commit ------------------------------------------------------------------

  /**
   * Writes a dry run's items: everything or nothing. New items are inserted tagged with the job,
   * which keeps them invisible while the job is `committing`; updates go in as versions no item
   * points at yet. The job's move to `committed` is the commit point: one update makes every new
   * item visible at once. Finalising then moves updated items to their new versions. A failure
   * before the commit point removes everything the job wrote.
   */
  async commit(principal: Principal, bankId: string, jobId: string, actor: Actor): Promise<ImportReport> {
    const bankDoc = await this.bank.bankFor(principal, bankId, 'bank.transfer');
    const fresh = new Date(Date.now() - this.stagingTtlMs);
    const job = await ImportJobModel.findOneAndUpdate({ _id: objectIdOr404(jobId, 'import'), bankId: bankDoc._id, status: 'ready', createdAt: { $gte: fresh } }, { $set: { status: 'committing' } }, { returnDocument: 'after', lean: true });
    if (!job) {
      const current = await ImportJobModel.findOne({ _id: objectIdOr404(jobId, 'import'), bankId: bankDoc._id }).lean();
      if (!current) throw problems.notFound('No such import.');
      if (current.status === 'ready' || current.status === 'expired') {
        await this.expireStaleDryRuns();
        throw new HttpProblem(409, 'import-expired', 'This dry run has expired and its staged items were removed; upload the file again.');
      }
      if (current.status === 'rejected') throw new HttpProblem(409, 'import-has-errors', 'The dry run found errors, so nothing can be committed. Fix the file and run the import again.', { extensions: { errorCount: current.errorCount } });
      throw new HttpProblem(409, 'import-not-ready', `This import is ${current.status}; it can be committed once.`);
    }
    const target = { type: 'bank', id: bankId, label: bankDoc.code };
    // The job leaving `committing` is the commit point, so it is what the probe looks for.
    const intent = { action: 'bank.import.commit', target, details: { jobId, mode: job.mode }, probe: { collection: ImportJobModel.collection.name, filter: { _id: job._id, status: { $in: ['committed', 'finalized'] } } } };
    await withAudit(
      actor,
      intent,
      async () => {
        try {
          await this.writeStaged(principal, bankDoc, job as ImportJobDoc);
        } catch (error) {
          await this.rollback(job._id, error instanceof Error ? error.message : String(error));
          throw error;
        }
        await ImportJobModel.updateOne({ _id: job._id, status: 'committing' }, { $set: { status: 'committed' } });
        return this.finalize(job._id);
      },
      (result) => ({ action: 'bank.import.commit', target, details: { jobId, ...result, conflicts: result.conflicts.length, mode: job.mode } }),
    );
    await this.rememberMapping(job as ImportJobDoc);
    return report((await ImportJobModel.findById(job._id).lean()) as ImportJobDoc);
  }

  /** A committed mapped import's columns and defaults become the bank's starting point next time. */
  private async rememberMapping(job: ImportJobDoc): Promise<void> {
    const columns = (job.sheets ?? []).flatMap((s) => s.columns).filter((c) => c.source === 'chosen' || c.field !== 'ignore');
    if (job.format === 'xlsx' || job.format === 'json') return;
    const set: Record<string, unknown> = { defaults: job.defaults ?? {} };
    if (columns.length) set.choices = [...new Map(columns.map((c) => [c.header, { header: c.header, field: c.field }])).values()];
    const categories = (job.categories ?? []).filter((c) => c.pointCode).map((c) => ({ category: c.category, pointCode: c.pointCode! }));
    if (categories.length) set.categoryPoints = categories;
    await ImportSettingsModel.updateOne({ bankId: job.bankId }, { $set: set }, { upsert: true });
  }

  private async writeStaged(principal: Principal, bankDoc: BankDoc, job: ImportJobDoc): Promise<void> {
    const approved = job.mode === 'approved';
    const now = new Date();
    const review = approved ? { reviewerId: principal.id, reviewerName: `${principal.displayName}（导入）`, decision: 'approved' as const, comment: `imported by job ${String(job._id)}`, at: now } : undefined;
    // An approved-mode import approves placed items only: an unplaced one waits for its writer.
    const stateOf = (content: ItemContent): VersionState => (approved && !isUnplaced(content) ? 'approved' : 'draft');

    // Reserve the file's explicit codes first, so writers allocating codes meanwhile never take them.
    for (const { pointCode, serial } of job.reservations ?? []) {
      await ItemCodeCounterModel.updateOne({ _id: `${String(bankDoc._id)}:${pointCode}` }, { $max: { next: serial } }, { upsert: true });
    }
    let created = 0;
    let updates = 0;

    // One read of the bank's existing codes up front: per-batch lookups would rescan the
    // collection on servers without index pushdown (FerretDB v1).
    const existing = new Map(
      (await ItemModel.find({ bankId: bankDoc._id }, { code: 1, latestVersion: 1 }).lean()).map((i) => [i.code, i as Pick<ItemDoc, '_id' | 'code' | 'latestVersion'>]),
    );
    let batch: Array<{ code?: string; content: ItemContent }> = [];
    const writeBatch = async () => {
      if (!batch.length) return;
      const targets = batch.filter((b) => b.code && existing.has(b.code)).map((b) => existing.get(b.code!)!);
      const latestHashes = new Map<string, string>();
      if (targets.length) {
        const wanted = new Map(targets.map((i) => [String(i._id), i.latestVersion]));
        const versions = await ItemVersionModel.find({ itemId: { $in: targets.map((i) => i._id) } }, { itemId: 1, version: 1, contentHash: 1 }).lean();
        for (const v of versions) if (wanted.get(String(v.itemId)) === v.version) latestHashes.set(String(v.itemId), v.contentHash);
      }
      // Codes for new items without one: one range per appraisal point.
      const needCodes = new Map<string, number>();
      for (const b of batch) if (!b.code) needCodes.set(b.content.pointCode, (needCodes.get(b.content.pointCode) ?? 0) + 1);
      const allocated = new Map<string, string[]>();
      for (const [pointCode, count] of needCodes) allocated.set(pointCode, await this.bank.allocateCodes(bankDoc._id, pointCode, count));

      const items: Array<Record<string, unknown>> = [];
      const versions: Array<Record<string, unknown>> = [];
      for (const b of batch) {
        const hash = contentHash(b.content);
        const target = b.code ? existing.get(b.code) : undefined;
        if (target) {
          if (latestHashes.get(String(target._id)) === hash) continue; // unchanged
          versions.push(versionDoc(target._id, bankDoc._id, target.latestVersion + 1, b.content, hash, stateOf(b.content), principal, target.latestVersion, job._id, stateOf(b.content) === 'approved' ? review : undefined));
          continue;
        }
        const code = b.code ?? allocated.get(b.content.pointCode)!.shift()!;
        const itemId = new mongoose.Types.ObjectId();
        const state = stateOf(b.content);
        items.push({
          _id: itemId,
          bankId: bankDoc._id,
          code,
          type: b.content.type,
          pointCode: b.content.pointCode,
          levels: b.content.levels,
          difficulty: b.content.difficulty,
          tags: b.content.tags,
          stemText: stemPlainText(b.content),
          latestVersion: 1,
          latestState: state,
          latestAuthorId: principal.id,
          approvedVersion: state === 'approved' ? 1 : null,
          retired: false,
          importJobId: job._id,
          createdBy: principal.id,
          createdAt: now,
          updatedAt: now,
        });
        versions.push(versionDoc(itemId, bankDoc._id, 1, b.content, hash, state, principal, null, job._id, state === 'approved' ? review : undefined));
      }
      batch = [];
      // Items and versions go in at once, while the next batch is prepared: nothing is visible
      // before the commit point, and a rollback removes both by the job.
      const write = settleAll([
        items.length ? ItemModel.collection.insertMany(items, { ordered: false }) : undefined,
        versions.length ? ItemVersionModel.collection.insertMany(versions, { ordered: false }) : undefined,
      ]).then(() => {
        created += items.length;
        updates += versions.length - items.length;
      });
      write.catch(() => undefined); // awaited later; this only marks it handled meanwhile
      const previous = inFlight;
      inFlight = write;
      await previous;
    };
    // The batch being written while the next is prepared; settled before returning or failing.
    let inFlight: Promise<void> | undefined;
    try {
      // Chunks one at a time (each holds up to a batch); the items keep the file's order.
      for await (const chunk of stagingCollection(job._id).find({}).sort({ seq: 1 }).batchSize(1)) {
        for (const staged of stagedItems(chunk)) {
          batch.push({ ...(staged.code ? { code: staged.code } : {}), content: staged.content });
          if (batch.length >= BATCH) await writeBatch();
        }
      }
      await writeBatch();
      await inFlight;
    } finally {
      // Whatever failed, no write is still running when the caller rolls back.
      await inFlight?.catch(() => undefined);
    }
    await ImportJobModel.updateOne({ _id: job._id }, { $set: { written: { created, updates } } });
  }

  /** After the commit point: move updated items to their new versions. Idempotent. */
  async finalize(jobId: mongoose.Types.ObjectId): Promise<{ created: number; updated: number; unchanged: number; conflicts: string[] }> {
    const job = (await ImportJobModel.findById(jobId).lean()) as ImportJobDoc | null;
    if (!job || (job.status !== 'committed' && job.status !== 'finalized')) throw new Error(`import ${String(jobId)} is not committed`);
    const created = job.written?.created ?? (await ItemModel.countDocuments({ importJobId: jobId }));
    let updated = 0;
    const conflicts: string[] = [];
    const updateVersions = job.written && job.written.updates === 0 ? [] : ItemVersionModel.find({ importJobId: jobId, basedOn: { $ne: null } }).lean().cursor();
    for await (const v of updateVersions) {
      const version = v as ItemVersionDoc;
      const set: Record<string, unknown> = {
        latestVersion: version.version,
        latestState: version.state,
        latestAuthorId: version.authorId,
        levels: version.content.levels,
        difficulty: version.content.difficulty,
        tags: version.content.tags,
        type: version.content.type,
        stemText: stemPlainText(version.content),
      };
      if (version.state === 'approved') set.approvedVersion = version.version;
      const moved = await ItemModel.updateOne({ _id: version.itemId, latestVersion: version.basedOn, retired: false, latestState: { $ne: 'submitted' } }, { $set: set });
      if (moved.modifiedCount === 1) updated += 1;
      else {
        const item = await ItemModel.findById(version.itemId, { code: 1, latestVersion: 1 }).lean();
        if (item && item.latestVersion >= version.version) updated += 1; // finalised before
        else conflicts.push(item?.code ?? String(version.itemId));
      }
    }
    const unchanged = Math.max(0, job.validRows - created - updated - conflicts.length);
    const result = { created, updated, unchanged, conflicts };
    await ImportJobModel.updateOne({ _id: jobId }, { $set: { status: 'finalized', result } });
    // The import's items became visible at the commit point and were moved on above.
    await touchBankItems(job.bankId);
    await dropStaging(jobId);
    return result;
  }

  private async rollback(jobId: mongoose.Types.ObjectId, failure: string): Promise<void> {
    // One delete each, by an indexed equality the database evaluates itself.
    await ItemModel.deleteMany({ importJobId: jobId });
    await ItemVersionModel.deleteMany({ importJobId: jobId });
    await dropStaging(jobId);
    await ImportJobModel.updateOne({ _id: jobId }, { $set: { status: 'failed', failure: failure.slice(0, 500) } });
  }

  /**
   * At start-up: an import interrupted before its commit point is rolled back; one interrupted
   * after it is finalised. Safe to run on every instance.
   */
  async recoverInterrupted(olderThanMs = 60_000): Promise<number> {
    const cutoff = new Date(Date.now() - olderThanMs);
    let recovered = 0;
    for (const job of await ImportJobModel.find({ status: { $in: ['committing', 'committed'] }, updatedAt: { $lt: cutoff } }).lean()) {
      if (job.status === 'committing') await this.rollback(job._id, 'interrupted before the commit point; rolled back');
      else await this.finalize(job._id);
      recovered += 1;
    }
    return recovered;
  }

  // ---- export --------------------------------------------------------------------------

  /** Streams the bank's items (latest or approved versions) as JSON or xlsx; audited. */
  async exportBank(principal: Principal, bankId: string, format: ExportFormat, which: 'latest' | 'approved', out: Writable, actor: Actor): Promise<void> {
    const bankDoc = await this.bank.bankFor(principal, bankId, 'bank.transfer');
    await recordAudit(actor, { action: 'bank.export', target: { type: 'bank', id: bankId, label: bankDoc.code }, details: { format, which } });
    const filter: Record<string, unknown> = { bankId: bankDoc._id, ...(await visibleItems()) };
    if (which === 'approved') Object.assign(filter, { approvedVersion: { $ne: null }, retired: false });
    const items = this.versionsOf(ItemModel.find(filter).sort({ code: 1 }).lean().cursor({ batchSize: BATCH }) as AsyncIterable<ItemDoc>, which);
    await this.write(bankDoc, format, items, out);
  }

  /** A release's download is named after its bank and number: `NAT-DG-第3版.xlsx`. */
  async releaseFileName(principal: Principal, bankId: string, releaseId: string, extension: string): Promise<string> {
    const { bank: bankDoc, release } = await this.bank.releaseFor(principal, bankId, releaseId, 'bank.transfer');
    return `${bankDoc.code}-第${release.number}版.${extension}`;
  }

  /** Streams the pinned versions of a release; audited as a release download. */
  async exportRelease(principal: Principal, bankId: string, releaseId: string, format: ExportFormat, out: Writable, actor: Actor): Promise<void> {
    const { bank: bankDoc, release } = await this.bank.releaseFor(principal, bankId, releaseId, 'bank.transfer');
    await recordAudit(actor, { action: 'release.download', target: { type: 'release', id: releaseId, label: `${bankDoc.code} #${release.number}` }, details: { format } });
    await this.write(bankDoc, format, this.releaseVersions(release), out);
  }

  private async *versionsOf(items: AsyncIterable<ItemDoc>, which: 'latest' | 'approved'): AsyncGenerator<BankExportItemInput> {
    let batch: ItemDoc[] = [];
    const drain = async function* (docs: ItemDoc[]): AsyncGenerator<BankExportItemInput> {
      const wanted = docs.map((i) => ({ itemId: i._id, version: which === 'approved' ? i.approvedVersion! : i.latestVersion }));
      const versions = (await findEach(ItemVersionModel, wanted)).filter((v) => v !== null);
      const byKey = new Map(versions.map((v) => [`${String(v.itemId)}:${v.version}`, v]));
      for (const item of docs) {
        const v = byKey.get(`${String(item._id)}:${which === 'approved' ? item.approvedVersion : item.latestVersion}`);
        if (!v) continue;
        yield { code: item.code, status: EXPORT_STATUS[item.retired ? 'retired' : which === 'approved' ? 'approved' : item.latestState], version: v.version, updatedAt: v.createdAt.toISOString(), content: v.content };
      }
    };
    for await (const item of items) {
      batch.push(item);
      if (batch.length >= BATCH) {
        yield* drain(batch);
        batch = [];
      }
    }
    if (batch.length) yield* drain(batch);
  }

  private async *releaseVersions(release: ReleaseDoc): AsyncGenerator<BankExportItemInput> {
    let batch: Array<{ itemId: mongoose.Types.ObjectId; version: number; code: string }> = [];
    const drain = async function* (refs: typeof batch): AsyncGenerator<BankExportItemInput> {
      const versions = (await findEach(ItemVersionModel, refs.map((r) => ({ itemId: r.itemId, version: r.version })))).filter((v) => v !== null);
      const byKey = new Map(versions.map((v) => [`${String(v.itemId)}:${v.version}`, v]));
      for (const ref of refs) {
        const v = byKey.get(`${String(ref.itemId)}:${ref.version}`);
        if (v) yield { code: ref.code, status: 'approved', version: v.version, updatedAt: v.createdAt.toISOString(), content: v.content };
      }
    };
    for await (const ref of ReleaseItemModel.find({ releaseId: release._id }, { itemId: 1, version: 1, code: 1 }).sort({ code: 1 }).lean().cursor({ batchSize: BATCH })) {
      batch.push(ref);
      if (batch.length >= BATCH) {
        yield* drain(batch);
        batch = [];
      }
    }
    if (batch.length) yield* drain(batch);
  }

  private async write(bankDoc: BankDoc, format: ExportFormat, items: AsyncIterable<BankExportItemInput>, out: Writable): Promise<void> {
    if (format === 'moodle' || format === 'gift' || format === 'qti') {
      const writer = { moodle: writeMoodleXml, gift: writeGift, qti: writeQtiPackage }[format];
      await writer(mapAsync(items, (i) => ({ code: i.code, content: i.content as ItemContent })), out, bankDoc.code);
      out.end();
      return;
    }
    if (format === 'xlsx') {
      await writeItemsXlsx(mapAsync(items, (i) => ({ code: i.code, content: i.content as ItemContent })), out);
      return;
    }
    const parent = bankDoc.parentBankId ? await BankModel.findById(bankDoc.parentBankId, { code: 1 }).lean() : null;
    const { standard } = await this.bank.pointsOf(bankDoc);
    const occupation = await this.bank.occupationOf(bankDoc.occupationCode);
    const { id: _id, revision: _revision, updatedAt: _updatedAt, ...plainStandard } = standard;
    await writeBankExport(
      {
        bank: { code: bankDoc.code, name: bankDoc.name, occupationCode: bankDoc.occupationCode, standardEdition: bankDoc.standardEdition, tier: bankDoc.tier, ...(parent ? { parentCode: parent.code } : {}) },
        ...(occupation ? { standard: { ...plainStandard, occupation } } : {}),
      },
      items,
      out,
    );
  }

  writeTemplate(out: Writable): Promise<void> {
    return writeTemplateXlsx(out);
  }
}

/** Waits for every write to settle, then fails with the first failure (if any). */
async function settleAll(writes: ReadonlyArray<Promise<unknown> | undefined>): Promise<void> {
  const results = await Promise.allSettled(writes.filter((w): w is Promise<unknown> => w !== undefined));
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
}

async function* mapAsync<T, U>(source: AsyncIterable<T>, fn: (value: T) => U): AsyncGenerator<U> {
  for await (const value of source) yield fn(value);
}

function versionDoc(
  itemId: mongoose.Types.ObjectId,
  bankId: mongoose.Types.ObjectId,
  version: number,
  content: ItemContent,
  hash: string,
  state: VersionState,
  principal: Principal,
  basedOn: number | null,
  jobId: mongoose.Types.ObjectId,
  review: ItemVersionDoc['review'],
): Record<string, unknown> {
  return {
    itemId,
    bankId,
    version,
    content,
    contentHash: hash,
    state,
    authorId: principal.id,
    authorName: principal.displayName,
    basedOn,
    importJobId: jobId,
    ...(review ? { review } : {}),
    createdAt: new Date(),
  };
}


