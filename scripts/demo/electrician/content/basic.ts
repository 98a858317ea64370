import type { ContentMap } from '../kit';
import { ETHICS_CONTENT } from './basic-ethics';

/** B1 职业道德 and B2 基础知识: all points of scopes A and B. */
export const BASIC_CONTENT: ContentMap = {
  ...ETHICS_CONTENT,
};
