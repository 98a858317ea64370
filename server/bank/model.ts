import { deflateRawSync, inflateRawSync } from 'node:zlib';
import mongoose, { Schema } from 'mongoose';
import type { ItemContent, ItemType } from './item-schema';
import type { VersionStatistics } from '../statistics/model';

export type BankTier = 'national' | 'provincial' | 'industry';

export interface BankDoc {
  _id: mongoose.Types.ObjectId;
  code: string;
  name: string;
  tier: BankTier;
  occupationCode: string;
  standardEdition: string;
  /** Sub-banks (provincial/industry) extend a parent bank read-only. */
  parentBankId?: mongoose.Types.ObjectId;
  /** Approved items needed per appraisal point × type × level (coverage rule). */
  coverageMinimum: number;
  /** Bumped by every write to the bank's items; in-process item lists are valid for one value. */
  itemsRevision: number;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
}

const bankSchema = new Schema<BankDoc>(
  {
    code: { type: String, required: true },
    name: { type: String, required: true },
    tier: { type: String, enum: ['national', 'provincial', 'industry'], required: true },
    occupationCode: { type: String, required: true },
    standardEdition: { type: String, required: true },
    parentBankId: Schema.Types.ObjectId,
    coverageMinimum: { type: Number, default: 4 },
    itemsRevision: { type: Number, default: 0 },
    createdBy: { type: String, required: true },
  },
  { collection: 'banks', timestamps: true, versionKey: false },
);
bankSchema.index({ code: 1 }, { unique: true });
bankSchema.index({ occupationCode: 1 });
bankSchema.index({ parentBankId: 1 });
export const BankModel = mongoose.model<BankDoc>('Bank', bankSchema);

export const VERSION_STATES = ['draft', 'submitted', 'approved', 'rejected', 'withdrawn'] as const;
export type VersionState = (typeof VERSION_STATES)[number];
export type ItemStatus = VersionState | 'retired';

/**
 * One item of a bank: its identity, code and where its versions stand. The content lives in
 * immutable item versions; this document only moves pointers with guarded updates.
 */
export interface ItemDoc {
  _id: mongoose.Types.ObjectId;
  bankId: mongoose.Types.ObjectId;
  code: string;
  type: ItemType;
  pointCode: string;
  levels: number[];
  difficulty: number;
  tags: string[];
  /** Plain text of the latest version's stem, for search (shown only to readers of stems). */
  stemText: string;
  latestVersion: number;
  latestState: VersionState;
  latestAuthorId: string;
  /** The version usable in releases and papers (the last approved one), if any. */
  approvedVersion: number | null;
  retired: boolean;
  /** The import that created the item; hidden while that import is still `committing`. */
  importJobId?: mongoose.Types.ObjectId;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
}

const itemSchema = new Schema<ItemDoc>(
  {
    bankId: { type: Schema.Types.ObjectId, required: true },
    code: { type: String, required: true },
    type: { type: String, required: true },
    // Empty while the item waits for a writer to place it on a point (待指定鉴定点).
    pointCode: { type: String, default: '' },
    levels: { type: [Number], required: true },
    difficulty: { type: Number, required: true },
    tags: { type: [String], default: [] },
    stemText: { type: String, default: '' },
    latestVersion: { type: Number, required: true },
    latestState: { type: String, enum: VERSION_STATES, required: true },
    latestAuthorId: { type: String, required: true },
    approvedVersion: { type: Number, default: null },
    retired: { type: Boolean, default: false },
    importJobId: Schema.Types.ObjectId,
    createdBy: { type: String, required: true },
  },
  { collection: 'items', timestamps: true, versionKey: false },
);
itemSchema.index({ bankId: 1, code: 1 }, { unique: true });
itemSchema.index({ bankId: 1, pointCode: 1, type: 1 });
itemSchema.index({ bankId: 1, latestState: 1 });
itemSchema.index({ importJobId: 1 });
export const ItemModel = mongoose.model<ItemDoc>('Item', itemSchema);

export interface ReviewRecord {
  reviewerId: string;
  reviewerName: string;
  decision: 'approved' | 'rejected';
  comment: string;
  /** The checklist items the reviewer ticked (REVIEW_CHECKS); absent on older reviews. */
  checklist?: string[];
  at: Date;
}

/** An immutable version of an item's content; only its workflow state moves forward. */
export interface ItemVersionDoc {
  _id: mongoose.Types.ObjectId;
  itemId: mongoose.Types.ObjectId;
  bankId: mongoose.Types.ObjectId;
  version: number;
  content: ItemContent;
  contentHash: string;
  state: VersionState;
  authorId: string;
  authorName: string;
  /** The version this one was edited from. */
  basedOn: number | null;
  submittedAt?: Date;
  review?: ReviewRecord;
  importJobId?: mongoose.Types.ObjectId;
  /**
   * Item statistics from the latest session and release runs (试题分析). Not content: the one
   * part of a version a later run replaces, by `$set` of its slot; content and hash never change.
   */
  statistics?: VersionStatistics;
  createdAt: Date;
}

