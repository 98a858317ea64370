import type { Response } from 'express';
import { ObjectIdString, IdParams } from '../platform/ids';
import { z } from 'zod';
import type { RouteTable, Principal } from '../platform/routing';
import { HttpProblem, problems } from '../platform/problem';
import { fieldErrorsByName, formErrorsOf } from '../platform/forms';
import { AssembleForm, BlueprintForm, BlueprintGridForm } from './forms';
import { gridOf, readGrid, type GridFields, type GridRow } from './grid';
import { gridView } from './grid-view';
import { t } from '../i18n/translate';
import type { FieldError } from '../platform/problem';
import { LevelSchema, type Level } from '../standards/schemas';
import type { Locale } from '../i18n/locale';
import { actorFrom } from '../audit/service';
import { LEVELS, DEFAULT_LEVEL_NAMES } from '../standards/schemas';
import { mayOnBank } from '../bank/access';
import { renderItem } from '../bank/render';
import { questionTypes, typeNameIn } from '../question-types';
import type { BankService } from '../bank/service';
import type { BankDoc } from '../bank/model';
import { AssemblyService, type BlueprintView } from './service';
import { weightsAtLevel, analysePaper, blueprintPoints, cellPoints, sectionPoints, type Blueprint, type Infeasibility, type Paper, type PaperAnalysis } from './engine';
import type { BlueprintDoc } from './model';

const BankParams = z.object({ bankId: ObjectIdString });

function locale(res: Response): Locale {
  return res.locals.locale as Locale;
}

/** `判断题 20×1 + 单选题 80×1`; a section whose cells carry their own points lists them: `技能操作题 50+35+15`. */
function sectionsText(blueprint: Blueprint, lang: Locale): string {
  return blueprint.sections
    .map((s, i) => {
      const cells = blueprint.cells.filter((c) => c.section === i && c.count > 0);
      const own = cells.some((c) => c.pointsPerItem !== undefined);
      const points = own ? cells.map((c) => (c.count > 1 ? `${c.count}×${cellPoints(blueprint, c)}` : String(cellPoints(blueprint, c)))).join('+') : `${s.count}×${s.pointsPerItem}`;
      return `${typeNameIn(lang, s.type)} ${points}${own ? ` = ${sectionPoints(blueprint, i)}` : ''}`;
    })
    .join(' + ');
}

/** Short cells and other refusals, ready for a table. */
function infeasibleRows(infeasible: Infeasibility[]) {
  return infeasible.map((i) => ({ kind: i.kind, message: i.message, needed: 'needed' in i ? i.needed : undefined, available: 'available' in i ? i.available : undefined, key: 'key' in i ? i.key : undefined }));
}

/** The 试卷细目分析表 as rows for the page, with the weight-table rows' names. */
function analysisView(analysis: PaperAnalysis, rowNames: ReadonlyMap<string, string>) {
  const row = (r: PaperAnalysis['byFunction'][number]) => ({
    ...r,
    name: rowNames.get(r.key) ?? '',
    ok: !r.deviates,
  });
  return { ...analysis, byFunction: analysis.byFunction.map(row), byType: analysis.byType.map(row), byImportance: analysis.byImportance.map(row) };
}

/** Items of a paper rendered as the candidate sees them (options in the paper's order). */
async function renderedItems(assembly: AssemblyService, paper: Paper, codes: ReadonlyArray<string>) {
  const contents = await assembly.paperContents(paper);
  return paper.items.map((item, i) => {
    const content = contents.get(item.itemId);
    return {
      number: i + 1,
      code: codes[i] ?? '',
      section: item.section,
      points: item.points,
      cellKey: item.cellKey,
      html: content ? renderItem(content, { withKey: false, ...(item.optionPermutation.length ? { optionOrder: item.optionPermutation } : {}) }) : '',
    };
  });
}

async function rowNamesOf(bank: BankService, bankDoc: BankDoc): Promise<Map<string, string>> {
  const { standard } = await bank.pointsOf(bankDoc);
  return new Map([...standard.weightTables.theory.rows, ...standard.weightTables.skill.rows].map((r) => [r.code, r.name]));
}

