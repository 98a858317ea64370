import mongoose from 'mongoose';
import { LRUCache } from 'lru-cache';
import { objectIdOr404 } from '../platform/ids';
import { DEFAULT_TIME_ZONE, formatZoned } from '../platform/time';
import { findEach } from '../platform/find-each';
import { eachAtMost } from '../platform/each-at-most';
import { HttpProblem, fieldErrorsFromZod, problems } from '../platform/problem';
import type { Principal } from '../platform/routing';
import type { Page, PageQuery } from '../platform/pagination';
import { decide, reachOf, type AccessTarget } from '../identity/access';
import type { Action } from '../identity/roles';
import { UserModel, type CandidateDoc } from '../identity/model';
import { IdDocumentSchema } from '../identity/id-numbers';
import type { IdentityService } from '../identity/service';
import type { ScopeDirectory } from '../identity/scopes';
import { storePhoto, loadPhoto } from '../identity/photos';
import { recordAudit, type Actor } from '../audit/service';
import { withAudit } from '../audit/intents';
import type { AssemblyService } from '../assembly/service';
import { BlueprintModel, type BlueprintDoc } from '../assembly/model';
import { BankModel, type BankDoc } from '../bank/model';
import type { BankService } from '../bank/service';
import type { StandardsService } from '../standards/service';
import { CentreModel, CounterModel, ExamSessionModel, KEY_FIELDS, RegistrationImportModel, RegistrationModel, type CentreDoc, type ExamSessionDoc, type RegistrationDoc, type RoomDoc } from './model';
import { CentreInputSchema, RegistrationInputSchema, SessionInputSchema, SessionPatchSchema, type SessionInput, type SessionPatch } from './schemas';
import { registrationDirectory } from './registration-directory';
import { DEFAULTS, formForSerial, formatAdmissionNo, lateEntryCutoff, signInRefusal, staffingIssues, transitionOf, type SessionTransition, type StaffingRule } from './rules';
import { centreView, registrationView, sessionView, type CentreView, type RegistrationView, type SessionView } from './views';
import type { z } from 'zod';
import { renderAdmissionTickets } from '../printing/admission-ticket';
import type { RegistrationRow } from './registration-sheet';
import { sessionMessages } from './messages';

const FIELD_LABELS: Record<string, string> = { name: '姓名', idType: '证件类型', idNumber: '证件号码', roomCode: '考场' };

/** The session as an access target: its centre and occupation decide who reaches it. */
export function sessionTarget(doc: Pick<ExamSessionDoc, '_id' | 'centreId' | 'occupationCode'>): AccessTarget {
  return { kind: 'session', id: String(doc._id), centreId: String(doc.centreId), occupationCode: doc.occupationCode };
}

/** Who draws papers when a start finds none prepared. */
const SYSTEM_DRAWER = { id: 'system', name: '系统' };

const notFound = () => problems.notFound('没有这个考试批次，或您无权查看。');

function parse<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw problems.validation(fieldErrorsFromZod(parsed.error, 'body'));
  return parsed.data;
}

/** Allocates the next number of a guarded counter (`_id` names what is counted). Gap-free, never reused. */
export async function nextCounter(name: string, by = 1): Promise<number> {
  const doc = await CounterModel.findOneAndUpdate({ _id: name }, { $inc: { value: by } }, { upsert: true, returnDocument: 'after', lean: true });
  return doc!.value;
}

/**
 * 评价机构, 考试批次 and 报名: scheduling, the state machine (draft → published → open → closed),
 * audited amendments of key fields, registrations with 准考证号 and seats, paper preparation,
 * and candidate sign-in. Scope: a session belongs to its centre (and its occupation, for
 * supervisors); out of scope is 404.
 */
export class SessionService {
  /** Sessions change rarely (and never their key fields silently): the exam day's hot paths may read one up to 2 s old. */
  private readonly recent = new LRUCache<string, ExamSessionDoc>({ max: 1000, ttl: 2000 });

  async cachedSession(id: mongoose.Types.ObjectId | string, options: { unlessStatus?: ExamSessionDoc['status'] } = {}): Promise<ExamSessionDoc | undefined> {
    const key = String(id);
    const hit = this.recent.get(key);
    // A copy in another state than the caller hopes for is read again: opening must show at once.
    if (hit && (!options.unlessStatus || hit.status === options.unlessStatus)) return hit;
    const doc = (await ExamSessionModel.findById(key).lean()) as ExamSessionDoc | null;
    if (doc) this.recent.set(key, doc);
    return doc ?? undefined;
  }

  constructor(
    private readonly identity: IdentityService,
    private readonly assembly: AssemblyService,
    private readonly bank: BankService,
    private readonly standards: StandardsService,
    private readonly staffing: StaffingRule,
    /** The zone times are written in for people (messages); the API keeps ISO instants. */
    private readonly timeZone: string = DEFAULT_TIME_ZONE,
  ) {}

  // ---- centres ------------------------------------------------------------------------

  async createCentre(body: unknown, actor: Actor): Promise<CentreView> {
    const input = parse(CentreInputSchema, body);
    const id = new mongoose.Types.ObjectId();
    try {
      const doc = await withAudit(actor, { action: 'centre.create', target: { type: 'centre', id: String(id), label: input.name }, details: { orgCode: input.orgCode, type: input.type }, probe: { collection: 'centres', filter: { _id: id } } }, () =>
        CentreModel.create({ _id: id, ...input }),
      );
      return centreView(doc.toObject());
    } catch (error) {
      if ((error as { code?: number }).code === 11000) throw problems.conflict(`机构代码 ${input.type}${input.orgCode} 已被使用。`);
      throw error;
    }
  }

  async listCentres(principal: Principal): Promise<CentreView[]> {
    const reach = reachOf(principal, 'sessions.view');
    const manage = reachOf(principal, 'centres.manage');
    const filter = reach.all || manage.all ? {} : { _id: { $in: reach.centreIds.filter((id) => /^[0-9a-f]{24}$/.test(id)).map((id) => new mongoose.Types.ObjectId(id)) } };
    const docs = await CentreModel.find(filter).sort({ orgCode: 1 }).lean();
    return docs.map((d) => centreView(d as CentreDoc));
  }

