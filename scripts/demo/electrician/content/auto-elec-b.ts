import { calc, fmt, unit, type ContentMap } from '../kit';
import { f3 } from './util';

/** GB001 集成运算放大器, GB002 振荡电路与 555 定时器, GB003 开关稳压电源 (levels 3–1). */

const signed = (u: string) => (x: number) => `${x < 0 ? '−' : ''}${fmt(Math.abs(x))} ${u}`;

const inverting = calc({
  id: 'opamp-inverting',
  tags: ['集成运放', '反相比例'],
  sample: (r) => {
    for (;;) {
      const p = { Ui: r.pick([0.1, 0.2, 0.3, 0.5, 1]), R1: r.pick([5, 10, 20, 50]), Rf: r.pick([20, 30, 50, 100, 150, 200]) };
      if (p.Rf > p.R1 && (p.Rf / p.R1) * p.Ui <= 10) return p;
    }
  },
  build: ({ Ui, R1, Rf }) => {
    const Uo = -(Rf / R1) * Ui;
    return {
      question: `反相比例运算电路中 R<sub>1</sub> = ${R1} kΩ，R<sub>f</sub> = ${Rf} kΩ，输入电压 u<sub>i</sub> = ${Ui} V，输出电压为（　）`,
      statement: (x) => `R<sub>1</sub> = ${R1} kΩ、R<sub>f</sub> = ${Rf} kΩ 的反相比例运算电路输入 ${Ui} V 时，输出电压为 ${x}。`,
      answer: Uo,
      wrong: [-(1 + Rf / R1) * Ui, -(R1 / Rf) * Ui, -(Rf / (R1 + Rf)) * Ui],
      show: signed('V'),
      explanation: `u<sub>o</sub> = −(R<sub>f</sub>/R<sub>1</sub>)u<sub>i</sub> = −(${Rf}/${R1}) × ${Ui} = ${signed('V')(Uo)}。`,
      difficulty: 3,
    };
  },
});

const nonInverting = calc({
  id: 'opamp-non-inverting',
  tags: ['集成运放', '同相比例'],
  sample: (r) => {
    for (;;) {
      const p = { Ui: r.pick([0.1, 0.2, 0.3, 0.5, 1]), R1: r.pick([5, 10, 20, 50]), Rf: r.pick([20, 30, 50, 100, 150, 200]) };
      if (p.Rf > p.R1 && (1 + p.Rf / p.R1) * p.Ui <= 10) return p;
    }
  },
  build: ({ Ui, R1, Rf }) => {
    const Uo = (1 + Rf / R1) * Ui;
    return {
      question: `同相比例运算电路中 R<sub>1</sub> = ${R1} kΩ，R<sub>f</sub> = ${Rf} kΩ，输入电压 u<sub>i</sub> = ${Ui} V，输出电压为（　）`,
      statement: (x) => `R<sub>1</sub> = ${R1} kΩ、R<sub>f</sub> = ${Rf} kΩ 的同相比例运算电路输入 ${Ui} V 时，输出电压为 ${x}。`,
      answer: Uo,
      wrong: [(Rf / R1) * Ui, (1 + R1 / Rf) * Ui, (Rf / R1 - 1) * Ui],
      show: unit('V'),
      explanation: `u<sub>o</sub> = (1 + R<sub>f</sub>/R<sub>1</sub>)u<sub>i</sub> = (1 + ${Rf}/${R1}) × ${Ui} = ${f3(Uo)} V。`,
      difficulty: 3,
    };
  },
});

const adder = calc({
  id: 'opamp-inverting-adder',
  tags: ['集成运放', '加法运算'],
  sample: (r) => ({ U1: r.pick([0.1, 0.2, 0.3, 0.5]), U2: r.pick([0.2, 0.4, 0.6, 1]), R1: r.pick([10, 20]), R2: r.pick([10, 20, 50]), Rf: r.pick([20, 50, 100]) }),
  build: ({ U1, U2, R1, R2, Rf }) => {
    const Uo = -Rf * (U1 / R1 + U2 / R2);
    return {
      question: `反相加法运算电路中 R<sub>1</sub> = ${R1} kΩ、R<sub>2</sub> = ${R2} kΩ、R<sub>f</sub> = ${Rf} kΩ，输入 u<sub>i1</sub> = ${U1} V、u<sub>i2</sub> = ${U2} V，输出电压为（　）`,
      statement: (x) => `R<sub>1</sub> = ${R1} kΩ、R<sub>2</sub> = ${R2} kΩ、R<sub>f</sub> = ${Rf} kΩ 的反相加法电路输入 ${U1} V 和 ${U2} V 时，输出电压为 ${x}。`,
      answer: Uo,
      wrong: [-(U1 + U2), (-Rf * (U1 + U2)) / (R1 + R2), -Rf * (U1 / R2 + U2 / R1)],
      show: signed('V'),
      explanation: `u<sub>o</sub> = −R<sub>f</sub>(u<sub>i1</sub>/R<sub>1</sub> + u<sub>i2</sub>/R<sub>2</sub>) = −${Rf} × (${U1}/${R1} + ${U2}/${R2}) = ${signed('V')(Uo)}。`,
      difficulty: 4,
    };
  },
});

