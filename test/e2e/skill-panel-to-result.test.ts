import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { buildTestApp, listen } from '../support/app';
import { useFreshDatabase } from '../support/database';
import { artifactPath, launchChromium, newTestPage, signInThroughPage } from '../support/browser';
import { assessOnlyPartAtLevel3 } from '../support/marking';
import { createSkillWorld, oneCandidateBeforeThePanel, type ScoredSession } from '../support/skill';

const IPAD_AIR = { width: 820, height: 1180 };
const IPAD = { width: 768, height: 1024 };
type Viewport = typeof IPAD;

/**
 * The hand-worked example. Every fixture task has the rows 工具与仪表使用 20, 线路安装 40,
 * 通电试验 30 and 安全文明生产 10 (= 100), and sits on the paper at 50 points, so a sheet scores
 * its row scores' sum / 2. A row scores its points less the deduction, never below 0: examiner 3's
 * 25 on the 20-point row takes the row (0), not 5 more.
 *
 * 任务 1   examiner1: 5 10 0 0 → rows 15 30 30 10 = 85 → 42.5
 *          examiner2: 0 5 15 0 → rows 20 35 15 10 = 80 → 40
 *          examiner3: 25 10 30 0 → rows 0 30 0 10 = 40 → 20
 *          mean (42.5 + 40 + 20) / 3 = 34.1667 (the pages show 34.17)
 * 任务 2   examiner1: 0 0 0 0 → 100 → 50
 *          examiner2: 2.5 0 0 0 → rows 17.5 40 30 10 = 97.5 → 48.75
 *          examiner3: 20 0 0 0 → rows 0 40 30 10 = 80 → 40
 *          mean (50 + 48.75 + 40) / 3 = 46.25
 * 技能操作 34.1667 + 46.25 = 80.4167 of 100 → 80.4, pass mark 60 → 合格; level 3 here assesses the
 * skill test only, so the overall result is 合格 too.
 */
const EXAMINERS = [
  { username: 'examiner1', viewport: IPAD_AIR, tasks: { 1: [5, 10, 0, 0], 2: [0, 0, 0, 0] }, rowScores: { 1: [15, 30, 30, 10], 2: [20, 40, 30, 10] }, sheet: { 1: '42.5', 2: '50' } },
  { username: 'examiner2', viewport: IPAD, tasks: { 1: [0, 5, 15, 0], 2: [2.5, 0, 0, 0] }, rowScores: { 1: [20, 35, 15, 10], 2: [17.5, 40, 30, 10] }, sheet: { 1: '40', 2: '48.75' } },
  { username: 'examiner3', viewport: IPAD_AIR, tasks: { 1: [25, 10, 30, 0], 2: [20, 0, 0, 0] }, rowScores: { 1: [0, 30, 0, 10], 2: [0, 40, 30, 10] }, sheet: { 1: '20', 2: '40' } },
] as const;
const COMBINED = { 1: '34.17', 2: '46.25' };
const SKILL_SCORE = '80.4';

