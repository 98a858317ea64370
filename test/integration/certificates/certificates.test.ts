import { expect } from 'chai';
import request from 'supertest';
import { compactVerify, importJWK, decodeProtectedHeader } from 'jose';
import { buildTestApp } from '../../support/app';
import { useFreshDatabase } from '../../support/database';
import { bearer, createStaff, type StaffUser } from '../../support/identity';
import { binary, decodeQr, pdfFonts, pdfImageCount, pdfPageCount, pdfText, pdfToPngs, samplePhoto } from '../../support/pdf';
import { CENTRE_ID, ORGANISATION, candidate, centreAdmin, issue } from '../../support/certificates';
import { CertificateModel } from '../../../server/certificates/model';
import { AuditEntryModel } from '../../../server/audit/model';
import { SYSTEM_ACTOR } from '../../../server/audit/service';
import { parseCertificateNumber } from '../../../server/certificates/number';
import { statusListHas } from '../../../server/certificates/credential';
import { validateAchievementCredential } from '../../../server/certificates/offline-check';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

function certVerify(args: string[]): { status: number | null; out: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/cert-verify.ts', ...args], { cwd: path.resolve(import.meta.dirname, '../../..'), encoding: 'utf8', timeout: 60_000, env: { ...process.env, DATA_KEY: '' } });
  return { status: r.status, out: r.stdout + r.stderr };
}

const YY = String(new Date(Date.now() + 8 * 3600_000).getUTCFullYear() % 100).padStart(2, '0');

