import type { ContentMap } from '../kit';

/** Demo items for the points of this part of the standard (to be written). */
export const AUTOMATION_CONTENT: ContentMap = {};
