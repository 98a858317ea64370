import mongoose from 'mongoose';
import { HttpProblem, problems } from '../platform/problem';
import type { Principal } from '../platform/routing';
import { withAudit } from '../audit/intents';
import type { Actor } from '../audit/service';
import { ExamSessionModel, RegistrationModel, type ExamSessionDoc, type RegistrationDoc } from '../sessions/model';
import type { SessionService } from '../sessions/service';
import { StandardModel, type StandardDoc } from '../standards/model';
import { type ExamPart, type PartScore, type PartScoreRegistry } from './part-scores';
import { combineParts, OVERALL_NAMES, PART_NAMES, requiredParts, type CombinedResult, type MissingPart, type Overall, type PartOutcome, type PartRule } from './rules';
import { latestVersions, publicationKey, ResultPublicationModel, ResultVersionModel, type ResultPublicationDoc, type ResultVersionDoc, type VersionKind } from './model';
import type { CorrectionInput } from './schemas';

export interface ResultRowView {
  candidateId: string;
  name: string;
  admissionNo: string;
  idNumberMasked: string;
  parts: PartOutcome[];
  overall: Overall;
  overallName: string;
  blocking: string[];
  /** The newest version, once published. */
  version?: number;
}

export interface BatchResultsView {
  session: { id: string; code: string; title: string; batch: string; level: number; occupationName: string };
  sessions: Array<{ id: string; code: string; part: string; status: string }>;
  parts: PartRule[];
  published: { at: string; byName: string } | null;
  rows: ResultRowView[];
  /** Everything that stops publishing, one Chinese line per candidate and part. */
  blocking: string[];
}

export interface ResultVersionView {
  version: number;
  kind: VersionKind;
  reason: string;
  approvedByName: string;
  createdAt: string;
  parts: PartOutcome[];
  overall: Overall;
  overallName: string;
}

interface ComputedRow {
  candidateId: string;
  reg: RegistrationDoc;
  registrations: ResultVersionDoc['registrations'];
  combined: CombinedResult;
}

const notPublished = () => problems.conflict('本鉴定批次的成绩尚未发布。');
const round1 = (n: number) => Math.round(n * 10) / 10;

/**
 * 成绩: per candidate the theory, skill and review scores of one 鉴定批次, each part's pass by the
 * standard's pass mark, the overall pass; publishing (once, only when nothing is missing) and
 * after that only new versions (corrections, re-checks, regrades), each with reason and approver.
 * Scores come from the parts' sources in the registry; this service reads no part's collections.
 */
export class ResultsService {
  constructor(
    private readonly registry: PartScoreRegistry,
    private readonly sessions: SessionService,
  ) {}

  /** The sessions of the session's 鉴定批次 at its centre (the session itself included). */
  async batchSessions(session: ExamSessionDoc): Promise<ExamSessionDoc[]> {
    const batch = session.batch ?? session.code;
    const found = ((await ExamSessionModel.find({ batch }).lean()) as ExamSessionDoc[]).filter((s) => String(s.centreId) === String(session.centreId) && s.level === session.level && s.occupationCode === session.occupationCode);
    return found.some((s) => String(s._id) === String(session._id)) ? found : [session, ...found];
  }

  private async rulesFor(session: ExamSessionDoc): Promise<PartRule[]> {
    const standard = session.standardId && mongoose.isValidObjectId(session.standardId) ? ((await StandardModel.findById(session.standardId).lean()) as StandardDoc | null) : null;
    return requiredParts(session.level, standard?.levels.find((l) => l.level === session.level));
  }

