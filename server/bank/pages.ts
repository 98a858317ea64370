import type { Request, Response } from 'express';
import { ObjectIdString } from '../platform/ids';
import { z } from 'zod';
import type { RouteTable, Principal } from '../platform/routing';
import { HttpProblem, type FieldError } from '../platform/problem';
import { clampedPage, pagerOf, PageQuerySchema } from '../platform/pagination';
import { confirmed, fieldErrorsByName, formErrorsOf } from '../platform/forms';
import { t } from '../i18n/translate';
import { formatZoned, timeZoneOf } from '../platform/time';
import type { Locale } from '../i18n/locale';
import { actorFrom } from '../audit/service';
import { LEVELS, DEFAULT_LEVEL_NAMES } from '../standards/schemas';
import type { ItemContent } from './item-schema';
import { questionTypes, typeNameIn } from '../question-types';
import { editorSections, errorsByField } from '../question-types/editor-view';
import { mayOnBank } from './access';
import { BankService, ItemListQuerySchema, REVIEW_CHECKS, releaseView, type ItemDetail } from './service';
import { checkItemContent } from './content';
import { contentFromEditor, editorFromContent, type EditorFields } from './editor-form';
import { renderItem } from './render';
import { compareRows } from './compare';
import type { Transition } from './workflow';
import type { MediaService } from './media';
import type { TransferService } from './transfer-service';
import { importUpload } from './uploads';
import { statisticsPanel } from '../statistics/present';
import { ConfirmForm, EditItemForm, EditorForm, ImportForm, PastedImportForm, PublishForm, RetireForm, TransitionForm } from './forms';
import { formFieldsOfDefaults, importChoicesFrom } from './import-options';
import { FIELD_KEYS } from './interchange/foreign/headers';
import { columnLetters } from './interchange/xlsx-format';
import { isUnplacedCode } from './interchange/codes';
import type { ImportReport } from './transfer-service';

const BankParams = z.object({ bankId: ObjectIdString });
const ItemParams = z.object({ id: ObjectIdString });
const blankToUndefined = (q: unknown) => Object.fromEntries(Object.entries((q ?? {}) as Record<string, unknown>).filter(([, v]) => v !== ''));

/**
 * The 鉴定点 box takes what people type: any case, spaces, and a full item code
 * (`baa001-003` → point BAA001, searching for the code BAA001-003).
 */
export function normaliseItemFilter(q: unknown): Record<string, unknown> {
  const query = blankToUndefined(q);
  if (typeof query.point !== 'string') return query;
  const point = query.point.replace(/\s+/g, '').toUpperCase();
  const itemCode = /^([A-Z]{1,3}\d{3})-(\d{1,4})$/.exec(point);
  if (itemCode) return { ...query, point: itemCode[1], q: point };
  return point ? { ...query, point } : Object.fromEntries(Object.entries(query).filter(([k]) => k !== 'point'));
}

function locale(res: Response): Locale {
  return res.locals.locale as Locale;
}

function doneKey(req: Request, prefix: string): string | undefined {
  return typeof req.query.done === 'string' && /^[a-z]+$/.test(req.query.done) ? `${prefix}.${req.query.done}` : undefined;
}

/** Workflow refusals the item page explains (item.refusal.<code> in the catalogue). */
const REFUSAL_CODES = ['self-review', 'wrong-state', 'comment-required', 'not-latest', 'retired', 'under-review', 'unplaced', 'conflict', 'invalid-form'] as const;

/** The refusal code of a service problem: its type, or comment-required for a blank rejection comment. */
function refusalCodeOf(error: HttpProblem): string {
  if (error.errors?.some((e) => e.path === 'body.comment')) return 'comment-required';
  return (REFUSAL_CODES as readonly string[]).includes(error.type) ? error.type : 'other';
}

/** The catalogue key of the refusal named in `?error=`, if any. */
function refusalKey(value: unknown): string | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  return `item.refusal.${(REFUSAL_CODES as readonly string[]).includes(value) ? value : 'other'}`;
}

