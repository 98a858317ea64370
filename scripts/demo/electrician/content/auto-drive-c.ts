import { calc, fmt, unit, type ContentMap } from '../kit';
import { f3 } from './util';

/** HC001 交流伺服系统, HC002 步进电动机及其驱动 (levels 3–1). */

const servoPulses = calc({
  id: 'servo-pulses-distance',
  tags: ['伺服', '脉冲数'],
  sample: (r) => {
    const L = r.pick([4, 5, 6, 8, 10, 20]);
    return { P: r.pick([1000, 2000, 5000, 10000]), L, S: L * r.pick([3, 4, 5, 8, 10, 12, 15, 20]) };
  },
  build: ({ P, L, S }) => ({
    question: `伺服电动机每转需要 ${P} 个指令脉冲，通过导程 ${L} mm 的丝杠直接带动工作台，工作台移动 ${S} mm 需要发出的脉冲数为（　）`,
    statement: (x) => `伺服电动机每转 ${P} 个指令脉冲、丝杠导程 ${L} mm，工作台移动 ${S} mm 需要 ${x} 个脉冲。`,
    answer: (S / L) * P,
    wrong: [S * P, (L / S) * P, S * L * 10],
    show: (x) => String(Math.round(x)),
    explanation: `电动机需转 ${S}/${L} = ${fmt(S / L)} 转，脉冲数 = ${fmt(S / L)} × ${P} = ${fmt((S / L) * P, 6)}。`,
    difficulty: 3,
  }),
});

const servoFrequency = calc({
  id: 'servo-pulse-frequency',
  tags: ['伺服', '脉冲频率'],
  sample: (r) => ({ P: r.pick([1000, 2000, 2500, 5000, 10000]), n: r.pick([300, 500, 600, 1000, 1200, 1500, 2000, 3000]) }),
  build: ({ P, n }) => {
    const f = (n * P) / 60 / 1000;
    return {
      question: `伺服电动机每转需要 ${P} 个指令脉冲，要使电动机以 ${n} r/min 运行，上位机发出的脉冲频率应为（　）`,
      statement: (x) => `每转 ${P} 个指令脉冲的伺服系统，以 ${n} r/min 运行时指令脉冲频率应为 ${x}。`,
      answer: f,
      wrong: [(n * P) / 1000, (n * P * 60) / 1000 / 1000, (n / P / 60) * 1000],
      show: unit('kHz'),
      explanation: `f = nP/60 = ${n} × ${P}/60 ≈ ${f3(f * 1000)} Hz = ${f3(f)} kHz。`,
      difficulty: 3,
    };
  },
});

const pulseEquivalent = calc({
  id: 'servo-pulse-equivalent',
  tags: ['伺服', '脉冲当量'],
  sample: (r) => ({ P: r.pick([1000, 2000, 2500, 5000, 10000]), L: r.pick([4, 5, 6, 10, 20]) }),
  build: ({ P, L }) => {
    const um = (L / P) * 1000;
    return {
      question: `丝杠导程 ${L} mm，伺服电动机每转 ${P} 个指令脉冲，脉冲当量（每个脉冲对应的工作台移动量）为（　）`,
      statement: (x) => `丝杠导程 ${L} mm、伺服电动机每转 ${P} 个脉冲时，脉冲当量为 ${x}。`,
      answer: um,
      wrong: [L / P, P / L, (L / P) * 1e6],
      show: unit('μm'),
      explanation: `脉冲当量 δ = L/P = ${L}/${P} mm = ${f3(um)} μm。`,
      difficulty: 3,
    };
  },
});

const CN: Record<number, string> = { 3: '三', 4: '四', 5: '五', 6: '六', 8: '八', 10: '十' };

