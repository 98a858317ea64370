import { calc, type ContentMap, type Rand } from '../kit';
import { bcd, reverseBits } from './util';

/** FA001 PLC 的组成与工作原理, FA002 数制与编码, FA003 基本逻辑指令与梯形图 (三菱 FX 系列为例). */

/** An octal I/O address (X0…X37) given as its ordinal index (0-based). */
function octalAddress(r: Rand): number {
  for (;;) {
    const n = r.int(8, 31);
    if (n % 8 !== 0) return n;
  }
}

const octalIo = calc({
  id: 'plc-octal-io',
  tags: ['八进制', 'I/O 编号'],
  sample: (r) => ({ n: octalAddress(r) }),
  build: ({ n }) => {
    const label = `X${n.toString(8)}`;
    const asDecimal = Number(n.toString(8));
    return {
      question: `三菱 FX 系列 PLC 的输入继电器按八进制编号，若 X0 为第 1 个输入点，则 ${label} 的序号为（　）`,
      statement: (x) => `三菱 FX 系列 PLC 输入继电器按八进制编号，若 X0 为第 1 个输入点，则 ${label} 是第 ${x} 个输入点。`,
      answer: n + 1,
      wrong: [asDecimal + 1, asDecimal, n],
      show: (x) => String(Math.round(x)),
      explanation: `FX 系列 X、Y 按八进制编号（X0～X7、X10～X17…），${label} = ${n.toString(8)}<sub>8</sub> = ${n}<sub>10</sub>，从 X0 算起是第 ${n + 1} 个点。`,
      difficulty: 3,
    };
  },
});

const kToH = calc({
  id: 'plc-k-to-h',
  tags: ['十六进制', '常数'],
  sample: (r) => {
    for (;;) {
      const n = r.int(26, 250);
      if (n % 16 >= 10 || Math.floor(n / 16) >= 10) return { n };
    }
  },
  build: ({ n }) => ({
    question: `PLC 程序中的十进制常数 K${n}，用十六进制常数表示为（　）`,
    statement: (x) => `十进制常数 K${n} 用十六进制常数表示为 ${x}。`,
    answer: n,
    wrong: [parseInt(String(n), 16), (n % 16) * 16 + Math.floor(n / 16), n + 16],
    show: (x) => `H${Math.round(x).toString(16).toUpperCase()}`,
    explanation: `${n} ÷ 16 = ${Math.floor(n / 16)} 余 ${n % 16}，所以 K${n} = H${n.toString(16).toUpperCase()}。`,
    difficulty: 3,
  }),
});

const bcdToDec = calc({
  id: 'plc-bcd-to-decimal',
  tags: ['BCD 码'],
  sample: (r) => {
    for (;;) {
      const n = r.int(12, 98);
      if (n % 10 !== 0 && n % 10 !== Math.floor(n / 10)) return { n };
    }
  },
  build: ({ n }) => {
    const code = bcd(n);
    const asBinary = parseInt(code.replace(' ', ''), 2);
    return {
      question: `拨码开关送入 PLC 的 8421BCD 码为 ${code}，它表示的十进制数是（　）`,
      statement: (x) => `8421BCD 码 ${code} 表示的十进制数是 ${x}。`,
      answer: n,
      wrong: [asBinary, (n % 10) * 10 + Math.floor(n / 10), n + 10],
      show: (x) => String(Math.round(x)),
      explanation: `BCD 码每 4 位表示一位十进制数：${code.split(' ').map((q) => `${q} = ${parseInt(q, 2)}`).join('，')}，所以是 ${n}；按二进制整体换算（${asBinary}）是常见错误，读入 PLC 后应使用 BIN 指令转换。`,
      difficulty: 3,
    };
  },
});

const k2y = calc({
  id: 'plc-k2y-value',
  tags: ['位元件组合'],
  sample: (r) => {
    for (;;) {
      const n = r.int(5, 250);
      if (reverseBits(n) !== n && n.toString(2).length >= 5) return { n };
    }
  },
  build: ({ n }) => {
    const bits = n.toString(2).padStart(8, '0');
    return {
      question: `三菱 FX 系列 PLC 中，Y7～Y0 的状态依次为 ${bits}（1 为 ON），则 K2Y0 表示的十进制数为（　）`,
      statement: (x) => `Y7～Y0 的状态依次为 ${bits} 时，K2Y0 表示的十进制数为 ${x}。`,
      answer: n,
      wrong: [parseInt(bits.split('').reverse().join(''), 2), Math.floor(n / 16) * 10 + (n % 16), n * 2],
      show: (x) => String(Math.round(x)),
      explanation: `K2Y0 由 Y0～Y7 组成 8 位数，Y0 为最低位：(${bits})<sub>2</sub> = ${n}。`,
      difficulty: 3,
    };
  },
});

