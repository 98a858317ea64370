import { calc, unit, type ContentMap } from '../kit';
import { f3, SQRT2, sub } from './util';

/** BB001 半导体二极管与整流 and BB002 三极管与放大电路. */

const U2S = [9, 10, 12, 15, 18, 20, 24, 30, 36, 50, 100];
const RECTIFIERS = [
  { name: '单相半波整流电路', k: 0.45 },
  { name: '单相桥式整流电路', k: 0.9 },
  { name: '单相全波（中心抽头）整流电路', k: 0.9 },
] as const;

const rectifierAverage = calc({
  id: 'rectifier-average',
  tags: ['整流'],
  sample: (r) => ({ kind: r.int(0, RECTIFIERS.length - 1), U2: r.pick(U2S) }),
  build: ({ kind, U2 }) => {
    const rect = RECTIFIERS[kind]!;
    const other = rect.k === 0.45 ? 0.9 : 0.45;
    return {
      question: `${rect.name}（电阻性负载、无滤波），变压器二次电压有效值 ${sub('U', 2)} = ${U2} V，输出电压平均值约为（　）`,
      statement: (x) => `${rect.name}的变压器二次电压有效值为 ${U2} V 时，电阻负载上输出电压平均值约为 ${x}。`,
      answer: rect.k * U2,
      wrong: [other * U2, SQRT2 * U2, 1.2 * U2, U2],
      show: unit('V'),
      explanation: `${rect.name}输出电压平均值 U<sub>O</sub> ≈ ${rect.k}U<sub>2</sub> = ${rect.k} × ${U2} = ${f3(rect.k * U2)} V。`,
      difficulty: 2,
    };
  },
});

const capacitorFilter = calc({
  id: 'rectifier-capacitor-filter',
  tags: ['整流', '电容滤波'],
  sample: (r) => ({ U2: r.pick(U2S), load: r.int(0, 1) }),
  build: ({ U2, load }) => {
    const k = load === 1 ? 1.2 : SQRT2;
    const cond = load === 1 ? '接入负载（RC 满足滤波要求）' : '负载开路';
    return {
      question: `单相桥式整流电容滤波电路，${sub('U', 2)} = ${U2} V，${cond}时输出电压约为（　）`,
      statement: (x) => `单相桥式整流电容滤波电路 U<sub>2</sub> = ${U2} V，${cond}时输出电压约为 ${x}。`,
      answer: k * U2,
      wrong: load === 1 ? [0.9 * U2, SQRT2 * U2, 0.45 * U2] : [1.2 * U2, 0.9 * U2, 0.45 * U2],
      show: unit('V'),
      explanation: load === 1 ? `桥式整流电容滤波带负载时 U<sub>O</sub> ≈ 1.2U<sub>2</sub> = ${f3(1.2 * U2)} V。` : `负载开路时电容充电到峰值，U<sub>O</sub> ≈ √2U<sub>2</sub> = ${f3(SQRT2 * U2)} V。`,
      difficulty: 3,
    };
  },
});

const bridgeReverse = calc({
  id: 'bridge-diode-reverse-voltage',
  tags: ['整流', '二极管选择'],
  sample: (r) => ({ U2: r.pick(U2S), kind: r.int(0, 1) }),
  build: ({ U2, kind }) => {
    const bridge = kind === 0;
    const answer = bridge ? SQRT2 * U2 : 2 * SQRT2 * U2;
    const name = bridge ? '单相桥式整流电路' : '单相全波（中心抽头）整流电路';
    const u2 = bridge ? `${sub('U', 2)} = ${U2} V` : `每半个二次绕组电压 ${sub('U', 2)} = ${U2} V`;
    return {
      question: `${name}中，${u2}，每只二极管承受的最高反向电压为（　）`,
      statement: (x) => `${name}中，${u2}时，每只二极管承受的最高反向电压为 ${x}。`,
      answer,
      wrong: bridge ? [2 * SQRT2 * U2, 0.9 * U2, 0.45 * U2] : [SQRT2 * U2, 0.9 * U2, 0.45 * U2],
      show: unit('V'),
      explanation: bridge
        ? `桥式整流每只二极管承受的最高反向电压 U<sub>RM</sub> = √2U<sub>2</sub> = ${f3(answer)} V。`
        : `全波（中心抽头）整流每只二极管承受的最高反向电压 U<sub>RM</sub> = 2√2U<sub>2</sub> = ${f3(answer)} V。`,
      difficulty: 3,
    };
  },
});

