import { calc, fmt, unit, type ContentMap, type Rand } from '../kit';
import { f3 } from './util';

/** EA001 电阻器与电容器的识别, EA002 二极管与三极管的检测 (row 3, levels 5–4). */

const COLORS = ['黑', '棕', '红', '橙', '黄', '绿', '蓝', '紫', '灰', '白'];

function ohms(x: number): string {
  if (x >= 1e6) return `${fmt(x / 1e6)} MΩ`;
  if (x >= 1e3) return `${fmt(x / 1e3)} kΩ`;
  return `${fmt(x)} Ω`;
}

function farads(pf: number): string {
  if (pf >= 1e6) return `${fmt(pf / 1e6)} μF`;
  if (pf >= 1e3) return `${fmt(pf / 1e3)} nF`;
  return `${fmt(pf)} pF`;
}

const colorCode = calc({
  id: 'resistor-color-code',
  tags: ['色环电阻'],
  sample: (r: Rand) => ({ d1: r.int(1, 9), d2: r.int(0, 9), m: r.int(0, 5) }),
  build: ({ d1, d2, m }) => {
    const value = (d1 * 10 + d2) * 10 ** m;
    const bands = `${COLORS[d1]}、${COLORS[d2]}、${COLORS[m]}、金`;
    return {
      question: `四色环电阻的色环依次为${bands}，其标称阻值为（　）`,
      statement: (x) => `色环依次为${bands}的四色环电阻，标称阻值为 ${x}。`,
      answer: value,
      wrong: [value * 10, value / 10, d1 * 100 + d2 * 10 + m],
      show: ohms,
      explanation: `前两环为有效数字 ${d1}${d2}，第三环为倍率 10<sup>${m}</sup>，阻值 ${d1}${d2} × 10<sup>${m}</sup> Ω = ${ohms(value)}，金色环表示允许误差 ±5%。`,
      difficulty: 2,
    };
  },
});

const capCode = calc({
  id: 'capacitor-code',
  tags: ['电容器标注'],
  sample: (r) => ({ ab: r.pick([10, 15, 22, 33, 47, 68]), n: r.int(1, 5) }),
  build: ({ ab, n }) => {
    const pf = ab * 10 ** n;
    const code = `${ab}${n}`;
    return {
      question: `瓷片电容器上标注“${code}”，其标称容量为（　）`,
      statement: (x) => `瓷片电容器上标注“${code}”，表示其标称容量为 ${x}。`,
      answer: pf,
      wrong: [pf * 10, pf / 10, Number(code)],
      show: farads,
      explanation: `数码表示法中前两位为有效数字，第三位为倍率（单位 pF）：${ab} × 10<sup>${n}</sup> pF = ${farads(pf)}。`,
      difficulty: 3,
    };
  },
});

const capCombine = calc({
  id: 'capacitor-combination',
  tags: ['电容器串并联'],
  sample: (r) => {
    const [C1, C2] = r.sample([2, 3, 4, 6, 10, 12, 20, 30, 47, 100], 2) as [number, number];
    return { C1, C2, series: r.int(0, 1) };
  },
  build: ({ C1, C2, series }) => {
    const s = (C1 * C2) / (C1 + C2);
    const p = C1 + C2;
    const how = series === 1 ? '串联' : '并联';
    return {
      question: `${C1} μF 与 ${C2} μF 两只电容器${how}，等效电容为（　）`,
      statement: (x) => `${C1} μF 与 ${C2} μF 两只电容器${how}后，等效电容为 ${x}。`,
      answer: series === 1 ? s : p,
      wrong: series === 1 ? [p, (C1 + C2) / 2, C1 * C2] : [s, (C1 + C2) / 2, C1 * C2],
      show: unit('μF'),
      explanation: series === 1 ? `电容串联与电阻并联的算法相同：C = C₁C₂/(C₁ + C₂) = ${f3(s)} μF。` : `电容并联总电容等于各电容之和：C = ${C1} + ${C2} = ${p} μF。`,
      difficulty: 2,
    };
  },
});

