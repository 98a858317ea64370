import { IdParams } from '../platform/ids';
import type { Response } from 'express';
import type { RouteTable, Principal } from '../platform/routing';
import { may } from '../identity/access';
import { validateStandardDocument } from '../bank/interchange';
import { fieldErrorsByName, formErrorsOf } from '../platform/forms';
import { OccupationForm, StandardImportForm, WeightsForm } from './forms';
import { HttpProblem, type FieldError } from '../platform/problem';
import { t } from '../i18n/translate';
import type { Locale } from '../i18n/locale';
import { actorFrom } from '../audit/service';
import { labelOf, localiseFieldErrors } from '../i18n/validation';
import { localeOf } from '../i18n/negotiate';
import { LEVELS, DEFAULT_LEVEL_NAMES, type Level, type Standard, type WeightTable } from './schemas';
import type { StandardsService, StandardView } from './service';


/** A weight table as display rows: one cell per level (5 → 1), plus column totals. */
function weightTableView(table: WeightTable, part: 'theory' | 'skill', typed: Record<string, string> = {}) {
  const levels = [...LEVELS];
  const rows = table.rows.map((row) => ({
    code: row.code,
    name: row.name,
    group: row.group,
    cells: levels.map((level) => {
      const cell = row.cells.find((c) => c.level === level);
      const percent = cell?.percent ?? null;
      // A value that is not a number is shown back as typed, never as "NaN".
      return { level, percent: percent !== null && Number.isNaN(percent) ? null : percent, typed: typed[`w_${part}_${row.code}_${level}`] };
    }),
  }));
  const totals = levels.map((level) => rows.reduce((sum, row) => sum + (row.cells.find((c) => c.level === level)?.percent ?? 0), 0));
  return { levels: levels.map((l) => ({ level: l, name: DEFAULT_LEVEL_NAMES[l].zh })), rows, totals: totals.map((t) => ({ value: t, ok: Math.abs(t - 100) < 1e-6 })) };
}

function elementTableView(standard: StandardView, part: 'theory' | 'skill') {
  const table = standard.elementTables.find((t) => t.part === part);
  if (!table) return undefined;
  const scopes = [...table.scopes].sort((a, b) => (a.code < b.code ? -1 : 1));
  return scopes.map((scope) => ({
    code: scope.code,
    name: scope.name,
    depth: scope.code.length - 1,
    weights: LEVELS.map((level) => scope.weights.find((w) => w.level === level)?.percent ?? null),
    xyz: scope.xyz ? `${scope.xyz.X}/${scope.xyz.Y}/${scope.xyz.Z}` : '',
    points: table.points
      .filter((p) => p.scopeCode === scope.code)
      .map((p) => ({ code: `${p.scopeCode}${p.code}`, name: p.name, importance: p.importance, levels: [...p.levels].sort((a, b) => b - a).join(', ') })),
  }));
}

/** Grid cells whose text is not a number (`w_<part>_<row>_<level>` → what was typed). */
function unreadableWeightCells(standard: Standard, body: Record<string, string>, locale: Locale): { typed: Record<string, string>; errors: FieldError[] } {
  const typed: Record<string, string> = {};
  const errors: FieldError[] = [];
  for (const part of ['theory', 'skill'] as const) {
    for (const row of standard.weightTables[part].rows) {
      for (const level of LEVELS) {
        const name = `w_${part}_${row.code}_${level}`;
        const raw = (body[name] ?? '').trim();
        if (parseWeight(raw) !== undefined) continue;
        typed[name] = raw;
        errors.push({ path: name, message: t(locale, 'validation.rule.weightCell', { row: row.name, level: DEFAULT_LEVEL_NAMES[level].zh, part: t(locale, `validation.part.${part}`), value: raw }) });
      }
    }
  }
  return { typed, errors };
}

/** A grid cell: a percentage, null for "not assessed" ("—", "-" or blank), undefined when unreadable. */
function parseWeight(raw: string): number | null | undefined {
  const v = raw.replace(/[%％]$/, '').trim();
  if (v === '' || v === '—' || v === '-') return null;
  const n = Number(v.replace(/．/g, '.'));
  return Number.isFinite(n) ? n : undefined;
}

/** Parses the weight-table grid form (`w_<part>_<row>_<level>`); "—" or empty = not assessed. */
function weightTablesFromForm(standard: Standard, body: Record<string, string>): Standard['weightTables'] {
  const parse = (raw: string | undefined): number | null => parseWeight((raw ?? '').trim()) ?? null;
  const table = (part: 'theory' | 'skill'): WeightTable => ({
    rows: standard.weightTables[part].rows.map((row) => ({
      ...row,
      cells: LEVELS.map((level: Level) => ({ level, percent: parse(body[`w_${part}_${row.code}_${level}`]) })),
    })),
  });
  return { theory: table('theory'), skill: table('skill') };
}

