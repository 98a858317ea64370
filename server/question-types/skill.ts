import { z } from 'zod';
import { ItemCommonSchema, PlainLine } from './common';
import { parseLines, parseNumber, parseVeto, splitEditorLine } from './parsers';
import { escapeHtml, htmlList, htmlToText } from './render-kit';
import type { QuestionType } from './types';

/**
 * 技能操作试题: a task statement, preparation lists for venue and candidate, and a scoring sheet
 * (评分记录表) whose rows examiners deduct from; a veto row voids the task.
 */
export const SkillScoringRowSchema = z.object({
  /** 考核要素. */
  element: PlainLine,
  /** 考核要求. */
  requirement: z.string().trim().min(1).max(2_000),
  /** 配分. */
  points: z.number().positive().max(100),
  /** 评分标准: the deduction rules. */
  deductionRules: z.string().trim().min(1).max(2_000),
  /** A veto row: failing it voids the task (e.g. 发生严重设备和人身事故取消考试资格). */
  veto: z.boolean().default(false),
});
export const SkillContentSchema = ItemCommonSchema.extend({
  type: z.literal('skill'),
  venuePreparation: z.array(PlainLine).max(50).default([]),
  candidatePreparation: z.array(PlainLine).max(50).default([]),
  timeAllowedMinutes: z.number().int().min(1).max(600),
  scoringRows: z.array(SkillScoringRowSchema).min(1).max(60),
});
export type SkillContent = z.infer<typeof SkillContentSchema>;

/** One examiner's sheet for one task: the deduction per scoring row, and whether a veto row was failed. */
export const SkillSheetSchema = z.object({
  deductions: z.array(z.number().min(0).max(100)).max(60),
  vetoed: z.boolean().default(false),
});
export type SkillSheet = z.infer<typeof SkillSheetSchema>;

const total = (c: SkillContent) => c.scoringRows.reduce((sum, row) => sum + row.points, 0);

