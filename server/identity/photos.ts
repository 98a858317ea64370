import { createHash } from 'node:crypto';
import { HttpProblem } from '../platform/problem';
import { CandidatePhotoModel, type CandidatePhotoDoc } from './model';

/** A 1-inch photo is a few tens of KB; anything above this is not a photo for a ticket. */
export const MAX_PHOTO_BYTES = 1024 * 1024;
const MIN_PHOTO_BYTES = 100;

/** The type from the file's first bytes (never from its name or a declared type). */
export function photoTypeOf(data: Buffer): CandidatePhotoDoc['contentType'] | undefined {
  if (data.length >= 3 && data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return 'image/jpeg';
  if (data.length >= 8 && data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  return undefined;
}

/** Why a photo is refused, in Chinese; undefined when it is acceptable. */
export function photoRefusal(data: Buffer): string | undefined {
  if (data.length > MAX_PHOTO_BYTES) return `照片不能超过 ${MAX_PHOTO_BYTES / 1024} KB。`;
  if (data.length < MIN_PHOTO_BYTES || !photoTypeOf(data)) return '照片须为 JPEG 或 PNG 图片。';
  return undefined;
}

/** Stores a photo (once per content) and returns its id; a refused photo is a 422. */
export async function storePhoto(data: Buffer): Promise<string> {
  const refusal = photoRefusal(data);
  const contentType = photoTypeOf(data);
  if (refusal || !contentType) throw new HttpProblem(422, 'bad-photo', refusal ?? '照片须为 JPEG 或 PNG 图片。', { errors: [{ path: 'photo', message: refusal ?? '照片须为 JPEG 或 PNG 图片。' }] });
  const id = createHash('sha256').update(data).digest('hex');
  await CandidatePhotoModel.updateOne({ _id: id }, { $setOnInsert: { contentType, data, bytes: data.length } }, { upsert: true });
  return id;
}

export async function loadPhoto(id: string): Promise<Pick<CandidatePhotoDoc, 'contentType' | 'data'> | undefined> {
  // Not lean: the hydrated document gives the bytes as a Buffer (lean gives the driver's Binary).
  const doc = await CandidatePhotoModel.findById(id, { contentType: 1, data: 1 });
  return doc ? { contentType: doc.contentType, data: Buffer.from(doc.data) } : undefined;
}
