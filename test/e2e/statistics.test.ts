import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { buildTestApp, listen } from '../support/app';
import { useFreshDatabase } from '../support/database';
import { launchChromium, newTestPage, artifactPath, signInThroughPage as signIn } from '../support/browser';
import { createExamWorld, scheduleSession, type ExamWorld, type ScheduledSession } from '../support/exam';
import { mixedAbility, sitSession, type Sitting } from '../support/sittings';
import { ExamSessionModel } from '../../server/sessions/model';

const SIZES = [
  { name: 'desktop', width: 1366, height: 768 },
  { name: 'tablet', width: 820, height: 1180 },
] as const;

/**
 * In Chromium: the centre admin runs a session's item analysis from its page and watches it
 * finish; the bank admin runs a release's and opens the dubious items; at desktop and tablet
 * sizes the pages fit their width (wide tables scroll inside their panel).
 */
describe('item analysis pages in Chromium', function () {
  this.timeout(300_000);
  useFreshDatabase('e2e_statistics');
  const app = buildTestApp({ loginIpMax: 10_000, itemStatsMinResponses: 5 });
  let browser: Browser;
  let server: Awaited<ReturnType<typeof listen>>;
  let world: ExamWorld;
  let session: ScheduledSession;
  let sitting: Sitting;

  before(async () => {
    world = await createExamWorld(app);
    session = await scheduleSession(app, world, { startsAt: new Date(Date.now() - 60_000), endsAt: new Date(Date.now() + 3600_000), count: 10, mode: 'forms' });
    sitting = await sitSession(app, world, session, mixedAbility);
    server = await listen(app);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  async function fitsWidth(page: Page): Promise<void> {
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, 'page wider than the viewport').to.be.at.most(1);
  }

  it('the centre admin runs the session analysis from the session page and sees the results', async () => {
    const page = await newTestPage(browser, { viewport: { width: 1366, height: 768 } });
    await signIn(page, server.url, 'centreadmin');
    await page.goto(`${server.url}/sessions/${session.id}`);
    await page.click('[data-testid=statistics-link]');
    await page.click('[data-testid=stats-run]');
    await page.waitForSelector('[data-testid=stats-items]', { timeout: 60_000 });
    expect(await page.textContent('[data-testid=stats-summary]')).to.contain('10 名考生');
    const rows = page.locator('[data-testid=stats-items] tbody tr');
    expect(await rows.count()).to.equal(sitting.truth.size);
    expect(await page.locator('[data-testid=stats-items] tr.dubious').count()).to.be.at.least(1);
    for (const size of SIZES) {
      await page.setViewportSize({ width: size.width, height: size.height });
      await fitsWidth(page);
      await page.screenshot({ path: artifactPath(`statistics-session-${size.width}x${size.height}.png`), fullPage: false });
    }
  });

  it('the bank admin runs the release analysis (Rasch) and opens the dubious items', async () => {
    const doc = await ExamSessionModel.findById(session.id).lean();
    const page = await newTestPage(browser, { viewport: { width: 1366, height: 768 } });
    await signIn(page, server.url, 'bankadmin');
    await page.goto(`${server.url}/bank/${world.bankId}/releases/${String(doc!.releaseId)}`);
    await page.click('[data-testid=statistics-link]');
    await page.click('[data-testid=stats-run]');
    await page.waitForSelector('[data-testid=stats-rasch]', { timeout: 60_000 });
    expect(await page.textContent('[data-testid=stats-rasch]')).to.contain('已收敛');
    await page.goto(`${server.url}/bank`);
    await page.click('[data-testid=dubious-link]');
    const listed = page.locator('[data-testid=dubious-items] tbody tr');
    expect(await listed.count()).to.be.at.least(2);
    for (const size of SIZES) {
      await page.setViewportSize({ width: size.width, height: size.height });
      await fitsWidth(page);
      await page.screenshot({ path: artifactPath(`statistics-dubious-${size.width}x${size.height}.png`), fullPage: false });
    }
    await listed.first().locator('[data-testid=open-item]').click();
    await page.waitForSelector('[data-testid=item-statistics] table');
    await page.setViewportSize({ width: 820, height: 1180 });
    await fitsWidth(page);
    await page.locator('[data-testid=item-statistics]').screenshot({ path: artifactPath('statistics-item-820x1180.png') });
  });
});