const astable = calc({
  id: '555-astable-frequency',
  tags: ['555 定时器', '多谐振荡器'],
  sample: (r) => ({ R1: r.pick([1, 2, 4.7, 10]), R2: r.pick([10, 20, 47, 100]), C: r.pick([0.01, 0.1, 1, 10]) }),
  build: ({ R1, R2, C }) => {
    const f = 1.44 / ((R1 + 2 * R2) * 1e3 * C * 1e-6);
    return {
      question: `555 定时器构成的多谐振荡器中 R<sub>1</sub> = ${R1} kΩ、R<sub>2</sub> = ${R2} kΩ、C = ${C} μF，振荡频率约为（　）`,
      statement: (x) => `R<sub>1</sub> = ${R1} kΩ、R<sub>2</sub> = ${R2} kΩ、C = ${C} μF 的 555 多谐振荡器，振荡频率约为 ${x}。`,
      answer: f,
      wrong: [1.44 / ((R1 + R2) * 1e3 * C * 1e-6), 1.44 / ((2 * R1 + R2) * 1e3 * C * 1e-6), 0.7 * (R1 + 2 * R2) * 1e3 * C * 1e-6 * 1000],
      show: unit('Hz'),
      explanation: `T = 0.7(R<sub>1</sub> + 2R<sub>2</sub>)C，f = 1/T ≈ 1.44/[(R<sub>1</sub> + 2R<sub>2</sub>)C] = 1.44/(${f3(R1 + 2 * R2)} kΩ × ${C} μF) ≈ ${f3(f)} Hz。`,
      difficulty: 4,
    };
  },
});

const monostable = calc({
  id: '555-monostable-width',
  tags: ['555 定时器', '单稳态'],
  sample: (r) => ({ R: r.pick([10, 20, 33, 47, 100, 200]), C: r.pick([1, 4.7, 10, 22, 47, 100]) }),
  build: ({ R, C }) => {
    const t = 1.1 * R * C;
    return {
      question: `555 定时器构成的单稳态触发器中 R = ${R} kΩ、C = ${C} μF，输出脉冲宽度约为（　）`,
      statement: (x) => `R = ${R} kΩ、C = ${C} μF 的 555 单稳态触发器，输出脉冲宽度约为 ${x}。`,
      answer: t,
      wrong: [0.7 * R * C, (1.1 * R * C) / 1000, 1.1 * R * C * 1000],
      show: (x) => (x >= 1000 ? `${fmt(x / 1000)} s` : `${fmt(x)} ms`),
      explanation: `t<sub>W</sub> ≈ 1.1RC = 1.1 × ${R} kΩ × ${C} μF = ${f3(t)} ms（kΩ × μF = ms）。`,
      difficulty: 3,
    };
  },
});

const wien = calc({
  id: 'rc-oscillator-frequency',
  tags: ['RC 振荡器'],
  sample: (r) => ({ R: r.pick([1, 2, 5.1, 10, 16, 20]), C: r.pick([0.01, 0.022, 0.047, 0.1]) }),
  build: ({ R, C }) => {
    const f = 1 / (2 * Math.PI * R * 1e3 * C * 1e-6);
    return {
      question: `RC 桥式（文氏桥）正弦波振荡电路中 R = ${R} kΩ、C = ${C} μF，振荡频率约为（　）`,
      statement: (x) => `R = ${R} kΩ、C = ${C} μF 的 RC 桥式正弦波振荡器，振荡频率约为 ${x}。`,
      answer: f,
      wrong: [f * 2 * Math.PI, f / (2 * Math.PI), f * 2],
      show: unit('Hz'),
      explanation: `f<sub>0</sub> = 1/(2πRC) = 1/(2π × ${R} × 10³ × ${C} × 10⁻⁶) ≈ ${f3(f)} Hz。`,
      difficulty: 3,
    };
  },
});

