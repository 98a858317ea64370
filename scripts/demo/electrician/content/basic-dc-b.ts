import { calc, unit, type ContentMap } from '../kit';
import { f3, neighbour, sub } from './util';

/** BAA003 电功与电功率 and BAA004 基尔霍夫定律. */

const VOLTS = [12, 24, 36, 48, 110, 220, 380];
const AMPS = [0.5, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10, 12];
const OHMS = [4, 5, 8, 10, 20, 22, 40, 44, 50, 100, 110];

const powerUI = calc({
  id: 'power-ui',
  tags: ['电功率'],
  sample: (r) => ({ U: r.pick(VOLTS), I: r.pick(AMPS) }),
  nudge: (r, p) => ({ ...p, I: neighbour(AMPS, p.I, r) }),
  build: ({ U, I }) => ({
    question: `某直流用电设备的工作电压为 ${U} V，工作电流为 ${I} A，它消耗的功率为（　）`,
    statement: (v) => `工作电压 ${U} V、工作电流 ${I} A 的直流用电设备，消耗的功率为 ${v}。`,
    answer: U * I,
    wrong: [U / I, U * I * I],
    show: unit('W'),
    explanation: `P = UI = ${U} × ${I} = ${f3(U * I)} W。`,
    difficulty: 1,
  }),
});

const powerU2R = calc({
  id: 'power-u2r',
  tags: ['电功率'],
  sample: (r) => ({ U: r.pick(VOLTS), R: r.pick(OHMS) }),
  nudge: (r, p) => ({ ...p, R: neighbour(OHMS, p.R, r) }),
  build: ({ U, R }) => ({
    question: `将 ${R} Ω 的电阻接在 ${U} V 直流电源上，电阻消耗的功率为（　）`,
    statement: (v) => `${R} Ω 的电阻接在 ${U} V 直流电源上时，消耗的功率为 ${v}。`,
    answer: (U * U) / R,
    wrong: [U / R, U * R, (U * U) / (2 * R)],
    show: unit('W'),
    explanation: `P = U²/R = ${U}²/${R} = ${f3((U * U) / R)} W。`,
    difficulty: 2,
  }),
});

const powerI2R = calc({
  id: 'power-i2r',
  tags: ['电功率'],
  sample: (r) => ({ I: r.pick(AMPS), R: r.pick(OHMS) }),
  build: ({ I, R }) => ({
    question: `${I} A 的电流流过 ${R} Ω 的电阻，电阻消耗的功率为（　）`,
    statement: (v) => `${I} A 的电流流过 ${R} Ω 的电阻时，电阻消耗的功率为 ${v}。`,
    answer: I * I * R,
    wrong: [I * R, I * R * R, (I * I) / R],
    show: unit('W'),
    explanation: `P = I²R = ${I}² × ${R} = ${f3(I * I * R)} W。`,
    difficulty: 2,
  }),
});

const energyKwh = calc({
  id: 'energy-kwh',
  tags: ['电能'],
  sample: (r) => ({ P: r.pick([15, 25, 40, 60, 100, 200, 800, 1000, 1500, 2000]), h: r.pick([2, 3, 4, 5, 6, 8, 10]), days: r.pick([30, 31]) }),
  build: ({ P, h, days }) => ({
    question: `一台功率为 ${P} W 的用电器，每天使用 ${h} h，${days} 天共消耗电能（　）`,
    statement: (v) => `功率为 ${P} W 的用电器每天使用 ${h} h，${days} 天共消耗电能 ${v}。`,
    answer: (P * h * days) / 1000,
    wrong: [P * h * days, (P * h) / 1000, (P * days) / 1000],
    show: unit('kW·h'),
    explanation: `W = Pt = ${P / 1000} kW × ${h} h × ${days} = ${f3((P * h * days) / 1000)} kW·h（度）。注意 W 换算为 kW。`,
    difficulty: 2,
  }),
});

const reducedVoltage = calc({
  id: 'power-reduced-voltage',
  tags: ['电功率', '额定值'],
  sample: (r) => ({ Pn: r.pick([500, 800, 1000, 1500, 2000, 3000]), U: r.pick([110, 150, 176, 240]) }),
  build: ({ Pn, U }) => ({
    question: `一只额定电压 220 V、额定功率 ${Pn} W 的电热器（设电阻不随温度变化），接在 ${U} V 电源上时，实际功率为（　）`,
    statement: (v) => `额定值为 220 V、${Pn} W 的电热器（电阻不变）接在 ${U} V 电源上时，实际功率为 ${v}。`,
    answer: Pn * (U / 220) ** 2,
    wrong: [(Pn * U) / 220, Pn, Pn * (220 / U) ** 2],
    show: unit('W'),
    explanation: `电阻 R = U²ₙ/Pₙ 不变，P = Pₙ(U/Uₙ)² = ${Pn} × (${U}/220)² = ${f3(Pn * (U / 220) ** 2)} W；功率与电压的平方成正比，而不是与电压成正比。`,
    difficulty: 3,
  }),
});

