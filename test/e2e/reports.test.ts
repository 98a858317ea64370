import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import request from 'supertest';
import { buildTestApp, listen } from '../support/app';
import { useFreshDatabase } from '../support/database';
import { launchChromium, newTestPage, artifactPath, signInThroughPage } from '../support/browser';
import { bearer } from '../support/identity';
import { scheduleSession } from '../support/exam';
import { assessOnlyTheoryAtLevel3, createMarkingWorld, markAll, sitAndSubmit, type MarkingWorld } from '../support/marking';

const minutes = (n: number) => new Date(Date.now() + n * 60_000);
const SIZES = [
  { name: 'desktop', viewport: { width: 1366, height: 768 } },
  { name: 'tablet', viewport: { width: 820, height: 1180 } },
];

describe('reports in Chromium: the pass-rate page and its SVG charts at desktop and tablet sizes', function () {
  this.timeout(300_000);
  useFreshDatabase('e2e_reports');
  const app = buildTestApp({ loginIpMax: 10_000 });
  let browser: Browser;
  let server: Awaited<ReturnType<typeof listen>>;
  let world: MarkingWorld;

  before(async () => {
    world = await createMarkingWorld(app);
    await assessOnlyTheoryAtLevel3(app);
    // One batch: 25 right = 80 (合格), 10 right = 20 (不合格), 10 right = 20 (不合格); short answers marked 0 → 1/3.
    const s = await scheduleSession(app, world, { startsAt: minutes(-1), endsAt: minutes(60), count: 3 });
    for (const [i, right] of [25, 10, 10].entries()) await sitAndSubmit(app, world, s.candidates[i]!, right);
    await markAll(app, world.examiners[0], s.id, () => 0);
    const token = await world.centreAdmin.token();
    await request(app.express).post(`/api/v1/sessions/${s.id}/close`).set(...bearer(token)).expect(200);
    await request(app.express).post(`/api/v1/sessions/${s.id}/results/publish`).set(...bearer(token)).expect(200);
    server = await listen(app);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  for (const size of SIZES) {
    it(`a centre admin opens 统计报表 from the navigation and reads 33.3%（1/3） on the charts at ${size.viewport.width}×${size.viewport.height}`, async () => {
      const page = await newTestPage(browser, { viewport: size.viewport });
      await signInThroughPage(page, server.url, 'centreadmin');
      await page.click('nav a[href="/reports"]');
      await page.waitForSelector('[data-testid=chart-occupation] svg');
      expect(await page.locator('h1').innerText()).to.equal('合格率统计（季度统计）');
      const chart = page.locator('[data-testid=chart-occupation]');
      expect(await chart.locator('.value').first().textContent()).to.equal('33.3%（1/3）');
      expect(await chart.locator('.label').first().textContent()).to.equal('电工（6-31-01-03）');
      expect(await chart.locator('.axis-title').allTextContents()).to.deep.equal(['按职业', '合格率（%）= 合格人数 ÷ 参考人数']);
      // The bar is a third of the 0–100% axis, as drawn on screen.
      const bar = (await chart.locator('rect').first().boundingBox())!;
      const axis = await chart.locator('.grid').evaluateAll((lines) => lines.map((l) => l.getBoundingClientRect().left));
      const full = axis[axis.length - 1]! - axis[0]!;
      expect(bar.width / full).to.be.closeTo(0.3333, 0.01);
      // Readable: the SVG (760 units wide) is drawn at 95% of its size or more, so 14-unit labels stay ≥ 13 px; nothing runs off the page sideways.
      const svg = (await chart.locator('svg').boundingBox())!;
      expect(svg.width / 760).to.be.at.least(0.95);
      expect((await chart.locator('.label').first().boundingBox())!.height).to.be.at.least(13);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow).to.be.at.most(0);
      expect(await page.locator('[data-testid=chart-level] .label').first().textContent()).to.equal('三级/高级工');
      await page.screenshot({ path: artifactPath(`reports-${size.name}.png`), fullPage: true });
      // 导出 Excel works with the page's own sign-in (the cookie), as a download.
      const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=reports-export]')]);
      expect(download.suggestedFilename()).to.equal('pass-rates.xlsx');
      await page.context().close();
    });
  }
});
