import type { SkillTemplate } from './skill';
import { candidateKit, PEN, PPE, row, sheet, skill, variant } from './skill-util';

/** Skill rows 5 应用电子 (N001, N002), 6 传动 (OA001, OA002, OB001), 7 培训与技术管理 (P001, P002). */

const OSCILLOSCOPE = '双踪示波器 1 台';

const THYRISTOR = [
  { name: '单结晶体管触发的单相桥式半控整流调光电路（白炽灯负载）', load: '220 V/100 W 白炽灯' },
  { name: '双向触发二极管（DB3）触发的双向晶闸管交流调光电路', load: '220 V/60 W 白炽灯' },
  { name: '单相桥式半控整流直流电动机调速电路（带续流二极管，他励直流电动机负载）', load: '他励直流电动机（220 V、0.37 kW 左右）' },
] as const;

const thyristor = skill({
  id: 'thyristor-dimmer-commissioning',
  tags: ['晶闸管', '调试'],
  count: 3,
  sample: (r) => ({ v: variant(r, THYRISTOR), a: r.pick([30, 60, 90]) }),
  build: ({ v, a }) => {
    const c = THYRISTOR[v]!;
    return {
      stem: `<p>晶闸管电路的调试：对给定的${c.name}进行通电调试，用示波器观察并记录同步电压、触发脉冲和负载电压波形，测量控制角 α = ${a}° 时的负载电压，分析移相范围并说明调节原理。</p>`,
      venuePreparation: [`${c.name}实训板 1 块`, c.load, '隔离变压器及单相交流电源 220 V', OSCILLOSCOPE, '电路原理图 1 份'],
      candidatePreparation: candidateKit('记录纸'),
      timeAllowedMinutes: 90,
      scoringRows: sheet([
        row('电路检查与接线', '检查元件和电路，正确接入电源、负载和仪器，示波器接地端接法正确', 15, '接线错误每处扣 5 分；示波器使用不当造成短路扣 10 分'),
        row('触发电路调试', '观察并正确画出同步电压、电容电压和触发脉冲波形，触发脉冲与主电路同步', 25, '波形观察或描绘错误每个扣 5 分'),
        row('主电路调试', `调节控制角，测量 α = ${a}° 时的负载电压并与理论值比较`, 30, '测量方法错误扣 10 分；数据错误扣 10 分；不会调节控制角扣 15 分'),
        row('分析与记录', '正确说明移相范围和调节原理，记录完整', 20, '分析错误每项扣 5 分；记录不完整扣 5 分'),
      ]),
      difficulty: v === 2 ? 4 : 3,
    };
  },
});

const BOARDS = ['小功率单端反激式开关稳压电源', '单结晶体管触发的晶闸管调光电路', '集成运放构成的温度检测与报警电路', 'NE555 构成的定时控制电路'] as const;

const boardFaults = skill({
  id: 'electronic-board-faults',
  tags: ['应用电子', '故障检修'],
  count: 3,
  sample: (r) => ({ v: variant(r, BOARDS), faults: r.int(2, 3) }),
  build: ({ v, faults }) => ({
    stem: `<p>应用电子电路的故障检修：在一块${BOARDS[v]}上，考评员设置 ${faults} 处故障，考生根据故障现象，用万用表、示波器等仪器查找故障点，更换或修复损坏元件，使电路恢复正常，并写出故障原因。</p>`,
    venuePreparation: [`${BOARDS[v]}实训板 1 块（已设故障）`, '直流稳压电源、隔离变压器', OSCILLOSCOPE, '常用备用元器件若干，电路原理图 1 份'],
    candidatePreparation: candidateKit('30 W 内热式电烙铁、焊锡丝、吸锡器'),
    timeAllowedMinutes: 90,
    scoringRows: sheet([
      row('故障现象与分析', '正确描述故障现象，分析判断故障范围', 10, '描述或分析错误每处扣 3 分'),
      row('故障查找与排除', `查出并排除全部 ${faults} 处故障`, 60, `每少排除 1 处扣 ${60 / faults} 分；排除时扩大故障或损坏元件每处扣 10 分`),
      row('仪器使用', '正确使用万用表和示波器，测量方法正确', 10, '仪器使用错误每次扣 3 分'),
      row('记录', '故障原因和排除方法记录准确', 10, '记录错误或不完整每处扣 3 分'),
    ]),
    difficulty: 4,
  }),
});

const VFDS = ['三菱 FR-E740 变频器', '西门子 SINAMICS V20 变频器'] as const;

