import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import { buildTestApp, listen } from '../support/app';
import { useFreshDatabase } from '../support/database';
import { launchChromium, newTestPage, artifactPath, signInThroughPage as signIn } from '../support/browser';
import { createStaff } from '../support/identity';
import { createBankWorld } from '../support/bank';
import { judgeItem } from '../support/fixtures';
import { SYSTEM_ACTOR } from '../../server/audit/service';
import type { Principal } from '../../server/platform/routing';

describe('item page in Chromium: workflow refusals and editor errors are shown where they happen', function () {
  this.timeout(120_000);
  useFreshDatabase('e2e_refusals');
  const app = buildTestApp({ loginIpMax: 1000 });
  let browser: Browser;
  let server: Awaited<ReturnType<typeof listen>>;
  let bankId: string;
  let writer: Principal;

  before(async () => {
    const { electrician } = await createBankWorld(app);
    bankId = electrician.id;
    const scope = { type: 'bank' as const, id: bankId };
    const w = await createStaff(app, 'writer', [{ role: 'writer', scope }]);
    await createStaff(app, 'reviewer', [{ role: 'reviewer', scope }]);
    writer = { kind: 'staff', id: w.id, displayName: 'writer 测试', roles: [{ role: 'writer', scope }], tokenVersion: 0 };
    server = await listen(app);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  const submittedItem = async (stem: string) => {
    const item = await app.bank.createItem(writer, bankId, judgeItem({ stem }), SYSTEM_ACTOR);
    await app.bank.transition(writer, item.id, 1, 'submit', undefined, SYSTEM_ACTOR);
    return item;
  };

  it('a reviewer who rejects without a comment, or acts on a version that moved on, is told why on the item page', async () => {
    const item = await submittedItem('<p>交流电的频率单位是赫兹。</p>');
    const reviewer = await newTestPage(browser);
    await signIn(reviewer, server.url, 'reviewer');
    await reviewer.goto(`${server.url}/bank/items/${item.id}`);

    // A comment of spaces passes the browser's `required` check; the workflow refuses it.
    await reviewer.fill('[data-testid=review-form] textarea[name=comment]', '   ');
    await reviewer.click('[data-testid=reject-item]');
    await reviewer.waitForURL(/error=comment-required/);
    const refusal = reviewer.getByTestId('refusal');
    expect(await refusal.textContent()).to.equal('退回时必须填写审题意见，说明需要修改的地方。');
    expect(await reviewer.getByTestId('item-status').textContent()).to.equal('待审');

    // The writer withdraws the version while the reviewer still has the page open.
    await reviewer.goto(`${server.url}/bank/items/${item.id}`);
    expect(await reviewer.getByTestId('refusal').count()).to.equal(0);
    await app.bank.transition(writer, item.id, 1, 'withdraw', undefined, SYSTEM_ACTOR);
    await reviewer.click('[data-testid=approve-item]');
    await reviewer.waitForURL(/error=wrong-state/);
    expect(await reviewer.getByTestId('refusal').textContent()).to.equal('该版本当前的状态不允许此操作，请刷新页面后再试。');
    await reviewer.screenshot({ path: artifactPath('item-refusal.png'), fullPage: true });

    // In English too, from the same catalogue.
    await reviewer.goto(`${server.url}/bank/items/${item.id}?error=self-review&lang=en`);
    expect(await reviewer.getByTestId('refusal').textContent()).to.equal('You cannot review a version you wrote; another reviewer must review it.');
  });

  it('the editor shows each content error next to its field', async () => {
    const page = await newTestPage(browser);
    await signIn(page, server.url, 'writer');
    await page.goto(`${server.url}/bank/${bankId}/items/new?type=single`);
    await page.selectOption('#pointCode', 'B002');
    await page.check('input[name=levels][value="5"]');
    await page.fill('[data-testid=rich-stem]', '电流的单位是（　）。');
    await page.fill('input[name=option_A]', '安培');
    await page.fill('input[name=option_B]', '伏特');
    await page.fill('input[name=answer]', 'E');
    await page.click('[data-testid=save-item]');
    await page.waitForSelector('[data-testid=form-errors]');
    const answerError = page.locator('.field-error[data-field=answer]');
    expect(await answerError.count()).to.be.greaterThan(0);
    expect(await answerError.first().textContent()).to.match(/E/);
    // The message sits in the section of the answer field, not only in the summary.
    expect(await page.locator('[data-for="single multiple"] .field-error[data-field=answer]').count()).to.be.greaterThan(0);
    expect(await page.inputValue('input[name=option_B]')).to.equal('伏特');
    // The visual editor comes back with what was typed.
    expect(await page.textContent('[data-testid=rich-stem]')).to.equal('电流的单位是（　）。');
  });
});