export function registerAssemblyPages(routes: RouteTable, bank: BankService, assembly: AssemblyService): void {
  const renderList = async (res: Response, principal: Principal, bankId: string, extra: Record<string, unknown> = {}, status = 200) => {
    const bankDoc = await bank.bankFor(principal, bankId, 'bank.view');
    const blueprints = await assembly.listBlueprints(principal, bankId);
    res.status(status).render('assembly/blueprints', {
      title: 'assembly.blueprints',
      bank: { id: String(bankDoc._id), code: bankDoc.code, name: bankDoc.name },
      blueprints: blueprints.map((b) => ({ ...b, sectionsText: sectionsText(b.blueprint, locale(res)) })),
      canManage: mayOnBank(principal, 'blueprints.manage', bankDoc),
      canPapers: mayOnBank(principal, 'papers.verify', bankDoc),
      levels: LEVELS.map((l) => ({ value: l, name: DEFAULT_LEVEL_NAMES[l].zh, selected: Number(extra.level ?? 3) === l })),
      form: extra.form ?? { difficultyMin: '0.55', difficultyMax: '0.75' },
      ...extra,
    });
  };

  routes.page({ method: 'get', path: '/bank/:bankId/blueprints', permission: 'bank.view', summary: 'Blueprints of a bank', params: BankParams }, ({ res, params, principal }) => renderList(res, principal, params.bankId));

  routes.page({ method: 'post', path: '/bank/:bankId/blueprints', permission: 'blueprints.manage', summary: 'Create a blueprint (form)', params: BankParams, form: BlueprintForm }, async (ctx) => {
    const f = ctx.form.raw;
    if (!ctx.form.ok) return renderList(ctx.res, ctx.principal, ctx.params.bankId, { errors: ctx.form.errors, fieldErrors: fieldErrorsByName(ctx.form.errors), form: f, level: f.level }, 400);
    try {
      const { blueprint } = await assembly.createBlueprint(ctx.principal, ctx.params.bankId, ctx.form.data, actorFrom(ctx));
      ctx.res.redirect(303, `/bank/blueprints/${blueprint.id}`);
    } catch (error) {
      const found = formErrorsOf(error, ctx.res);
      if (!found || (error as HttpProblem).status === 404) throw error;
      await renderList(ctx.res, ctx.principal, ctx.params.bankId, { errors: found, fieldErrors: fieldErrorsByName(found), form: f, level: f.level }, (error as HttpProblem).status);
    }
  });

  // ---- the blueprint grid: new, edit, clone --------------------------------------------------

  interface GridPage {
    mode: 'new' | 'edit' | 'clone';
    level: Level;
    part: 'theory' | 'skill';
    /** The blueprint the grid starts from (edit, clone); the derived default otherwise. */
    source?: BlueprintDoc;
    settings: { name: string; difficultyMin: string; difficultyMax: string; exposure: string; itemOrder: string; durationMinutes: string; importanceMix: string };
    typed?: GridFields;
    errors?: FieldError[];
  }

  const renderGrid = async (res: Response, principal: Principal, bankDoc: BankDoc, page: GridPage, status = 200) => {
    const lang = locale(res);
    const { standard } = await bank.pointsOf(bankDoc);
    const rowNames = new Map(standard.weightTables[page.part].rows.map((r) => [r.code, r.name]));
    const rows: GridRow[] = weightsAtLevel(standard.weightTables[page.part].rows, page.level).map((w) => ({ key: w.key, name: rowNames.get(w.key) ?? '', percent: w.percent ?? 0 }));
    const types = questionTypes.ofPart(page.part).map((m) => ({ name: m.name, label: typeNameIn(lang, m.name) }));
    const derived = await assembly.defaultBlueprint(principal, String(bankDoc._id), page.level, page.part);
    const model = gridOf(page.source?.blueprint ?? derived, rows, types, derived);
    const errors = page.errors ?? [];
    res.status(status).render('assembly/blueprint-form', {
      title: page.mode === 'edit' ? 'assembly.editTitle' : page.mode === 'clone' ? 'assembly.cloneTitle' : 'assembly.new',
      heading: t(lang, page.mode === 'edit' ? 'assembly.editTitle' : page.mode === 'clone' ? 'assembly.cloneTitle' : 'assembly.new'),
      bank: { id: String(bankDoc._id), code: bankDoc.code, name: bankDoc.name },
      mode: page.mode,
      action: page.mode === 'edit' ? `/bank/blueprints/${String(page.source!._id)}/edit` : `/bank/${String(bankDoc._id)}/blueprints/new`,
      blueprintId: page.source ? String(page.source._id) : undefined,
      revision: page.mode === 'edit' ? page.source!.revision : undefined,
      level: page.level,
      part: page.part,
      levelName: DEFAULT_LEVEL_NAMES[page.level].zh,
      levels: LEVELS.map((l) => ({ value: l, name: DEFAULT_LEVEL_NAMES[l].zh, selected: l === page.level })),
      form: page.settings,
      grid: gridView(model, page.typed),
      errors,
      fieldErrors: fieldErrorsByName(errors),
      scripts: ['/assets/build/blueprint-grid.js'],
    });
  };

  const settingsOf = (bp: Blueprint, name: string): GridPage['settings'] => ({
    name,
    difficultyMin: String(bp.difficulty.min),
    difficultyMax: String(bp.difficulty.max),
    exposure: bp.exposure.policy,
    itemOrder: bp.itemOrder,
    durationMinutes: bp.durationMinutes ? String(bp.durationMinutes) : '',
    importanceMix: bp.importanceMix.length ? JSON.stringify(bp.importanceMix) : '',
  });

  const typedSettings = (raw: Record<string, unknown>): GridPage['settings'] => {
    const str = (k: string) => (typeof raw[k] === 'string' ? (raw[k] as string) : '');
    return { name: str('name'), difficultyMin: str('difficultyMin'), difficultyMax: str('difficultyMax'), exposure: str('exposure'), itemOrder: str('itemOrder'), durationMinutes: str('durationMinutes'), importanceMix: str('importanceMix') };
  };

  /** Grid fields → service input, or the form again with every error by field (in the page's language). */
  const gridInput = async (res: Response, bankDoc: BankDoc, level: Level, part: 'theory' | 'skill', fields: GridFields) => {
    const lang = locale(res);
    const { standard } = await bank.pointsOf(bankDoc);
    const names = new Map(standard.weightTables[part].rows.map((r) => [r.code, r.name]));
    const rows = weightsAtLevel(standard.weightTables[part].rows, level).map((w) => ({ key: w.key, name: names.get(w.key) ?? '', percent: w.percent ?? 0 }));
    const types = String(fields.types ?? '').split(',').filter((x) => questionTypes.ofPart(part).some((m) => m.name === x));
    const labels = new Map(questionTypes.ofPart(part).map((m) => [m.name, typeNameIn(lang, m.name)]));
    const read = readGrid(fields, part, types.length ? types : questionTypes.ofPart(part).map((m) => m.name), rows, labels);
    if (read.ok) return { ok: true as const, input: read.input };
    return { ok: false as const, errors: read.errors.map((e) => ({ path: e.field, message: t(lang, e.key, e.vars) })) };
  };

  const GridQuery = z.object({
    level: z.coerce.number().pipe(LevelSchema).catch(3),
    part: z.enum(['theory', 'skill']).catch('theory'),
    from: ObjectIdString.optional().catch(undefined),
  });

  routes.page({ method: 'get', path: '/bank/:bankId/blueprints/new', permission: 'blueprints.manage', summary: 'A new blueprint as a grid (functions × item types), or a copy of one (from=)', params: BankParams, query: GridQuery }, async ({ res, params, query, principal }) => {
    const bankDoc = await bank.bankFor(principal, params.bankId, 'blueprints.manage');
    const source = query.from ? await assembly.blueprintFor(principal, query.from, 'blueprints.manage').then((r) => r.doc, () => undefined) : undefined;
    if (source && String(source.bankId) === String(bankDoc._id)) {
      return renderGrid(res, principal, bankDoc, { mode: 'clone', level: source.level as Level, part: source.part, source, settings: settingsOf(source.blueprint, t(locale(res), 'assembly.cloneName', { name: source.name })) });
    }
    // A copy of a blueprint that is not there (or not this bank's) opens the new grid with a note.
    const derived = await assembly.defaultBlueprint(principal, params.bankId, query.level, query.part);
    await renderGrid(res, principal, bankDoc, { mode: 'new', level: query.level, part: query.part, settings: settingsOf(derived, ''), ...(query.from ? { errors: [{ path: '', message: t(locale(res), 'assembly.cloneMissing') }] } : {}) });
  });

  routes.page({ method: 'post', path: '/bank/:bankId/blueprints/new', permission: 'blueprints.manage', summary: 'Save a new blueprint from the grid (form)', params: BankParams, form: BlueprintGridForm }, async (ctx) => {
    const bankDoc = await bank.bankFor(ctx.principal, ctx.params.bankId, 'blueprints.manage');
    const raw = ctx.form.raw as GridFields;
    const level = LevelSchema.catch(3).parse(Number(raw.level));
    const part = raw.part === 'skill' ? 'skill' : 'theory';
    const source = typeof raw.from === 'string' && raw.from ? await assembly.blueprintFor(ctx.principal, raw.from, 'blueprints.manage').then((r) => r.doc).catch(() => undefined) : undefined;
    const again = (errors: FieldError[], status: number) => renderGrid(ctx.res, ctx.principal, bankDoc, { mode: source ? 'clone' : 'new', level, part, ...(source ? { source } : {}), settings: typedSettings(ctx.form.raw), typed: raw, errors }, status);
    if (!ctx.form.ok) return again(ctx.form.errors, 400);
    const grid = await gridInput(ctx.res, bankDoc, level, part, raw);
    if (!grid.ok) return again(grid.errors, 400);
    try {
      const { blueprint } = await assembly.createBlueprint(ctx.principal, ctx.params.bankId, { ...ctx.form.data.settings, level, part, ...grid.input }, actorFrom(ctx));
      ctx.res.redirect(303, `/bank/blueprints/${blueprint.id}?done=created`);
    } catch (error) {
      const found = formErrorsOf(error, ctx.res);
      if (!found || (error as HttpProblem).status === 404) throw error;
      await again(found, (error as HttpProblem).status);
    }
  });

  routes.page({ method: 'get', path: '/bank/blueprints/:id/edit', permission: 'blueprints.manage', summary: 'Edit a blueprint as a grid', params: IdParams }, async ({ res, params, principal }) => {
    const { doc, bankDoc } = await assembly.blueprintFor(principal, params.id, 'blueprints.manage');
    await renderGrid(res, principal, bankDoc, { mode: 'edit', level: doc.level as Level, part: doc.part, source: doc, settings: settingsOf(doc.blueprint, doc.name) });
  });

  routes.page({ method: 'post', path: '/bank/blueprints/:id/edit', permission: 'blueprints.manage', summary: 'Save an edited blueprint from the grid (form; compare-and-set on revision)', params: IdParams, form: BlueprintGridForm }, async (ctx) => {
    const { doc, bankDoc } = await assembly.blueprintFor(ctx.principal, ctx.params.id, 'blueprints.manage');
    const raw = ctx.form.raw as GridFields;
    const level = doc.level as Level;
    const again = (errors: FieldError[], status: number) => renderGrid(ctx.res, ctx.principal, bankDoc, { mode: 'edit', level, part: doc.part, source: doc, settings: typedSettings(ctx.form.raw), typed: raw, errors }, status);
    if (!ctx.form.ok) return again(ctx.form.errors, 400);
    const grid = await gridInput(ctx.res, bankDoc, level, doc.part, raw);
    if (!grid.ok) return again(grid.errors, 400);
    try {
      const { blueprint } = await assembly.updateBlueprint(ctx.principal, ctx.params.id, { ...ctx.form.data.settings, level, part: doc.part, ...grid.input }, ctx.form.data.revision ?? doc.revision, actorFrom(ctx));
      ctx.res.redirect(303, `/bank/blueprints/${blueprint.id}?done=updated`);
    } catch (error) {
      const found = formErrorsOf(error, ctx.res);
      if (!found || (error as HttpProblem).status === 404) throw error;
      await again(found, (error as HttpProblem).status);
    }
  });

  const renderBlueprint = async (res: Response, principal: Principal, view: BlueprintView, bankDoc: BankDoc, extra: Record<string, unknown> = {}) => {
    const { standard } = await bank.pointsOf(bankDoc);
    const rowNames = new Map(standard.weightTables[view.part].rows.map((r) => [r.code, r.name]));
    res.render('assembly/blueprint', {
      title: 'assembly.blueprints',
      bank: { id: String(bankDoc._id), code: bankDoc.code },
      bp: view,
      levelName: DEFAULT_LEVEL_NAMES[view.level as 1].zh,
      sections: view.blueprint.sections.map((s, index) => ({
        ...s,
        index,
        // A section whose cells carry their own points (weighted skill tasks) shows those.
        pointsText: view.blueprint.cells.some((c) => c.section === index && c.pointsPerItem !== undefined)
          ? view.blueprint.cells.filter((c) => c.section === index && c.count > 0).map((c) => cellPoints(view.blueprint, c)).join(' / ')
          : String(s.pointsPerItem),
        cells: view.blueprint.cells.filter((c) => c.section === index).map((c) => ({ ...c, name: rowNames.get(c.key) ?? c.key, ownPoints: c.pointsPerItem })),
      })),
      totalMarks: blueprintPoints(view.blueprint),
      feasibility: view.feasibility ? { ...view.feasibility, rows: infeasibleRows(view.feasibility.infeasible) } : null,
      canAssemble: mayOnBank(principal, 'papers.assemble', bankDoc),
      canManage: mayOnBank(principal, 'blueprints.manage', bankDoc),
      ...extra,
    });
  };

  routes.page({ method: 'get', path: '/bank/blueprints/:id', permission: 'bank.view', summary: 'A blueprint: sections, cells, feasibility', params: IdParams, query: z.object({ forms: z.coerce.number().int().min(1).max(10).optional().catch(undefined), done: z.enum(['created', 'updated']).optional().catch(undefined) }) }, async ({ res, params, query, principal }) => {
    const { doc, bankDoc } = await assembly.blueprintFor(principal, params.id, 'bank.view');
    const view = await assembly.getBlueprint(principal, params.id);
    const recheck = query.forms ? await assembly.feasibility(bankDoc, doc.blueprint, undefined, query.forms) : undefined;
    await renderBlueprint(res, principal, view, bankDoc, { ...(recheck ? { recheck: { ...recheck, rows: infeasibleRows(recheck.infeasible) } } : {}), ...(query.done ? { doneKey: `assembly.${query.done}` } : {}) });
  });

  routes.page({ method: 'get', path: '/bank/blueprints/:id/preview', permission: 'papers.assemble', summary: 'Draw a preview paper with its analysis table', params: IdParams, query: z.object({ seed: z.string().trim().max(200).optional() }) }, async (ctx) => {
    const { bankDoc } = await assembly.blueprintFor(ctx.principal, ctx.params.id, 'papers.assemble');
    const seed = ctx.query.seed || undefined;
    try {
      const result = await assembly.preview(ctx.principal, { blueprintId: ctx.params.id, ...(seed ? { seed } : {}) }, actorFrom(ctx));
      ctx.res.render('assembly/preview', {
        title: 'assembly.preview',
        bank: { id: String(bankDoc._id), code: bankDoc.code },
        blueprintId: ctx.params.id,
        result,
        analysis: analysisView(result.analysis, await rowNamesOf(bank, bankDoc)),
        items: await renderedItems(assembly, result.paper as Paper, result.paper.items.map((i) => i.code)),
      });
    } catch (error) {
      if (!(error instanceof HttpProblem) || error.status !== 422) throw error;
      const view = await assembly.getBlueprint(ctx.principal, ctx.params.id);
      await renderBlueprint(ctx.res, ctx.principal, view, bankDoc, { recheck: { ok: false, releaseNumber: '', rows: infeasibleRows((error.extensions.infeasible as Infeasibility[]) ?? []) } });
    }
  });

  routes.page({ method: 'post', path: '/bank/blueprints/:id/papers', permission: 'papers.assemble', summary: 'Draw and keep papers (form)', params: IdParams, form: AssembleForm }, async (ctx) => {
    if (!ctx.form.ok) throw problems.validation(ctx.form.errors);
    const { forms, seed, label } = ctx.form.data;
    const papers = await assembly.assemble(ctx.principal, { blueprintId: ctx.params.id, forms, ...(seed ? { seed } : {}), ...(label ? { label } : {}) }, actorFrom(ctx));
    ctx.res.redirect(303, `/bank/papers/${papers[0]!.id}`);
  });

  // Paper verification from the menu: the banks whose papers the user may verify (a supervisor's occupation).
  routes.page({ method: 'get', path: '/bank/papers', permission: 'papers.verify', summary: 'Banks whose papers the user may verify' }, async ({ res, principal }) => {
    const banks = (await bank.listBanks(principal, { page: 1, pageSize: 200 }, 'papers.verify')).items;
    if (banks.length === 1) return res.redirect(303, `/bank/${banks[0]!.id}/papers`);
    res.render('assembly/paper-banks', { title: 'assembly.papers', banks });
  });

  routes.page({ method: 'get', path: '/bank/:bankId/papers', permission: 'papers.verify', summary: 'Papers of a bank', params: BankParams, query: z.object({ page: z.coerce.number().int().min(1).default(1) }) }, async ({ res, params, query, principal }) => {
    const bankDoc = await bank.bankFor(principal, params.bankId, 'papers.verify');
    const page = await assembly.listPapers(principal, params.bankId, { page: query.page, pageSize: 30 });
    res.render('assembly/papers', { title: 'assembly.papers', bank: { id: String(bankDoc._id), code: bankDoc.code, name: bankDoc.name }, papers: page.items });
  });

  routes.page({ method: 'get', path: '/bank/papers/:id', permission: 'papers.verify', summary: 'A paper: its record, analysis, items and verification', params: IdParams, query: z.object({ verify: z.literal('1').optional() }) }, async (ctx) => {
    const { doc, bankDoc } = await assembly.paperFor(ctx.principal, ctx.params.id, 'papers.verify');
    const view = await assembly.getPaper(ctx.principal, ctx.params.id);
    const { standard } = await bank.pointsOf(bankDoc);
    const analysis = analysePaper(doc.paper, doc.blueprint, { weights: { function: weightsAtLevel(standard.weightTables[doc.blueprint.part].rows, doc.paper.level) } });
    const mayRead = mayOnBank(ctx.principal, 'items.read', bankDoc);
    const verification = ctx.query.verify ? await assembly.verify(ctx.principal, ctx.params.id, actorFrom(ctx)) : undefined;
    ctx.res.render('assembly/paper', {
      title: 'assembly.papers',
      bank: { id: String(bankDoc._id), code: bankDoc.code },
      paper: view,
      analysis: analysisView(analysis, new Map(standard.weightTables[doc.blueprint.part].rows.map((r) => [r.code, r.name]))),
      items: mayRead ? await renderedItems(assembly, doc.paper, view.items.map((i) => i.code)) : view.items.map((i, n) => ({ number: n + 1, code: i.code, section: i.section, points: i.points, cellKey: i.cellKey, html: '' })),
      verification,
      verifiedOk: verification ? verification.identical && verification.violations.length === 0 && verification.releaseUnchanged : undefined,
    });
  });
}