const multiSpeed = skill({
  id: 'vfd-multispeed',
  tags: ['变频器', '多段速'],
  count: 3,
  sample: (r) => ({ vfd: variant(r, VFDS), f1: r.pick([10, 15, 20]), f2: r.pick([25, 30, 35]), f3: r.pick([40, 45, 50]), acc: r.pick([2, 3, 5]) }),
  build: ({ vfd, f1, f2, f3, acc }) => ({
    stem: `<p>变频器参数设置与多段速运行调试：用${VFDS[vfd]}和外部端子控制一台三相异步电动机，实现正转三段速运行：低速 ${f1} Hz、中速 ${f2} Hz、高速 ${f3} Hz，加、减速时间均为 ${acc} s，由外部按钮（开关）选择速度并控制起停。</p><p>要求：画出接线图，列出参数设置表，完成接线、参数设置和运行调试。</p>`,
    venuePreparation: [`${VFDS[vfd]} 1 台（含使用手册）`, '三相异步电动机 1 台（0.75 kW 左右）', '按钮、开关若干，三相交流电源 380 V（带剩余电流动作保护）', '导线若干'],
    candidatePreparation: candidateKit('黑色签字笔'),
    timeAllowedMinutes: 90,
    scoringRows: sheet([
      row('接线', '主电路和控制端子接线正确；电源接 R、S、T（L1、L2、L3），电动机接 U、V、W，严禁接反', 20, '电源与电动机接反扣 20 分；控制端子接错每处扣 5 分'),
      row('参数设置', '正确恢复出厂设置，设定电动机参数、运行方式、各段速频率及加减速时间', 30, '每错或漏设 1 个参数扣 4 分'),
      row('运行调试', '三段速运行和起停功能正常，频率与要求一致', 30, '每段速度不正确扣 8 分；不能起停扣 10 分'),
      row('参数记录', '参数设置表填写完整正确', 10, '记录错误每处扣 2 分'),
    ]),
    difficulty: 3,
  }),
});

const DC_DRIVES = [
  { name: '转速、电流双闭环晶闸管直流调速系统', work: '整定电流截止（限流）值，调试电流环和转速环，测定闭环静特性' },
  { name: '直流 PWM 调速装置', work: '设置最高转速、加减速斜坡和电流限幅，调节转速反馈，使空载最高转速符合给定值' },
] as const;

const dcDrive = skill({
  id: 'dc-drive-commissioning',
  tags: ['直流调速', '调试'],
  count: 3,
  sample: (r) => ({ v: variant(r, DC_DRIVES), n: r.pick([1000, 1200, 1500]) }),
  build: ({ v, n }) => {
    const c = DC_DRIVES[v]!;
    return {
      stem: `<p>直流调速系统的调试与维修：对给定的${c.name}进行接线与调试——${c.work}，要求给定电压最大时电动机转速为 ${n} r/min，并排除考评员设置的 1 处故障。</p>`,
      venuePreparation: [`${c.name}实训装置 1 套（含他励直流电动机、测速发电机或编码器）`, '三相交流电源 380 V（带剩余电流动作保护）', OSCILLOSCOPE, '转速表 1 块，系统原理图及说明书 1 份'],
      candidatePreparation: candidateKit('记录纸'),
      timeAllowedMinutes: 150,
      scoringRows: sheet([
        row('接线与检查', '主电路、励磁回路、反馈回路接线正确，反馈极性正确', 20, '接线错误每处扣 5 分；反馈极性接反扣 10 分；励磁回路未接先通电扣 10 分'),
        row('系统调试', c.work, 35, '调试步骤错误每项扣 5 分；参数不符合要求每项扣 5 分'),
        row('转速整定与测试', `最大给定时转速为 ${n} r/min，记录给定电压与转速数据`, 15, '转速误差超过 ±2% 扣 5 分；数据记录不全扣 5 分'),
        row('故障排除', '查出并排除设置的故障', 20, '未排除故障扣 20 分；扩大故障扣 10 分'),
      ]),
      difficulty: 4,
    };
  },
});

const POSITIONING = [
  { kind: '步进', unit: (k: number) => `步距角 1.8° 的两相混合式步进电动机，驱动器 ${k} 细分` },
  { kind: '伺服', unit: (k: number) => `交流伺服电动机，驱动器设定每转 ${k * 1000} 个指令脉冲` },
] as const;

const positioning = skill({
  id: 'positioning-commissioning',
  tags: ['步进', '伺服', '定位控制'],
  count: 3,
  sample: (r) => ({ v: variant(r, POSITIONING), k: r.pick([2, 4, 8]), L: r.pick([4, 5, 10]), a: r.pick([50, 80, 100, 120]) }),
  build: ({ v, k, L, a }) => {
    const p = POSITIONING[v]!;
    return {
      stem: `<p>${p.kind}定位控制系统的调试：用 PLC 控制${p.unit(k)}，经导程 ${L} mm 的丝杠驱动滑台。按起动按钮后滑台先回原点，再正向移动 ${a} mm 停 2 s 后返回原点。</p><p>要求：计算脉冲数，设置驱动器参数，编写 PLC 程序，完成接线和调试，定位误差不超过 ±0.5 mm。</p>`,
      venuePreparation: [`${p.kind}驱动器、电动机及丝杠滑台实训装置 1 套（含原点、限位开关）`, '晶体管输出型 PLC 及编程计算机 1 套', '直流 24 V 电源，导线若干', '驱动器使用手册 1 份'],
      candidatePreparation: candidateKit('钢直尺或游标卡尺、计算器'),
      timeAllowedMinutes: 150,
      scoringRows: sheet([
        row('计算与接线', `正确计算移动 ${a} mm 所需脉冲数；脉冲、方向信号和电源接线正确`, 20, '脉冲数计算错误扣 10 分；接线错误每处扣 5 分'),
        row('驱动器设置', p.kind === '步进' ? '正确设置细分和输出电流' : '正确设置控制模式、电子齿轮比等参数', 15, '设置错误每项扣 5 分'),
        row('程序编写', '回原点、定位、延时返回和限位保护程序正确', 25, '每缺一项功能扣 6 分'),
        row('定位调试', '运行平稳，定位误差不超过 ±0.5 mm', 30, '误差超差扣 15 分；不能回原点扣 10 分；失步或报警未排除扣 10 分'),
      ]),
      difficulty: 4,
    };
  },
});

