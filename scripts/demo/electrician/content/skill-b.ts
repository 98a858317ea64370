import type { SkillTemplate } from './skill';
import { candidateKit, row, sheet, skill, variant, type Row } from './skill-util';

/** Skill row 2 继电控制电路装调维修: KA001–KA003, KB001, KB002. */

const MOTORS = [
  { model: 'Y112M-4', kw: 4 },
  { model: 'Y132S-4', kw: 5.5 },
  { model: 'Y132M-4', kw: 7.5 },
  { model: 'Y160M-4', kw: 11 },
] as const;

function motorVenue(kw: number, model: string, extra: string): string[] {
  return ['三相四线制交流电源 380 V/220 V（带剩余电流动作保护）', `${model}（${kw} kW）三相异步电动机 1 台（或等效负载）`, extra, '网孔板（配电板）1 块，线槽、BVR 导线、接线端子排、编码套管若干', '兆欧表（500 V）1 块，电气原理图 1 份'];
}

/** Install-and-commission rows shared by the relay-control tasks (90 points before safety and veto). */
function installRows(design: boolean): Row[] {
  const base = [
    row('元件检查', '按原理图检查元件型号、规格和质量', 5, '漏检或错检每件扣 1 分'),
    row('元件安装', '元件布置合理，安装牢固、整齐', 10, '布置不合理扣 3 分；安装不牢固每件扣 2 分；损坏元件每件扣 5 分'),
    row('布线', '按图接线，主电路与控制电路导线颜色、截面正确；走线横平竖直，线号套管齐全；接点牢固，不压绝缘层、不露铜过长', 30, '不按图接线扣 15 分；布线不规范每处扣 2 分；接点松动、露铜过长、压绝缘层每处扣 1 分；漏装线号每处扣 0.5 分'),
    row('通电试车', '自检合格，正确整定热继电器和时间继电器，经考评员同意后通电，一次试车成功', design ? 25 : 35, '热继电器或时间继电器未整定或整定错误每项扣 5 分；第一次试车不成功扣 15 分，第二次不成功扣 25 分，第三次不成功扣全部分'),
  ];
  if (!design) base.splice(3, 0, row('自检', '通电前用万用表检查主电路和控制电路，确认无短路、无错接', 10, '未自检扣 10 分；自检方法不正确扣 5 分'));
  else base.unshift(row('电路设计', '按控制要求设计主电路和控制电路，画出原理图，保护环节齐全，图形符号和文字符号符合国家标准', 20, '设计不能实现功能扣 20 分；缺少保护环节每项扣 5 分；符号不规范每处扣 1 分'));
  return base;
}

const REVERSING = [
  { name: '接触器联锁的三相异步电动机正反转控制电路', parts: '交流接触器 2 只，热继电器 1 只，按钮 3 只，熔断器 5 只' },
  { name: '按钮、接触器双重联锁的三相异步电动机正反转控制电路', parts: '交流接触器 2 只，热继电器 1 只，复合按钮 3 只，熔断器 5 只' },
  { name: '行程开关控制的工作台自动往返控制电路（带两端限位保护）', parts: '交流接触器 2 只，热继电器 1 只，按钮 3 只，行程开关 4 只，熔断器 5 只' },
] as const;

const reversing = skill({
  id: 'reversing-install',
  tags: ['正反转', '安装调试'],
  count: 3,
  sample: (r) => ({ v: variant(r, REVERSING), m: variant(r, MOTORS) }),
  build: ({ v, m }) => {
    const c = REVERSING[v]!;
    const motor = MOTORS[m]!;
    return {
      stem: `<p>按给定的电气原理图，安装并调试${c.name}，电动机为 ${motor.model}（${motor.kw} kW）。</p><p>要求：正确选择和整定热继电器，联锁可靠，通电试车功能符合要求。</p>`,
      venuePreparation: motorVenue(motor.kw, motor.model, c.parts),
      candidatePreparation: candidateKit(),
      timeAllowedMinutes: v === 2 ? 150 : 120,
      scoringRows: sheet(installRows(false)),
      difficulty: v === 0 ? 2 : 3,
    };
  },
});

