import { expect } from 'chai';
import { statSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { buildTestApp, listen } from '../support/app';
import { useFreshDatabase } from '../support/database';
import { launchChromium, artifactPath, newTestPage } from '../support/browser';
import { candidate, issue } from '../support/certificates';

async function submitVerify(page: Page, base: string | undefined, number: string, name: string): Promise<void> {
  if (base) await page.goto(`${base}/verify`);
  await page.fill('#number', number);
  await page.fill('#name', name);
  await page.click('[data-testid=verify-form] button[type=submit]');
}

describe('certificate verification in Chromium', function () {
  this.timeout(90_000);
  useFreshDatabase('e2e_verify');
  const app = buildTestApp({ verifyRateMax: 1000 });
  let browser: Browser;
  let server: Awaited<ReturnType<typeof listen>>;
  let number = '';

  before(async () => {
    server = await listen(app);
    browser = await launchChromium();
    number = (await issue(app, [candidate(7, { name: '王小明', direction: '维修电工' })])).issued[0]!.number;
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('verifies by typing the number and name into the page, and saves a screenshot', async () => {
    const page = await newTestPage(browser);
    await submitVerify(page, server.url, number, '王小明');
    await page.waitForSelector('[data-testid=verify-status]');
    expect(await page.textContent('[data-testid=verify-status]')).to.include('有效');
    const table = (await page.textContent('[data-testid=verify-result]')) ?? '';
    expect(table).to.include(number).and.include('王小明').and.include('三级/高级工').and.include('维修电工').and.include('440***');
    const shot = artifactPath('certificate-verify.png');
    await page.screenshot({ path: shot, fullPage: true });
    expect(statSync(shot).size).to.be.greaterThan(10_000);
  });

  it('a wrong name shows the same "no match" as an unknown number, without any certificate data', async () => {
    const page = await newTestPage(browser);
    await submitVerify(page, server.url, number, '李四');
    const wrong = await page.textContent('[data-testid=verify-not-found]');
    await submitVerify(page, undefined, `${number.slice(0, 16)}999999`, '李四');
    expect(await page.textContent('[data-testid=verify-not-found]')).to.equal(wrong);
    expect(await page.locator('[data-testid=verify-result]').count()).to.equal(0);
  });

  it('opens the QR link without typing and offers the signed credential', async () => {
    const page = await newTestPage(browser);
    const link = new URL(app.certificates.verifyUrl(number));
    await page.goto(`${server.url}${link.pathname}${link.search}`);
    expect(await page.textContent('[data-testid=verify-status]')).to.include('有效');
    const href = await page.getAttribute('[data-testid=verify-credential]', 'href');
    const res = await page.request.get(`${server.url}${href}`);
    expect(res.status()).to.equal(200);
    expect((await res.text()).split('.')).to.have.length(3);
  });
});