const TOPICS = ['三相异步电动机接触器联锁正反转控制电路的安装', '星-三角降压启动控制电路的安装与调试', 'PLC 定时器、计数器指令的应用', '变频器多段速参数设置与运行', '兆欧表和钳形电流表的正确使用'] as const;

const teaching = skill({
  id: 'training-guidance',
  tags: ['培训指导', '教案'],
  count: 3,
  sample: (r) => ({ v: variant(r, TOPICS), minutes: r.pick([15, 20]) }),
  build: ({ v, minutes }) => ({
    stem: `<p>技能培训指导：以“${TOPICS[v]}”为题，为中级工学员编写一课时的技能训练教案，并现场进行 ${minutes} min 的讲解和示范操作（含安全注意事项），回答考评员的提问。</p>`,
    venuePreparation: ['与课题相应的实训设备、元件和仪表 1 套', '多媒体教学设备或黑板 1 套', '评分员 3 名（兼作学员提问）'],
    candidatePreparation: [PEN, PPE, '自备教学用具（可选）'],
    timeAllowedMinutes: 60 + minutes,
    scoringRows: sheet(
      [
        row('教案编写', '教学目标明确，重点、难点突出，教学步骤和时间分配合理，格式规范', 30, '缺少教学目标或重点难点各扣 5 分；步骤不合理扣 5～10 分；格式不规范扣 3 分'),
        row('讲解', '讲解准确、条理清楚、语言规范，联系生产实际', 25, '讲解错误每处扣 5 分；条理不清扣 5 分'),
        row('示范操作', '示范动作规范、速度适中，关键步骤讲解清楚，体现安全操作要求', 25, '示范操作错误每处扣 5 分；未强调安全要求扣 5 分'),
        row('答辩', '正确回答考评员提出的问题', 10, '每答错 1 题扣 5 分'),
      ],
      { desk: true },
    ),
    difficulty: 4,
  }),
});

const RETROFITS = ['C650 型卧式车床继电器控制系统改造为 PLC 控制', '锅炉房鼓风机、引风机的变频调速节能改造', '车间照明系统的 LED 节能改造与智能控制', '桥式起重机凸轮控制器调速改为变频调速'] as const;

const retrofit = skill({
  id: 'retrofit-proposal',
  tags: ['技术改造', '技术总结'],
  count: 3,
  sample: (r) => ({ v: variant(r, RETROFITS), kind: r.int(0, 1) }),
  build: ({ v, kind }) => ({
    stem: `<p>技术改造方案的编写：根据考场提供的设备资料，编写“${RETROFITS[v]}”的${kind === 0 ? '技术改造方案' : '技术改造方案，并撰写 1500 字左右的技术总结提纲'}。</p><p>要求：包括现状分析、改造目标、技术方案（含电气原理图或系统框图、主要元件选型）、实施计划、安全措施和效益分析。</p>`,
    venuePreparation: ['被改造设备的电气原理图、技术参数和运行资料 1 份', '答题纸、绘图纸若干', '相关产品样本（PLC、变频器等）'],
    candidatePreparation: [PEN, '计算器、绘图工具'],
    timeAllowedMinutes: 120,
    scoringRows: sheet(
      [
        row('现状分析与改造目标', '准确分析原系统存在的问题，改造目标明确、可衡量', 15, '分析不准确扣 5～10 分；目标不明确扣 5 分'),
        row('技术方案', '方案技术上可行、先进，原理图（框图）正确，主要元件选型计算合理', 35, '方案不可行扣 20 分；原理图错误每处扣 5 分；选型不合理每项扣 5 分'),
        row('实施计划与安全措施', '实施步骤、进度安排合理，停电、验电等安全措施完整', 15, '计划不合理扣 5 分；缺少安全措施扣 10 分'),
        row('效益分析', '对经济效益、节能效果或可靠性提高作出合理分析', 15, '无效益分析扣 15 分；分析不合理扣 5～10 分'),
        row('文字表达', '结构完整、条理清楚、文字通顺、符号规范', 10, '结构不完整扣 5 分；表达不清扣 3～5 分'),
      ],
      { desk: true },
    ),
    difficulty: 4,
  }),
});

export const SKILL_D: Record<string, SkillTemplate<any>[]> = {
  N001: [thyristor],
  N002: [boardFaults],
  OA001: [multiSpeed],
  OA002: [dcDrive],
  OB001: [positioning],
  P001: [teaching],
  P002: [retrofit],
};
