import mongoose from 'mongoose';
import type { z } from 'zod';
import { objectIdOr404 } from '../platform/ids';
import { fieldErrorsFromZod, problems } from '../platform/problem';
import type { Principal } from '../platform/routing';
import { decide } from '../identity/access';
import { UserModel } from '../identity/model';
import { withAudit } from '../audit/intents';
import { recordAudit, type Actor } from '../audit/service';
import type { BankService } from '../bank/service';
import { ImmutableContentCache } from '../delivery/caches';
import { questionTypes } from '../question-types';
import { htmlToText } from '../question-types/render-kit';
import { CentreModel, ExamSessionModel, RegistrationModel, RoomRecordModel, type ExamSessionDoc, type RegistrationDoc } from '../sessions/model';
import { sessionTarget, type SessionService } from '../sessions/service';
import type { PartScore } from '../results/part-scores';
import { ConfirmationModel, ScoringPlanModel, ScoringSheetModel, type ConfirmationDoc, type PanelDoc, type ScoringPlanDoc, type ScoringSheetDoc } from './model';
import { fewestScoresFor, panelSizeRefusal, REVIEW_ROWS, scoreRows, type PanelRule } from './rules';
import { candidateTotal } from './totals';
import { ScoringPlanInputSchema, SheetEntrySchema, SignSchema, type SheetEntry } from './schemas';
import { renderScoringSheet } from './sheet-pdf';

/** A task on a candidate's sheet: its position, points on the paper and scoring rows. */
export interface ScoredTask {
  position: number;
  maxScore: number;
  pointCode: string;
  statement: string;
  rows: Array<{ element: string; requirement: string; points: number; deductionRules: string; veto: boolean }>;
  /** The task's score on one examiner's sheet, scaled to `maxScore`. */
  score(deductions: number[], vetoed: boolean): number;
}

export interface SheetView {
  id: string;
  registrationId: string;
  position: number;
  panelCode: string;
  examinerId: string;
  examinerName: string;
  rows: Array<{ element: string; points: number; deduction: number; score: number; remark: string; veto: boolean }>;
  vetoed: boolean;
  remarks: string;
  score: number;
  maxScore: number;
  status: 'draft' | 'signed';
  signedAt?: string;
  revision: number;
  reopenings: Array<{ at: string; byName: string; reason: string }>;
}

export interface PlanView {
  sessionId: string;
  combination: { method: 'mean' | 'median' | 'trimmed'; trim: number };
  panels: Array<{ code: string; name: string; rooms: string[]; examiners: string[]; checker: string; examinerIds: string[]; checkerId: string }>;
  revision: number;
}

/** A task's combined score as pages show it (two decimals; the total is kept to one, unrounded until then). */
const forDisplay = (value: number) => Math.round(value * 100) / 100;

const NOT_FOUND = '没有这名考生或这张评分记录表，或您无权查看。';
const notFound = () => problems.notFound(NOT_FOUND);

function parse<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw problems.validation(fieldErrorsFromZod(parsed.error, 'body'));
  return parsed.data;
}

function planView(doc: ScoringPlanDoc): PlanView {
  return {
    sessionId: String(doc._id),
    combination: { method: doc.combination.method, trim: doc.combination.trim },
    panels: doc.panels.map((p) => ({ code: p.code, name: p.name, rooms: p.roomCodes, examiners: p.examinerNames, checker: p.checkerName, examinerIds: p.examinerIds, checkerId: p.checkerId })),
    revision: doc.revision,
  };
}

/**
 * Examiner scoring of skill tests (技能操作考核) and panel reviews (综合评审): examiner groups per
 * candidate group (rooms), one 评分记录表 per examiner, candidate and task (entered, then signed),
 * the checker's (核分人) confirmation of the totals, reopening with a reason, and the part scores
 * the results capability reads. Examiners see each other's entries only once all have signed;
 * before that, another examiner's sheet is out of scope (404).
 */
export class SkillScoringService {
  private readonly content: ImmutableContentCache;

  constructor(
    private readonly sessions: SessionService,
    bank: BankService,
    private readonly panelRule: PanelRule,
  ) {
    this.content = new ImmutableContentCache(bank);
  }

  // ---- the plan: panels and the combination rule ------------------------------------------

