import type { Blueprint, Paper } from '../assembly/engine';
import type { CommonContent } from '../question-types/common';
import type { PrintedBody, PrintedTask } from '../question-types/types';
import { questionTypes } from '../question-types';
import { richTextToPlain } from '../bank/interchange/rich-text';

/**
 * A paper as the print renderers take it: plain text in paper order, each item asking its
 * question type how it prints. Pure: the paper record, its blueprint, the pinned contents and
 * the header in; data out.
 */
export interface PaperHeader {
  occupationName: string;
  /** `三级/高级工` */
  levelLabel: string;
  /** 科目代码 / paper code. */
  paperCode: string;
  durationMinutes: number;
  /** The standard the paper follows, e.g. `电工国家职业技能标准（2018年版）`. */
  standard: string;
  /** `A` / `B` for parallel forms. */
  form?: string | undefined;
}

export interface PrintableItem {
  number: number;
  stem: string;
  body: PrintedBody;
  points: number;
  bubbles: string[];
  key: string;
  pointCode: string;
  /** For skill tasks: what the skill-test documents print. */
  task?: PrintedTask | undefined;
}

export interface PrintableSection {
  /** The standard wording: `一、单项选择题(第1题~第80题。选择一个正确的答案，…。每题1分，满分80分。)` */
  heading: string;
  /** `一`, `二`… for the score grid. */
  ordinal: string;
  typeLabel: string;
  items: PrintableItem[];
  points: number;
}

export interface PrintablePaper {
  header: PaperHeader;
  sections: PrintableSection[];
  totalPoints: number;
}

const ORDINALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

function formatPoints(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}

export function printablePaper(paper: Paper, blueprint: Blueprint, contents: ReadonlyMap<string, CommonContent>, header: PaperHeader): PrintablePaper {
  const sections: PrintableSection[] = [];
  let number = 0;
  blueprint.sections.forEach((section, index) => {
    const items = paper.items.filter((i) => i.section === index);
    if (items.length === 0) return;
    const module = questionTypes.get(section.type);
    const first = number + 1;
    const printed = items.map((item): PrintableItem => {
      const content = contents.get(`${item.itemId}@${item.version}`) ?? contents.get(item.itemId);
      if (!content) throw new Error(`the content of item ${item.itemId} v${item.version} is missing`);
      const order = item.optionPermutation.length ? item.optionPermutation : undefined;
      number += 1;
      return {
        number,
        stem: richTextToPlain(content.stem),
        body: module.print.body(content, order, richTextToPlain),
        points: item.points,
        bubbles: module.print.bubbles(content),
        key: module.print.key(content, order, richTextToPlain),
        task: module.print.task?.(content, richTextToPlain),
        pointCode: item.pointCode,
      };
    });
    const total = printed.reduce((sum, i) => sum + i.points, 0);
    const each = printed.every((i) => i.points === printed[0]!.points) ? `每题${formatPoints(printed[0]!.points)}分，` : '';
    const ordinal = ORDINALS[sections.length] ?? String(sections.length + 1);
    const typeLabel = section.title?.trim() || module.label.zh;
    sections.push({
      heading: `${ordinal}、${typeLabel}(第${first}题~第${number}题。${module.print.instruction.zh}。${each}满分${formatPoints(total)}分。)`,
      ordinal,
      typeLabel,
      items: printed,
      points: total,
    });
  });
  return { header, sections, totalPoints: sections.reduce((sum, s) => sum + s.points, 0) };
}