const itemVersionSchema = new Schema<ItemVersionDoc>(
  {
    itemId: { type: Schema.Types.ObjectId, required: true },
    bankId: { type: Schema.Types.ObjectId, required: true },
    version: { type: Number, required: true },
    content: { type: Schema.Types.Mixed, required: true },
    contentHash: { type: String, required: true },
    state: { type: String, enum: VERSION_STATES, required: true },
    authorId: { type: String, required: true },
    authorName: { type: String, required: true },
    basedOn: { type: Number, default: null },
    submittedAt: Date,
    review: { type: Schema.Types.Mixed },
    importJobId: Schema.Types.ObjectId,
    statistics: { type: Schema.Types.Mixed },
  },
  { collection: 'item_versions', timestamps: { createdAt: true, updatedAt: false }, versionKey: false, minimize: false },
);
itemVersionSchema.index({ itemId: 1, version: 1 }, { unique: true });
itemVersionSchema.index({ bankId: 1, state: 1 });
itemVersionSchema.index({ importJobId: 1 });
export const ItemVersionModel = mongoose.model<ItemVersionDoc>('ItemVersion', itemVersionSchema);

/** Per-bank, per-point serial numbers for item codes (`AB001-003`). */
export interface ItemCodeCounterDoc {
  _id: string;
  next: number;
}
export const ItemCodeCounterModel = mongoose.model<ItemCodeCounterDoc>(
  'ItemCodeCounter',
  new Schema<ItemCodeCounterDoc>({ _id: { type: String, required: true }, next: { type: Number, default: 0 } }, { collection: 'item_code_counters', versionKey: false }),
);

/** What a release pins for one item, with what assembly needs to draw without reading content. */
export interface ReleaseItemDoc {
  _id: mongoose.Types.ObjectId;
  releaseId: mongoose.Types.ObjectId;
  bankId: mongoose.Types.ObjectId;
  itemId: mongoose.Types.ObjectId;
  version: number;
  contentHash: string;
  code: string;
  type: ItemType;
  pointCode: string;
  levels: number[];
  difficulty: number;
  facility: number;
  enemyGroup?: string;
  optionCount: number;
  keepOptionOrder: boolean;
  points: number;
}

const releaseItemSchema = new Schema<ReleaseItemDoc>(
  {
    releaseId: { type: Schema.Types.ObjectId, required: true },
    bankId: { type: Schema.Types.ObjectId, required: true },
    itemId: { type: Schema.Types.ObjectId, required: true },
    version: { type: Number, required: true },
    contentHash: { type: String, required: true },
    code: { type: String, required: true },
    type: { type: String, required: true },
    pointCode: { type: String, required: true },
    levels: { type: [Number], required: true },
    difficulty: { type: Number, required: true },
    facility: { type: Number, required: true },
    enemyGroup: String,
    optionCount: { type: Number, required: true },
    keepOptionOrder: { type: Boolean, required: true },
    points: { type: Number, required: true },
  },
  { collection: 'release_items', versionKey: false },
);
releaseItemSchema.index({ releaseId: 1, code: 1 });
releaseItemSchema.index({ releaseId: 1, itemId: 1 }, { unique: true });
export const ReleaseItemModel = mongoose.model<ReleaseItemDoc>('ReleaseItem', releaseItemSchema);

export interface ReleaseNotes {
  added: string[];
  changed: string[];
  retired: string[];
}

/** An immutable snapshot of a bank's approved item versions; visible once `published`. */
export interface ReleaseDoc {
  _id: mongoose.Types.ObjectId;
  bankId: mongoose.Types.ObjectId;
  number: number;
  status: 'building' | 'published';
  /** For sub-banks: the parent's release whose items this one includes read-only. */
  parentReleaseId?: mongoose.Types.ObjectId;
  itemCount: number;
  countsByType: Array<{ type: string; count: number }>;
  hash: string;
  notes: ReleaseNotes;
  comment: string;
  publishedBy: string;
  publishedByName: string;
  publishedAt: Date;
  /** While `building`: how far the build has got (the publish page polls it). */
  progress?: ReleaseProgress;
}

export interface ReleaseProgress {
  stage: 'reading' | 'writing' | 'finishing';
  done: number;
  total: number;
}

