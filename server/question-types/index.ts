import { QuestionTypeRegistry } from './registry';
import { judge } from './judge';
import { single, multiple } from './choice';
import { short } from './short';
import { skill } from './skill';

/**
 * The platform's question types. A new type is one module in this folder and one line here.
 */
export const questionTypes = new QuestionTypeRegistry();
questionTypes.register(judge);
questionTypes.register(single);
questionTypes.register(multiple);
questionTypes.register(short);
questionTypes.register(skill);
/** 单选 is what writers write most. */
questionTypes.prefer('single');

export type { QuestionType, Score, ScoringOptions, EditorField, EditorFields, XlsxRowContext, TypeColumn, StatisticsMeaning } from './types';
export type { JudgeContent } from './judge';
export type { SingleContent, MultipleContent } from './choice';
export type { ShortContent } from './short';
export type { SkillContent, SkillSheet } from './skill';
export { QuestionTypeRegistry } from './registry';

/** A type's name in a page language (`zh-CN` or `en`); the raw name for an unknown type. */
export function typeNameIn(locale: string, type: unknown): string {
  const module = questionTypes.find(type);
  return module ? (locale === 'en' ? module.label.en : module.label.zh) : String(type ?? '');
}
