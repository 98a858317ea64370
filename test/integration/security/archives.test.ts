import { expect } from 'chai';
import { readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import request from 'supertest';
import { buildTestApp } from '../../support/app';
import { useFreshDatabase } from '../../support/database';
import { createStaff, bearer, type StaffUser } from '../../support/identity';
import { createBankWorld } from '../../support/bank';
import { hostileXlsx, type HostileKind } from '../../../scripts/bench/hostile-archives';
import { ImportJobModel } from '../../../server/bank/model';

const UPLOAD_DIR = path.join(os.tmpdir(), 'skill-appraisal-imports');
const spoolDirs = () => readdirSync(os.tmpdir()).filter((f) => f.startsWith('xlsx-spool-'));
const uploads = () => {
  try {
    return readdirSync(UPLOAD_DIR);
  } catch {
    return [];
  }
};

describe('hostile archives are refused while they stream (finding 2)', function () {
  this.timeout(60_000);
  useFreshDatabase('sec_archives');
  const app = buildTestApp();
  let bankAdmin: StaffUser;
  let bankId: string;

  before(async () => {
    bankId = (await createBankWorld(app)).electrician.id;
    bankAdmin = await createStaff(app, 'bankadmin', [{ role: 'bank_admin', scope: { type: 'bank', id: bankId } }]);
  });

  // The lying bomb is stopped by whichever meter trips first (ratio, usually).
  const cases: Array<[HostileKind, string, string | string[]]> = [
    ['bomb', 'a 2 GiB sheet of empty rows with honest headers', 'inflated-bytes'],
    ['lying-bomb', 'a 2 GiB sheet (before sharedStrings) whose headers claim 1 KiB', ['ratio', 'inflated-bytes']],
    ['shared-strings-bomb', '2 GiB of shared strings whose headers claim 1 KiB', 'shared-strings-bytes'],
    ['empty-rows', '120,000 empty rows', 'rows'],
    ['wide-row', 'a cell in column 300', 'columns'],
    ['many-entries', '2,000 entries', 'entries'],
  ];
  for (const [kind, what, limit] of cases) {
    it(`${what}: 422 naming the ${String(limit)} limit, no job, no staging, no temp file`, async () => {
      const spoolBefore = new Set(spoolDirs());
      const uploadsBefore = new Set(uploads());
      const started = Date.now();
      const res = await request(app.express).post(`/api/v1/banks/${bankId}/imports`).set(...bearer(await bankAdmin.token())).attach('file', hostileXlsx(kind), 'hostile.xlsx');
      const elapsed = Date.now() - started;
      expect(res.status).to.equal(422);
      expect(res.headers['content-type']).to.match(/^application\/problem\+json/);
      expect(res.body.type).to.equal('/problems/archive-limit');
      expect(Array.isArray(limit) ? limit : [limit]).to.include(res.body.limit);
      expect(res.body.detail).to.match(/^文件被拒绝/);
      expect(res.body.errors[0]).to.include({ path: 'body.file', code: `archive.${res.body.limit}` });
      expect(elapsed, 'refused quickly').to.be.below(15_000);
      expect(await ImportJobModel.countDocuments()).to.equal(0);
      const collections = (await mongoose.connection.db!.listCollections().toArray()).map((c) => c.name);
      expect(collections.filter((c) => c.startsWith('import_staged_'))).to.deep.equal([]);
      expect(spoolDirs().filter((d) => !spoolBefore.has(d))).to.deep.equal([]);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(uploads().filter((f) => !uploadsBefore.has(f))).to.deep.equal([]);
    });
  }

  it('the server is still healthy afterwards', async () => {
    await request(app.express).get('/healthz').expect(200);
  });
});