  async centreFor(principal: Principal, id: string, action: Action): Promise<CentreDoc> {
    const doc = (await CentreModel.findById(objectIdOr404(id, 'centre')).lean()) as CentreDoc | null;
    if (!doc || !decide(principal, action, { kind: 'centre', id }).allowed) throw problems.notFound('没有这个评价机构，或您无权查看。');
    return doc;
  }

  // ---- sessions -----------------------------------------------------------------------

  async sessionFor(principal: Principal, id: string, action: Action): Promise<ExamSessionDoc> {
    const doc = (await ExamSessionModel.findById(objectIdOr404(id, 'session')).lean()) as ExamSessionDoc | null;
    if (!doc || !decide(principal, action, sessionTarget(doc)).allowed) throw notFound();
    return doc;
  }

  /** Proctor usernames → ids; each must hold 监考员 on this centre (or the session, once it exists). */
  private async roomsFrom(input: SessionInput['rooms'], centreId: string, sessionId: string): Promise<RoomDoc[]> {
    const names = [...new Set(input.flatMap((r) => [...r.proctors, ...(r.supervisor ? [r.supervisor] : [])]))];
    const users = names.length ? await UserModel.find({ username: { $in: names } }, { username: 1, roles: 1, status: 1 }).lean() : [];
    const byName = new Map(users.map((u) => [u.username, u]));
    const errors: Array<{ path: string; message: string; i18n: { key: string; vars: Record<string, string> } }> = [];
    const target: AccessTarget = { kind: 'session', id: sessionId, centreId };
    const rooms = input.map((room, i) => {
      const idOf = (name: string, role: 'sessions.proctor' | 'sessions.view', path: string, label: string) => {
        const user = byName.get(name.toLowerCase());
        const principal = user && { kind: 'staff' as const, id: String(user._id), displayName: name, roles: user.roles, tokenVersion: 0 };
        if (!user || user.status !== 'active' || !principal || !decide(principal, role, target).allowed) {
          errors.push({ path, message: `${name} 不是本机构的${label}`, i18n: { key: 'sessions.error.notStaff', vars: { name, role: label } } });
          return '';
        }
        return String(user._id);
      };
      return {
        code: room.code,
        name: room.name,
        seats: room.seats,
        proctorIds: room.proctors.map((p, j) => idOf(p, 'sessions.proctor', `body.rooms.${i}.proctors.${j}`, '监考员')),
        ...(room.supervisor ? { supervisorId: idOf(room.supervisor, 'sessions.view', `body.rooms.${i}.supervisor`, '督导员') } : {}),
      };
    });
    if (errors.length) throw problems.rule(errors, '考场人员不符合要求。');
    return rooms;
  }

  async createSession(principal: Principal, body: unknown, actor: Actor): Promise<SessionView> {
    const input = parse(SessionInputSchema, body);
    const centre = await this.centreFor(principal, input.centreId, 'sessions.manage');
    const { blueprint, bankDoc, part, level } = await this.whatIsSat(input);
    const occupation = await this.standards.getOccupation(bankDoc.occupationCode);
    const standard = await this.standards.findStandard(bankDoc.occupationCode, bankDoc.standardEdition);
    const id = new mongoose.Types.ObjectId();
    const rooms = await this.roomsFrom(input.rooms, input.centreId, String(id));
    const startsAt = new Date(input.startsAt);
    const year = startsAt.getUTCFullYear();
    const serial = await nextCounter(`session:${centre.type}${centre.orgCode}:${year}`);
    const code = `${centre.type}${String(year % 100).padStart(2, '0')}${centre.orgCode}${String(serial).padStart(3, '0')}`;
    const duration = input.durationMinutes ?? blueprint?.blueprint.durationMinutes ?? 120;
    const doc = await withAudit(actor, { action: 'session.create', target: { type: 'session', id: String(id), label: `${code} ${input.title}` }, details: { centreId: input.centreId, blueprintId: input.blueprintId }, probe: { collection: 'exam_sessions', filter: { _id: id } } }, () =>
      ExamSessionModel.create({
        _id: id,
        centreId: centre._id,
        code,
        batch: input.batch ?? code,
        title: input.title,
        occupationCode: bankDoc.occupationCode,
        occupationName: occupation.name,
        standardId: standard?.id ?? '',
        level,
        part,
        bankId: bankDoc._id,
        ...(blueprint ? { blueprintId: blueprint._id } : {}),
        mode: input.mode,
        forms: input.mode === 'forms' ? input.forms : 1,
        formPaperIds: [],
        startsAt,
        endsAt: new Date(input.endsAt),
        durationMinutes: duration,
        lateEntryMinutes: input.lateEntryMinutes,
        graceSeconds: input.graceSeconds,
        showScore: input.showScore,
        screenSwitchLimit: input.screenSwitchLimit,
        multipleChoice: input.multipleChoice,
        admissionPattern: input.admissionPattern,
        rooms,
        status: 'draft',
        papersReady: false,
        revision: 1,
        amendments: [],
        createdBy: principal.id,
      }),
    );
    return this.view(doc.toObject());
  }

  /**
   * What a new session sits: a theory or skill blueprint (the session takes its part and level),
   * or, for a panel review (综合评审), a bank and a level — levels 2 and 1 only.
   */
  private async whatIsSat(input: SessionInput): Promise<{ blueprint?: BlueprintDoc; bankDoc: BankDoc; part: ExamSessionDoc['part']; level: number }> {
    if (input.part === 'review') {
      if (input.level! > 2) throw problems.rule([{ path: 'body.level', message: '综合评审只适用于二级/技师和一级/高级技师' }], '综合评审只适用于二级/技师和一级/高级技师。');
      const bankDoc = (await BankModel.findById(input.bankId).lean()) as BankDoc | null;
      if (!bankDoc) throw problems.rule([{ path: 'body.bankId', message: '没有这个题库' }]);
      return { bankDoc, part: 'review', level: input.level! };
    }
    const blueprint = (await BlueprintModel.findById(input.blueprintId).lean()) as BlueprintDoc | null;
    const bankDoc = blueprint ? ((await BankModel.findById(blueprint.bankId).lean()) as BankDoc | null) : null;
    if (!blueprint || !bankDoc) throw problems.rule([{ path: 'body.blueprintId', message: '没有这个组卷方案' }]);
    return { blueprint, bankDoc, part: blueprint.part, level: blueprint.level };
  }

