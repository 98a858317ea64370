import {
  DEFAULT_LEVEL_NAMES,
  LEVELS,
  StandardSchema,
  type AppraisalPoint,
  type Importance,
  type Level,
  type Occupation,
  type ScopeNode,
  type Standard,
  type WeightRow,
} from '../../../server/standards/schemas';

/**
 * Demo content: 电工 (electrician, 6-31-01-03) and a 2018-edition national occupational skill
 * standard for it. The structure follows the real 2018 standard (five levels; 职业功能 from
 * 电气安装与维修 up to 培训与技术管理; technician levels add panel review), but every number —
 * weights, X/Y/Z ratios, durations — is a plausible DEMO VALUE, and the standard is flagged
 * `demo: true` so the UI labels it so.
 *
 * Weight tables, per level column 五级 … 一级 (— = not assessed):
 *
 * theory                          5    4    3    2    1
 *   B1 职业道德                    5    5    5    5    5
 *   B2 基础知识                   25   20   15   10   10
 *   1  电气安装与维修             35   20   10    —    —
 *   2  继电控制电路装调维修       25   25   20   15   10
 *   3  基本电子电路装调维修       10   15    —    —    —
 *   4  自动控制电路装调维修        —   15   20   20   20
 *   5  应用电子电路调试维修        —    —   15   15   15
 *   6  交直流传动及伺服系统调试维修 —  —   15   25   25
 *   7  培训与技术管理              —    —    —   10   15
 *
 * skill                           5    4    3    2    1
 *   1 … 7 as above                50/35/15 at 五级, … (see SKILL_WEIGHTS)
 *
 * Theory element-table scopes A–I (one per weight row, nested to three letters in 基础知识);
 * skill scopes J–P, so that full point codes are unique across the standard and item codes
 * (`BAA001-003`) are unambiguous in a bank.
 */

type Cells = readonly [number | null, number | null, number | null, number | null, number | null];

export const electricianOccupation: Occupation = {
  code: '6-31-01-03',
  name: '电工',
  classificationEdition: '2015',
  aliases: ['维修电工', '电气设备安装工', '电工（维修电工）'],
  formerCodes: [],
  subTrades: ['维修电工', '安装电工'],
};

const FUNCTION_NAMES: Record<string, string> = {
  '1': '电气安装与维修',
  '2': '继电控制电路装调维修',
  '3': '基本电子电路装调维修',
  '4': '自动控制电路装调维修',
  '5': '应用电子电路调试维修',
  '6': '交直流传动及伺服系统调试维修',
  '7': '培训与技术管理',
};

/** Theory weight table, columns in the order 5, 4, 3, 2, 1. */
export const THEORY_WEIGHTS: ReadonlyArray<{ code: string; name: string; group: WeightRow['group']; cells: Cells }> = [
  { code: 'B1', name: '职业道德', group: 'basic', cells: [5, 5, 5, 5, 5] },
  { code: 'B2', name: '基础知识', group: 'basic', cells: [25, 20, 15, 10, 10] },
  { code: '1', name: FUNCTION_NAMES['1']!, group: 'function', cells: [35, 20, 10, null, null] },
  { code: '2', name: FUNCTION_NAMES['2']!, group: 'function', cells: [25, 25, 20, 15, 10] },
  { code: '3', name: FUNCTION_NAMES['3']!, group: 'function', cells: [10, 15, null, null, null] },
  { code: '4', name: FUNCTION_NAMES['4']!, group: 'function', cells: [null, 15, 20, 20, 20] },
  { code: '5', name: FUNCTION_NAMES['5']!, group: 'function', cells: [null, null, 15, 15, 15] },
  { code: '6', name: FUNCTION_NAMES['6']!, group: 'function', cells: [null, null, 15, 25, 25] },
  { code: '7', name: FUNCTION_NAMES['7']!, group: 'function', cells: [null, null, null, 10, 15] },
];

