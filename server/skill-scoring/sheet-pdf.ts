import { printedTime, type PrintTrace } from '../printing/document';
import { renderFilledScoringSheet } from '../printing/skill-documents';
import { DEFAULT_LEVEL_NAMES, type Level } from '../standards/schemas';
import type { ScoringSheetDoc } from './model';
import { scoreRows } from './rules';

export interface SheetPrintInput {
  occupationName: string;
  level: number;
  part: 'theory' | 'skill' | 'review';
  sessionCode: string;
  candidateName: string;
  admissionNo: string;
  workstation: string;
  task: { position: number; pointCode: string; statement: string; rows: Array<{ element: string; requirement: string; points: number; deductionRules: string; veto: boolean }> };
  sheet: Pick<ScoringSheetDoc, 'rows' | 'vetoed' | 'remarks' | 'score' | 'maxScore' | 'status' | 'signedAt' | 'examinerName'>;
  checkerName: string | undefined;
}

/** One examiner's filled 评分记录表 as a PDF (the layout is the printing module's). */
export function renderScoringSheet(input: SheetPrintInput, trace: PrintTrace): Promise<Buffer> {
  const levelName = DEFAULT_LEVEL_NAMES[input.level as Level]?.zh ?? `${input.level} 级`;
  const what = input.part === 'review' ? '综合评审评分记录表' : '技能操作考核评分记录表';
  const scored = scoreRows(input.task.rows, input.sheet.rows.map((r) => r.deduction), input.sheet.vetoed);
  const signed = input.sheet.status === 'signed' && input.sheet.signedAt ? `${input.sheet.examinerName}（已签名 ${printedTime(new Date(input.sheet.signedAt))}）` : '＿＿＿＿＿＿＿＿（未签名）';
  return renderFilledScoringSheet(
    {
      title: `${input.occupationName}${levelName}${what}`,
      subtitle: `批次 ${input.sessionCode}　　试题 ${input.task.position}${input.task.pointCode ? `（${input.task.pointCode}）` : ''}`,
      candidateLine: `考生姓名：${input.candidateName}　　准考证号：${input.admissionNo}　　考场-工位：${input.workstation}`,
      task: { statement: input.task.statement, timeAllowedMinutes: 0, venuePreparation: [], candidatePreparation: [], rows: input.task.rows },
      filled: { rows: input.sheet.rows.map((r, i) => ({ deduction: r.deduction, score: scored.rows[i]?.score ?? 0, remark: r.remark })), total: scored.total },
      notes: [
        ...(input.sheet.vetoed ? ['否决项：发生否决情形，本题记 0 分。'] : []),
        ...(input.sheet.remarks ? [`备注：${input.sheet.remarks}`] : []),
        `本题得分（按试卷分值）：${Math.round(input.sheet.score * 10) / 10} / ${input.sheet.maxScore}`,
      ],
      signatureLine: `考评员（签名）：${signed}　　核分人（签名）：${input.checkerName ?? '＿＿＿＿＿＿＿＿'}`,
    },
    trace,
  );
}
