import type { Response } from 'express';
import { z } from 'zod';
import type { Principal, RouteTable } from '../platform/routing';
import { IdParams } from '../platform/ids';
import { confirmed, formErrorsOf } from '../platform/forms';
import { actorFrom } from '../audit/service';
import { localeOf } from '../i18n/negotiate';
import { t } from '../i18n/translate';
import type { PlanView, SkillScoringService } from './service';
import { TaskParams } from './schemas';
import type { CombinationRule } from './rules';

const STYLES = ['/assets/exam.css'];
const NoticeQuery = z.object({ done: z.enum(['saved', 'signed', 'confirmed', 'reopened']).optional().catch(undefined) });
const SheetForm = z.object({}).passthrough();
const SignForm = z.object({ revision: z.coerce.number().int().min(1) }).passthrough();
const ReopenForm = z.object({ reason: z.string().trim().min(2).max(500) }).passthrough();

const PlanForm = z.object({}).passthrough();

/** Groups typed one per line: `A 第一考评组 01,02 examiner1,examiner2,examiner3 checker1`. */
function panelsFromText(text: string): Array<{ code: string; name: string; rooms: string[]; examiners: string[]; checker: string }> {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [code = '', name = '', rooms = '', examiners = '', checker = ''] = line.split(/\s+/);
      const list = (value: string) => value.split(/[,，、]/).map((v) => v.trim()).filter(Boolean);
      return { code, name, rooms: list(rooms), examiners: list(examiners), checker };
    });
}

function panelsToText(plan: PlanView | null, usernames: Map<string, string>): string {
  return (plan?.panels ?? []).map((p) => [p.code, p.name, p.rooms.join(','), p.examinerIds.map((id) => usernames.get(id) ?? '').join(','), usernames.get(p.checkerId) ?? ''].join(' ')).join('\n');
}

const NOTICES = { saved: 'scoring.sheet.saved', signed: 'scoring.sheet.signedNotice', confirmed: 'scoring.checker.done', reopened: 'scoring.checker.reopenDone' } as const;

function ruleText(res: Response, rule: CombinationRule): string {
  const locale = localeOf(res);
  return t(locale, 'scoring.combination', { rule: t(locale, `scoring.method.${rule.method}`, { trim: rule.trim }) });
}

/** A number typed on a tablet: full-width digits and a comma decimal are accepted. */
function typedNumber(value: unknown): number {
  const text = String(value ?? '').trim().replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0)).replace('，', '.').replace(',', '.');
  return text === '' ? 0 : Number(text);
}

/**
 * The examiners' pages: their candidates (评分), one sheet per candidate and task (entered on a
 * tablet, then signed), and the checker's page (核分). Thin: the service decides everything.
 */
