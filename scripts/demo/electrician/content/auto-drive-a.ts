import { calc, fmt, unit, type ContentMap } from '../kit';
import { f3 } from './util';

/** HA001 直流电动机及其调速, HA002 直流调速系统 (levels 3–1). */

const backEmf = calc({
  id: 'dc-motor-back-emf',
  tags: ['直流电动机', '反电动势'],
  sample: (r) => ({ U: r.pick([110, 220, 440]), Ia: r.pick([10, 20, 40, 50, 80]), Ra: r.pick([0.2, 0.4, 0.5, 0.8, 1]) }),
  build: ({ U, Ia, Ra }) => {
    const E = U - Ia * Ra;
    return {
      question: `他励直流电动机电枢电压 ${U} V，电枢电流 ${Ia} A，电枢回路电阻 ${Ra} Ω，电枢反电动势为（　）`,
      statement: (x) => `电枢电压 ${U} V、电枢电流 ${Ia} A、电枢回路电阻 ${Ra} Ω 的他励直流电动机，反电动势为 ${x}。`,
      answer: E,
      wrong: [U + Ia * Ra, Ia * Ra, U / Ra],
      show: unit('V'),
      explanation: `电动机电压平衡方程 U = E<sub>a</sub> + I<sub>a</sub>R<sub>a</sub>，E<sub>a</sub> = ${U} − ${Ia} × ${Ra} = ${f3(E)} V。`,
      difficulty: 3,
    };
  },
});

const startResistor = calc({
  id: 'dc-motor-start-resistor',
  tags: ['直流电动机', '起动电阻'],
  sample: (r) => ({ U: r.pick([110, 220, 440]), IN: r.pick([20, 25, 40, 50, 80, 100]), Ra: r.pick([0.1, 0.2, 0.3, 0.5]), k: r.pick([1.5, 2, 2.5]) }),
  build: ({ U, IN, Ra, k }) => {
    const R = U / (k * IN) - Ra;
    return {
      question: `他励直流电动机 U<sub>N</sub> = ${U} V，I<sub>N</sub> = ${IN} A，R<sub>a</sub> = ${Ra} Ω，要求起动电流不超过 ${k}I<sub>N</sub>，电枢回路应串入的起动电阻约为（　）`,
      statement: (x) => `U<sub>N</sub> = ${U} V、I<sub>N</sub> = ${IN} A、R<sub>a</sub> = ${Ra} Ω 的他励直流电动机，起动电流限制在 ${k}I<sub>N</sub> 时应串入约 ${x} 的起动电阻。`,
      answer: R,
      wrong: [U / (k * IN), U / IN - Ra, U / (k * IN) + Ra],
      show: unit('Ω'),
      explanation: `I<sub>st</sub> = U/(R<sub>a</sub> + R<sub>st</sub>) ≤ ${k}I<sub>N</sub>，R<sub>st</sub> = ${U}/(${k} × ${IN}) − ${Ra} ≈ ${f3(R)} Ω；不串电阻时直接起动电流 U/R<sub>a</sub> = ${f3(U / Ra)} A，是额定电流的 ${f3(U / Ra / IN)} 倍。`,
      difficulty: 4,
    };
  },
});