const bridgeDiodeCurrent = calc({
  id: 'bridge-diode-current',
  tags: ['整流', '二极管选择'],
  sample: (r) => ({ U2: r.pick([10, 12, 15, 20, 24, 30]), RL: r.pick([5, 10, 20, 50, 100]) }),
  build: ({ U2, RL }) => {
    const Io = (0.9 * U2) / RL;
    return {
      question: `单相桥式整流电路（无滤波）中 ${sub('U', 2)} = ${U2} V，负载电阻 ${sub('R', 'L')} = ${RL} Ω，流过每只二极管的平均电流为（　）`,
      statement: (x) => `单相桥式整流电路 U<sub>2</sub> = ${U2} V、负载 ${RL} Ω 时，每只二极管的平均电流为 ${x}。`,
      answer: Io / 2,
      wrong: [Io, U2 / RL, Io / 4],
      show: unit('A'),
      explanation: `I<sub>O</sub> = 0.9U<sub>2</sub>/R<sub>L</sub> = ${f3(Io)} A，每只二极管只在半个周期导通，I<sub>D</sub> = I<sub>O</sub>/2 = ${f3(Io / 2)} A。`,
      difficulty: 3,
    };
  },
});

// --- BB002 ------------------------------------------------------------------------------

const collectorCurrent = calc({
  id: 'transistor-ic',
  tags: ['三极管', '电流放大'],
  sample: (r) => ({ IB: r.pick([10, 15, 20, 25, 30, 40, 50, 60]), beta: r.pick([30, 40, 50, 60, 80, 100, 120]) }),
  build: ({ IB, beta }) => ({
    question: `三极管工作在放大区，电流放大系数 β = ${beta}，基极电流 ${sub('I', 'B')} = ${IB} μA，集电极电流约为（　）`,
    statement: (x) => `β = ${beta} 的三极管工作在放大区，基极电流为 ${IB} μA 时，集电极电流约为 ${x}。`,
    answer: (beta * IB) / 1000,
    wrong: [beta * IB, IB / beta, (beta * IB) / 100],
    show: unit('mA'),
    explanation: `I<sub>C</sub> = βI<sub>B</sub> = ${beta} × ${IB} μA = ${beta * IB} μA = ${f3((beta * IB) / 1000)} mA。`,
    difficulty: 2,
  }),
});

const betaFrom = calc({
  id: 'transistor-beta',
  tags: ['三极管', '电流放大'],
  sample: (r) => ({ IB: r.pick([10, 20, 25, 40, 50]), IC: r.pick([0.8, 1, 1.2, 1.5, 2, 2.5, 3, 4]) }),
  build: ({ IB, IC }) => ({
    question: `测得放大区三极管的 ${sub('I', 'B')} = ${IB} μA、${sub('I', 'C')} = ${IC} mA，其直流电流放大系数约为（　）`,
    statement: (x) => `工作在放大区的三极管 I<sub>B</sub> = ${IB} μA、I<sub>C</sub> = ${IC} mA 时，直流电流放大系数约为 ${x}。`,
    answer: (IC * 1000) / IB,
    wrong: [IC / IB, (IC * 100) / IB, IB / IC],
    show: unit(''),
    explanation: `β ≈ I<sub>C</sub>/I<sub>B</sub> = ${IC * 1000} μA/${IB} μA = ${f3((IC * 1000) / IB)}，注意统一单位。`,
    difficulty: 3,
  }),
});