export function registerSkillScoringPages(routes: RouteTable, scoring: SkillScoringService): void {
  const renderPlan = async (res: Response, principal: Principal, id: string, form?: Record<string, unknown>, errors: unknown[] = [], status = 200) => {
    const view = await scoring.overview(principal, id);
    const usernames = await scoring.usernamesOf(view.plan);
    const locale = localeOf(res);
    res.status(status).render('skill-scoring/plan', {
      title: 'scoring.plan.title',
      stylesheets: STYLES,
      ...view,
      partKey: `scoring.part.${view.session.part}`,
      rule: view.plan ? ruleText(res, view.plan.combination) : '',
      scores: view.scores.map((s) => ({ ...s, stateKey: `scoring.state.${s.state}` })),
      form: form ?? { method: view.plan?.combination.method ?? 'mean', trim: String(view.plan?.combination.trim ?? 1), panels: panelsToText(view.plan, usernames) || `A 第一考评组 ${view.session.rooms.join(',')} examiner1,examiner2,examiner3 checker` },
      methods: (['mean', 'median', 'trimmed'] as const).map((m) => ({ value: m, label: t(locale, `scoring.method.${m}`, { trim: 'N' }), selected: m === (form?.method ?? view.plan?.combination.method ?? 'mean') })),
      errors,
    });
  };

  routes.page({ method: 'get', path: '/sessions/:id/scoring', permission: 'sessions.view', summary: 'A skill or review session’s examiner groups, combination rule and part scores', params: IdParams }, async ({ res, principal, params }) => {
    await renderPlan(res, principal, params.id);
  });

  routes.page({ method: 'post', path: '/sessions/:id/scoring', permission: 'sessions.manage', summary: 'Set the examiner groups and the combination rule (form)', params: IdParams, form: PlanForm }, async (ctx) => {
    const f = ctx.form.raw as Record<string, string | undefined>;
    const typed = { method: String(f.method ?? 'mean'), trim: String(f.trim ?? '1'), panels: String(f.panels ?? '') };
    try {
      const current = await scoring.overview(ctx.principal, ctx.params.id);
      await scoring.setPlan(ctx.principal, ctx.params.id, { ...(current.plan ? { revision: current.plan.revision } : {}), combination: { method: typed.method, trim: Number(typed.trim) || 1 }, panels: panelsFromText(typed.panels) }, actorFrom(ctx));
      ctx.res.redirect(303, `/sessions/${ctx.params.id}/scoring`);
    } catch (error) {
      const errors = formErrorsOf(error, ctx.res);
      if (!errors) throw error;
      await renderPlan(ctx.res, ctx.principal, ctx.params.id, typed, errors, (error as { status: number }).status);
    }
  });

  routes.page({ method: 'get', path: '/scoring', permission: 'scoring.enter', summary: 'The examiner’s candidates and sheets (评分)', query: NoticeQuery }, async ({ res, principal }) => {
    const work = await scoring.workFor(principal);
    res.render('skill-scoring/index', {
      title: 'scoring.title',
      stylesheets: STYLES,
      work: work.map((w) => ({ ...w, rule: ruleText(res, w.combination), partKey: `scoring.part.${w.session.part}`, panels: w.panels.map((p) => ({ ...p, examiners: p.examiners.join('、') })) })),
    });
  });

  const renderSheet = async (res: Response, principal: Principal, id: string, position: number, extra: Record<string, unknown> = {}, status = 200) => {
    const view = await scoring.task(principal, id, position);
    const mine = view.mine;
    res.status(status).render('skill-scoring/sheet', {
      title: 'scoring.sheet.title',
      stylesheets: STYLES,
      ...view,
      partKey: `scoring.part.${view.session.part}`,
      rows: view.task.rows.map((row, i) => ({ ...row, index: i, deduction: (extra.typed as string[] | undefined)?.[i] ?? mine?.rows[i]?.deduction ?? 0, score: mine?.rows[i]?.score, remark: (extra.remarksTyped as string[] | undefined)?.[i] ?? mine?.rows[i]?.remark ?? '' })),
      editable: !mine || mine.status === 'draft',
      canSign: mine?.status === 'draft',
      ...extra,
    });
  };

  routes.page({ method: 'get', path: '/scoring/registrations/:id/tasks/:position', permission: 'scoring.enter', summary: 'One candidate’s task: the examiner’s 评分记录表', params: TaskParams, query: NoticeQuery }, async ({ res, principal, params, query }) => {
    await renderSheet(res, principal, params.id, params.position, query.done ? { notice: NOTICES[query.done] } : {});
  });

  routes.page({ method: 'post', path: '/scoring/registrations/:id/tasks/:position', permission: 'scoring.enter', summary: 'Save the examiner’s sheet (form)', params: TaskParams, form: SheetForm }, async (ctx) => {
    const f = ctx.form.raw as Record<string, string | undefined>;
    const count = Number(f.rowCount ?? 0);
    const typed = Array.from({ length: Math.min(Math.max(count, 0), 60) }, (_, i) => String(f[`deduction_${i}`] ?? ''));
    const remarksTyped = typed.map((_, i) => String(f[`remark_${i}`] ?? ''));
    const body = {
      rows: typed.map((d, i) => ({ deduction: typedNumber(d), remark: remarksTyped[i] })),
      vetoed: f.vetoed === 'on',
      remarks: String(f.remarks ?? ''),
      ...(f.revision ? { revision: Number(f.revision) } : {}),
    };
    try {
      await scoring.saveSheet(ctx.principal, ctx.params.id, ctx.params.position, body, actorFrom(ctx));
      ctx.res.redirect(303, `/scoring/registrations/${ctx.params.id}/tasks/${ctx.params.position}?done=saved`);
    } catch (error) {
      const errors = formErrorsOf(error, ctx.res);
      if (!errors) throw error;
      await renderSheet(ctx.res, ctx.principal, ctx.params.id, ctx.params.position, { errors, typed, remarksTyped }, (error as { status: number }).status);
    }
  });

  routes.page({ method: 'post', path: '/scoring/registrations/:id/tasks/:position/sign', permission: 'scoring.enter', summary: 'Sign the examiner’s sheet (form)', params: TaskParams, form: SignForm }, async (ctx) => {
    if (!ctx.form.ok) return renderSheet(ctx.res, ctx.principal, ctx.params.id, ctx.params.position, { errors: ctx.form.errors }, 422);
    try {
      await scoring.signSheet(ctx.principal, ctx.params.id, ctx.params.position, { revision: ctx.form.data.revision }, actorFrom(ctx));
      ctx.res.redirect(303, `/scoring/registrations/${ctx.params.id}/tasks/${ctx.params.position}?done=signed`);
    } catch (error) {
      const errors = formErrorsOf(error, ctx.res);
      if (!errors) throw error;
      await renderSheet(ctx.res, ctx.principal, ctx.params.id, ctx.params.position, { errors }, (error as { status: number }).status);
    }
  });

  const renderCheck = async (res: Response, principal: Principal, id: string, extra: Record<string, unknown> = {}, status = 200) => {
    const view = await scoring.candidateForChecker(principal, id);
    res.status(status).render('skill-scoring/check', {
      title: 'scoring.checker.title',
      stylesheets: STYLES,
      ...view,
      partKey: `scoring.part.${view.session.part}`,
      rule: ruleText(res, view.combination),
      canConfirm: view.outstanding === 0 && view.registration.status === 'registered' && view.confirmation?.status !== 'confirmed',
      ...extra,
    });
  };

  routes.page({ method: 'get', path: '/scoring/registrations/:id/check', permission: 'scoring.check', summary: 'The checker’s page for one candidate (核分)', params: IdParams, query: NoticeQuery }, async ({ res, principal, params, query }) => {
    await renderCheck(res, principal, params.id, query.done ? { notice: NOTICES[query.done] } : {});
  });

  routes.page({ method: 'post', path: '/scoring/registrations/:id/confirm', permission: 'scoring.check', summary: 'Confirm a candidate’s totals (form)', params: IdParams, form: SheetForm }, async (ctx) => {
    const locale = localeOf(ctx.res);
    if (!confirmed(ctx.res, ctx.form.raw, { message: t(locale, 'scoring.checker.confirmPrompt'), action: `/scoring/registrations/${ctx.params.id}/confirm` })) return;
    try {
      await scoring.confirm(ctx.principal, ctx.params.id, actorFrom(ctx));
      ctx.res.redirect(303, `/scoring/registrations/${ctx.params.id}/check?done=confirmed`);
    } catch (error) {
      const errors = formErrorsOf(error, ctx.res);
      if (!errors) throw error;
      await renderCheck(ctx.res, ctx.principal, ctx.params.id, { errors }, (error as { status: number }).status);
    }
  });

  routes.page({ method: 'post', path: '/scoring/sheets/:id/reopen', permission: 'scoring.check', summary: 'Reopen a signed sheet with a reason (form)', params: IdParams, form: ReopenForm }, async (ctx) => {
    const registrationId = String((ctx.form.raw as Record<string, unknown>).registrationId ?? '');
    try {
      if (!ctx.form.ok) {
        await renderCheck(ctx.res, ctx.principal, registrationId, { errors: ctx.form.errors }, 422);
        return;
      }
      const sheet = await scoring.reopen(ctx.principal, ctx.params.id, ctx.form.data.reason, actorFrom(ctx));
      ctx.res.redirect(303, `/scoring/registrations/${sheet.registrationId}/check?done=reopened`);
    } catch (error) {
      const errors = formErrorsOf(error, ctx.res);
      if (!errors || !/^[0-9a-f]{24}$/.test(registrationId)) throw error;
      await renderCheck(ctx.res, ctx.principal, registrationId, { errors }, (error as { status: number }).status);
    }
  });
}
