import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import { buildTestApp, listen } from '../support/app';
import { useFreshDatabase } from '../support/database';
import { launchChromium, newTestPage, artifactPath, signInThroughPage as signIn } from '../support/browser';
import { createStaff } from '../support/identity';
import { createBankWorld } from '../support/bank';
import { workbookBuffer } from '../unit/interchange/helpers';
import { MOODLE_XML, otherSystemWorkbook } from '../support/foreign-samples';
import { ItemModel, ImportSettingsModel } from '../../server/bank/model';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

describe('importing another system\'s Excel in Chromium: mapping preview, report, commit', function () {
  this.timeout(120_000);
  useFreshDatabase('e2e_foreign_import');
  const app = buildTestApp({ loginIpMax: 1000 });
  let browser: Browser;
  let server: Awaited<ReturnType<typeof listen>>;
  let bankId: string;

  before(async () => {
    bankId = (await createBankWorld(app)).electrician.id;
    await createStaff(app, 'bankadmin', [{ role: 'bank_admin', scope: { type: 'bank', id: bankId } }]);
    server = await listen(app);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('the report shows the mapping it used; the admin corrects a column, checks again and commits; the bank remembers', async () => {
    const page = await newTestPage(browser);
    await signIn(page, server.url, 'bankadmin');
    await page.goto(`${server.url}/bank/${bankId}/import`);
    await page.setInputFiles('[data-testid=import-form] input[type=file]', { name: '旧系统导出.xlsx', mimeType: XLSX, buffer: await otherSystemWorkbook() });
    await page.click('[data-testid=import-form] button[type=submit]');
    await page.waitForURL(/\/import\/[0-9a-f]{24}$/);
    expect(await page.getByTestId('import-format').textContent()).to.contain('Excel（列映射）');
    expect(await page.getByTestId('import-status').textContent()).to.contain('检查通过');
    const preview = page.getByTestId('mapping-preview');
    expect(await preview.textContent()).to.contain('表头在第 3 行');
    expect(await page.locator('select[aria-label=试题内容]').inputValue()).to.equal('stem|试题内容');
    await page.screenshot({ path: artifactPath('import-mapping-preview.png'), fullPage: true });

    // A sheet whose stem column has a name nobody uses: reported, then mapped by hand.
    const odd = await workbookBuffer([{ name: '单选题', rows: [['题面', '答案', '选项A', '选项B', '鉴定点'], ['电阻的单位是（　）。', 'B', '伏特', '欧姆', 'B002'], ['电功率的单位是（　）。', 'A', '瓦特', '焦耳', 'B002']] }]);
    await page.goto(`${server.url}/bank/${bankId}/import`);
    await page.setInputFiles('[data-testid=import-form] input[type=file]', { name: '单选.xlsx', mimeType: XLSX, buffer: odd });
    await page.click('[data-testid=import-form] button[type=submit]');
    await page.waitForURL(/\/import\/[0-9a-f]{24}$/);
    expect(await page.getByTestId('import-status').textContent()).to.contain('检查未通过');
    expect(await page.getByTestId('import-errors').textContent()).to.contain('找不到表头行');
    await page.screenshot({ path: artifactPath('import-report-rejected.png'), fullPage: true });

    // The likeliest header row is offered for mapping by hand: 题面 is the stem.
    expect(await page.locator('select[aria-label=题面]').inputValue()).to.equal('ignore|题面');
    await page.selectOption('select[aria-label=题面]', 'stem|题面');
    const rejectedUrl = page.url();
    await page.setInputFiles('[data-testid=mapping-form] input[type=file]', { name: '单选.xlsx', mimeType: XLSX, buffer: odd });
    await page.click('[data-testid=mapping-form] button[type=submit]');
    await page.waitForURL((url) => /\/import\/[0-9a-f]{24}$/.test(url.pathname) && url.href !== rejectedUrl);
    expect(await page.getByTestId('import-status').textContent()).to.contain('检查通过');
    await page.screenshot({ path: artifactPath('import-report.png'), fullPage: true });

    const before = await ItemModel.countDocuments();
    page.once('dialog', (dialog) => void dialog.accept());
    await page.click('[data-testid=commit-form] button[type=submit]');
    await page.waitForFunction(() => document.querySelector('[data-testid=import-status]')?.textContent?.includes('已完成'));
    expect(await ItemModel.countDocuments()).to.equal(before + 2);
    await page.screenshot({ path: artifactPath('import-commit.png'), fullPage: true });
    const settings = await ImportSettingsModel.findOne({ bankId }).lean();
    expect(settings!.choices).to.deep.include({ header: '题面', field: 'stem' });
  });

  it('Moodle categories: the report lists them with a point to choose (without one they would come in as drafts to be placed); choosing one and checking again places them', async () => {
    const page = await newTestPage(browser);
    await signIn(page, server.url, 'bankadmin');
    await page.goto(`${server.url}/bank/${bankId}/import`);
    const file = { name: 'moodle.xml', mimeType: 'application/xml', buffer: Buffer.from(MOODLE_XML) };
    await page.setInputFiles('[data-testid=import-form] input[type=file]', file);
    await page.click('[data-testid=import-form] button[type=submit]');
    await page.waitForURL(/\/import\/[0-9a-f]{24}$/);
    // No point for the category: the check passes, and says its items would be drafts for a writer to place.
    expect(await page.getByTestId('import-status').textContent()).to.contain('检查通过');
    expect(await page.getByTestId('import-unplaced').textContent()).to.contain('待编写人指定鉴定点');
    expect(await page.getByTestId('import-skipped').textContent()).to.contain('matching');
    const category = '$course$/top/电工/基础知识';
    expect(await page.locator(`select[aria-label="${category}"]`).inputValue()).to.equal(`|${category}`);
    await page.selectOption(`select[aria-label="${category}"]`, `CB001|${category}`);
    const before = page.url();
    await page.setInputFiles('[data-testid=category-form] input[type=file]', file);
    await page.click('[data-testid=category-form] button[type=submit]');
    await page.waitForURL((url) => /\/import\/[0-9a-f]{24}$/.test(url.pathname) && url.href !== before);
    expect(await page.getByTestId('import-status').textContent()).to.contain('检查通过');
    expect(await page.getByTestId('import-unplaced').count()).to.equal(0);
    expect(await page.getByTestId('import-format').textContent()).to.contain('Moodle XML');
    await page.screenshot({ path: artifactPath('import-moodle-categories.png'), fullPage: true });
  });
});