  async setPlan(principal: Principal, sessionId: string, body: unknown, actor: Actor): Promise<PlanView> {
    const input = parse(ScoringPlanInputSchema, body);
    const session = await this.sessions.sessionFor(principal, sessionId, 'sessions.manage');
    if (session.part === 'theory') throw problems.conflict('理论知识批次由机考评分，不设考评组。');
    if (session.status === 'closed') throw problems.conflict('考试批次已结束，不能再更改考评组。');
    if (await ScoringSheetModel.exists({ sessionId: session._id })) throw problems.conflict('已经开始评分，不能再更改考评组或合成规则。');
    const errors: Array<{ path: string; message: string }> = [];
    const names = [...new Set(input.panels.flatMap((p) => [...p.examiners, p.checker].map((n) => n.toLowerCase())))];
    const users = await UserModel.find({ username: { $in: names } }, { username: 1, displayName: 1, roles: 1, status: 1 }).lean();
    const byName = new Map(users.map((u) => [u.username, u]));
    const target = sessionTarget(session);
    const roomOwner = new Map<string, string>();
    const idOf = (name: string, action: 'scoring.enter' | 'scoring.check', path: string, label: string): { id: string; name: string } => {
      const user = byName.get(name.toLowerCase());
      const who = user && { kind: 'staff' as const, id: String(user._id), displayName: user.displayName, roles: user.roles, tokenVersion: 0 };
      if (!user || user.status !== 'active' || !who || !decide(who, action, target).allowed) {
        errors.push({ path, message: `${name} 不是本机构的${label}` });
        return { id: '', name };
      }
      return { id: String(user._id), name: user.displayName };
    };
    const panels: PanelDoc[] = input.panels.map((panel, i) => {
      const size = new Set(panel.examiners.map((n) => n.toLowerCase())).size;
      if (size !== panel.examiners.length) errors.push({ path: `body.panels.${i}.examiners`, message: `考评组 ${panel.code} 的考评员有重复` });
      const refusal = panelSizeRefusal(size, this.panelRule);
      if (refusal === 'too-few') errors.push({ path: `body.panels.${i}.examiners`, message: `考评组 ${panel.code} 有 ${size} 名考评员，至少需要 ${this.panelRule.min} 名` });
      if (refusal === 'even') errors.push({ path: `body.panels.${i}.examiners`, message: `考评组 ${panel.code} 有 ${size} 名考评员，须为奇数` });
      if (size < fewestScoresFor(input.combination)) errors.push({ path: `body.panels.${i}.examiners`, message: `去掉最高和最低各 ${input.combination.trim} 个分数后，考评组 ${panel.code} 须至少有 ${fewestScoresFor(input.combination)} 名考评员` });
      if (panel.examiners.some((n) => n.toLowerCase() === panel.checker.toLowerCase())) errors.push({ path: `body.panels.${i}.checker`, message: `核分人不能同时是考评组 ${panel.code} 的考评员` });
      for (const [j, room] of panel.rooms.entries()) {
        if (!session.rooms.some((r) => r.code === room)) errors.push({ path: `body.panels.${i}.rooms.${j}`, message: `没有考场 ${room}` });
        else if (roomOwner.has(room)) errors.push({ path: `body.panels.${i}.rooms.${j}`, message: `考场 ${room} 已分配给考评组 ${roomOwner.get(room)}` });
        else roomOwner.set(room, panel.code);
      }
      const examiners = panel.examiners.map((n, j) => idOf(n, 'scoring.enter', `body.panels.${i}.examiners.${j}`, '考评员'));
      const checker = idOf(panel.checker, 'scoring.check', `body.panels.${i}.checker`, '考评员（核分人）');
      return { code: panel.code, name: panel.name, roomCodes: panel.rooms, examinerIds: examiners.map((e) => e.id), examinerNames: examiners.map((e) => e.name), checkerId: checker.id, checkerName: checker.name };
    });
    const codes = input.panels.map((p) => p.code);
    if (new Set(codes).size !== codes.length) errors.push({ path: 'body.panels', message: '考评组编号不能重复' });
    if (errors.length) throw problems.rule(errors, '考评组不符合要求。');
    const set = { centreId: session.centreId, combination: input.combination, panels, updatedBy: principal.id };
    const label = `${session.code} ${session.title}`;
    const details = { combination: input.combination, panels: panels.map((p) => ({ code: p.code, rooms: p.roomCodes, examiners: p.examinerIds.length })) };
    const doc = await withAudit(actor, { action: 'scoring.plan.set', target: { type: 'session', id: sessionId, label }, details }, async () => {
      if (input.revision === undefined) {
        try {
          return (await ScoringPlanModel.create({ _id: session._id, ...set, revision: 1 })).toObject() as ScoringPlanDoc;
        } catch (error) {
          if ((error as { code?: number }).code === 11000) throw problems.conflict('考评组已设置，修改时请带上当前版本号（revision）。');
          throw error;
        }
      }
      const updated = (await ScoringPlanModel.findOneAndUpdate({ _id: session._id, revision: input.revision }, { $set: set, $inc: { revision: 1 } }, { returnDocument: 'after', lean: true })) as ScoringPlanDoc | null;
      if (!updated) throw problems.conflict('考评组已被他人修改，请刷新后重试。');
      return updated;
    });
    return planView(doc);
  }

  async getPlan(principal: Principal, sessionId: string): Promise<PlanView> {
    const session = await this.sessions.sessionFor(principal, sessionId, 'sessions.view');
    const plan = (await ScoringPlanModel.findById(session._id).lean()) as ScoringPlanDoc | null;
    if (!plan) throw problems.notFound('本批次还没有设置考评组。');
    return planView(plan);
  }

  // ---- what a candidate is scored on ------------------------------------------------------

