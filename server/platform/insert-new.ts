import type mongoose from 'mongoose';

type Collection<T extends mongoose.mongo.Document> = mongoose.mongo.Collection<T>;

const DUPLICATE_KEY = 11000;

/**
 * Inserts documents that may already exist (by a unique key), in one unordered insert: those
 * that existed are left exactly as they were. Returns the indexes of the documents that were
 * already there; any other error is thrown.
 */
export async function insertNew<T extends mongoose.mongo.Document>(collection: Collection<T>, docs: ReadonlyArray<mongoose.mongo.OptionalUnlessRequiredId<T>>): Promise<Set<number>> {
  const existed = new Set<number>();
  if (!docs.length) return existed;
  try {
    await collection.insertMany(docs as Array<mongoose.mongo.OptionalUnlessRequiredId<T>>, { ordered: false });
  } catch (error) {
    const writeErrors = (error as { writeErrors?: unknown }).writeErrors;
    const list = (Array.isArray(writeErrors) ? writeErrors : writeErrors ? [writeErrors] : []) as Array<{ index: number; code: number }>;
    if (!list.length && (error as { code?: number }).code === DUPLICATE_KEY && docs.length === 1) return new Set([0]);
    if (!list.length || list.some((e) => e.code !== DUPLICATE_KEY)) throw error;
    for (const e of list) existed.add(e.index);
  }
  return existed;
}
