import type { ContentMap } from '../kit';
import { CONTROL_A_CONTENT } from './control-a';
import { CONTROL_B_CONTENT } from './control-b';
import { CONTROL_C_CONTENT } from './control-c';
import { CONTROL_D_CONTENT } from './control-d';
import { CONTROL_E_CONTENT } from './control-e';

/** Row 2 继电控制电路装调维修 (DA001–DC002) and row 3 基本电子电路装调维修 (EA001–EB003). */
export const CONTROL_CONTENT: ContentMap = {
  ...CONTROL_A_CONTENT,
  ...CONTROL_B_CONTENT,
  ...CONTROL_C_CONTENT,
  ...CONTROL_D_CONTENT,
  ...CONTROL_E_CONTENT,
};