  /** The candidate's tasks: the skill items of the paper it sits, or the one review sheet. */
  async tasksOf(session: ExamSessionDoc, reg: RegistrationDoc): Promise<ScoredTask[]> {
    if (!session.blueprintId) {
      return [{ position: 1, maxScore: 100, pointCode: '', statement: '综合评审', rows: REVIEW_ROWS.map((r) => ({ ...r })), score: (deductions, vetoed) => scoreRows(REVIEW_ROWS, deductions, vetoed).total }];
    }
    const paperId = await this.sessions.paperForRegistration(session, reg);
    const paper = await this.content.paper(paperId);
    if (!paper) return [];
    const contents = await this.content.contentsOf(paper.paper.items);
    return paper.paper.items.flatMap((item, i) => {
      const module = questionTypes.get(item.type);
      const content = contents.get(`${item.itemId}@${item.version}`);
      const printed = content && module.print.task?.(content as never, htmlToText);
      if (!content || !printed) return [];
      return [{
        position: i + 1,
        maxScore: item.points,
        pointCode: item.pointCode,
        statement: printed.statement,
        rows: printed.rows,
        score: (deductions: number[], vetoed: boolean) => {
          const scored = module.score(content as never, { deductions, vetoed } as never, { points: item.points });
          return scored.status === 'scored' ? scored.points : 0;
        },
      }];
    });
  }

  private async registration(registrationId: string): Promise<{ reg: RegistrationDoc; session: ExamSessionDoc; plan: ScoringPlanDoc | null }> {
    const reg = (await RegistrationModel.findById(objectIdOr404(registrationId, 'registration')).lean()) as RegistrationDoc | null;
    if (!reg) throw notFound();
    const session = (await ExamSessionModel.findById(reg.sessionId).lean()) as ExamSessionDoc | null;
    if (!session || session.part === 'theory') throw notFound();
    const plan = (await ScoringPlanModel.findById(session._id).lean()) as ScoringPlanDoc | null;
    return { reg, session, plan };
  }

  /** The panel that scores this candidate, if the principal is on it (as examiner or as checker). */
  private panelFor(principal: Principal, session: ExamSessionDoc, plan: ScoringPlanDoc | null, reg: RegistrationDoc, as: 'examiner' | 'checker' | 'either'): PanelDoc | undefined {
    const panel = plan?.panels.find((p) => p.roomCodes.includes(reg.roomCode));
    if (!panel) return undefined;
    const isExaminer = panel.examinerIds.includes(principal.id) && decide(principal, 'scoring.enter', sessionTarget(session)).allowed;
    const isChecker = panel.checkerId === principal.id && decide(principal, 'scoring.check', sessionTarget(session)).allowed;
    if (as === 'examiner' ? isExaminer : as === 'checker' ? isChecker : isExaminer || isChecker) return panel;
    return undefined;
  }

  private async examinerTask(principal: Principal, registrationId: string, position: number) {
    const { reg, session, plan } = await this.registration(registrationId);
    const panel = this.panelFor(principal, session, plan, reg, 'examiner');
    if (!panel) throw notFound();
    const task = (await this.tasksOf(session, reg)).find((t) => t.position === position);
    if (!task) throw notFound();
    return { reg, session, plan: plan!, panel, task };
  }

  // ---- sheets -----------------------------------------------------------------------------

  private view(sheet: ScoringSheetDoc, task: ScoredTask | undefined): SheetView {
    const scored = scoreRows(task?.rows ?? sheet.rows.map(() => ({ points: 0 })), sheet.rows.map((r) => r.deduction), sheet.vetoed);
    return {
      id: String(sheet._id),
      registrationId: sheet.registrationId,
      position: sheet.position,
      panelCode: sheet.panelCode,
      examinerId: sheet.examinerId,
      examinerName: sheet.examinerName,
      rows: sheet.rows.map((r, i) => ({ element: task?.rows[i]?.element ?? '', points: task?.rows[i]?.points ?? 0, deduction: r.deduction, score: scored.rows[i]?.score ?? 0, remark: r.remark, veto: task?.rows[i]?.veto ?? false })),
      vetoed: sheet.vetoed,
      remarks: sheet.remarks,
      score: sheet.score,
      maxScore: sheet.maxScore,
      status: sheet.status,
      ...(sheet.signedAt ? { signedAt: sheet.signedAt.toISOString() } : {}),
      revision: sheet.revision,
      reopenings: (sheet.reopenings ?? []).map((r) => ({ at: new Date(r.at).toISOString(), byName: r.byName, reason: r.reason })),
    };
  }