const STAR_DELTA = [
  { name: '按钮切换（手动控制）的星-三角降压启动控制电路', relay: '' },
  { name: '时间继电器自动控制的星-三角降压启动控制电路', relay: '，时间继电器 1 只' },
] as const;

const starDelta = skill({
  id: 'star-delta-install',
  tags: ['星-三角降压启动', '安装调试'],
  count: 2,
  sample: (r) => ({ v: variant(r, STAR_DELTA), m: variant(r, MOTORS) }),
  build: ({ v, m }) => {
    const c = STAR_DELTA[v]!;
    const motor = MOTORS[m]!;
    return {
      stem: `<p>按给定的电气原理图，安装并调试${c.name}，电动机为 ${motor.model}（${motor.kw} kW，三角形联结运行）。</p><p>要求：星形与三角形接触器之间联锁可靠，${v === 1 ? '时间继电器延时整定合理，' : ''}通电试车功能符合要求。</p>`,
      venuePreparation: motorVenue(motor.kw, motor.model, `交流接触器 3 只，热继电器 1 只，按钮 ${v === 0 ? 3 : 2} 只${c.relay}，熔断器 5 只`),
      candidatePreparation: candidateKit(),
      timeAllowedMinutes: 150,
      scoringRows: sheet(installRows(false)),
      difficulty: 3,
      levels: [5, 4, 3],
    };
  },
});

const BRAKING = ['能耗制动', '反接制动（速度继电器控制）'] as const;

const starDeltaDesign = skill({
  id: 'star-delta-braking-design',
  tags: ['星-三角降压启动', '制动', '电路设计'],
  count: 2,
  sample: (r) => ({ b: variant(r, BRAKING), m: variant(r, MOTORS) }),
  build: ({ b, m }) => {
    const motor = MOTORS[m]!;
    return {
      stem: `<p>设计、安装并调试一台 ${motor.model}（${motor.kw} kW，三角形联结运行）电动机的星-三角降压启动、${BRAKING[b]}控制电路。</p><p>控制要求：按起动按钮后星形起动，经时间继电器延时自动转为三角形运行；按停止按钮后进行${BRAKING[b]}，制动结束自动切除制动电源；具有短路、过载和失压保护。</p>`,
      venuePreparation: motorVenue(motor.kw, motor.model, `交流接触器 4 只，热继电器 1 只，时间继电器 ${b === 0 ? 2 : 1} 只${b === 0 ? '，整流桥及制动变压器 1 套' : '，速度继电器 1 只，制动限流电阻 3 只'}，按钮 2 只，熔断器 5 只`),
      candidatePreparation: candidateKit('绘图工具、答题纸'),
      timeAllowedMinutes: 210,
      scoringRows: sheet(installRows(true)),
      difficulty: 4,
      levels: [3, 2, 1],
    };
  },
});

const SEQUENCE = [
  { name: '两台电动机顺序启动、逆序停止的控制电路', parts: '交流接触器 2 只，热继电器 2 只，按钮 4 只' },
  { name: '一台电动机两地控制（两地均可起动、停止和点动）的控制电路', parts: '交流接触器 1 只，热继电器 1 只，按钮 6 只' },
  { name: '时间继电器控制两台电动机延时顺序启动、同时停止的控制电路', parts: '交流接触器 2 只，热继电器 2 只，时间继电器 1 只，按钮 2 只' },
] as const;

const sequence = skill({
  id: 'sequence-install',
  tags: ['顺序控制', '多地控制', '安装调试'],
  count: 3,
  sample: (r) => ({ v: variant(r, SEQUENCE), m: r.int(0, 1) }),
  build: ({ v, m }) => {
    const c = SEQUENCE[v]!;
    const motor = MOTORS[m]!;
    return {
      stem: `<p>按给定的电气原理图，安装并调试${c.name}（电动机 ${motor.model}，${motor.kw} kW）。</p><p>要求：控制功能完全符合原理图要求，保护环节齐全。</p>`,
      venuePreparation: motorVenue(motor.kw, motor.model, `${c.parts}，熔断器若干`),
      candidatePreparation: candidateKit(),
      timeAllowedMinutes: 120,
      scoringRows: sheet(installRows(false)),
      difficulty: v === 1 ? 2 : 3,
    };
  },
});

