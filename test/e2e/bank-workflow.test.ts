import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import { buildTestApp, listen } from '../support/app';
import { useFreshDatabase } from '../support/database';
import { launchChromium, newTestPage, artifactPath, signInThroughPage as signIn } from '../support/browser';
import { createStaff } from '../support/identity';
import { createBankWorld } from '../support/bank';
import { ReleaseItemModel, ItemModel } from '../../server/bank/model';

describe('question bank in Chromium: write, review, release', function () {
  this.timeout(120_000);
  useFreshDatabase('e2e_bank');
  const app = buildTestApp({ loginIpMax: 1000 });
  let browser: Browser;
  let server: Awaited<ReturnType<typeof listen>>;
  let bankId: string;

  before(async () => {
    const { electrician } = await createBankWorld(app);
    bankId = electrician.id;
    const scope = { type: 'bank' as const, id: bankId };
    await createStaff(app, 'writer', [{ role: 'writer', scope }]);
    await createStaff(app, 'reviewer', [{ role: 'reviewer', scope }]);
    await createStaff(app, 'bankadmin', [{ role: 'bank_admin', scope }]);
    server = await listen(app);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('a writer creates an item with a live preview, a reviewer approves it, and it appears in a new release', async () => {
    const writer = await newTestPage(browser);
    await signIn(writer, server.url, 'writer');
    expect(new URL(writer.url()).pathname).to.equal('/bank');
    await writer.click(`[data-bank="NAT-DG"] a[href="/bank/${bankId}/items/new"]`);
    await writer.selectOption('#type', 'single');
    await writer.selectOption('#pointCode', 'B002');
    await writer.check('input[name=levels][value="5"]');
    await writer.check('input[name=levels][value="4"]');
    await writer.fill('[data-testid=rich-stem]', '一只额定电压 220 V、额定功率 40 W 的灯泡，正常工作时的电阻约为（　）。');
    await writer.fill('input[name=option_A]', '1210 Ω');
    await writer.fill('input[name=option_B]', '5.5 Ω');
    await writer.fill('input[name=option_C]', '0.18 Ω');
    await writer.fill('input[name=option_D]', '8800 Ω');
    await writer.fill('input[name=answer]', 'A');
    await writer.fill('[data-testid=rich-explanation]', 'R = U²/P = 220²/40 = 1210 Ω。');
    // The live preview shows the item as a candidate will see it, with the key for the writer.
    await writer.waitForFunction(() => document.querySelector('[data-testid=preview]')?.textContent?.includes('1210 Ω'));
    const preview = await writer.getByTestId('preview').innerHTML();
    expect(preview).to.contain('额定功率 40 W');
    expect(preview).to.contain('<strong>答案:</strong> A');
    await writer.screenshot({ path: artifactPath('bank-editor.png'), fullPage: true });
    await writer.click('[data-testid=save-item]');
    await writer.waitForURL(/\/bank\/items\/[0-9a-f]{24}\?done=created/);
    expect(await writer.getByTestId('item-status').textContent()).to.equal('草稿');
    const itemUrl = writer.url().split('?')[0]!;
    await writer.click('[data-testid=submit-item]');
    await writer.waitForURL(/done=submit/);
    expect(await writer.getByTestId('item-status').textContent()).to.equal('待审');

    const reviewer = await newTestPage(browser);
    await signIn(reviewer, server.url, 'reviewer');
    await reviewer.goto(`${server.url}/bank/review`);
    const code = (await ItemModel.findOne({}).lean())!.code;
    await reviewer.click(`[data-testid=review-queue] a:has-text("${code}")`);
    expect(await reviewer.getByTestId('candidate-view').textContent()).to.contain('额定功率 40 W');
    await reviewer.click('[data-testid=approve-item]');
    await reviewer.waitForURL(/done=approve/);
    expect(await reviewer.getByTestId('item-status').textContent()).to.equal('已通过');

    const admin = await newTestPage(browser);
    await signIn(admin, server.url, 'bankadmin');
    await admin.goto(`${server.url}/bank/${bankId}/releases`);
    admin.once('dialog', (dialog) => void dialog.accept());
    await admin.fill('[data-testid=publish-form] input[name=comment]', '第一批试题');
    await admin.click('[data-testid=publish-form] button[type=submit]');
    await admin.waitForURL(/\/releases\/[0-9a-f]{24}/);
    const releaseId = new URL(admin.url()).pathname.split('/').pop()!;
    const pinned = await ReleaseItemModel.find({ releaseId }).lean();
    expect(pinned.map((p) => p.code)).to.deep.equal([code]);
    expect(pinned[0]!.version).to.equal(1);
    expect(await admin.locator('body').textContent()).to.contain(code);
    await admin.screenshot({ path: artifactPath('bank-release.png'), fullPage: true });
    expect(itemUrl).to.match(/\/bank\/items\//);
  });
});