  /** Enters (or changes) the examiner's own draft sheet: deductions and remarks per row. */
  async saveSheet(principal: Principal, registrationId: string, position: number, body: unknown, actor: Actor): Promise<SheetView> {
    const entry: SheetEntry = parse(SheetEntrySchema, body);
    const { reg, session, panel, task } = await this.examinerTask(principal, registrationId, position);
    if (session.status !== 'open' && session.status !== 'closed') throw problems.conflict('考核开始后才能评分。');
    if (reg.status !== 'registered') throw problems.conflict(reg.status === 'absent' ? '该考生缺考，不评分。' : '该考生成绩无效，不评分。');
    if (entry.rows.length !== task.rows.length) throw problems.rule([{ path: 'body.rows', message: `评分记录表有 ${task.rows.length} 行，填写了 ${entry.rows.length} 行` }], '评分行数不符。');
    const deductions = entry.rows.map((r) => r.deduction);
    const score = task.score(deductions, entry.vetoed);
    const set = { rows: entry.rows, vetoed: entry.vetoed, remarks: entry.remarks, score };
    const sheetKey = `${registrationId}:${position}:${principal.id}`;
    const label = `${reg.admissionNo} ${reg.name} 试题 ${position}`;
    const details = { position, deductions, vetoed: entry.vetoed, score };
    const existing = (await ScoringSheetModel.findOne({ sheetKey }).lean()) as ScoringSheetDoc | null;
    const saved = await withAudit(actor, { action: 'scoring.sheet.save', target: { type: 'registration', id: registrationId, label }, details }, async () => {
      if (!existing) {
        try {
          return (await ScoringSheetModel.create({ sheetKey, sessionId: session._id, registrationId, panelCode: panel.code, position, examinerId: principal.id, examinerName: principal.displayName, ...set, maxScore: task.maxScore, status: 'draft', revision: 1, reopenings: [] })).toObject() as ScoringSheetDoc;
        } catch (error) {
          if ((error as { code?: number }).code === 11000) throw problems.conflict('评分记录表已由另一个页面保存，请刷新后重试。');
          throw error;
        }
      }
      if (existing.status === 'signed') throw problems.conflict('评分记录表已签名，须由核分人退回并说明原因后才能修改。');
      const filter: Record<string, unknown> = { _id: existing._id, examinerId: principal.id, status: 'draft', ...(entry.revision !== undefined ? { revision: entry.revision } : {}) };
      const updated = (await ScoringSheetModel.findOneAndUpdate(filter, { $set: set, $inc: { revision: 1 } }, { returnDocument: 'after', lean: true })) as ScoringSheetDoc | null;
      if (!updated) throw problems.conflict('评分记录表已变化（已签名或在别处修改），请刷新后重试。');
      return updated;
    });
    return this.view(saved, task);
  }

  /** 签名: the examiner signs the sheet as saved at `revision`; signed, it no longer changes. */
  async signSheet(principal: Principal, registrationId: string, position: number, body: unknown, actor: Actor): Promise<SheetView> {
    const { revision } = parse(SignSchema, body);
    const { reg, task } = await this.examinerTask(principal, registrationId, position);
    const sheetKey = `${registrationId}:${position}:${principal.id}`;
    const existing = (await ScoringSheetModel.findOne({ sheetKey }).lean()) as ScoringSheetDoc | null;
    if (!existing) throw problems.conflict('请先填写并保存评分记录表再签名。');
    if (existing.status === 'signed') throw problems.conflict('评分记录表已签名。');
    const signed = await withAudit(actor, { action: 'scoring.sheet.sign', target: { type: 'registration', id: registrationId, label: `${reg.admissionNo} ${reg.name} 试题 ${position}` }, details: { position, revision, score: existing.score } }, async () => {
      const updated = (await ScoringSheetModel.findOneAndUpdate({ _id: existing._id, examinerId: principal.id, status: 'draft', revision }, { $set: { status: 'signed', signedAt: new Date() }, $inc: { revision: 1 } }, { returnDocument: 'after', lean: true })) as ScoringSheetDoc | null;
      if (!updated) throw problems.conflict('评分记录表在签名前已变化，请核对后重新签名。');
      return updated;
    });
    return this.view(signed, task);
  }

  /**
   * One task of one candidate as an examiner sees it: the task's rows, the examiner's own sheet,
   * and the other examiners' sheets only once every sheet of the task is signed.
   */
  async task(principal: Principal, registrationId: string, position: number): Promise<{ registration: { id: string; admissionNo: string; name: string; roomCode: string; seat: number; status: string }; session: { id: string; code: string; title: string; part: string }; task: Omit<ScoredTask, 'score'>; mine: SheetView | null; others: SheetView[] | null; combined: number | null; examiners: number }> {
    const { reg, session, plan, panel, task } = await this.examinerTask(principal, registrationId, position);
    const sheets = ((await ScoringSheetModel.find({ registrationId }).lean()) as ScoringSheetDoc[]).filter((s) => s.position === position && panel.examinerIds.includes(s.examinerId));
    const mine = sheets.find((s) => s.examinerId === principal.id);
    const allSigned = panel.examinerIds.every((id) => sheets.some((s) => s.examinerId === id && s.status === 'signed'));
    const totals = candidateTotal([task], panel.examinerIds, sheets, plan.combination);
    const { score: _score, ...shown } = task;
    return {
      registration: { id: String(reg._id), admissionNo: reg.admissionNo, name: reg.name, roomCode: reg.roomCode, seat: reg.seat, status: reg.status },
      session: { id: String(session._id), code: session.code, title: session.title, part: session.part },
      task: shown,
      mine: mine ? this.view(mine, task) : null,
      others: allSigned ? sheets.filter((s) => s.examinerId !== principal.id).map((s) => this.view(s, task)) : null,
      combined: allSigned ? forDisplay(totals.tasks[0]!.combined) : null,
      examiners: panel.examinerIds.length,
    };
  }