export function registerStandardsPages(routes: RouteTable, standards: StandardsService): void {
  const renderIndex = async (res: Response, principal: Principal, extra: Record<string, unknown> = {}, status = 200) => {
    const occupations = await standards.listOccupations({ page: 1, pageSize: 200 });
    const all = await standards.listStandards();
    res.status(status).render('standards/index', {
      title: 'standards.title',
      occupations: occupations.items.map((o) => ({ ...o, standards: all.filter((s) => s.occupationCode === o.code) })),
      canManage: may(principal, 'standards.manage', { kind: 'global' }),
      ...extra,
    });
  };

  routes.page({ method: 'get', path: '/standards', permission: 'standards.read', summary: 'Occupations and their standards' }, ({ res, principal, req }) =>
    renderIndex(res, principal, { done: typeof req.query.done === 'string' ? req.query.done : undefined }),
  );

  routes.page({ method: 'post', path: '/standards/occupations', permission: 'standards.manage', summary: 'Add an occupation (form)', form: OccupationForm }, async (ctx) => {
    const f = ctx.form.raw;
    const form = ctx.form;
    if (!form.ok) return renderIndex(ctx.res, ctx.principal, { errors: form.errors, fieldErrors: fieldErrorsByName(form.errors), occupationForm: f }, 400);
    try {
      await standards.createOccupation(form.data, actorFrom(ctx));
      ctx.res.redirect(303, '/standards?done=occupation');
    } catch (error) {
      const errors = formErrorsOf(error, ctx.res);
      if (!errors) throw error;
      await renderIndex(ctx.res, ctx.principal, { errors, occupationForm: f }, (error as HttpProblem).status);
    }
  });

  routes.page({ method: 'post', path: '/standards/import', permission: 'standards.manage', summary: 'Import a standard document (question-bank-schema/standard.schema.json) (form)', form: StandardImportForm }, async (ctx) => {
    const text = ctx.form.ok ? ctx.form.data.document : '';
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      return renderIndex(ctx.res, ctx.principal, { errors: localiseFieldErrors([{ path: 'document', message: 'not valid JSON', i18n: { key: 'validation.rule.json' } }], localeOf(ctx.res)), documentText: text }, 400);
    }
    const checked = validateStandardDocument(data);
    if (!checked.standard) return renderIndex(ctx.res, ctx.principal, { errors: checked.issues.map((i) => ({ path: i.path, message: t(localeOf(ctx.res), 'validation.zod', { label: labelOf(i.path.replace(/\[(\d+)\]/g, '.$1'), localeOf(ctx.res)), message: localeOf(ctx.res) === 'en' ? i.messageEn : i.message }) })), documentText: text }, 400);
    const { occupation, ...standard } = checked.standard;
    try {
      const created = await standards.importStandard(occupation, standard, actorFrom(ctx));
      ctx.res.redirect(303, `/standards/${created.id}`);
    } catch (error) {
      const errors = formErrorsOf(error, ctx.res);
      if (!errors) throw error;
      await renderIndex(ctx.res, ctx.principal, { errors, documentText: text }, (error as HttpProblem).status);
    }
  });

  const renderStandard = (res: Response, standard: StandardView, extra: Record<string, unknown> = {}, status = 200) =>
    res.status(status).render('standards/standard', {
      title: 'standards.title',
      standard,
      levels: [...standard.levels].sort((a, b) => b.level - a.level),
      theoryWeights: weightTableView(standard.weightTables.theory, 'theory', (extra.typed ?? {}) as Record<string, string>),
      skillWeights: weightTableView(standard.weightTables.skill, 'skill', (extra.typed ?? {}) as Record<string, string>),
      theoryElements: elementTableView(standard, 'theory'),
      skillElements: elementTableView(standard, 'skill'),
      ...extra,
    });

  routes.page({ method: 'get', path: '/standards/:id', permission: 'standards.read', summary: 'A standard: levels, weight tables, element tables', params: IdParams }, async ({ req, res, params, principal }) => {
    const standard = await standards.getStandard(params.id);
    const canEdit = may(principal, 'standards.manage', { kind: 'global' });
    renderStandard(res, standard, { canEdit, saved: req.query.done === 'weights' });
  });

  routes.page({ method: 'post', path: '/standards/:id/weights', permission: 'standards.manage', summary: 'Save the weight tables (form)', params: IdParams, form: WeightsForm }, async (ctx) => {
    const current = await standards.getStandard(ctx.params.id);
    if (!ctx.form.ok) return renderStandard(ctx.res, current, { canEdit: true, errors: ctx.form.errors }, 400);
    const { revision, ...cells } = ctx.form.data;
    const { id: _id, revision: _revision, updatedAt: _updatedAt, ...plain } = current;
    const unreadable = unreadableWeightCells(plain, cells as Record<string, string>, localeOf(ctx.res));
    if (unreadable.errors.length) return renderStandard(ctx.res, current, { canEdit: true, errors: unreadable.errors, typed: unreadable.typed }, 400);
    const next: Standard = { ...plain, weightTables: weightTablesFromForm(plain, cells as Record<string, string>) };
    try {
      await standards.updateStandard(ctx.params.id, next, revision, actorFrom(ctx));
      ctx.res.redirect(303, `/standards/${ctx.params.id}?done=weights`);
    } catch (error) {
      const errors = formErrorsOf(error, ctx.res);
      if (!errors || (error as HttpProblem).status === 404) throw error;
      renderStandard(ctx.res, { ...current, weightTables: next.weightTables }, { canEdit: true, errors }, (error as HttpProblem).status);
    }
  });
}
