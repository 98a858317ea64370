import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { buildTestApp, listen } from '../support/app';
import { useFreshDatabase } from '../support/database';
import { artifactPath, launchChromium, newTestPage, signInThroughPage } from '../support/browser';
import { createSkillWorld, oneCandidateBeforeThePanel, type ScoredSession } from '../support/skill';

const TABLET = { viewport: { width: 820, height: 1180 }, hasTouch: true };

/**
 * Three examiners score one candidate on tablets (820×1180), each unable to see the others
 * until all have signed, then the checker (核分人) confirms the total. The fixture tasks have
 * rows 20/40/30/10 (veto) and sit at 50 points each, so a sheet scores (100 − deductions) / 2.
 */
describe('skill scoring on tablets in Chromium: three examiners and the checker', function () {
  this.timeout(180_000);
  useFreshDatabase('e2e_skill_scoring');
  const app = buildTestApp({ loginIpMax: 1000 });
  let browser: Browser;
  let server: Awaited<ReturnType<typeof listen>>;
  let session: ScoredSession;

  before(async () => {
    const world = await createSkillWorld(app);
    session = await oneCandidateBeforeThePanel(app, world);
    server = await listen(app);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  async function tablet(username: string): Promise<Page> {
    const page = await newTestPage(browser, TABLET);
    page.on('dialog', (dialog) => void dialog.accept());
    await signInThroughPage(page, server.url, username);
    return page;
  }

  /** Opens a task from the examiner's list, types the deductions, saves and signs. */
  async function scoreTask(page: Page, position: number, deductions: number[], screenshot?: string): Promise<void> {
    const candidate = session.candidates[0]!;
    await page.goto(`${server.url}/scoring`);
    await page.getByTestId(`task-${candidate.admissionNo}-${position}`).click();
    await page.waitForURL(new RegExp(`/tasks/${position}$`));
    for (const [i, d] of deductions.entries()) await page.getByTestId(`deduction-${i}`).fill(String(d));
    if (deductions.some((d) => d > 0)) await page.getByTestId(`remark-${deductions.findIndex((d) => d > 0)}`).fill('布线不规范');
    await page.getByTestId('save').click();
    await page.waitForURL(/done=saved/);
    if (screenshot) await page.screenshot({ path: artifactPath(screenshot), fullPage: true });
    await page.getByTestId('sign').click();
    await page.waitForURL(/done=signed/);
    expect(await page.getByTestId('signed').textContent()).to.contain('已签名');
  }

  it('examiners score independently on tablets, and the checker confirms the combined total', async () => {
    const [one, two, three] = [await tablet('examiner1'), await tablet('examiner2'), await tablet('examiner3')];
    await page820Fits(one, '/scoring');
    await scoreTask(one, 1, [5, 10, 0, 0], 'skill-sheet-820x1180.png');
    expect(await one.getByTestId('sheet-score').textContent()).to.contain('42.5 / 50');
    await scoreTask(one, 2, [0, 0, 0, 0]);
    await scoreTask(two, 1, [0, 5, 15, 0]);
    // Examiner 3 has not signed task 1: examiner 2 sees only their own sheet.
    expect(await two.getByTestId('others-hidden').isVisible()).to.equal(true);
    await scoreTask(two, 2, [0, 0, 0, 0]);
    await scoreTask(three, 1, [25, 10, 30, 0]);
    await scoreTask(three, 2, [20, 0, 0, 0]);
    // Now everyone has signed task 1: the others' scores and the combination show.
    await three.goto(`${server.url}/scoring/registrations/${session.candidates[0]!.registrationId}/tasks/1`);
    expect((await three.getByTestId('others').textContent())!.replace(/\s+/g, '')).to.contain('42.5/50');
    // mean(42.5, 40, 20) = 34.1666…, shown to two decimals
    expect(await three.getByTestId('combined').textContent()).to.contain('34.17');

    const checker = await tablet('checker1');
    await checker.goto(`${server.url}/scoring`);
    await checker.getByTestId(`check-${session.candidates[0]!.admissionNo}`).click();
    // Task 1: 34.1667; task 2: mean(50, 50, 40) = 46.6667; total 80.8333 → 80.8 (Python statistics.mean).
    expect(await checker.getByTestId('total').textContent()).to.contain('80.8');
    await checker.getByTestId('confirm').click();
    await checker.waitForURL(/done=confirmed/);
    expect(await checker.getByTestId('confirmed').textContent()).to.contain('80.8');
    await checker.screenshot({ path: artifactPath('skill-check-820x1180.png'), fullPage: true });
    await page820Fits(checker, `/scoring/registrations/${session.candidates[0]!.registrationId}/check`);

    const scores = await app.partScores.source('skill')!.scoresForSession(session.id);
    expect(scores[0]).to.include({ state: 'complete', score: 80.8 });
  });

  /** The page needs no sideways scrolling at tablet width. */
  async function page820Fits(page: Page, path: string): Promise<void> {
    await page.goto(`${server.url}${path}`);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width, `${path} scrolls sideways at 820 px`).to.be.at.most(820);
  }
});