  /**
   * One sheet by id: its examiner always; the panel's other examiners and its checker only once
   * every sheet of that task is signed; centre staff with `sessions.view` likewise. Otherwise 404.
   */
  async sheet(principal: Principal, sheetId: string): Promise<{ sheet: SheetView; doc: ScoringSheetDoc; reg: RegistrationDoc; session: ExamSessionDoc; task: ScoredTask | undefined }> {
    const doc = (await ScoringSheetModel.findById(objectIdOr404(sheetId, 'sheet')).lean()) as ScoringSheetDoc | null;
    if (!doc) throw notFound();
    const { reg, session, plan } = await this.registration(doc.registrationId);
    const panel = plan?.panels.find((p) => p.code === doc.panelCode);
    const own = doc.examinerId === principal.id && decide(principal, 'scoring.enter', sessionTarget(session)).allowed;
    if (!own) {
      const onPanel = this.panelFor(principal, session, plan, reg, 'either') !== undefined;
      const staff = decide(principal, 'sessions.view', sessionTarget(session)).allowed;
      if (!panel || !(onPanel || staff)) throw notFound();
      const siblings = ((await ScoringSheetModel.find({ registrationId: doc.registrationId }).lean()) as ScoringSheetDoc[]).filter((s) => s.position === doc.position);
      const allSigned = panel.examinerIds.every((id) => siblings.some((s) => s.examinerId === id && s.status === 'signed'));
      if (!allSigned) throw notFound();
    }
    const task = (await this.tasksOf(session, reg)).find((t) => t.position === doc.position);
    return { sheet: this.view(doc, task), doc, reg, session, task };
  }

  async printSheet(principal: Principal, sheetId: string, actor: Actor): Promise<Buffer> {
    const { doc, reg, session, task } = await this.sheet(principal, sheetId);
    if (!task) throw notFound();
    const confirmation = (await ConfirmationModel.findById(reg._id).lean()) as ConfirmationDoc | null;
    const centre = await CentreModel.findById(session.centreId, { type: 1, orgCode: 1 }).lean();
    const pdf = await renderScoringSheet(
      { occupationName: session.occupationName, level: session.level, part: session.part, sessionCode: session.code, candidateName: reg.name, admissionNo: reg.admissionNo, workstation: `${reg.roomCode}-${reg.seat}`, task, sheet: doc, checkerName: confirmation?.status === 'confirmed' ? confirmation.confirmedByName : undefined },
      { centreCode: centre ? `${centre.type}${centre.orgCode}` : '', operator: principal.displayName, printedAt: new Date() },
    );
    await recordAudit(actor, { action: 'scoring.sheet.print', target: { type: 'registration', id: String(reg._id), label: `${reg.admissionNo} ${reg.name} 试题 ${doc.position}` }, details: { sheetId } });
    return pdf;
  }

  // ---- the checker (核分人) ----------------------------------------------------------------

  /** Everything of one candidate the checker needs: every task, every sheet, the combination. */
  async candidateForChecker(principal: Principal, registrationId: string) {
    const { reg, session, plan } = await this.registration(registrationId);
    const panel = this.panelFor(principal, session, plan, reg, 'checker');
    if (!panel) throw notFound();
    const tasks = await this.tasksOf(session, reg);
    const sheets = ((await ScoringSheetModel.find({ registrationId }).lean()) as ScoringSheetDoc[]).filter((s) => panel.examinerIds.includes(s.examinerId));
    const totals = candidateTotal(tasks, panel.examinerIds, sheets, plan!.combination);
    const confirmation = (await ConfirmationModel.findById(reg._id).lean()) as ConfirmationDoc | null;
    return {
      registration: { id: String(reg._id), admissionNo: reg.admissionNo, name: reg.name, roomCode: reg.roomCode, seat: reg.seat, status: reg.status },
      session: { id: String(session._id), code: session.code, title: session.title, part: session.part },
      combination: plan!.combination,
      panel: { code: panel.code, name: panel.name, examiners: panel.examinerNames },
      tasks: tasks.map((task, i) => ({
        position: task.position,
        maxScore: task.maxScore,
        pointCode: task.pointCode,
        // Like everyone else, the checker sees the entries of a task once all its sheets are signed; before, only who has signed.
        sheets: panel.examinerIds.map((id, j) => {
          const sheet = sheets.find((s) => s.examinerId === id && s.position === task.position);
          const allSigned = totals.tasks[i]!.scores.length === panel.examinerIds.length;
          return { examinerName: panel.examinerNames[j]!, status: sheet?.status ?? 'missing', sheet: allSigned && sheet ? this.view(sheet, task) : null };
        }),
        combined: totals.tasks[i]!.scores.length === panel.examinerIds.length ? forDisplay(totals.tasks[i]!.combined) : null,
      })),
      outstanding: totals.outstanding,
      total: totals.total,
      confirmation: confirmation && this.isCurrent(confirmation, sheets) ? { status: confirmation.status, total: confirmation.total, confirmedByName: confirmation.confirmedByName, confirmedAt: confirmation.confirmedAt.toISOString() } : confirmation ? { status: 'reopened' as const, total: confirmation.total, confirmedByName: confirmation.confirmedByName, confirmedAt: confirmation.confirmedAt.toISOString() } : null,
    };
  }

