import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import { buildTestApp, listen } from '../support/app';
import { useFreshDatabase } from '../support/database';
import { launchChromium, newTestPage, artifactPath, signInThroughPage as signIn } from '../support/browser';
import { createStaff } from '../support/identity';
import { createBankWorld } from '../support/bank';
import { ItemVersionModel } from '../../server/bank/model';

describe('item editor in Chromium: symbol palette, answer by clicking, preview beside the form on a tablet', function () {
  this.timeout(120_000);
  useFreshDatabase('e2e_item_editor');
  const app = buildTestApp({ loginIpMax: 1000 });
  let browser: Browser;
  let server: Awaited<ReturnType<typeof listen>>;
  let bankId = '';

  before(async () => {
    const { electrician } = await createBankWorld(app);
    bankId = electrician.id;
    await createStaff(app, 'writer', [{ role: 'writer', scope: { type: 'bank', id: bankId } }]);
    server = await listen(app);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('types symbols from the palette, picks the answer by clicking options, and saves', async () => {
    const page = await newTestPage(browser, { viewport: { width: 820, height: 1180 } });
    await signIn(page, server.url, 'writer');
    await page.goto(`${server.url}/bank/${bankId}/items/new?type=single`);
    await page.selectOption('#type', 'single');
    await page.selectOption('#pointCode', 'B001');
    await page.check('input[name=levels][value="5"]');
    await page.click('#stem');
    await page.keyboard.type('某电阻为 10');
    await page.click('.symbol-palette button[data-symbol="Ω"]');
    await page.keyboard.type('，通过 2 A 电流，其两端电压为（　　）V。');
    for (const [key, text] of [['A', '5'], ['B', '20'], ['C', '12'], ['D', '0.2']] as const) await page.fill(`[data-for~=single] input[name=option_${key}]`, text);
    // 单选: clicking B then D leaves D alone as the answer.
    await page.click('[data-for~=single] .answer-toggle[data-answer-key=B]');
    expect(await page.inputValue('[data-for~=single] input[name=answer]')).to.equal('B');
    await page.click('[data-for~=single] .answer-toggle[data-answer-key=D]');
    expect(await page.inputValue('[data-for~=single] input[name=answer]')).to.equal('D');
    await page.click('[data-for~=single] .answer-toggle[data-answer-key=B]');
    expect(await page.getAttribute('[data-for~=single] .answer-toggle[data-answer-key=B]', 'aria-pressed')).to.equal('true');
    expect(await page.getAttribute('[data-for~=single] .answer-toggle[data-answer-key=D]', 'aria-pressed')).to.equal('false');
    // The subscript button wraps what is selected.
    await page.fill('textarea[name=explanation]', 'U=IR，R2');
    await page.click('textarea[name=explanation]');
    await page.keyboard.press('End');
    await page.keyboard.down('Shift');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.up('Shift');
    await page.click('.symbol-palette button[data-wrap=sub]');
    expect(await page.inputValue('textarea[name=explanation]')).to.equal('U=IR，R<sub>2</sub>');

    // At tablet width the preview stays beside the form, and it shows the symbol.
    await page.waitForFunction(() => document.getElementById('preview')?.textContent?.includes('10Ω'));
    const form = (await page.locator('form.item-editor').boundingBox())!;
    const preview = (await page.locator('aside.preview').boundingBox())!;
    expect(preview.x).to.be.greaterThan(form.x + form.width - 1);
    expect(preview.y).to.be.lessThan(form.y + 200);
    await page.screenshot({ path: artifactPath('item-editor-tablet.png'), fullPage: true });

    await page.click('[data-testid=save-item]');
    await page.waitForURL(/done=created/);
    const saved = await ItemVersionModel.findOne({}).lean();
    expect((saved!.content as { answer: string }).answer).to.equal('B');
    expect(saved!.content.stem).to.contain('10Ω');
  });

  it('lets 多选 take several letters by clicking', async () => {
    const page = await newTestPage(browser);
    await signIn(page, server.url, 'writer');
    await page.goto(`${server.url}/bank/${bankId}/items/new?type=multiple`);
    await page.selectOption('#type', 'multiple');
    for (const key of ['A', 'C', 'E']) await page.click(`[data-for~=multiple] .answer-toggle[data-answer-key=${key}]`);
    await page.click('[data-for~=multiple] .answer-toggle[data-answer-key=C]');
    expect(await page.inputValue('[data-for~=multiple] input[name=answer]')).to.equal('A,E');
  });
});
