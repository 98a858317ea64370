import { calc, unit, type ContentMap } from '../kit';
import { f3, neighbour, SQRT2, sub } from './util';

/** BAB001 电磁感应与磁路 and BAB002 单相正弦交流电路. */

const emfBlv = calc({
  id: 'emf-blv',
  tags: ['电磁感应'],
  sample: (r) => ({ B: r.pick([0.2, 0.4, 0.5, 0.8, 1, 1.2]), L: r.pick([0.1, 0.2, 0.25, 0.4, 0.5, 0.8]), v: r.pick([2, 4, 5, 10, 15, 20]) }),
  build: ({ B, L, v }) => ({
    question: `长 ${L} m 的直导体在磁感应强度 ${B} T 的均匀磁场中，以 ${v} m/s 的速度垂直于磁力线运动，导体中的感应电动势为（　）`,
    statement: (x) => `长 ${L} m 的直导体在 ${B} T 的均匀磁场中以 ${v} m/s 的速度垂直切割磁力线，感应电动势为 ${x}。`,
    answer: B * L * v,
    wrong: [(B * L) / v, B * v, (B * v) / L],
    show: unit('V'),
    explanation: `e = BLv = ${B} × ${L} × ${v} = ${f3(B * L * v)} V（导体运动方向与磁力线垂直）。`,
    difficulty: 3,
  }),
});

const forceBil = calc({
  id: 'force-bil',
  tags: ['电磁力'],
  sample: (r) => ({ B: r.pick([0.2, 0.4, 0.5, 0.8, 1, 1.2]), I: r.pick([2, 5, 8, 10, 20, 25]), L: r.pick([0.1, 0.2, 0.3, 0.5, 0.6]) }),
  build: ({ B, I, L }) => ({
    question: `长 ${L} m 的载流直导体垂直放在 ${B} T 的均匀磁场中，导体中电流为 ${I} A，导体受到的电磁力为（　）`,
    statement: (x) => `长 ${L} m、通有 ${I} A 电流的直导体垂直放在 ${B} T 的均匀磁场中，受到的电磁力为 ${x}。`,
    answer: B * I * L,
    wrong: [(B * I) / L, I * L, (B * L) / I],
    show: unit('N'),
    explanation: `F = BIL = ${B} × ${I} × ${L} = ${f3(B * I * L)} N，方向用左手定则判断。`,
    difficulty: 3,
  }),
});

const coilEmf = calc({
  id: 'coil-emf',
  tags: ['法拉第电磁感应定律'],
  sample: (r) => ({ N: r.pick([50, 100, 200, 500, 1000]), dPhi: r.pick([0.002, 0.004, 0.005, 0.01, 0.02]), dt: r.pick([0.05, 0.1, 0.2, 0.4, 0.5]) }),
  build: ({ N, dPhi, dt }) => ({
    question: `匝数为 ${N} 的线圈，穿过它的磁通在 ${dt} s 内均匀变化了 ${dPhi} Wb，线圈中的感应电动势为（　）`,
    statement: (x) => `${N} 匝线圈中的磁通在 ${dt} s 内均匀变化 ${dPhi} Wb 时，感应电动势为 ${x}。`,
    answer: (N * dPhi) / dt,
    wrong: [dPhi / dt, N * dPhi * dt, N * dPhi],
    show: unit('V'),
    explanation: `e = NΔΦ/Δt = ${N} × ${dPhi}/${dt} = ${f3((N * dPhi) / dt)} V。`,
    difficulty: 3,
  }),
});

// --- BAB002 ------------------------------------------------------------------------------

const PEAKS = [14.1, 28.3, 141, 155.5, 311, 537];
const PHASES = ['', ' + 30°', ' + 45°', ' + 60°', ' + 90°', ' − 30°', ' − 45°', ' − 60°', ' + 120°'];