const buck = calc({
  id: 'buck-output',
  tags: ['开关电源', 'Buck'],
  sample: (r) => ({ Ui: r.pick([12, 24, 36, 48]), D: r.pick([0.25, 0.3, 0.4, 0.5, 0.6, 0.75]) }),
  build: ({ Ui, D }) => ({
    question: `理想 Buck（降压）变换电路输入电压 ${Ui} V，开关管占空比 D = ${D}，电感电流连续时输出电压约为（　）`,
    statement: (x) => `输入 ${Ui} V、占空比 ${D} 的理想 Buck 电路（电感电流连续），输出电压约为 ${x}。`,
    answer: D * Ui,
    wrong: [Ui / (1 - D), (1 - D) * Ui, Ui / D],
    show: unit('V'),
    explanation: `Buck 电路 U<sub>o</sub> = DU<sub>i</sub> = ${D} × ${Ui} = ${f3(D * Ui)} V。`,
    difficulty: 3,
  }),
});

const boost = calc({
  id: 'boost-output',
  tags: ['开关电源', 'Boost'],
  sample: (r) => ({ Ui: r.pick([5, 12, 24]), D: r.pick([0.2, 0.25, 0.4, 0.5, 0.6]) }),
  build: ({ Ui, D }) => ({
    question: `理想 Boost（升压）变换电路输入电压 ${Ui} V，占空比 D = ${D}，电感电流连续时输出电压约为（　）`,
    statement: (x) => `输入 ${Ui} V、占空比 ${D} 的理想 Boost 电路（电感电流连续），输出电压约为 ${x}。`,
    answer: Ui / (1 - D),
    wrong: [D * Ui, Ui / D, Ui * (1 + D)],
    show: unit('V'),
    explanation: `Boost 电路 U<sub>o</sub> = U<sub>i</sub>/(1 − D) = ${Ui}/(1 − ${D}) ≈ ${f3(Ui / (1 - D))} V。`,
    difficulty: 4,
  }),
});

const smpsInput = calc({
  id: 'smps-input-current',
  tags: ['开关电源', '效率'],
  sample: (r) => ({ Po: r.pick([12, 24, 36, 50, 60, 100, 120]), eff: r.pick([0.8, 0.85, 0.9]), Ui: r.pick([12, 24, 48]) }),
  build: ({ Po, eff, Ui }) => ({
    question: `某 DC/DC 开关电源输出功率 ${Po} W，效率 ${eff * 100}%，输入电压 ${Ui} V，输入电流约为（　）`,
    statement: (x) => `输出 ${Po} W、效率 ${eff * 100}%、输入电压 ${Ui} V 的开关电源，输入电流约为 ${x}。`,
    answer: Po / (eff * Ui),
    wrong: [Po / Ui, (Po * eff) / Ui],
    show: unit('A'),
    explanation: `输入功率 P<sub>i</sub> = P<sub>o</sub>/η = ${f3(Po / eff)} W，I<sub>i</sub> = P<sub>i</sub>/U<sub>i</sub> ≈ ${f3(Po / (eff * Ui))} A。`,
    difficulty: 3,
  }),
});

