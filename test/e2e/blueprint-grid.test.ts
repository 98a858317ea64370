import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { buildTestApp, listen } from '../support/app';
import { useFreshDatabase } from '../support/database';
import { launchChromium, newTestPage, artifactPath, signInThroughPage as signIn } from '../support/browser';
import { createStaff } from '../support/identity';
import { createBankWorld, releaseApprovedItems } from '../support/bank';
import { BlueprintModel } from '../../server/assembly/model';

/**
 * The blueprint grid in Chromium. The fixture standard's theory weights are B1 5, B2 25, 1 40,
 * 2 30 (test/support/fixtures.ts) and its skill weights 1 50, 2 50; the derived counts below are
 * Hamilton's method worked by hand: 10 items → 0.5, 2.5, 4, 3 → 0, 2, 4, 3 and the one left over
 * to the larger of the tied remainders (B2) → 0, 3, 4, 3.
 */
describe('blueprint grid in Chromium: derived counts, overriding a column, edit and clone', function () {
  this.timeout(180_000);
  useFreshDatabase('e2e_blueprint_grid');
  const app = buildTestApp({ loginIpMax: 1000 });
  let browser: Browser;
  let server: Awaited<ReturnType<typeof listen>>;
  let bankId = '';

  before(async () => {
    const { electrician } = await createBankWorld(app);
    bankId = electrician.id;
    await releaseApprovedItems(app, bankId, 20);
    await createStaff(app, 'bankadmin', [{ role: 'bank_admin', scope: { type: 'bank', id: bankId } }]);
    server = await listen(app);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  const cellsOf = (page: Page, type: string) => page.$$eval(`input.grid-cell-count[data-column=${type}]`, (inputs) => (inputs as HTMLInputElement[]).map((i) => [i.dataset.row, i.value, i.placeholder]));

  it('derives counts as the count changes, takes a typed column as typed, saves, edits and clones', async () => {
    const page = await newTestPage(browser);
    await signIn(page, server.url, 'bankadmin');
    await page.goto(`${server.url}/bank/${bankId}/blueprints`);
    await page.selectOption('[data-testid=new-blueprint] select[name=level]', '3');
    await page.click('[data-testid=new-blueprint] button[type=submit]');
    await page.waitForURL(/blueprints\/new\?level=3/);
    await page.fill('#name', '三级判断小卷');
    await page.fill('input[name=count_single]', '0');
    await page.fill('input[name=count_judge]', '10');
    expect(await cellsOf(page, 'judge')).to.deep.equal([
      ['B1', '', '0'],
      ['B2', '', '3'],
      ['1', '', '4'],
      ['2', '', '3'],
    ]);
    expect(await page.textContent('[data-marks=judge]')).to.equal('10');

    // Typing one cell fixes the column at what it showed; its count becomes the sum.
    await page.fill('input[name=cell_judge_B1]', '2');
    expect((await cellsOf(page, 'judge')).map((c) => c[1])).to.deep.equal(['2', '3', '4', '3']);
    expect(await page.inputValue('input[name=count_judge]')).to.equal('12');
    expect(await page.getAttribute('input[name=count_judge]', 'readonly')).to.not.equal(null);
    expect(await page.textContent('[data-testid=grid-total]')).to.equal('12');
    await page.screenshot({ path: artifactPath('blueprint-grid.png'), fullPage: true });
    await page.click('[data-testid=save-blueprint]');
    await page.waitForURL(/\/bank\/blueprints\/[0-9a-f]{24}\?done=created/);
    const saved = await BlueprintModel.findOne({ name: '三级判断小卷' }).lean();
    expect(saved!.distribution).to.equal('override');
    expect(saved!.blueprint.sections.map((s) => [s.type, s.count, s.pointsPerItem])).to.deep.equal([['judge', 12, 1]]);
    expect(saved!.blueprint.cells.map((c) => [c.key, c.count])).to.deep.equal([['B1', 2], ['B2', 3], ['1', 4], ['2', 3]]);
    expect(await page.textContent('[data-testid=feasibility]')).to.contain('可以组卷');

    // Edit: the grid opens as saved; a refused value comes back next to its cell, as typed.
    await page.click('[data-testid=edit-blueprint]');
    expect((await cellsOf(page, 'judge')).map((c) => c[1])).to.deep.equal(['2', '3', '4', '3']);
    await page.fill('input[name=cell_judge_B2]', '三');
    await page.click('[data-testid=save-blueprint]');
    await page.waitForSelector('[data-testid=form-errors]');
    expect(await page.textContent('.field-error[data-field=cell_judge_B2]')).to.equal('判断题B2 基础知识：题量须为 0 到 500 的整数。');
    expect(await page.inputValue('input[name=cell_judge_B2]')).to.equal('三');
    await page.fill('input[name=cell_judge_B2]', '3');
    await page.fill('input[name=cell_judge_2]', '5');
    expect(await page.inputValue('input[name=count_judge]')).to.equal('14');
    await page.click('[data-testid=save-blueprint]');
    await page.waitForURL(/\?done=updated/);
    expect(await page.textContent('[data-testid=done]')).to.contain('第 2 版');
    const edited = await BlueprintModel.findById(saved!._id).lean();
    expect(edited!.revision).to.equal(2);
    expect(edited!.blueprint.cells.map((c) => [c.key, c.count])).to.deep.equal([['B1', 2], ['B2', 3], ['1', 4], ['2', 5]]);

    // Clone: a new blueprint with the same grid, named as a copy; the original is untouched.
    await page.click('[data-testid=clone-blueprint]');
    expect(await page.inputValue('#name')).to.equal('三级判断小卷（副本）');
    await page.click('[data-testid=save-blueprint]');
    await page.waitForURL(/\?done=created/);
    const copy = await BlueprintModel.findOne({ name: '三级判断小卷（副本）' }).lean();
    expect(String(copy!._id)).to.not.equal(String(saved!._id));
    expect(copy!.blueprint.cells).to.deep.equal(edited!.blueprint.cells);
    expect((await BlueprintModel.findById(saved!._id).lean())!.revision).to.equal(2);

    // 按权重分配 gives the copy's column back to the weights: 14 items → 0.7, 3.5, 5.6, 4.2 → 1, 3, 6, 4.
    await page.click('[data-testid=edit-blueprint]');
    await page.click('button.grid-derive[data-column=judge]');
    await page.fill('input[name=count_judge]', '14');
    expect((await cellsOf(page, 'judge')).map((c) => [c[1], c[2]])).to.deep.equal([['', '1'], ['', '3'], ['', '6'], ['', '4']]);
    await page.click('[data-testid=save-blueprint]');
    await page.waitForURL(/\?done=updated/);
    const derived = await BlueprintModel.findById(copy!._id).lean();
    expect(derived!.distribution).to.equal('derived');
    expect(derived!.blueprint.cells.map((c) => [c.key, c.count])).to.deep.equal([['B1', 1], ['B2', 3], ['1', 6], ['2', 4]]);
  });

  it('opens the skill test as one task per function with the points of the skill weight table, and keeps typed points', async () => {
    const page = await newTestPage(browser, { viewport: { width: 820, height: 1180 } });
    await signIn(page, server.url, 'bankadmin');
    await page.goto(`${server.url}/bank/${bankId}/blueprints/new?level=3&part=skill`);
    const points = () => page.$$eval('input.grid-cell-points', (inputs) => (inputs as HTMLInputElement[]).map((i) => [i.dataset.row, i.value, i.placeholder]));
    expect(await points()).to.deep.equal([
      ['1', '', '50'],
      ['2', '', '50'],
    ]);
    expect(await page.textContent('[data-testid=grid-total]')).to.equal('100');
    await page.fill('#name', '三级技能 60/40');
    await page.fill('input[name=cellpoints_skill_1]', '60');
    await page.fill('input[name=cellpoints_skill_2]', '40');
    expect(await page.textContent('[data-testid=grid-total]')).to.equal('100');
    await page.screenshot({ path: artifactPath('blueprint-grid-skill-tablet.png'), fullPage: true });
    await page.click('[data-testid=save-blueprint]');
    await page.waitForURL(/\?done=created/);
    const saved = await BlueprintModel.findOne({ name: '三级技能 60/40' }).lean();
    expect(saved!.blueprint.cells.map((c) => [c.key, c.count, c.pointsPerItem])).to.deep.equal([['1', 1, 60], ['2', 1, 40]]);
    expect(saved!.blueprint.totalMarks ?? 100).to.equal(100);
  });
});