  /** Every candidate of the batch with each required part's score, combined by the pass rule. */
  async compute(session: ExamSessionDoc): Promise<{ sessions: ExamSessionDoc[]; rules: PartRule[]; rows: ComputedRow[] }> {
    const sessions = await this.batchSessions(session);
    const rules = await this.rulesFor(session);
    const byPart = new Map<ExamPart, { scores: Map<string, PartScore>; missing?: string }>();
    const regs: RegistrationDoc[] = [];
    for (const s of sessions) regs.push(...((await RegistrationModel.find({ sessionId: s._id }).lean()) as RegistrationDoc[]));
    for (const { part } of rules) {
      // A part may be held in several sittings of the batch: each candidate's score is from theirs.
      const partSessions = sessions.filter((s) => (s.part ?? 'theory') === part);
      const source = this.registry.source(part);
      if (!partSessions.length) byPart.set(part, { scores: new Map(), missing: `鉴定批次中还没有${PART_NAMES[part]}考试` });
      else if (!source) byPart.set(part, { scores: new Map(), missing: `${PART_NAMES[part]}成绩尚无来源（该部分的评分模块尚未接入）` });
      else {
        const scores = new Map<string, PartScore>();
        for (const s of partSessions) for (const p of await source.scoresForSession(String(s._id))) scores.set(p.candidateId, p);
        byPart.set(part, { scores });
      }
    }
    const people = new Map<string, RegistrationDoc[]>();
    for (const r of regs) people.set(String(r.candidateId), [...(people.get(String(r.candidateId)) ?? []), r]);
    const partOf = (reg: RegistrationDoc) => sessions.find((s) => String(s._id) === String(reg.sessionId))?.part ?? 'theory';
    const rows = [...people.entries()].map(([candidateId, own]) => {
      const scores = new Map<ExamPart, PartScore | MissingPart>();
      for (const { part } of rules) {
        const entry = byPart.get(part)!;
        const score = entry.scores.get(candidateId);
        scores.set(part, entry.missing ? { state: 'missing', reason: entry.missing } : (score ?? { state: 'missing', reason: `未报名${PART_NAMES[part]}考试` }));
      }
      const main = own.find((r) => String(r.sessionId) === String(session._id)) ?? own[0]!;
      return { candidateId, reg: main, registrations: own.map((r) => ({ part: partOf(r) as ExamPart, sessionId: String(r.sessionId), registrationId: String(r._id) })), combined: combineParts(rules, scores) };
    });
    rows.sort((a, b) => a.reg.admissionNo.localeCompare(b.reg.admissionNo));
    return { sessions, rules, rows };
  }

  /** Whether the session's batch has published results. */
  async isPublished(session: ExamSessionDoc): Promise<boolean> {
    return Boolean((await this.publicationOf(session))?.complete);
  }

  private async publicationOf(session: ExamSessionDoc): Promise<ResultPublicationDoc | null> {
    return (await ResultPublicationModel.findById(publicationKey(session)).lean()) as ResultPublicationDoc | null;
  }

  private async versionsOf(publicationId: string): Promise<ResultVersionDoc[]> {
    return (await ResultVersionModel.find({ publicationId }).lean()) as ResultVersionDoc[];
  }

  /** The results page and API: published versions once published, else computed now. */
  async results(principal: Principal, sessionId: string): Promise<BatchResultsView> {
    const session = await this.sessions.sessionFor(principal, sessionId, 'results.view');
    const { sessions, rules, rows } = await this.compute(session);
    const publication = await this.publicationOf(session);
    const latest = publication ? latestVersions(await this.versionsOf(publication._id)) : new Map<string, ResultVersionDoc>();
    const views: ResultRowView[] = rows.map((row) => {
      const v = latest.get(row.candidateId);
      const parts = v?.parts ?? row.combined.parts;
      const overall = v?.overall ?? row.combined.overall;
      return { candidateId: row.candidateId, name: row.reg.name, admissionNo: row.reg.admissionNo, idNumberMasked: row.reg.idMasked, parts, overall, overallName: OVERALL_NAMES[overall], blocking: v ? [] : row.combined.blocking, ...(v ? { version: v.version } : {}) };
    });
    return {
      session: { id: sessionId, code: session.code, title: session.title, batch: session.batch ?? session.code, level: session.level, occupationName: session.occupationName },
      sessions: sessions.map((s) => ({ id: String(s._id), code: s.code, part: s.part ?? 'theory', status: s.status })),
      parts: rules,
      published: publication ? { at: publication.publishedAt.toISOString(), byName: publication.publishedByName } : null,
      rows: views,
      blocking: views.flatMap((r) => r.blocking.map((line) => `${r.admissionNo} ${r.name}：${line}`)),
    };
  }