const jouleHeat = calc({
  id: 'joule-heat',
  tags: ['焦耳定律'],
  sample: (r) => ({ I: r.pick([1, 2, 2.5, 3, 4, 5]), R: r.pick([10, 20, 44, 50, 100]), t: r.pick([1, 2, 5, 10, 15, 30]) }),
  build: ({ I, R, t }) => ({
    question: `${I} A 的电流通过 ${R} Ω 的电阻 ${t} min，电阻产生的热量为（　）`,
    statement: (v) => `${I} A 的电流通过 ${R} Ω 电阻 ${t} min，产生的热量为 ${v}。`,
    answer: (I * I * R * t * 60) / 1000,
    wrong: [(I * I * R * t) / 1000, (I * R * t * 60) / 1000],
    show: unit('kJ'),
    explanation: `Q = I²Rt = ${I}² × ${R} × ${t * 60} s = ${f3((I * I * R * t * 60) / 1000)} kJ；时间须换算为秒。`,
    difficulty: 3,
  }),
});

const maxPower = calc({
  id: 'max-power-transfer',
  tags: ['最大功率传输'],
  sample: (r) => ({ E: r.pick([6, 9, 12, 24, 36]), r0: r.pick([0.5, 1, 2, 3, 4, 6]) }),
  build: ({ E, r0 }) => ({
    question: `电动势 E = ${E} V、内阻 r = ${r0} Ω 的电源，负载能获得的最大功率为（　）`,
    statement: (v) => `电动势 ${E} V、内阻 ${r0} Ω 的电源向负载输出的最大功率为 ${v}。`,
    answer: (E * E) / (4 * r0),
    wrong: [(E * E) / r0, (E * E) / (2 * r0)],
    show: unit('W'),
    explanation: `负载电阻 R = r 时获得最大功率，Pmax = E²/(4r) = ${E}²/(4 × ${r0}) = ${f3((E * E) / (4 * r0))} W。`,
    difficulty: 4,
  }),
});

// --- BAA004 ------------------------------------------------------------------------------

const kcl = calc({
  id: 'kcl-node',
  tags: ['基尔霍夫电流定律'],
  sample: (r) => {
    const I1 = r.int(2, 12);
    const I2 = r.int(1, 10);
    const I3 = r.int(1, I1 + I2 - 1);
    return { I1, I2, I3 };
  },
  build: ({ I1, I2, I3 }) => ({
    question: `某节点连接四条支路，${sub('I', 1)} = ${I1} A、${sub('I', 2)} = ${I2} A 流入节点，${sub('I', 3)} = ${I3} A 流出节点，则第四条支路流出节点的电流 ${sub('I', 4)} 为（　）`,
    statement: (v) => `节点上 ${I1} A 和 ${I2} A 两个电流流入、${I3} A 电流流出时，第四条支路流出节点的电流为 ${v}。`,
    answer: I1 + I2 - I3,
    wrong: [I1 + I2 + I3, I1 + I3 - I2, I2 + I3 - I1],
    show: unit('A'),
    explanation: `由 KCL，流入电流之和等于流出电流之和：${I1} + ${I2} = ${I3} + I₄，I₄ = ${I1 + I2 - I3} A。`,
    difficulty: 2,
  }),
});

const kvl = calc({
  id: 'kvl-loop',
  tags: ['基尔霍夫电压定律'],
  sample: (r) => {
    const E = r.pick([12, 24, 36, 48, 60, 110]);
    const U1 = r.int(1, Math.floor(E / 2));
    const U2 = r.int(1, E - U1 - 1);
    return { E, U1, U2 };
  },
  build: ({ E, U1, U2 }) => ({
    question: `单回路中电源电动势为 ${E} V（内阻不计），三个串联电阻中两个的电压分别为 ${U1} V 和 ${U2} V，第三个电阻上的电压为（　）`,
    statement: (v) => `电动势 ${E} V（内阻不计）的单回路中，三个串联电阻有两个的电压为 ${U1} V 和 ${U2} V，则第三个电阻的电压为 ${v}。`,
    answer: E - U1 - U2,
    wrong: [E - U1, E - U2, E + U1 + U2, E - U1 + U2],
    show: unit('V'),
    explanation: `由 KVL，沿回路各电阻电压之和等于电动势：U₃ = ${E} − ${U1} − ${U2} = ${E - U1 - U2} V。`,
    difficulty: 2,
  }),
});