describe('certificates: issuing, printing, verification, revocation', function () {
  this.timeout(120_000);
  useFreshDatabase('certificates');
  const app = buildTestApp({ verifyRateMax: 1000 });
  let admin: StaffUser;
  let otherCentre: StaffUser;
  let numbers: string[] = [];

  before(async () => {
    admin = await createStaff(app, 'centre', [{ role: 'centre_admin', scope: { type: 'centre', id: CENTRE_ID } }]);
    otherCentre = await createStaff(app, 'other', [{ role: 'centre_admin', scope: { type: 'centre', id: 'cccccccccccccccccccccccc' } }]);
  });

  it('50 concurrent issues get distinct, gap-free serials under one prefix', async () => {
    const outcomes = await Promise.all(Array.from({ length: 50 }, (_, i) => issue(app, [candidate(i + 1)])));
    numbers = outcomes.flatMap((o) => o.issued.map((i) => i.number));
    expect(numbers).to.have.length(50);
    const prefix = `S000144000012${YY}3`;
    expect(numbers.every((n) => n.length === 22 && n.startsWith(prefix))).to.equal(true);
    const serials = numbers.map((n) => parseCertificateNumber(n)!.serial).sort((a, b) => a - b);
    expect(serials).to.deep.equal(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(await CertificateModel.countDocuments()).to.equal(50);
  });

  it('issuing again to the same candidate, occupation and level is refused and spends no number', async () => {
    const again = await issue(app, [candidate(1), candidate(1, { level: 4 })]);
    expect(again.refused).to.deep.equal([{ index: 0, reason: 'already-issued' }]);
    expect(again.issued).to.have.length(1);
    expect(again.issued[0]!.number.slice(15, 16)).to.equal('4');
    expect(parseCertificateNumber(again.issued[0]!.number)!.serial).to.equal(1);
    const third = await issue(app, [candidate(51)]);
    expect(parseCertificateNumber(third.issued[0]!.number)!.serial).to.equal(51);
    numbers.push(third.issued[0]!.number);
  });

  it('refuses a schema-breaking request (422 for a bad ID check digit) and a centre out of scope (404), writing nothing', async () => {
    const before = await CertificateModel.countDocuments();
    let status = 0;
    await issue(app, [candidate(60, { idNumber: '440101199003070019' })]).catch((e: { status: number }) => (status = e.status));
    expect(status).to.equal(422);
    status = 0;
    await app.certificates.issue(centreAdmin('dddddddddddddddddddddddd', 'cccccccccccccccccccccccc'), { centreId: CENTRE_ID, sessionRef: 's', organisation: ORGANISATION, candidates: [candidate(61)] }, SYSTEM_ACTOR).catch((e: { status: number }) => (status = e.status));
    expect(status).to.equal(404);
    expect(await CertificateModel.countDocuments()).to.equal(before);
  });

  it('prints a one-page A4 PDF with the name, number and level, a subset CJK font, and a QR code to the verification URL', async () => {
    const number = numbers[0]!;
    const doc = (await CertificateModel.findById(number).lean())!;
    const res = await binary(request(app.express).get(`/api/v1/certificates/${number}/certificate.pdf`).set(...bearer(await admin.token())));
    expect(res.status).to.equal(200);
    expect(res.headers['content-type']).to.match(/application\/pdf/);
    const pdf = res.body as Buffer;
    expect(pdf.length).to.be.below(60 * 1024);
    expect(pdfPageCount(pdf)).to.equal(1);
    const text = pdfText(pdf).replace(/\s+/g, '');
    expect(text).to.include(doc.snapshot.name).and.include(number).and.include('三级/高级工').and.include('职业技能等级证书').and.include('--');
    const fonts = pdfFonts(pdf);
    expect(fonts.length).to.be.greaterThan(0);
    expect(fonts.every((f) => f.embedded && f.subset)).to.equal(true);
    const [png] = pdfToPngs(pdf, 150);
    expect(decodeQr(png!)).to.equal(app.certificates.verifyUrl(number));
    expect(await AuditEntryModel.countDocuments({ action: 'certificates.print' })).to.equal(1);
  });

  it('prints the photo when there is one, and keeps the snapshot (photo included) on the record', async () => {
    const outcome = await issue(app, [candidate(80, { photo: { contentType: 'image/png', data: samplePhoto() }, direction: '维修电工' })], 'session-photo');
    const number = outcome.issued[0]!.number;
    const res = await binary(request(app.express).get(`/api/v1/certificates/${number}/certificate.pdf`).set(...bearer(await admin.token())));
    expect(pdfImageCount(res.body as Buffer)).to.equal(1);
    expect(pdfText(res.body as Buffer)).to.include('维修电工');
    expect(pdfImageCount(Buffer.from((await binary(request(app.express).get(`/api/v1/certificates/${numbers[0]}/certificate.pdf`).set(...bearer(await admin.token())))).body as Buffer))).to.equal(0);
  });

  it('does not print another centre’s certificate (404)', async () => {
    const res = await request(app.express).get(`/api/v1/certificates/${numbers[0]}/certificate.pdf`).set(...bearer(await otherCentre.token()));
    expect(res.status).to.equal(404);
  });

  it('streams a session batch as one PDF with a page per certificate', async () => {
    const res = await request(app.express)
      .get('/api/v1/certificates/batch.pdf')
      .query({ centreId: CENTRE_ID, sessionRef: 'session-1', bilingual: '1' })
      .set(...bearer(await admin.token()))
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(res.status).to.equal(200);
    const pdf = res.body as Buffer;
    expect(pdfPageCount(pdf)).to.equal(52);
    expect(pdfText(pdf)).to.include('Vocational Skill Level Certificate');
    const missing = await request(app.express).get('/api/v1/certificates/batch.pdf').query({ centreId: CENTRE_ID, sessionRef: 'nope' }).set(...bearer(await admin.token()));
    expect(missing.status).to.equal(404);
  });

  it('verifies by number and name as JSON; a wrong name and an unknown number answer alike', async () => {
    const number = numbers[1]!;
    const doc = (await CertificateModel.findById(number).lean())!;
    const ok = await request(app.express).get('/api/v1/verify').query({ number, name: doc.snapshot.name });
    expect(ok.status).to.equal(200);
    expect(ok.body).to.include({ number, status: 'valid', levelLabel: '三级/高级工', organisationName: ORGANISATION.name, direction: '--' });
    expect(ok.body.idNumberMasked).to.match(/^440\*+\d{3}[\dX]$/);
    const wrongName = await request(app.express).get('/api/v1/verify').query({ number, name: '李四' });
    const unknown = await request(app.express).get('/api/v1/verify').query({ number: `${number.slice(0, 16)}999999`, name: '李四' });
    const oldFormat = await request(app.express).get('/api/v1/verify').query({ number: '2644010123453000001'.slice(0, 16), name: '李四' });
    for (const r of [wrongName, unknown, oldFormat]) {
      expect(r.status).to.equal(404);
      expect(r.body.detail).to.equal(wrongName.body.detail);
    }
    const bad = await request(app.express).get('/api/v1/verify').query({ number });
    expect(bad.status).to.equal(400);
  });

  it('verifies from the QR link without a name, and refuses a forged token', async () => {
    const number = numbers[2]!;
    const url = new URL(app.certificates.verifyUrl(number));
    const page = await request(app.express).get(url.pathname + url.search);
    expect(page.status).to.equal(200);
    expect(page.text).to.include(number).and.include('有效');
    const forged = await request(app.express).get(`/verify/${number}?n=AAAAAAAAAAAAAAAAAAAAAA`);
    expect(forged.status).to.equal(404);
    expect(forged.text).to.not.include('考生');
  });

  it('the page form verifies by number and name and names bad fields by label', async () => {
    const number = numbers[3]!;
    const doc = (await CertificateModel.findById(number).lean())!;
    const ok = await request(app.express).post('/verify').type('form').send({ number, name: doc.snapshot.name });
    expect(ok.status).to.equal(200);
    expect(ok.text).to.include('有效').and.include(doc.snapshot.idNumberMasked).and.not.include(doc.snapshot.idNumberSealed);
    const bad = await request(app.express).post('/verify').type('form').send({ number: '123', name: '' });
    expect(bad.status).to.equal(422);
    expect(bad.text).to.include('证书编号应为').and.include('请填写姓名');
  });

  it('revocation by the centre admin is audited and shows on the page, in JSON and in the status list', async () => {
    const number = numbers[4]!;
    const doc = (await CertificateModel.findById(number).lean())!;
    const other = await request(app.express).post(`/api/v1/certificates/${number}/revoke`).set(...bearer(await otherCentre.token())).send({ reason: '材料造假' });
    expect(other.status).to.equal(404);
    const empty = await request(app.express).post(`/api/v1/certificates/${number}/revoke`).set(...bearer(await admin.token())).send({});
    expect(empty.status).to.equal(400);
    const res = await request(app.express).post(`/api/v1/certificates/${number}/revoke`).set(...bearer(await admin.token())).send({ reason: '考试作弊，成绩无效' });
    expect(res.status).to.equal(200);
    expect(res.body).to.include({ status: 'revoked', revocationReason: '考试作弊，成绩无效' });
    const again = await request(app.express).post(`/api/v1/certificates/${number}/revoke`).set(...bearer(await admin.token())).send({ reason: '重复' });
    expect(again.status).to.equal(409);
    const json = await request(app.express).get('/api/v1/verify').query({ number, name: doc.snapshot.name });
    expect(json.body).to.include({ status: 'revoked', revocationReason: '考试作弊，成绩无效' });
    expect(json.body.revokedAt).to.match(/^\d{4}-\d{2}-\d{2}$/);
    const page = await request(app.express).post('/verify').type('form').send({ number, name: doc.snapshot.name });
    expect(page.text).to.include('已撤销').and.include('考试作弊，成绩无效');
    expect(await AuditEntryModel.countDocuments({ action: 'certificates.revoke', 'target.id': number })).to.equal(1);

    const list = await request(app.express).get('/credentials/status/revocation');
    expect(list.status).to.equal(200);
    const jwks = await request(app.express).get('/.well-known/jwks.json');
    const key = await importJWK(jwks.body.keys[0], 'EdDSA');
    const { payload } = await compactVerify(list.text, key);
    const encoded = (JSON.parse(Buffer.from(payload).toString('utf8')) as { credentialSubject: { encodedList: string } }).credentialSubject.encodedList;
    expect(statusListHas(encoded, doc.statusIndex)).to.equal(true);
    const valid = (await CertificateModel.findById(numbers[5]).lean())!;
    expect(statusListHas(encoded, valid.statusIndex)).to.equal(false);
  });

  it('the credential verifies with an independent JOSE library against the published key, and fails when one byte changes', async () => {
    const number = numbers[6]!;
    const res = await request(app.express).get(`/api/v1/certificates/${number}/credential`).set(...bearer(await admin.token()));
    expect(res.status).to.equal(200);
    expect(res.headers['content-type']).to.match(/application\/vc\+jwt/);
    const jws = res.text;
    const jwks = await request(app.express).get('/.well-known/jwks.json');
    expect(decodeProtectedHeader(jws).kid).to.equal(jwks.body.keys[0].kid);
    const key = await importJWK(jwks.body.keys[0], 'EdDSA');
    const { payload } = await compactVerify(jws, key);
    const vc = JSON.parse(Buffer.from(payload).toString('utf8')) as { credentialSubject: { licenseNumber: string } };
    expect(vc.credentialSubject.licenseNumber).to.equal(number);
    expect(validateAchievementCredential(vc), JSON.stringify(validateAchievementCredential.errors)).to.equal(true);
    expect(validateAchievementCredential({ ...vc, issuer: undefined })).to.equal(false);
    const [h, p, s] = jws.split('.') as [string, string, string];
    const body = Buffer.from(p, 'base64url');
    body[body.length - 3]! ^= 0x01;
    const tampered = `${h}.${body.toString('base64url')}.${s}`;
    let failed = false;
    await compactVerify(tampered, key).catch(() => (failed = true));
    expect(failed).to.equal(true);

    const dir = mkdtempSync(path.join(tmpdir(), 'cred-'));
    writeFileSync(path.join(dir, 'good.jwt'), jws);
    writeFileSync(path.join(dir, 'bad.jwt'), tampered);
    writeFileSync(path.join(dir, 'jwks.json'), JSON.stringify(jwks.body));
    const good = certVerify([path.join(dir, 'good.jwt'), '--jwks', path.join(dir, 'jwks.json')]);
    expect(good.status, good.out).to.equal(0);
    expect(good.out).to.include('VALID').and.include(number);
    const bad = certVerify([path.join(dir, 'bad.jwt'), '--jwks', path.join(dir, 'jwks.json')]);
    expect(bad.status).to.equal(1);
    expect(bad.out).to.include('INVALID');
  });
});

describe('certificates: the public look-up is rate-limited', function () {
  this.timeout(60_000);
  useFreshDatabase('cert_rate');
  const app = buildTestApp({ verifyRateMax: 3 });

  it('answers 429 with Retry-After past the limit', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await request(app.express).get('/api/v1/verify').query({ number: 'S000144000012263000001', name: '张三' })).status);
    expect(statuses).to.deep.equal([404, 404, 404, 429]);
    const page = await request(app.express).post('/verify').type('form').send({ number: 'S000144000012263000001', name: '张三' });
    expect(page.status).to.equal(429);
  });
});