/** What electricians and technicians type that a keyboard lacks (the editor's symbol palette). */
const EDITOR_SYMBOLS = ['Ω', 'μ', '°', '±', '√', '≤', '≥', '≠', '≈', 'π', 'φ', 'α', 'β', 'Δ', '∠', '×', '÷', '∞', '℃', '²', '³', '₁', '₂', '₃'];

/** How long something has waited, in days, hours or minutes (审题队列). */
export function waitingText(ms: number, loc: Locale): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  if (minutes < 60) return t(loc, 'review.waiting.minutes', { n: minutes });
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return t(loc, 'review.waiting.hours', { n: hours });
  return t(loc, 'review.waiting.days', { d: Math.floor(hours / 24), h: hours % 24 });
}

/** Item detail → what the item page shows: candidate view, key, history with review notes. */
function itemPageData(detail: ItemDetail, res: Response) {
  return {
    item: detail,
    candidateHtml: renderItem(detail.content, { withKey: false }),
    keyHtml: renderItem(detail.content, { withKey: true }),
    levelNames: detail.levels.map((l) => DEFAULT_LEVEL_NAMES[l as 1].zh).join('、'),
    versions: [...detail.versions].reverse().map((v) => ({
      ...v,
      isShown: v.version === detail.version.version,
      checklistText: v.review?.checklist.length ? v.review.checklist.map((c) => `✓ ${t(locale(res), `review.check.${c}`)}`).join(' ') : '',
      reviewText: v.review ? t(locale(res), 'item.review.by', { name: v.review.reviewerName, at: formatZoned(new Date(v.review.at), locale(res), timeZoneOf(res)), decision: t(locale(res), `item.status.${v.review.decision}`) }) : '',
    })),
  };
}

