import { calc, multi, unit, type ContentMap } from '../kit';
import { f3, neighbour, SQRT3 } from './util';

/** BAB003 三相交流电路. */

const LINE_VOLTS = [380, 400, 660];
const PHASE_Z = [10, 19, 20, 22, 38, 44, 50, 76, 100];

const lineVsPhase = calc({
  id: 'star-line-phase-voltage',
  tags: ['星形联结', '线电压'],
  sample: (r) => ({ dir: r.int(0, 1), V: r.pick([127, 220, 230, 240, 380, 400, 660, 3000, 6000, 10000]) }),
  build: ({ dir, V }) =>
    dir === 0
      ? {
          question: `星形联结的对称三相电源，相电压为 ${V} V，其线电压为（　）`,
          statement: (x) => `星形联结的对称三相电源相电压为 ${V} V 时，线电压为 ${x}。`,
          answer: V * SQRT3,
          wrong: [V, V * 3, V * Math.SQRT2],
          show: unit('V'),
          explanation: `星形联结时 U<sub>L</sub> = √3U<sub>P</sub> = 1.732 × ${V} ≈ ${f3(V * SQRT3)} V。`,
          difficulty: 2,
        }
      : {
          question: `星形联结的对称三相电源，线电压为 ${V} V，其相电压为（　）`,
          statement: (x) => `星形联结的对称三相电源线电压为 ${V} V 时，相电压为 ${x}。`,
          answer: V / SQRT3,
          wrong: [V, V * SQRT3, V / 3],
          show: unit('V'),
          explanation: `U<sub>P</sub> = U<sub>L</sub>/√3 = ${V}/1.732 ≈ ${f3(V / SQRT3)} V。`,
          difficulty: 2,
        },
});

const starLoad = calc({
  id: 'star-load-current',
  tags: ['星形联结', '线电流'],
  sample: (r) => ({ UL: r.pick(LINE_VOLTS), Z: r.pick(PHASE_Z) }),
  nudge: (r, p) => ({ ...p, Z: neighbour(PHASE_Z, p.Z, r) }),
  build: ({ UL, Z }) => ({
    question: `每相阻抗 |Z| = ${Z} Ω 的对称三相负载作星形联结，接在线电压 ${UL} V 的三相电源上，线电流为（　）`,
    statement: (x) => `每相阻抗 ${Z} Ω 的对称三相负载星形联结于线电压 ${UL} V 的电源时，线电流为 ${x}。`,
    answer: UL / SQRT3 / Z,
    wrong: [UL / Z, (SQRT3 * UL) / Z, UL / 3 / Z],
    show: unit('A'),
    explanation: `相电压 U<sub>P</sub> = ${UL}/√3 = ${f3(UL / SQRT3)} V，相电流 I<sub>P</sub> = U<sub>P</sub>/|Z| = ${f3(UL / SQRT3 / Z)} A，星形联结线电流等于相电流。`,
    difficulty: 3,
  }),
});

const deltaLoad = calc({
  id: 'delta-load-current',
  tags: ['三角形联结', '线电流'],
  sample: (r) => ({ UL: r.pick(LINE_VOLTS), Z: r.pick(PHASE_Z) }),
  build: ({ UL, Z }) => ({
    question: `每相阻抗 |Z| = ${Z} Ω 的对称三相负载作三角形联结，接在线电压 ${UL} V 的三相电源上，线电流为（　）`,
    statement: (x) => `每相阻抗 ${Z} Ω 的对称三相负载三角形联结于线电压 ${UL} V 的电源时，线电流为 ${x}。`,
    answer: (SQRT3 * UL) / Z,
    wrong: [UL / Z, UL / SQRT3 / Z, (3 * UL) / Z],
    show: unit('A'),
    explanation: `三角形联结相电压等于线电压，I<sub>P</sub> = ${UL}/${Z} = ${f3(UL / Z)} A，线电流 I<sub>L</sub> = √3I<sub>P</sub> = ${f3((SQRT3 * UL) / Z)} A。`,
    difficulty: 3,
  }),
});

const CURRENTS = [10, 15, 20, 25, 30, 40, 50, 60, 80, 100];
const PFS = [0.75, 0.8, 0.82, 0.85, 0.86, 0.88];

