// A bank's item list, filtered, sorted and paged from an in-process copy of the bank's item
// rows that is valid for one `itemsRevision` of the bank.
//
// Why: a sorted page needs every matching row, and on FerretDB v1 a sort is not pushed down,
// so each page read (and its count) parsed the whole bank in the database server: ~0.2 ms per
// item per query, several hundred ms a page for the 1,672-item demo bank. Every write to a
// bank's items bumps the bank's revision (touchBankItems), so a list is never staler than the
// bank document read at the start of the request; instances share nothing but that counter.
import mongoose from 'mongoose';
import { BankModel, ItemModel, type ItemDoc } from './model';

/** What the list may filter on (already validated by the route's schema). */
export interface ItemRowFilter {
  point?: string | undefined;
  type?: string | undefined;
  level?: number | undefined;
  status?: 'draft' | 'submitted' | 'approved' | 'rejected' | 'withdrawn' | 'retired' | 'usable' | undefined;
  q?: string | undefined;
  /** Only the items whose latest version this user wrote. */
  authorId?: string | undefined;
  /** Only items without an appraisal point (待指定鉴定点). */
  unplaced?: boolean | undefined;
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
    if (filter.unplaced && item.pointCode !== '') return false;
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
let loads = 0;

/** How many times this process has read a bank's rows from the database (for tests and logs). */
export function itemListLoads(): number {
  return loads;
}

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
  loads += 1;
  cache.set(key, { revision, rows });
  while (cache.size > MAX_BANKS) cache.delete(cache.keys().next().value!);
  return rows;
}

/**
 * After any write to a bank's items (or to their visibility). Lists of other processes reload
 * at their next read. This process patches its own copy instead when it can tell that no other
 * write came in between (the bump moved the revision by exactly one): `changedItemId` is read
 * again and put in its place, so the writer's next list read costs no reload. Anything else
 * drops the copy. The copy is replaced, never mutated, so a request still holding it is safe.
 */
export async function touchBankItems(bankId: mongoose.Types.ObjectId | string, changedItemId?: mongoose.Types.ObjectId): Promise<void> {
  const bumped = await BankModel.findOneAndUpdate({ _id: bankId }, { $inc: { itemsRevision: 1 } }, { returnDocument: 'after', lean: true });
  const key = String(bankId);
  const hit = cache.get(key);
  if (!hit || !bumped) return;
  if (!changedItemId || bumped.itemsRevision !== hit.revision + 1) {
    cache.delete(key);
    return;
  }
  const item = (await ItemModel.findById(changedItemId).lean()) as ItemDoc | null;
  const rows = hit.rows.filter((row) => !row._id.equals(changedItemId));
  if (item && String(item.bankId) === key) {
    let at = 0;
    while (at < rows.length && rows[at]!.code < item.code) at++;
    rows.splice(at, 0, item);
  }
  if (cache.get(key) === hit) cache.set(key, { revision: bumped.itemsRevision, rows });
}
