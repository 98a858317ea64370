import type { Level } from '../../../../server/standards/schemas';
import type { Params, Rand } from '../kit';
import type { SkillTask, SkillTemplate } from './skill';

/** Shared pieces of the skill tasks (技能操作试题): preparation lists and the fixed scoring rows. */

export type Row = SkillTask['scoringRows'][number];

/** One scoring row (not a veto row). */
export function row(element: string, requirement: string, points: number, deductionRules: string): Row {
  return { element, requirement, points, deductionRules, veto: false };
}

/** 安全文明生产: a scored row (desk tasks such as lesson plans are judged on their safety content). */
export function safetyRow(points = 5, desk = false): Row {
  return desk
    ? row('安全文明生产', '方案（教案）中安全技术措施完整、正确；示范操作时正确穿戴劳动防护用品；遵守考场纪律', points, '缺少安全技术措施扣 3 分；示范时未穿戴劳动防护用品扣 2 分；扣完为止')
    : row('安全文明生产', '正确穿戴劳动防护用品；工具、仪表、材料摆放整齐；操作完毕清理现场', points, '未穿戴劳动防护用品扣 2 分；工具、材料乱放每处扣 1 分；未清理现场扣 2 分；扣完为止');
}

/** The veto row: serious accidents void the task. */
export function vetoRow(points = 5, desk = false): Row {
  return {
    element: '安全操作（否决项）',
    requirement: desk ? '遵守考场纪律和安全规定，不发生设备和人身事故' : '遵守安全操作规程，未经考评员允许不得通电，不发生设备和人身事故',
    points,
    deductionRules: desk ? '违反考场纪律或安全规定每次扣 5 分；发生严重设备和人身事故取消考试资格' : '违反安全操作规程（如带电接线、擅自通电）每次扣 5 分；发生严重设备和人身事故取消考试资格',
    veto: true,
  };
}

/** The task's rows followed by the safety and veto rows; throws unless they add up to 100. */
export function sheet(main: Row[], options: { desk?: boolean } = {}): Row[] {
  const rows = [...main, safetyRow(5, options.desk), vetoRow(5, options.desk)];
  const total = rows.reduce((s, r) => s + r.points, 0);
  if (total !== 100) throw new Error(`scoring rows add up to ${total}, not 100: ${main.map((r) => r.element).join(', ')}`);
  return rows;
}

export const ELECTRICIAN_TOOLS = '常用电工工具 1 套（验电笔、螺钉旋具、钢丝钳、尖嘴钳、剥线钳、电工刀等）';
export const MULTIMETER = '万用表 1 块';
export const PPE = '绝缘鞋、工作服等劳动防护用品';
export const PEN = '黑色签字笔、草稿纸';

/** 考生准备 common to electrical tasks, plus extras. */
export function candidateKit(...extra: string[]): string[] {
  return [ELECTRICIAN_TOOLS, MULTIMETER, ...extra, PPE];
}

/** A template whose parameters choose a variant (and other numbers) from lists. */
export function skill<P extends Params>(template: SkillTemplate<P>): SkillTemplate<P> {
  return template;
}

/** Picks an index into a list of variants. */
export function variant(r: Rand, list: readonly unknown[]): number {
  return r.int(0, list.length - 1);
}

export type { Level };