  private async view(doc: ExamSessionDoc): Promise<SessionView> {
    const regs = await RegistrationModel.find({ sessionId: doc._id }, { roomCode: 1 }).lean();
    const byRoom = new Map<string, number>();
    for (const r of regs) byRoom.set(r.roomCode, (byRoom.get(r.roomCode) ?? 0) + 1);
    return sessionView(doc, { registrations: regs.length, staffing: staffingIssues(doc.rooms, byRoom, this.staffing) });
  }

  async getSession(principal: Principal, id: string): Promise<SessionView> {
    return this.view(await this.sessionFor(principal, id, 'sessions.view'));
  }

  /** The stored session and its view, from one read (for pages that need both). */
  async sessionWithView(principal: Principal, id: string): Promise<{ doc: ExamSessionDoc; view: SessionView }> {
    const doc = await this.sessionFor(principal, id, 'sessions.view');
    return { doc, view: await this.view(doc) };
  }

  async listSessions(principal: Principal, query: PageQuery & { status?: string | undefined }): Promise<Page<SessionView>> {
    const reach = reachOf(principal, 'sessions.view');
    const or: Array<Record<string, unknown>> = [];
    const ids = (list: string[]) => list.filter((id) => /^[0-9a-f]{24}$/.test(id)).map((id) => new mongoose.Types.ObjectId(id));
    if (reach.centreIds.length) or.push({ centreId: { $in: ids(reach.centreIds) } });
    if (reach.sessionIds.length) or.push({ _id: { $in: ids(reach.sessionIds) } });
    if (reach.occupationCodes.length) or.push({ occupationCode: { $in: reach.occupationCodes } });
    if (!reach.all && !or.length) return { items: [], total: 0, page: query.page, pageSize: query.pageSize };
    const filter: Record<string, unknown> = reach.all ? {} : { $or: or };
    if (query.status) filter.status = query.status;
    const [docs, total] = await Promise.all([
      ExamSessionModel.find(filter).sort({ startsAt: -1 }).skip((query.page - 1) * query.pageSize).limit(query.pageSize).lean(),
      ExamSessionModel.countDocuments(filter),
    ]);
    return { items: docs.map((d) => sessionView(d as ExamSessionDoc)), total, page: query.page, pageSize: query.pageSize };
  }

  /**
   * Changes a session (compare-and-set on revision). Once published, the key fields change only
   * through an amendment with a reason, recorded on the session and in the audit log.
   */
  async updateSession(principal: Principal, id: string, body: unknown, actor: Actor): Promise<SessionView> {
    const patch: SessionPatch = parse(SessionPatchSchema, body);
    const doc = await this.sessionFor(principal, id, 'sessions.manage');
    if (doc.status === 'closed') throw problems.conflict('考试批次已结束，不能再修改。');
    const set: Record<string, unknown> = {};
    if (patch.title !== undefined) set.title = patch.title;
    if (patch.batch !== undefined && patch.batch !== doc.batch) {
      if (doc.status !== 'draft') throw problems.conflict('考试批次已发布，不能再更改鉴定批次。');
      set.batch = patch.batch;
    }
    if (patch.startsAt !== undefined) set.startsAt = new Date(patch.startsAt);
    if (patch.endsAt !== undefined) set.endsAt = new Date(patch.endsAt);
    if (patch.durationMinutes !== undefined) set.durationMinutes = patch.durationMinutes;
    if (patch.lateEntryMinutes !== undefined) set.lateEntryMinutes = patch.lateEntryMinutes;
    if (patch.showScore !== undefined) set.showScore = patch.showScore;
    if (patch.screenSwitchLimit !== undefined) set.screenSwitchLimit = patch.screenSwitchLimit;
    if (patch.rooms !== undefined) set.rooms = await this.roomsFrom(patch.rooms, String(doc.centreId), id);
    const starts = (set.startsAt as Date | undefined) ?? doc.startsAt;
    const ends = (set.endsAt as Date | undefined) ?? doc.endsAt;
    if (ends <= starts) throw problems.rule([{ path: 'body.endsAt', message: '结束时间须晚于开始时间' }]);
    const keyChanges = KEY_FIELDS.flatMap((field) => {
      if (!(field in set)) return [];
      const from = doc[field as keyof ExamSessionDoc];
      const to = set[field];
      const text = (v: unknown) => (v instanceof Date ? v.toISOString() : String(v ?? ''));
      return text(from) === text(to) ? [] : [{ field, from: text(from), to: text(to) }];
    });
    const update: Record<string, unknown> = { $set: set, $inc: { revision: 1 } };
    if (keyChanges.length && doc.status !== 'draft') {
      if (!patch.amendment) throw problems.conflict('考试批次已发布，修改关键字段（时间、时长、方案）须填写变更原因。', { keyFields: keyChanges.map((c) => c.field) });
      update.$push = { amendments: { at: new Date(), by: principal.id, byName: principal.displayName, reason: patch.amendment.reason, changes: keyChanges } };
    }
    const intent = { action: keyChanges.length && doc.status !== 'draft' ? 'session.amend' : 'session.update', target: { type: 'session', id, label: `${doc.code} ${doc.title}` }, details: { fields: Object.keys(set), ...(patch.amendment ? { reason: patch.amendment.reason, changes: keyChanges } : {}) } };
    const updated = await withAudit(actor, intent, async () => {
      const result = await ExamSessionModel.findOneAndUpdate({ _id: doc._id, revision: patch.revision, status: doc.status }, update, { returnDocument: 'after', lean: true });
      if (!result) throw problems.conflict('考试批次已被他人修改，请刷新后重试。', { currentRevision: doc.revision });
      return result as ExamSessionDoc;
    });
    return this.view(updated);
  }

  /** A session as its edit form shows it: the rooms with their proctors' user names. */
  async sessionForEdit(principal: Principal, id: string): Promise<{ doc: ExamSessionDoc; rooms: Array<{ code: string; name: string; seats: number; proctors: string[] }> }> {
    const doc = await this.sessionFor(principal, id, 'sessions.manage');
    const ids = [...new Set(doc.rooms.flatMap((r) => r.proctorIds))];
    const users = await findEach(UserModel, ids.map((uid) => ({ _id: uid })), { projection: { username: 1 } });
    const names = new Map(users.flatMap((u) => (u ? [[String(u._id), u.username] as const] : [])));
    return { doc, rooms: doc.rooms.map((r) => ({ code: r.code, name: r.name, seats: r.seats, proctors: r.proctorIds.map((pid) => names.get(pid) ?? pid) })) };
  }