const releaseSchema = new Schema<ReleaseDoc>(
  {
    bankId: { type: Schema.Types.ObjectId, required: true },
    number: { type: Number, required: true },
    status: { type: String, enum: ['building', 'published'], required: true },
    parentReleaseId: Schema.Types.ObjectId,
    itemCount: { type: Number, required: true },
    countsByType: { type: [new Schema({ type: String, count: Number }, { _id: false })], default: [] },
    hash: { type: String, default: '' },
    notes: { type: Schema.Types.Mixed, default: { added: [], changed: [], retired: [] } },
    comment: { type: String, default: '' },
    publishedBy: { type: String, required: true },
    publishedByName: { type: String, required: true },
    publishedAt: { type: Date, required: true },
    progress: { type: Schema.Types.Mixed },
  },
  { collection: 'releases', versionKey: false, minimize: false },
);
releaseSchema.index({ bankId: 1, number: -1 }, { unique: true });
export const ReleaseModel = mongoose.model<ReleaseDoc>('Release', releaseSchema);

/** Images used in item rich text, stored in the database and served at /media/:id. */
export interface MediaDoc {
  _id: mongoose.Types.ObjectId;
  bankId: mongoose.Types.ObjectId;
  contentType: string;
  size: number;
  sha256: string;
  data: Buffer;
  createdBy: string;
  createdAt: Date;
}

const mediaSchema = new Schema<MediaDoc>(
  {
    bankId: { type: Schema.Types.ObjectId, required: true },
    contentType: { type: String, required: true },
    size: { type: Number, required: true },
    sha256: { type: String, required: true },
    data: { type: Buffer, required: true },
    createdBy: { type: String, required: true },
  },
  { collection: 'media', timestamps: { createdAt: true, updatedAt: false }, versionKey: false },
);
mediaSchema.index({ bankId: 1, sha256: 1 });
export const MediaModel = mongoose.model<MediaDoc>('Media', mediaSchema);

export interface ImportIssue {
  row?: number;
  column?: string;
  cell?: string;
  path?: string;
  message: string;
  messageEn: string;
}

export type ImportStatus = 'rejected' | 'ready' | 'committing' | 'committed' | 'finalized' | 'failed' | 'expired';

/**
 * A two-step import: the dry run parses and checks the file and stages the valid items; the
 * commit writes them all or none. `committing` → `committed` is the commit point.
 */
