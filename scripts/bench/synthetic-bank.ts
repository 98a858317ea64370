/**
 * Deterministic synthetic bank content for the import benchmarks: items of realistic size on
 * 5 scopes × 40 appraisal points, and a standard whose element table holds exactly those points.
 */
import { ItemContentSchema, type ItemContent, type ItemContentInput } from '../../server/bank/item-schema';
import type { Level, Standard } from '../../server/standards/schemas';

const PHRASES = [
  '三相异步电动机', '额定电流', '低压配电系统', '接地形式', '绝缘电阻', '兆欧表', '万用表', '交流接触器', '热继电器',
  '熔断器', '漏电保护器', '变压器', '功率因数', '有效值', '相位差', '星形联结', '三角形联结', '正反转控制', '电气原理图', '安全电压',
];
const LEVEL_SETS: Level[][] = [[5, 4], [5, 4, 3], [4, 3], [3, 2], [5]];

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Varied text (phrases and numbers), so shared strings do not collapse it. */
function sentence(next: () => number, words: number): string {
  let out = '';
  for (let i = 0; i < words; i++) {
    out += PHRASES[Math.floor(next() * PHRASES.length)]!;
    out += i % 3 === 2 ? `为 ${Math.floor(next() * 1000)} V，` : '的';
  }
  return out;
}

export function benchItem(i: number): { code: string; content: ItemContent } {
  const next = rng(i + 1);
  const scope = ['BA', 'BB', 'CA', 'CB', 'DA'][i % 5]!;
  const pointCode = `${scope}${String(1 + (i % 40)).padStart(3, '0')}`;
  const common = {
    pointCode,
    levels: LEVEL_SETS[i % LEVEL_SETS.length]!,
    difficulty: 1 + (i % 5),
    stem: `<p>第 ${i + 1} 题：${sentence(next, 8)}下列说法正确的是（　　）。</p>`,
    explanation: `<p>${sentence(next, 5)}。</p>`,
    tags: ['基础知识', PHRASES[i % PHRASES.length]!],
  };
  const options = (n: number) => Array.from({ length: n }, (_, k) => ({ key: 'ABCDEFGH'[k] as 'A', html: `<p>${sentence(next, 2)}</p>` }));
  const kind = i % 20;
  let content: ItemContentInput;
  if (kind < 8) content = { ...common, type: 'single', estimatedSeconds: 60, options: options(4), answer: 'ABCD'[i % 4] as 'A', points: 1 };
  else if (kind < 15) content = { ...common, type: 'judge', estimatedSeconds: 30, stem: `<p>第 ${i + 1} 题：${sentence(next, 6)}。</p>`, answer: i % 2 === 0 };
  else if (kind < 19) content = { ...common, type: 'multiple', estimatedSeconds: 90, options: options(5), answer: ['A', 'C', 'D'], points: 2 };
  else {
    content = {
      ...common,
      type: 'short',
      estimatedSeconds: 600,
      referenceAnswer: `<p>${sentence(next, 12)}。</p>`,
      markingPoints: [
        { text: '写出计算公式', points: 4 },
        { text: '代入数据并得出结果', points: 6 },
      ],
      points: 10,
    };
  }
  // The point is fixed by i mod 40, so the serial i div 40 makes every code unique.
  return { code: `${pointCode}-${String(Math.floor(i / 40) + 1).padStart(4, '0')}`, content: ItemContentSchema.parse(content) };
}

export function* benchItems(n: number): Generator<{ code: string; content: ItemContent }> {
  for (let i = 0; i < n; i++) yield benchItem(i);
}

export const BENCH_BANK = { code: 'BENCH-6-31-01-03', name: '电工基准测试题库', occupationCode: '6-31-01-03', standardEdition: '2018', tier: 'national' as const };


const ALL: Level[] = [5, 4, 3, 2, 1];
const each = (percent: number) => ALL.map((level) => ({ level, percent }));

/** A consistent standard covering every point benchItem() uses (BA001…DA040). */
export function benchStandard(occupationCode: string): Standard {
  const leaves = ['BA', 'BB', 'CA', 'CB', 'DA'];
  return {
    occupationCode,
    edition: '2018',
    title: '基准测试用标准',
    demo: true,
    levels: ALL.map((level) => ({ level, name: `L${level}`, parts: [{ part: 'theory' as const, durationMinutes: 120, passMark: 60 }, { part: 'skill' as const, durationMinutes: 120, passMark: 60 }] })),
    weightTables: {
      theory: { rows: [{ code: 'B', name: '基础', group: 'basic', cells: each(40) }, { code: 'C', name: '功能一', group: 'function', cells: each(40) }, { code: 'D', name: '功能二', group: 'function', cells: each(20) }] },
      skill: { rows: [{ code: 'S', name: '操作', group: 'function', cells: each(100) }] },
    },
    elementTables: [
      {
        part: 'theory',
        scopes: [
          { code: 'B', name: '基础', weightRowCode: 'B', weights: each(40) },
          { code: 'C', name: '功能一', weightRowCode: 'C', weights: each(40) },
          { code: 'D', name: '功能二', weightRowCode: 'D', weights: each(20) },
          ...leaves.map((code) => ({ code, name: code, weights: each(20) })),
        ],
        points: leaves.flatMap((scopeCode) => Array.from({ length: 40 }, (_, i) => ({ scopeCode, code: String(i + 1).padStart(3, '0'), name: `${scopeCode}-${i + 1}`, importance: 'Y' as const, levels: ALL }))),
      },
      { part: 'skill', scopes: [{ code: 'S', name: '操作', weightRowCode: 'S', weights: each(100) }], points: [{ scopeCode: 'S', code: '001', name: '操作', importance: 'X', levels: ALL }] },
    ],
  };
}
