/**
 * How many guarded updates go to one unordered bulk write, and how many such writes run at once.
 * Since FerretDB patch 0004 one update command of many statements costs the database about a
 * third less than the same updates sent one by one (1.2 against 1.9 ms a document), and the
 * app's driver a third of it. 4 × 50 statements stay well inside FerretDB's pool of 50
 * PostgreSQL connections, which each running statement holds while it runs.
 */
export const UPDATES_PER_BULK_WRITE = 50;
export const BULK_WRITES_IN_FLIGHT = 4;

/** `items` in consecutive runs of `size` (the last one shorter). Pure. */
export function chunksOf<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
  return chunks;
}