export function registerBankPages(routes: RouteTable, bank: BankService, media: MediaService, transfer: TransferService): void {
  registerImportPages(routes, bank, transfer);
  routes.page({ method: 'get', path: '/media/:id', permission: 'items.read', summary: 'An image used in item rich text', params: z.object({ id: z.string() }) }, async ({ res, params, principal }) => {
    const image = await media.read(principal, params.id);
    res.set({ 'Content-Type': image.contentType, 'Content-Disposition': 'inline' }).send(image.data);
  });

  // ---- banks and item lists ------------------------------------------------------------

  routes.page({ method: 'get', path: '/bank', permission: 'bank.view', summary: 'Banks the user can see' }, async ({ res, principal }) => {
    const page = await bank.listBanks(principal, { page: 1, pageSize: 200 });
    const banks = await Promise.all(
      page.items.map(async (b) => {
        const [counts, latest, unplaced] = await Promise.all([
          bank.stateCounts(b.id),
          bank.publishedRelease(b.id),
          bank.unplacedCount(b.id),
        ]);
        return {
          ...b,
          counts,
          unplaced,
          total: counts.reduce((sum, c) => sum + c.n, 0),
          latestRelease: latest ? { number: latest.number, id: String(latest._id), itemCount: latest.itemCount } : null,
          canWrite: mayOnBank(principal, 'items.write', b),
          canPublish: mayOnBank(principal, 'releases.publish', b),
          canTransfer: mayOnBank(principal, 'bank.transfer', b),
          canRetire: mayOnBank(principal, 'items.retire', b),
        };
      }),
    );
    res.render('bank/index', { title: 'bank.title', banks });
  });

  const ItemListPageQuery = z.preprocess(normaliseItemFilter, ItemListQuerySchema);

  routes.page({ method: 'get', path: '/bank/:bankId/items', permission: 'bank.view', summary: 'Item list and search (writer workspace)', params: BankParams, query: ItemListPageQuery }, async ({ req, res, params, query, principal }) => {
    const bankDoc = await bank.bankFor(principal, params.bankId, 'bank.view');
    const page = await clampedPage(query.page, (n) => bank.listItems(principal, params.bankId, { ...query, page: n }));
    const raw = req.query as Record<string, string>;
    res.render('bank/items', {
      title: 'bank.items',
      bank: { id: String(bankDoc._id), code: bankDoc.code, name: bankDoc.name },
      canWrite: mayOnBank(principal, 'items.write', bankDoc),
      canRead: mayOnBank(principal, 'items.read', bankDoc),
      filter: raw,
      types: questionTypes.names().map((type) => ({ value: type, selected: raw.type === type })),
      statuses: ['draft', 'submitted', 'approved', 'rejected', 'withdrawn', 'retired', 'usable'].map((s) => ({ value: s, selected: raw.status === s })),
      levels: LEVELS.map((l) => ({ value: l, name: DEFAULT_LEVEL_NAMES[l].zh, selected: raw.level === String(l) })),
      items: page.items.map((i) => ({ ...i, stemExcerpt: i.stem !== undefined ? (i.stem.length > 60 ? `${i.stem.slice(0, 60)}…` : i.stem) : undefined })),
      pager: pagerOf(page),
      pagerQuery: new URLSearchParams(Object.entries(raw).filter(([k, v]) => k !== 'page' && v)).toString(),
    });
  });

  // ---- the editor ----------------------------------------------------------------------

  const renderEditor = async (res: Response, principal: Principal, bankId: string, data: { fields: Record<string, unknown>; itemId?: string; code?: string; baseVersion?: number; errors?: FieldError[]; rejection?: { heading: string; comment: string } }, status = 200) => {
    const bankDoc = await bank.bankFor(principal, bankId, 'items.write');
    const { points } = await bank.pointsOf(bankDoc);
    const fields = data.fields;
    const fieldErrors = errorsByField(questionTypes, fields.type, data.errors ?? []);
    const selectedLevels = new Set(((Array.isArray(fields.levels) ? fields.levels : fields.levels ? [fields.levels] : []) as Array<string | number>).map(Number));
    let preview = '';
    try {
      const content = checkItemContent(contentFromEditor(fields as EditorFields), points);
      preview = renderItem(content, { withKey: true });
    } catch {
      preview = '';
    }
    res.status(status).render('bank/editor', {
      title: data.itemId ? 'item.edit' : 'editor.title.new',
      heading: data.itemId ? t(locale(res), 'editor.title.edit', { code: data.code ?? '', version: data.baseVersion ?? '' }) : t(locale(res), 'editor.title.new'),
      action: data.itemId ? `/bank/items/${data.itemId}/edit` : `/bank/${bankId}/items/new`,
      bank: { id: bankId, code: bankDoc.code },
      itemId: data.itemId,
      baseVersion: data.baseVersion,
      fields,
      types: questionTypes.all().map((m) => ({ value: m.name, label: typeNameIn(locale(res), m.name), part: m.part, answers: m.editor.answers ?? '', selected: fields.type === m.name, disabled: Boolean(data.itemId) && fields.type !== m.name })),
      points: [...points.values()].map((p) => ({ code: p.code, name: p.name, part: p.part, levels: p.levels.join(','), selected: p.code === fields.pointCode })),
      // An item without a point (待指定鉴定点) is placed here; any other keeps its point.
      unplaced: Boolean(data.itemId) && isUnplacedCode(data.code ?? ''),
      pointLocked: Boolean(data.itemId) && !isUnplacedCode(data.code ?? ''),
      levels: LEVELS.map((l) => ({ value: l, name: DEFAULT_LEVEL_NAMES[l].zh, checked: selectedLevels.has(l) })),
      typeSections: editorSections(questionTypes, locale(res), fields, (name) => fieldErrors[name] ?? []),
      fieldErrors,
      errors: data.errors,
      rejection: data.rejection,
      preview,
      symbols: EDITOR_SYMBOLS,
      answerHint: t(locale(res), 'editor.answerHint'),
      scripts: ['/assets/build/item-editor.js'],
    });
  };

  routes.page({ method: 'get', path: '/bank/:bankId/items/new', permission: 'items.write', summary: 'New item editor', params: BankParams }, async ({ req, res, params, principal }) => {
    const module = questionTypes.find(req.query.type) ?? questionTypes.preferred();
    await renderEditor(res, principal, params.bankId, { fields: { type: module.name, difficulty: '3', estimatedSeconds: String(module.defaults.estimatedSeconds) } });
  });

  routes.page({ method: 'post', path: '/bank/:bankId/items/new', permission: 'items.write', summary: 'Create an item (form)', params: BankParams, form: EditorForm }, async (ctx) => {
    const fields = ctx.form.raw as EditorFields;
    if (!ctx.form.ok) return renderEditor(ctx.res, ctx.principal, ctx.params.bankId, { fields, errors: ctx.form.errors }, 400);
    try {
      const created = await bank.createItem(ctx.principal, ctx.params.bankId, contentFromEditor(fields), actorFrom(ctx));
      ctx.res.redirect(303, `/bank/items/${created.id}?done=created`);
    } catch (error) {
      const errors = formErrorsOf(error, ctx.res);
      if (!errors || (error as HttpProblem).status === 404) throw error;
      await renderEditor(ctx.res, ctx.principal, ctx.params.bankId, { fields, errors }, (error as HttpProblem).status);
    }
  });

  routes.page({ method: 'get', path: '/bank/items/:id/edit', permission: 'items.write', summary: 'Edit an item (editor prefilled with the latest version)', params: ItemParams }, async (ctx) => {
    const { item } = await bank.itemFor(ctx.principal, ctx.params.id, 'items.write');
    const detail = await bank.getItem(ctx.principal, ctx.params.id, undefined, actorFrom(ctx));
    // The writer revising a rejected version sees the reviewer's comment beside the form.
    const rejected = [...detail.versions].reverse().find((v) => v.review?.decision === 'rejected');
    const rejection = rejected?.review && rejected.version >= detail.latestVersion - 1
      ? { heading: t(locale(ctx.res), 'review.lastRejection', { name: rejected.review.reviewerName, at: formatZoned(new Date(rejected.review.at), locale(ctx.res), timeZoneOf(ctx.res)) }), comment: rejected.review.comment }
      : undefined;
    await renderEditor(ctx.res, ctx.principal, String(item.bankId), { fields: editorFromContent(detail.content), itemId: detail.id, code: detail.code, baseVersion: detail.latestVersion, ...(rejection ? { rejection } : {}) });
  });

  routes.page({ method: 'post', path: '/bank/items/:id/edit', permission: 'items.write', summary: 'Save an edit as a new version (form)', params: ItemParams, form: EditItemForm }, async (ctx) => {
    const fields = ctx.form.raw as EditorFields;
    const { item } = await bank.itemFor(ctx.principal, ctx.params.id, 'items.write');
    if (!ctx.form.ok) return renderEditor(ctx.res, ctx.principal, String(item.bankId), { fields, itemId: ctx.params.id, code: item.code, errors: ctx.form.errors }, 400);
    const baseVersion = ctx.form.data.baseVersion;
    try {
      await bank.editItem(ctx.principal, ctx.params.id, contentFromEditor(fields), baseVersion, actorFrom(ctx));
      ctx.res.redirect(303, `/bank/items/${ctx.params.id}?done=edited`);
    } catch (error) {
      const errors = formErrorsOf(error, ctx.res);
      if (!errors || (error as HttpProblem).status === 404) throw error;
      await renderEditor(ctx.res, ctx.principal, String(item.bankId), { fields, itemId: ctx.params.id, code: item.code, baseVersion, errors }, (error as HttpProblem).status);
    }
  });

  // ---- one item ------------------------------------------------------------------------

  routes.page({ method: 'get', path: '/bank/items/:id', permission: 'items.read', summary: 'Item page: candidate view, key, history and actions', params: ItemParams, query: z.object({ version: z.coerce.number().int().min(1).optional() }).passthrough() }, async (ctx) => {
    const { detail, bank: bankDoc, readOnly, can } = await bank.itemPage(ctx.principal, ctx.params.id, ctx.query.version, actorFrom(ctx));
    const similar = (await bank.similarItems(ctx.principal, ctx.params.id)).map((s) => ({ ...s, percent: Math.round(s.similarity * 100), excerpt: s.stem.length > 80 ? `${s.stem.slice(0, 80)}…` : s.stem }));
    ctx.res.render('bank/item', {
      title: 'bank.items',
      ...itemPageData(detail, ctx.res),
      bank: { id: String(bankDoc._id), code: bankDoc.code },
      doneKey: doneKey(ctx.req, 'item.done'),
      refusalKey: refusalKey(ctx.req.query.error),
      readOnly,
      can,
      hasActions: can.submit || can.withdraw || can.review || can.retire,
      similar,
      itemStatistics: { rows: statisticsPanel(detail.version.statistics, locale(ctx.res)) },
      reviewChecks: REVIEW_CHECKS.map((check) => ({ value: check, labelKey: `review.check.${check}` })),
      decided: ctx.req.query.done === 'approve' || ctx.req.query.done === 'reject',
      retireConfirm: t(locale(ctx.res), 'item.retire.confirm', { code: detail.code }),
    });
  });

  const transitionPage = (name: Transition, permission: 'items.write' | 'items.review') =>
    routes.page({ method: 'post', path: `/bank/items/:id/${name}`, permission, summary: `${name} the latest version (form)`, params: ItemParams, form: TransitionForm }, async (ctx) => {
      // A refusal goes back to the item page, which says why (?error=<refusal code>).
      if (!ctx.form.ok) return ctx.res.redirect(303, `/bank/items/${ctx.params.id}?error=invalid-form`);
      try {
        await bank.transition(ctx.principal, ctx.params.id, ctx.form.data.version, name, ctx.form.data.comment, actorFrom(ctx), ctx.form.data.checklist);
        ctx.res.redirect(303, `/bank/items/${ctx.params.id}?done=${name}`);
      } catch (error) {
        if (!(error instanceof HttpProblem) || error.status >= 500 || error.status === 404) throw error;
        ctx.res.redirect(303, `/bank/items/${ctx.params.id}?error=${encodeURIComponent(refusalCodeOf(error))}`);
      }
    });
  transitionPage('submit', 'items.write');
  transitionPage('withdraw', 'items.write');
  transitionPage('approve', 'items.review');
  transitionPage('reject', 'items.review');

  routes.page({ method: 'post', path: '/bank/items/:id/retire', permission: 'items.retire', summary: 'Retire an item (form, confirmed)', params: ItemParams, form: RetireForm }, async (ctx) => {
    if (!ctx.form.ok) return ctx.res.redirect(303, `/bank/items/${ctx.params.id}?error=invalid-form`);
    if (!confirmed(ctx.res, ctx.form.raw, { message: t(locale(ctx.res), 'item.retire.confirm', { code: ctx.params.id }), action: ctx.req.originalUrl })) return;
    try {
      await bank.retireItem(ctx.principal, ctx.params.id, ctx.form.data.reason || '—', actorFrom(ctx));
    } catch (error) {
      if (!(error instanceof HttpProblem) || error.status !== 409) throw error;
      return ctx.res.redirect(303, `/bank/items/${ctx.params.id}?error=${encodeURIComponent(refusalCodeOf(error))}`);
    }
    ctx.res.redirect(303, `/bank/items/${ctx.params.id}?done=retire`);
  });

  routes.page({ method: 'get', path: '/bank/items/:id/compare', permission: 'items.read', summary: 'Side-by-side diff of two versions', params: ItemParams, query: z.object({ from: z.coerce.number().int().min(1), to: z.coerce.number().int().min(1) }) }, async (ctx) => {
    const { item, left, right } = await bank.compareVersions(ctx.principal, ctx.params.id, ctx.query.from, ctx.query.to, actorFrom(ctx));
    const rows = compareRows(left.content, right.content, locale(ctx.res));
    ctx.res.render('bank/compare', {
      title: 'item.compare',
      item,
      left,
      right,
      rows,
      changedCount: rows.filter((r) => r.changed).length,
      leftRendered: renderItem(left.content, { withKey: true }),
      rightRendered: renderItem(right.content, { withKey: true }),
    });
  });

  // ---- review queue and releases -------------------------------------------------------

  routes.page({ method: 'get', path: '/bank/review', permission: 'items.review', summary: 'Review queue', query: z.preprocess(blankToUndefined, PageQuerySchema) }, async ({ req, res, query, principal }) => {
    const page = await clampedPage(query.page, (n) => bank.reviewQueue(principal, { ...query, page: n }));
    const now = Date.now();
    res.render('bank/review', {
      title: 'review.title',
      items: page.items.map((i) => ({ ...i, waiting: waitingText(now - Date.parse(i.submittedAt), locale(res)) })),
      pager: pagerOf(page),
      pagerQuery: '',
      doneKey: doneKey(req, 'review.done'),
    });
  });

  // The next submission after a decision: the oldest one left in the queue.
  routes.page({ method: 'get', path: '/bank/review/next', permission: 'items.review', summary: 'Open the oldest submission awaiting review' }, async ({ res, principal }) => {
    const next = (await bank.reviewQueue(principal, { page: 1, pageSize: 1 })).items[0];
    res.redirect(303, next ? `/bank/items/${next.id}` : '/bank/review?done=empty');
  });

  routes.page({ method: 'get', path: '/bank/:bankId/releases', permission: 'bank.view', summary: 'Releases of a bank', params: BankParams, query: z.preprocess(blankToUndefined, PageQuerySchema) }, async ({ req, res, params, query, principal }) => {
    const bankDoc = await bank.bankFor(principal, params.bankId, 'bank.view');
    const page = await clampedPage(query.page, (n) => bank.listReleases(principal, params.bankId, { ...query, page: n }));
    const canPublish = mayOnBank(principal, 'releases.publish', bankDoc);
    const pending = canPublish ? await bank.pendingChanges(principal, params.bankId) : undefined;
    const unchanged = pending !== undefined && pending.previousNumber !== null && pending.added + pending.changed + pending.retired === 0;
    res.render('bank/releases', {
      pending,
      unchanged,
      noChangeWarning: pending?.previousNumber ? t(locale(res), 'release.publish.noChange', { number: pending.previousNumber }) : '',
      title: 'bank.releases',
      bank: { id: String(bankDoc._id), code: bankDoc.code, name: bankDoc.name },
      releases: page.items,
      pager: pagerOf(page),
      pagerQuery: '',
      canPublish,
      publishConfirm: unchanged ? t(locale(res), 'release.publish.noChange', { number: pending!.previousNumber! }) : t(locale(res), 'release.publish.confirm', { bank: bankDoc.code }),
      errorKey: typeof req.query.error === 'string' ? (['empty-release', 'conflict'].includes(req.query.error) ? `release.error.${req.query.error}` : 'release.error.other') : undefined,
    });
  });

  routes.page(
    { method: 'get', path: '/bank/:bankId/releases/:releaseId', permission: 'bank.view', summary: 'A release: notes, coverage, downloads', params: BankParams.extend({ releaseId: ObjectIdString }) },
    async ({ req, res, params, principal }) => {
      const { bank: bankDoc, release } = await bank.releaseFor(principal, params.bankId, params.releaseId);
      const view = releaseView(release, bankDoc);
      res.render('bank/release', {
        title: 'bank.releases',
        bank: { id: String(bankDoc._id), code: bankDoc.code, name: bankDoc.name },
        release: view,
        smallNotes: view.notes.added.length + view.notes.changed.length + view.notes.retired.length <= 60,
        published: req.query.done === 'published',
        canDownload: mayOnBank(principal, 'bank.transfer', bankDoc),
        canStatistics: mayOnBank(principal, 'statistics.compute', bankDoc),
        coverage: await bank.coverage(principal, params.bankId, params.releaseId),
      });
    },
  );

  routes.page({ method: 'post', path: '/bank/:bankId/releases', permission: 'releases.publish', summary: 'Publish a release (form, confirmed)', params: BankParams, form: PublishForm }, async (ctx) => {
    if (!confirmed(ctx.res, ctx.form.raw, { message: t(locale(ctx.res), 'release.publish.confirm', { bank: ctx.params.bankId }), action: ctx.req.originalUrl })) return;
    if (!ctx.form.ok) return ctx.res.redirect(303, `/bank/${ctx.params.bankId}/releases?error=${encodeURIComponent(ctx.form.errors.map((e) => e.message).join('; '))}`);
    // Publishing what the last release already holds asks once more, in so many words.
    const pending = await bank.pendingChanges(ctx.principal, ctx.params.bankId);
    if (pending.previousNumber !== null && pending.added + pending.changed + pending.retired === 0 && ctx.form.raw.acceptNoChange !== '1') {
      return ctx.res.render('confirm', {
        title: 'confirm.title',
        message: t(locale(ctx.res), 'release.publish.noChange', { number: pending.previousNumber }),
        action: ctx.req.originalUrl,
        fields: [{ name: 'comment', value: ctx.form.data.comment }, { name: 'acceptNoChange', value: '1' }],
      });
    }
    try {
      const release = await bank.publishRelease(ctx.principal, ctx.params.bankId, ctx.form.data.comment, actorFrom(ctx));
      ctx.res.redirect(303, `/bank/${ctx.params.bankId}/releases/${release.id}?done=published`);
    } catch (error) {
      if (!(error instanceof HttpProblem) || error.status !== 409) throw error;
      ctx.res.redirect(303, `/bank/${ctx.params.bankId}/releases?error=${encodeURIComponent(error.type)}`);
    }
  });
}