const speedWithVoltage = calc({
  id: 'dc-motor-speed-voltage',
  tags: ['直流电动机', '调压调速'],
  sample: (r) => ({ U1: 220, n1: r.pick([1000, 1200, 1500]), IaRa: r.pick([10, 15, 20]), U2: r.pick([110, 150, 160, 180]) }),
  build: ({ U1, n1, IaRa, U2 }) => {
    const n2 = (n1 * (U2 - IaRa)) / (U1 - IaRa);
    return {
      question: `他励直流电动机在额定电压 ${U1} V 下以 ${n1} r/min 运行，电枢电阻压降 I<sub>a</sub>R<sub>a</sub> = ${IaRa} V。负载转矩和励磁不变，电枢电压降为 ${U2} V，稳定后转速约为（　）`,
      statement: (x) => `他励直流电动机在 ${U1} V 下以 ${n1} r/min 运行（I<sub>a</sub>R<sub>a</sub> = ${IaRa} V），负载转矩和励磁不变时电枢电压降为 ${U2} V，转速约为 ${x}。`,
      answer: n2,
      wrong: [(n1 * U2) / U1, (n1 * (U1 - IaRa)) / (U2 - IaRa), (n1 * U2 * U2) / (U1 * U1)],
      show: unit('r/min'),
      explanation: `转矩不变时 I<sub>a</sub> 不变，n ∝ E<sub>a</sub> = U − I<sub>a</sub>R<sub>a</sub>：n<sub>2</sub> = ${n1} × (${U2} − ${IaRa})/(${U1} − ${IaRa}) ≈ ${f3(n2)} r/min。`,
      difficulty: 4,
    };
  },
});

const speedRange = calc({
  id: 'speed-range',
  tags: ['调速范围'],
  sample: (r) => ({ nmax: r.pick([1000, 1450, 1500, 3000]), D: r.pick([5, 10, 20, 30, 50, 100]) }),
  build: ({ nmax, D }) => {
    const nmin = nmax / D;
    return {
      question: `某调速系统额定负载下的最高转速为 ${nmax} r/min，最低转速为 ${fmt(nmin)} r/min，其调速范围 D 为（　）`,
      statement: (x) => `额定负载下最高转速 ${nmax} r/min、最低转速 ${fmt(nmin)} r/min 的调速系统，调速范围为 ${x}。`,
      answer: D,
      wrong: [1 / D, (nmax - nmin) / nmin, nmax - nmin],
      show: unit(''),
      explanation: `D = n<sub>max</sub>/n<sub>min</sub> = ${nmax}/${fmt(nmin)} = ${D}。`,
      difficulty: 2,
    };
  },
});

const staticRatio = calc({
  id: 'static-ratio',
  tags: ['静差率'],
  sample: (r) => ({ n0: r.pick([150, 300, 500, 1000, 1500]), dn: r.pick([5, 10, 15, 20, 30, 50]) }),
  build: ({ n0, dn }) => {
    const s = (dn / n0) * 100;
    return {
      question: `某调速系统在某一转速下的理想空载转速为 ${n0} r/min，额定负载时转速降落为 ${dn} r/min，该转速下的静差率为（　）`,
      statement: (x) => `理想空载转速 ${n0} r/min、额定负载转速降 ${dn} r/min 时，静差率为 ${x}。`,
      answer: s,
      wrong: [(dn / (n0 - dn)) * 100, (dn / n0) * 1000, ((n0 - dn) / n0) * 100],
      show: (x) => `${fmt(x)}%`,
      explanation: `s = Δn<sub>N</sub>/n<sub>0</sub> × 100% = ${dn}/${n0} × 100% ≈ ${fmt(s)}%；同样的转速降在低速时静差率更大。`,
      difficulty: 3,
    };
  },
});

const closedLoopDrop = calc({
  id: 'closed-loop-speed-drop',
  tags: ['转速负反馈', '闭环'],
  sample: (r) => ({ dnOp: r.pick([100, 150, 200, 240, 300]), K: r.pick([4, 9, 14, 19, 24, 29]) }),
  build: ({ dnOp, K }) => {
    const dn = dnOp / (1 + K);
    return {
      question: `开环时额定负载转速降为 ${dnOp} r/min 的直流调速系统，采用比例调节器构成转速负反馈单闭环，开环放大系数 K = ${K}，闭环后额定负载转速降为（　）`,
      statement: (x) => `开环转速降 ${dnOp} r/min 的系统构成转速负反馈单闭环（比例调节器，K = ${K}）后，额定负载转速降为 ${x}。`,
      answer: dn,
      wrong: [dnOp / K, dnOp * (1 + K), dnOp - K],
      show: unit('r/min'),
      explanation: `Δn<sub>cl</sub> = Δn<sub>op</sub>/(1 + K) = ${dnOp}/${1 + K} ≈ ${f3(dn)} r/min，闭环使转速降减小为开环的 1/(1 + K)。`,
      difficulty: 4,
    };
  },
});

