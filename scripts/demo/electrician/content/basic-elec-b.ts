import { calc, type ContentMap, type Rand } from '../kit';
import { based, bcd, reverseBits } from './util';

/** BB003 数字电路基础. */

/** A number whose binary form is not a palindrome (so the reversed-bits mistake is a real distractor). */
function asymmetric(r: Rand, min: number, max: number): number {
  for (;;) {
    const n = r.int(min, max);
    if (reverseBits(n) !== n) return n;
  }
}

const binToDec = calc({
  id: 'binary-to-decimal',
  tags: ['数制'],
  sample: (r) => ({ n: asymmetric(r, 9, 255) }),
  build: ({ n }) => ({
    question: `二进制数 ${based(n, 2)} 转换为十进制数是（　）`,
    statement: (x) => `二进制数 ${based(n, 2)} 等于十进制数 ${x}。`,
    answer: n,
    wrong: [reverseBits(n), n * 2, Math.floor(n / 2), n + 16],
    show: (x) => String(Math.round(x)),
    explanation: `按权展开：${n
      .toString(2)
      .split('')
      .map((b, i, all) => `${b}×2<sup>${all.length - 1 - i}</sup>`)
      .join(' + ')} = ${n}。`,
    difficulty: 2,
  }),
});

const decToBin = calc({
  id: 'decimal-to-binary',
  tags: ['数制'],
  sample: (r) => ({ n: asymmetric(r, 9, 127) }),
  build: ({ n }) => ({
    question: `十进制数 ${n} 转换为二进制数是（　）`,
    statement: (x) => `十进制数 ${n} 转换为二进制数是 ${x}。`,
    answer: n,
    wrong: [reverseBits(n), n * 2, Math.floor(n / 2), n + 8],
    show: (x) => based(x, 2),
    explanation: `用“除 2 取余、逆序排列”：${n} = ${based(n, 2)}。把余数按顺序（而不是逆序）排列是常见错误。`,
    difficulty: 3,
  }),
});

const decToBcd = calc({
  id: 'decimal-to-bcd',
  tags: ['BCD 码'],
  sample: (r) => {
    for (;;) {
      const n = r.int(21, 89);
      if (n % 10 !== Math.floor(n / 10) && n % 10 !== 0) return { n };
    }
  },
  build: ({ n }) => {
    const swapped = (n % 10) * 10 + Math.floor(n / 10);
    return {
      question: `十进制数 ${n} 的 8421BCD 码是（　）`,
      statement: (x) => `十进制数 ${n} 的 8421BCD 码为 ${x}。`,
      answer: n,
      wrong: [swapped, n + 10, n - 10, n + 20],
      show: (x) => bcd(x),
      explanation: `8421BCD 码每位十进制数用 4 位二进制数表示：${n} → ${bcd(n)}。`,
      difficulty: 3,
    };
  },
});

const hexToDec = calc({
  id: 'hex-to-decimal',
  tags: ['数制', '十六进制'],
  sample: (r) => ({ hi: r.int(1, 15), lo: r.int(10, 15) }),
  build: ({ hi, lo }) => {
    const n = hi * 16 + lo;
    return {
      question: `十六进制数 ${based(n, 16)} 转换为十进制数是（　）`,
      statement: (x) => `十六进制数 ${based(n, 16)} 等于十进制数 ${x}。`,
      answer: n,
      wrong: [hi * 10 + lo, lo * 16 + hi, hi * 16],
      show: (x) => String(Math.round(x)),
      explanation: `${based(n, 16)} = ${hi} × 16 + ${lo} = ${n}。`,
      difficulty: 3,
    };
  },
});