const rmsFromPeak = calc({
  id: 'ac-rms',
  tags: ['有效值'],
  sample: (r) => ({ Um: r.pick(PEAKS), ph: r.int(0, PHASES.length - 1) }),
  nudge: (r, p) => ({ ...p, Um: neighbour(PEAKS, p.Um, r) }),
  build: ({ Um, ph }) => ({
    question: `正弦交流电压 u = ${Um}sin(314t${PHASES[ph]}) V，其有效值为（　）`,
    statement: (x) => `正弦交流电压 u = ${Um}sin(314t${PHASES[ph]}) V 的有效值为 ${x}。`,
    answer: Um / SQRT2,
    wrong: [Um, Um * SQRT2, Um / 2],
    show: unit('V'),
    explanation: `正弦量有效值 U = U<sub>m</sub>/√2 = ${Um}/1.414 ≈ ${f3(Um / SQRT2)} V。`,
    difficulty: 2,
  }),
});

const frequency = calc({
  id: 'ac-frequency',
  tags: ['频率', '角频率'],
  sample: (r) => ({ w: r.pick([314, 628, 942, 1256]), Im: r.pick([5, 10, 14.1, 20]), ph: r.int(0, PHASES.length - 1) }),
  build: ({ w, Im, ph }) => {
    const f = Math.round(w / (2 * Math.PI));
    return {
      question: `正弦交流电流 i = ${Im}sin(${w}t${PHASES[ph]}) A，其频率为（　）`,
      statement: (x) => `正弦交流电流 i = ${Im}sin(${w}t${PHASES[ph]}) A 的频率为 ${x}。`,
      answer: f,
      wrong: [w, w / 2, f * 2],
      show: unit('Hz'),
      explanation: `f = ω/(2π) = ${w}/6.28 ≈ ${f} Hz，周期 T = 1/f = ${f3(1 / f)} s。`,
      difficulty: 3,
    };
  },
});

const inductiveReactance = calc({
  id: 'inductive-reactance',
  tags: ['感抗'],
  sample: (r) => ({ f: r.pick([50, 50, 100, 400]), L: r.pick([0.01, 0.05, 0.1, 0.2, 0.318, 0.5, 0.8]) }),
  build: ({ f, L }) => ({
    question: `电感量为 ${L} H 的线圈（电阻不计）接在频率为 ${f} Hz 的交流电源上，其感抗为（　）`,
    statement: (x) => `${L} H 的纯电感在 ${f} Hz 交流电路中的感抗为 ${x}。`,
    answer: 2 * Math.PI * f * L,
    wrong: [f * L, 1 / (2 * Math.PI * f * L), 2 * Math.PI * f * L * 1000],
    show: unit('Ω'),
    explanation: `X<sub>L</sub> = 2πfL = 2 × 3.14 × ${f} × ${L} ≈ ${f3(2 * Math.PI * f * L)} Ω。`,
    difficulty: 2,
  }),
});

const capacitiveReactance = calc({
  id: 'capacitive-reactance',
  tags: ['容抗'],
  sample: (r) => ({ f: r.pick([50, 50, 100, 1000]), C: r.pick([1, 4.7, 10, 20, 31.8, 47, 100]) }),
  build: ({ f, C }) => {
    const Xc = 1 / (2 * Math.PI * f * C * 1e-6);
    return {
      question: `${C} μF 的电容器接在频率为 ${f} Hz 的交流电源上，其容抗为（　）`,
      statement: (x) => `${C} μF 的电容器在 ${f} Hz 交流电路中的容抗为 ${x}。`,
      answer: Xc,
      wrong: [1 / (f * C * 1e-6), 2 * Math.PI * f * C, Xc / 1000],
      show: unit('Ω'),
      explanation: `X<sub>C</sub> = 1/(2πfC) = 1/(2 × 3.14 × ${f} × ${C} × 10⁻⁶) ≈ ${f3(Xc)} Ω。频率越高，容抗越小。`,
      difficulty: 3,
    };
  },
});

/** R, X pairs with whole-number impedance. */
const RX = [[3, 4], [6, 8], [8, 6], [12, 16], [16, 12], [30, 40], [40, 30], [60, 80], [5, 12], [24, 32]] as const;

