/**
 * The rules of a session that need no database: time windows, deadlines, staffing, admission
 * numbers and seats. Pure: callers pass the clock.
 */

export const DEFAULTS = {
  lateEntryMinutes: 15,
  graceSeconds: 10,
  /** Candidates may sign in this long before the start (the lobby shows the countdown). */
  signInEarlyMinutes: 30,
  admissionPattern: '{YY}{org}{session}{seq:4}',
} as const;

export interface SessionTimes {
  startsAt: Date;
  endsAt: Date;
  durationMinutes: number;
  lateEntryMinutes: number;
}

/** Why a time-bound act is refused, or undefined when it may go ahead. */
export type TimeRefusal = 'too-early' | 'too-late' | 'ended';

/** Candidate sign-in: from 30 minutes before the start until the session ends. */
export function signInRefusal(now: Date, times: SessionTimes, earlyMinutes: number = DEFAULTS.signInEarlyMinutes): TimeRefusal | undefined {
  if (now.getTime() < times.startsAt.getTime() - earlyMinutes * 60_000) return 'too-early';
  if (now.getTime() > times.endsAt.getTime()) return 'ended';
  return undefined;
}

/** The late-entry cut-off: the last moment an attempt may start. */
export function lateEntryCutoff(times: Pick<SessionTimes, 'startsAt' | 'lateEntryMinutes'>): Date {
  return new Date(times.startsAt.getTime() + times.lateEntryMinutes * 60_000);
}

/** Starting an attempt: at or after the start, up to the late-entry cut-off, before the end. */
export function startRefusal(now: Date, times: SessionTimes): TimeRefusal | undefined {
  if (now.getTime() < times.startsAt.getTime()) return 'too-early';
  if (now.getTime() >= times.endsAt.getTime()) return 'ended';
  if (now.getTime() > lateEntryCutoff(times).getTime()) return 'too-late';
  return undefined;
}

/** The deadline: the earlier of start + duration and the session end, plus any extension. */
export function attemptDeadline(startedAt: Date, times: Pick<SessionTimes, 'endsAt' | 'durationMinutes'>, extensionSeconds = 0): Date {
  const byDuration = startedAt.getTime() + times.durationMinutes * 60_000;
  return new Date(Math.min(byDuration, times.endsAt.getTime()) + extensionSeconds * 1000);
}

/** In A/B-form mode, the form a registration sits: the forms in turn by registration serial. */
export function formForSerial<T>(forms: readonly T[], serial: number): T | undefined {
  return forms.length ? forms[(serial - 1) % forms.length] : undefined;
}

/** Whether a save or submit made at `now` still counts: up to the deadline plus the network grace. */
export function withinDeadline(now: Date, deadline: Date, graceSeconds: number): boolean {
  return now.getTime() <= deadline.getTime() + graceSeconds * 1000;
}

export interface StaffingRule {
  proctorsPerRoomMin: number;
  candidatesPerProctor: number;
}

export interface StaffingIssue {
  roomCode: string;
  proctors: number;
  needed: number;
  candidates: number;
}

/** Rooms whose proctors fall short of max(minimum, ⌈candidates / ratio⌉). */
export function staffingIssues(rooms: ReadonlyArray<{ code: string; proctorIds: readonly string[] }>, candidatesByRoom: ReadonlyMap<string, number>, rule: StaffingRule): StaffingIssue[] {
  return rooms.flatMap((room) => {
    const candidates = candidatesByRoom.get(room.code) ?? 0;
    const needed = Math.max(rule.proctorsPerRoomMin, Math.ceil(candidates / rule.candidatesPerProctor));
    return room.proctorIds.length >= needed ? [] : [{ roomCode: room.code, proctors: room.proctorIds.length, needed, candidates }];
  });
}

export interface AdmissionParts {
  year: number;
  orgCode: string;
  /** The session's code digits. */
  sessionCode: string;
  roomCode: string;
  seq: number;
}

const TOKEN = /\{(YY|YYYY|org|session|room|seq(?::(\d{1,2}))?)\}/g;

/** Whether a pattern makes numbers unique within a session: it must contain {seq}. */
export function isValidAdmissionPattern(pattern: string): boolean {
  if (!/\{seq(?::\d{1,2})?\}/.test(pattern)) return false;
  const rest = pattern.replace(TOKEN, '');
  return /^[A-Za-z0-9-]*$/.test(rest) && pattern.length <= 60;
}

/** Fills an admission-number pattern: `{YY}{org}{session}{seq:4}` → `26000125120001`. */
export function formatAdmissionNo(pattern: string, parts: AdmissionParts): string {
  return pattern.replace(TOKEN, (_m, token: string, width?: string) => {
    switch (token) {
      case 'YY':
        return String(parts.year % 100).padStart(2, '0');
      case 'YYYY':
        return String(parts.year);
      case 'org':
        return parts.orgCode;
      case 'session':
        return parts.sessionCode;
      case 'room':
        return parts.roomCode;
      default:
        return String(parts.seq).padStart(width ? Number(width) : 4, '0');
    }
  });
}

export type SessionTransition = 'publish' | 'open' | 'close';
const FROM: Record<SessionTransition, 'draft' | 'published' | 'open'> = { publish: 'draft', open: 'published', close: 'open' };
const TO: Record<SessionTransition, 'published' | 'open' | 'closed'> = { publish: 'published', open: 'open', close: 'closed' };

export function transitionOf(transition: SessionTransition): { from: 'draft' | 'published' | 'open'; to: 'published' | 'open' | 'closed' } {
  return { from: FROM[transition], to: TO[transition] };
}
