import { calc, multi, unit, type ContentMap } from '../kit';
import { f3, neighbour, sub } from './util';

/** BAA001 欧姆定律 and BAA002 电阻的串联与并联. */

const VOLTS = [6, 12, 24, 36, 48, 110, 220, 380];
const OHMS = [2, 4, 5, 8, 10, 20, 22, 40, 44, 50, 100, 110, 200];
const AMPS = [0.2, 0.5, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10];

const ohmCurrent = calc({
  id: 'ohm-current',
  tags: ['欧姆定律'],
  sample: (r) => ({ U: r.pick(VOLTS), R: r.pick(OHMS) }),
  nudge: (r, p) => ({ ...p, R: neighbour(OHMS, p.R, r) }),
  build: ({ U, R }) => ({
    question: `在阻值为 ${R} Ω 的电阻两端加 ${U} V 直流电压，流过该电阻的电流为（　）`,
    statement: (v) => `在阻值为 ${R} Ω 的电阻两端加 ${U} V 直流电压，流过该电阻的电流为 ${v}。`,
    answer: U / R,
    wrong: [R / U, U * R],
    show: unit('A'),
    explanation: `由欧姆定律 I = U/R = ${U}/${R} = ${f3(U / R)} A。`,
    difficulty: 2,
  }),
});

const ohmVoltage = calc({
  id: 'ohm-voltage',
  tags: ['欧姆定律'],
  sample: (r) => ({ I: r.pick(AMPS), R: r.pick(OHMS) }),
  nudge: (r, p) => ({ ...p, I: neighbour(AMPS, p.I, r) }),
  build: ({ I, R }) => ({
    question: `阻值为 ${R} Ω 的电阻中流过 ${I} A 的电流，该电阻两端的电压为（　）`,
    statement: (v) => `阻值为 ${R} Ω 的电阻中流过 ${I} A 的电流时，其两端电压为 ${v}。`,
    answer: I * R,
    wrong: [R / I, I / R],
    show: unit('V'),
    explanation: `U = IR = ${I} × ${R} = ${f3(I * R)} V。`,
    difficulty: 2,
  }),
});

const ohmResistance = calc({
  id: 'ohm-resistance',
  tags: ['欧姆定律'],
  sample: (r) => ({ U: r.pick(VOLTS), I: r.pick(AMPS) }),
  nudge: (r, p) => ({ ...p, U: neighbour(VOLTS, p.U, r) }),
  build: ({ U, I }) => ({
    question: `某电阻两端电压为 ${U} V 时，测得流过的电流为 ${I} A，该电阻的阻值为（　）`,
    statement: (v) => `某电阻两端电压为 ${U} V 时流过的电流为 ${I} A，则该电阻的阻值为 ${v}。`,
    answer: U / I,
    wrong: [U * I, I / U],
    show: unit('Ω'),
    explanation: `R = U/I = ${U}/${I} = ${f3(U / I)} Ω。`,
    difficulty: 2,
  }),
});

const EMFS = [1.5, 3, 6, 9, 12, 24];
const INTERNAL = [0.1, 0.2, 0.5, 1, 1.5, 2];
const LOADS = [1, 2, 2.5, 4, 5, 5.5, 9, 10, 11.5, 20];

const fullCircuit = calc({
  id: 'ohm-full-circuit',
  tags: ['全电路欧姆定律'],
  sample: (r) => ({ E: r.pick(EMFS), r0: r.pick(INTERNAL), R: r.pick(LOADS) }),
  nudge: (r, p) => ({ ...p, R: neighbour(LOADS, p.R, r) }),
  build: ({ E, r0, R }) => {
    const I = E / (R + r0);
    return {
      question: `电源电动势 E = ${E} V、内阻 r = ${r0} Ω，外接负载电阻 R = ${R} Ω，电路中的电流为（　）`,
      statement: (v) => `电动势为 ${E} V、内阻为 ${r0} Ω 的电源接 ${R} Ω 的负载电阻时，电路电流为 ${v}。`,
      answer: I,
      wrong: [E / R, E / r0, E / Math.abs(R - r0)],
      show: unit('A'),
      explanation: `全电路欧姆定律 I = E/(R + r) = ${E}/(${R} + ${r0}) = ${f3(I)} A；只用外电阻计算（E/R）是常见错误。`,
      difficulty: 3,
    };
  },
});