const rlCurrent = calc({
  id: 'rl-series-current',
  tags: ['RL 串联', '阻抗'],
  sample: (r) => ({ k: r.int(0, RX.length - 1), U: r.pick([100, 110, 120, 220]) }),
  build: ({ k, U }) => {
    const [R, X] = RX[k]!;
    const Z = Math.hypot(R, X);
    return {
      question: `电阻 R = ${R} Ω 与感抗 ${sub('X', 'L')} = ${X} Ω 串联，接在 ${U} V 交流电源上，电路电流为（　）`,
      statement: (x) => `${R} Ω 电阻与 ${X} Ω 感抗串联后接在 ${U} V 交流电源上，电路电流为 ${x}。`,
      answer: U / Z,
      wrong: [U / (R + X), U / R, U / X],
      show: unit('A'),
      explanation: `|Z| = √(R² + X<sub>L</sub>²) = √(${R}² + ${X}²) = ${f3(Z)} Ω，I = U/|Z| = ${U}/${f3(Z)} = ${f3(U / Z)} A；阻抗不能把 R 与 X<sub>L</sub> 直接相加。`,
      difficulty: 3,
    };
  },
});

const powerFactor = calc({
  id: 'rl-power-factor',
  tags: ['功率因数'],
  sample: (r) => ({ k: r.int(0, RX.length - 1) }),
  build: ({ k }) => {
    const [R, X] = RX[k]!;
    const Z = Math.hypot(R, X);
    return {
      question: `R = ${R} Ω、${sub('X', 'L')} = ${X} Ω 的 RL 串联电路，其功率因数为（　）`,
      statement: (x) => `R = ${R} Ω、X<sub>L</sub> = ${X} Ω 的 RL 串联电路，功率因数为 ${x}。`,
      answer: R / Z,
      wrong: [X / Z, R / X, R / (R + X)],
      show: unit(''),
      explanation: `cosφ = R/|Z| = ${R}/${f3(Z)} = ${f3(R / Z)}。`,
      difficulty: 3,
    };
  },
});

const activePower = calc({
  id: 'ac-active-power',
  tags: ['有功功率'],
  sample: (r) => ({ U: r.pick([220, 230]), I: r.pick([2, 4, 5, 8, 10, 15, 20]), pf: r.pick([0.5, 0.6, 0.8, 0.85]) }),
  build: ({ U, I, pf }) => ({
    question: `单相感性负载接在 ${U} V 电源上，电流为 ${I} A，功率因数为 ${pf}，其有功功率为（　）`,
    statement: (x) => `${U} V 单相电源供给的感性负载电流为 ${I} A、功率因数为 ${pf} 时，有功功率为 ${x}。`,
    answer: U * I * pf,
    wrong: [U * I, U * I * Math.sqrt(1 - pf * pf), (U * I) / pf],
    show: unit('W'),
    explanation: `P = UIcosφ = ${U} × ${I} × ${pf} = ${f3(U * I * pf)} W；UI 是视在功率（单位 V·A）。`,
    difficulty: 2,
  }),
});

const resonance = calc({
  id: 'series-resonance',
  tags: ['谐振'],
  sample: (r) => ({ L: r.pick([1, 2, 5, 10, 20, 50]), C: r.pick([0.1, 0.5, 1, 2, 10]) }),
  build: ({ L, C }) => {
    const f0 = 1 / (2 * Math.PI * Math.sqrt(L * 1e-3 * C * 1e-6));
    return {
      question: `RLC 串联电路中 L = ${L} mH、C = ${C} μF，电路的谐振频率约为（　）`,
      statement: (x) => `L = ${L} mH、C = ${C} μF 的 RLC 串联电路，谐振频率约为 ${x}。`,
      answer: f0,
      wrong: [f0 * 2 * Math.PI, f0 / (2 * Math.PI), f0 * Math.sqrt(1000)],
      show: unit('Hz'),
      explanation: `f₀ = 1/(2π√(LC)) = 1/(2π√(${L} × 10⁻³ × ${C} × 10⁻⁶)) ≈ ${f3(f0)} Hz。`,
      difficulty: 4,
    };
  },
});

