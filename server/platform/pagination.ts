import { z } from 'zod';

export const PageQuerySchema = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});
export type PageQuery = z.infer<typeof PageQuerySchema>;

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });
}

/** Numbers for a pager: current page, page count, and previous/next when they exist. */
export function pagerOf(page: Page<unknown>): { page: number; pages: number; total: number; previous?: number; next?: number } {
  const pages = Math.max(1, Math.ceil(page.total / page.pageSize));
  return {
    page: page.page,
    pages,
    total: page.total,
    ...(page.page > 1 ? { previous: page.page - 1 } : {}),
    ...(page.page < pages ? { next: page.page + 1 } : {}),
  };
}

/**
 * A page of a list that never runs past its end: asked for page 999 of 84, it answers page 84
 * (one more read, only in that case), so a pager never says "第 999 / 84 页".
 */
export async function clampedPage<T>(requested: number, fetch: (page: number) => Promise<Page<T>>): Promise<Page<T>> {
  const first = await fetch(requested);
  const last = Math.max(1, Math.ceil(first.total / first.pageSize));
  return requested > last ? fetch(last) : first;
}

/** Escapes user text for use inside a MongoDB `$regex`. */
export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
