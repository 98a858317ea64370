import { createHash } from 'node:crypto';
import mongoose from 'mongoose';
import { problems } from '../platform/problem';
import type { Principal } from '../platform/routing';
import type { Actor } from '../audit/service';
import { withAudit } from '../audit/intents';
import { BankModel, MediaModel, type BankDoc } from './model';
import type { BankService } from './service';

export const MAX_MEDIA_BYTES = 2 * 1024 * 1024;

/** Recognises the image formats items may embed by their magic bytes, not by the client's claim. */
export function sniffImageType(data: Buffer): string | undefined {
  if (data.length >= 8 && data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (data.length >= 3 && data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return 'image/jpeg';
  if (data.length >= 6 && (data.subarray(0, 6).toString('ascii') === 'GIF87a' || data.subarray(0, 6).toString('ascii') === 'GIF89a')) return 'image/gif';
  if (data.length >= 12 && data.subarray(0, 4).toString('ascii') === 'RIFF' && data.subarray(8, 12).toString('ascii') === 'WEBP') return 'image/webp';
  return undefined;
}

export interface MediaView {
  id: string;
  url: string;
  contentType: string;
  size: number;
}

/** Images stored in the database, scoped to a bank like the items that use them. */
export class MediaService {
  constructor(private readonly bank: BankService) {}

  async upload(principal: Principal, bankId: string, data: Buffer | undefined, actor: Actor): Promise<MediaView> {
    const bankDoc = await this.bank.bankFor(principal, bankId, 'items.write');
    if (!data) throw problems.validation([{ path: 'body.file', message: 'attach an image file' }]);
    if (data.length === 0) throw problems.rule([{ path: 'body.file', message: 'the file is empty: attach an image file' }]);
    if (data.length > MAX_MEDIA_BYTES) throw problems.validation([{ path: 'body.file', message: `images may be at most ${MAX_MEDIA_BYTES / 1024 / 1024} MiB` }]);
    const contentType = sniffImageType(data);
    if (!contentType) throw problems.rule([{ path: 'body.file', message: 'only PNG, JPEG, GIF and WebP images are accepted' }]);
    const sha256 = createHash('sha256').update(data).digest('hex');
    const existing = await MediaModel.findOne({ bankId: bankDoc._id, sha256 }, { data: 0 }).lean();
    const id = new mongoose.Types.ObjectId();
    const doc =
      existing ??
      (await withAudit(
        actor,
        { action: 'media.upload', target: { type: 'media', id: String(id) }, details: { bankId, contentType, size: data.length }, probe: { collection: 'media', filter: { _id: id } } },
        async () => (await MediaModel.create({ _id: id, bankId: bankDoc._id, contentType, size: data.length, sha256, data, createdBy: principal.id })).toObject(),
      ));
    return { id: String(doc._id), url: `/media/${String(doc._id)}`, contentType: doc.contentType, size: doc.size };
  }

  /** The image, for those who may read the bank's items (or a sub-bank's staff). */
  async read(principal: Principal, id: string): Promise<{ contentType: string; data: Buffer }> {
    if (!/^[0-9a-f]{24}$/i.test(id)) throw problems.notFound();
    const doc = await MediaModel.findById(new mongoose.Types.ObjectId(id)).lean();
    if (!doc) throw problems.notFound();
    const bankDoc = (await BankModel.findById(doc.bankId).lean()) as BankDoc | null;
    if (!bankDoc) throw problems.notFound();
    if (!(await this.bank.decideWithChildren(principal, 'items.read', bankDoc)).allowed) throw problems.notFound();
    return { contentType: doc.contentType, data: Buffer.from(doc.data.buffer ?? doc.data) };
  }
}
