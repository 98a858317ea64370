import { expect } from 'chai';
import request from 'supertest';
import { buildTestApp } from '../../support/app';
import { useFreshDatabase } from '../../support/database';
import { createStaff, bearer, type StaffUser } from '../../support/identity';
import { createBankWorld, releaseApprovedItems } from '../../support/bank';

const SECTIONS = [
  { type: 'judge', count: 10, pointsPerItem: 2 },
  { type: 'single', count: 20, pointsPerItem: 4 },
];

describe('domain errors are 4xx, never 500 (finding 5)', function () {
  this.timeout(60_000);
  useFreshDatabase('sec_domain_errors');
  const app = buildTestApp();
  let bankAdmin: StaffUser;
  let bankId: string;

  before(async () => {
    bankId = (await createBankWorld(app)).electrician.id;
    await releaseApprovedItems(app, bankId, 2);
    bankAdmin = await createStaff(app, 'bankadmin', [{ role: 'bank_admin', scope: { type: 'bank', id: bankId } }]);
  });

  const cases: Array<[string, unknown[]]> = [
    ['cells that do not add up to the section counts', [{ section: 0, dimension: 'function', key: '1', count: 3 }, { section: 1, dimension: 'function', key: '1', count: 20 }]],
    ['a cell naming a section that does not exist', [{ section: 0, dimension: 'function', key: '1', count: 10 }, { section: 1, dimension: 'function', key: '1', count: 20 }, { section: 7, dimension: 'function', key: '1', count: 1 }]],
  ];
  for (const [name, cells] of cases) {
    it(`a blueprint with ${name}: 422 with the problems named, nothing saved`, async () => {
      const res = await request(app.express).post('/api/v1/blueprints').set(...bearer(await bankAdmin.token())).send({ bankId, name: 'x', level: 3, sections: SECTIONS, cells });
      expect(res.status, JSON.stringify(res.body)).to.equal(422);
      expect(res.headers['content-type']).to.match(/^application\/problem\+json/);
      expect(res.body.type).to.equal('/problems/assembly-infeasible');
      expect(res.body.infeasible).to.be.an('array').that.is.not.empty;
      const list = await request(app.express).get(`/api/v1/blueprints?bankId=${bankId}`).set(...bearer(await bankAdmin.token())).expect(200);
      expect(list.body.items ?? list.body).to.have.length(0);
    });
  }
});
