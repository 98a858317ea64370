/**
 * Item codes (试题编号): the appraisal point code, a hyphen and a serial within the point,
 * e.g. `AB001-003` (鉴定点 AB001, third item). The bank assigns serials; an import may carry a
 * code to update that item.
 */
export const ITEM_CODE_PATTERN = /^([A-Z]{1,3}\d{3})-(\d{3,4})$/;

/** The point part of an item code (`AB001-003` → `AB001`), or undefined if it is not a code. */
export function pointCodeOfItemCode(code: string): string | undefined {
  return ITEM_CODE_PATTERN.exec(code)?.[1];
}
