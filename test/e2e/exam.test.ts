import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { buildTestApp, listen } from '../support/app';
import { useFreshDatabase } from '../support/database';
import { launchChromium, newTestPage, artifactPath } from '../support/browser';
import { createExamWorld, scheduleSession, type ExamWorld } from '../support/exam';
import { AnswerSheetModel, AttemptModel } from '../../server/delivery/model';
import { valuesOf } from '../../server/delivery/answer-record';

const minutes = (n: number) => new Date(Date.now() + n * 60_000);

/** The stored answer values by position. */
async function storedAnswers(registrationId: string): Promise<Record<string, unknown>> {
  const sheet = await AnswerSheetModel.findById(registrationId).lean();
  return Object.fromEntries([...valuesOf(sheet?.answers)].map(([p, v]) => [String(p), v]));
}

async function waitFor(check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('condition not met in time');
}

describe('the exam in Chromium: autosave, reload, offline, deadline', function () {
  this.timeout(180_000);
  useFreshDatabase('e2e_exam');
  const app = buildTestApp({ loginIpMax: 10_000 });
  let browser: Browser;
  let server: Awaited<ReturnType<typeof listen>>;
  let world: ExamWorld;

  before(async () => {
    world = await createExamWorld(app);
    server = await listen(app);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  async function signInAndStart(page: Page, candidate: { admissionNo: string; idNumber: string }): Promise<void> {
    await page.goto(`${server.url}/exam/login`);
    await page.fill('#admissionNo', candidate.admissionNo);
    await page.fill('#idNumber', candidate.idNumber);
    await page.click('[data-testid=exam-login-form] button[type=submit]');
    await page.waitForSelector('[data-testid=lobby]');
    await page.waitForSelector('[data-testid=start]:not([disabled])');
    await page.click('[data-testid=start]');
    await page.waitForSelector('[data-testid=question] input');
  }

  /** Answers the shown question with its first choice (判断: √); returns nothing. */
  async function answerCurrent(page: Page): Promise<void> {
    await page.locator('[data-testid=question] input').first().check();
  }

  it('signs in, answers, survives a reload with answers and timer, submits and shows the score', async () => {
    const s = await scheduleSession(app, world, { startsAt: minutes(-1), endsAt: minutes(60), count: 1, showScore: true });
    const c = s.candidates[0]!;
    const page = await newTestPage(browser, { viewport: { width: 1366, height: 768 } });
    await signInAndStart(page, c);
    expect(await page.textContent('[data-testid=admission-no]')).to.equal(c.admissionNo);
    for (let i = 0; i < 3; i++) {
      await answerCurrent(page);
      await page.click('#next');
    }
    await page.waitForSelector('[data-testid=save-state][data-state=saved]');
    await waitFor(async () => Object.keys(await storedAnswers(c.registrationId)).length === 3);
    const timerBefore = await page.textContent('[data-testid=timer]');
    await page.screenshot({ path: artifactPath('exam-1366.png') });
    await page.reload();
    await page.waitForSelector('[data-testid=question] input');
    expect(await page.locator('[data-testid=navigator] .nav-item.answered').count()).to.equal(3);
    await page.click('[data-testid=navigator] [data-position="1"]');
    expect(await page.locator('[data-testid=question] input').first().isChecked()).to.equal(true);
    const timerAfter = await page.textContent('[data-testid=timer]');
    expect(timerAfter! <= timerBefore!, `${timerAfter} after ${timerBefore}`).to.equal(true);
    expect(timerAfter).to.match(/^00:5\d:\d\d$|^00:[0-5]\d:\d\d$/);

    await page.click('[data-testid=submit]');
    expect(await page.textContent('#confirm-text')).to.contain('27 道题未作答');
    await page.click('[data-testid=confirm-yes]');
    await page.waitForSelector('[data-testid=done]');
    const attempt = await AttemptModel.findById(c.registrationId).lean();
    expect(attempt!.status).to.equal('submitted');
    expect(await page.textContent('[data-testid=score]')).to.equal(String(attempt!.score!.total));
  });

  it('submits by itself at zero with the page left open', async () => {
    const s = await scheduleSession(app, world, { startsAt: minutes(-1), endsAt: new Date(Date.now() + 12_000), count: 1, graceSeconds: 5 });
    const c = s.candidates[0]!;
    const page = await newTestPage(browser);
    await signInAndStart(page, c);
    await answerCurrent(page);
    await page.waitForSelector('[data-testid=done]', { timeout: 30_000 });
    const attempt = await AttemptModel.findById(c.registrationId).lean();
    expect(attempt).to.include({ status: 'submitted' });
    expect(attempt!.score!.answered).to.equal(1);
  });

  it('keeps answering through a network cut; every answer reaches the server when it returns', async () => {
    const s = await scheduleSession(app, world, { startsAt: minutes(-1), endsAt: minutes(60), count: 1 });
    const c = s.candidates[0]!;
    const page = await newTestPage(browser);
    await signInAndStart(page, c);
    await page.context().setOffline(true);
    for (let i = 0; i < 5; i++) {
      await answerCurrent(page);
      await page.click('#next');
    }
    await page.waitForSelector('[data-testid=save-state][data-state=offline]');
    expect(Object.keys(await storedAnswers(c.registrationId))).to.have.length(0);
    await page.context().setOffline(false);
    await waitFor(async () => Object.keys(await storedAnswers(c.registrationId)).length === 5);
    await page.waitForSelector('[data-testid=save-state][data-state=saved]');
  });

  it('sends an answer whose save failed, after a reload', async () => {
    const s = await scheduleSession(app, world, { startsAt: minutes(-1), endsAt: minutes(60), count: 1 });
    const c = s.candidates[0]!;
    const page = await newTestPage(browser);
    await signInAndStart(page, c);
    await page.route('**/answers/**', (route) => route.abort('connectionreset'));
    await answerCurrent(page);
    await page.waitForSelector('[data-testid=save-state][data-state=offline]');
    await page.unroute('**/answers/**');
    await page.reload();
    await page.waitForSelector('[data-testid=question] input');
    await waitFor(async () => Object.keys(await storedAnswers(c.registrationId)).length === 1);
    expect(Object.keys(await storedAnswers(c.registrationId))).to.deep.equal(['0']);
  });

  it('交卷 pressed offline waits, and completes when the network returns', async () => {
    const s = await scheduleSession(app, world, { startsAt: minutes(-1), endsAt: minutes(60), count: 1 });
    const c = s.candidates[0]!;
    const page = await newTestPage(browser, { viewport: { width: 820, height: 1180 } });
    await signInAndStart(page, c);
    await answerCurrent(page);
    await page.waitForSelector('[data-testid=save-state][data-state=saved]');
    await page.context().setOffline(true);
    await page.click('#next');
    await answerCurrent(page);
    await page.click('[data-testid=submit]');
    await page.click('[data-testid=confirm-yes]');
    await page.waitForSelector('[data-testid=submit-note]:has-text("网络中断")');
    await page.screenshot({ path: artifactPath('exam-offline-submit-820.png') });
    expect((await AttemptModel.findById(c.registrationId).lean())!.status).to.equal('in_progress');
    await page.context().setOffline(false);
    await page.waitForSelector('[data-testid=done]', { timeout: 30_000 });
    const attempt = await AttemptModel.findById(c.registrationId).lean();
    expect(attempt!.status).to.equal('submitted');
    expect(Object.keys(await storedAnswers(c.registrationId)).sort()).to.deep.equal(['0', '1']);
  });
});