  private isCurrent(confirmation: ConfirmationDoc, sheets: readonly ScoringSheetDoc[]): boolean {
    return confirmation.status === 'confirmed' && confirmation.sheets.length === sheets.filter((s) => s.status === 'signed').length && confirmation.sheets.every((c) => sheets.some((s) => String(s._id) === c.id && s.revision === c.revision && s.status === 'signed'));
  }

  /** 核分: the checker confirms the candidate's totals once every sheet is signed. */
  async confirm(principal: Principal, registrationId: string, actor: Actor): Promise<{ total: number; status: 'confirmed' }> {
    const view = await this.candidateForChecker(principal, registrationId);
    if (view.registration.status !== 'registered') throw problems.conflict('该考生缺考或成绩无效，无需核分。');
    if (view.outstanding > 0 || view.total === null) throw problems.conflict(`还有 ${view.outstanding} 张评分记录表未签名，不能核分。`);
    const sheets = (await ScoringSheetModel.find({ registrationId }).lean()) as ScoringSheetDoc[];
    const counted = sheets.filter((s) => s.status === 'signed');
    const session = new mongoose.Types.ObjectId(view.session.id);
    const set = {
      sessionId: session,
      status: 'confirmed' as const,
      total: view.total,
      tasks: view.tasks.map((t) => ({ position: t.position, combined: t.combined ?? 0, maxScore: t.maxScore, scores: t.sheets.map((s) => s.sheet?.score ?? 0) })),
      sheets: counted.map((s) => ({ id: String(s._id), revision: s.revision })),
      confirmedBy: principal.id,
      confirmedByName: principal.displayName,
      confirmedAt: new Date(),
    };
    const id = new mongoose.Types.ObjectId(registrationId);
    await withAudit(actor, { action: 'scoring.confirm', target: { type: 'registration', id: registrationId, label: `${view.registration.admissionNo} ${view.registration.name}` }, details: { total: view.total, sheets: counted.length } }, async () => {
      try {
        await ConfirmationModel.findOneAndUpdate({ _id: id, status: { $ne: 'confirmed' } }, { $set: set, $setOnInsert: { reopenings: [] } }, { upsert: true });
      } catch (error) {
        if ((error as { code?: number }).code === 11000) throw problems.conflict('该考生的总分已确认。');
        throw error;
      }
    });
    return { total: view.total, status: 'confirmed' };
  }

  /**
   * Reopens a signed sheet with a reason (the checker of its panel): the candidate's
   * confirmation, if any, is withdrawn first, then the sheet returns to its examiner as a draft.
   */
  async reopen(principal: Principal, sheetId: string, reason: string, actor: Actor): Promise<SheetView> {
    const doc = (await ScoringSheetModel.findById(objectIdOr404(sheetId, 'sheet')).lean()) as ScoringSheetDoc | null;
    if (!doc) throw notFound();
    const { reg, session, plan } = await this.registration(doc.registrationId);
    if (!this.panelFor(principal, session, plan, reg, 'checker')) throw notFound();
    if (doc.status !== 'signed') throw problems.conflict('评分记录表尚未签名，无需退回。');
    const reopening = { at: new Date(), by: principal.id, byName: principal.displayName, reason };
    const reopened = await withAudit(actor, { action: 'scoring.sheet.reopen', target: { type: 'registration', id: doc.registrationId, label: `${reg.admissionNo} ${reg.name} 试题 ${doc.position}` }, details: { sheetId, examiner: doc.examinerName, reason } }, async () => {
      await ConfirmationModel.updateOne({ _id: reg._id, status: 'confirmed' }, { $set: { status: 'reopened' }, $push: { reopenings: reopening } });
      const updated = (await ScoringSheetModel.findOneAndUpdate({ _id: doc._id, status: 'signed', revision: doc.revision }, { $set: { status: 'draft' }, $unset: { signedAt: 1 }, $push: { reopenings: reopening }, $inc: { revision: 1 } }, { returnDocument: 'after', lean: true })) as ScoringSheetDoc | null;
      if (!updated) throw problems.conflict('评分记录表已变化，请刷新后重试。');
      return updated;
    });
    const task = (await this.tasksOf(session, reg)).find((t) => t.position === doc.position);
    return this.view(reopened, task);
  }

  // ---- 成绩无效 -----------------------------------------------------------------------------