/** The report's mapping preview: each sheet's columns with the field choices for the select. */
function mappingPreview(job: ImportReport, lang: Locale) {
  return (job.sheets ?? []).map((sheet) => ({
    title: t(lang, 'import.mapping.sheet', { sheet: sheet.sheet || job.fileName, row: sheet.headerRow }),
    columns: sheet.columns.map((c) => ({
      letter: columnLetters(c.column),
      header: c.header,
      source: t(lang, `import.mapping.source.${c.source}`),
      choices: FIELD_KEYS.map((field) => ({ value: `${field}|${c.header}`, label: t(lang, `import.field.${field}`), selected: field === c.field })),
    })),
    sample: sheet.sample.map((r) => ({ row: r.row, cells: sheet.columns.map((c) => r.cells[c.column - 1] ?? '') })),
  }));
}

/** The report's category step (Moodle, GIFT): each category with a select of the standard's points. */
async function categoryPreview(bank: BankService, bankDoc: Parameters<BankService['pointsOf']>[0], job: ImportReport, lang: Locale) {
  if (!job.categories?.length) return [];
  const { points } = await bank.pointsOf(bankDoc);
  return job.categories.map((c) => ({
    category: c.category,
    items: c.items,
    choices: [{ value: `|${c.category}`, label: t(lang, 'import.category.default'), selected: !c.pointCode }, ...[...points.values()].map((p) => ({ value: `${p.code}|${c.category}`, label: `${p.code} ${p.name}`, selected: p.code === c.pointCode }))],
  }));
}