const FAULT_BOARDS = ['接触器联锁正反转控制电路', '时间继电器控制的星-三角降压启动控制电路', '两台电动机顺序启动、逆序停止控制电路', '工作台自动往返控制电路'] as const;

function faultRows(faults: number): Row[] {
  const each = 60 / faults;
  return [
    row('故障现象观察', '通电观察并正确描述故障现象', 10, '描述错误或遗漏每个故障扣 3 分'),
    row('故障分析', '在原理图上正确标出最小故障范围', 15, '故障范围判断错误每个扣 5 分；范围过大每个扣 2 分'),
    row('故障排除', `用正确的方法查出并排除全部 ${faults} 处故障（每处 ${each} 分）`, 60, `每少排除 1 处故障扣 ${each} 分；排除故障时产生新故障每处扣 10 分；损坏元件每件扣 10 分`),
    row('测量方法', '正确使用万用表，断电测电阻、带电测电压的方法正确', 5, '测量方法错误每次扣 2 分'),
  ];
}

const basicFaults = skill({
  id: 'basic-circuit-faults',
  tags: ['故障排除', '继电控制'],
  count: 3,
  sample: (r) => ({ v: variant(r, FAULT_BOARDS), faults: r.int(2, 3) }),
  build: ({ v, faults }) => ({
    stem: `<p>基本控制电路的故障排除：在已安装好的${FAULT_BOARDS[v]}上，考评员设置 ${faults} 处故障（主电路和控制电路均可能有），考生观察故障现象，在原理图上标出故障范围，用仪表查找并排除故障，使电路恢复正常。</p>`,
    venuePreparation: [`已安装调试好的${FAULT_BOARDS[v]}板 1 块（含电动机或等效负载）`, '三相交流电源 380 V（带剩余电流动作保护）', '电气原理图 1 份', '故障记录表 1 份'],
    candidatePreparation: candidateKit('黑色签字笔'),
    timeAllowedMinutes: faults === 3 ? 60 : 45,
    scoringRows: sheet(faultRows(faults)),
    difficulty: faults === 3 ? 3 : 2,
  }),
});

const MACHINES_BASIC = ['CA6140 型车床', 'M7130 型平面磨床', 'C650 型卧式车床'] as const;
const MACHINES_ADVANCED = ['Z3040 型摇臂钻床', 'X62W 型万能铣床', 'T68 型卧式镗床'] as const;

function machineFaults(id: string, machines: readonly string[], levels: Array<1 | 2 | 3 | 4 | 5>, count: number, difficulty: number) {
  return skill({
    id,
    tags: ['机床电气', '故障排除'],
    count,
    sample: (r) => ({ v: variant(r, machines), faults: r.int(2, 3) }),
    build: ({ v, faults }) => {
      const name = machines[v]!;
      return {
        stem: `<p>机床电气控制电路的故障排除：在 ${name}电气控制模拟装置上，考评员设置 ${faults} 处故障，考生通电试运行观察故障现象，结合机、电、液关系分析故障原因，在原理图上标出故障范围，用仪表查找并排除故障，填写检修记录。</p>`,
        venuePreparation: [`${name}电气控制模拟装置（或实际机床）1 台`, '三相交流电源 380 V（带剩余电流动作保护）', `${name}电气原理图及说明 1 份`, '检修记录表 1 份'],
        candidatePreparation: candidateKit('黑色签字笔'),
        timeAllowedMinutes: faults === 3 ? 90 : 60,
        scoringRows: sheet(faultRows(faults)),
        difficulty,
        levels,
      };
    },
  });
}

export const SKILL_B: Record<string, SkillTemplate<any>[]> = {
  KA001: [reversing],
  KA002: [starDelta, starDeltaDesign],
  KA003: [sequence],
  KB001: [basicFaults],
  KB002: [machineFaults('machine-tool-faults', MACHINES_BASIC, [4, 3], 3, 3), machineFaults('machine-tool-faults-advanced', MACHINES_ADVANCED, [3, 2, 1], 3, 4)],
};