const threePhasePower = calc({
  id: 'three-phase-power',
  tags: ['三相功率'],
  sample: (r) => ({ UL: r.pick(LINE_VOLTS), IL: r.pick(CURRENTS), pf: r.pick(PFS) }),
  nudge: (r, p) => ({ ...p, IL: neighbour(CURRENTS, p.IL, r) }),
  build: ({ UL, IL, pf }) => {
    const P = (SQRT3 * UL * IL * pf) / 1000;
    return {
      question: `对称三相负载的线电压为 ${UL} V，线电流为 ${IL} A，功率因数为 ${pf}，三相有功功率为（　）`,
      statement: (x) => `线电压 ${UL} V、线电流 ${IL} A、功率因数 ${pf} 的对称三相负载，有功功率为 ${x}。`,
      answer: P,
      wrong: [(3 * UL * IL * pf) / 1000, (UL * IL * pf) / 1000, (SQRT3 * UL * IL) / 1000],
      show: unit('kW'),
      explanation: `P = √3U<sub>L</sub>I<sub>L</sub>cosφ = 1.732 × ${UL} × ${IL} × ${pf} ≈ ${f3(P)} kW；用线电压、线电流计算时系数是 √3 而不是 3。`,
      difficulty: 3,
    };
  },
});

const threePhaseCurrent = calc({
  id: 'three-phase-current',
  tags: ['三相功率', '线电流'],
  sample: (r) => ({ P: r.pick([5.5, 7.5, 11, 15, 18.5, 22, 30, 37, 45, 55]), pf: r.pick(PFS) }),
  build: ({ P, pf }) => {
    const I = (P * 1000) / (SQRT3 * 380 * pf);
    return {
      question: `某对称三相负载从线电压 380 V 的电网吸收有功功率 ${P} kW，功率因数为 ${pf}，其线电流约为（　）`,
      statement: (x) => `从 380 V 三相电网吸收 ${P} kW 有功功率、功率因数为 ${pf} 的对称负载，线电流约为 ${x}。`,
      answer: I,
      wrong: [(P * 1000) / (380 * pf), (P * 1000) / (3 * 380 * pf), (P * 1000) / (SQRT3 * 380)],
      show: unit('A'),
      explanation: `I<sub>L</sub> = P/(√3U<sub>L</sub>cosφ) = ${P * 1000}/(1.732 × 380 × ${pf}) ≈ ${f3(I)} A。`,
      difficulty: 3,
    };
  },
});

const starDeltaRatio = calc({
  id: 'star-delta-power-ratio',
  tags: ['星形联结', '三角形联结', '三相功率'],
  sample: (r) => ({ P: r.pick([1, 1.5, 2, 3, 4, 5, 6, 8, 10]), dir: r.int(0, 1) }),
  build: ({ P, dir }) =>
    dir === 0
      ? {
          question: `同一对称三相负载接在同一电源上，星形联结时有功功率为 ${P} kW，改为三角形联结后有功功率为（　）`,
          statement: (x) => `同一对称三相负载接同一电源，星形联结功率为 ${P} kW，改接成三角形后功率为 ${x}。`,
          answer: 3 * P,
          wrong: [SQRT3 * P, P, P / 3],
          show: unit('kW'),
          explanation: `三角形联结时每相电压为星形时的 √3 倍，每相功率为 3 倍，所以总功率 P<sub>Δ</sub> = 3P<sub>Y</sub> = ${f3(3 * P)} kW。`,
          difficulty: 4,
        }
      : {
          question: `同一对称三相负载接在同一电源上，三角形联结时有功功率为 ${P * 3} kW，改为星形联结后有功功率为（　）`,
          statement: (x) => `同一对称三相负载接同一电源，三角形联结功率为 ${P * 3} kW，改接成星形后功率为 ${x}。`,
          answer: P,
          wrong: [(P * 3) / SQRT3, P * 3, P * 9],
          show: unit('kW'),
          explanation: `P<sub>Y</sub> = P<sub>Δ</sub>/3 = ${P * 3}/3 = ${f3(P)} kW。`,
          difficulty: 4,
        },
});

