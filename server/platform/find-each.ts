import type mongoose from 'mongoose';

/**
 * One document per filter, each looked up by its own equality query, a few at a time. For a
 * known set of keys (a paper's item versions, a release's rows) this is the portable fast
 * path: equality on indexed fields is served by an index on MongoDB and pushed down to
 * PostgreSQL by FerretDB, where an `$in` or an `$or` of pairs is evaluated after a full scan.
 * Results come back in the order of `filters` (null where nothing matched).
 */
export async function findEach<T>(
  model: mongoose.Model<T>,
  filters: Array<mongoose.QueryFilter<T>>,
  options: { projection?: Record<string, 0 | 1>; concurrency?: number } = {},
): Promise<Array<mongoose.FlattenMaps<T> | null>> {
  const results: Array<mongoose.FlattenMaps<T> | null> = new Array(filters.length).fill(null);
  let next = 0;
  const worker = async () => {
    while (next < filters.length) {
      const i = next++;
      results[i] = (await model.findOne(filters[i]!, options.projection).lean()) as mongoose.FlattenMaps<T> | null;
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 8, filters.length) }, worker));
  return results;
}
