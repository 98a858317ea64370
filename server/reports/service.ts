import type { Principal } from '../platform/routing';
import { decide } from '../identity/access';
import { recordAudit, type Actor } from '../audit/service';
import { CentreModel, ExamSessionModel, type CentreDoc, type ExamSessionDoc } from '../sessions/model';
import { ResultPublicationModel, ResultVersionModel, type ResultPublicationDoc, type ResultVersionDoc } from '../results/model';
import { aggregatePassRates, type PassRateTable, type ResultFact } from './aggregate';
import { periodRange, quarterOf } from './quarters';
import type { PassRateQuery } from './schemas';

/** A batch's publication as the report reads it: where and what it was, and in which quarter. */
interface ReportedBatch {
  publication: ResultPublicationDoc;
  centreName: string;
  occupationCode: string;
  occupationName: string;
  level: number;
  year: number;
  quarter: number;
}

export interface PassRateReport extends PassRateTable {
  filter: PassRateQuery;
  /** The quarter is that of the batch's publication (发布) in this zone. */
  timeZone: string;
  /** What the filters can choose from within the caller's scope. */
  options: {
    years: number[];
    centres: Array<{ id: string; name: string }>;
    occupations: Array<{ code: string; name: string }>;
  };
}

/**
 * 季度统计: pass rates and candidate counts from the newest version of each published result,
 * by quarter, centre, occupation and level. Scope is the one access decision on each batch's
 * sessions (`reports.view`): a centre admin sees their centre, a supervisor their occupation,
 * centre or sessions, an admin everything. Reads publications (few, one per batch), then each
 * in-scope batch's first session and its versions by indexed equality (`_id`, `publicationId`).
 */
export class ReportsService {
  constructor(private readonly timeZone: string) {}

  /** Every complete publication in the caller's scope, with its occupation, level and quarter. */
  private async batchesInScope(principal: Principal): Promise<ReportedBatch[]> {
    const publications = (await ResultPublicationModel.find({ complete: true }).lean()) as ResultPublicationDoc[];
    const centres = new Map<string, string>();
    const out: ReportedBatch[] = [];
    for (const publication of publications) {
      const centreId = String(publication.centreId);
      const first = publication.sessionIds[0];
      const session = first ? ((await ExamSessionModel.findById(first, { occupationCode: 1, occupationName: 1, level: 1 }).lean()) as Pick<ExamSessionDoc, 'occupationCode' | 'occupationName' | 'level'> | null) : null;
      if (!session) continue;
      // The batch is in scope when the caller may see any of its sessions (a session-scoped supervisor sees the batch of theirs).
      const visible = publication.sessionIds.some((id) => decide(principal, 'reports.view', { kind: 'session', id, centreId, occupationCode: session.occupationCode }).allowed);
      if (!visible) continue;
      if (!centres.has(centreId)) centres.set(centreId, ((await CentreModel.findById(centreId, { name: 1 }).lean()) as Pick<CentreDoc, 'name'> | null)?.name ?? centreId);
      out.push({ publication, centreName: centres.get(centreId)!, occupationCode: session.occupationCode, occupationName: session.occupationName, level: session.level, ...quarterOf(publication.publishedAt, this.timeZone) });
    }
    return out;
  }

  async passRates(principal: Principal, filter: PassRateQuery): Promise<PassRateReport> {
    const inScope = await this.batchesInScope(principal);
    const period = filter.year !== undefined ? periodRange(filter.year, filter.quarter, this.timeZone) : undefined;
    const chosen = inScope.filter(
      (b) =>
        (!period || (b.publication.publishedAt >= period.from && b.publication.publishedAt < period.to)) &&
        (filter.centreId === undefined || String(b.publication.centreId) === filter.centreId) &&
        (filter.occupationCode === undefined || b.occupationCode === filter.occupationCode) &&
        (filter.level === undefined || b.level === filter.level),
    );
    const facts: ResultFact[] = [];
    for (const b of chosen) {
      const versions = (await ResultVersionModel.find({ publicationId: b.publication._id }, { candidateId: 1, version: 1, overall: 1, occupationCode: 1, occupationName: 1, level: 1 }).lean()) as Array<Pick<ResultVersionDoc, 'candidateId' | 'version' | 'overall' | 'occupationCode' | 'occupationName' | 'level'>>;
      for (const v of versions) {
        facts.push({ batchKey: b.publication._id, candidateId: v.candidateId, version: v.version, year: b.year, quarter: b.quarter, centreId: String(b.publication.centreId), centreName: b.centreName, occupationCode: v.occupationCode, occupationName: v.occupationName, level: v.level, overall: v.overall });
      }
    }
    const byId = <T extends { id: string } | { code: string }>(list: T[], key: (t: T) => string) => [...new Map(list.map((t) => [key(t), t])).values()];
    const thisYear = quarterOf(new Date(), this.timeZone).year;
    return {
      ...aggregatePassRates(facts),
      filter,
      timeZone: this.timeZone,
      options: {
        years: [...new Set([thisYear, ...inScope.map((b) => b.year)])].sort((a, b) => b - a),
        centres: byId(inScope.map((b) => ({ id: String(b.publication.centreId), name: b.centreName })), (c) => c.id).sort((a, b) => a.name.localeCompare(b.name, 'zh-CN')),
        occupations: byId(inScope.map((b) => ({ code: b.occupationCode, name: b.occupationName })), (o) => o.code).sort((a, b) => a.code.localeCompare(b.code)),
      },
    };
  }

  /** Records an export of the report (what was filtered and how much it held). */
  async recordExport(actor: Actor, report: PassRateReport): Promise<void> {
    const f = report.filter;
    await recordAudit(actor, {
      action: 'reports.export',
      target: { type: 'report', id: 'pass-rates', label: '合格率统计' },
      details: { format: 'xlsx', filter: { ...(f.year !== undefined ? { year: f.year } : {}), ...(f.quarter !== undefined ? { quarter: f.quarter } : {}), ...(f.centreId ? { centreId: f.centreId } : {}), ...(f.occupationCode ? { occupationCode: f.occupationCode } : {}), ...(f.level !== undefined ? { level: f.level } : {}) }, rows: report.rows.length, count: report.total.candidates },
    });
  }
}