  /** 成绩无效 (misconduct in a skill test or review): the registration is voided, with a reason. */
  async voidRegistration(principal: Principal, registrationId: string, reason: string, actor: Actor): Promise<{ status: 'void' }> {
    const { reg, session } = await this.sessions.registrationFor(principal, registrationId, 'sessions.proctor');
    if (session.part === 'theory') throw problems.conflict('机考考生请在监考台“终止考核”。');
    if (reg.status !== 'registered') throw problems.conflict(reg.status === 'absent' ? '该考生已记为缺考。' : '该考生的成绩已记为无效。');
    await withAudit(actor, { action: 'registration.void', target: { type: 'registration', id: registrationId, label: `${reg.admissionNo} ${reg.name}` }, details: { reason } }, async () => {
      const result = await RegistrationModel.updateOne({ _id: reg._id, status: 'registered' }, { $set: { status: 'void' } });
      if (result.matchedCount !== 1) throw problems.conflict('该考生的报名状态已变化。');
    });
    await RoomRecordModel.create({ sessionId: reg.sessionId, roomCode: reg.roomCode, registrationId, candidateName: reg.name, kind: 'terminate', detail: `成绩无效：${reason}`, by: principal.id, byName: principal.displayName, at: new Date() });
    return { status: 'void' };
  }

  // ---- what an examiner has to do -----------------------------------------------------------

  /** The sessions where the principal examines or checks, with their candidates and sheet progress. */
  async workFor(principal: Principal, sessionId?: string) {
    const sessions = sessionId ? [(await ExamSessionModel.findById(objectIdOr404(sessionId, 'session')).lean()) as ExamSessionDoc | null].filter((s): s is ExamSessionDoc => s !== null) : await this.examinerSessions(principal);
    const out = [];
    for (const session of sessions) {
      if (session.part === 'theory') continue;
      const plan = (await ScoringPlanModel.findById(session._id).lean()) as ScoringPlanDoc | null;
      const target = sessionTarget(session);
      const panels = (plan?.panels ?? []).filter((p) => (p.examinerIds.includes(principal.id) && decide(principal, 'scoring.enter', target).allowed) || (p.checkerId === principal.id && decide(principal, 'scoring.check', target).allowed));
      if (!panels.length) continue;
      const [regs, sheets, confirmations] = await Promise.all([
        RegistrationModel.find({ sessionId: session._id }).lean() as Promise<RegistrationDoc[]>,
        ScoringSheetModel.find({ sessionId: session._id }).lean() as Promise<ScoringSheetDoc[]>,
        ConfirmationModel.find({ sessionId: session._id }).lean() as Promise<ConfirmationDoc[]>,
      ]);
      const groups = [];
      for (const panel of panels) {
        const candidates = [];
        for (const reg of regs.filter((r) => panel.roomCodes.includes(r.roomCode)).sort((a, b) => a.roomCode.localeCompare(b.roomCode) || a.seat - b.seat)) {
          const tasks = reg.status === 'registered' ? await this.tasksOf(session, reg) : [];
          const own = sheets.filter((s) => s.registrationId === String(reg._id) && panel.examinerIds.includes(s.examinerId));
          const confirmation = confirmations.find((c) => String(c._id) === String(reg._id));
          candidates.push({
            registrationId: String(reg._id),
            admissionNo: reg.admissionNo,
            name: reg.name,
            roomCode: reg.roomCode,
            seat: reg.seat,
            status: reg.status,
            tasks: tasks.map((t) => {
              const mine = own.find((s) => s.position === t.position && s.examinerId === principal.id);
              return { position: t.position, pointCode: t.pointCode, mine: mine ? mine.status : 'none', signed: own.filter((s) => s.position === t.position && s.status === 'signed').length };
            }),
            expected: tasks.length * panel.examinerIds.length,
            signed: own.filter((s) => s.status === 'signed').length,
            confirmed: confirmation ? this.isCurrent(confirmation, own) : false,
          });
        }
        groups.push({ code: panel.code, name: panel.name, isChecker: panel.checkerId === principal.id, isExaminer: panel.examinerIds.includes(principal.id), examiners: panel.examinerNames, checker: panel.checkerName, candidates });
      }
      out.push({ session: { id: String(session._id), code: session.code, title: session.title, part: session.part, status: session.status }, combination: plan!.combination, panels: groups });
    }
    if (sessionId && !out.length) throw problems.notFound('没有这个考试批次，或您不在其考评组中。');
    return out;
  }

  /** Skill and review sessions of the centres and sessions the principal examines in. */
  private async examinerSessions(principal: Principal): Promise<ExamSessionDoc[]> {
    const grants = principal.roles.filter((g) => g.role === 'examiner' && g.scope.id && /^[0-9a-f]{24}$/.test(g.scope.id));
    const found = new Map<string, ExamSessionDoc>();
    for (const grant of grants) {
      const docs = grant.scope.type === 'session' ? [await ExamSessionModel.findById(grant.scope.id).lean()] : await ExamSessionModel.find({ centreId: new mongoose.Types.ObjectId(grant.scope.id) }).lean();
      for (const doc of docs) if (doc && doc.part !== 'theory' && doc.status !== 'draft') found.set(String(doc._id), doc as ExamSessionDoc);
    }
    return [...found.values()].sort((a, b) => b.startsAt.getTime() - a.startsAt.getTime());
  }

