import { problems } from '../platform/problem';
import type { Principal } from '../platform/routing';
import type { Actor } from '../audit/service';
import { CandidateModel, type CandidateDoc } from '../identity/model';
import type { IdentityService } from '../identity/service';
import { loadPhoto } from '../identity/photos';
import { CentreModel, type CentreDoc } from '../sessions/model';
import type { SessionService } from '../sessions/service';
import type { CertificateService, IssueOutcome } from '../certificates/service';
import type { ResultsService } from './service';

export interface IssuingOutcome {
  batch: string;
  passed: number;
  issued: Array<{ name: string; admissionNo: string; number: string }>;
  /** Passed, but holding this occupation and level's certificate already (issuing again is refused). */
  alreadyIssued: Array<{ name: string; admissionNo: string }>;
  refused: Array<{ name: string; admissionNo: string; reason: string }>;
}

/**
 * 发证 from published results: one certificate per person, occupation and level, for everyone
 * who passed every required part of the batch. The certificate capability numbers, signs and
 * stores them (and refuses a second one for the same holder); this only gathers what it prints —
 * the full ID number (an audited reveal), the photo, the centre's numbering.
 */
export class ResultCertificates {
  constructor(
    private readonly results: ResultsService,
    private readonly sessions: SessionService,
    private readonly identity: IdentityService,
    private readonly certificates: CertificateService,
  ) {}

  async issueForBatch(principal: Principal, sessionId: string, actor: Actor): Promise<IssuingOutcome> {
    const session = await this.sessions.sessionFor(principal, sessionId, 'certificates.issue');
    const passed = await this.results.passedCandidates(String(session.centreId), session.batch);
    if (!passed.length) {
      const published = await this.results.isPublished(session);
      throw problems.conflict(published ? '本批次没有合格的考生。' : '成绩发布后才能发证。');
    }
    const centre = (await CentreModel.findById(session.centreId).lean()) as CentreDoc;
    const candidates = [];
    for (const p of passed) {
      const person = (await CandidateModel.findById(p.candidateId, { photoId: 1 }).lean()) as Pick<CandidateDoc, 'photoId'> | null;
      const photo = person?.photoId ? await loadPhoto(person.photoId) : undefined;
      candidates.push({
        name: p.name,
        idType: p.idType,
        idNumber: await this.identity.revealIdNumber(p.candidateId, `发证：${session.batch}`, actor),
        ...(photo ? { photo } : {}),
        occupationCode: p.occupationCode,
        occupationName: p.occupationName,
        level: p.level,
      });
    }
    const outcome: IssueOutcome = await this.certificates.issue(
      principal,
      { centreId: String(session.centreId), sessionRef: session.batch, organisation: { kind: centre.type, code: centre.orgCode, province: centre.provinceCode, siteSerial: centre.siteSerial ?? '000001', name: centre.name }, candidates },
      actor,
    );
    const who = (index: number) => ({ name: passed[index]!.name, admissionNo: passed[index]!.admissionNo });
    return {
      batch: session.batch,
      passed: passed.length,
      issued: outcome.issued.map((i) => ({ ...who(i.index), number: i.number })),
      alreadyIssued: outcome.refused.filter((r) => r.reason === 'already-issued').map((r) => who(r.index)),
      refused: outcome.refused.filter((r) => r.reason !== 'already-issued').map((r) => ({ ...who(r.index), reason: '本年度该等级证书编号已用完' })),
    };
  }
}