  /**
   * 发布成绩: once per batch, only when every required part of every candidate is complete
   * (or the candidate is absent or void). Writes the first version of each result.
   */
  async publish(principal: Principal, sessionId: string, actor: Actor): Promise<BatchResultsView> {
    const session = await this.sessions.sessionFor(principal, sessionId, 'results.manage');
    const key = publicationKey(session);
    const existing = await this.publicationOf(session);
    if (existing?.complete) throw problems.conflict('本鉴定批次的成绩已发布，发布后不能修改；如需更改，请提交成绩更正（复核），生成新的成绩版本。');
    const { sessions, rows } = await this.compute(session);
    if (!rows.length) throw problems.conflict('本鉴定批次没有考生，不能发布成绩。');
    const blocking = rows.flatMap((r) => r.combined.blocking.map((line) => ({ path: `candidates.${r.reg.admissionNo}`, message: `${r.reg.admissionNo} ${r.reg.name}：${line}` })));
    if (blocking.length) throw new HttpProblem(409, 'results-incomplete', `还有 ${blocking.length} 项成绩未完成，不能发布：${blocking.slice(0, 3).map((b) => b.message).join('；')}${blocking.length > 3 ? '……' : ''}`, { errors: blocking.map((b) => ({ ...b, code: 'rule' })) });
    const now = new Date();
    const batch = session.batch ?? session.code;
    await withAudit(actor, { action: 'results.publish', target: { type: 'session', id: sessionId, label: `${batch} ${session.title}` }, details: { batch, candidates: rows.length, passed: rows.filter((r) => r.combined.overall === 'pass').length }, probe: { collection: 'result_publications', filter: { _id: key, complete: true } } }, async () => {
      if (!existing) {
        try {
          await ResultPublicationModel.create({ _id: key, centreId: session.centreId, batch, sessionIds: sessions.map((s) => String(s._id)), publishedAt: now, publishedBy: principal.id, publishedByName: principal.displayName, candidates: rows.length, complete: false });
        } catch (error) {
          if ((error as { code?: number }).code === 11000) throw problems.conflict('本鉴定批次的成绩已由他人发布。');
          throw error;
        }
      }
      const docs = rows.map((row) => this.versionDoc(key, session, row.candidateId, row.reg, row.registrations, row.combined, 1, 'publish', '发布成绩', principal, now));
      try {
        await ResultVersionModel.insertMany(docs, { ordered: false });
      } catch (error) {
        // A retried publish after an interruption: the versions written before stay as they are.
        if ((error as { code?: number }).code !== 11000 && !String((error as Error).message).includes('E11000')) throw error;
      }
      await ResultPublicationModel.updateOne({ _id: key }, { $set: { complete: true } });
    });
    return this.results(principal, sessionId);
  }

  private versionDoc(publicationId: string, session: ExamSessionDoc, candidateId: string, reg: { name: string; admissionNo: string; idMasked: string; idType: string }, registrations: ResultVersionDoc['registrations'], combined: Pick<CombinedResult, 'parts' | 'overall'>, version: number, kind: VersionKind, reason: string, approver: Principal | { id: string; displayName: string }, at: Date): ResultVersionDoc {
    return {
      _id: `${publicationId}:${candidateId}:${version}`,
      publicationId,
      resultKey: `${publicationId}:${candidateId}`,
      candidateId,
      version,
      name: reg.name,
      admissionNo: reg.admissionNo,
      idMasked: reg.idMasked,
      idType: reg.idType,
      occupationCode: session.occupationCode,
      occupationName: session.occupationName,
      level: session.level,
      registrations,
      parts: combined.parts,
      overall: combined.overall,
      kind,
      reason,
      approvedBy: approver.id,
      approvedByName: approver.displayName,
      createdAt: at,
    };
  }