/** What a file was read as: the template (xlsx, json) or another system's format. */
export const IMPORT_FORMATS = ['xlsx', 'json', 'xlsx-mapped', 'csv', 'docx', 'text', 'moodle', 'gift', 'qti'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** A column of a foreign sheet and the field it fed (the mapping preview shows and edits these). */
export interface ImportColumnDoc {
  column: number;
  header: string;
  field: string;
  source: 'synonym' | 'chosen' | 'none';
}

export interface ImportSheetDoc {
  sheet: string;
  headerRow: number;
  columns: ImportColumnDoc[];
  /** The first data rows, for the preview (objects, since arrays may not nest). */
  sample: Array<{ row: number; cells: string[] }>;
}

/** Defaults the mapping step set for a file (empty cells take them). */
export interface ImportDefaultsDoc {
  type?: string;
  pointCode?: string;
  levels?: string;
  difficulty?: string;
  points?: string;
  binary?: 'one-is-true' | 'one-is-false';
}

export interface ImportJobDoc {
  _id: mongoose.Types.ObjectId;
  bankId: mongoose.Types.ObjectId;
  format: ImportFormat;
  /** Text formats: the encoding detected. */
  encoding?: string;
  /** Sheet formats: the column mapping used per sheet. */
  sheets?: ImportSheetDoc[];
  defaults?: ImportDefaultsDoc;
  /** What the file holds that the platform does not take: reported and left out (never guessed). */
  skipped?: ImportIssue[];
  /** Moodle/GIFT: each category, its items and the point they got. */
  categories?: Array<{ category: string; items: number; pointCode?: string }>;
  fileName: string;
  mode: 'draft' | 'approved';
  status: ImportStatus;
  rows: number;
  validRows: number;
  additions: number;
  updates: number;
  errorCount: number;
  errors: ImportIssue[];
  truncated: boolean;
  fatal: boolean;
  /** Items that came without an appraisal point: stored as drafts, 待指定鉴定点. */
  unplaced?: number;
  /** The first of them, by row or path, for the report. */
  unplacedItems?: ImportIssue[];
  /** Highest explicit serial per appraisal point in the file, reserved before writing. */
  reservations: Array<{ pointCode: string; serial: number }>;
  /** Counted while writing, so finalising need not rescan. */
  written?: { created: number; updates: number };
  result?: { created: number; updated: number; unchanged: number; conflicts: string[] };
  failure?: string;
  createdBy: string;
  createdByName: string;
  createdAt: Date;
  updatedAt: Date;
}

const importJobSchema = new Schema<ImportJobDoc>(
  {
    bankId: { type: Schema.Types.ObjectId, required: true },
    format: { type: String, enum: IMPORT_FORMATS, required: true },
    encoding: String,
    sheets: { type: Schema.Types.Mixed },
    defaults: { type: Schema.Types.Mixed },
    skipped: { type: Schema.Types.Mixed },
    categories: { type: Schema.Types.Mixed },
    fileName: { type: String, required: true },
    mode: { type: String, enum: ['draft', 'approved'], required: true },
    status: { type: String, required: true },
    rows: { type: Number, default: 0 },
    validRows: { type: Number, default: 0 },
    additions: { type: Number, default: 0 },
    updates: { type: Number, default: 0 },
    errorCount: { type: Number, default: 0 },
    unplaced: { type: Number, default: 0 },
    unplacedItems: { type: Schema.Types.Mixed },
    errors: { type: Schema.Types.Mixed, default: [] },
    truncated: { type: Boolean, default: false },
    fatal: { type: Boolean, default: false },
    reservations: { type: Schema.Types.Mixed, default: [] },
    written: { type: Schema.Types.Mixed },
    result: { type: Schema.Types.Mixed },
    failure: String,
    createdBy: { type: String, required: true },
    createdByName: { type: String, required: true },
  },
  { collection: 'import_jobs', timestamps: true, versionKey: false, minimize: false, suppressReservedKeysWarning: true },
);
importJobSchema.index({ bankId: 1, createdAt: -1 });
importJobSchema.index({ status: 1 });
export const ImportJobModel = mongoose.model<ImportJobDoc>('ImportJob', importJobSchema);

/**
 * What a bank's imports remember: the column choices (header → field, as an array so that
 * headers never become keys) and the defaults of the last committed mapped import.
 */
export interface ImportSettingsDoc {
  _id: mongoose.Types.ObjectId;
  bankId: mongoose.Types.ObjectId;
  choices: Array<{ header: string; field: string }>;
  defaults: ImportDefaultsDoc;
  /** Moodle/GIFT categories and the appraisal point each was given. */
  categoryPoints?: Array<{ category: string; pointCode: string }>;
  updatedAt: Date;
}

const importSettingsSchema = new Schema<ImportSettingsDoc>(
  {
    bankId: { type: Schema.Types.ObjectId, required: true, unique: true },
    choices: { type: Schema.Types.Mixed, default: [] },
    defaults: { type: Schema.Types.Mixed, default: {} },
    categoryPoints: { type: Schema.Types.Mixed, default: [] },
  },
  { collection: 'import_settings', timestamps: { createdAt: false, updatedAt: true }, versionKey: false, minimize: false },
);
export const ImportSettingsModel = mongoose.model<ImportSettingsDoc>('ImportSettings', importSettingsSchema);

/** A valid item of a dry run, waiting for the commit. */
export interface ImportStagedItem {
  seq: number;
  /** The code given in the file: an existing item to update, or the code to create with. */
  code?: string;
  content: ItemContent;
}

/**
 * Staged items travel in chunks: one document per chunk of up to 1,000 items and about 4 MB of
 * JSON, held as deflated bytes. FerretDB v1 converts every field of a document to and from
 * PostgreSQL's JSONB, so 10,000 one-item documents (or ten large nested ones) cost seconds to
 * stage and read back, where ten opaque blobs cost a few hundred milliseconds. Only the commit
 * reads them, so nothing is lost by the database not seeing inside.
 */
export interface ImportStagedDoc {
  /** The chunk's position; the items inside keep their own order. */
  seq: number;
  /** `ImportStagedItem[]` as deflated JSON (stagedChunk / stagedItems). */
  data: Buffer;
  count: number;
}

export const STAGING_CHUNK_ITEMS = 1000;
export const STAGING_CHUNK_BYTES = 4 * 1024 * 1024;

export function stagedChunk(seq: number, items: ImportStagedItem[]): ImportStagedDoc {
  return { seq, count: items.length, data: deflateRawSync(Buffer.from(JSON.stringify(items), 'utf8'), { level: 1 }) };
}

export function stagedItems(chunk: { data: Buffer | { buffer: Uint8Array } }): ImportStagedItem[] {
  const bytes = Buffer.isBuffer(chunk.data) ? chunk.data : Buffer.from(chunk.data.buffer);
  return JSON.parse(inflateRawSync(bytes).toString('utf8')) as ImportStagedItem[];
}

/**
 * Each import stages into a collection of its own, dropped when the import is done: dropping
 * is instant where deleting tens of thousands of documents is not (FerretDB v1).
 */
export function stagingCollection(jobId: mongoose.Types.ObjectId | string) {
  return mongoose.connection.collection<ImportStagedDoc>(`import_staged_${String(jobId)}`);
}

export async function dropStaging(jobId: mongoose.Types.ObjectId | string): Promise<void> {
  await stagingCollection(jobId).drop().catch((error: { codeName?: string }) => {
    if (error.codeName !== 'NamespaceNotFound') throw error;
  });
}