const fixedBias = calc({
  id: 'fixed-bias-ic',
  tags: ['放大电路', '静态工作点'],
  sample: (r) => {
    for (;;) {
      const p = { Vcc: r.pick([6, 9, 12, 15]), RB: r.pick([200, 240, 300, 360, 470, 560]), beta: r.pick([40, 50, 60, 80]), RC: r.pick([1, 2, 3, 4]) };
      const IC = (p.beta * (p.Vcc - 0.7)) / p.RB;
      if (p.Vcc - IC * p.RC >= 2) return p;
    }
  },
  build: ({ Vcc, RB, beta, RC }) => {
    const IB = (Vcc - 0.7) / RB;
    const IC = beta * IB;
    return {
      question: `共射固定偏置放大电路中 ${sub('V', 'CC')} = ${Vcc} V，${sub('R', 'B')} = ${RB} kΩ，${sub('R', 'C')} = ${RC} kΩ，β = ${beta}，取 ${sub('U', 'BE')} = 0.7 V，静态集电极电流约为（　）`,
      statement: (x) => `共射固定偏置放大电路 V<sub>CC</sub> = ${Vcc} V、R<sub>B</sub> = ${RB} kΩ、R<sub>C</sub> = ${RC} kΩ、β = ${beta}（U<sub>BE</sub> = 0.7 V）时，静态集电极电流约为 ${x}。`,
      answer: IC,
      wrong: [Vcc / RC, IB, (beta * Vcc) / (RB + RC) / 2],
      show: unit('mA'),
      explanation: `I<sub>B</sub> = (V<sub>CC</sub> − U<sub>BE</sub>)/R<sub>B</sub> = ${f3(IB * 1000)} μA，I<sub>C</sub> = βI<sub>B</sub> ≈ ${f3(IC)} mA，U<sub>CE</sub> = V<sub>CC</sub> − I<sub>C</sub>R<sub>C</sub> ≈ ${f3(Vcc - IC * RC)} V，管子处于放大区。`,
      difficulty: 4,
    };
  },
});