  private async latestOf(publicationId: string, candidateId: string): Promise<ResultVersionDoc | undefined> {
    const all = (await ResultVersionModel.find({ resultKey: `${publicationId}:${candidateId}` }).lean()) as ResultVersionDoc[];
    return all.sort((a, b) => b.version - a.version)[0];
  }

  /** Adds the next version: inserting its `_id` is the guard, so two corrections cannot both be version n+1. */
  private async addVersion(session: ExamSessionDoc, latest: ResultVersionDoc, parts: PartOutcome[], kind: VersionKind, reason: string, approver: Principal | { id: string; displayName: string }, actor: Actor): Promise<ResultVersionDoc> {
    const rules = parts.map((p) => ({ part: p.part, passMark: p.passMark }));
    const combined = combineParts(rules, new Map(parts.map((p) => [p.part, p.state === 'missing' ? { state: 'missing' as const, reason: p.reason ?? '' } : { registrationId: '', candidateId: latest.candidateId, part: p.part, score: p.score, state: p.state, ...(p.reason ? { reason: p.reason } : {}) }])));
    const doc = this.versionDoc(latest.publicationId, session, latest.candidateId, latest, latest.registrations, combined, latest.version + 1, kind, reason, approver, new Date());
    const intent = { action: `results.${kind}`, target: { type: 'result', id: latest.resultKey, label: `${latest.admissionNo} ${latest.name}` }, details: { version: doc.version, reason, from: latest.parts.map((p) => `${p.part}:${p.score ?? '-'}`).join(' '), to: doc.parts.map((p) => `${p.part}:${p.score ?? '-'}`).join(' '), overall: doc.overall } };
    return withAudit(actor, intent, async () => {
      try {
        await ResultVersionModel.create(doc);
      } catch (error) {
        if ((error as { code?: number }).code === 11000) throw problems.conflict(`该考生的成绩已有第 ${doc.version} 版（他人刚刚更正），请刷新后重试。`);
        throw error;
      }
      return doc;
    });
  }

  /** 成绩更正 / 复核: a new version with the corrected part scores, the reason and the approver (the caller). */
  async correct(principal: Principal, sessionId: string, candidateId: string, input: CorrectionInput, actor: Actor): Promise<ResultVersionView> {
    const session = await this.sessions.sessionFor(principal, sessionId, 'results.manage');
    const publication = await this.publicationOf(session);
    if (!publication?.complete) throw notPublished();
    const latest = await this.latestOf(publication._id, candidateId);
    if (!latest) throw problems.notFound('本鉴定批次没有这名考生的成绩。');
    if (latest.version !== input.expectedVersion) throw problems.conflict(`该考生的成绩现为第 ${latest.version} 版，不是您看到的第 ${input.expectedVersion} 版，请刷新后重试。`, { currentVersion: latest.version });
    const unknown = input.parts.filter((p) => !latest.parts.some((q) => q.part === p.part));
    if (unknown.length) throw problems.rule(unknown.map((p) => ({ path: 'body.parts', message: `本等级不考${PART_NAMES[p.part]}` })), '更正的部分不在本等级的考核范围内。');
    const parts = latest.parts.map((p) => {
      const change = input.parts.find((c) => c.part === p.part);
      if (!change) return p;
      const { reason: _reason, ...rest } = p;
      return { ...rest, state: 'complete' as const, score: round1(change.score) };
    });
    return this.versionView(await this.addVersion(session, latest, parts, input.kind, input.reason, principal, actor));
  }