  /** publish (pins the bank's latest release), open (checks staffing), close. */
  async transition(principal: Principal, id: string, transition: SessionTransition, actor: Actor): Promise<SessionView> {
    const doc = await this.sessionFor(principal, id, 'sessions.manage');
    const { from, to } = transitionOf(transition);
    if (doc.status !== from) throw problems.conflict(`考试批次当前状态为“${sessionMessages['zh-CN'][`sessions.state.${doc.status}`]}”，不能${TRANSITION_NAMES[transition]}。`);
    const set: Record<string, unknown> = { status: to };
    if (transition === 'publish') {
      const release = await this.bank.publishedRelease(doc.bankId);
      if (!release) throw problems.conflict('题库还没有发布的版本，不能发布考试批次。');
      set.releaseId = release._id;
      const short = doc.rooms.filter((r) => r.proctorIds.length < this.staffing.proctorsPerRoomMin);
      if (short.length) throw problems.rule(short.map((r) => ({ path: `rooms.${r.code}`, message: `考场 ${r.code} 至少需要 ${this.staffing.proctorsPerRoomMin} 名监考员` })), '监考员人数不足。');
    }
    if (transition === 'open') {
      const view = await this.view(doc);
      if (view.staffing?.length) throw problems.rule(view.staffing.map((s) => ({ path: `rooms.${s.roomCode}`, message: `考场 ${s.roomCode} 有 ${s.candidates} 名考生，需要 ${s.needed} 名监考员，现有 ${s.proctors} 名` })), '监考员人数不足。');
      if (!doc.papersReady) await this.preparePapers(principal, id, actor);
    }
    const updated = await withAudit(actor, { action: `session.${transition}`, target: { type: 'session', id, label: `${doc.code} ${doc.title}` }, details: { from, to } }, async () => {
      const result = await ExamSessionModel.findOneAndUpdate({ _id: doc._id, status: from }, { $set: set, $inc: { revision: 1 } }, { returnDocument: 'after', lean: true });
      if (!result) throw problems.conflict('考试批次状态已被他人更改，请刷新后重试。');
      return result as ExamSessionDoc;
    });
    if (transition === 'open') {
      // The synchronised start must find the registrations' copy fresh, however early the session opened.
      registrationDirectory.keepFresh(updated._id, lateEntryCutoff(updated));
      for (const listener of this.openListeners) listener(updated);
    }
    return this.view(updated);
  }

  private readonly openListeners: Array<(session: ExamSessionDoc) => void> = [];

  /** Told (not awaited) when a session opens on this instance: to warm caches before the synchronised start. */
  onOpen(listener: (session: ExamSessionDoc) => void): void {
    this.openListeners.push(listener);
  }

  /**
   * Draws the papers before the start, so the synchronised start reads papers instead of
   * drawing them: one per registration (一人一卷), or the N forms once. Idempotent: only
   * registrations without a paper get one. Nobody sees a paper by this step.
   */
  async preparePapers(principal: Principal, id: string, actor: Actor): Promise<{ prepared: number; total: number }> {
    const doc = await this.sessionFor(principal, id, 'sessions.manage');
    if (doc.status !== 'published' && doc.status !== 'open') throw problems.conflict('考试批次发布后才能准备试卷。');
    const by = { id: principal.id, name: principal.displayName };
    const regs = await RegistrationModel.find({ sessionId: doc._id }, { _id: 1, paperId: 1, status: 1 }).lean();
    let prepared = 0;
    if (!doc.blueprintId) {
      // 综合评审: the panel reviews the application and the defence; there is no paper to draw.
      await ExamSessionModel.updateOne({ _id: doc._id }, { $set: { papersReady: true } });
      return { prepared: 0, total: regs.length };
    }
    if (doc.mode === 'forms') {
      if (!doc.formPaperIds.length) prepared = (await this.formPapers(doc, by, actor)).length;
    } else {
      const missing = regs.filter((r) => !r.paperId).map((r) => r._id);
      // One draw for them all: one exposure snapshot and one pool index, however many candidates.
      if (missing.length) prepared = (await this.ownPapers(doc, missing, by, actor)).length;
    }
    await ExamSessionModel.updateOne({ _id: doc._id }, { $set: { papersReady: true } });
    return { prepared, total: regs.length };
  }

  /** The paper a registration sits: its own (drawn now when missing), or its form. */
  async paperForRegistration(session: ExamSessionDoc, reg: RegistrationDoc): Promise<string> {
    if (session.mode === 'forms') {
      const forms = session.formPaperIds.length ? session.formPaperIds : await this.formPapers(session, SYSTEM_DRAWER, { principal: null });
      return formForSerial(forms, reg.serial)!;
    }
    return reg.paperId ?? (await this.ownPapers(session, [reg._id], SYSTEM_DRAWER, { principal: null }))[0]!;
  }

  /** The session's N forms: drawn once (the first to store them wins) and returned as stored. */
  private async formPapers(session: ExamSessionDoc, by: { id: string; name: string }, actor: Actor): Promise<string[]> {
    const ids = await this.assembly.drawForSession({ ...this.drawInput(session, by), forms: session.forms }, actor);
    await ExamSessionModel.updateOne({ _id: session._id, formPaperIds: { $size: 0 } }, { $set: { formPaperIds: ids } });
    return ((await ExamSessionModel.findById(session._id, { formPaperIds: 1 }).lean())?.formPaperIds as string[] | undefined) ?? ids;
  }

  /** One paper per registration, seeded by session and registration; a paper already set is kept. Returns the papers they sit. */
  private async ownPapers(session: ExamSessionDoc, registrationIds: mongoose.Types.ObjectId[], by: { id: string; name: string }, actor: Actor): Promise<string[]> {
    const ids = await this.assembly.drawForSession({ ...this.drawInput(session, by), seeds: registrationIds.map((r) => `${String(session._id)}:${String(r)}`) }, actor);
    // A paper already set is kept (a start that drew its own meanwhile wins). Separate updates a
    // few at a time: FerretDB applies a bulk write's statements one after another, which for
    // thousands of them outlasts the socket timeout.
    await eachAtMost(16, registrationIds.map((r, i) => [r, ids[i]!] as const), async ([r, paperId]) => {
      await RegistrationModel.updateOne({ _id: r, paperId: { $exists: false } }, { $set: { paperId } });
    });
    if (registrationIds.length > 1) return ids;
    return [(await RegistrationModel.findById(registrationIds[0], { paperId: 1 }).lean())?.paperId ?? ids[0]!];
  }

