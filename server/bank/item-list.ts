// A bank's item list, filtered, sorted and paged from an in-process copy of the bank's item
// rows that is valid for one `itemsRevision` of the bank.
//
// Why: a sorted page needs every matching row, and on FerretDB v1 a sort is not pushed down,
// so each page read (and its count) parsed the whole bank in the database server: ~0.2 ms per
// item per query, several hundred ms a page for the 1,672-item demo bank. Every write to a
// bank's items bumps the bank's revision (touchBankItems), so a list is never staler than the
// bank document read at the start of the request; instances share nothing but that counter.
import mongoose from 'mongoose';
import { BankModel, type ItemDoc } from './model';

/** What the list may filter on (already validated by the route's schema). */
export interface ItemRowFilter {
  point?: string;
  type?: string;
  level?: number;
  status?: 'draft' | 'submitted' | 'approved' | 'rejected' | 'withdrawn' | 'retired' | 'usable';
  q?: string;
  /** Only the items whose latest version this user wrote. */
  authorId?: string;
  /** May the text search look inside stems (readers of item bodies only)? */
  searchStems: boolean;
}

/** An exact point code (`AB001`) or a prefix of scopes (`A`, `AB`). */
function isExactPoint(point: string): boolean {
  return point.length === 5 || /\d{3}$/.test(point);
}

/** The pure filter: the same rules the database query had, on rows already sorted by code. */
export function selectItemRows(rows: readonly ItemDoc[], filter: ItemRowFilter): ItemDoc[] {
  const needle = filter.q?.toLocaleLowerCase('zh-CN');
  return rows.filter((item) => {
    if (filter.point && (isExactPoint(filter.point) ? item.pointCode !== filter.point : !item.pointCode.startsWith(filter.point))) return false;
    if (filter.type && item.type !== filter.type) return false;
    if (filter.level !== undefined && !item.levels.includes(filter.level)) return false;
    if (filter.status === 'retired' && !item.retired) return false;
    if (filter.status === 'usable' && (item.retired || item.approvedVersion === null)) return false;
    if (filter.status && filter.status !== 'retired' && filter.status !== 'usable' && (item.retired || item.latestState !== filter.status)) return false;
    if (filter.authorId && item.latestAuthorId !== filter.authorId) return false;
    if (needle) {
      const fields = [item.code, ...item.tags, ...(filter.searchStems ? [item.stemText] : [])];
      if (!fields.some((field) => field.toLocaleLowerCase('zh-CN').includes(needle))) return false;
    }
    return true;
  });
}

interface Entry {
  revision: number;
  rows: ItemDoc[];
}

const MAX_BANKS = 16;
const cache = new Map<string, Entry>();

/**
 * The bank's visible item rows sorted by code, at the revision the caller read with the bank.
 * `load` reads them from the database when this process has no copy of that revision.
 */
export async function bankItemRows(bank: { _id: mongoose.Types.ObjectId; itemsRevision?: number }, load: () => Promise<ItemDoc[]>): Promise<readonly ItemDoc[]> {
  const key = String(bank._id);
  const revision = bank.itemsRevision ?? 0;
  const hit = cache.get(key);
  if (hit && hit.revision === revision) {
    cache.delete(key);
    cache.set(key, hit); // most recently used last
    return hit.rows;
  }
  const rows = await load();
  cache.set(key, { revision, rows });
  while (cache.size > MAX_BANKS) cache.delete(cache.keys().next().value!);
  return rows;
}

/** After any write to a bank's items (or to their visibility): lists reload at the next read. */
export async function touchBankItems(bankId: mongoose.Types.ObjectId | string): Promise<void> {
  await BankModel.updateOne({ _id: bankId }, { $inc: { itemsRevision: 1 } });
}
