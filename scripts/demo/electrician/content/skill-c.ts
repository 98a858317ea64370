import type { SkillTemplate } from './skill';
import { candidateKit, row, sheet, skill, variant, type Row } from './skill-util';

/** Skill rows 3 基本电子电路 (L001, L002) and 4 自动控制 (MA001, MA002, MB001, MB002). */

const SOLDERING_KIT = '30 W 内热式电烙铁、烙铁架、焊锡丝、松香、吸锡器、镊子、斜口钳';

function electronicsRows(measure: string): Row[] {
  return [
    row('元器件识别与检测', '正确识别元器件的参数和极性，用万用表检测元器件质量', 15, '识别或检测错误每件扣 2 分'),
    row('装配与焊接', '元器件布局合理、排列整齐，引线成形规范；焊点光亮、圆滑、大小适中，无虚焊、漏焊、桥接', 35, '极性装反每件扣 5 分；虚焊、漏焊、桥接每处扣 3 分；焊点不规范每处扣 1 分；损坏焊盘每处扣 3 分'),
    row('通电调试', '检查无误后通电，电路功能正常', 25, '第一次通电不成功扣 10 分，第二次不成功扣 25 分'),
    row('参数测量', measure, 15, '测量方法错误每项扣 3 分；测量结果错误每项扣 3 分'),
  ];
}

const REGULATED = [
  { name: '单相桥式整流、电容滤波和 CW7805 三端稳压电路', out: '+5 V', u2: 9 },
  { name: '单相桥式整流、电容滤波和 CW7812 三端稳压电路', out: '+12 V', u2: 15 },
  { name: '单相桥式整流、电容滤波和 LM317 可调稳压电路（输出 1.25～12 V 可调）', out: '可调', u2: 15 },
  { name: '单相桥式整流、电容滤波和硅稳压管稳压电路', out: '+6.2 V', u2: 12 },
] as const;

const regulated = skill({
  id: 'regulated-supply-solder',
  tags: ['整流稳压', '焊接调试'],
  count: 3,
  sample: (r) => ({ v: variant(r, REGULATED) }),
  build: ({ v }) => {
    const c = REGULATED[v]!;
    return {
      stem: `<p>单相整流稳压电路的焊接与调试：按给定的电路图，在万能印制电路板上焊接${c.name}（变压器二次电压 ${c.u2} V，输出 ${c.out}），通电调试并测量各点电压。</p>`,
      venuePreparation: [`220 V/${c.u2} V 电源变压器 1 只`, '电路所需二极管、电容器、稳压器件、电阻、发光二极管等元器件 1 套', '万能印制电路板 1 块', '双踪示波器 1 台，电路图 1 份'],
      candidatePreparation: candidateKit(SOLDERING_KIT),
      timeAllowedMinutes: 90,
      scoringRows: sheet(electronicsRows('用万用表测量变压器二次电压、滤波后电压和输出电压，用示波器观察整流、滤波波形')),
      difficulty: v === 2 ? 3 : 2,
    };
  },
});

const GADGETS = [
  { name: 'NE555 定时器构成的发光二极管闪烁电路', measure: '测量电源电压，用示波器观察并测量 3 脚输出波形的周期' },
  { name: '分压式偏置共发射极单管放大电路', measure: '测量静态工作点（U<sub>BE</sub>、U<sub>CE</sub>、I<sub>C</sub>），用示波器观察输入、输出波形并计算电压放大倍数' },
  { name: '声光控延时照明开关电路', measure: '测量关键点电压，测试声控、光控功能及延时时间' },
  { name: 'NE555 定时器构成的触摸延时灯电路', measure: '测量电源电压和 3 脚输出电压，测试触摸触发和延时时间' },
] as const;

const gadgets = skill({
  id: 'electronic-circuit-assembly',
  tags: ['电子电路', '装配调试'],
  count: 3,
  sample: (r) => ({ v: variant(r, GADGETS) }),
  build: ({ v }) => {
    const c = GADGETS[v]!;
    return {
      stem: `<p>简单电子电路的装配与调试：按给定的电路图，在万能印制电路板上装配${c.name}，通电调试使其正常工作，并按要求测量有关参数。</p>`,
      venuePreparation: ['直流稳压电源（0～30 V）1 台', `${c.name}的全套元器件`, '万能印制电路板 1 块', '双踪示波器 1 台，电路图 1 份'],
      candidatePreparation: candidateKit(SOLDERING_KIT),
      timeAllowedMinutes: 90,
      scoringRows: sheet(electronicsRows(c.measure)),
      difficulty: v === 1 ? 3 : 2,
    };
  },
});

