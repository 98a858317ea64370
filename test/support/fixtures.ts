import type { Standard, Occupation, Level } from '../../server/standards/schemas';
import type { ItemContentInput } from '../../server/bank/item-schema';

export const ALL_LEVELS: Level[] = [5, 4, 3, 2, 1];
const cells = (percent: number | null) => ALL_LEVELS.map((level) => ({ level, percent }));
const weights = (percent: number) => ALL_LEVELS.map((level) => ({ level, percent }));

export function occupationFixture(code: string, name: string): Occupation {
  return { code, name, classificationEdition: '2015', aliases: [], formerCodes: [], subTrades: [] };
}

/**
 * A small but consistent standard: theory rows B1 5 / B2 25 / 1 40 / 2 30 at every level,
 * skill rows 1 50 / 2 50; theory scopes A–D (C split into CA, CB), skill scopes E, F.
 */
export function standardFixture(occupationCode: string, title: string): Standard {
  return {
    occupationCode,
    edition: '2018',
    title,
    demo: false,
    levels: ALL_LEVELS.map((level) => ({
      level,
      name: { 5: '五级/初级工', 4: '四级/中级工', 3: '三级/高级工', 2: '二级/技师', 1: '一级/高级技师' }[level],
      parts: [
        { part: 'theory' as const, durationMinutes: 120, passMark: 60 },
        { part: 'skill' as const, durationMinutes: 120, passMark: 60, examinerCount: 3 },
        ...(level <= 2 ? [{ part: 'review' as const, durationMinutes: 60, passMark: 60, examinerCount: 3 }] : []),
      ],
    })),
    weightTables: {
      theory: {
        rows: [
          { code: 'B1', name: '职业道德', group: 'basic', cells: cells(5) },
          { code: 'B2', name: '基础知识', group: 'basic', cells: cells(25) },
          { code: '1', name: '电气安装', group: 'function', cells: cells(40) },
          { code: '2', name: '电路维修', group: 'function', cells: cells(30) },
        ],
      },
      skill: {
        rows: [
          { code: '1', name: '电气安装', group: 'function', cells: cells(50) },
          { code: '2', name: '电路维修', group: 'function', cells: cells(50) },
        ],
      },
    },
    elementTables: [
      {
        part: 'theory',
        scopes: [
          { code: 'A', name: '职业道德', weightRowCode: 'B1', weights: weights(5) },
          { code: 'B', name: '基础知识', weightRowCode: 'B2', weights: weights(25) },
          { code: 'C', name: '电气安装', weightRowCode: '1', weights: weights(40) },
          { code: 'CA', name: '照明线路', weights: weights(20) },
          { code: 'CB', name: '动力线路', weights: weights(20) },
          { code: 'D', name: '电路维修', weightRowCode: '2', weights: weights(30) },
        ],
        points: [
          { scopeCode: 'A', code: '001', name: '职业道德基本知识', importance: 'X', levels: ALL_LEVELS },
          { scopeCode: 'B', code: '001', name: '欧姆定律', importance: 'X', levels: ALL_LEVELS },
          { scopeCode: 'B', code: '002', name: '电功率', importance: 'Y', levels: ALL_LEVELS },
          { scopeCode: 'CA', code: '001', name: '照明电路安装', importance: 'X', levels: ALL_LEVELS },
          { scopeCode: 'CB', code: '001', name: '电动机控制线路', importance: 'Y', levels: [3, 2, 1] },
          { scopeCode: 'D', code: '001', name: '故障检修', importance: 'Z', levels: ALL_LEVELS },
        ],
      },
      {
        part: 'skill',
        scopes: [
          { code: 'E', name: '电气安装', weightRowCode: '1', weights: weights(50) },
          { code: 'F', name: '电路维修', weightRowCode: '2', weights: weights(50) },
        ],
        points: [
          { scopeCode: 'E', code: '001', name: '照明线路安装', importance: 'X', levels: ALL_LEVELS },
          { scopeCode: 'F', code: '001', name: '电动机线路检修', importance: 'X', levels: ALL_LEVELS },
        ],
      },
    ],
  };
}

export function judgeItem(overrides: Partial<ItemContentInput> = {}): ItemContentInput {
  return {
    type: 'judge',
    pointCode: 'B001',
    levels: [5, 4],
    difficulty: 2,
    estimatedSeconds: 30,
    stem: '<p>在电阻不变时，导体中的电流与其两端电压成正比。</p>',
    explanation: '欧姆定律 I = U/R。',
    tags: ['欧姆定律'],
    answer: true,
    ...overrides,
  } as ItemContentInput;
}

export function singleItem(overrides: Partial<ItemContentInput> = {}): ItemContentInput {
  return {
    type: 'single',
    pointCode: 'B002',
    levels: [5, 4, 3],
    difficulty: 3,
    estimatedSeconds: 60,
    stem: '<p>一只 220 V、100 W 的白炽灯，正常工作时的电流约为（　）。</p>',
    options: [
      { key: 'A', html: '0.45 A' },
      { key: 'B', html: '2.2 A' },
      { key: 'C', html: '0.22 A' },
      { key: 'D', html: '4.5 A' },
    ],
    answer: 'A',
    keepOptionOrder: false,
    explanation: 'I = P/U = 100/220 ≈ 0.45 A。',
    tags: ['电功率'],
    ...overrides,
  } as ItemContentInput;
}