describe('skill panel to result in Chromium: three examiners on tablets, the checker, publishing, the candidate', function () {
  this.timeout(300_000);
  useFreshDatabase('e2e_skill_panel_result');
  const app = buildTestApp({ loginIpMax: 10_000 });
  let browser: Browser;
  let server: Awaited<ReturnType<typeof listen>>;
  let session: ScoredSession;

  before(async () => {
    const world = await createSkillWorld(app);
    await assessOnlyPartAtLevel3(app, 'skill');
    session = await oneCandidateBeforeThePanel(app, world);
    server = await listen(app);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  async function onTablet(viewport: Viewport): Promise<Page> {
    return newTestPage(browser, { viewport, hasTouch: true });
  }

  async function staffOnTablet(username: string, viewport: Viewport): Promise<Page> {
    const page = await onTablet(viewport);
    await signInThroughPage(page, server.url, username);
    return page;
  }

  /** Every `data-confirm` dialog on this page is accepted, its message kept. */
  function acceptDialogs(page: Page): string[] {
    const seen: string[] = [];
    page.on('dialog', (dialog) => {
      seen.push(dialog.message());
      void dialog.accept();
    });
    return seen;
  }

  /** Every page's tablet problems, reported together at the end. */
  const unusable: string[] = [];

  /**
   * A whole-page picture as the tablet shows it. Chromium's full-page capture drops the touch
   * emulation (the page is drawn for a mouse, `pointer: fine`), so the viewport is stretched to
   * the page's height for the shot instead, then put back.
   */
  async function shoot(page: Page, name: string, viewport: Viewport): Promise<void> {
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    await page.setViewportSize({ width: viewport.width, height: Math.max(viewport.height, height) });
    await page.screenshot({ path: artifactPath(`skill-panel-${name}-${viewport.width}x${viewport.height}.png`) });
    await page.setViewportSize(viewport);
  }

  /**
   * What makes a page unusable on a tablet: sideways scrolling, controls smaller than a
   * fingertip (44 px, Apple's and WCAG 2.5.5's target size), catalogue keys or raw ids shown.
   */
  async function expectTabletReady(page: Page, viewport: Viewport, what: string): Promise<void> {
    const found = await page.evaluate(() => {
      const small: string[] = [];
      for (const el of Array.from(document.querySelectorAll<HTMLElement>('main button, main input:not([type=hidden]), main select, main textarea, main a, header a, header button'))) {
        // A check box is tapped through its label.
        const label = el instanceof HTMLInputElement && (el.type === 'checkbox' || el.type === 'radio') ? el.closest('label') : null;
        const box = (label ?? el).getBoundingClientRect();
        if (box.width === 0 && box.height === 0) continue;
        if (box.height < 44 || box.width < 44) small.push(`${el.tagName.toLowerCase()}${el.dataset.testid ? `[${el.dataset.testid}]` : ''} “${(el.textContent ?? (el as HTMLInputElement).value ?? '').trim().slice(0, 20)}” ${Math.round(box.width)}×${Math.round(box.height)}`);
      }
      return { width: document.documentElement.scrollWidth, small, text: document.body.innerText };
    });
    if (found.width > viewport.width) unusable.push(`${what} scrolls sideways at ${viewport.width} px (${found.width} px wide)`);
    for (const target of found.small) unusable.push(`${what}: touch target under 44 px: ${target}`);
    if (/\b[0-9a-f]{24}\b/.test(found.text)) unusable.push(`${what} shows a raw id`);
    const key = /\b(?:scoring|results|exam|common|field|validation)\.[a-zA-Z.]+\b/.exec(found.text);
    if (key) unusable.push(`${what} shows a catalogue key: ${key[0]}`);
  }

  const candidate = () => session.candidates[0]!;
  const sheetUrl = (position: number) => `${server.url}/scoring/registrations/${candidate().registrationId}/tasks/${position}`;
  const mainText = async (page: Page) => (await page.locator('main').innerText()).replace(/\s+/g, ' ');

  /** Opens the task from the examiner's list, types each row's deduction and a remark, saves, checks the rows, signs. */
  async function scoreTask(page: Page, examiner: (typeof EXAMINERS)[number], position: 1 | 2, shots: { saved?: string } = {}): Promise<void> {
    await page.goto(`${server.url}/scoring`);
    await page.getByTestId(`task-${candidate().admissionNo}-${position}`).click();
    await page.waitForURL(new RegExp(`/tasks/${position}$`));
    const deductions = examiner.tasks[position];
    for (const [i, d] of deductions.entries()) {
      await page.getByTestId(`deduction-${i}`).fill(String(d));
      if (d > 0) await page.getByTestId(`remark-${i}`).fill(`第 ${i + 1} 项扣 ${d} 分：操作不规范`);
    }
    await page.getByTestId('save').click();
    await page.waitForURL(/done=saved/);
    for (const [i, score] of examiner.rowScores[position].entries()) expect(await page.getByTestId(`row-score-${i}`).innerText(), `${examiner.username} task ${position} row ${i + 1}`).to.equal(String(score));
    for (const [i, d] of deductions.entries()) if (d > 0) expect(await page.getByTestId(`remark-${i}`).inputValue()).to.equal(`第 ${i + 1} 项扣 ${d} 分：操作不规范`);
    expect((await page.getByTestId('sheet-score').innerText()).replace(/\s+/g, '')).to.equal(`${examiner.sheet[position]}/50`);
    if (shots.saved) {
      await shoot(page, shots.saved, examiner.viewport);
      await expectTabletReady(page, examiner.viewport, `${examiner.username}'s saved sheet`);
    }
    // Saved, not signed: the others' sheets stay hidden from this examiner.
    expect(await page.getByTestId('others-hidden').isVisible()).to.equal(true);
    await page.getByTestId('sign').click();
    await page.waitForURL(/done=signed/);
    expect(await page.getByTestId('signed').innerText()).to.contain('已签名');
    expect(await page.getByTestId('deduction-0').isDisabled(), 'a signed sheet cannot be edited').to.equal(true);
  }

  it('examiners score blind on tablets, the checker confirms, the centre publishes, the candidate sees 技能操作 80.4 合格', async () => {
    const examiners = await Promise.all(EXAMINERS.map(async (e) => ({ e, page: await staffOnTablet(e.username, e.viewport) })));
    for (const { page } of examiners) acceptDialogs(page);
    const [one, two, three] = examiners as [(typeof examiners)[0], (typeof examiners)[0], (typeof examiners)[0]];

    await one.page.goto(`${server.url}/scoring`);
    await shoot(one.page, 'examiner-list', one.e.viewport);
    await expectTabletReady(one.page, one.e.viewport, 'the examiner’s list');
    await scoreTask(one.page, one.e, 1, { saved: 'sheet-saved' });

    // Examiner 1 has signed task 1; examiner 2 opens it and sees nothing of theirs, before and after signing.
    await two.page.goto(sheetUrl(1));
    expect(await two.page.getByTestId('others-hidden').isVisible()).to.equal(true);
    expect(await two.page.getByTestId('others').count()).to.equal(0);
    expect(await mainText(two.page)).to.not.contain('examiner1 测试').and.not.contain('42.5');
    await shoot(two.page, 'sheet-blind', two.e.viewport);
    await expectTabletReady(two.page, two.e.viewport, 'a blind sheet');
    await scoreTask(two.page, two.e, 1);
    expect(await mainText(two.page)).to.not.contain('examiner1 测试').and.not.contain('42.5');

    await scoreTask(three.page, three.e, 1);
    // Every sheet of task 1 is signed: now each examiner sees the others and the combined score.
    await three.page.goto(sheetUrl(1));
    const others = (await three.page.getByTestId('others').innerText()).replace(/\s+/g, '');
    expect(others).to.contain('examiner1测试：42.5/50').and.contain('examiner2测试：40/50');
    expect(await three.page.getByTestId('combined').innerText()).to.contain(COMBINED[1]);
    await shoot(three.page, 'sheet-all-signed', three.e.viewport);
    await expectTabletReady(three.page, three.e.viewport, 'a sheet once all have signed');

    // Task 2 is not scored yet: the checker cannot confirm, the centre cannot publish.
    const checker = await staffOnTablet('checker1', IPAD);
    const checkerDialogs = acceptDialogs(checker);
    await checker.goto(`${server.url}/scoring`);
    await checker.getByTestId(`check-${candidate().admissionNo}`).click();
    await checker.waitForURL(/\/check$/);
    expect(await checker.getByTestId('outstanding').innerText()).to.contain('3');
    expect(await checker.getByTestId('confirm').count()).to.equal(0);
    const centre = await staffOnTablet('centreadmin', IPAD_AIR);
    await centre.goto(`${server.url}/sessions/${session.id}/results`);
    expect(await centre.getByTestId('blocking').innerText()).to.contain('技能操作');
    expect(await centre.getByTestId('publish-results').count()).to.equal(0);

    for (const { e, page } of examiners) await scoreTask(page, e, 2);

    await checker.reload();
    expect(await checker.getByTestId('combined-1').innerText()).to.equal(COMBINED[1]);
    expect(await checker.getByTestId('combined-2').innerText()).to.equal(COMBINED[2]);
    expect(await checker.getByTestId('total').innerText()).to.contain(SKILL_SCORE);
    await shoot(checker, 'checker', IPAD);
    await expectTabletReady(checker, IPAD, 'the checker’s page');
    await checker.getByTestId('confirm').click();
    await checker.waitForURL(/done=confirmed/);
    expect(checkerDialogs).to.have.length(1);
    expect(await checker.getByTestId('confirmed').innerText()).to.contain(SKILL_SCORE).and.contain('checker1 测试');

    // The centre closes the exam (results can be queried only after it); confirmed, not yet published: the candidate is told to wait.
    await centre.goto(`${server.url}/sessions/${session.id}`);
    centre.once('dialog', (dialog) => void dialog.accept());
    await centre.getByTestId('close').click();
    await centre.getByTestId('close').waitFor({ state: 'detached' });
    const person = await onTablet(IPAD);
    await person.goto(`${server.url}/results`);
    await person.waitForURL((url) => url.pathname === '/results/login');
    await person.fill('#admissionNo', candidate().admissionNo);
    await person.fill('#idNumber', candidate().idNumber);
    await person.click('[data-testid=exam-login-form] button[type=submit]');
    await person.waitForSelector('[data-testid=my-result]');
    expect(await person.getByTestId('not-yet').innerText()).to.contain('尚未发布');

    await centre.goto(`${server.url}/sessions/${session.id}/results`);
    expect(await centre.getByTestId('blocking').count()).to.equal(0);
    const row = centre.locator(`[data-testid=results-table] tbody tr`, { hasText: candidate().admissionNo });
    expect((await row.innerText()).replace(/\s+/g, ' ')).to.contain(`${SKILL_SCORE} 合格`);
    expect(await row.getByTestId('overall').innerText()).to.equal('合格');
    await shoot(centre, 'centre-results', IPAD_AIR);
    await expectTabletReady(centre, IPAD_AIR, 'the centre’s results page');
    // The confirmation step: declining it publishes nothing.
    const declined: string[] = [];
    centre.once('dialog', (dialog) => {
      declined.push(dialog.message());
      void dialog.dismiss();
    });
    await centre.getByTestId('publish-results').click();
    expect(declined).to.have.length(1);
    expect(declined[0]).to.contain('发布后');
    await centre.reload();
    expect(await centre.getByTestId('published').innerText()).to.contain('未发布');
    const published = acceptDialogs(centre);
    await centre.getByTestId('publish-results').click();
    await centre.waitForSelector('[data-testid=published]:not(:has-text("未发布"))');
    expect(published).to.have.length(1);
    expect(await centre.getByTestId('publish-results').count()).to.equal(0);
    expect(await row.getByTestId('overall').innerText()).to.equal('合格');

    await person.reload();
    expect(await person.getByTestId('my-overall').innerText()).to.equal('合格');
    const part = (await person.getByTestId('my-part').innerText()).replace(/\s+/g, ' ');
    expect(part).to.contain(SKILL_SCORE).and.contain('合格');
    const shown = await mainText(person);
    expect(shown).to.contain('电工 · 三级/高级工').and.contain('技能操作').and.contain('合格线 60 分');
    await shoot(person, 'candidate-result', IPAD);
    await expectTabletReady(person, IPAD, 'the candidate’s result');

    // What the pages showed is what the results service publishes.
    const scores = await app.partScores.source('skill')!.scoresForSession(session.id);
    expect(scores[0]).to.include({ state: 'complete', score: 80.4 });
    expect(unusable, 'pages unusable on a tablet').to.deep.equal([]);
  });
});