const stepAngle = calc({
  id: 'stepper-step-angle',
  tags: ['步进电动机', '步距角'],
  sample: (r) => ({ m: r.pick([3, 4, 5]), Zr: r.pick([24, 40, 48, 50]), C: r.int(1, 2) }),
  build: ({ m, Zr, C }) => {
    const theta = 360 / (m * Zr * C);
    const mode = C === 1 ? `${CN[m]}相单${CN[m]}拍` : `${CN[m]}相${CN[2 * m]}拍`;
    return {
      question: `转子齿数为 ${Zr} 的${CN[m]}相反应式步进电动机，采用${mode}通电方式，步距角为（　）`,
      statement: (x) => `转子齿数 ${Zr} 的${CN[m]}相反应式步进电动机按${mode}方式通电时，步距角为 ${x}。`,
      answer: theta,
      wrong: [360 / Zr, 360 / (Zr * C), C === 1 ? 360 / (2 * m * Zr) : 360 / (m * Zr)],
      show: (x) => `${fmt(x, 4)}°`,
      explanation: `θ = 360°/(mZ<sub>r</sub>C) = 360°/(${m} × ${Zr} × ${C}) = ${fmt(theta, 4)}°（单拍、双拍 C = 1，单双拍 C = 2）。`,
      difficulty: 3,
    };
  },
});

const pulsesPerRev = calc({
  id: 'stepper-pulses-per-rev',
  tags: ['步进电动机', '细分'],
  sample: (r) => ({ theta: r.pick([0.9, 1.8, 1.5, 3.6]), k: r.pick([1, 2, 4, 8, 16, 32]) }),
  build: ({ theta, k }) => {
    const n = (360 * k) / theta;
    return {
      question: `步距角为 ${theta}° 的步进电动机，驱动器设为 ${k} 细分，电动机转一圈需要的脉冲数为（　）`,
      statement: (x) => `步距角 ${theta}° 的步进电动机在 ${k} 细分时，转一圈需要 ${x} 个脉冲。`,
      answer: n,
      wrong: [360 / theta, 360 / theta / k, (360 * k) / theta / 2],
      show: (x) => String(Math.round(x)),
      explanation: `细分后每个脉冲转 ${theta}°/${k}，每圈脉冲数 = 360°/(${theta}°/${k}) = ${fmt(n, 6)}。`,
      difficulty: 3,
    };
  },
});

const stepperSpeed = calc({
  id: 'stepper-speed',
  tags: ['步进电动机', '转速'],
  sample: (r) => ({ f: r.pick([200, 400, 500, 800, 1000, 2000, 4000]), theta: r.pick([0.9, 1.8]), k: r.pick([1, 2, 4]) }),
  build: ({ f, theta, k }) => {
    const n = (60 * f * theta) / (360 * k);
    return {
      question: `步距角为 ${theta}° 的步进电动机，驱动器 ${k} 细分，输入脉冲频率为 ${f} Hz，电动机转速为（　）`,
      statement: (x) => `步距角 ${theta}°、${k} 细分的步进电动机，脉冲频率 ${f} Hz 时转速为 ${x}。`,
      answer: n,
      wrong: [(f * theta) / (360 * k), (60 * f * theta) / 360, (60 * f) / theta],
      show: unit('r/min'),
      explanation: `n = 60fθ/(360°k) = 60 × ${f} × ${theta}/(360 × ${k}) = ${f3(n)} r/min。`,
      difficulty: 3,
    };
  },
});

const stepperDistance = calc({
  id: 'stepper-distance-pulses',
  tags: ['步进电动机', '定位'],
  sample: (r) => {
    const L = r.pick([4, 5, 10]);
    return { theta: r.pick([0.9, 1.8]), k: r.pick([1, 2, 4, 8]), L, S: L * r.pick([2, 3, 5, 8, 10, 15]) };
  },
  build: ({ theta, k, L, S }) => {
    const N = (S / L) * ((360 * k) / theta);
    return {
      question: `步距角 ${theta}°、驱动器 ${k} 细分的步进电动机经导程 ${L} mm 的丝杠直接带动工作台，工作台移动 ${S} mm 需要的脉冲数为（　）`,
      statement: (x) => `步距角 ${theta}°、${k} 细分的步进电动机经导程 ${L} mm 丝杠驱动工作台移动 ${S} mm，需要 ${x} 个脉冲。`,
      answer: N,
      wrong: [(S / L) * (360 / theta), S * ((360 * k) / theta), (L / S) * ((360 * k) / theta)],
      show: (x) => String(Math.round(x)),
      explanation: `每圈脉冲数 360 × ${k}/${theta} = ${fmt((360 * k) / theta, 6)}，需转 ${S}/${L} 圈，脉冲数 = ${fmt(N, 6)}。`,
      difficulty: 4,
    };
  },
});

