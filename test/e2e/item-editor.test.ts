import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import { buildTestApp, listen } from '../support/app';
import { useFreshDatabase } from '../support/database';
import { launchChromium, newTestPage, artifactPath, signInThroughPage as signIn } from '../support/browser';
import { createStaff } from '../support/identity';
import { createBankWorld } from '../support/bank';
import { ItemModel, ItemVersionModel } from '../../server/bank/model';
import { distance } from 'fastest-levenshtein';

describe('item editor in Chromium: visual editing, symbol palette, answer by clicking, preview beside the form on a tablet', function () {
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

  it('edits the stem visually, types symbols from the palette, picks the answer by clicking options, and saves', async () => {
    const page = await newTestPage(browser, { viewport: { width: 820, height: 1180 } });
    await signIn(page, server.url, 'writer');
    await page.goto(`${server.url}/bank/${bankId}/items/new?type=single`);
    await page.selectOption('#type', 'single');
    await page.selectOption('#pointCode', 'B001');
    await page.check('input[name=levels][value="5"]');
    // 题干 is a visual editor (the textarea behind it is hidden and carries its HTML).
    expect(await page.isHidden('textarea#stem')).to.equal(true);
    await page.click('[data-testid=rich-stem]');
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
    // 下标 makes the selection a subscript in the visual editor of 解析; 加粗 bolds what is typed next.
    await page.click('[data-testid=rich-explanation]');
    await page.keyboard.type('U=IR，R2');
    await page.keyboard.down('Shift');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.up('Shift');
    await page.click('.symbol-palette button[data-wrap=sub]');
    expect(await page.locator('[data-testid=rich-explanation] sub').textContent()).to.equal('2');
    await page.keyboard.press('End');
    await page.click('.symbol-palette button[data-wrap=sub]'); // off again
    await page.click('.rich-editor[data-field=explanation] button[data-command=bold]');
    await page.keyboard.type('注意');
    expect(await page.inputValue('textarea#explanation')).to.equal('<p>U=IR，R<sub>2</sub><strong>注意</strong></p>');
    // A paragraph break in the stem is a new <p>.
    await page.click('[data-testid=rich-stem]');
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Enter');
    await page.keyboard.type('（取整数）');
    expect(await page.inputValue('textarea#stem')).to.equal('<p>某电阻为 10Ω，通过 2 A 电流，其两端电压为（　　）V。</p><p>（取整数）</p>');

    // At tablet width the preview stays beside the form, and it shows the symbol.
    await page.waitForFunction(() => document.getElementById('preview')?.textContent?.includes('10Ω'));
    await page.evaluate(() => window.scrollTo(0, 0));
    const form = (await page.locator('form.item-editor').boundingBox())!;
    const preview = (await page.locator('aside.preview').boundingBox())!;
    expect(preview.x).to.be.greaterThan(form.x + form.width - 1);
    expect(preview.y).to.be.lessThan(form.y + 200);
    await page.screenshot({ path: artifactPath('item-editor-tablet.png'), fullPage: true });

    await page.click('[data-testid=save-item]');
    await page.waitForURL(/done=created/);
    const saved = await ItemVersionModel.findOne({}).lean();
    expect((saved!.content as { answer: string }).answer).to.equal('B');
    expect(saved!.content.stem).to.equal('<p>某电阻为 10Ω，通过 2 A 电流，其两端电压为（　　）V。</p><p>（取整数）</p>');
    expect(saved!.content.explanation).to.equal('<p>U=IR，R<sub>2</sub><strong>注意</strong></p>');

    // Opened again, the editor shows the saved formatting, not its markup.
    const itemId = String(saved!.itemId);
    await page.goto(`${server.url}/bank/items/${itemId}/edit`);
    expect(await page.locator('[data-testid=rich-explanation] sub').textContent()).to.equal('2');
    expect(await page.locator('[data-testid=rich-explanation] strong').textContent()).to.equal('注意');
    expect(await page.locator('[data-testid=rich-stem]').textContent()).to.not.contain('<p>');
  });

  it('shows the most similar saved stems of the point while the stem is being written (查重 before saving)', async () => {
    const page = await newTestPage(browser);
    await signIn(page, server.url, 'writer');
    await page.goto(`${server.url}/bank/${bankId}/items/new?type=single`);
    await page.selectOption('#type', 'single');
    await page.selectOption('#pointCode', 'B001');
    await page.check('input[name=levels][value="5"]');
    await page.click('[data-testid=rich-stem]');
    // The first test saved "某电阻为 10Ω，通过 2 A 电流，其两端电压为（　　）V。（取整数）" at B001.
    await page.keyboard.type('某电阻为 20Ω，通过 2 A 电流，其两端电压为（　　）V。');
    for (const [key, text] of [['A', '10'], ['B', '40']] as const) await page.fill(`[data-for~=single] input[name=option_${key}]`, text);
    await page.click('[data-for~=single] .answer-toggle[data-answer-key=B]');
    await page.waitForSelector('[data-testid=editor-similar]:not([hidden]) li');
    const line = (await page.textContent('[data-testid=editor-similar] li'))!;
    const saved = await ItemModel.findOne({ pointCode: 'B001' }).lean();
    expect(line).to.contain(saved!.code);
    // Independent check: fastest-levenshtein on the stems without spaces and punctuation.
    const norm = (t: string) => t.replace(/[\s\p{P}（）　]/gu, '');
    const a = norm('某电阻为 20Ω，通过 2 A 电流，其两端电压为（　　）V。');
    const b = norm(saved!.stemText);
    const expected = Math.round((1 - distance(a, b) / Math.max(a.length, b.length)) * 100);
    expect(line).to.contain(`${expected}%`);
    expect(expected).to.be.at.least(50);
  });

  it('keeps only what the sanitiser allows when markup is pasted into the visual editor', async () => {
    const page = await newTestPage(browser);
    await signIn(page, server.url, 'writer');
    await page.goto(`${server.url}/bank/${bankId}/items/new?type=judge`);
    await page.selectOption('#type', 'judge');
    await page.selectOption('#pointCode', 'B001');
    await page.check('input[name=levels][value="5"]');
    await page.click('[data-testid=rich-stem]');
    // Paste HTML with a script, a handler and a heading: the editor keeps text, the server is the gate.
    await page.evaluate(() => {
      const data = new DataTransfer();
      data.setData('text/html', '<h1>接地</h1><p onclick="alert(1)">保护接地<script>alert(2)</script>的电阻应不大于 4 Ω。</p>');
      document.querySelector('[data-testid=rich-stem]')!.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    });
    await page.check('input[name=judgeAnswer][value=true]');
    await page.click('[data-testid=save-item]');
    await page.waitForURL(/done=created/);
    const saved = await ItemVersionModel.findOne({ 'content.type': 'judge' }).lean();
    expect(saved!.content.stem).to.not.match(/script|onclick|<h1/i);
    expect(saved!.content.stem).to.contain('保护接地');
    expect(saved!.content.stem).to.contain('4 Ω');
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