/** Skill weight table (职业功能 only), columns in the order 5, 4, 3, 2, 1. */
export const SKILL_WEIGHTS: ReadonlyArray<{ code: string; name: string; group: WeightRow['group']; cells: Cells }> = [
  { code: '1', name: FUNCTION_NAMES['1']!, group: 'function', cells: [50, 25, 10, null, null] },
  { code: '2', name: FUNCTION_NAMES['2']!, group: 'function', cells: [35, 30, 20, 15, 10] },
  { code: '3', name: FUNCTION_NAMES['3']!, group: 'function', cells: [15, 20, null, null, null] },
  { code: '4', name: FUNCTION_NAMES['4']!, group: 'function', cells: [null, 25, 25, 25, 25] },
  { code: '5', name: FUNCTION_NAMES['5']!, group: 'function', cells: [null, null, 20, 20, 20] },
  { code: '6', name: FUNCTION_NAMES['6']!, group: 'function', cells: [null, null, 25, 25, 25] },
  { code: '7', name: FUNCTION_NAMES['7']!, group: 'function', cells: [null, null, null, 15, 20] },
];

const XYZ_CORE = { X: 60, Y: 30, Z: 10 };
const XYZ_BALANCED = { X: 50, Y: 35, Z: 15 };

interface ScopeSpec {
  code: string;
  name: string;
  row?: string;
  weights: Cells;
  xyz?: { X: number; Y: number; Z: number };
}

function scope(spec: ScopeSpec): ScopeNode {
  return {
    code: spec.code,
    name: spec.name,
    ...(spec.row ? { weightRowCode: spec.row } : {}),
    weights: LEVELS.flatMap((level, i) => (spec.weights[i] === null ? [] : [{ level, percent: spec.weights[i]! }])),
    ...(spec.xyz ? { xyz: spec.xyz } : {}),
  };
}

const THEORY_SCOPES: ScopeSpec[] = [
  { code: 'A', name: '职业道德', row: 'B1', weights: [5, 5, 5, 5, 5], xyz: XYZ_BALANCED },
  { code: 'AA', name: '职业道德基本知识', weights: [2, 2, 2, 2, 2] },
  { code: 'AB', name: '职业守则', weights: [3, 3, 3, 3, 3] },

  { code: 'B', name: '基础知识', row: 'B2', weights: [25, 20, 15, 10, 10], xyz: XYZ_CORE },
  { code: 'BA', name: '电工基础知识', weights: [10, 8, 6, 4, 4], xyz: XYZ_CORE },
  { code: 'BAA', name: '直流电路', weights: [5, 4, 3, 2, 2] },
  { code: 'BAB', name: '交流电路与电磁', weights: [5, 4, 3, 2, 2] },
  { code: 'BB', name: '电子技术基础知识', weights: [5, 4, 3, 2, 2], xyz: XYZ_BALANCED },
  { code: 'BC', name: '电工识图与仪表工具', weights: [5, 4, 3, 2, 2], xyz: XYZ_BALANCED },
  { code: 'BD', name: '安全用电与相关法规', weights: [5, 4, 3, 2, 2], xyz: XYZ_CORE },

  { code: 'C', name: FUNCTION_NAMES['1']!, row: '1', weights: [35, 20, 10, null, null], xyz: XYZ_CORE },
  { code: 'CA', name: '照明与动力线路安装', weights: [15, 8, 4, null, null] },
  { code: 'CB', name: '低压电器选用与维修', weights: [12, 7, 3, null, null] },
  { code: 'CC', name: '电动机与变压器', weights: [8, 5, 3, null, null] },

  { code: 'D', name: FUNCTION_NAMES['2']!, row: '2', weights: [25, 25, 20, 15, 10], xyz: XYZ_CORE },
  { code: 'DA', name: '基本控制电路', weights: [15, 12, 8, 5, 3] },
  { code: 'DB', name: '控制电路故障检修', weights: [10, 8, 7, 5, 4] },
  { code: 'DC', name: '机床与起重设备电气控制', weights: [null, 5, 5, 5, 3] },

  { code: 'E', name: FUNCTION_NAMES['3']!, row: '3', weights: [10, 15, null, null, null], xyz: XYZ_BALANCED },
  { code: 'EA', name: '电子元器件识别与检测', weights: [5, 7, null, null, null] },
  { code: 'EB', name: '基本电子电路装调', weights: [5, 8, null, null, null] },

  { code: 'F', name: FUNCTION_NAMES['4']!, row: '4', weights: [null, 15, 20, 20, 20], xyz: XYZ_CORE },
  { code: 'FA', name: 'PLC 基础与编程', weights: [null, 10, 10, 8, 8] },
  { code: 'FB', name: 'PLC 控制系统装调', weights: [null, 5, 6, 6, 6] },
  { code: 'FC', name: '传感器与自动控制系统', weights: [null, null, 4, 6, 6] },

  { code: 'G', name: FUNCTION_NAMES['5']!, row: '5', weights: [null, null, 15, 15, 15], xyz: XYZ_BALANCED },
  { code: 'GA', name: '整流与晶闸管电路', weights: [null, null, 8, 7, 7] },
  { code: 'GB', name: '放大、振荡与电源电路', weights: [null, null, 7, 8, 8] },

  { code: 'H', name: FUNCTION_NAMES['6']!, row: '6', weights: [null, null, 15, 25, 25], xyz: XYZ_CORE },
  { code: 'HA', name: '直流调速系统', weights: [null, null, 5, 8, 8] },
  { code: 'HB', name: '交流变频调速系统', weights: [null, null, 6, 9, 9] },
  { code: 'HC', name: '伺服与步进系统', weights: [null, null, 4, 8, 8] },

  { code: 'I', name: FUNCTION_NAMES['7']!, row: '7', weights: [null, null, null, 10, 15], xyz: XYZ_BALANCED },
  { code: 'IA', name: '培训与指导', weights: [null, null, null, 5, 7] },
  { code: 'IB', name: '技术与质量管理', weights: [null, null, null, 5, 8] },
];

