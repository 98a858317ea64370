import type { ContentMap } from '../kit';
import { PLC_A_CONTENT } from './auto-plc-a';
import { PLC_B_CONTENT } from './auto-plc-b';
import { PLC_C_CONTENT } from './auto-plc-c';
import { ELEC2_A_CONTENT } from './auto-elec-a';
import { ELEC2_B_CONTENT } from './auto-elec-b';
import { DRIVE_A_CONTENT } from './auto-drive-a';
import { DRIVE_B_CONTENT } from './auto-drive-b';
import { DRIVE_C_CONTENT } from './auto-drive-c';

/** Row 4 自动控制 (FA001–FC002), row 5 应用电子 (GA001–GB003), row 6 交直流传动及伺服 (HA001–HC002). */
export const AUTOMATION_CONTENT: ContentMap = {
  ...PLC_A_CONTENT,
  ...PLC_B_CONTENT,
  ...PLC_C_CONTENT,
  ...ELEC2_A_CONTENT,
  ...ELEC2_B_CONTENT,
  ...DRIVE_A_CONTENT,
  ...DRIVE_B_CONTENT,
  ...DRIVE_C_CONTENT,
};