export const ELEC_B_CONTENT: ContentMap = {
  BB003: {
    calcs: [binToDec, decToBin, decToBcd, hexToDec],
    plan: { single: 4, judge: 4 },
    facts: [
      {
        q: '与非门的逻辑功能是（　）',
        a: '有 0 出 1，全 1 出 0',
        d: ['有 1 出 1，全 0 出 0', '有 0 出 0，全 1 出 1', '相同出 0，不同出 1'],
        t: '与非门的逻辑功能是：输入有 0 时输出为 1，输入全为 1 时输出为 0。',
        diff: 2,
      },
      {
        q: '异或门两个输入端状态相同时，输出为（　）',
        a: '0',
        d: ['1', '与输入相同', '高阻态'],
        f: '异或门的两个输入相同时输出为 1，不同时输出为 0。',
        why: '异或门：相同出 0，不同出 1；同或门相反。',
        diff: 3,
      },
      {
        q: '逻辑代数中，A + 1 等于（　）',
        a: '1',
        d: ['A', '0', 'Ā'],
        t: '在逻辑代数中，A + 1 = 1，A · 0 = 0。',
        diff: 2,
      },
      {
        q: 'JK 触发器在 J = K = 1 时，时钟脉冲作用后触发器（　）',
        a: '翻转',
        d: ['置 1', '置 0', '保持原状态'],
        f: 'JK 触发器在 J = K = 1 时，时钟脉冲到来后保持原状态不变。',
        why: 'JK 触发器 J = K = 0 保持，J = K = 1 翻转（计数）。',
        diff: 3,
      },
      {
        q: '4 位二进制计数器最多可以计的状态数是（　）',
        a: '16',
        d: ['4', '8', '10'],
        t: 'n 位二进制计数器最多有 2<sup>n</sup> 个状态，4 位二进制计数器有 16 个状态。',
        diff: 3,
      },
      {
        q: '共阴极七段数码管要点亮某一段，该段的输入应为（　）',
        a: '高电平',
        d: ['低电平', '高阻态', '悬空'],
        f: '共阴极数码管的各段输入为低电平时点亮。',
        why: '共阴极数码管公共端接低电平，各段接高电平点亮；共阳极则相反。',
        diff: 3,
      },
      {
        q: 'CMOS 集成门电路多余的输入端（　）',
        a: '不允许悬空，应按逻辑要求接电源或接地',
        d: ['可以悬空', '必须悬空', '应串接大电阻后悬空'],
        t: 'CMOS 门电路输入阻抗极高，多余输入端不允许悬空，应根据逻辑功能接电源或接地。',
        diff: 4,
      },
      {
        q: '组合逻辑电路的输出（　）',
        a: '只取决于当时的输入',
        d: ['与电路原来的状态有关', '只取决于时钟脉冲', '与输入无关'],
        t: '组合逻辑电路任一时刻的输出只取决于该时刻的输入，而时序逻辑电路的输出还与原来的状态有关。',
        diff: 3,
      },
    ],
    multis: [
      {
        q: '下列逻辑等式中，成立的有（　）',
        right: ['A + A = A', 'A · 0 = 0', 'A + 1 = 1', 'A · Ā = 0'],
        wrong: ['A + A = 2A', 'A · 1 = 1'],
        diff: 4,
      },
      {
        q: '下列电路中，属于时序逻辑电路的有（　）',
        right: ['计数器', '寄存器', '触发器构成的分频器'],
        wrong: ['译码器', '编码器', '数据选择器'],
        diff: 4,
      },
      {
        q: '下列关于数制和码制的说法，正确的是（　）',
        right: ['8421BCD 码用 4 位二进制数表示 1 位十进制数', '十六进制数的基数是 16', '二进制数只有 0 和 1 两个数码'],
        wrong: ['8421BCD 码中 1010 表示十进制数 10', '八进制数中可以出现数码 8'],
        diff: 4,
      },
      {
        q: '与非门实现的功能可以概括为（　）',
        right: ['有 0 出 1', '全 1 出 0'],
        wrong: ['有 1 出 1', '全 0 出 0', '相同出 0'],
        diff: 3,
      },
    ],
  },
};