  private drawInput(session: ExamSessionDoc, by: { id: string; name: string }) {
    return { blueprintId: String(session.blueprintId), releaseId: String(session.releaseId), sessionId: String(session._id), label: `${session.code} ${session.title}`, createdBy: by };
  }

  // ---- registrations ------------------------------------------------------------------

  /** Registers people (validated, all or nothing on validation); each gets a 准考证号 and a seat. */
  async register(principal: Principal, sessionId: string, rows: unknown[], actor: Actor, photoIds: ReadonlyArray<string | undefined> = []): Promise<{ items: RegistrationView[]; errors: Array<{ row: number; path: string; message: string }> }> {
    const doc = await this.sessionFor(principal, sessionId, 'sessions.manage');
    if (doc.status === 'closed' || doc.status === 'open') throw problems.conflict('考试已开考或已结束，不能再报名。');
    const errors: Array<{ row: number; path: string; message: string }> = [];
    const inputs = rows.map((row, i) => {
      const parsed = RegistrationInputSchema.safeParse(row);
      if (!parsed.success) {
        for (const e of fieldErrorsFromZod(parsed.error)) errors.push({ row: i + 1, path: e.path, message: e.message });
        return undefined;
      }
      const id = IdDocumentSchema.safeParse(parsed.data);
      if (!id.success) for (const e of fieldErrorsFromZod(id.error)) errors.push({ row: i + 1, path: e.path, message: '证件号码校验不通过' });
      if (parsed.data.roomCode && !doc.rooms.some((r) => r.code === parsed.data.roomCode)) errors.push({ row: i + 1, path: 'roomCode', message: `没有考场 ${parsed.data.roomCode}` });
      return parsed.data;
    });
    if (errors.length) return { items: [], errors };
    const valid = inputs.filter((x): x is NonNullable<typeof x> => x !== undefined);
    const centre = (await CentreModel.findById(doc.centreId).lean()) as CentreDoc;
    const existing = await RegistrationModel.find({ sessionId: doc._id }, { roomCode: 1, seat: 1, sessionCandidate: 1 }).lean();
    const taken = new Set(existing.map((r) => `${r.roomCode}:${r.seat}`));
    const known = new Set(existing.map((r) => r.sessionCandidate));
    const capacity = doc.rooms.reduce((a, r) => a + r.seats, 0);
    if (existing.length + valid.length > capacity) throw problems.rule([{ path: 'body', message: `座位不足：共 ${capacity} 个座位，已报名 ${existing.length} 人` }], '座位不足。');
    const candidates: CandidateDoc[] = [];
    for (const input of valid) candidates.push(await this.identity.ensureCandidate(input));
    // A photo that came with the row becomes the person's photo; else the person's last one is used.
    for (const [i, candidate] of candidates.entries()) {
      const photoId = photoIds[i];
      if (photoId && candidate.photoId !== photoId) {
        await this.identity.setCandidatePhoto(String(candidate._id), photoId);
        candidates[i] = { ...candidate, photoId };
      }
    }
    const fresh = valid.map((input, i) => ({ input, candidate: candidates[i]! })).filter(({ candidate }) => !known.has(`${sessionId}:${String(candidate._id)}`));
    if (!fresh.length) return { items: [], errors: [] };
    const last = await nextCounter(`admission:${sessionId}`, fresh.length);
    const first = last - fresh.length + 1;
    /** The first free seat, in the given room or in room order. */
    const nextSeat = (roomCode?: string): { roomCode: string; seat: number } | undefined => {
      for (const room of doc.rooms) {
        if (roomCode && room.code !== roomCode) continue;
        for (let seat = 1; seat <= room.seats; seat++) {
          if (taken.has(`${room.code}:${seat}`)) continue;
          taken.add(`${room.code}:${seat}`);
          return { roomCode: room.code, seat };
        }
      }
      return undefined;
    };
    const year = doc.startsAt.getUTCFullYear();
    const docs = fresh.map(({ input, candidate }, i) => {
      const spot = nextSeat(input.roomCode);
      if (!spot) throw problems.rule([{ path: 'body', message: `考场 ${input.roomCode ?? ''} 座位已满` }], '座位不足。');
      const serial = first + i;
      return {
        _id: new mongoose.Types.ObjectId(),
        sessionId: doc._id,
        centreId: doc.centreId,
        candidateId: candidate._id,
        name: input.name,
        idType: input.idType,
        idMasked: candidate.idMasked,
        idMatchKey: candidate.idMatchKey,
        ...(candidate.photoId ? { photoId: candidate.photoId } : {}),
        admissionNo: formatAdmissionNo(doc.admissionPattern, { year, orgCode: centre.orgCode, sessionCode: doc.code.slice(-3), roomCode: spot.roomCode, seq: serial }),
        serial,
        roomCode: spot.roomCode,
        seat: spot.seat,
        status: 'registered' as const,
        sessionCandidate: `${sessionId}:${String(candidate._id)}`,
      };
    });
    const intent = { action: 'registration.create', target: { type: 'session', id: sessionId, label: `${doc.code} ${doc.title}` }, details: { count: docs.length, first: docs[0]!.admissionNo }, probe: { collection: 'registrations', filter: { _id: docs[docs.length - 1]!._id } } };
    try {
      await withAudit(actor, intent, async () => {
        for (let start = 0; start < docs.length; start += 500) await RegistrationModel.insertMany(docs.slice(start, start + 500));
      });
    } catch (error) {
      if ((error as { code?: number }).code === 11000) {
        await RegistrationModel.deleteMany({ _id: { $in: docs.map((d) => d._id) } });
        throw problems.conflict('报名时发生冲突（准考证号或考生重复），未写入任何记录，请重试。');
      }
      throw error;
    }
    if (doc.papersReady) await ExamSessionModel.updateOne({ _id: doc._id }, { $set: { papersReady: false } });
    return { items: docs.map((d) => registrationView({ ...d, createdAt: new Date() } as RegistrationDoc)), errors: [] };
  }

