import { expect } from 'chai';
import { printablePaper } from '../../../server/printing/printable';
import { renderSkillDocument, SKILL_DOCUMENTS } from '../../../server/printing/skill-documents';
import type { Blueprint, Paper } from '../../../server/assembly/engine';
import type { CommonContent } from '../../../server/question-types/common';
import { pdfPageCount, pdfText } from '../../support/pdf';

const task = (n: number): CommonContent =>
  ({
    type: 'skill',
    pointCode: 'A001',
    levels: [3],
    difficulty: 3,
    estimatedSeconds: 5400,
    stem: `<p>安装并调试一台三相异步电动机的正反转控制线路（任务 ${n}）。</p>`,
    explanation: '',
    tags: [],
    timeAllowedMinutes: 90,
    venuePreparation: ['三相异步电动机 1 台', '交流接触器 2 只'],
    candidatePreparation: ['电工常用工具 1 套', '万用表 1 块'],
    scoringRows: [
      { element: '元件安装', requirement: '元件布置合理、安装牢固', points: 20, deductionRules: '元件松动每处扣 2 分', veto: false },
      { element: '布线', requirement: '按图布线，横平竖直', points: 40, deductionRules: '不按图接线扣 10 分', veto: false },
      { element: '通电试车', requirement: '一次试车成功', points: 40, deductionRules: '一次不成功扣 20 分', veto: false },
      { element: '安全文明生产', requirement: '遵守操作规程', points: 0.5, deductionRules: '发生严重设备和人身事故取消考试资格', veto: true },
    ],
  }) as unknown as CommonContent;

const items = [1, 2].map((n) => ({ itemId: `item${n}`, version: 1, section: 0, type: 'skill' as const, optionPermutation: [], points: 100, dimension: 'function' as const, cellKey: '3', pointCode: 'A001', functionCode: '3', scopeCode: 'A', importance: 'X' as const, facility: 0.6 }));
const paper = { algorithm: 'assembly/1', seed: 's', level: 3, poolFingerprint: '', blueprintFingerprint: '', items, meanFacility: 0.6, totalPoints: 200 } as unknown as Paper;
const blueprint = { level: 3, part: 'skill', sections: [{ type: 'skill', count: 2, pointsPerItem: 100, title: '技能操作' }], cells: [], importanceMix: [] } as unknown as Blueprint;

describe('skill-test documents', function () {
  this.timeout(30_000);
  const printable = printablePaper(paper, blueprint, new Map([['item1', task(1)], ['item2', task(2)]]), { occupationName: '电工', levelLabel: '三级/高级工', paperCode: 'NAT-DG-SKILL01', durationMinutes: 90, standard: '电工国家职业技能标准（2018年版）' });
  const trace = { centreCode: 'C0001', operator: '王老师', printedAt: new Date('2026-12-01T02:00:00Z') };

  it('asks the question type what a task prints', () => {
    expect(printable.sections[0]!.items[0]!.task).to.include({ timeAllowedMinutes: 90 });
    expect(printable.sections[0]!.items[0]!.task!.rows).to.have.length(4);
  });

  it('prints each document with a page per task', async () => {
    const texts: Record<string, string> = {};
    for (const what of SKILL_DOCUMENTS) {
      const pdf = await renderSkillDocument(printable, what, trace);
      expect(pdfPageCount(pdf), what).to.be.at.least(2);
      texts[what] = pdfText(pdf).replace(/\s+/g, '');
      expect(texts[what]).to.include('打印人王老师');
    }
    expect(texts['venue-notice']).to.include('考场准备通知单').and.include('交流接触器2只');
    expect(texts['candidate-notice']).to.include('考生准备通知单').and.include('万用表1块');
    expect(texts['task-paper']).to.include('任务1').and.include('任务2').and.include('考核时间：90分钟').and.include('否决项：发生严重设备和人身事故取消考试资格');
    const sheet = texts['scoring-sheet']!;
    for (const label of ['考核要素', '考核要求', '配分', '评分标准', '扣分', '得分', '元件松动每处扣2分', '合计', '100.5', '考评员（签名）', '核分人（签名）']) expect(sheet, label).to.include(label);
  });
});