export const ELEC2_B_CONTENT: ContentMap = {
  GB001: {
    calcs: [inverting, nonInverting, adder],
    plan: { single: 3, judge: 3 },
    facts: [
      {
        q: '理想集成运放工作在线性区时，两个输入端电位近似相等，称为（　）',
        a: '虚短',
        d: ['虚断', '虚地', '短路'],
        t: '理想运放两个输入端的输入电流近似为零，称为“虚断”。',
        diff: 2,
      },
      {
        q: '反相比例运算电路中，反相输入端的电位近似为零，称为（　）',
        a: '虚地',
        d: ['虚断', '接地', '虚短路故障'],
        t: '反相比例运算电路的同相端接地，根据虚短，反相端电位近似为零，称为虚地。',
        diff: 3,
      },
      {
        q: '集成运放工作在线性区的条件是（　）',
        a: '引入深度负反馈',
        d: ['开环工作', '引入正反馈', '输入信号足够大'],
        t: '电压比较器中的集成运放一般工作在非线性区（开环或引入正反馈）。',
        diff: 3,
      },
      {
        q: '电压跟随器的电压放大倍数约为（　）',
        a: '1',
        d: ['0', '−1', '∞'],
        f: '电压跟随器的输入电阻很低、输出电阻很高。',
        why: '电压跟随器是同相比例电路的特例，放大倍数为 1，输入电阻很高、输出电阻很低，常用作缓冲隔离。',
        diff: 2,
      },
      {
        q: '集成运放的输入级一般采用（　）',
        a: '差分放大电路',
        d: ['共集电极电路', '功率放大电路', '单管共射电路'],
        t: '差分放大电路能有效抑制零点漂移。',
        diff: 3,
      },
      {
        q: '集成运放的共模抑制比越大，说明（　）',
        a: '抑制共模干扰（零漂）的能力越强',
        d: ['差模放大倍数越小', '输入电阻越小', '输出功率越大'],
        f: '集成运放的共模抑制比越小，抗干扰能力越强。',
        diff: 3,
      },
    ],
    multis: [
      {
        q: '理想集成运放的特点有（　）',
        right: ['开环差模电压放大倍数趋于无穷大', '输入电阻趋于无穷大', '输出电阻趋于零', '共模抑制比趋于无穷大'],
        wrong: ['输入电阻趋于零', '输出电阻趋于无穷大'],
        diff: 4,
      },
      {
        q: '集成运放线性应用电路有（　）',
        right: ['比例运算电路', '加法运算电路', '积分运算电路'],
        wrong: ['单限电压比较器', '滞回比较器'],
        diff: 4,
      },
      {
        q: '分析运放线性应用电路时常用的概念有（　）',
        right: ['虚短', '虚断', '虚地（反相输入时）'],
        wrong: ['虚开', '虚放'],
        diff: 4,
      },
      {
        q: '关于同相比例运算电路，下列说法正确的是（　）',
        right: ['输出与输入同相', '放大倍数为 1 + R<sub>f</sub>/R<sub>1</sub>', '输入电阻很高'],
        wrong: ['存在虚地', '放大倍数为 −R<sub>f</sub>/R<sub>1</sub>'],
        diff: 4,
      },
    ],
  },

  GB002: {
    calcs: [astable, monostable, wien],
    plan: { single: 3, judge: 3 },
    facts: [
      {
        q: '正弦波振荡器要维持等幅振荡，必须满足（　）',
        a: '相位平衡和幅度平衡条件',
        d: ['只需引入负反馈', '输入信号足够大', '放大倍数越小越好'],
        t: '正弦波振荡电路必须引入正反馈。',
        diff: 3,
      },
      {
        q: 'RC 桥式（文氏桥）正弦波振荡电路中，同相放大器的电压放大倍数应略大于（　）',
        a: '3',
        d: ['1', '10', '1/3'],
        t: 'RC 串并联选频网络在谐振频率处的反馈系数为 1/3。',
        diff: 4,
      },
      {
        q: '石英晶体振荡器的突出优点是（　）',
        a: '频率稳定度高',
        d: ['输出功率大', '频率可大范围调节', '成本最低'],
        t: '石英晶体振荡器的频率稳定度很高，常用作时钟信号源。',
        diff: 2,
      },
      {
        q: '555 定时器的 4 脚（复位端）接低电平时，输出端（　）',
        a: '为低电平',
        d: ['为高电平', '保持原状态', '呈高阻态'],
        f: '555 定时器的复位端接低电平时，输出端变为高电平。',
        why: '4 脚为低电平有效的直接复位端，接低电平时输出立即为低电平，不用时应接电源正极。',
        diff: 3,
      },
      {
        q: '555 定时器控制端（5 脚）悬空时，内部两个比较器的参考电压分别为（　）',
        a: '2/3V<sub>CC</sub> 和 1/3V<sub>CC</sub>',
        d: ['1/2V<sub>CC</sub> 和 1/4V<sub>CC</sub>', 'V<sub>CC</sub> 和 0', '3/4V<sub>CC</sub> 和 1/4V<sub>CC</sub>'],
        t: '555 定时器的 5 脚不用时，一般通过 0.01 μF 电容接地，以防干扰。',
        diff: 3,
      },
      {
        q: '用 555 定时器构成的多谐振荡器，输出波形是（　）',
        a: '矩形波',
        d: ['正弦波', '三角波', '锯齿波'],
        t: '555 定时器可以构成单稳态触发器、多谐振荡器和施密特触发器。',
        diff: 2,
      },
    ],
    multis: [
      {
        q: '555 定时器的典型应用电路有（　）',
        right: ['单稳态触发器', '多谐振荡器', '施密特触发器'],
        wrong: ['整流滤波电路', '三相逆变电路'],
        diff: 3,
      },
      {
        q: '正弦波振荡电路的组成部分有（　）',
        right: ['放大电路', '正反馈网络', '选频网络', '稳幅环节'],
        wrong: ['整流电路', '负反馈选频网络'],
        diff: 4,
      },
      {
        q: '关于 555 定时器的引脚功能，下列说法正确的是（　）',
        right: ['8 脚接电源', '1 脚接地', '3 脚为输出端', '4 脚为低电平有效的复位端'],
        wrong: ['4 脚为高电平有效的复位端', '3 脚为触发端'],
        diff: 4,
      },
      {
        q: '常用的正弦波振荡电路有（　）',
        right: ['RC 桥式振荡电路', 'LC 振荡电路', '石英晶体振荡电路'],
        wrong: ['555 单稳态电路', '施密特触发器'],
        diff: 4,
      },
    ],
  },

  GB003: {
    calcs: [buck, boost, smpsInput],
    plan: { single: 3, judge: 3 },
    facts: [
      {
        q: '与线性稳压电源相比，开关稳压电源的主要优点是（　）',
        a: '效率高、体积小、重量轻',
        d: ['输出纹波和干扰更小', '电路更简单', '不需要滤波'],
        t: '开关稳压电源效率高，但输出纹波和电磁干扰一般比线性稳压电源大。',
        diff: 2,
      },
      {
        q: '开关稳压电源中调整管的工作状态是（　）',
        a: '开关（饱和与截止交替）',
        d: ['线性放大', '始终截止', '反向击穿'],
        f: '开关稳压电源的调整管工作在线性放大状态。',
        why: '开关电源调整管工作在饱和与截止两种状态，管耗小、效率高；线性稳压电源调整管工作在放大状态。',
        diff: 2,
      },
      {
        q: 'PWM 型开关电源稳定输出电压的方法是改变（　）',
        a: '脉冲的占空比',
        d: ['负载电阻', '电网频率', '输出电容的容量'],
        t: 'PWM 控制在开关频率不变的情况下，通过调节导通时间（占空比）来稳定输出电压。',
        diff: 3,
      },
      {
        q: '输出电压总是低于输入电压的基本 DC/DC 变换电路是（　）',
        a: 'Buck（降压）电路',
        d: ['Boost（升压）电路', '倍压整流电路', '逆变电路'],
        t: 'Boost 电路的输出电压总是高于输入电压。',
        diff: 3,
      },
      {
        q: '开关电源中的续流二极管应选用（　）',
        a: '快恢复二极管或肖特基二极管',
        d: ['普通工频整流二极管', '稳压二极管', '发光二极管'],
        f: '开关电源中的续流二极管可以用普通工频整流二极管代替。',
        why: '开关频率高，普通整流二极管反向恢复时间长，损耗大且易损坏，应选快恢复或肖特基二极管。',
        diff: 3,
      },
      {
        q: '开关电源高频变压器的磁芯一般采用（　）',
        a: '铁氧体',
        d: ['硅钢片', '铸铁', '铜'],
        t: '开关电源的输入端通常设置 EMI 滤波器，以抑制电源与电网之间的相互干扰。',
        diff: 3,
      },
      {
        q: '检修离线式开关电源前，应先（　）',
        a: '对主滤波电容充分放电',
        d: ['给主滤波电容充电', '短接保险丝', '拆除散热片'],
        t: '离线式开关电源主滤波电容上的直流电压可达 300 V 左右，检修前必须放电。',
        diff: 2,
      },
    ],
    multis: [
      {
        q: '开关稳压电源的特点有（　）',
        right: ['效率高', '体积小、重量轻', '稳压范围宽'],
        wrong: ['调整管工作在放大区', '输出纹波一定比线性电源小'],
        diff: 4,
      },
      {
        q: '基本的非隔离 DC/DC 变换电路有（　）',
        right: ['Buck 电路', 'Boost 电路', 'Buck-Boost 电路'],
        wrong: ['单相桥式整流电路', '555 单稳态电路'],
        diff: 4,
      },
      {
        q: '开关电源常见的保护功能有（　）',
        right: ['过电流保护', '过电压保护', '过热保护'],
        wrong: ['相序保护', '零位保护'],
        diff: 4,
      },
      {
        q: '关于开关电源元件选择，下列说法正确的是（　）',
        right: ['续流二极管选用快恢复或肖特基二极管', '高频变压器采用铁氧体磁芯', '滤波电容选用低 ESR 电容'],
        wrong: ['高频变压器采用硅钢片铁心', '续流二极管选用普通整流管'],
        diff: 4,
      },
    ],
  },
};