const SKILL_SCOPES: ScopeSpec[] = [
  { code: 'J', name: FUNCTION_NAMES['1']!, row: '1', weights: [50, 25, 10, null, null], xyz: XYZ_CORE },
  { code: 'JA', name: '照明与动力线路安装', weights: [30, 15, 5, null, null] },
  { code: 'JB', name: '电动机与低压电器检修', weights: [20, 10, 5, null, null] },

  { code: 'K', name: FUNCTION_NAMES['2']!, row: '2', weights: [35, 30, 20, 15, 10], xyz: XYZ_CORE },
  { code: 'KA', name: '继电控制电路安装调试', weights: [25, 15, 10, 5, 5] },
  { code: 'KB', name: '继电控制电路故障检修', weights: [10, 15, 10, 10, 5] },

  { code: 'L', name: FUNCTION_NAMES['3']!, row: '3', weights: [15, 20, null, null, null], xyz: XYZ_BALANCED },

  { code: 'M', name: FUNCTION_NAMES['4']!, row: '4', weights: [null, 25, 25, 25, 25], xyz: XYZ_CORE },
  { code: 'MA', name: 'PLC 控制电路编程与调试', weights: [null, 25, 15, 10, 10] },
  { code: 'MB', name: 'PLC 控制系统设计与故障排除', weights: [null, null, 10, 15, 15] },

  { code: 'N', name: FUNCTION_NAMES['5']!, row: '5', weights: [null, null, 20, 20, 20], xyz: XYZ_BALANCED },

  { code: 'O', name: FUNCTION_NAMES['6']!, row: '6', weights: [null, null, 25, 25, 25], xyz: XYZ_CORE },
  { code: 'OA', name: '交直流调速系统调试', weights: [null, null, 15, 15, 15] },
  { code: 'OB', name: '伺服与步进系统调试', weights: [null, null, 10, 10, 10] },

  { code: 'P', name: FUNCTION_NAMES['7']!, row: '7', weights: [null, null, null, 15, 20], xyz: XYZ_BALANCED },
];

const ALL: Level[] = [5, 4, 3, 2, 1];
const L54: Level[] = [5, 4];
const L543: Level[] = [5, 4, 3];
const L4321: Level[] = [4, 3, 2, 1];
const L321: Level[] = [3, 2, 1];
const L21: Level[] = [2, 1];

type PointSpec = [scopeAndCode: string, name: string, importance: Importance, levels: Level[]];