/** PLC programming rows (90 points before safety and veto). */
function plcRows(withDrive: boolean): Row[] {
  return [
    row('I/O 分配与接线图', '列出 I/O 分配表，画出 PLC 外部接线图（含必要的硬件联锁和保护）', 15, 'I/O 分配表错误或不完整每处扣 2 分；接线图错误每处扣 3 分；缺硬件联锁扣 5 分'),
    row('安装接线', '按接线图接线，接线正确、牢固、整齐，导线颜色和线号符合要求', 20, '接线错误每处扣 5 分；接点松动、露铜过长每处扣 1 分'),
    row('程序设计与输入', withDrive ? '正确编写 PLC 程序并设置变频器参数，程序简洁，能用编程软件下载和监控' : '正确编写梯形图程序，程序简洁、可读，能用编程软件下载和监控', 25, '程序不能实现要求的功能每项扣 5 分；不会下载或监控扣 5 分'),
    row('通电调试', '先模拟调试再带负载调试，功能全部符合控制要求', 30, '每缺一项功能扣 5 分；第一次通电不成功扣 10 分，第二次不成功扣 20 分'),
  ];
}

const PLC_KINDS = ['三菱 FX3U 系列 PLC', '西门子 S7-200 SMART 系列 PLC'] as const;

const MOTOR_TASKS = [
  { name: '三相异步电动机正反转控制（具有软件和硬件双重联锁，正反转直接切换时有 0.5 s 间隔）' },
  { name: '三相异步电动机星-三角降压启动控制（星形运行 5 s 后自动转为三角形，星形、三角形接触器有硬件联锁）' },
  { name: '两台电动机顺序启动、逆序停止控制（M1 起动 10 s 后 M2 自动起动，停车时 M2 先停、5 s 后 M1 停）' },
  { name: '工作台自动往返控制（往返 3 次后自动停在原位，两端设限位保护）' },
] as const;

const plcMotor = skill({
  id: 'plc-motor-program',
  tags: ['PLC', '电动机控制', '编程调试'],
  count: 4,
  sample: (r) => ({ v: variant(r, MOTOR_TASKS), plc: variant(r, PLC_KINDS) }),
  build: ({ v, plc }) => {
    const t = MOTOR_TASKS[v]!;
    return {
      stem: `<p>用${PLC_KINDS[plc]} 实现${t.name}。</p><p>要求：列出 I/O 分配表，画出 PLC 外部接线图，编写梯形图程序，完成接线、程序下载和通电调试。</p>`,
      venuePreparation: [`${PLC_KINDS[plc]}实训装置 1 台（含编程计算机和编程软件）`, '交流接触器、热继电器、按钮、行程开关等电器及三相异步电动机（或等效负载）', '三相交流电源 380 V（带剩余电流动作保护）', '导线、线号套管若干'],
      candidatePreparation: candidateKit('黑色签字笔、绘图工具'),
      timeAllowedMinutes: 120,
      scoringRows: sheet(plcRows(false)),
      difficulty: v >= 2 ? 3 : 2,
    };
  },
});

const SEQUENCE_TASKS = [
  (a: number, b: number) => `十字路口交通信号灯控制（东西向绿灯亮 ${a} s、闪 3 s、黄灯亮 ${b} s，南北向同理交替，按停止按钮后全部熄灭）`,
  (a: number, b: number) => `八盏彩灯循环点亮控制（每盏灯依次点亮 ${b} s，全部点亮后保持 ${a} s 再全部熄灭，循环运行）`,
  (a: number, _b: number) => `三组抢答器控制（主持人允许后抢答有效，先按者指示灯亮并锁定，超过 ${a} s 无人抢答报警）`,
  (a: number, b: number) => `运料小车自动往返控制（小车在 A 点装料 ${a} s 后驶向 B 点，卸料 ${b} s 后返回 A 点，循环运行）`,
] as const;

const plcSequence = skill({
  id: 'plc-sequence-program',
  tags: ['PLC', '顺序控制', '编程调试'],
  count: 3,
  sample: (r) => ({ v: variant(r, SEQUENCE_TASKS), a: r.pick([10, 15, 20, 25, 30]), b: r.pick([2, 3, 5]), plc: variant(r, PLC_KINDS) }),
  build: ({ v, a, b, plc }) => ({
    stem: `<p>用${PLC_KINDS[plc]} 实现${SEQUENCE_TASKS[v]!(a, b)}。</p><p>要求：列出 I/O 分配表，画出外部接线图和顺序功能图（或梯形图），完成接线、编程和调试。</p>`,
    venuePreparation: [`${PLC_KINDS[plc]}实训装置 1 台（含编程计算机和编程软件）`, '指示灯、按钮、行程开关等模拟板 1 块', '导线若干'],
    candidatePreparation: candidateKit('黑色签字笔、绘图工具'),
    timeAllowedMinutes: 120,
    scoringRows: sheet(plcRows(false)),
    difficulty: 3,
  }),
});