function registerImportPages(routes: RouteTable, bank: BankService, transfer: TransferService): void {
  const JobParams = BankParams.extend({ jobId: ObjectIdString });

  const renderImport = async (res: Response, principal: Principal, bankId: string, errors?: FieldError[], status = 200) => {
    const bankDoc = await bank.bankFor(principal, bankId, 'bank.transfer');
    res.status(status).render('bank/import', { title: 'import.title', bank: { id: String(bankDoc._id), code: bankDoc.code, name: bankDoc.name }, jobs: await transfer.listJobs(principal, bankId), defaults: (await transfer.importSettings(principal, bankId)).defaults ?? {}, errors, fieldErrors: fieldErrorsByName(errors ?? []) });
  };

  routes.page({ method: 'get', path: '/bank/:bankId/import', permission: 'bank.transfer', summary: 'Import: upload form (with defaults for other systems\' files), pasted text, recent imports', params: BankParams }, ({ res, params, principal }) => renderImport(res, principal, params.bankId));

  routes.page(
    { method: 'post', path: '/bank/:bankId/import/text', permission: 'bank.transfer', summary: 'Import step 1 for pasted text (form)', params: BankParams, form: PastedImportForm },
    async (ctx) => {
      if (!ctx.form.ok) return ctx.res.redirect(303, `/bank/${ctx.params.bankId}/import`);
      const { text, ...options } = ctx.form.data;
      const report = await transfer.dryRunText(ctx.principal, ctx.params.bankId, text, options.mode, actorFrom(ctx), importChoicesFrom(options));
      ctx.res.redirect(303, `/bank/${ctx.params.bankId}/import/${report.jobId}`);
    },
  );

  routes.page({ method: 'post', path: '/bank/:bankId/import', permission: 'bank.transfer', summary: 'Import step 1: check the uploaded file (form)', params: BankParams, authorize: (c) => transfer.assertCanImport(c.principal, c.params.bankId), parsers: [importUpload()], form: ImportForm }, async (ctx) => {
    const file = (ctx.req as { file?: { path: string; originalname: string } }).file;
    if (!file) return ctx.res.redirect(303, `/bank/${ctx.params.bankId}/import`);
    const mode = ctx.form.ok ? ctx.form.data.mode : 'draft';
    try {
      const choices = ctx.form.ok ? importChoicesFrom(ctx.form.data) : {};
      const report = await transfer.dryRun(ctx.principal, ctx.params.bankId, { path: file.path, originalName: Buffer.from(file.originalname, 'latin1').toString('utf8') }, mode, actorFrom(ctx), choices);
      ctx.res.redirect(303, `/bank/${ctx.params.bankId}/import/${report.jobId}`);
    } catch (error) {
      // A file that cannot be imported (wrong kind, over a limit) is explained on the form.
      const errors = formErrorsOf(error, ctx.res);
      if (!errors || (error as HttpProblem).status === 404) throw error;
      await renderImport(ctx.res, ctx.principal, ctx.params.bankId, errors, (error as HttpProblem).status);
    }
  });

  routes.page({ method: 'get', path: '/bank/:bankId/import/:jobId', permission: 'bank.transfer', summary: 'Import report', params: JobParams }, async ({ res, params, principal }) => {
    const bankDoc = await bank.bankFor(principal, params.bankId, 'bank.transfer');
    const job = await transfer.getJob(principal, params.bankId, params.jobId);
    res.render('bank/import-report', {
      title: 'import.report',
      bank: { id: String(bankDoc._id), code: bankDoc.code, name: bankDoc.name },
      job,
      mapping: mappingPreview(job, locale(res)),
      categories: await categoryPreview(bank, bankDoc, job, locale(res)),
      defaultFields: formFieldsOfDefaults(job.defaults),
      statusText: t(locale(res), `import.status.${job.status}`, { created: job.result?.created ?? 0, updated: job.result?.updated ?? 0, unchanged: job.result?.unchanged ?? 0, failure: job.failure ?? '' }),
      commitConfirm: t(locale(res), 'import.commit.confirm', { n: job.validRows }),
    });
  });

  routes.page({ method: 'post', path: '/bank/:bankId/import/:jobId/commit', permission: 'bank.transfer', summary: 'Import step 2: commit (form, confirmed)', params: JobParams, form: ConfirmForm }, async (ctx) => {
    if (!confirmed(ctx.res, ctx.form.raw, { message: t(locale(ctx.res), 'import.commit.confirm', { n: '' }), action: ctx.req.originalUrl })) return;
    try {
      await transfer.commit(ctx.principal, ctx.params.bankId, ctx.params.jobId, actorFrom(ctx));
    } catch (error) {
      if (!(error instanceof HttpProblem) || error.status !== 409) throw error;
    }
    ctx.res.redirect(303, `/bank/${ctx.params.bankId}/import/${ctx.params.jobId}`);
  });
}