  /**
   * After a regrade: a new version (kind `regrade`) for each of these candidates whose published
   * theory part changed, its theory part taken again from the source; other parts kept.
   */
  async regradeVersions(session: ExamSessionDoc, candidateIds: readonly string[], reason: string, approver: Principal, actor: Actor): Promise<ResultVersionView[]> {
    const publication = await this.publicationOf(session);
    if (!publication?.complete || !candidateIds.length) return [];
    const source = this.registry.source('theory');
    if (!source) return [];
    const fresh = new Map((await source.scoresForSession(String(session._id))).map((p) => [p.candidateId, p]));
    const out: ResultVersionView[] = [];
    for (const candidateId of candidateIds) {
      const latest = await this.latestOf(publication._id, candidateId);
      const theory = fresh.get(candidateId);
      if (!latest || !theory) continue;
      const parts = latest.parts.map((p) => (p.part === 'theory' ? { part: p.part, passMark: p.passMark, state: theory.state, score: theory.score, pass: null, ...(theory.reason ? { reason: theory.reason } : {}) } : p));
      const same = parts.every((p, i) => p.score === latest.parts[i]!.score && p.state === latest.parts[i]!.state);
      if (!same) out.push(this.versionView(await this.addVersion(session, latest, parts, 'regrade', reason, approver, actor)));
    }
    return out;
  }

  private versionView(v: ResultVersionDoc): ResultVersionView {
    return { version: v.version, kind: v.kind, reason: v.reason, approvedByName: v.approvedByName, createdAt: v.createdAt.toISOString(), parts: v.parts, overall: v.overall, overallName: OVERALL_NAMES[v.overall] };
  }

  /** Every version of one candidate's result, newest first (the old ones stay visible). */
  async history(principal: Principal, sessionId: string, candidateId: string): Promise<{ name: string; admissionNo: string; versions: ResultVersionView[] }> {
    const session = await this.sessions.sessionFor(principal, sessionId, 'results.view');
    const publication = await this.publicationOf(session);
    if (!publication) throw notPublished();
    const all = ((await ResultVersionModel.find({ resultKey: `${publication._id}:${candidateId}` }).lean()) as ResultVersionDoc[]).sort((a, b) => b.version - a.version);
    if (!all.length) throw problems.notFound('本鉴定批次没有这名考生的成绩。');
    return { name: all[0]!.name, admissionNo: all[0]!.admissionNo, versions: all.map((v) => this.versionView(v)) };
  }

  /** The signed-in candidate's published result (newest version and the history), or that it is not out yet. */
  async candidateResult(principal: Principal): Promise<{ name: string; admissionNo: string; title: string; subjectCode: string; occupationName: string; level: number; published: boolean; versions: ResultVersionView[] }> {
    if (principal.kind !== 'candidate') throw problems.notFound('没有成绩。');
    const reg = (await RegistrationModel.findById(principal.id).lean()) as RegistrationDoc | null;
    const session = reg ? await this.sessions.cachedSession(reg.sessionId) : undefined;
    if (!reg || !session) throw problems.notFound('没有成绩。');
    const publication = await this.publicationOf(session);
    const base = { name: reg.name, admissionNo: reg.admissionNo, title: session.title, subjectCode: session.code, occupationName: session.occupationName, level: session.level };
    if (!publication?.complete) return { ...base, published: false, versions: [] };
    const all = ((await ResultVersionModel.find({ resultKey: `${publication._id}:${String(reg.candidateId)}` }).lean()) as ResultVersionDoc[]).sort((a, b) => b.version - a.version);
    return { ...base, published: all.length > 0, versions: all.map((v) => this.versionView(v)) };
  }

  /**
   * Candidates who passed, from a batch's published results (newest versions): what the
   * certificates capability issues from.
   */
  async passedCandidates(centreId: string, batch: string): Promise<Array<Pick<ResultVersionDoc, 'candidateId' | 'name' | 'admissionNo' | 'idType' | 'idMasked' | 'occupationCode' | 'occupationName' | 'level' | 'version' | 'registrations'>>> {
    const publication = (await ResultPublicationModel.findById(`${centreId}:${batch}`).lean()) as ResultPublicationDoc | null;
    if (!publication?.complete) return [];
    const latest = latestVersions(await this.versionsOf(publication._id));
    return [...latest.values()]
      .filter((v) => v.overall === 'pass')
      .sort((a, b) => a.admissionNo.localeCompare(b.admissionNo))
      .map(({ candidateId, name, admissionNo, idType, idMasked, occupationCode, occupationName, level, version, registrations }) => ({ candidateId, name, admissionNo, idType, idMasked, occupationCode, occupationName, level, version, registrations }));
  }
}
