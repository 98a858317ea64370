import type { ContentMap } from '../kit';
import { MANAGEMENT_A_CONTENT } from './management-a';
import { MANAGEMENT_B_CONTENT } from './management-b';

/** Row 7 培训与技术管理: IA001–IB003 (levels 2–1). */
export const MANAGEMENT_CONTENT: ContentMap = {
  ...MANAGEMENT_A_CONTENT,
  ...MANAGEMENT_B_CONTENT,
};
