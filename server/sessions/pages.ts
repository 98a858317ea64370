import os from 'node:os';
import path from 'node:path';
import type { Response } from 'express';
import { z } from 'zod';
import type { Principal, RouteTable } from '../platform/routing';
import { HttpProblem } from '../platform/problem';
import { IdParams, ObjectIdString } from '../platform/ids';
import { MAX_PHOTO_BYTES } from '../identity/photos';
import { confirmed, formErrorsOf } from '../platform/forms';
import { pagerOf } from '../platform/pagination';
import { singleFileUpload, removeQuietly, uploadedFile } from '../platform/upload';
import { parseZonedInput, timeZoneOf, toZonedInput } from '../platform/time';
import { decide } from '../identity/access';
import { actorFrom } from '../audit/service';
import { ID_TYPES } from '../identity/id-numbers';
import { localeOf } from '../i18n/negotiate';
import { t } from '../i18n/translate';
import type { Locale } from '../i18n/locale';
import { sessionTarget, type SessionService } from './service';
import { readRegistrationFile, RegistrationSheetError } from './registration-sheet';
import { SESSION_STATES, type ExamSessionDoc } from './model';

const ListQuery = z.object({ status: z.enum(SESSION_STATES).optional().catch(undefined), page: z.coerce.number().int().min(1).catch(1).default(1) });
const DetailQuery = z.object({ page: z.coerce.number().int().min(1).catch(1).default(1), q: z.string().trim().max(60).optional().catch(undefined), room: z.string().trim().max(12).optional().catch(undefined) });
const TransitionForm = z.object({ transition: z.enum(['publish', 'open', 'close']) }).passthrough();
const AddForm = z.object({ name: z.string().default(''), idType: z.string().default('resident_id'), idNumber: z.string().default(''), roomCode: z.string().default('') }).passthrough();
/** What a centre prints for a paper-based sitting, by part (files of /api/v1/sessions/:id/print/…); labels are `sessions.print.<file>`. */
const PRINT_FILES = {
  theory: ['paper.pdf', 'paper.docx', 'answer-card.pdf', 'answer-key.pdf', 'answer-key.docx', 'marking-sheet.pdf'],
  skill: ['venue-notice.pdf', 'candidate-notice.pdf', 'task-paper.pdf', 'scoring-sheet.pdf'],
} as const;

const CommitForm = z.object({ importId: z.string().default('') }).passthrough();
const NewForm = z.object({}).passthrough();

const STYLES = ['/assets/exam.css'];

const stateName = (locale: Locale, status: ExamSessionDoc['status']): string => t(locale, `sessions.state.${status}`);

/** The two date-time fields every session form has, checked before the service sees them. */
function timeErrors(locale: Locale, startsAt: Date | undefined, endsAt: Date | undefined): Array<{ path: string; message: string }> {
  return [...(startsAt ? [] : [{ path: 'startsAt', message: t(locale, 'sessions.error.startsAt') }]), ...(endsAt ? [] : [{ path: 'endsAt', message: t(locale, 'sessions.error.endsAt') }])];
}
const photoUpload = singleFileUpload({ field: 'photo', fields: [], maxBytes: MAX_PHOTO_BYTES });
const sheetUpload = singleFileUpload({ field: 'file', fields: [], maxBytes: 20 * 1024 * 1024, dir: path.join(os.tmpdir(), 'skill-appraisal-registrations') });

/** Rooms typed one per line: `01 第一考场 30 proctor1 proctor2`. */
function roomsFromText(text: string): Array<{ code: string; name: string; seats: number; proctors: string[] }> {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [code = '', name = '', seats = '', ...proctors] = line.split(/[\s,，]+/);
      return { code, name, seats: Number(seats), proctors };
    });
}

/**
 * The centre's pages: sessions (list, schedule, detail with the state actions), registrations
 * (one at a time, or an .xlsx sheet with a dry-run report), the seat plan and admission tickets.
 */