export const DRIVE_C_CONTENT: ContentMap = {
  HC001: {
    calcs: [servoPulses, servoFrequency, pulseEquivalent],
    plan: { single: 3, judge: 3 },
    facts: [
      {
        q: '交流伺服驱动器的基本控制模式有（　）',
        a: '位置控制、速度控制和转矩控制',
        d: ['只有位置控制', '星形和三角形控制', '点动和连续控制'],
        t: '位置控制模式下，上位机常用“脉冲＋方向”信号控制伺服驱动器。',
        diff: 2,
      },
      {
        q: '交流伺服系统的位置、速度反馈元件一般是（　）',
        a: '安装在电动机轴上的编码器',
        d: ['热电偶', '电压互感器', '行程开关'],
        t: '交流伺服电动机通过编码器反馈构成闭环控制。',
        diff: 2,
      },
      {
        q: '与步进电动机开环系统相比，交流伺服系统的优点是（　）',
        a: '闭环控制不会失步，高速性能和过载能力好',
        d: ['成本更低', '不需要驱动器', '不需要反馈元件'],
        t: '交流伺服系统具有较强的过载能力，高速时转矩特性也较好。',
        diff: 3,
      },
      {
        q: '两相交流伺服电动机在控制信号消失后能立即停转，这种特性称为（　）',
        a: '无自转现象',
        d: ['自锁', '自励', '失步'],
        t: '交流伺服电动机要求控制电压为零时立即停转，即无“自转”现象。',
        diff: 4,
      },
      {
        q: '伺服驱动器的电子齿轮比用来（　）',
        a: '改变每个指令脉冲对应的电动机转动量',
        d: ['改变电动机的额定转矩', '改变电源频率', '改变编码器的线数'],
        f: '伺服驱动器的电子齿轮比是指机械减速箱的齿数比。',
        why: '电子齿轮比是驱动器内部参数，用来设定指令脉冲与电动机转动量之间的比例，与机械齿轮无关。',
        diff: 3,
      },
      {
        q: '伺服驱动器的增益设置过高，会引起（　）',
        a: '电动机振动或啸叫',
        d: ['响应变慢', '转矩明显减小', '电动机无法通电'],
        t: '伺服增益过低会使响应变慢、定位时间变长。',
        diff: 3,
      },
      {
        q: '伺服电动机的动力线 U、V、W 应（　）',
        a: '与驱动器对应端子一一对应连接',
        d: ['任意连接', '对调两相实现反转', '只接两相即可'],
        f: '交流伺服电动机可以像异步电动机一样，对调任意两根动力线来改变转向。',
        why: '伺服电动机动力线相序接错会导致飞车或过流报警，改变转向应通过参数或指令实现。',
        diff: 3,
      },
    ],
    multis: [
      {
        q: '交流伺服系统的组成包括（　）',
        right: ['伺服驱动器', '伺服电动机', '编码器', '上位控制器（如 PLC）'],
        wrong: ['星-三角起动器', '自耦变压器'],
        diff: 3,
      },
      {
        q: '伺服驱动器位置控制模式常用的指令脉冲形式有（　）',
        right: ['脉冲＋方向', '正转脉冲＋反转脉冲（CW/CCW）', 'A/B 相正交脉冲'],
        wrong: ['4～20 mA 电流', '三相交流电压'],
        diff: 4,
      },
      {
        q: '伺服系统调试中，电动机振动、啸叫的可能原因有（　）',
        right: ['增益设置过高', '负载惯量比设置不当', '机械连接松动或刚性差'],
        wrong: ['增益设置偏低', '电源频率为 50 Hz'],
        diff: 4,
      },
      {
        q: '与步进电动机相比，交流伺服电动机的特点有（　）',
        right: ['闭环控制、不会失步', '高速性能好', '过载能力强'],
        wrong: ['一般为开环控制', '成本更低、无需调试'],
        diff: 4,
      },
    ],
  },

  HC002: {
    calcs: [stepAngle, pulsesPerRev, stepperSpeed, stepperDistance],
    plan: { single: 4, judge: 4 },
    facts: [
      {
        q: '步进电动机的转速正比于（　）',
        a: '输入脉冲的频率',
        d: ['输入脉冲的个数', '电源电压', '负载转矩'],
        t: '步进电动机的角位移与输入脉冲个数成正比，转速与脉冲频率成正比。',
        diff: 2,
      },
      {
        q: '要改变步进电动机的转向，应改变（　）',
        a: '各相绕组的通电顺序',
        d: ['脉冲频率', '脉冲个数', '电源电压'],
        t: '改变步进电动机各相绕组的通电顺序即可改变转向。',
        diff: 2,
      },
      {
        q: '步进电动机起动时脉冲频率过高，容易造成（　）',
        a: '失步（丢步）或堵转',
        d: ['转速更快', '步距角增大', '绕组短路'],
        f: '步进电动机起动时可以直接用最高运行频率起动，不会失步。',
        why: '起动频率超过起动频率极限会失步或堵转，应从较低频率起动再逐渐升速。',
        diff: 3,
      },
      {
        q: '步进驱动器采用细分驱动的主要作用是（　）',
        a: '减小步距角，使运行平稳、分辨率提高',
        d: ['提高最高转速', '使转矩成倍增大', '改变转向'],
        t: '细分驱动可以减小步进电动机低速运行时的振动和噪声。',
        diff: 3,
      },
      {
        q: '三相反应式步进电动机按 A→AB→B→BC→C→CA→A 的顺序通电，这种通电方式称为（　）',
        a: '三相六拍',
        d: ['三相单三拍', '三相双三拍', '两相四拍'],
        t: '三相反应式步进电动机按 A→B→C→A 顺序通电称为三相单三拍。',
        diff: 3,
      },
      {
        q: '步进电动机绕组通电但没有脉冲输入时，电动机（　）',
        a: '处于锁定（保持转矩）状态',
        d: ['自由转动', '继续旋转', '反向转动'],
        f: '步进电动机控制系统有位置反馈，丢步时驱动器能自动补偿。',
        why: '步进电动机系统一般为开环控制，没有位置反馈，丢步后无法自动纠正。',
        diff: 3,
      },
      {
        q: '步进驱动器输出电流的设定依据是（　）',
        a: '步进电动机的额定相电流',
        d: ['驱动器电源的最大电流', '越大越好', 'PLC 输出点的额定电流'],
        t: '步进驱动器输出电流设定过大会使电动机过热，过小则转矩不足。',
        diff: 3,
      },
    ],
    multis: [
      {
        q: '关于步进电动机，下列说法正确的是（　）',
        right: ['角位移与脉冲数成正比', '转速与脉冲频率成正比', '改变通电顺序可改变转向', '一般为开环控制'],
        wrong: ['转速与电源电压成正比', '有位置反馈，不会失步'],
        diff: 4,
      },
      {
        q: '步进电动机失步的可能原因有（　）',
        right: ['起动频率过高', '负载转矩过大', '驱动电流设定过小', '加减速过快'],
        wrong: ['细分数设置适当', '电源电压稳定'],
        diff: 4,
      },
      {
        q: 'PLC 控制步进电动机时，需要提供的信号有（　）',
        right: ['脉冲信号', '方向信号'],
        wrong: ['4～20 mA 电流信号', '三相交流电源', '热电偶信号'],
        diff: 4,
      },
      {
        q: '细分驱动的作用有（　）',
        right: ['减小步距角', '提高定位分辨率', '减小低频振动和噪声'],
        wrong: ['成倍增大输出转矩', '提高最高运行频率'],
        diff: 4,
      },
    ],
  },
};