/** 鉴定点 of the theory table: `[full code, name, 重要程度, levels]`. */
const THEORY_POINTS: PointSpec[] = [
  ['AA001', '职业道德的基本概念', 'X', ALL],
  ['AA002', '职业道德的作用与职业修养', 'Y', ALL],
  ['AB001', '遵纪守法、爱岗敬业', 'X', ALL],
  ['AB002', '安全操作、文明生产', 'X', ALL],
  ['AB003', '团结协作、诚实守信', 'Y', ALL],
  ['AB004', '节约能源、保护环境', 'Z', ALL],

  ['BAA001', '欧姆定律', 'X', ALL],
  ['BAA002', '电阻的串联与并联', 'X', ALL],
  ['BAA003', '电功与电功率', 'X', ALL],
  ['BAA004', '基尔霍夫定律', 'Y', ALL],
  ['BAB001', '电磁感应与磁路', 'Y', ALL],
  ['BAB002', '单相正弦交流电路', 'X', ALL],
  ['BAB003', '三相交流电路', 'X', ALL],
  ['BB001', '半导体二极管与整流', 'X', ALL],
  ['BB002', '三极管与放大电路', 'Y', ALL],
  ['BB003', '数字电路基础', 'Z', ALL],
  ['BC001', '电气图形符号与识图', 'Y', ALL],
  ['BC002', '常用电工仪表的使用', 'X', ALL],
  ['BC003', '常用电工工具的使用', 'X', ALL],
  ['BD001', '安全电压与触电防护', 'X', ALL],
  ['BD002', '停电作业的安全技术措施', 'X', ALL],
  ['BD003', '保护接地与保护接零', 'X', ALL],
  ['BD004', '电气防火与触电急救', 'X', ALL],
  ['BD005', '安全生产相关法律法规', 'Y', ALL],

  ['CA001', '照明电路的安装', 'X', L543],
  ['CA002', '导线的选择与连接', 'X', L543],
  ['CA003', '电能计量装置的安装', 'Y', L543],
  ['CA004', '室内配线与线管敷设', 'Y', L543],
  ['CB001', '低压开关与熔断器', 'X', L543],
  ['CB002', '接触器与中间继电器', 'X', L543],
  ['CB003', '热继电器与时间继电器', 'Y', L543],
  ['CB004', '剩余电流动作保护装置', 'Y', L543],
  ['CC001', '三相异步电动机的结构与原理', 'X', L543],
  ['CC002', '电动机的安装、检查与维护', 'Y', L543],
  ['CC003', '变压器的原理与运行', 'X', L543],

  ['DA001', '点动与连续运行控制电路', 'X', ALL],
  ['DA002', '正反转控制电路与互锁', 'X', ALL],
  ['DA003', '顺序控制与多地控制电路', 'Y', ALL],
  ['DA004', '降压启动控制电路', 'X', ALL],
  ['DA005', '电动机制动控制电路', 'Y', L4321],
  ['DB001', '控制电路的检测方法', 'X', ALL],
  ['DB002', '控制电路常见故障分析', 'X', ALL],
  ['DC001', '常用机床电气控制电路', 'Y', L4321],
  ['DC002', '桥式起重机电气控制', 'Z', L321],

  ['EA001', '电阻器与电容器的识别', 'X', L54],
  ['EA002', '二极管与三极管的检测', 'X', L54],
  ['EB001', '整流滤波与稳压电路', 'X', L54],
  ['EB002', '电子电路的焊接与装配', 'Y', L54],
  ['EB003', '发光二极管与指示电路', 'Z', L54],

  ['FA001', 'PLC 的组成与工作原理', 'X', L4321],
  ['FA002', '数制与编码', 'Y', L4321],
  ['FA003', '基本逻辑指令与梯形图', 'X', L4321],
  ['FA004', '定时器与计数器', 'X', L4321],
  ['FB001', 'PLC 的 I/O 分配与接线', 'Y', L4321],
  ['FB002', 'PLC 控制系统的调试与维修', 'X', L4321],
  ['FC001', '常用传感器与信号转换', 'Y', L321],
  ['FC002', '触摸屏与工业网络通信', 'Z', L321],

  ['GA001', '单相可控整流电路', 'X', L321],
  ['GA002', '三相整流电路', 'Y', L321],
  ['GA003', '晶闸管及其触发电路', 'Y', L321],
  ['GB001', '集成运算放大器', 'X', L321],
  ['GB002', '振荡电路与 555 定时器', 'Y', L321],
  ['GB003', '开关稳压电源', 'Z', L321],

  ['HA001', '直流电动机及其调速', 'X', L321],
  ['HA002', '直流调速系统', 'Y', L321],
  ['HB001', '变频器的原理与参数设置', 'X', L321],
  ['HB002', '变频调速系统的调试与维修', 'Y', L321],
  ['HC001', '交流伺服系统', 'X', L321],
  ['HC002', '步进电动机及其驱动', 'Y', L321],

  ['IA001', '培训教学与技能指导', 'X', L21],
  ['IA002', '培训计划与讲义编写', 'Y', L21],
  ['IB001', '技术文件与技术改造', 'X', L21],
  ['IB002', '质量管理', 'Y', L21],
  ['IB003', '生产与安全管理', 'Y', L21],
];

