/**
 * Item codes (试题编号): the appraisal point code, a hyphen and a serial within the point,
 * e.g. `AB001-003` (鉴定点 AB001, third item). The bank assigns serials; an import may carry a
 * code to update that item.
 *
 * Items imported without an appraisal point (待指定鉴定点) are coded from a bank-level series of
 * their own, `UNPLACED-000001`: no point code has that shape, so the code never pretends the item
 * belongs to a point. Placing the item on a point gives it that point's next code.
 */
export const ITEM_CODE_PATTERN = /^([A-Z]{1,3}\d{3})-(\d{3,4})$/;

/** The series of unplaced items and their codes (`UNPLACED-000001`). */
export const UNPLACED_SERIES = 'UNPLACED';
export const UNPLACED_CODE_PATTERN = /^(UNPLACED)-(\d{6})$/;

/** The point code an unplaced item's content carries. */
export const UNPLACED_POINT = '';

/** The point part of an item code (`AB001-003` → `AB001`), or undefined if it is not a code. */
export function pointCodeOfItemCode(code: string): string | undefined {
  return ITEM_CODE_PATTERN.exec(code)?.[1];
}

/** Whether a code is an unplaced item's (`UNPLACED-000001`). */
export function isUnplacedCode(code: string): boolean {
  return UNPLACED_CODE_PATTERN.test(code);
}

/** The series (a point code, or UNPLACED) and serial of any item code, for reserving serials. */
export function codeSeries(code: string): { series: string; serial: number } | undefined {
  const match = ITEM_CODE_PATTERN.exec(code) ?? UNPLACED_CODE_PATTERN.exec(code);
  return match ? { series: match[1]!, serial: Number(match[2]) } : undefined;
}

/** The code of serial `serial` in a series: `AB001-003`, or `UNPLACED-000003`. */
export function itemCodeOf(series: string, serial: number): string {
  return `${series}-${String(serial).padStart(series === UNPLACED_SERIES ? 6 : 3, '0')}`;
}