const potential = calc({
  id: 'potential-difference',
  tags: ['电位', '电压'],
  sample: (r) => {
    const VA = r.int(2, 15);
    const VB = -r.int(1, 12);
    return { VA, VB };
  },
  build: ({ VA, VB }) => {
    const vb = `−${-VB}`;
    return {
      question: `电路中 A 点电位为 ${VA} V，B 点电位为 ${vb} V，则 A、B 两点间的电压 ${sub('U', 'AB')} 为（　）`,
      statement: (v) => `A 点电位 ${VA} V、B 点电位 ${vb} V 时，电压 U<sub>AB</sub> 为 ${v}。`,
      answer: VA - VB,
      wrong: [VA + VB, -VB, VA],
      show: unit('V'),
      explanation: `U<sub>AB</sub> = V<sub>A</sub> − V<sub>B</sub> = ${VA} − (${vb}) = ${VA - VB} V。`,
      difficulty: 2,
    };
  },
});

const millman = calc({
  id: 'node-voltage-two-sources',
  tags: ['节点电压法'],
  sample: (r) => {
    const [E1, E2] = r.sample([6, 9, 12, 15, 18, 24], 2) as [number, number];
    return { E1, E2, r1: r.pick([0.5, 1, 2]), r2: r.pick([1, 2, 3]), R: r.pick([2, 3, 4, 5, 6, 8, 10]) };
  },
  build: ({ E1, E2, r1, r2, R }) => {
    const U = (E1 / r1 + E2 / r2) / (1 / r1 + 1 / r2 + 1 / R);
    return {
      question: `两个电源并联向负载供电：${sub('E', 1)} = ${E1} V、内阻 ${sub('r', 1)} = ${r1} Ω，${sub('E', 2)} = ${E2} V、内阻 ${sub('r', 2)} = ${r2} Ω，负载电阻 R = ${R} Ω，负载两端电压为（　）`,
      statement: (v) => `${E1} V（内阻 ${r1} Ω）与 ${E2} V（内阻 ${r2} Ω）两电源并联向 ${R} Ω 负载供电时，负载电压为 ${v}。`,
      answer: U,
      wrong: [(E1 + E2) / 2, E1 + E2, (E1 / r1 + E2 / r2) / (1 / r1 + 1 / r2)],
      show: unit('V'),
      explanation: `用节点电压法（弥尔曼定理）：U = (E₁/r₁ + E₂/r₂)/(1/r₁ + 1/r₂ + 1/R) = ${f3(U)} V。`,
      difficulty: 4,
    };
  },
});

