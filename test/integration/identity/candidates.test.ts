import { expect } from 'chai';
import { buildTestApp } from '../../support/app';
import { useFreshDatabase } from '../../support/database';
import { CandidateModel } from '../../../server/identity/model';
import { AuditEntryModel } from '../../../server/audit/model';
import { HttpProblem } from '../../../server/platform/problem';
import { SYSTEM_ACTOR } from '../../../server/audit/service';

const ID = '11010519491231002X';

describe('candidate identities', function () {
  useFreshDatabase('candidates');
  const app = buildTestApp();

  it('stores the ID number as match key, mask and sealed value — never in clear', async () => {
    const candidate = await app.identity.registerCandidate({ name: '李四', idType: 'resident_id', idNumber: ID.toLowerCase() }, SYSTEM_ACTOR);
    expect(candidate).to.include({ name: '李四', idType: 'resident_id', idNumberMasked: '110***********002X' });
    const raw = JSON.stringify(await CandidateModel.collection.findOne({}));
    expect(raw).not.to.contain('19491231');
  });

  it('matches the same person by ID number (idempotent registration)', async () => {
    const again = await app.identity.registerCandidate({ name: '李四', idType: 'resident_id', idNumber: ` ${ID} ` }, SYSTEM_ACTOR);
    expect(await CandidateModel.countDocuments()).to.equal(1);
    const found = await app.identity.findCandidateByIdNumber('resident_id', ID);
    expect(found?.id).to.equal(again.id);
    expect(await app.identity.findCandidateByIdNumber('passport', ID)).to.equal(undefined);
  });

  it('reveals the full number only through an audited call', async () => {
    const found = await app.identity.findCandidateByIdNumber('resident_id', ID);
    const full = await app.identity.revealIdNumber(found!.id, 'certificate printing', SYSTEM_ACTOR);
    expect(full).to.equal(ID);
    const entry = await AuditEntryModel.findOne({ action: 'candidate.idnumber.reveal' }).lean();
    expect(entry?.details).to.deep.equal({ purpose: 'certificate printing' });
  });

  it('refuses an invalid resident ID with a field error and writes nothing', async () => {
    try {
      await app.identity.registerCandidate({ name: '王五', idType: 'resident_id', idNumber: '110105194912310021' }, SYSTEM_ACTOR);
      expect.fail('should refuse');
    } catch (error) {
      expect(error).to.be.instanceOf(HttpProblem);
      expect((error as HttpProblem).status, "a checksum that fails is a rule broken by schema-valid input").to.equal(422);
      expect((error as HttpProblem).errors?.[0]?.path).to.equal('body.idNumber');
    }
    expect(await CandidateModel.countDocuments()).to.equal(1);
  });
});