export function registerSessionPages(routes: RouteTable, sessions: SessionService): void {
  const may = (principal: Principal, action: 'sessions.manage' | 'sessions.proctor', doc: Parameters<typeof sessionTarget>[0]) => decide(principal, action, sessionTarget(doc)).allowed;

  routes.page({ method: 'get', path: '/sessions', permission: 'sessions.view', summary: 'Exam sessions (考试批次)', query: ListQuery }, async ({ res, principal, query }) => {
    const page = await sessions.listSessions(principal, { page: query.page, pageSize: 20, status: query.status });
    const centres = await sessions.listCentres(principal);
    res.render('sessions/index', {
      title: 'sessions.title', stylesheets: STYLES,
      sessions: page.items.map((s) => ({ ...s, statusName: stateName(localeOf(res), s.status) })),
      pager: pagerOf(page),
      statuses: SESSION_STATES.map((st) => ({ value: st, name: stateName(localeOf(res), st), selected: st === query.status })),
      canCreate: centres.some((c) => decide(principal, 'sessions.manage', { kind: 'centre', id: c.id }).allowed),
    });
  });

  const renderNew = async (res: Response, principal: Principal, form: Record<string, unknown>, errors: unknown[] = [], status = 200) => {
    const centres = (await sessions.listCentres(principal)).filter((c) => decide(principal, 'sessions.manage', { kind: 'centre', id: c.id }).allowed);
    const blueprints = await sessions.blueprintChoices();
    res.status(status).render('sessions/new', {
      title: 'sessions.new', stylesheets: STYLES,
      centres: centres.map((c) => ({ ...c, selected: c.id === form.centreId })),
      blueprints: blueprints.map((b) => ({ ...b, selected: b.id === form.blueprintId })),
      form,
      errors,
    });
  };

  routes.page({ method: 'get', path: '/sessions/new', permission: 'sessions.manage', summary: 'Schedule a session (form)' }, async ({ res, principal }) => {
    const tz = timeZoneOf(res);
    const start = new Date(Math.ceil((Date.now() + 24 * 3600_000) / 3600_000) * 3600_000);
    await renderNew(res, principal, { title: '', startsAt: toZonedInput(start, tz), endsAt: toZonedInput(new Date(start.getTime() + 3 * 3600_000), tz), durationMinutes: '120', lateEntryMinutes: '15', rooms: t(localeOf(res), 'sessions.field.roomsExample') });
  });

  routes.page({ method: 'post', path: '/sessions', permission: 'sessions.manage', summary: 'Schedule a session (form)', form: NewForm }, async (ctx) => {
    const f = ctx.form.raw as Record<string, string>;
    const tz = timeZoneOf(ctx.res);
    const startsAt = parseZonedInput(String(f.startsAt ?? ''), tz);
    const endsAt = parseZonedInput(String(f.endsAt ?? ''), tz);
    try {
      const errors = timeErrors(localeOf(ctx.res), startsAt, endsAt);
      if (errors.length) return await renderNew(ctx.res, ctx.principal, f, errors, 422);
      const created = await sessions.createSession(
        ctx.principal,
        {
          centreId: f.centreId,
          title: String(f.title ?? ''),
          blueprintId: f.blueprintId,
          mode: f.mode === 'forms' ? 'forms' : 'per-candidate',
          forms: Number(f.forms || 2),
          startsAt: startsAt!.toISOString(),
          endsAt: endsAt!.toISOString(),
          durationMinutes: Number(f.durationMinutes || 120),
          lateEntryMinutes: Number(f.lateEntryMinutes || 15),
          showScore: f.showScore === 'on',
          screenSwitchLimit: Number(f.screenSwitchLimit || 0),
          rooms: roomsFromText(String(f.rooms ?? '')),
        },
        actorFrom(ctx),
      );
      ctx.res.redirect(303, `/sessions/${created.id}`);
    } catch (error) {
      const errors = formErrorsOf(error, ctx.res);
      if (!errors) throw error;
      await renderNew(ctx.res, ctx.principal, f, errors, (error as HttpProblem).status);
    }
  });

  const renderEdit = async (res: Response, principal: Principal, id: string, form?: Record<string, unknown>, errors: unknown[] = [], status = 200) => {
    const { doc, rooms } = await sessions.sessionForEdit(principal, id);
    const tz = timeZoneOf(res);
    res.status(status).render('sessions/edit', {
      title: 'sessions.edit', stylesheets: STYLES,
      session: { id: String(doc._id), code: doc.code, title: doc.title, status: doc.status, statusName: stateName(localeOf(res), doc.status) },
      published: doc.status !== 'draft',
      form: form ?? {
        revision: doc.revision,
        title: doc.title,
        startsAt: toZonedInput(doc.startsAt, tz),
        endsAt: toZonedInput(doc.endsAt, tz),
        durationMinutes: doc.durationMinutes,
        lateEntryMinutes: doc.lateEntryMinutes,
        screenSwitchLimit: doc.screenSwitchLimit,
        showScore: doc.showScore,
        rooms: rooms.map((r) => [r.code, r.name, r.seats, ...r.proctors].join(' ')).join('\n'),
      },
      errors,
    });
  };

  routes.page({ method: 'get', path: '/sessions/:id/edit', permission: 'sessions.manage', summary: 'Edit a session (form); once published, key fields change only with a reason (an amendment)', params: IdParams }, ({ res, principal, params }) => renderEdit(res, principal, params.id));

  routes.page({ method: 'post', path: '/sessions/:id/edit', permission: 'sessions.manage', summary: 'Edit a session (form)', params: IdParams, form: NewForm }, async (ctx) => {
    const f = ctx.form.raw as Record<string, string>;
    const tz = timeZoneOf(ctx.res);
    const startsAt = parseZonedInput(String(f.startsAt ?? ''), tz);
    const endsAt = parseZonedInput(String(f.endsAt ?? ''), tz);
    const form = { ...f, showScore: f.showScore === 'on' };
    const errors = timeErrors(localeOf(ctx.res), startsAt, endsAt);
    if (errors.length) return renderEdit(ctx.res, ctx.principal, ctx.params.id, form, errors, 422);
    const reason = String(f.reason ?? '').trim();
    try {
      await sessions.updateSession(
        ctx.principal,
        ctx.params.id,
        {
          revision: Number(f.revision),
          title: String(f.title ?? ''),
          startsAt: startsAt!.toISOString(),
          endsAt: endsAt!.toISOString(),
          durationMinutes: Number(f.durationMinutes || 0),
          lateEntryMinutes: Number(f.lateEntryMinutes || 0),
          screenSwitchLimit: Number(f.screenSwitchLimit || 0),
          showScore: f.showScore === 'on',
          rooms: roomsFromText(String(f.rooms ?? '')),
          ...(reason ? { amendment: { reason } } : {}),
        },
        actorFrom(ctx),
      );
      ctx.res.redirect(303, `/sessions/${ctx.params.id}`);
    } catch (error) {
      if (error instanceof HttpProblem && error.status === 409 && error.extensions.keyFields) {
        return renderEdit(ctx.res, ctx.principal, ctx.params.id, form, [{ path: 'reason', message: t(localeOf(ctx.res), 'sessions.error.reasonRequired') }], 409);
      }
      const fieldErrors = formErrorsOf(error, ctx.res);
      if (!fieldErrors) throw error;
      await renderEdit(ctx.res, ctx.principal, ctx.params.id, form, fieldErrors, (error as HttpProblem).status);
    }
  });

  const renderDetail = async (res: Response, principal: Principal, id: string, query: z.infer<typeof DetailQuery>, extra: Record<string, unknown> = {}, status = 200) => {
    const { doc, view: session } = await sessions.sessionWithView(principal, id);
    const locale = localeOf(res);
    const page = await sessions.listRegistrations(principal, id, { page: query.page, pageSize: 50, q: query.q, room: query.room });
    res.status(status).render('sessions/detail', {
      title: 'sessions.detail', stylesheets: STYLES,
      session: {
        ...session,
        statusName: stateName(locale, session.status),
        amendments: session.amendments.map((a) => ({ ...a, changesText: a.changes.map((c) => t(locale, 'sessions.amendments.change', c)).join('') })),
      },
      registrations: page.items,
      pager: pagerOf(page),
      filters: query,
      canManage: may(principal, 'sessions.manage', doc),
      canStatistics: doc.part === 'theory' && decide(principal, 'statistics.compute', sessionTarget(doc)).allowed,
      canPublish: session.status === 'draft',
      canOpen: session.status === 'published',
      canClose: session.status === 'open',
      canRegister: session.status === 'draft' || session.status === 'published',
      // Paper-based sittings: what the centre may print once the papers are prepared.
      print: session.status !== 'draft' && doc.part !== 'review' && doc.papersReady ? { documents: PRINT_FILES[doc.part].map((file) => ({ file, label: t(locale, `sessions.print.${file}`) })), forms: doc.mode === 'forms' ? doc.formPaperIds.map((_, i) => String.fromCharCode(65 + i)) : [] } : undefined,
      idTypes: ID_TYPES,
      ...extra,
    });
  };

  routes.page({ method: 'get', path: '/sessions/:id', permission: 'sessions.view', summary: 'One session: rooms, staffing, registrations, actions', params: IdParams, query: DetailQuery }, ({ res, principal, params, query }) => renderDetail(res, principal, params.id, query));

  routes.page({ method: 'post', path: '/sessions/:id/transition', permission: 'sessions.manage', summary: 'Publish, open or close a session (form, confirmed)', params: IdParams, form: TransitionForm }, async (ctx) => {
    if (!ctx.form.ok) return ctx.res.redirect(303, `/sessions/${ctx.params.id}`);
    const locale = localeOf(ctx.res);
    const action = t(locale, `sessions.transition.${ctx.form.data.transition}`);
    if (!confirmed(ctx.res, ctx.form.raw, { message: t(locale, 'sessions.transition.confirm', { action }), action: `/sessions/${ctx.params.id}/transition` })) return;
    try {
      await sessions.transition(ctx.principal, ctx.params.id, ctx.form.data.transition, actorFrom(ctx));
      ctx.res.redirect(303, `/sessions/${ctx.params.id}`);
    } catch (error) {
      const errors = formErrorsOf(error, ctx.res);
      if (!errors) throw error;
      await renderDetail(ctx.res, ctx.principal, ctx.params.id, { page: 1 }, { actionErrors: errors }, (error as HttpProblem).status);
    }
  });

  routes.page({ method: 'post', path: '/sessions/:id/registrations', permission: 'sessions.manage', summary: 'Register one candidate (form)', params: IdParams, form: AddForm }, async (ctx) => {
    const f = ctx.form.raw as Record<string, string>;
    try {
      const result = await sessions.register(ctx.principal, ctx.params.id, [{ name: f.name, idType: f.idType, idNumber: f.idNumber, ...(f.roomCode ? { roomCode: f.roomCode } : {}) }], actorFrom(ctx));
      if (result.errors.length) return await renderDetail(ctx.res, ctx.principal, ctx.params.id, { page: 1 }, { addErrors: result.errors, addForm: f }, 422);
      ctx.res.redirect(303, `/sessions/${ctx.params.id}`);
    } catch (error) {
      const errors = formErrorsOf(error, ctx.res);
      if (!errors) throw error;
      await renderDetail(ctx.res, ctx.principal, ctx.params.id, { page: 1 }, { addErrors: errors, addForm: f }, (error as HttpProblem).status);
    }
  });

  routes.page(
    {
      method: 'post',
      path: '/sessions/:id/registrations/import',
      permission: 'sessions.manage',
      summary: 'Registration sheet step 1: the row-by-row dry run (upload)',
      params: IdParams,
      authorize: (c) => sessions.sessionFor(c.principal, c.params.id, 'sessions.manage'),
      parsers: [sheetUpload],
    },
    async (ctx) => {
      const file = uploadedFile(ctx.req);
      if (!file) return ctx.res.redirect(303, `/sessions/${ctx.params.id}`);
      try {
        const rows = await readRegistrationFile(file.path);
        const report = await sessions.stageImport(ctx.principal, ctx.params.id, rows, actorFrom(ctx));
        const session = await sessions.getSession(ctx.principal, ctx.params.id);
        ctx.res.render('sessions/import-report', { title: 'sessions.import', stylesheets: STYLES, session, report, invalid: report.rows.length - report.valid });
      } catch (error) {
        if (!(error instanceof RegistrationSheetError)) throw error;
        await renderDetail(ctx.res, ctx.principal, ctx.params.id, { page: 1 }, { importError: error.message }, 422);
      } finally {
        await removeQuietly(file.path);
      }
    },
  );

  routes.page(
    {
      method: 'post',
      path: '/sessions/:id/registrations/:registrationId/photo',
      permission: 'sessions.manage',
      summary: 'Upload or replace a registration’s photo (JPEG or PNG, at most 1 MiB)',
      params: z.object({ id: ObjectIdString, registrationId: ObjectIdString }),
      authorize: (c) => sessions.sessionFor(c.principal, c.params.id, 'sessions.manage'),
      parsers: [photoUpload],
    },
    async (ctx) => {
      try {
        await sessions.setRegistrationPhoto(ctx.principal, ctx.params.id, ctx.params.registrationId, (ctx.req as { file?: { buffer: Buffer } }).file?.buffer, actorFrom(ctx));
        ctx.res.redirect(303, `/sessions/${ctx.params.id}`);
      } catch (error) {
        if (!(error instanceof HttpProblem) || error.status === 404 || error.status >= 500) throw error;
        await renderDetail(ctx.res, ctx.principal, ctx.params.id, { page: 1 }, { photoError: error.detail }, error.status);
      }
    },
  );

  routes.page({ method: 'post', path: '/sessions/:id/registrations/commit', permission: 'sessions.manage', summary: 'Registration sheet step 2: register every checked row', params: IdParams, form: CommitForm }, async (ctx) => {
    const importId = String(ctx.form.raw.importId ?? '');
    const result = await sessions.commitImport(ctx.principal, ctx.params.id, importId, actorFrom(ctx));
    if (result.errors.length) return renderDetail(ctx.res, ctx.principal, ctx.params.id, { page: 1 }, { addErrors: result.errors }, 422);
    ctx.res.redirect(303, `/sessions/${ctx.params.id}?registered=${result.items.length}`);
  });

  routes.page({ method: 'get', path: '/sessions/:id/seat-plan', permission: 'sessions.view', summary: 'Seat plan (座位表) per room', params: IdParams }, async ({ res, principal, params }) => {
    const session = await sessions.getSession(principal, params.id);
    res.render('sessions/seat-plan', { title: 'sessions.seatPlan', stylesheets: STYLES, session, rooms: await sessions.seatPlan(principal, params.id) });
  });
}
