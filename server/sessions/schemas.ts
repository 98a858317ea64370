import { z } from 'zod';
import { ObjectIdString } from '../platform/ids';
import { ID_TYPES } from '../identity/id-numbers';
import { DEFAULTS, isValidAdmissionPattern } from './rules';

/** Request shapes of centres, sessions and registrations (API bodies and page forms share them). */

export const CentreInputSchema = z.object({
  name: z.string().trim().min(2).max(120),
  orgCode: z.string().regex(/^(?!0000)\d{4}$/, '机构代码为 0001–9999 的四位数字'),
  provinceCode: z.string().regex(/^\d{2}$/, '省份代码为两位数字'),
  type: z.enum(['S', 'Y']),
  siteSerial: z.string().regex(/^\d{6}$/, '站点序号为六位数字').optional(),
});

const RoomInputSchema = z.object({
  code: z.string().trim().regex(/^[A-Za-z0-9-]{1,12}$/, '考场编号只能含字母、数字和连字符'),
  name: z.string().trim().min(1).max(60),
  seats: z.number().int().min(1).max(500),
  /** Usernames of the room's proctors (they must hold 监考员 at this centre or session). */
  proctors: z.array(z.string().trim().min(1).max(64)).max(20).default([]),
  supervisor: z.string().trim().min(1).max(64).optional(),
});

/** 鉴定批次 code: letters, digits and hyphens (it groups the parts of one appraisal). */
export const BatchCodeSchema = z.string().trim().regex(/^[A-Za-z0-9-]{1,32}$/, '鉴定批次只能含字母、数字和连字符（最多 32 个）');

const SessionFields = {
  title: z.string().trim().min(2).max(120),
  batch: BatchCodeSchema.optional(),
  /** Theory or skill sessions: the blueprint (its part decides the session's part). */
  blueprintId: ObjectIdString.optional(),
  /** `review` (综合评审) draws no paper: it names the bank and the level instead of a blueprint. */
  part: z.enum(['review']).optional(),
  bankId: ObjectIdString.optional(),
  level: z.number().int().min(1).max(5).optional(),
  mode: z.enum(['per-candidate', 'forms']).default('per-candidate'),
  forms: z.number().int().min(1).max(10).default(2),
  startsAt: z.iso.datetime({ offset: true }),
  endsAt: z.iso.datetime({ offset: true }),
  durationMinutes: z.number().int().min(1).max(600).optional(),
  lateEntryMinutes: z.number().int().min(0).max(120).default(DEFAULTS.lateEntryMinutes),
  graceSeconds: z.number().int().min(0).max(120).default(DEFAULTS.graceSeconds),
  showScore: z.boolean().default(false),
  screenSwitchLimit: z.number().int().min(0).max(1000).default(0),
  multipleChoice: z.enum(['all-or-nothing', 'partial']).default('all-or-nothing'),
  admissionPattern: z.string().trim().refine(isValidAdmissionPattern, '准考证号格式须包含 {seq}，其余只能是字母、数字或连字符').default(DEFAULTS.admissionPattern),
  rooms: z.array(RoomInputSchema).min(1).max(200),
};

export const SessionInputSchema = z
  .object({ centreId: ObjectIdString, ...SessionFields })
  .superRefine((s, ctx) => {
    if (Date.parse(s.endsAt) <= Date.parse(s.startsAt)) ctx.addIssue({ code: 'custom', path: ['endsAt'], message: '结束时间须晚于开始时间' });
    if (s.part === 'review') {
      if (!s.bankId) ctx.addIssue({ code: 'custom', path: ['bankId'], message: '综合评审批次须指定题库' });
      if (s.level === undefined) ctx.addIssue({ code: 'custom', path: ['level'], message: '综合评审批次须指定等级' });
    } else if (!s.blueprintId) ctx.addIssue({ code: 'custom', path: ['blueprintId'], message: '须选择组卷方案' });
    const codes = s.rooms.map((r) => r.code);
    if (new Set(codes).size !== codes.length) ctx.addIssue({ code: 'custom', path: ['rooms'], message: '考场编号不能重复' });
  });
export type SessionInput = z.infer<typeof SessionInputSchema>;

/** A change to a session; key fields of a published session need `amendment.reason`. */
export const SessionPatchSchema = z.object({
  revision: z.number().int().min(1),
  title: SessionFields.title.optional(),
  /** 鉴定批次: only while the session is a draft. */
  batch: BatchCodeSchema.optional(),
  startsAt: SessionFields.startsAt.optional(),
  endsAt: SessionFields.endsAt.optional(),
  durationMinutes: z.number().int().min(1).max(600).optional(),
  lateEntryMinutes: z.number().int().min(0).max(120).optional(),
  showScore: z.boolean().optional(),
  screenSwitchLimit: z.number().int().min(0).max(1000).optional(),
  rooms: SessionFields.rooms.optional(),
  amendment: z.object({ reason: z.string().trim().min(4).max(500) }).optional(),
});
export type SessionPatch = z.infer<typeof SessionPatchSchema>;

export const RegistrationInputSchema = z.object({
  name: z.string().trim().min(1).max(60),
  idType: z.enum(ID_TYPES),
  idNumber: z.string().trim().min(4).max(40),
  roomCode: z.string().trim().min(1).max(12).optional(),
});

export const CandidateLoginSchema = z.object({
  admissionNo: z.string().trim().min(4).max(40),
  idNumber: z.string().trim().min(4).max(40),
});
