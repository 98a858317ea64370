import { expect } from 'chai';
import { statSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { buildTestApp, listen } from '../support/app';
import { useFreshDatabase } from '../support/database';
import { launchChromium, artifactPath, newTestPage } from '../support/browser';

describe('home page in Chromium', function () {
  this.timeout(60_000);
  useFreshDatabase('e2e_home');
  let browser: Browser;
  let server: Awaited<ReturnType<typeof listen>>;

  before(async () => {
    server = await listen(buildTestApp());
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('renders Chinese text with real CJK glyphs and saves a screenshot', async () => {
    const page = await newTestPage(browser);
    await page.goto(`${server.url}/`);
    const heading = page.locator('h1');
    expect(await heading.textContent()).to.equal('职业技能等级认定题库与考试平台');
    expect(await heading.isVisible()).to.equal(true);

    // Without a CJK font every ideograph is drawn as the same "tofu" box. Draw two different
    // characters in the page's own font and require different pixels.
    const glyphsDiffer = await page.evaluate(() => {
      const font = getComputedStyle(document.querySelector('h1')!).font;
      const draw = (ch: string) => {
        const canvas = document.createElement('canvas');
        canvas.width = 64;
        canvas.height = 64;
        const ctx = canvas.getContext('2d')!;
        ctx.font = font.replace(/\d+(\.\d+)?px/, '48px');
        ctx.fillText(ch, 4, 52);
        return Array.from(ctx.getImageData(0, 0, 64, 64).data).join(',');
      };
      return draw('鉴') !== draw('定') && draw('鉴') !== draw('口');
    });
    expect(glyphsDiffer, 'CJK glyphs render distinctly (a CJK font is installed)').to.equal(true);

    const file = artifactPath('home-zh-CN.png');
    await page.screenshot({ path: file, fullPage: true });
    expect(statSync(file).size).to.be.greaterThan(20_000);

    await page.getByTestId('lang-switch').click();
    await page.waitForURL(/lang=en/);
    expect(await page.locator('h1').textContent()).to.equal('Vocational Skill Appraisal — Question Bank and Online Exams');
    await page.screenshot({ path: artifactPath('home-en.png'), fullPage: true });
  });
});
