import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import { buildTestApp, listen } from '../support/app';
import { useFreshDatabase } from '../support/database';
import { launchChromium, newTestPage, artifactPath, signInThroughPage } from '../support/browser';
import { scheduleSession } from '../support/exam';
import { assessOnlyTheoryAtLevel3, createMarkingWorld, sitAndSubmit, type MarkingWorld } from '../support/marking';
import request from 'supertest';
import { bearer } from '../support/identity';

const minutes = (n: number) => new Date(Date.now() + n * 60_000);
const TABLET = { width: 820, height: 1180 };

describe('results in Chromium: marking, publishing and the candidate’s result on a tablet', function () {
  this.timeout(240_000);
  useFreshDatabase('e2e_results');
  const app = buildTestApp({ loginIpMax: 10_000 });
  let browser: Browser;
  let server: Awaited<ReturnType<typeof listen>>;
  let world: MarkingWorld;

  before(async () => {
    world = await createMarkingWorld(app);
    await assessOnlyTheoryAtLevel3(app);
    server = await listen(app);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('an examiner marks both short answers blind, the centre publishes, the candidate sees 合格 at 820×1180', async () => {
    const s = await scheduleSession(app, world, { startsAt: minutes(-1), endsAt: minutes(60), count: 1 });
    const c = s.candidates[0]!;
    // All 25 objective items right: 10 × 2 + 15 × 4 = 80.
    const { objective } = await sitAndSubmit(app, world, c, 25);
    expect(objective).to.equal(80);
    await request(app.express).post(`/api/v1/sessions/${s.id}/close`).set(...bearer(await world.centreAdmin.token())).expect(200);

    const marker = await newTestPage(browser, { viewport: TABLET, hasTouch: true });
    await signInThroughPage(marker, server.url, 'examiner1');
    await marker.goto(`${server.url}/marking`);
    await marker.click(`a[href="/sessions/${s.id}/marking"]`);
    for (const points of ['8', '7.5']) {
      await marker.waitForSelector('[data-testid=mark-form]');
      const shown = await marker.locator('main').innerText();
      expect(shown).to.not.contain(c.name);
      expect(shown).to.not.contain(c.admissionNo);
      expect(await marker.locator('[data-testid=anon-code]').innerText()).to.match(/[A-Z2-9]{4}-[A-Z2-9]{4}/);
      expect(await marker.locator('[data-testid=response]').innerText()).to.contain('的作答');
      if (points === '8') await marker.screenshot({ path: artifactPath('marking-820x1180.png'), fullPage: true });
      expect(await marker.evaluate(() => document.documentElement.scrollWidth)).to.be.at.most(TABLET.width);
      await marker.fill('#points', points);
      await marker.click('[data-testid=mark-submit]');
      await marker.waitForSelector('[data-testid=marking-saved]');
    }
    await marker.waitForSelector('[data-testid=marking-done]');

    const centre = await newTestPage(browser, { viewport: { width: 1366, height: 768 } });
    await signInThroughPage(centre, server.url, 'centreadmin');
    await centre.goto(`${server.url}/sessions/${s.id}/results`);
    expect(await centre.locator('[data-testid=overall]').innerText()).to.equal('合格');
    centre.on('dialog', (dialog) => void dialog.accept());
    await centre.click('[data-testid=publish-results]');
    await centre.waitForSelector('[data-testid=published]:has-text("发布")');
    expect(await centre.locator('[data-testid=publish-results]').count()).to.equal(0);
    expect(await centre.locator('[data-testid=results-table]').innerText()).to.contain('95.5');
    await centre.screenshot({ path: artifactPath('centre-results-1366x768.png'), fullPage: true });

    const candidate = await newTestPage(browser, { viewport: TABLET, hasTouch: true });
    await candidate.goto(`${server.url}/results`);
    await candidate.waitForURL((url) => url.pathname === '/results/login');
    await candidate.fill('#admissionNo', c.admissionNo);
    await candidate.fill('#idNumber', c.idNumber);
    await candidate.click('[data-testid=exam-login-form] button[type=submit]');
    await candidate.waitForSelector('[data-testid=my-result]');
    expect(await candidate.locator('[data-testid=my-overall]').innerText()).to.equal('合格');
    // 80 + 8 + 7.5 = 95.5 out of 100.
    expect(await candidate.locator('[data-testid=my-part]').first().innerText()).to.contain('95.5');
    expect(await candidate.evaluate(() => document.documentElement.scrollWidth)).to.be.at.most(TABLET.width);
    await candidate.screenshot({ path: artifactPath('candidate-result-820x1180.png'), fullPage: true });
  });
});
