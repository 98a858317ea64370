import { questionTypes } from '../../question-types';
import type { ItemContentInput } from '../item-schema';

/**
 * One worked example per type that Excel carries, shown on the template's 填写说明 sheet
 * (电工 / electrician, theory). Each type module holds its own; tests check that each reads
 * back as valid content.
 */
export function templateExamples(): ItemContentInput[] {
  return questionTypes.xlsxCarried().flatMap(({ xlsx }) => (xlsx.example ? [xlsx.example as ItemContentInput] : []));
}

/** The examples of the built-in types. */
export const TEMPLATE_EXAMPLES: readonly ItemContentInput[] = templateExamples();
