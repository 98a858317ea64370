import { HttpProblem } from '../platform/problem';
import { t } from '../i18n/translate';
import { LEVELS, type Level } from '../standards/schemas';
import { UNPLACED_POINT } from './interchange/codes';

/**
 * Items without an appraisal point (待指定鉴定点). Imports from other systems rarely carry the
 * point; when no default gives one, the item is stored as a draft with an empty point code and
 * a code of the bank's UNPLACED series (interchange/codes.ts). Such an item can be edited but not
 * submitted, approved, released or drawn: a writer first places it on a point (the edit form or
 * `PUT /items/:id` with a `pointCode`), which gives it that point's next item code, audited as
 * `item.place`. Coverage, statistics and assembly count points, so they never see it.
 */

export function isUnplaced(item: { pointCode: string }): boolean {
  return item.pointCode === UNPLACED_POINT;
}

/** The filter condition that keeps a guarded update off unplaced items. */
export function placedGuard(): Record<string, unknown> {
  return { pointCode: { $ne: UNPLACED_POINT } };
}

/** The levels an unplaced item gets when the file gives none (the writer narrows them on placing). */
export const UNPLACED_LEVELS: readonly Level[] = LEVELS;

/** The refusal of submitting or approving an unplaced item (409, Chinese first). */
export function unplacedRefusal(): HttpProblem {
  return new HttpProblem(409, 'unplaced', t('zh-CN', 'item.refusal.unplaced'), { i18n: { key: 'item.refusal.unplaced' } });
}