const terminalVoltage = calc({
  id: 'ohm-terminal-voltage',
  tags: ['全电路欧姆定律', '端电压'],
  sample: (r) => ({ E: r.pick(EMFS), r0: r.pick(INTERNAL), R: r.pick(LOADS) }),
  build: ({ E, r0, R }) => {
    const I = E / (R + r0);
    return {
      question: `电动势 E = ${E} V、内阻 r = ${r0} Ω 的电源向 ${R} Ω 的负载供电，电源的端电压为（　）`,
      statement: (v) => `电动势 ${E} V、内阻 ${r0} Ω 的电源向 ${R} Ω 的负载供电时，其端电压为 ${v}。`,
      answer: E - I * r0,
      wrong: [I * r0, E + I * r0, E],
      show: unit('V'),
      explanation: `I = E/(R + r) = ${f3(I)} A，端电压 U = E − Ir = ${E} − ${f3(I)} × ${r0} = ${f3(E - I * r0)} V（也等于 IR）。`,
      difficulty: 3,
    };
  },
});

/** Copper ρ = 0.0175 Ω·mm²/m, aluminium 0.0283 Ω·mm²/m. */
const conductorResistance = calc({
  id: 'conductor-resistance',
  tags: ['电阻定律'],
  sample: (r) => ({ metal: r.int(0, 1), L: r.pick([50, 80, 100, 150, 200, 250, 300, 500]), S: r.pick([1.5, 2.5, 4, 6, 10, 16]) }),
  build: ({ metal, L, S }) => {
    const rho = metal === 0 ? 0.0175 : 0.0283;
    const name = metal === 0 ? '铜' : '铝';
    return {
      question: `长 ${L} m、截面积 ${S} mm² 的${name}导线（电阻率取 ${rho} Ω·mm²/m），其电阻约为（　）`,
      statement: (v) => `长 ${L} m、截面积 ${S} mm² 的${name}导线（电阻率取 ${rho} Ω·mm²/m），电阻约为 ${v}。`,
      answer: (rho * L) / S,
      wrong: [rho * L * S, (2 * rho * L) / S, (rho * S) / L],
      show: unit('Ω'),
      explanation: `R = ρL/S = ${rho} × ${L}/${S} = ${f3((rho * L) / S)} Ω。导体电阻与长度成正比，与截面积成反比。`,
      difficulty: 3,
    };
  },
});

// --- BAA002 ------------------------------------------------------------------------------

const SMALL_OHMS = [2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 24, 30, 40, 60];

const seriesTotal = calc({
  id: 'series-resistance',
  tags: ['串联'],
  sample: (r) => {
    const [R1, R2, R3] = r.sample(SMALL_OHMS, 3) as [number, number, number];
    return { R1, R2, R3 };
  },
  build: ({ R1, R2, R3 }) => {
    const par = 1 / (1 / R1 + 1 / R2 + 1 / R3);
    return {
      question: `${R1} Ω、${R2} Ω、${R3} Ω 三个电阻串联，总电阻为（　）`,
      statement: (v) => `${R1} Ω、${R2} Ω、${R3} Ω 三个电阻串联后的总电阻为 ${v}。`,
      answer: R1 + R2 + R3,
      wrong: [par, (R1 + R2 + R3) / 3, R1 * R2 * R3],
      show: unit('Ω'),
      explanation: `串联总电阻等于各电阻之和：R = ${R1} + ${R2} + ${R3} = ${R1 + R2 + R3} Ω。`,
      difficulty: 1,
    };
  },
});

const parallelTwo = calc({
  id: 'parallel-resistance',
  tags: ['并联'],
  sample: (r) => {
    const [R1, R2] = r.sample(SMALL_OHMS, 2) as [number, number];
    return { R1, R2 };
  },
  build: ({ R1, R2 }) => ({
    question: `${R1} Ω 与 ${R2} Ω 两个电阻并联，等效电阻为（　）`,
    statement: (v) => `${R1} Ω 与 ${R2} Ω 两个电阻并联后的等效电阻为 ${v}。`,
    answer: (R1 * R2) / (R1 + R2),
    wrong: [R1 + R2, (R1 + R2) / 2, Math.abs(R1 - R2)],
    show: unit('Ω'),
    explanation: `R = R₁R₂/(R₁ + R₂) = ${R1} × ${R2}/(${R1} + ${R2}) = ${f3((R1 * R2) / (R1 + R2))} Ω，并联等效电阻小于任一支路电阻。`,
    difficulty: 2,
  }),
});

const voltageDivider = calc({
  id: 'voltage-divider',
  tags: ['串联分压'],
  sample: (r) => {
    const [R1, R2] = r.sample(SMALL_OHMS, 2) as [number, number];
    return { U: r.pick([12, 24, 36, 48, 110, 220]), R1, R2 };
  },
  build: ({ U, R1, R2 }) => ({
    question: `${sub('R', 1)} = ${R1} Ω 与 ${sub('R', 2)} = ${R2} Ω 串联后接在 ${U} V 电源上，${sub('R', 1)} 两端的电压为（　）`,
    statement: (v) => `${R1} Ω 与 ${R2} Ω 两电阻串联接在 ${U} V 电源上时，${R1} Ω 电阻两端的电压为 ${v}。`,
    answer: (U * R1) / (R1 + R2),
    wrong: [(U * R2) / (R1 + R2), (U * R1) / R2, U / 2],
    show: unit('V'),
    explanation: `串联分压与电阻成正比：U₁ = U·R₁/(R₁ + R₂) = ${U} × ${R1}/${R1 + R2} = ${f3((U * R1) / (R1 + R2))} V。`,
    difficulty: 2,
  }),
});