export const ELEC_A_CONTENT: ContentMap = {
  BB001: {
    calcs: [rectifierAverage, capacitorFilter, bridgeReverse, bridgeDiodeCurrent],
    plan: { single: 5, judge: 4 },
    facts: [
      {
        q: 'PN 结最主要的特性是（　）',
        a: '单向导电性',
        d: ['双向导电性', '电流放大作用', '稳定电流作用'],
        t: 'PN 结加正向电压时导通，加反向电压时截止，具有单向导电性。',
        diff: 1,
      },
      {
        q: '硅二极管正向导通时的管压降约为（　）',
        a: '0.6～0.7 V',
        d: ['0.2～0.3 V', '1.5～2 V', '5 V'],
        f: '硅二极管正向导通时的管压降约为 0.2～0.3 V。',
        why: '硅管导通压降约 0.6～0.7 V，锗管约 0.2～0.3 V。',
        diff: 2,
      },
      {
        q: '稳压二极管正常工作时所处的状态是（　）',
        a: '反向击穿',
        d: ['正向导通', '反向截止', '零偏置'],
        t: '稳压二极管是利用 PN 结反向击穿时电压基本不变的特性来稳压的。',
        diff: 3,
      },
      {
        q: '用指针式万用表的欧姆挡测量二极管，黑表笔接的是表内电池的（　）',
        a: '正极',
        d: ['负极', '中间抽头', '不接电池'],
        f: '指针式万用表欧姆挡的黑表笔接表内电池的负极。',
        why: '指针式万用表欧姆挡黑表笔接表内电池正极，所以测得电阻小时，黑表笔所接为二极管正极。',
        diff: 3,
      },
      {
        q: '单相桥式整流电路中，若有一只二极管开路，则输出电压（　）',
        a: '变为半波整流，平均值约减小一半',
        d: ['为零', '不变', '升高一倍'],
        t: '单相桥式整流电路中有一只二极管开路时，电路变成半波整流，输出电压平均值约减小一半。',
        diff: 3,
      },
      {
        q: '单相桥式整流电路中，若有一只二极管接反，将会（　）',
        a: '造成变压器二次绕组短路',
        d: ['输出电压升高', '输出电压不变', '变为半波整流'],
        f: '单相桥式整流电路中一只二极管接反时，电路变成半波整流，仍可正常工作。',
        why: '二极管接反会在半个周期内使两只二极管将二次绕组直接短接，可能烧毁二极管和变压器。',
        diff: 4,
      },
    ],
    multis: [
      {
        q: '关于单相桥式整流电路，下列说法正确的是（　）',
        right: ['输出电压平均值约为 0.9U<sub>2</sub>', '每只二极管的平均电流为负载电流的一半', '每只二极管承受的最高反向电压为 √2U<sub>2</sub>'],
        wrong: ['输出电压平均值约为 0.45U<sub>2</sub>', '二极管承受的最高反向电压为 2√2U<sub>2</sub>'],
        diff: 4,
      },
      {
        q: '整流电路中选择二极管时，主要考虑的参数有（　）',
        right: ['最大整流电流', '最高反向工作电压'],
        wrong: ['电流放大系数', '夹断电压', '跨导'],
        diff: 4,
      },
      {
        q: '电容滤波电路的特点有（　）',
        right: ['输出电压平均值提高', '输出电压的脉动减小', '适用于负载电流较小的场合', '二极管导通时间缩短、冲击电流较大'],
        wrong: ['适用于大电流负载', '输出电压与负载无关'],
        diff: 4,
      },
      {
        q: '关于二极管，下列说法正确的是（　）',
        right: ['正向电压超过死区电压后才明显导通', '反向电压过高会击穿', '锗管导通压降比硅管小'],
        wrong: ['反向电流越大性能越好', '二极管可以放大电流'],
        diff: 4,
      },
    ],
  },

  BB002: {
    calcs: [collectorCurrent, betaFrom, fixedBias],
    plan: { single: 3, judge: 3 },
    facts: [
      {
        q: '三极管工作在放大状态的外部条件是（　）',
        a: '发射结正偏，集电结反偏',
        d: ['发射结反偏，集电结正偏', '发射结和集电结都正偏', '发射结和集电结都反偏'],
        t: '三极管工作在放大区时，发射结正向偏置，集电结反向偏置。',
        diff: 2,
      },
      {
        q: '三极管处于饱和状态时，（　）',
        a: '发射结和集电结都正偏',
        d: ['发射结正偏、集电结反偏', '发射结和集电结都反偏', '集电极电流为零'],
        f: '三极管饱和时，发射结和集电结都处于反向偏置。',
        why: '饱和时两个结都正偏，截止时发射结反偏（或零偏）。',
        diff: 3,
      },
      {
        q: '三极管各电极电流的关系是（　）',
        a: sub('I', 'E') + ' = ' + sub('I', 'B') + ' + ' + sub('I', 'C'),
        d: [`${sub('I', 'C')} = ${sub('I', 'B')} + ${sub('I', 'E')}`, `${sub('I', 'B')} = ${sub('I', 'C')} + ${sub('I', 'E')}`, `${sub('I', 'E')} = ${sub('I', 'C')} − ${sub('I', 'B')}`],
        t: '三极管的发射极电流等于基极电流与集电极电流之和。',
        diff: 2,
      },
      {
        q: '共发射极放大电路输出电压与输入电压的相位（　）',
        a: '相反',
        d: ['相同', '超前 90°', '滞后 90°'],
        f: '共发射极放大电路的输出电压与输入电压同相位。',
        diff: 3,
      },
      {
        q: '射极输出器（共集电极放大电路）的特点是（　）',
        a: '电压放大倍数接近 1，输入电阻高，输出电阻低',
        d: ['电压放大倍数很大', '输入电阻低，输出电阻高', '输出电压与输入电压反相'],
        t: '射极输出器的电压放大倍数接近 1，输入电阻高、输出电阻低，常用作缓冲级。',
        diff: 3,
      },
      {
        q: '放大电路的静态工作点设置过高，容易产生（　）',
        a: '饱和失真',
        d: ['截止失真', '交越失真', '频率失真'],
        f: '放大电路静态工作点设置过低时容易产生饱和失真。',
        why: '工作点过高易饱和失真，过低易截止失真。',
        diff: 3,
      },
      {
        q: '在放大电路中引入负反馈，可以（　）',
        a: '提高放大倍数的稳定性',
        d: ['提高放大倍数', '增大非线性失真', '使电路产生自激振荡'],
        t: '引入负反馈虽然降低了放大倍数，但能提高放大倍数的稳定性、减小非线性失真。',
        diff: 3,
      },
    ],
    multis: [
      {
        q: '三极管的三种工作状态是（　）',
        right: ['放大', '饱和', '截止'],
        wrong: ['击穿', '整流'],
        diff: 3,
      },
      {
        q: '放大电路引入负反馈后，可以（　）',
        right: ['稳定放大倍数', '减小非线性失真', '展宽通频带', '改变输入、输出电阻'],
        wrong: ['提高放大倍数', '消除一切干扰'],
        diff: 4,
      },
      {
        q: '射极输出器的特点有（　）',
        right: ['电压放大倍数略小于 1', '输入电阻高', '输出电阻低'],
        wrong: ['输出与输入反相', '电压放大倍数很大'],
        diff: 4,
      },
      {
        q: '用万用表判断三极管好坏时，下列现象说明三极管已损坏的有（　）',
        right: ['发射结正反向电阻都很小', '集电结正反向电阻都很大', '集电极与发射极之间电阻接近零'],
        wrong: ['发射结正向电阻小、反向电阻大', '集电结正向电阻小、反向电阻大'],
        diff: 4,
      },
    ],
  },
};