export const DRIVE_A_CONTENT: ContentMap = {
  HA001: {
    calcs: [backEmf, startResistor, speedWithVoltage],
    plan: { single: 3, judge: 3 },
    facts: [
      {
        q: '他励直流电动机的调速方法中，能实现恒转矩无级调速的是（　）',
        a: '降低电枢电压调速',
        d: ['减弱励磁磁通调速', '电枢回路串电阻调速', '改变电源频率调速'],
        t: '他励直流电动机减弱磁通调速属于恒功率调速，只能在额定转速以上调节。',
        diff: 4,
      },
      {
        q: '减弱他励直流电动机的励磁磁通，电动机转速将（　）',
        a: '升高',
        d: ['降低', '不变', '降为零'],
        t: '在一定范围内减弱他励直流电动机的磁通，转速升高。',
        diff: 3,
      },
      {
        q: '他励直流电动机运行中励磁回路断线，可能发生（　）',
        a: '转速急剧升高（飞车）',
        d: ['转速立即降为零', '电枢电流减小为零', '电动机自动反转'],
        f: '直流电动机运行中励磁回路突然断开，电动机会立即停转，没有危险。',
        why: '磁通骤降使反电动势减小、电枢电流剧增，轻载时转速急剧升高造成飞车，所以励磁回路不允许装熔断器和开关，应设失磁保护。',
        diff: 3,
      },
      {
        q: '要使他励直流电动机反转，应（　）',
        a: '改变电枢电压极性或励磁电流方向中的一个',
        d: ['同时改变电枢电压极性和励磁电流方向', '减小电枢电压', '增大励磁电流'],
        t: '同时改变电枢电压和励磁电流的方向，直流电动机的转向不变。',
        diff: 3,
      },
      {
        q: '直流电动机一般不允许直接起动，原因是（　）',
        a: '起动瞬间反电动势为零，起动电流很大',
        d: ['起动转矩太小', '转速太高', '励磁电流太大'],
        t: '直流电动机常用电枢回路串电阻或降低电枢电压的方法起动。',
        diff: 2,
      },
      {
        q: '直流电动机换向器的作用是（　）',
        a: '将外部直流电流转换为电枢绕组中的交变电流，保证电磁转矩方向不变',
        d: ['改变主磁场方向', '调节励磁电流', '作过载保护'],
        t: '直流电动机运行中，电刷与换向器间应无明显的换向火花。',
        diff: 3,
      },
      {
        q: '串励直流电动机不允许（　）',
        a: '空载或轻载运行',
        d: ['带负载运行', '降压起动', '正反转运行'],
        f: '串励直流电动机可以像并励电动机一样空载起动和运行。',
        why: '串励电动机轻载时电流和磁通都很小，转速会升到危险值，所以不允许空载或轻载运行，也不能用皮带传动。',
        diff: 3,
      },
    ],
    multis: [
      {
        q: '他励直流电动机的调速方法有（　）',
        right: ['降低电枢电压', '电枢回路串电阻', '减弱励磁磁通'],
        wrong: ['改变磁极对数', '改变电源频率'],
        diff: 4,
      },
      {
        q: '直流电动机的起动方法有（　）',
        right: ['电枢回路串电阻起动', '降低电枢电压起动'],
        wrong: ['直接全压起动（大容量电机）', '星-三角起动', '自耦变压器起动'],
        diff: 4,
      },
      {
        q: '关于他励直流电动机，下列说法正确的是（　）',
        right: ['励磁回路不允许开路', '降压调速属于恒转矩调速', '弱磁调速属于恒功率调速'],
        wrong: ['弱磁后转速降低', '同时改变电枢和励磁极性可以反转'],
        diff: 4,
      },
      {
        q: '直流电动机换向火花过大的可能原因有（　）',
        right: ['电刷与换向器接触不良', '换向器表面不光洁', '电刷压力不当', '电动机过载'],
        wrong: ['电源电压略低', '环境温度较低'],
        diff: 4,
      },
    ],
  },

  HA002: {
    calcs: [speedRange, staticRatio, closedLoopDrop],
    plan: { single: 3, judge: 3 },
    facts: [
      {
        q: '采用比例调节器的转速负反馈单闭环直流调速系统属于（　）',
        a: '有静差系统',
        d: ['无静差系统', '开环系统', '随动系统'],
        t: '采用 PI 调节器的转速负反馈调速系统可以实现稳态无静差。',
        diff: 3,
      },
      {
        q: '转速、电流双闭环直流调速系统中，（　）',
        a: '转速环为外环，电流环为内环',
        d: ['电流环为外环，转速环为内环', '两个环并列', '只有电流环'],
        t: '双闭环调速系统中，转速调节器的输出作为电流调节器的给定。',
        diff: 3,
      },
      {
        q: '电流截止负反馈的作用是（　）',
        a: '限制起动和堵转时的电枢电流',
        d: ['提高稳态调速精度', '弱磁升速', '抑制零点漂移'],
        t: '电流截止负反馈只在电流超过截止值时起作用，正常运行时不起作用。',
        diff: 3,
      },
      {
        q: '转速负反馈直流调速系统中，转速检测常用（　）',
        a: '测速发电机或光电编码器',
        d: ['电压互感器', '热电偶', '电流互感器'],
        t: '测速发电机的输出电压与转速成正比，可作为转速反馈信号。',
        diff: 2,
      },
      {
        q: '转速负反馈调速系统中，若反馈信号极性接反，将出现（　）',
        a: '转速迅速升高、失去控制',
        d: ['转速降为零', '调速精度提高', '对系统没有影响'],
        f: '转速负反馈系统的反馈极性接反后，系统仍能稳定运行，只是精度稍差。',
        why: '反馈极性接反变成正反馈，转速越高偏差越大，转速急剧升高失控，调试时必须先确认反馈极性。',
        diff: 4,
      },
      {
        q: '直流 PWM 调速系统调节电枢平均电压的方法是改变（　）',
        a: '开关器件的占空比',
        d: ['电源频率', '励磁电流', '电枢回路电阻'],
        t: '直流 PWM 调速系统用 H 桥等电路可实现电动机的可逆运行。',
        diff: 3,
      },
      {
        q: '与开环系统相比，闭环调速系统的静特性（　）',
        a: '硬得多，转速降小',
        d: ['更软，转速降大', '完全相同', '只在空载时不同'],
        t: '闭环调速系统可以在保证静差率的条件下扩大调速范围。',
        diff: 3,
      },
    ],
    multis: [
      {
        q: '转速、电流双闭环直流调速系统的优点有（　）',
        right: ['起动快且起动电流受到限制', '抗负载扰动能力强', '稳态无静差（采用 PI 调节器时）'],
        wrong: ['不需要测速装置', '结构最简单'],
        diff: 4,
      },
      {
        q: '衡量调速系统稳态性能的指标有（　）',
        right: ['调速范围 D', '静差率 s'],
        wrong: ['超调量', '上升时间', '功率因数'],
        diff: 4,
      },
      {
        q: '直流调速系统中的保护环节有（　）',
        right: ['过电流保护', '失磁保护', '电流截止负反馈'],
        wrong: ['相序保护', '零位保护'],
        diff: 4,
      },
      {
        q: '关于静差率，下列说法正确的是（　）',
        right: ['静差率 s = Δn<sub>N</sub>/n<sub>0</sub>', '同样的转速降，低速时静差率更大', '静差率越小，转速稳定性越好'],
        wrong: ['静差率与理想空载转速无关', '静差率越大越好'],
        diff: 4,
      },
    ],
  },
};