export const PLC_A_CONTENT: ContentMap = {
  FA001: {
    facts: [
      {
        q: 'PLC 的硬件主要组成部分是（　）',
        a: 'CPU、存储器、输入/输出接口和电源',
        d: ['接触器、继电器和按钮', '变压器、电动机和熔断器', '显示器、键盘和打印机'],
        t: 'PLC 的硬件主要由中央处理器、存储器、输入/输出接口、电源和编程器接口等组成。',
        diff: 2,
      },
      {
        q: 'PLC 的工作方式是（　）',
        a: '周期性循环扫描',
        d: ['只在有输入变化时执行一次', '所有程序同时并行执行', '随机执行'],
        t: 'PLC 一个扫描周期主要包括输入采样、程序执行和输出刷新三个阶段。',
        diff: 2,
      },
      {
        q: '在程序执行阶段，输入端子状态发生变化时，输入映像寄存器的内容（　）',
        a: '保持不变，到下一个扫描周期输入采样时才刷新',
        d: ['立即随之改变', '全部清零', '全部置 1'],
        f: '在程序执行阶段，输入端子状态的变化会立即反映到输入映像寄存器中。',
        why: 'PLC 只在输入采样阶段读入输入状态，程序执行阶段使用的是映像寄存器中的数据，所以输出对输入的响应存在滞后。',
        diff: 4,
      },
      {
        q: '需要 PLC 输出高速脉冲控制步进电动机时，应选用的输出类型是（　）',
        a: '晶体管输出型',
        d: ['继电器输出型', '晶闸管输出型', '任意输出类型'],
        t: '继电器输出型 PLC 既可以驱动交流负载，也可以驱动直流负载，但动作频率低。',
        diff: 2,
      },
      {
        q: '晶闸管（双向晶闸管）输出型 PLC 只能驱动的负载是（　）',
        a: '交流负载',
        d: ['直流负载', '交流和直流负载', '高速脉冲负载'],
        f: '晶体管输出型 PLC 可以直接驱动 220 V 交流接触器线圈。',
        why: '晶体管输出只能驱动直流负载，晶闸管输出只能驱动交流负载，继电器输出交直流均可。',
        diff: 3,
      },
      {
        q: 'PLC 中存放用户程序的一般是（　）',
        a: '有后备电池的 RAM 或 EEPROM',
        d: ['系统程序 ROM', 'CPU 内部寄存器', '输入映像寄存器'],
        t: 'PLC 的系统程序由厂家固化，用户程序存放在 RAM（带后备电池）或 EEPROM 中。',
        diff: 3,
      },
      {
        q: 'PLC 内部软继电器的触点在编程时（　）',
        a: '可以无限次使用',
        d: ['只能使用一次', '最多使用 4 次', '只能使用常开触点'],
        t: 'PLC 内部软继电器的常开、常闭触点在编程时可以无限次使用。',
        diff: 2,
      },
      {
        q: 'PLC 最常用的编程语言是（　）',
        a: '梯形图',
        d: ['汇编语言', 'C 语言', 'BASIC 语言'],
        t: '梯形图沿用了继电器控制电路的表达形式，是 PLC 最常用的编程语言。',
        diff: 1,
      },
    ],
    multis: [
      {
        q: 'PLC 的一个扫描周期包括（　）',
        right: ['输入采样', '程序执行', '输出刷新'],
        wrong: ['程序编译', '硬件重启'],
        diff: 3,
      },
      {
        q: 'PLC 的开关量输出类型有（　）',
        right: ['继电器输出', '晶体管输出', '晶闸管输出'],
        wrong: ['电子管输出', '热电偶输出'],
        diff: 3,
      },
      {
        q: '与继电器控制系统相比，PLC 控制系统的优点有（　）',
        right: ['可靠性高、抗干扰能力强', '修改控制功能只需修改程序', '接线简单、体积小', '具有自诊断功能'],
        wrong: ['软继电器触点数量有限', '不需要任何外部电器'],
        diff: 4,
      },
      {
        q: '关于 PLC 的输出类型，下列说法正确的是（　）',
        right: ['继电器输出可驱动交、直流负载', '晶体管输出响应快，只能驱动直流负载', '晶闸管输出只能驱动交流负载'],
        wrong: ['晶体管输出可直接驱动交流接触器', '继电器输出适合输出高频脉冲'],
        diff: 4,
      },
    ],
  },

  FA002: {
    calcs: [octalIo, kToH, bcdToDec, k2y],
    plan: { single: 4, judge: 4 },
    facts: [
      {
        q: '16 位有符号二进制整数能表示的数值范围是（　）',
        a: '−32768～+32767',
        d: ['0～65535', '−65535～+65535', '−9999～+9999'],
        t: '16 位无符号二进制整数的范围是 0～65535。',
        diff: 3,
      },
      {
        q: '三菱 FX 系列 PLC 中，常数 H 表示（　）',
        a: '十六进制数',
        d: ['十进制数', '八进制数', 'BCD 码'],
        t: '三菱 FX 系列 PLC 中，K 表示十进制常数，H 表示十六进制常数。',
        diff: 2,
      },
      {
        q: '三菱 FX 系列 PLC 中，组成 K2M0（8 位数据）的元件是（　）',
        a: 'M0～M7',
        d: ['M0～M1', 'M0～M15', 'M0～M3'],
        f: 'K1Y0 表示由 Y0～Y7 组成的 8 位数据。',
        why: 'Kn 中每个 K 代表 4 位，K1Y0 为 Y0～Y3 共 4 位，K2Y0 为 Y0～Y7 共 8 位。',
        diff: 3,
      },
      {
        q: '绝对式编码器常采用格雷码，是因为格雷码（　）',
        a: '相邻两个代码之间只有一位不同',
        d: ['可以直接进行算术运算', '每一位的权值固定', '码长最短'],
        t: '格雷码相邻两个代码只有一位不同，可以减少编码器读数时的错误。',
        diff: 4,
      },
      {
        q: '字符“A”的 ASCII 码是（　）',
        a: '41H',
        d: ['30H', '61H', '0AH'],
        t: '数字字符“0”的 ASCII 码是 30H。',
        diff: 4,
      },
      {
        q: 'PLC 把内部二进制数送往 BCD 码数码管显示前，应使用的指令是（　）',
        a: 'BCD',
        d: ['BIN', 'MOV 以外不需任何指令', 'CMP'],
        f: 'PLC 中的二进制数可以不经转换直接送到 BCD 码数码管显示。',
        why: 'BCD 指令把二进制数转换为 BCD 码后输出，BIN 指令则把输入的 BCD 码转换为二进制数。',
        diff: 3,
      },
    ],
    multis: [
      {
        q: '三菱 FX 系列 PLC 中，按八进制编号的元件有（　）',
        right: ['输入继电器 X', '输出继电器 Y'],
        wrong: ['辅助继电器 M', '定时器 T', '数据寄存器 D'],
        diff: 4,
      },
      {
        q: '下列关于数制与编码的说法，正确的是（　）',
        right: ['1 个字节为 8 位二进制数', '1 个字为 16 位二进制数', '8421BCD 码中 1010～1111 为无效码'],
        wrong: ['十六进制数中最大的数码是 F，表示 16', '八进制数中可以出现数码 8'],
        diff: 4,
      },
      {
        q: '下列各数中，数值等于十进制数 26 的有（　）',
        right: ['H1A', '(11010)<sub>2</sub>', '(32)<sub>8</sub>'],
        wrong: ['H26', '(11100)<sub>2</sub>', '8421BCD 码 0010 0111'],
        diff: 4,
      },
      {
        q: '从拨码开关读入 BCD 码并用数码管显示，程序中需要用到的转换指令有（　）',
        right: ['BIN（BCD 码转换为二进制数）', 'BCD（二进制数转换为 BCD 码）'],
        wrong: ['SET', 'PLS', 'ZRST'],
        diff: 4,
      },
    ],
  },

  FA003: {
    facts: [
      {
        q: '三菱 FX 系列 PLC 中，常闭触点与左母线连接使用的指令是（　）',
        a: 'LDI',
        d: ['LD', 'ANI', 'ORI'],
        t: 'LD 指令用于常开触点与左母线连接。',
        diff: 2,
      },
      {
        q: 'OUT 指令不能驱动（　）',
        a: '输入继电器 X',
        d: ['输出继电器 Y', '辅助继电器 M', '定时器 T'],
        f: 'OUT 指令可以用来驱动输入继电器 X。',
        why: '输入继电器的状态只能由外部输入信号决定，不能由程序驱动。',
        diff: 2,
      },
      {
        q: 'SET 指令使元件置位后，（　）',
        a: '即使驱动条件断开，元件仍保持 ON',
        d: ['驱动条件断开，元件立即复位', '只保持一个扫描周期', '必须用 OUT 指令复位'],
        t: '用 SET 指令置位的元件，需要用 RST 指令才能复位。',
        diff: 2,
      },
      {
        q: 'PLS 指令产生一个扫描周期宽度脉冲的时刻是驱动输入的（　）',
        a: '上升沿',
        d: ['下降沿', '持续 ON 期间', '断开期间'],
        t: 'PLF 指令在驱动输入的下降沿产生一个扫描周期宽度的脉冲。',
        diff: 3,
      },
      {
        q: '两个并联电路块串联连接时，应使用的指令是（　）',
        a: 'ANB',
        d: ['ORB', 'AND', 'OR'],
        t: 'ORB 指令用于串联电路块的并联连接。',
        diff: 3,
      },
      {
        q: '多重输出电路中，MPS 与 MPP 指令的使用要求是（　）',
        a: '必须成对使用',
        d: ['可以单独使用', '必须交替使用', '只能在程序结束前使用'],
        f: '多重输出电路中，MPS 指令可以单独使用，不需要与 MPP 指令配对。',
        why: 'MPS 将运算结果压入堆栈，MPP 读出并弹出，必须成对使用，MRD 只读不弹出。',
        diff: 3,
      },
      {
        q: '梯形图中，线圈应（　）',
        a: '放在最右边，与右母线相连',
        d: ['放在最左边，与左母线相连', '放在两个触点之间', '可以放在任意位置'],
        f: '梯形图中线圈的右边还可以串联触点。',
        why: '梯形图中触点在左、线圈在右，线圈右边不能再接触点。',
        diff: 2,
      },
      {
        q: '同一程序中同一编号的线圈使用两次（双线圈输出）时，（　）',
        a: '一般只有后一次有效，编程时应避免',
        d: ['两次都能独立起作用', '只有前一次有效', 'PLC 自动将其合并为并联'],
        f: '梯形图中同一编号的线圈可以多次输出，每次都能独立起作用。',
        why: '扫描时后面的输出结果会覆盖前面的结果，双线圈输出容易造成误动作，应避免。',
        diff: 3,
      },
      {
        q: '停止按钮以常闭触点接入 PLC 输入端时，梯形图中对应的输入继电器应使用（　）',
        a: '常开触点',
        d: ['常闭触点', '线圈', '下降沿脉冲触点'],
        f: '停止按钮以常闭触点接入 PLC 时，梯形图中仍应使用该输入继电器的常闭触点。',
        why: '常闭按钮未按下时输入继电器为 ON，梯形图中用其常开触点串在回路中，按下按钮时断开；这样接线在断线时也能停车，更安全。',
        diff: 4,
      },
      {
        q: '三菱 FX 系列 PLC 中，M8002 的功能是（　）',
        a: 'PLC 运行开始时接通一个扫描周期（初始化脉冲）',
        d: ['PLC 运行中始终接通', '产生 1 s 时钟脉冲', 'PLC 停止时接通'],
        t: '三菱 FX 系列 PLC 的 M8000 在运行期间一直为 ON。',
        diff: 3,
      },
    ],
    multis: [
      {
        q: '三菱 FX 系列 PLC 中，用于触点串联的指令有（　）',
        right: ['AND', 'ANI', 'ANB（电路块串联）'],
        wrong: ['OR', 'ORI'],
        diff: 3,
      },
      {
        q: '绘制梯形图时应遵循的规则有（　）',
        right: ['触点在左、线圈在右', '线圈不能直接与左母线相连（特殊情况除外）', '应避免双线圈输出'],
        wrong: ['线圈右边可以再串接触点', '输入继电器可以用 OUT 驱动'],
        diff: 4,
      },
      {
        q: '三菱 FX 系列 PLC 特殊辅助继电器功能对应正确的有（　）',
        right: ['M8000——运行监控，运行中常 ON', 'M8002——初始化脉冲', 'M8013——1 s 时钟脉冲'],
        wrong: ['M8002——1 s 时钟脉冲', 'M8013——运行中常 OFF'],
        diff: 4,
      },
      {
        q: '下列指令中，成对使用的有（　）',
        right: ['MPS 与 MPP', 'MC 与 MCR'],
        wrong: ['LD 与 LDI', 'AND 与 OR', 'OUT 与 END'],
        diff: 4,
      },
    ],
  },
};
