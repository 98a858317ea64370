import type { Principal } from '../platform/routing';
import type { AssemblyService } from '../assembly/service';
import type { StandardsService } from '../standards/service';
import type { SessionService } from '../sessions/service';
import type { PaperDoc } from '../assembly/model';
import type { BankDoc } from '../bank/model';
import { recordAudit, type Actor } from '../audit/service';
import { DEFAULT_LEVEL_NAMES } from '../standards/schemas';
import type { CommonContent } from '../question-types/common';
import type { PrintTrace } from './document';
import { printablePaper, type PrintablePaper } from './printable';
import { renderAnswerCard, renderAnswerKey, renderMarkingSheet, renderTheoryPaper } from './papers';
import { answerKeyDocx, theoryPaperDocx } from './docx';
import { renderSkillDocument, SKILL_DOCUMENTS, type SkillDocument } from './skill-documents';

export const PAPER_DOCUMENTS = ['paper', 'answer-card', 'answer-key', 'marking-sheet', ...SKILL_DOCUMENTS] as const;
export type PaperDocument = (typeof PAPER_DOCUMENTS)[number];
/** Word versions exist for the paper and the answer key (what centres edit). */
export const DOCX_DOCUMENTS: readonly PaperDocument[] = ['paper', 'answer-key'];

const RENDERERS: Record<PaperDocument, (paper: PrintablePaper, trace: PrintTrace) => Promise<Buffer>> = {
  paper: renderTheoryPaper,
  'answer-card': (paper, trace) => renderAnswerCard(paper, trace),
  'answer-key': renderAnswerKey,
  'marking-sheet': renderMarkingSheet,
  ...(Object.fromEntries(SKILL_DOCUMENTS.map((what) => [what, (paper: PrintablePaper, trace: PrintTrace) => renderSkillDocument(paper, what as SkillDocument, trace)])) as Record<SkillDocument, (paper: PrintablePaper, trace: PrintTrace) => Promise<Buffer>>),
};
const DOCX_RENDERERS: Partial<Record<PaperDocument, (paper: PrintablePaper, trace: PrintTrace) => Promise<Buffer>>> = {
  paper: theoryPaperDocx,
  'answer-key': answerKeyDocx,
};

/**
 * Printing a stored paper: who may (the assembly permission on its bank), what goes on the
 * header, and the audit entry of every print. The renderers themselves are pure.
 */
export class PrintService {
  constructor(
    private readonly assembly: AssemblyService,
    private readonly standards: StandardsService,
    private readonly sessions: SessionService,
  ) {}

  async printable(principal: Principal, paperId: string): Promise<{ paper: PrintablePaper; bankCode: string }> {
    const { doc, bankDoc } = await this.assembly.paperFor(principal, paperId, 'papers.assemble');
    return this.printableOf(doc, bankDoc);
  }

  private async printableOf(doc: PaperDoc, bankDoc: BankDoc): Promise<{ paper: PrintablePaper; bankCode: string }> {
    const contents = (await this.assembly.paperContents(doc.paper)) as ReadonlyMap<string, CommonContent>;
    const occupation = await this.standards.getOccupation(bankDoc.occupationCode);
    const form = doc.paper.form ? String.fromCharCode(65 + doc.paper.form.index) : undefined;
    const paper = printablePaper(doc.paper, doc.blueprint, contents, {
      occupationName: occupation.name,
      levelLabel: DEFAULT_LEVEL_NAMES[doc.paper.level].zh,
      paperCode: `${bankDoc.code}-${String(doc._id).slice(-8).toUpperCase()}`,
      durationMinutes: doc.blueprint.durationMinutes ?? 120,
      standard: `${occupation.name}国家职业技能标准（${bankDoc.standardEdition}年版）`,
      form,
    });
    return { paper, bankCode: bankDoc.code };
  }

  /** One document of a paper, as PDF or Word; every print is audited with its copy number. */
  async render(principal: Principal, paperId: string, what: PaperDocument, format: 'pdf' | 'docx', actor: Actor, copy?: { k: number; n: number }, now = new Date()): Promise<Buffer> {
    const { paper, bankCode } = await this.printable(principal, paperId);
    const trace: PrintTrace = { centreCode: bankCode, operator: principal.displayName, printedAt: now, ...(copy ? { copy } : {}) };
    const renderer = format === 'pdf' ? RENDERERS[what] : DOCX_RENDERERS[what];
    if (!renderer) throw new Error(`no ${format} renderer for ${what}`);
    const bytes = await renderer(paper, trace);
    await recordAudit(actor, { action: 'papers.print', target: { type: 'paper', id: paperId, label: paper.header.paperCode }, details: { document: what, format, ...(copy ? { copy: `${copy.k}/${copy.n}` } : {}) } });
    return bytes;
  }

  /**
   * One document of a session's paper (a form, or a registration's own paper), printed by the
   * session's centre: its code in the footer, and the print audited against the session.
   */
  async renderForSession(principal: Principal, sessionId: string, choice: { form?: string; registrationId?: string }, what: PaperDocument, format: 'pdf' | 'docx', actor: Actor, copy?: { k: number; n: number }, now = new Date()): Promise<{ bytes: Buffer; label: string }> {
    const target = await this.sessions.paperToPrint(principal, sessionId, choice);
    const { doc, bankDoc } = await this.assembly.storedPaper(target.paperId);
    const { paper } = await this.printableOf(doc, bankDoc);
    const trace: PrintTrace = { centreCode: target.centreCode, operator: principal.displayName, printedAt: now, ...(copy ? { copy } : {}) };
    const renderer = format === 'pdf' ? RENDERERS[what] : DOCX_RENDERERS[what];
    if (!renderer) throw new Error(`no ${format} renderer for ${what}`);
    const bytes = await renderer(paper, trace);
    await recordAudit(actor, { action: 'session.print', target: { type: 'session', id: sessionId, label: target.label }, details: { document: what, format, paperId: target.paperId, ...(copy ? { copy: `${copy.k}/${copy.n}` } : {}) } });
    return { bytes, label: target.label };
  }
}
