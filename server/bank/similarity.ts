import { distance } from 'fastest-levenshtein';

/**
 * 查重: how alike two stems are, from 0 to 1 — one minus the Levenshtein distance (fastest-
 * levenshtein) over the longer length, on the stems' text without spaces and punctuation, so
 * "电流的单位是安培。" and "电流的单位是安培" are identical. Character-level, which suits Chinese
 * (no word segmentation needed). Pure.
 */
export function stemSimilarity(a: string, b: string): number {
  const x = normalise(a);
  const y = normalise(b);
  if (x.length === 0 && y.length === 0) return 1;
  return 1 - distance(x, y) / Math.max(x.length, y.length);
}

function normalise(text: string): string {
  return text.replace(/[\s\p{P}（）　]/gu, '').toLowerCase();
}

export interface SimilarStem {
  id: string;
  code: string;
  stem: string;
  similarity: number;
}

/** The `limit` candidates most like `stem` with similarity ≥ `threshold`, most similar first. Pure. */
export function mostSimilar(stem: string, candidates: ReadonlyArray<{ id: string; code: string; stem: string }>, options: { limit?: number; threshold?: number } = {}): SimilarStem[] {
  const { limit = 5, threshold = 0.5 } = options;
  return candidates
    .map((c) => ({ ...c, similarity: Math.round(stemSimilarity(stem, c.stem) * 100) / 100 }))
    .filter((c) => c.similarity >= threshold)
    .sort((p, q) => q.similarity - p.similarity || (p.code < q.code ? -1 : 1))
    .slice(0, limit);
}