export const DC_B_CONTENT: ContentMap = {
  BAA003: {
    calcs: [powerUI, powerU2R, powerI2R, energyKwh, reducedVoltage, jouleHeat, maxPower],
    plan: { single: 7, judge: 5 },
    facts: [
      {
        q: '1 kW·h（1 度电）等于（　）',
        a: '3.6 × 10⁶ J',
        d: ['3600 J', '1000 J', '3.6 × 10³ J'],
        t: '1 kW·h 的电能等于 3.6 × 10⁶ J。',
        diff: 2,
      },
      {
        q: '电能表（电度表）计量的是用户的（　）',
        a: '电能',
        d: ['电功率', '电流', '功率因数'],
        f: '电能表用来测量用电设备的瞬时功率。',
        why: '电能表计量一段时间内消耗的电能，单位为 kW·h。',
        diff: 1,
      },
      {
        q: '电源内阻为 r，负载获得最大功率的条件是负载电阻 R 等于（　）',
        a: 'r',
        d: ['0', '2r', '无穷大'],
        t: '负载电阻等于电源内阻时，负载获得的功率最大，这时电源的效率为 50%。',
        diff: 3,
      },
      {
        q: '电流通过导体时产生的热量正比于（　）',
        a: '电流的平方、电阻和通电时间',
        d: ['电流、电阻和通电时间', '电压、电流的平方', '电阻的平方和时间'],
        f: '电流通过导体产生的热量与电流成正比。',
        why: '焦耳定律 Q = I²Rt，热量与电流的平方成正比。',
        diff: 2,
      },
    ],
    multis: [
      {
        q: '计算直流电路中电阻消耗的功率，可以使用的公式有（　）',
        right: ['P = UI', 'P = I²R', 'P = U²/R'],
        wrong: ['P = U/I', 'P = IR²'],
        diff: 3,
      },
      {
        q: '下列单位中，属于电能单位的有（　）',
        right: ['J（焦耳）', 'kW·h（千瓦时）', '度'],
        wrong: ['kW（千瓦）', 'V·A（伏安）'],
        diff: 3,
      },
      {
        q: '关于用电设备的额定值，下列说法正确的是（　）',
        right: ['额定值是保证设备安全、经济运行的使用限额', '电压低于额定值时，电阻性负载的功率按电压平方成比例下降', '长期过载运行会加速绝缘老化'],
        wrong: ['设备实际功率总等于额定功率', '电压越高设备越安全'],
        diff: 4,
      },
      {
        q: '负载获得最大功率时，下列说法正确的是（　）',
        right: ['负载电阻等于电源内阻', '最大功率为 E²/(4r)', '电源效率为 50%'],
        wrong: ['电源效率最高', '负载电流最大'],
        diff: 4,
      },
    ],
  },

  BAA004: {
    calcs: [kcl, kvl, potential, millman],
    plan: { single: 5, judge: 4 },
    facts: [
      {
        q: '基尔霍夫电流定律指出，任一时刻流入某一节点的电流之和与流出该节点的电流之和的关系是（　）',
        a: '两者相等',
        d: ['前者大于后者', '前者小于后者', '不一定相等'],
        t: '基尔霍夫电流定律指出，任一时刻流入某一节点的电流之和等于流出该节点的电流之和。',
        diff: 1,
      },
      {
        q: '基尔霍夫电压定律指出，沿任一闭合回路绕行一周，各段电压的代数和（　）',
        a: '等于零',
        d: ['等于电源电动势', '大于零', '等于各电阻之和'],
        f: '沿任一闭合回路绕行一周，各段电压的代数和等于回路中各电阻之和。',
        why: '基尔霍夫电压定律：ΣU = 0。',
        diff: 2,
      },
      {
        q: '某电路有 b 条支路、n 个节点，用支路电流法可列出的独立节点电流方程数为（　）',
        a: 'n − 1',
        d: ['n', 'b', 'b − n + 1'],
        t: '有 n 个节点的电路，可以列出 n − 1 个独立的节点电流方程。',
        diff: 3,
      },
      {
        q: '叠加定理可以用来计算线性电路中的（　）',
        a: '电流和电压',
        d: ['功率', '电流、电压和功率', '非线性元件的电流'],
        f: '叠加定理既可以计算线性电路中的电流和电压，也可以直接叠加计算功率。',
        why: '功率与电流（电压）是平方关系，不能叠加。',
        diff: 3,
      },
      {
        q: '电路中某点的电位（　）',
        a: '随参考点的改变而改变',
        d: ['与参考点无关', '总是正值', '等于两点间的电压'],
        t: '电路中各点的电位随参考点改变而改变，而两点间的电压与参考点的选择无关。',
        diff: 2,
      },
      {
        q: '戴维南定理指出，任何一个线性有源二端网络都可以等效为（　）',
        a: '一个电压源与一个电阻串联',
        d: ['一个电压源与一个电阻并联', '一个电流源与一个电阻串联', '一个纯电阻'],
        t: '任何线性有源二端网络都可以用一个电动势和一个内阻串联的等效电源来代替。',
        diff: 3,
      },
    ],
    multis: [
      {
        q: '基尔霍夫定律适用于（　）',
        right: ['直流电路', '交流电路的瞬时值', '线性电路', '非线性电路'],
        wrong: ['只适用于简单串联电路', '只适用于单一电源电路'],
        diff: 4,
      },
      {
        q: '分析复杂直流电路常用的方法有（　）',
        right: ['支路电流法', '节点电压法', '叠加定理', '戴维南定理'],
        wrong: ['右手螺旋定则', '楞次定律'],
        diff: 4,
      },
      {
        q: '关于电位和电压，下列说法正确的是（　）',
        right: ['电位随参考点改变而改变', '两点间电压等于两点电位之差', '电压与参考点的选择无关'],
        wrong: ['电位总是正值', '改变参考点后两点间的电压随之改变'],
        diff: 3,
      },
      {
        q: '下列关于叠加定理的说法，正确的是（　）',
        right: ['只适用于线性电路', '某电源单独作用时，其他电压源应短路', '某电源单独作用时，其他电流源应开路'],
        wrong: ['可以用来叠加功率', '其他电压源应开路'],
        diff: 4,
      },
    ],
  },
};