  // ---- part scores --------------------------------------------------------------------------

  /** Every registration of a skill or review session, one part score each. */
  async partScores(sessionId: string): Promise<PartScore[]> {
    const session = (await ExamSessionModel.findById(objectIdOr404(sessionId, 'session')).lean()) as ExamSessionDoc | null;
    if (!session || session.part === 'theory') return [];
    const part = session.part;
    const [plan, regs, sheets, confirmations] = await Promise.all([
      ScoringPlanModel.findById(session._id).lean() as Promise<ScoringPlanDoc | null>,
      RegistrationModel.find({ sessionId: session._id }).lean() as Promise<RegistrationDoc[]>,
      ScoringSheetModel.find({ sessionId: session._id }).lean() as Promise<ScoringSheetDoc[]>,
      ConfirmationModel.find({ sessionId: session._id }).lean() as Promise<ConfirmationDoc[]>,
    ]);
    const scores: PartScore[] = [];
    for (const reg of regs.sort((a, b) => a.serial - b.serial)) {
      const base = { registrationId: String(reg._id), candidateId: String(reg.candidateId), part };
      if (reg.status === 'absent') { scores.push({ ...base, score: null, state: 'absent', reason: '缺考' }); continue; }
      if (reg.status === 'void') { scores.push({ ...base, score: null, state: 'void', reason: '成绩无效' }); continue; }
      const panel = plan?.panels.find((p) => p.roomCodes.includes(reg.roomCode));
      if (!panel) { scores.push({ ...base, score: null, state: 'pending', reason: '未分配考评组' }); continue; }
      const own = sheets.filter((s) => s.registrationId === String(reg._id) && panel.examinerIds.includes(s.examinerId));
      const totals = candidateTotal(await this.tasksOf(session, reg), panel.examinerIds, own, plan!.combination);
      if (totals.outstanding > 0 || totals.total === null) { scores.push({ ...base, score: null, state: 'pending', reason: `${totals.outstanding} 张评分记录表未签名` }); continue; }
      const confirmation = confirmations.find((c) => String(c._id) === String(reg._id));
      if (!confirmation || !this.isCurrent(confirmation, own)) { scores.push({ ...base, score: null, state: 'pending', reason: confirmation ? '评分记录表已退回修改，核分人尚未重新确认' : '核分人尚未确认总分' }); continue; }
      scores.push({ ...base, score: totals.total, state: 'complete' });
    }
    return scores;
  }

  /** The usernames of a plan's people by user id (the form shows what was typed). */
  async usernamesOf(plan: PlanView | null): Promise<Map<string, string>> {
    const ids = [...new Set((plan?.panels ?? []).flatMap((p) => [...p.examinerIds, p.checkerId]))];
    const users = ids.length ? await UserModel.find({ _id: { $in: ids } }, { username: 1 }).lean() : [];
    return new Map(users.map((u) => [String(u._id), u.username]));
  }

  /** A session's scoring for centre staff: its groups and rule (if set) and every candidate's part score. */
  async overview(principal: Principal, sessionId: string): Promise<{ session: { id: string; code: string; title: string; part: string; level: number; status: string; rooms: string[] }; plan: PlanView | null; canManage: boolean; scores: Array<PartScore & { admissionNo: string; name: string; roomCode: string; seat: number }> }> {
    const session = await this.sessions.sessionFor(principal, sessionId, 'sessions.view');
    if (session.part === 'theory') throw problems.notFound('理论知识批次由机考评分，没有考评组。');
    const [plan, regs, scores] = await Promise.all([ScoringPlanModel.findById(session._id).lean() as Promise<ScoringPlanDoc | null>, RegistrationModel.find({ sessionId: session._id }).lean() as Promise<RegistrationDoc[]>, this.partScores(sessionId)]);
    const byId = new Map(regs.map((r) => [String(r._id), r]));
    return {
      session: { id: String(session._id), code: session.code, title: session.title, part: session.part, level: session.level, status: session.status, rooms: session.rooms.map((r) => r.code) },
      plan: plan ? planView(plan) : null,
      canManage: decide(principal, 'sessions.manage', sessionTarget(session)).allowed && session.status !== 'closed',
      scores: scores.map((score) => {
        const reg = byId.get(score.registrationId)!;
        return { ...score, admissionNo: reg.admissionNo, name: reg.name, roomCode: reg.roomCode, seat: reg.seat };
      }),
    };
  }

  /** The part scores as centre staff read them (the session in their scope). */
  async partScoresFor(principal: Principal, sessionId: string): Promise<PartScore[]> {
    const session = await this.sessions.sessionFor(principal, sessionId, 'sessions.view');
    if (session.part === 'theory') throw problems.conflict('理论知识批次的成绩由机考评分给出。');
    return this.partScores(sessionId);
  }
}
