import type { ItemContentInput } from '../item-schema';

/**
 * One worked example per type that Excel carries, shown on the template's 填写说明 sheet
 * (电工 / electrician, theory). Tests check that each reads back as valid content.
 */
export const TEMPLATE_EXAMPLES: readonly ItemContentInput[] = [
  {
    type: 'judge',
    pointCode: 'BB001',
    levels: [5, 4],
    difficulty: 1,
    estimatedSeconds: 30,
    stem: '<p>使用万用表测量电阻时，可以在被测电路带电的情况下进行测量。</p>',
    answer: false,
    explanation: '<p>测量电阻前必须断开被测电路的电源，否则会损坏仪表，读数也不准确。</p>',
    tags: ['电工仪表', '安全'],
  },
  {
    type: 'single',
    pointCode: 'BA001',
    levels: [5, 4, 3],
    difficulty: 2,
    estimatedSeconds: 60,
    stem: '<p>在纯电阻交流电路中，电压与电流的相位关系是（　　）。</p>',
    options: [
      { key: 'A', html: '<p>电压超前电流 90°</p>' },
      { key: 'B', html: '<p>电流超前电压 90°</p>' },
      { key: 'C', html: '<p>电压与电流同相</p>' },
      { key: 'D', html: '<p>电压与电流反相</p>' },
    ],
    answer: 'C',
    explanation: '<p>纯电阻电路中电压与电流同频率、同相位。</p>',
    tags: ['交流电路'],
    points: 1,
  },
  {
    type: 'multiple',
    pointCode: 'CA002',
    levels: [4, 3],
    difficulty: 3,
    estimatedSeconds: 90,
    stem: '<p>低压配电系统的接地形式有（　　）。</p>',
    options: [
      { key: 'A', html: '<p>TN-S 系统</p>' },
      { key: 'B', html: '<p>TN-C 系统</p>' },
      { key: 'C', html: '<p>TT 系统</p>' },
      { key: 'D', html: '<p>IT 系统</p>' },
      { key: 'E', html: '<p>Y-Δ 系统</p>' },
    ],
    answer: ['A', 'B', 'C', 'D'],
    explanation: '<p>Y-Δ 是电动机的起动方式，不是接地形式。</p>',
    tags: ['供配电', '接地'],
    points: 2,
  },
  {
    type: 'short',
    pointCode: 'CA001',
    levels: [4, 3],
    difficulty: 3,
    estimatedSeconds: 600,
    stem: '<p>一台三相异步电动机，额定功率 P<sub>N</sub> = 7.5 kW，额定电压 U<sub>N</sub> = 380 V，功率因数 cosφ = 0.85，效率 η = 0.87。求额定电流 I<sub>N</sub>。</p>',
    referenceAnswer: '<p>I<sub>N</sub> = P<sub>N</sub> / (√3 U<sub>N</sub> cosφ η) = 7500 / (1.732 × 380 × 0.85 × 0.87) ≈ 15.4 A</p>',
    markingPoints: [
      { text: '写出计算公式', points: 4 },
      { text: '正确代入数据', points: 3 },
      { text: '结果正确并写明单位', points: 3 },
    ],
    points: 10,
    tags: ['计算', '电动机'],
  },
];
