import type { ScopeDirectory } from '../identity/scopes';
import mongoose from 'mongoose';
import { z } from 'zod';
import { problems, type FieldError, fieldErrorsFromZod } from '../platform/problem';
import { escapeRegex, type Page, type PageQuery } from '../platform/pagination';
import type { Actor } from '../audit/service';
import { withAudit } from '../audit/intents';
import { OccupationModel, StandardModel, type OccupationDoc, type StandardDoc } from './model';
import { OccupationSchema, StandardSchema, type Occupation, type Standard } from './schemas';
import { validateStandard } from './rules';

/** The views, defined once: schema (for the OpenAPI document), inferred type, mapper below. */
export const OccupationViewSchema = OccupationSchema.extend({ id: z.string() });
export type OccupationView = z.infer<typeof OccupationViewSchema>;
export const StandardViewSchema = StandardSchema.extend({ id: z.string(), revision: z.number().int(), updatedAt: z.string() });
export type StandardView = z.infer<typeof StandardViewSchema>;

function occupationView(doc: OccupationDoc): OccupationView {
  return {
    id: String(doc._id),
    code: doc.code,
    name: doc.name,
    classificationEdition: doc.classificationEdition,
    aliases: doc.aliases,
    formerCodes: doc.formerCodes,
    subTrades: doc.subTrades,
  };
}

export function standardView(doc: StandardDoc): StandardView {
  return {
    id: String(doc._id),
    occupationCode: doc.occupationCode,
    edition: doc.edition,
    title: doc.title,
    levels: doc.levels,
    weightTables: doc.weightTables,
    elementTables: doc.elementTables,
    demo: doc.demo,
    revision: doc.revision,
    updatedAt: doc.updatedAt.toISOString(),
  };
}

function prefixed(errors: FieldError[], prefix = 'body'): FieldError[] {
  return errors.map((e) => ({ ...e, path: `${prefix}.${e.path}` }));
}

function standardId(id: string): mongoose.Types.ObjectId {
  if (!/^[0-9a-f]{24}$/i.test(id)) throw problems.notFound('No such standard.');
  return new mongoose.Types.ObjectId(id);
}

/** Occupations (职业) and their national occupational skill standards. */
export class StandardsService {
  async listOccupations(query: PageQuery & { q?: string }): Promise<Page<OccupationView>> {
    const filter: Record<string, unknown> = {};
    if (query.q) {
      const pattern = { $regex: escapeRegex(query.q), $options: 'i' };
      filter.$or = [{ code: pattern }, { name: pattern }, { aliases: pattern }];
    }
    const [docs, total] = await Promise.all([
      OccupationModel.find(filter).sort({ code: 1 }).skip((query.page - 1) * query.pageSize).limit(query.pageSize).lean(),
      OccupationModel.countDocuments(filter),
    ]);
    return { items: docs.map((d) => occupationView(d as OccupationDoc)), total, page: query.page, pageSize: query.pageSize };
  }

  async getOccupation(code: string): Promise<OccupationView> {
    const doc = await OccupationModel.findOne({ code }).lean();
    if (!doc) throw problems.notFound(`No occupation ${code}.`);
    return occupationView(doc as OccupationDoc);
  }

  async createOccupation(input: z.input<typeof OccupationSchema>, actor: Actor): Promise<OccupationView> {
    const occupation = OccupationSchema.parse(input);
    try {
      const doc = await withAudit(
        actor,
        { action: 'occupation.create', target: { type: 'occupation', id: occupation.code, label: occupation.name }, probe: { collection: 'occupations', filter: { code: occupation.code } } },
        () => OccupationModel.create(occupation),
      );
      return occupationView(doc.toObject());
    } catch (error) {
      if ((error as { code?: number }).code === 11000) throw problems.conflict(`Occupation ${occupation.code} exists.`);
      throw error;
    }
  }

  async updateOccupation(code: string, input: z.input<typeof OccupationSchema>, actor: Actor): Promise<OccupationView> {
    const occupation = OccupationSchema.parse(input);
    if (occupation.code !== code) throw problems.rule([{ path: 'body.code', message: 'the code in the body must match the URL' }]);
    // No probe: an update in place leaves no mark to look for, so an interrupted one is audited as unconfirmed.
    const doc = await withAudit(actor, { action: 'occupation.update', target: { type: 'occupation', id: code, label: occupation.name } }, async () => {
      const updated = await OccupationModel.findOneAndUpdate({ code }, { $set: occupation }, { returnDocument: 'after', lean: true });
      if (!updated) throw problems.notFound(`No occupation ${code}.`);
      return updated;
    });
    return occupationView(doc as OccupationDoc);
  }

