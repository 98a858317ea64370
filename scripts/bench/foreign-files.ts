import iconv from 'iconv-lite';
import { Document, HeadingLevel, Packer, Paragraph } from 'docx';

/**
 * Bulk files in other systems' formats for `npm run bench:import`: a GB18030 CSV with quoted
 * fields holding commas, and a Word paper in the common Chinese layout. Single-choice items on
 * one appraisal point (given as the import's default, as outside files rarely carry one).
 */

export function bulkCsv(count: number): Buffer {
  const lines = ['题目,类型,A,B,C,D,标准答案,难度'];
  for (let i = 0; i < count; i++) lines.push(`"第 ${i + 1} 道批量试题，含逗号, 的题干（　）。",单选,甲${i},乙${i},丙${i},丁${i},B,${(i % 5) + 1}`);
  return iconv.encode(lines.join('\r\n'), 'gb18030');
}

export async function bulkDocx(count: number): Promise<Buffer> {
  const children: Paragraph[] = [new Paragraph({ text: '一、单项选择题（每题1分）', heading: HeadingLevel.HEADING_2 })];
  for (let i = 0; i < count; i++) {
    children.push(new Paragraph(`${i + 1}. 第 ${i + 1} 道批量试题的题干是（ B ）。`));
    children.push(new Paragraph(`A. 选项甲${i}  B. 选项乙${i}  C. 选项丙${i}  D. 选项丁${i}`));
    if (i % 3 === 0) children.push(new Paragraph(`解析：第 ${i + 1} 题的解析。`));
  }
  return Buffer.from(await Packer.toBuffer(new Document({ sections: [{ children }] })));
}