export const CONTROL_D_CONTENT: ContentMap = {
  EA001: {
    calcs: [colorCode, capCode, capCombine],
    plan: { single: 3, judge: 3 },
    facts: [
      {
        q: '色环电阻中，红色环代表的数字是（　）',
        a: '2',
        d: ['1', '3', '4'],
        t: '四色环电阻中，金色作为误差环时表示允许误差为 ±5%。',
        diff: 2,
      },
      {
        q: '电解电容器接入直流电路时，应（　）',
        a: '正极接高电位，负极接低电位',
        d: ['正负极可以任意连接', '正极接低电位', '串联一只二极管后任意连接'],
        f: '电解电容器没有极性，可以任意连接。',
        why: '电解电容器有极性，极性接反会使漏电流增大、发热甚至爆裂。',
        diff: 2,
      },
      {
        q: '选用电容器时，其额定工作电压与电路中可能出现的最高电压相比应（　）',
        a: '更高',
        d: ['更低', '只需一半', '不必考虑'],
        t: '电容器接在交流电路中时，其耐压应大于交流电压的最大值。',
        diff: 2,
      },
      {
        q: '用指针式万用表欧姆挡检测较大容量的电容器，指针先向右偏转再逐渐返回接近无穷大，说明电容器（　）',
        a: '基本良好',
        d: ['已击穿短路', '内部断路', '严重漏电'],
        t: '用指针式万用表检测电容器时，若指针偏到零位不返回，说明电容器已击穿短路。',
        diff: 3,
      },
      {
        q: '电位器的三个引脚中，中间引脚一般是（　）',
        a: '滑动端',
        d: ['固定端', '接地端', '屏蔽端'],
        t: '电位器两边的引脚之间是固定的总阻值，中间引脚连接滑动触点。',
        diff: 2,
      },
      {
        q: '贴片电阻上标注“472”，其阻值为（　）',
        a: '4.7 kΩ',
        d: ['472 Ω', '47 kΩ', '47 Ω'],
        t: '贴片电阻上标注“103”表示阻值为 10 kΩ。',
        diff: 3,
      },
      {
        q: '负温度系数热敏电阻（NTC）的阻值随温度升高而（　）',
        a: '减小',
        d: ['增大', '不变', '先增大后减小'],
        f: '负温度系数热敏电阻的阻值随温度升高而增大。',
        diff: 3,
      },
      {
        q: '检测大容量电容器前，应先（　）',
        a: '将电容器充分放电',
        d: ['给电容器充电', '把电容器加热', '用兆欧表充电'],
        t: '检测大容量电容器前要先放电，以免损坏仪表或电击伤人。',
        diff: 2,
      },
    ],
  },

  EA002: {
    facts: [
      {
        q: '用指针式万用表测量小功率二极管，一般使用的挡位是（　）',
        a: 'R×100 或 R×1k',
        d: ['R×1', 'R×10k', '直流电压'],
        t: '测量小功率二极管不宜用 R×1 挡和 R×10k 挡，前者电流大，后者电压高，容易损坏管子。',
        diff: 2,
      },
      {
        q: '测得二极管的正、反向电阻都很小，说明二极管（　）',
        a: '已击穿短路',
        d: ['内部断路', '性能良好', '反向特性好'],
        t: '测得二极管正、反向电阻都为无穷大，说明二极管内部断路。',
        diff: 2,
      },
      {
        q: '用数字万用表二极管挡测量正常的硅二极管，红表笔接正极时显示约为（　）',
        a: '0.5～0.7 V',
        d: ['0.1～0.2 V', '1.5～2 V', '溢出符号“1”'],
        t: '数字万用表的红表笔接内部电池的正极，与指针式万用表相反。',
        diff: 3,
      },
      {
        q: '用指针式万用表判别三极管基极时，黑表笔接某一引脚，红表笔分别接另两脚，两次测得电阻都很小，则黑表笔所接为（　）',
        a: 'NPN 型管的基极',
        d: ['PNP 型管的基极', 'NPN 型管的集电极', 'PNP 型管的发射极'],
        f: '用指针式万用表测三极管时，黑表笔接基极、红表笔分别接另两极，电阻都很小，则该管为 PNP 型。',
        why: '指针式万用表黑表笔接内部电池正极，黑表笔接基极时两个 PN 结都正偏，说明基区为 P 型，是 NPN 管。',
        diff: 3,
      },
      {
        q: '测得放大状态三极管的发射结电压约为 0.7 V，说明它是（　）',
        a: '硅管',
        d: ['锗管', '场效应管', '已损坏的管子'],
        t: '硅三极管导通时发射结电压约 0.6～0.7 V，锗管约 0.2～0.3 V。',
        diff: 2,
      },
      {
        q: '测得 NPN 型三极管三个电极的电位为 V<sub>B</sub> = 2.7 V、V<sub>E</sub> = 2 V、V<sub>C</sub> = 6 V，该管工作在（　）',
        a: '放大状态',
        d: ['饱和状态', '截止状态', '击穿状态'],
        t: 'NPN 管工作在放大区时，三个电极的电位关系为 V<sub>C</sub> > V<sub>B</sub> > V<sub>E</sub>。',
        diff: 3,
      },
      {
        q: '测得 NPN 型硅三极管的 U<sub>BE</sub> = 0.7 V、U<sub>CE</sub> = 0.2 V，该管工作在（　）',
        a: '饱和状态',
        d: ['放大状态', '截止状态', '击穿状态'],
        f: '三极管的 U<sub>CE</sub> 只有零点几伏时，一定处于截止状态。',
        why: 'U<sub>CE</sub> 很小而发射结正偏，说明集电结也正偏，管子处于饱和状态；截止时 U<sub>CE</sub> 接近电源电压。',
        diff: 3,
      },
      {
        q: '数字万用表的 hFE 挡用来测量三极管的（　）',
        a: '电流放大系数',
        d: ['反向击穿电压', '集电极最大电流', '特征频率'],
        t: '数字万用表的 hFE 挡可以测量三极管的直流电流放大系数。',
        diff: 2,
      },
      {
        q: '测量二极管时，表笔与引线接触，手指同时捏住两根引线，会使测得的（　）',
        a: '反向电阻偏小',
        d: ['正向电阻偏大', '反向电阻偏大', '读数不受影响'],
        f: '测量二极管反向电阻时用手捏住两根引线，对测量结果没有影响。',
        why: '人体电阻与被测二极管并联，会使测得的反向电阻明显偏小。',
        diff: 3,
      },
    ],
  },
};
