import type { CentreDoc, ExamSessionDoc, RegistrationDoc, SessionPart } from './model';
import type { StaffingIssue } from './rules';

export interface CentreView {
  id: string;
  name: string;
  orgCode: string;
  provinceCode: string;
  type: 'S' | 'Y';
}

export function centreView(doc: CentreDoc): CentreView {
  return { id: String(doc._id), name: doc.name, orgCode: doc.orgCode, provinceCode: doc.provinceCode, type: doc.type };
}

export interface SessionView {
  id: string;
  code: string;
  /** 鉴定批次 (the session's own code unless set). */
  batch: string;
  title: string;
  centreId: string;
  occupationCode: string;
  occupationName: string;
  level: number;
  part: SessionPart;
  bankId: string;
  blueprintId: string;
  releaseId?: string;
  mode: 'per-candidate' | 'forms';
  forms: number;
  startsAt: string;
  endsAt: string;
  durationMinutes: number;
  lateEntryMinutes: number;
  graceSeconds: number;
  showScore: boolean;
  screenSwitchLimit: number;
  multipleChoice: 'all-or-nothing' | 'partial';
  admissionPattern: string;
  rooms: Array<{ code: string; name: string; seats: number; proctorIds: string[]; supervisorId?: string }>;
  status: ExamSessionDoc['status'];
  papersReady: boolean;
  revision: number;
  amendments: Array<{ at: string; byName: string; reason: string; changes: Array<{ field: string; from: string; to: string }> }>;
  registrations?: number;
  staffing?: StaffingIssue[];
}

export function sessionView(doc: ExamSessionDoc, extra: { registrations?: number; staffing?: StaffingIssue[] } = {}): SessionView {
  return {
    id: String(doc._id),
    code: doc.code,
    batch: doc.batch ?? doc.code,
    title: doc.title,
    centreId: String(doc.centreId),
    occupationCode: doc.occupationCode,
    occupationName: doc.occupationName,
    level: doc.level,
    part: doc.part,
    bankId: String(doc.bankId),
    blueprintId: doc.blueprintId ? String(doc.blueprintId) : '',
    ...(doc.releaseId ? { releaseId: String(doc.releaseId) } : {}),
    mode: doc.mode,
    forms: doc.forms,
    startsAt: doc.startsAt.toISOString(),
    endsAt: doc.endsAt.toISOString(),
    durationMinutes: doc.durationMinutes,
    lateEntryMinutes: doc.lateEntryMinutes,
    graceSeconds: doc.graceSeconds,
    showScore: doc.showScore,
    screenSwitchLimit: doc.screenSwitchLimit,
    multipleChoice: doc.multipleChoice,
    admissionPattern: doc.admissionPattern,
    rooms: doc.rooms.map((r) => ({ code: r.code, name: r.name, seats: r.seats, proctorIds: r.proctorIds, ...(r.supervisorId ? { supervisorId: r.supervisorId } : {}) })),
    status: doc.status,
    papersReady: doc.papersReady,
    revision: doc.revision,
    amendments: (doc.amendments ?? []).map((a) => ({ at: new Date(a.at).toISOString(), byName: a.byName, reason: a.reason, changes: a.changes })),
    ...extra,
  };
}

export interface RegistrationView {
  id: string;
  sessionId: string;
  name: string;
  idType: string;
  idNumberMasked: string;
  admissionNo: string;
  roomCode: string;
  seat: number;
  status: RegistrationDoc['status'];
  checkedIn: boolean;
  hasPhoto: boolean;
}

export function registrationView(doc: RegistrationDoc): RegistrationView {
  return {
    id: String(doc._id),
    sessionId: String(doc.sessionId),
    name: doc.name,
    idType: doc.idType,
    idNumberMasked: doc.idMasked,
    admissionNo: doc.admissionNo,
    roomCode: doc.roomCode,
    seat: doc.seat,
    status: doc.status,
    checkedIn: Boolean(doc.checkedInAt),
    hasPhoto: Boolean(doc.photoId),
  };
}