const DRIVE_TASKS = [
  (f: number[]) => `PLC 与变频器控制电动机三段速运行（按起动按钮后以 ${f[0]} Hz 运行 10 s，转为 ${f[1]} Hz 运行 10 s，再转为 ${f[2]} Hz 运行，按停止按钮减速停车）`,
  (f: number[]) => `PLC 与变频器控制电动机正反转及两段速运行（正转 ${f[0]} Hz、反转 ${f[1]} Hz，正反转切换时先减速停车再换向）`,
  (f: number[]) => `PLC 模拟量输出控制变频器调速（触摸屏设定频率 0～${f[2]} Hz，PLC 输出 0～10 V 信号给变频器，并在触摸屏上显示运行频率）`,
] as const;

const plcDrive = skill({
  id: 'plc-vfd-system',
  tags: ['PLC', '变频器', '综合调试'],
  count: 3,
  sample: (r) => ({ v: variant(r, DRIVE_TASKS), f1: r.pick([15, 20, 25]), f2: r.pick([30, 35, 40]), f3: r.pick([45, 50]) }),
  build: ({ v, f1, f2, f3 }) => ({
    stem: `<p>PLC、变频器综合控制系统的设计与调试：${DRIVE_TASKS[v]!([f1, f2, f3])}。</p><p>要求：画出系统接线图，列出 I/O 分配表和变频器参数设置表，编写程序，完成接线、参数设置和调试，加、减速时间自定。</p>`,
    venuePreparation: ['PLC、变频器、触摸屏综合实训装置 1 套（含编程计算机及软件）', '三相异步电动机 1 台（0.75 kW 左右）', '三相交流电源 380 V（带剩余电流动作保护）', '变频器使用手册 1 份'],
    candidatePreparation: candidateKit('黑色签字笔、绘图工具'),
    timeAllowedMinutes: 180,
    scoringRows: sheet(plcRows(true)),
    difficulty: 4,
  }),
});

const SYSTEM_FAULT = ['PLC 控制的星-三角降压启动系统', 'PLC 控制的交通信号灯系统', 'PLC 与变频器控制的多段速运行系统'] as const;

const plcFaults = skill({
  id: 'plc-system-faults',
  tags: ['PLC', '故障排除'],
  count: 3,
  sample: (r) => ({ v: variant(r, SYSTEM_FAULT), hw: r.int(1, 2), sw: r.int(1, 2) }),
  build: ({ v, hw, sw }) => ({
    stem: `<p>PLC 控制系统的故障排除：在一套已调试好的“${SYSTEM_FAULT[v]}”上，考评员设置 ${hw} 处硬件（外部接线或器件）故障和 ${sw} 处程序或参数故障，考生利用 PLC 指示灯、编程软件监控和仪表查找并排除全部故障，写出故障原因和排除方法。</p>`,
    venuePreparation: [`已调试好的“${SYSTEM_FAULT[v]}” 1 套（含编程计算机及软件、控制程序）`, '电气原理图、I/O 分配表、程序清单各 1 份', '三相交流电源 380 V（带剩余电流动作保护）'],
    candidatePreparation: candidateKit('黑色签字笔'),
    timeAllowedMinutes: 90,
    scoringRows: sheet([
      row('故障现象与分析', '正确描述故障现象，分析判断故障范围', 20, '描述或分析错误每处扣 5 分'),
      row('硬件故障排除', `查出并排除 ${hw} 处硬件故障`, 30, `每少排除 1 处扣 ${30 / hw} 分；产生新故障每处扣 10 分`),
      row('程序与参数故障排除', `利用编程软件监控找出并修正 ${sw} 处程序或参数故障`, 30, `每少排除 1 处扣 ${30 / sw} 分；随意修改其他程序段每处扣 5 分`),
      row('记录', '故障原因和排除方法记录完整、准确', 10, '记录不完整或错误每处扣 3 分'),
    ]),
    difficulty: 4,
  }),
});

export const SKILL_C: Record<string, SkillTemplate<any>[]> = {
  L001: [regulated],
  L002: [gadgets],
  MA001: [plcMotor],
  MA002: [plcSequence],
  MB001: [plcDrive],
  MB002: [plcFaults],
};