  async listRegistrations(principal: Principal, sessionId: string, query: PageQuery & { room?: string | undefined; q?: string | undefined }): Promise<Page<RegistrationView>> {
    const doc = await this.sessionFor(principal, sessionId, 'sessions.view');
    let regs = (await RegistrationModel.find({ sessionId: doc._id }).lean()) as RegistrationDoc[];
    if (query.room) regs = regs.filter((r) => r.roomCode === query.room);
    if (query.q) {
      const q = query.q.trim();
      regs = regs.filter((r) => r.name.includes(q) || r.admissionNo.includes(q));
    }
    regs.sort((a, b) => a.roomCode.localeCompare(b.roomCode) || a.seat - b.seat);
    const page = regs.slice((query.page - 1) * query.pageSize, query.page * query.pageSize);
    return { items: page.map(registrationView), total: regs.length, page: query.page, pageSize: query.pageSize };
  }

  /** 座位表: each room's seats in order, with who sits where. */
  async seatPlan(principal: Principal, sessionId: string): Promise<Array<{ code: string; name: string; seats: Array<{ seat: number; admissionNo?: string; name?: string }> }>> {
    const doc = await this.sessionFor(principal, sessionId, 'sessions.view');
    const regs = await RegistrationModel.find({ sessionId: doc._id }, { roomCode: 1, seat: 1, admissionNo: 1, name: 1 }).lean();
    return doc.rooms.map((room) => {
      const bySeat = new Map(regs.filter((r) => r.roomCode === room.code).map((r) => [r.seat, r]));
      return { code: room.code, name: room.name, seats: Array.from({ length: room.seats }, (_, i) => {
        const r = bySeat.get(i + 1);
        return r ? { seat: i + 1, admissionNo: r.admissionNo, name: r.name } : { seat: i + 1 };
      }) };
    });
  }

  async registrationFor(principal: Principal, registrationId: string, action: Action): Promise<{ reg: RegistrationDoc; session: ExamSessionDoc }> {
    const reg = (await RegistrationModel.findById(objectIdOr404(registrationId, 'registration')).lean()) as RegistrationDoc | null;
    if (!reg) throw problems.notFound('没有这名考生，或您无权查看。');
    const session = await this.sessionFor(principal, String(reg.sessionId), action).catch(() => {
      throw problems.notFound('没有这名考生，或您无权查看。');
    });
    return { reg, session };
  }

  /** Theory and skill blueprints a session may use (metadata only: no item is shown); the blueprint's part is the session's. */
  async blueprintChoices(): Promise<Array<{ id: string; name: string; level: number; part: 'theory' | 'skill'; bankCode: string; occupationCode: string; items: number }>> {
    const [blueprints, banks] = await Promise.all([BlueprintModel.find({}).sort({ part: 1, level: -1, name: 1 }).lean(), BankModel.find({}, { code: 1, occupationCode: 1 }).lean()]);
    const byId = new Map(banks.map((b) => [String(b._id), b]));
    return (blueprints as BlueprintDoc[]).flatMap((b) => {
      const bank = byId.get(String(b.bankId));
      return bank ? [{ id: String(b._id), name: b.name, level: b.level, part: b.part, bankCode: bank.code, occupationCode: bank.occupationCode, items: b.blueprint.sections.reduce((a, s) => a + s.count, 0) }] : [];
    });
  }

  /**
   * Dry run of a registration sheet: every row checked as registering would check it, nothing
   * written but the staged rows when all are valid (committed by `commitImport`).
   */
  async stageImport(principal: Principal, sessionId: string, rows: RegistrationRow[], actor: Actor): Promise<{ importId?: string; rows: Array<RegistrationRow & { errors: string[] }>; valid: number }> {
    const doc = await this.sessionFor(principal, sessionId, 'sessions.manage');
    const checked = rows.map((r) => ({ ...r, errors: [...r.errors] }));
    for (const r of checked) {
      if (r.errors.length) continue;
      const parsed = RegistrationInputSchema.safeParse(r);
      if (!parsed.success) r.errors.push(...parsed.error.issues.map((i) => `${FIELD_LABELS[String(i.path[0])] ?? ''}不符合要求`));
      else if (!IdDocumentSchema.safeParse(parsed.data).success) r.errors.push('证件号码校验不通过');
      if (r.roomCode && !doc.rooms.some((room) => room.code === r.roomCode)) r.errors.push(`没有考场 ${r.roomCode}`);
    }
    const seen = new Map<string, number>();
    for (const r of checked) {
      const key = `${r.idType}:${r.idNumber.toUpperCase()}`;
      if (seen.has(key)) r.errors.push(`与第 ${seen.get(key)} 行证件号码重复`);
      else seen.set(key, r.row);
    }
    const valid = checked.filter((r) => !r.errors.length).length;
    if (valid !== checked.length || !checked.length) return { rows: checked, valid };
    // Photos are content-addressed: storing them now, before the commit, is harmless to repeat.
    const photoIds: Array<string | undefined> = [];
    for (const r of checked) photoIds.push(r.photo ? await storePhoto(r.photo) : undefined);
    const staged = await RegistrationImportModel.create({ sessionId: doc._id, rows: checked.map(({ name, idType, idNumber, roomCode }, i) => ({ name, idType, idNumber, ...(roomCode ? { roomCode } : {}), ...(photoIds[i] ? { photoId: photoIds[i] } : {}) })), createdBy: principal.id });
    await recordAudit(actor, { action: 'registration.import.dry-run', target: { type: 'session', id: sessionId, label: `${doc.code} ${doc.title}` }, details: { rows: checked.length, photos: photoIds.filter(Boolean).length } });
    return { importId: String(staged._id), rows: checked, valid };
  }

  async commitImport(principal: Principal, sessionId: string, importId: string, actor: Actor): Promise<{ items: RegistrationView[]; errors: Array<{ row: number; path: string; message: string }> }> {
    const staged = await RegistrationImportModel.findById(objectIdOr404(importId, 'import')).lean();
    if (!staged || String(staged.sessionId) !== sessionId || staged.createdBy !== principal.id) throw problems.notFound('没有这次导入，或已提交。');
    const result = await this.register(principal, sessionId, staged.rows, actor, staged.rows.map((r) => r.photoId));
    if (!result.errors.length) await RegistrationImportModel.deleteOne({ _id: staged._id });
    return result;
  }

