import type { Response } from 'express';
import { ObjectIdString, IdParams } from '../platform/ids';
import { z } from 'zod';
import type { RouteTable, Principal } from '../platform/routing';
import { HttpProblem, problems } from '../platform/problem';
import { fieldErrorsByName, formErrorsOf } from '../platform/forms';
import { AssembleForm, BlueprintForm } from './forms';
import type { Locale } from '../i18n/locale';
import { actorFrom } from '../audit/service';
import { LEVELS, DEFAULT_LEVEL_NAMES } from '../standards/schemas';
import { mayOnBank } from '../bank/access';
import { renderItem } from '../bank/render';
import { typeNameIn } from '../question-types';
import type { BankService } from '../bank/service';
import type { BankDoc } from '../bank/model';
import { AssemblyService, type BlueprintView } from './service';
import { weightsAtLevel, analysePaper, blueprintPoints, cellPoints, sectionPoints, type Blueprint, type Infeasibility, type Paper, type PaperAnalysis } from './engine';

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
        cells: view.blueprint.cells.filter((c) => c.section === index).map((c) => ({ ...c, name: rowNames.get(c.key) ?? c.key })),
      })),
      totalMarks: blueprintPoints(view.blueprint),
      feasibility: view.feasibility ? { ...view.feasibility, rows: infeasibleRows(view.feasibility.infeasible) } : null,
      canAssemble: mayOnBank(principal, 'papers.assemble', bankDoc),
      ...extra,
    });
  };

  routes.page({ method: 'get', path: '/bank/blueprints/:id', permission: 'bank.view', summary: 'A blueprint: sections, cells, feasibility', params: IdParams, query: z.object({ forms: z.coerce.number().int().min(1).max(10).optional() }) }, async ({ res, params, query, principal }) => {
    const { doc, bankDoc } = await assembly.blueprintFor(principal, params.id, 'bank.view');
    const view = await assembly.getBlueprint(principal, params.id);
    const recheck = query.forms ? await assembly.feasibility(bankDoc, doc.blueprint, undefined, query.forms) : undefined;
    await renderBlueprint(res, principal, view, bankDoc, recheck ? { recheck: { ...recheck, rows: infeasibleRows(recheck.infeasible) } } : {});
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
