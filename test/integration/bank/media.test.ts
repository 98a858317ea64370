import { expect } from 'chai';
import request from 'supertest';
import { buildTestApp } from '../../support/app';
import { useFreshDatabase } from '../../support/database';
import { createStaff, bearer, type StaffUser } from '../../support/identity';
import { createBankWorld } from '../../support/bank';
import { judgeItem } from '../../support/fixtures';
import { MediaModel } from '../../../server/bank/model';

// The smallest valid PNG (1×1, transparent).
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

describe('item images stored in the database', function () {
  this.timeout(60_000);
  useFreshDatabase('media');
  const app = buildTestApp();
  let writer: StaffUser;
  let welder: StaffUser;
  let bankId: string;

  before(async () => {
    const banks = await createBankWorld(app);
    bankId = banks.electrician.id;
    writer = await createStaff(app, 'writer', [{ role: 'writer', scope: { type: 'bank', id: bankId } }]);
    welder = await createStaff(app, 'welder', [{ role: 'writer', scope: { type: 'bank', id: banks.welder.id } }]);
  });

  it('stores an uploaded image once, serves it to readers of the bank, and items may embed it', async () => {
    const first = await request(app.express).post(`/api/v1/banks/${bankId}/media`).set(...bearer(await writer.token())).attach('file', PNG, 'dot.png').expect(201);
    expect(first.body).to.include({ contentType: 'image/png', size: PNG.length });
    expect(first.body.url).to.equal(`/media/${first.body.id}`);
    const again = await request(app.express).post(`/api/v1/banks/${bankId}/media`).set(...bearer(await writer.token())).attach('file', PNG, 'same.png').expect(201);
    expect(again.body.id).to.equal(first.body.id);
    expect(await MediaModel.countDocuments()).to.equal(1);

    const image = await request(app.express).get(first.body.url).set(...bearer(await writer.token())).expect(200);
    expect(image.headers['content-type']).to.equal('image/png');
    expect(Buffer.compare(image.body as Buffer, PNG)).to.equal(0);
    await request(app.express).get(first.body.url).set(...bearer(await welder.token())).expect(404);

    const item = await request(app.express)
      .post(`/api/v1/banks/${bankId}/items`)
      .set(...bearer(await writer.token()))
      .send(judgeItem({ stem: `<p>如图所示电路中灯泡与电阻串联。<img src="${first.body.url}" alt="电路图" onerror="x()"><img src="https://evil.example/x.png"></p>` }))
      .expect(201);
    expect(item.body.content.stem).to.equal(`<p>如图所示电路中灯泡与电阻串联。<img src="${first.body.url}" alt="电路图" /></p>`);
  });

  it('refuses files that are not images, whatever they claim, and oversized ones', async () => {
    const fake = await request(app.express).post(`/api/v1/banks/${bankId}/media`).set(...bearer(await writer.token())).attach('file', Buffer.from('<svg onload="alert(1)"></svg>'), { filename: 'x.png', contentType: 'image/png' }).expect(422); // schema-valid (a file), but not an image
    expect(fake.body.errors[0].path).to.equal('body.file');
    const big = Buffer.concat([PNG, Buffer.alloc(2 * 1024 * 1024)]);
    await request(app.express).post(`/api/v1/banks/${bankId}/media`).set(...bearer(await writer.token())).attach('file', big, 'big.png').expect(413);
    await request(app.express).post(`/api/v1/banks/${bankId}/media`).set(...bearer(await welder.token())).attach('file', PNG, 'dot.png').expect(404);
    expect(await MediaModel.countDocuments()).to.equal(1);
  });
});