const currentDivider = calc({
  id: 'current-divider',
  tags: ['并联分流'],
  sample: (r) => {
    const [R1, R2] = r.sample(SMALL_OHMS, 2) as [number, number];
    return { I: r.pick([1, 1.5, 2, 3, 4, 5, 6, 10]), R1, R2 };
  },
  build: ({ I, R1, R2 }) => ({
    question: `${sub('R', 1)} = ${R1} Ω 与 ${sub('R', 2)} = ${R2} Ω 并联，总电流为 ${I} A，流过 ${sub('R', 1)} 的电流为（　）`,
    statement: (v) => `${R1} Ω 与 ${R2} Ω 两电阻并联、总电流为 ${I} A 时，流过 ${R1} Ω 电阻的电流为 ${v}。`,
    answer: (I * R2) / (R1 + R2),
    wrong: [(I * R1) / (R1 + R2), I / 2, (I * R1) / R2],
    show: unit('A'),
    explanation: `并联分流与电阻成反比：I₁ = I·R₂/(R₁ + R₂) = ${I} × ${R2}/${R1 + R2} = ${f3((I * R2) / (R1 + R2))} A。`,
    difficulty: 3,
  }),
});

const mixed = calc({
  id: 'mixed-resistance',
  tags: ['混联'],
  sample: (r) => {
    const [R1, R2, R3] = r.sample(SMALL_OHMS, 3) as [number, number, number];
    return { R1, R2, R3 };
  },
  build: ({ R1, R2, R3 }) => {
    const par = (R2 * R3) / (R2 + R3);
    return {
      question: `电阻 ${sub('R', 2)} = ${R2} Ω 与 ${sub('R', 3)} = ${R3} Ω 并联后，再与 ${sub('R', 1)} = ${R1} Ω 串联，总电阻为（　）`,
      statement: (v) => `${R2} Ω 与 ${R3} Ω 并联后再与 ${R1} Ω 串联，总电阻为 ${v}。`,
      answer: R1 + par,
      wrong: [R1 + R2 + R3, 1 / (1 / R1 + 1 / R2 + 1 / R3), par],
      show: unit('Ω'),
      explanation: `先求并联部分 R₂R₃/(R₂ + R₃) = ${f3(par)} Ω，再加串联的 R₁：R = ${R1} + ${f3(par)} = ${f3(R1 + par)} Ω。`,
      difficulty: 3,
    };
  },
});

const seriesMulti = multi({
  id: 'series-circuit-multi',
  tags: ['串联'],
  sample: (r) => {
    const [R1, R2] = r.sample([2, 3, 4, 5, 6, 8, 10, 12, 15, 20], 2) as [number, number];
    return { U: r.pick([12, 24, 36, 60]), R1, R2 };
  },
  build: ({ U, R1, R2 }) => {
    const I = U / (R1 + R2);
    return {
      stem: `${R1} Ω 和 ${R2} Ω 两个电阻串联后接在 ${U} V 直流电源上，下列结论正确的是（　）`,
      right: [`总电阻为 ${R1 + R2} Ω`, `电路电流为 ${f3(I)} A`, `${R1} Ω 电阻两端电压为 ${f3(I * R1)} V`, `电路总功率为 ${f3(U * I)} W`],
      wrong: [`总电阻为 ${f3((R1 * R2) / (R1 + R2))} Ω`, `${R1} Ω 电阻两端电压为 ${f3(I * R2)} V`, `电路电流为 ${f3(U / R1 + U / R2)} A`],
      explanation: `R = ${R1 + R2} Ω，I = ${U}/${R1 + R2} = ${f3(I)} A，U₁ = IR₁ = ${f3(I * R1)} V，U₂ = ${f3(I * R2)} V，P = UI = ${f3(U * I)} W。`,
      difficulty: 4,
    };
  },
});