export const skill: QuestionType<SkillContent, SkillSheet> = {
  name: 'skill',
  label: { zh: '技能操作试题', en: 'Skill task' },
  part: 'skill',
  defaults: { points: 100, estimatedSeconds: 3600, optionCount: 0 },
  schema: SkillContentSchema,
  refine(c, issues) {
    const expected = c.points ?? total(c);
    if (Math.abs(total(c) - expected) > 1e-9) issues.addIssue({ code: 'custom', path: ['scoringRows'], message: `scoring rows total ${total(c)} but the task is worth ${expected}`, params: { i18n: 'validation.rule.totalMismatch', total: total(c), expected } });
  },
  pointsOf: total,
  richText: { fields: [], options: false },
  optionCount: () => 0,
  keepsOptionOrder: () => true,
  print: {
    instruction: { zh: '按任务书要求完成操作，由考评员按评分记录表评分', en: 'Carry out the task as the task paper says; examiners score it on the scoring sheet' },
    body: (c) => ({ lines: [`考核时间：${c.timeAllowedMinutes} 分钟`], bracket: false, writingLines: 0 }),
    bubbles: () => [],
    key: (c) => c.scoringRows.map((r) => `${r.element}（${r.points}分）：${r.deductionRules}`).join('\n'),
    task: (c, text) => ({
      statement: text(c.stem),
      timeAllowedMinutes: c.timeAllowedMinutes,
      venuePreparation: [...c.venuePreparation],
      candidatePreparation: [...c.candidatePreparation],
      rows: c.scoringRows.map((r) => ({ element: r.element, requirement: r.requirement, points: r.points, deductionRules: r.deductionRules, veto: r.veto })),
    }),
  },
  describe: (c) => ({
    timeAllowedMinutes: String(c.timeAllowedMinutes),
    venuePreparation: c.venuePreparation.join('\n'),
    candidatePreparation: c.candidatePreparation.join('\n'),
    scoringRows: c.scoringRows.map((r) => `${r.element} | ${r.requirement} | ${r.points} | ${r.deductionRules}${r.veto ? ' | 否决' : ''}`).join('\n'),
  }),

  xlsx: {
    carried: false,
    words: ['技能', '技能操作', '技能操作题', '技能操作试题', '操作题', '实操题'],
    refusal: {
      zh: '技能操作试题不能用 Excel 导入：评分记录表等结构无法放在一行中，请使用 JSON 格式（见 question-bank-schema/ 说明）',
      en: 'Skill tasks cannot be imported from Excel; use the JSON format (see question-bank-schema/)',
      code: 'type.skill-not-in-excel',
    },
    exportSheet: {
      name: '技能操作试题',
      headers: ['试题代码', '鉴定点', '等级', '考核时间(分钟)', '配分', '试题内容', '考场准备', '考生准备', '序号', '考核要素', '考核要求', '配分(本项)', '评分标准', '否决项'],
      widths: [14, 10, 12, 10, 8, 40, 30, 30, 6, 20, 30, 10, 40, 8],
      // One row per scoring row; the task's own cells are on each row, so the sheet sorts and filters.
      rows: (code, c) =>
        c.scoringRows.map((r, i) => [
          code ?? '',
          c.pointCode,
          c.levels.join(','),
          c.timeAllowedMinutes,
          total(c),
          htmlToText(c.stem),
          c.venuePreparation.join('\n'),
          c.candidatePreparation.join('\n'),
          i + 1,
          r.element,
          r.requirement,
          r.points,
          r.deductionRules,
          r.veto ? '是' : '',
        ]),
    },
  },

  editor: {
    fields: [
      { kind: 'number', name: 'timeAllowedMinutes', label: { zh: '考核时间（分钟）', en: 'Time allowed (minutes)' }, min: 1 },
      { kind: 'textarea', name: 'venuePreparation', label: { zh: '考场准备（每行一项）', en: 'Venue preparation (one per line)' }, rows: 3 },
      { kind: 'textarea', name: 'candidatePreparation', label: { zh: '考生准备（每行一项）', en: 'Candidate preparation (one per line)' }, rows: 3 },
      { kind: 'textarea', name: 'scoringRows', label: { zh: '评分记录表（每行：考核要素|考核要求|配分|评分标准|否决 是/否）', en: 'Scoring sheet (one row per line: element|requirement|points|deduction rules|veto yes/no)' }, rows: 6 },
    ],
    read: (text) => ({
      venuePreparation: parseLines(text('venuePreparation')),
      candidatePreparation: parseLines(text('candidatePreparation')),
      timeAllowedMinutes: parseNumber(text('timeAllowedMinutes') || '0') ?? Number.NaN,
      scoringRows: parseLines(text('scoringRows')).map((line) => {
        const [element, requirement, points, deductionRules, veto] = splitEditorLine(line);
        return { element: element ?? '', requirement: requirement ?? '', points: parseNumber(points ?? '') ?? Number.NaN, deductionRules: deductionRules ?? '', veto: parseVeto(veto ?? '') };
      }),
    }),
    write: (c) => ({
      venuePreparation: c.venuePreparation.join('\n'),
      candidatePreparation: c.candidatePreparation.join('\n'),
      timeAllowedMinutes: String(c.timeAllowedMinutes),
      scoringRows: c.scoringRows.map((r) => [r.element, r.requirement, r.points, r.deductionRules, r.veto ? '是' : '否'].join('|')).join('\n'),
    }),
  },

  render(c, { withKey, labels: l }) {
    const parts = [
      `<p><strong>${escapeHtml(l.timeAllowed)}:</strong> ${c.timeAllowedMinutes} ${escapeHtml(l.minutes)}</p>`,
      `<div class="item-prep"><h4>${escapeHtml(l.venuePreparation)}</h4>${htmlList(c.venuePreparation)}<h4>${escapeHtml(l.candidatePreparation)}</h4>${htmlList(c.candidatePreparation)}</div>`,
    ];
    if (withKey) {
      const rows = c.scoringRows
        .map((r) => `<tr${r.veto ? ' class="veto"' : ''}><td>${escapeHtml(r.element)}</td><td>${escapeHtml(r.requirement)}</td><td>${r.points}</td><td>${escapeHtml(r.deductionRules)}${r.veto ? ` <strong>(${escapeHtml(l.veto)})</strong>` : ''}</td></tr>`)
        .join('');
      parts.push(
        `<table class="data scoring-sheet"><caption>${escapeHtml(l.scoringSheet)}</caption><thead><tr><th>${escapeHtml(l.element)}</th><th>${escapeHtml(l.requirement)}</th><th>${escapeHtml(l.points)}</th><th>${escapeHtml(l.deductionRules)}</th></tr></thead><tbody>${rows}</tbody></table>`,
      );
    }
    return parts.join('');
  },

  response: SkillSheetSchema,
  /**
   * One examiner's sheet: each row scores its points less its deduction, never below 0; a
   * failed veto row sets the task to 0. The task is then scaled to the paper's points.
   */
  score(c, sheet, { points }) {
    if (sheet === undefined) return { status: 'needs-marking', max: points };
    const raw = sheet.vetoed ? 0 : c.scoringRows.reduce((sum, row, i) => sum + Math.max(0, row.points - Math.min(row.points, sheet.deductions[i] ?? 0)), 0);
    const scaled = (raw * points) / total(c);
    return { status: 'scored', points: scaled, max: points, correct: scaled === points };
  },
  statistics: {
    scoredBy: 'examiners',
    scale: 'graded',
    facilityMeaning: { zh: '平均得分与满分之比（各考评员分数合成后）', en: "mean mark over the maximum mark (after combining the examiners' scores)" },
  },
};
