import type { ContentMap } from '../kit';
import { ETHICS_CONTENT } from './basic-ethics';
import { ETHICS_B_CONTENT } from './basic-ethics-b';
import { DC_A_CONTENT } from './basic-dc-a';
import { DC_B_CONTENT } from './basic-dc-b';
import { AC_A_CONTENT } from './basic-ac-a';
import { AC_B_CONTENT } from './basic-ac-b';
import { ELEC_A_CONTENT } from './basic-elec-a';
import { ELEC_B_CONTENT } from './basic-elec-b';
import { TOOLS_CONTENT } from './basic-tools';
import { SAFETY_A_CONTENT } from './basic-safety-a';
import { SAFETY_B_CONTENT } from './basic-safety-b';

/** B1 职业道德 and B2 基础知识: all points of scopes A and B. */
export const BASIC_CONTENT: ContentMap = {
  ...ETHICS_CONTENT,
  ...ETHICS_B_CONTENT,
  ...DC_A_CONTENT,
  ...DC_B_CONTENT,
  ...AC_A_CONTENT,
  ...AC_B_CONTENT,
  ...ELEC_A_CONTENT,
  ...ELEC_B_CONTENT,
  ...TOOLS_CONTENT,
  ...SAFETY_A_CONTENT,
  ...SAFETY_B_CONTENT,
};