/** 鉴定点 of the skill table. */
const SKILL_POINTS: PointSpec[] = [
  ['JA001', '照明电路的安装与调试', 'X', L54],
  ['JA002', '动力配电箱（板）的安装', 'Y', L543],
  ['JB001', '三相异步电动机的拆装与检测', 'X', L543],
  ['JB002', '常用低压电器的拆装与检修', 'Y', L54],

  ['KA001', '电动机正反转控制电路的安装与调试', 'X', L543],
  ['KA002', '星-三角降压启动控制电路的安装与调试', 'X', ALL],
  ['KA003', '顺序与多地控制电路的安装与调试', 'Y', L54],
  ['KB001', '基本控制电路的故障排除', 'X', L543],
  ['KB002', '机床电气控制电路的故障排除', 'X', L4321],

  ['L001', '单相整流稳压电路的焊接与调试', 'X', L54],
  ['L002', '简单电子电路的装配与调试', 'Y', L54],

  ['MA001', 'PLC 控制电动机电路的编程与调试', 'X', L4321],
  ['MA002', 'PLC 控制指示与顺序动作电路的编程与调试', 'Y', [4, 3]],
  ['MB001', 'PLC、变频器综合控制系统的设计与调试', 'X', L321],
  ['MB002', 'PLC 控制系统的故障排除', 'Y', L321],

  ['N001', '晶闸管调光（调速）电路的调试', 'X', L321],
  ['N002', '应用电子电路的故障检修', 'Y', L321],

  ['OA001', '变频器参数设置与多段速运行调试', 'X', L321],
  ['OA002', '直流调速系统的调试与维修', 'Y', L321],
  ['OB001', '步进或伺服定位控制系统的调试', 'X', L321],

  ['P001', '技能培训指导', 'X', L21],
  ['P002', '技术改造方案与技术总结的编写', 'Y', L21],
];

function points(specs: PointSpec[]): AppraisalPoint[] {
  return specs.map(([full, name, importance, levels]) => {
    const match = /^([A-Z]{1,3})(\d{3})$/.exec(full);
    if (!match) throw new Error(`bad point code ${full}`);
    return { scopeCode: match[1]!, code: match[2]!, name, importance, levels: [...levels] };
  });
}

function weightRows(rows: typeof THEORY_WEIGHTS): WeightRow[] {
  return rows.map((row) => ({ code: row.code, name: row.name, group: row.group, cells: LEVELS.map((level, i) => ({ level, percent: row.cells[i] ?? null })) }));
}

export const electricianStandard: Standard = StandardSchema.parse({
  occupationCode: electricianOccupation.code,
  edition: '2018',
  title: '电工国家职业技能标准（2018年版）（演示数据）',
  levels: ALL.map((level) => ({
    level,
    name: DEFAULT_LEVEL_NAMES[level].zh,
    parts: [
      { part: 'theory' as const, durationMinutes: 120, passMark: 60 },
      { part: 'skill' as const, durationMinutes: ({ 5: 120, 4: 150, 3: 180, 2: 210, 1: 240 } as const)[level], passMark: 60, examinerCount: 3 },
      ...(level <= 2 ? [{ part: 'review' as const, durationMinutes: 60, passMark: 60, examinerCount: 3 }] : []),
    ],
  })),
  weightTables: { theory: { rows: weightRows(THEORY_WEIGHTS) }, skill: { rows: weightRows(SKILL_WEIGHTS) } },
  elementTables: [
    { part: 'theory', scopes: THEORY_SCOPES.map(scope), points: points(THEORY_POINTS) },
    { part: 'skill', scopes: SKILL_SCOPES.map(scope), points: points(SKILL_POINTS) },
  ],
  demo: true,
} satisfies Standard);