const starMulti = multi({
  id: 'star-load-multi',
  tags: ['星形联结'],
  sample: (r) => ({ UL: r.pick([380, 660]), Z: r.pick([10, 19, 22, 38, 44, 76]) }),
  build: ({ UL, Z }) => {
    const Up = UL / SQRT3;
    const I = Up / Z;
    return {
      stem: `每相电阻 ${Z} Ω 的对称三相负载星形联结，接在线电压 ${UL} V 的三相四线制电源上，下列结论正确的是（　）`,
      right: [`每相负载电压约为 ${f3(Up)} V`, `相电流约为 ${f3(I)} A`, `线电流等于相电流`, `中性线电流为零`],
      wrong: [`每相负载电压为 ${UL} V`, `线电流约为 ${f3(I * SQRT3)} A`, `三相总功率约为 ${f3((3 * UL * UL) / Z / 1000)} kW`],
      explanation: `U<sub>P</sub> = ${UL}/√3 ≈ ${f3(Up)} V，I<sub>P</sub> = I<sub>L</sub> = ${f3(I)} A；负载对称时中性线电流为零；P = 3U<sub>P</sub>²/R ≈ ${f3((3 * Up * Up) / Z / 1000)} kW。`,
      difficulty: 4,
    };
  },
});

export const AC_B_CONTENT: ContentMap = {
  BAB003: {
    calcs: [lineVsPhase, starLoad, deltaLoad, threePhasePower, threePhaseCurrent, starDeltaRatio],
    multiCalcs: [starMulti],
    plan: { single: 7, judge: 6, multiple: 2 },
    facts: [
      {
        q: '对称三相电动势的特点是（　）',
        a: '幅值相等、频率相同、相位互差 120°',
        d: ['幅值相等、频率不同、相位互差 120°', '幅值不等、频率相同、相位互差 90°', '幅值相等、频率相同、相位相同'],
        t: '对称三相电动势的幅值相等、频率相同、相位互差 120°。',
        diff: 2,
      },
      {
        q: '三相四线制供电系统中，中性线的作用是（　）',
        a: '使不对称星形负载的相电压保持对称',
        d: ['使三相电流相等', '提高功率因数', '代替保护接地线'],
        t: '三相四线制中，中性线能使不对称星形负载的各相电压保持对称。',
        diff: 3,
      },
      {
        q: '三相四线制供电系统的中性干线上（　）',
        a: '不允许单独装设熔断器或开关',
        d: ['必须安装熔断器', '必须安装单极开关', '应串接电流表'],
        f: '为防止中性线过载，三相四线制的中性干线上应装设熔断器。',
        why: '中性线断开会使不对称负载相电压严重不对称，烧毁设备，所以中性干线上不允许装熔断器和开关。',
        diff: 3,
      },
      {
        q: '三相负载每相的额定电压等于电源线电压时，负载应接成（　）',
        a: '三角形',
        d: ['星形', '星形并接中性线', '任意接法均可'],
        t: '三相负载每相额定电压等于电源线电压时应接成三角形，等于电源相电压时应接成星形。',
        diff: 3,
      },
      {
        q: '对称三相电源星形联结时，线电压在相位上（　）',
        a: '超前对应的相电压 30°',
        d: ['滞后对应的相电压 30°', '与对应的相电压同相', '超前对应的相电压 120°'],
        f: '星形联结时线电压与对应的相电压同相位。',
        diff: 4,
      },
      {
        q: '三角形联结的对称三相负载，线电流与相电流的关系是（　）',
        a: '线电流是相电流的 √3 倍',
        d: ['线电流等于相电流', '相电流是线电流的 √3 倍', '线电流是相电流的 3 倍'],
        f: '三角形联结时线电流等于相电流，线电压是相电压的 √3 倍。',
        why: '三角形联结：线电压等于相电压，线电流是相电流的 √3 倍；星形联结则相反。',
        diff: 2,
      },
    ],
    multis: [
      {
        q: '对称三相负载星形联结时，（　）',
        right: ['线电压是相电压的 √3 倍', '线电流等于相电流', '中性线电流为零'],
        wrong: ['线电流是相电流的 √3 倍', '线电压等于相电压'],
        diff: 4,
      },
      {
        q: '对称三相电路有功功率的计算式可以是（　）',
        right: ['P = √3U<sub>L</sub>I<sub>L</sub>cosφ', 'P = 3U<sub>P</sub>I<sub>P</sub>cosφ'],
        wrong: ['P = 3U<sub>L</sub>I<sub>L</sub>cosφ', 'P = U<sub>L</sub>I<sub>L</sub>cosφ', 'P = √3U<sub>P</sub>I<sub>P</sub>'],
        diff: 4,
      },
    ],
  },
};
