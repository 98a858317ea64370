/**
 * Runs `fn` over `items`, at most `limit` at a time, in order of start. For many small
 * independent database operations (each by `_id` or indexed equality): a few in flight keep
 * the connection pool busy without queueing the whole batch at once.
 */
export async function eachAtMost<T>(limit: number, items: readonly T[], fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}