  /** Replaces a registration's photo (and the person's, for later registrations); audited. */
  async setRegistrationPhoto(principal: Principal, sessionId: string, registrationId: string, data: Buffer | undefined, actor: Actor): Promise<RegistrationView> {
    const doc = await this.sessionFor(principal, sessionId, 'sessions.manage');
    const reg = (await RegistrationModel.findOne({ _id: objectIdOr404(registrationId, 'registration'), sessionId: doc._id }).lean()) as RegistrationDoc | null;
    if (!reg) throw problems.notFound('没有这名考生。');
    if (doc.status === 'closed') throw problems.conflict('考试已结束，不能更换照片。');
    if (!data) throw problems.rule([{ path: 'photo', message: '请选择照片文件' }], '请选择照片文件。');
    const photoId = await storePhoto(data);
    const updated = await withAudit(actor, { action: 'registration.photo', target: { type: 'registration', id: registrationId, label: `${reg.admissionNo} ${reg.name}` }, details: { sessionId, photoId, bytes: data.length } }, async () => {
      const result = (await RegistrationModel.findOneAndUpdate({ _id: reg._id, sessionId: doc._id }, { $set: { photoId } }, { returnDocument: 'after', lean: true })) as RegistrationDoc | null;
      if (!result) throw problems.notFound('没有这名考生。');
      await this.identity.setCandidatePhoto(String(reg.candidateId), photoId);
      return result;
    });
    return registrationView(updated);
  }

  /** The photo for the real-name check: staff who may see the session (proctors of its centre included). */
  async registrationPhoto(principal: Principal, sessionId: string, registrationId: string): Promise<{ contentType: string; data: Buffer }> {
    const doc = await this.sessionFor(principal, sessionId, 'sessions.view');
    const reg = (await RegistrationModel.findOne({ _id: objectIdOr404(registrationId, 'registration'), sessionId: doc._id }, { photoId: 1 }).lean()) as Pick<RegistrationDoc, 'photoId'> | null;
    const photo = reg?.photoId ? await loadPhoto(reg.photoId) : undefined;
    if (!photo) throw problems.notFound('没有这名考生的照片。');
    return photo;
  }

  /**
   * The paper a centre prints for a paper-based sitting: a form of the session (A, B, …) or, for
   * 一人一卷, one registration's own paper. Only the session's centre staff, only once it is
   * published, and only once its papers are prepared.
   */
  async paperToPrint(principal: Principal, sessionId: string, choice: { form?: string; registrationId?: string }): Promise<{ paperId: string; label: string; centreCode: string; session: ExamSessionDoc }> {
    const doc = await this.sessionFor(principal, sessionId, 'sessions.manage');
    if (doc.status === 'draft') throw problems.conflict('考试批次发布后才能打印试卷。');
    const centre = (await CentreModel.findById(doc.centreId).lean()) as CentreDoc;
    const centreCode = `${centre.type}${centre.orgCode}`;
    if (doc.mode === 'forms') {
      if (!doc.formPaperIds.length) throw problems.conflict('试卷尚未准备，请先“准备试卷”再打印。');
      const index = choice.form ? choice.form.charCodeAt(0) - 65 : 0;
      const paperId = doc.formPaperIds[index];
      if (!paperId) throw problems.rule([{ path: 'form', message: `本场只有 ${doc.formPaperIds.map((_, i) => String.fromCharCode(65 + i)).join('、')} 卷` }], '没有这套试卷。');
      return { paperId, label: `${doc.code} ${String.fromCharCode(65 + index)}卷`, centreCode, session: doc };
    }
    if (!choice.registrationId) throw problems.rule([{ path: 'registration', message: '一人一卷的考试批次须指定考生' }], '请指定考生。');
    const reg = (await RegistrationModel.findOne({ _id: objectIdOr404(choice.registrationId, 'registration'), sessionId: doc._id }, { paperId: 1, admissionNo: 1 }).lean()) as Pick<RegistrationDoc, 'paperId' | 'admissionNo'> | null;
    if (!reg) throw problems.notFound('没有这名考生。');
    if (!reg.paperId) throw problems.conflict('试卷尚未准备，请先“准备试卷”再打印。');
    return { paperId: reg.paperId, label: `${doc.code} ${reg.admissionNo}`, centreCode, session: doc };
  }

  /** 准考证 for every registration (or one room), one PDF; audited. */
  async admissionTickets(principal: Principal, sessionId: string, actor: Actor, room?: string): Promise<Buffer> {
    const doc = await this.sessionFor(principal, sessionId, 'sessions.manage');
    if (doc.status === 'draft') throw problems.conflict('考试批次发布后才能打印准考证。');
    const centre = (await CentreModel.findById(doc.centreId).lean()) as CentreDoc;
    const standard = doc.standardId ? await this.standards.getStandard(doc.standardId).catch(() => undefined) : undefined;
    const levelName = standard?.levels.find((l) => l.level === doc.level)?.name ?? `${doc.level} 级`;
    let regs = (await RegistrationModel.find({ sessionId: doc._id }).lean()) as RegistrationDoc[];
    if (room) regs = regs.filter((r) => r.roomCode === room);
    regs.sort((a, b) => a.roomCode.localeCompare(b.roomCode) || a.seat - b.seat);
    const rooms = new Map(doc.rooms.map((r) => [r.code, r.name]));
    const notes = ['凭准考证和有效身份证件入场，考前 15 分钟进入考场。', `开考 ${doc.lateEntryMinutes} 分钟后不得入场。`, '机考考生在考场电脑上打开 /exam/login，输入准考证号和证件号码登录。'];
    // Each photo once, by its id (content-addressed: one person's photo may serve many tickets).
    const photoIds = [...new Set(regs.flatMap((r) => (r.photoId ? [r.photoId] : [])))];
    const photos = new Map<string, Buffer>();
    for (let i = 0; i < photoIds.length; i += 8) {
      const loaded = await Promise.all(photoIds.slice(i, i + 8).map((id) => loadPhoto(id)));
      loaded.forEach((p, j) => p && photos.set(photoIds[i + j]!, p.data));
    }
    const pdf = await renderAdmissionTickets(
      regs.map((r) => ({ photo: r.photoId ? photos.get(r.photoId) : undefined, examTitle: doc.title, occupationName: doc.occupationName, levelLabel: levelName, candidateName: r.name, idNumberMasked: r.idMasked, admissionNumber: r.admissionNo, room: rooms.get(r.roomCode) ?? r.roomCode, seat: String(r.seat), startsAt: doc.startsAt, endsAt: doc.endsAt, notes })),
      { centreCode: `${centre.type}${centre.orgCode}`, operator: principal.displayName, printedAt: new Date() },
    );
    await recordAudit(actor, { action: 'session.print.admission-tickets', target: { type: 'session', id: sessionId, label: `${doc.code} ${doc.title}` }, details: { count: regs.length, ...(room ? { room } : {}) } });
    return pdf;
  }