  async listStandards(occupationCode?: string): Promise<StandardView[]> {
    const docs = await StandardModel.find(occupationCode ? { occupationCode } : {}).sort({ occupationCode: 1, edition: -1 }).lean();
    return docs.map((d) => standardView(d as StandardDoc));
  }

  async getStandard(id: string): Promise<StandardView> {
    const doc = await StandardModel.findById(standardId(id)).lean();
    if (!doc) throw problems.notFound('No such standard.');
    return standardView(doc as StandardDoc);
  }

  async findStandard(occupationCode: string, edition: string): Promise<StandardView | undefined> {
    const doc = await StandardModel.findOne({ occupationCode, edition }).lean();
    return doc ? standardView(doc as StandardDoc) : undefined;
  }

  /** Parses and checks the whole standard; refusals name each offending field or column. */
  private checked(input: unknown): Standard {
    const parsed = StandardSchema.safeParse(input);
    if (!parsed.success) throw problems.validation(fieldErrorsFromZod(parsed.error, 'body'));
    const errors = validateStandard(parsed.data);
    if (errors.length) throw problems.rule(prefixed(errors), 'The standard is inconsistent; see errors for each offending column or node.');
    return parsed.data;
  }

  async createStandard(input: unknown, actor: Actor): Promise<StandardView> {
    const standard = this.checked(input);
    if (!(await OccupationModel.exists({ code: standard.occupationCode }))) {
      throw problems.validation([{ path: 'body.occupationCode', message: `occupation ${standard.occupationCode} is not in the classification; create it first` }]);
    }
    try {
      const id = new mongoose.Types.ObjectId();
      const doc = await withAudit(
        actor,
        { action: 'standard.create', target: { type: 'standard', id: String(id), label: `${standard.occupationCode} ${standard.edition}` }, probe: { collection: 'standards', filter: { _id: id } } },
        () => StandardModel.create({ _id: id, ...standard, revision: 1 }),
      );
      return standardView(doc.toObject());
    } catch (error) {
      if ((error as { code?: number }).code === 11000) throw problems.conflict(`A ${standard.edition} standard for ${standard.occupationCode} exists.`);
      throw error;
    }
  }

  /**
   * A standard document with its occupation (standard.schema.json): everything is checked
   * first, then the occupation is added if it is new, then the standard. A refusal writes nothing.
   */
  async importStandard(occupation: z.input<typeof OccupationSchema>, input: unknown, actor: Actor): Promise<StandardView> {
    const standard = this.checked(input);
    const parsedOccupation = OccupationSchema.parse(occupation);
    if (parsedOccupation.code !== standard.occupationCode) throw problems.validation([{ path: 'body.occupationCode', message: 'the standard names another occupation' }]);
    if (await StandardModel.exists({ occupationCode: standard.occupationCode, edition: standard.edition })) {
      throw problems.conflict(`A ${standard.edition} standard for ${standard.occupationCode} exists.`);
    }
    if (!(await OccupationModel.exists({ code: parsedOccupation.code }))) await this.createOccupation(parsedOccupation, actor);
    return this.createStandard(standard, actor);
  }

  /** Replaces the standard if nobody changed it since `revision` (409 otherwise). */
  async updateStandard(id: string, input: unknown, revision: number, actor: Actor): Promise<StandardView> {
    const standard = this.checked(input);
    const current = await StandardModel.findById(standardId(id)).lean();
    if (!current) throw problems.notFound('No such standard.');
    if (standard.occupationCode !== current.occupationCode || standard.edition !== current.edition) {
      throw problems.validation([{ path: 'body.edition', message: 'the occupation and edition of a standard cannot change; create a new edition instead' }]);
    }
    const target = { type: 'standard', id, label: `${standard.occupationCode} ${standard.edition}` };
    const doc = await withAudit(actor, { action: 'standard.update', target, details: { revision: revision + 1 }, probe: { collection: 'standards', filter: { _id: current._id, revision: { $gte: revision + 1 } } } }, async () => {
      const updated = await StandardModel.findOneAndUpdate({ _id: current._id, revision }, { $set: standard, $inc: { revision: 1 } }, { returnDocument: 'after', lean: true });
      if (!updated) throw problems.conflict(`The standard changed since revision ${revision}; reload it and apply your change again.`, { currentRevision: current.revision });
      return updated;
    });
    return standardView(doc as StandardDoc);
  }
}

/** Occupations as grant scopes: does the code exist, and every occupation as `6-31-01-03 电工`. */
export const occupationScopeDirectory: ScopeDirectory = {
  type: 'occupation',
  exists: async (code) => (await OccupationModel.exists({ code })) !== null,
  choices: async () => (await OccupationModel.find({}, { code: 1, name: 1 }).lean()).map((o) => ({ id: o.code, label: `${o.code} ${o.name}` })).sort((a, b) => a.id.localeCompare(b.id)),
};