export const AC_A_CONTENT: ContentMap = {
  BAB001: {
    calcs: [emfBlv, forceBil, coilEmf],
    plan: { single: 3, judge: 3 },
    facts: [
      {
        q: '判断发电机（导体切割磁力线）感应电动势的方向，应使用（　）',
        a: '右手定则',
        d: ['左手定则', '右手螺旋定则', '欧姆定律'],
        t: '导体切割磁力线产生的感应电动势方向用右手定则判断。',
        diff: 2,
      },
      {
        q: '判断通电导体在磁场中的受力方向，应使用（　）',
        a: '左手定则',
        d: ['右手定则', '右手螺旋定则', '基尔霍夫定律'],
        f: '通电导体在磁场中的受力方向用右手定则判断。',
        why: '电动机原理——通电导体受力方向用左手定则判断。',
        diff: 2,
      },
      {
        q: '楞次定律指出，感应电流产生的磁通总是（　）',
        a: '阻碍原磁通的变化',
        d: ['与原磁通方向相同', '与原磁通方向相反', '帮助原磁通的变化'],
        t: '感应电流产生的磁通总是阻碍引起感应电流的原磁通的变化。',
        f: '感应电流产生的磁通方向总是与原磁通方向相反。',
        why: '原磁通增加时感应磁通与之相反，原磁通减少时感应磁通与之相同，总是阻碍变化。',
        diff: 3,
      },
      {
        q: '变压器、电动机的铁芯用相互绝缘的硅钢片叠成，主要是为了减小（　）',
        a: '涡流损耗',
        d: ['铜损耗', '机械损耗', '绕组电阻'],
        t: '铁芯采用相互绝缘的硅钢片叠成，可以减小涡流损耗。',
        diff: 3,
      },
      {
        q: '磁感应强度的单位是（　）',
        a: '特斯拉（T）',
        d: ['韦伯（Wb）', '亨利（H）', '安/米（A/m）'],
        f: '磁感应强度的单位是韦伯，磁通的单位是特斯拉。',
        why: '磁感应强度单位是特斯拉（T），磁通单位是韦伯（Wb），1 T = 1 Wb/m²。',
        diff: 3,
      },
      {
        q: '电感线圈中的电流（　）',
        a: '不能突变',
        d: ['可以突变', '总是恒定不变', '与电压同相'],
        t: '由于自感作用，电感线圈中的电流不能突变。',
        diff: 3,
      },
      {
        q: '制造变压器和电动机铁芯应选用（　）',
        a: '软磁材料',
        d: ['硬磁材料', '矩磁材料', '抗磁材料'],
        f: '变压器铁芯应采用剩磁大、矫顽力大的硬磁材料。',
        why: '软磁材料磁导率高、磁滞回线窄、损耗小，适合做交流铁芯；硬磁材料用于永久磁铁。',
        diff: 3,
      },
    ],
    multis: [
      {
        q: '下列关于电磁感应的说法，正确的是（　）',
        right: ['穿过线圈的磁通发生变化时线圈中产生感应电动势', '感应电动势的大小与磁通的变化率成正比', '感应电流的磁通总是阻碍原磁通的变化'],
        wrong: ['磁通越大感应电动势一定越大', '导体顺着磁力线方向运动也会产生感应电动势'],
        diff: 4,
      },
      {
        q: '铁芯损耗主要包括（　）',
        right: ['磁滞损耗', '涡流损耗'],
        wrong: ['铜损耗', '机械摩擦损耗', '介质损耗中的电阻损耗'],
        diff: 4,
      },
      {
        q: '软磁材料的特点有（　）',
        right: ['磁导率高', '磁滞回线狭窄', '剩磁和矫顽力小'],
        wrong: ['剩磁大', '适合做永久磁铁'],
        diff: 4,
      },
      {
        q: '下列定则与其用途对应正确的有（　）',
        right: ['右手螺旋定则——判断电流产生的磁场方向', '右手定则——判断切割磁力线的感应电动势方向', '左手定则——判断通电导体的受力方向'],
        wrong: ['左手定则——判断感应电动势方向', '右手定则——判断通电导体受力方向'],
        diff: 4,
      },
    ],
  },

  BAB002: {
    calcs: [rmsFromPeak, frequency, inductiveReactance, capacitiveReactance, rlCurrent, powerFactor, activePower, resonance],
    plan: { single: 8, judge: 6 },
    facts: [
      {
        q: '正弦交流电的三要素是（　）',
        a: '最大值、角频率和初相位',
        d: ['有效值、周期和相位差', '电压、电流和功率', '瞬时值、频率和周期'],
        t: '最大值（幅值）、角频率（频率）和初相位称为正弦交流电的三要素。',
        diff: 2,
      },
      {
        q: '在纯电感交流电路中，电流与电压的相位关系是（　）',
        a: '电流滞后电压 90°',
        d: ['电流超前电压 90°', '电流与电压同相', '电流滞后电压 180°'],
        f: '纯电感电路中电流超前电压 90°。',
        why: '纯电感电路电流滞后电压 90°，纯电容电路电流超前电压 90°。',
        diff: 3,
      },
      {
        q: '提高感性负载功率因数的常用方法是（　）',
        a: '在负载两端并联适当的电容器',
        d: ['在负载中串联电阻', '在负载两端并联电感', '提高电源电压'],
        t: '在感性负载两端并联适当容量的电容器可以提高电路的功率因数。',
        diff: 3,
      },
      {
        q: '交流电压表和电流表的读数一般是交流电的（　）',
        a: '有效值',
        d: ['最大值', '平均值', '瞬时值'],
        f: '交流电压表测得的读数是交流电压的最大值。',
        diff: 2,
      },
      {
        q: '视在功率 S、有功功率 P 和无功功率 Q 的关系是（　）',
        a: 'S² = P² + Q²',
        d: ['S = P + Q', 'S = P − Q', 'P = S + Q'],
        t: '视在功率、有功功率和无功功率构成功率三角形，S² = P² + Q²。',
        diff: 3,
      },
      {
        q: 'RLC 串联电路发生谐振时，电路的（　）',
        a: '阻抗最小，电流最大',
        d: ['阻抗最大，电流最小', '电流为零', '功率因数为零'],
        f: 'RLC 串联电路谐振时阻抗最大、电流最小。',
        why: '串联谐振时 X<sub>L</sub> = X<sub>C</sub>，阻抗等于 R 为最小，电流最大，又称电压谐振。',
        diff: 4,
      },
    ],
    multis: [
      {
        q: '关于电容器在交流电路中的特性，下列说法正确的是（　）',
        right: ['通交流、隔直流', '频率越高容抗越小', '纯电容电路中电流超前电压 90°'],
        wrong: ['频率越高容抗越大', '纯电容电路消耗有功功率'],
        diff: 4,
      },
      {
        q: '提高功率因数的意义有（　）',
        right: ['提高电源设备的利用率', '减少线路的功率损耗', '减小线路电压损失'],
        wrong: ['增大负载的有功功率', '提高电动机转速'],
        diff: 4,
      },
      {
        q: '我国工频交流电的（　）',
        right: ['频率为 50 Hz', '周期为 0.02 s', '角频率约为 314 rad/s'],
        wrong: ['频率为 60 Hz', '周期为 0.05 s'],
        diff: 3,
      },
      {
        q: 'RLC 串联电路发生谐振时，（　）',
        right: ['感抗等于容抗', '电路呈电阻性', '电流达到最大值'],
        wrong: ['阻抗达到最大值', '电路呈电感性'],
        diff: 4,
      },
    ],
  },
};