  // ---- candidate sign-in --------------------------------------------------------------

  /**
   * 准考证号 + 证件号码 → a candidate token, from 30 minutes before the start until the end.
   * A wrong pair and an unknown number get the same answer; failures lock the number a while.
   */
  async candidateSignIn(admissionNo: string, idNumber: string, actor: Actor, now = new Date(), purpose: 'exam' | 'results' = 'exam'): Promise<{ token: string; expiresAt: Date; registrationId: string }> {
    const number = admissionNo.trim().toUpperCase();
    const name = `candidate:${number}`;
    // Read from the session's copy in memory: the synchronised start costs the database no reads here.
    const reg = await registrationDirectory.byAdmissionNo(number);
    const matches = reg ? reg.idMatchKey === this.identity.idNumbers.matchKey(reg.idType, idNumber) : false;
    // A number that has never failed cannot be locked; one that has is checked (a locked number stays locked even for the right pair).
    if (!reg || !matches || reg.signInFailedAt) await this.identity.assertNotLocked(name);
    if (!reg || !matches) {
      await this.identity.countFailedSignIn(name);
      if (reg) await RegistrationModel.updateOne({ _id: reg._id }, { $set: { signInFailedAt: new Date() } });
      await recordAudit({ ...actor, attemptedName: admissionNo }, { action: 'auth.candidate.failure', target: { type: 'registration', label: admissionNo } });
      throw new HttpProblem(401, 'invalid-credentials', '准考证号或证件号码不正确。');
    }
    // Results need the session's state now (a closed session must show at once); the exam's hot path may read a copy 2 s old.
    const session = await this.cachedSession(reg.sessionId, purpose === 'results' ? { unlessStatus: 'closed' } : {});
    const until = purpose === 'results' ? this.resultsSignInUntil(session, now) : this.examSignInUntil(session, reg, now);
    // On an instance that did not open the session, the first sign-in starts keeping its copy fresh.
    if (purpose === 'exam' && session) registrationDirectory.keepFresh(session._id, lateEntryCutoff(session));
    const issued = this.identity.issueCandidateToken(String(reg._id), until);
    await recordAudit({ ...actor, principal: { kind: 'candidate', id: String(reg._id), displayName: reg.name, roles: [], tokenVersion: 0 } }, { action: 'auth.candidate.login', target: { type: 'registration', id: String(reg._id), label: `${reg.admissionNo} ${reg.name}` }, ...(purpose === 'results' ? { details: { purpose } } : {}) });
    return { token: issued.token, expiresAt: issued.expiresAt, registrationId: String(reg._id) };
  }

  /** 查询成绩: the same credentials, once the exam is over, for two hours at a time. */
  private resultsSignInUntil(session: ExamSessionDoc | undefined, now: Date): Date {
    if (!session || (session.status !== 'closed' && session.endsAt > now)) throw new HttpProblem(409, 'results-not-yet', '考试结束后才能查询成绩。');
    return new Date(now.getTime() + 2 * 3600_000);
  }

  /** The exam: from 30 minutes before the start until the end, for a registration still standing. */
  private examSignInUntil(session: ExamSessionDoc | undefined, reg: RegistrationDoc, now: Date): Date {
    if (!session || (session.status !== 'published' && session.status !== 'open')) throw new HttpProblem(409, 'session-not-available', '本场考试未开放登录。');
    const refusal = signInRefusal(now, session, DEFAULTS.signInEarlyMinutes);
    if (refusal === 'too-early') throw new HttpProblem(409, 'too-early', `考前 ${DEFAULTS.signInEarlyMinutes} 分钟开放登录，本场考试 ${formatZoned(session.startsAt, 'zh-CN', this.timeZone)} 开始。`, { extensions: { startsAt: session.startsAt.toISOString() } });
    if (refusal === 'ended') throw new HttpProblem(409, 'ended', '本场考试已结束。');
    if (session.part !== 'theory') throw new HttpProblem(409, 'not-computer-based', '本场不是机考（技能操作考核或综合评审在考场进行），不能在网上登录。');
    if (reg.status !== 'registered') throw new HttpProblem(409, 'registration-closed', reg.status === 'absent' ? '已记为缺考，不能登录。' : '报名已作废，不能登录。');
    return new Date(session.endsAt.getTime() + 30 * 60_000);
  }
}

/** Centres and sessions as grant scopes: a grant on one that does not exist is refused; the picker lists them. */
export const centreScopeDirectory: ScopeDirectory = {
  type: 'centre',
  exists: async (id) => /^[0-9a-f]{24}$/i.test(id) && (await CentreModel.exists({ _id: new mongoose.Types.ObjectId(id) })) !== null,
  choices: async () => (await CentreModel.find({}, { name: 1, type: 1, orgCode: 1 }).lean()).map((c) => ({ id: String(c._id), label: `${c.type}${c.orgCode} ${c.name}` })).sort((a, b) => a.label.localeCompare(b.label)),
};
export const sessionScopeDirectory: ScopeDirectory = {
  type: 'session',
  exists: async (id) => /^[0-9a-f]{24}$/i.test(id) && (await ExamSessionModel.exists({ _id: new mongoose.Types.ObjectId(id) })) !== null,
  // Sessions that are over are not offered; a grant on one would be useless.
  choices: async () => (await ExamSessionModel.find({ status: { $ne: 'closed' } }, { code: 1, title: 1 }).lean()).map((x) => ({ id: String(x._id), label: `${x.code} ${x.title}` })).sort((a, b) => a.label.localeCompare(b.label)),
};

const TRANSITION_NAMES: Record<SessionTransition, string> = { publish: '发布', open: '开考', close: '结束' };