export const DC_A_CONTENT: ContentMap = {
  BAA001: {
    calcs: [ohmCurrent, ohmVoltage, ohmResistance, fullCircuit, terminalVoltage, conductorResistance],
    plan: { single: 6, judge: 4 },
    facts: [
      {
        q: '在温度不变时，导体的电阻与导体的长度成正比，与导体的（　）',
        a: '横截面积成反比',
        d: ['横截面积成正比', '两端电压成正比', '通过的电流成反比'],
        t: '在温度不变时，导体的电阻与其长度成正比，与其横截面积成反比。',
        diff: 2,
      },
      {
        q: '一般金属导体的电阻随温度升高而（　）',
        a: '增大',
        d: ['减小', '不变', '先减小后增大'],
        f: '一般金属导体的电阻随温度升高而减小。',
        why: '金属导体具有正的电阻温度系数，温度升高电阻增大。',
        diff: 2,
      },
      {
        q: '电源外电路开路时，电源的端电压（　）',
        a: '等于电源电动势',
        d: ['等于零', '等于内阻压降', '大于电源电动势'],
        t: '电源开路时电流为零，端电压等于电源电动势。',
        diff: 3,
      },
      {
        q: '电源外电路短路时，电路中的电流（　）',
        a: '很大，只受电源内阻限制',
        d: ['为零', '等于额定电流', '等于开路时的电流'],
        f: '电源短路时，由于外电阻为零，电路电流也为零。',
        why: '短路时 I = E/r，内阻很小，所以短路电流很大，可能烧毁电源和线路。',
        diff: 3,
      },
    ],
    multis: [
      {
        q: '关于欧姆定律，下列说法正确的是（　）',
        right: ['部分电路中 I = U/R', '全电路中 I = E/(R + r)', '线性电阻的伏安特性是一条过原点的直线'],
        wrong: ['电阻的大小由两端电压决定', '电流一定时电压与电阻成反比'],
        diff: 3,
      },
      {
        q: '与导体电阻大小有关的因素有（　）',
        right: ['导体的长度', '导体的横截面积', '导体的材料', '导体的温度'],
        wrong: ['导体两端所加电压', '流过导体的电流'],
        diff: 3,
      },
      {
        q: '电源向负载供电时，负载电阻增大，则（　）',
        right: ['电路电流减小', '电源内阻压降减小', '电源端电压升高'],
        wrong: ['电源电动势增大', '电路电流增大'],
        diff: 4,
      },
      {
        q: '下列关于短路的说法，正确的是（　）',
        right: ['短路电流只受电源内阻和线路电阻限制', '短路可能烧毁电源和导线', '熔断器和断路器可以切除短路故障'],
        wrong: ['短路时电流为零', '短路时端电压等于电动势'],
        diff: 4,
      },
    ],
  },

  BAA002: {
    calcs: [seriesTotal, parallelTwo, voltageDivider, currentDivider, mixed],
    multiCalcs: [seriesMulti],
    plan: { single: 5, judge: 4, multiple: 2 },
    facts: [
      {
        q: '电阻串联电路中，各电阻上的电压与其阻值（　）',
        a: '成正比',
        d: ['成反比', '无关', '平方成正比'],
        t: '串联电路中电流处处相等，各电阻上的电压与电阻值成正比。',
        diff: 2,
      },
      {
        q: '电阻并联电路中，各支路的电流与其电阻（　）',
        a: '成反比',
        d: ['成正比', '无关', '平方成反比'],
        f: '并联电路中，电阻越大的支路分得的电流越大。',
        why: '并联各支路电压相等，I = U/R，电阻越大电流越小。',
        diff: 2,
      },
      {
        q: '几个电阻并联后的等效电阻（　）',
        a: '小于其中任一个电阻',
        d: ['大于其中任一个电阻', '等于各电阻之和', '等于各电阻的平均值'],
        t: '并联电路的等效电阻小于其中任何一个支路的电阻。',
        diff: 2,
      },
      {
        q: '额定电压均为 220 V 的 100 W 和 40 W 两只白炽灯串联后接到 220 V 电源上，则（　）',
        a: '40 W 灯较亮',
        d: ['100 W 灯较亮', '两灯一样亮', '两灯都正常发光'],
        f: '额定电压相同的 100 W 和 40 W 白炽灯串联接在额定电压上时，100 W 的灯更亮。',
        why: '40 W 灯电阻较大，串联时电流相同，由 P = I²R 可知 40 W 灯实际功率大，较亮。',
        diff: 4,
      },
    ],
    multis: [
      {
        q: '电阻串联电路的特点有（　）',
        right: ['各电阻中电流相等', '总电压等于各电阻电压之和', '总电阻等于各电阻之和', '各电阻的功率与电阻成正比'],
        wrong: ['各电阻两端电压相等', '总电阻小于任一电阻'],
        diff: 3,
      },
      {
        q: '电阻并联电路的特点有（　）',
        right: ['各支路两端电压相等', '总电流等于各支路电流之和', '等效电阻的倒数等于各支路电阻倒数之和'],
        wrong: ['各支路电流相等', '等效电阻大于任一支路电阻'],
        diff: 3,
      },
    ],
  },
};
