import type { ContentMap } from '../kit';
import { INSTALL_A_CONTENT } from './install-a';
import { INSTALL_B_CONTENT } from './install-b';
import { INSTALL_C_CONTENT } from './install-c';

/** Row 1 电气安装与维修: CA001–CC003 (levels 5–3). */
export const INSTALL_CONTENT: ContentMap = {
  ...INSTALL_A_CONTENT,
  ...INSTALL_B_CONTENT,
  ...INSTALL_C_CONTENT,
};
