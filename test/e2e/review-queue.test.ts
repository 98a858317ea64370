import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import { buildTestApp, listen } from '../support/app';
import { useFreshDatabase } from '../support/database';
import { launchChromium, newTestPage, artifactPath, signInThroughPage as signIn } from '../support/browser';
import { createStaff } from '../support/identity';
import { createBankWorld } from '../support/bank';
import { judgeItem } from '../support/fixtures';
import { SYSTEM_ACTOR } from '../../server/audit/service';
import { ItemModel, ItemVersionModel } from '../../server/bank/model';
import type { Principal } from '../../server/platform/routing';

describe('reviewer in Chromium: from the queue, decision by decision, to an empty queue', function () {
  this.timeout(120_000);
  useFreshDatabase('e2e_review_queue');
  const app = buildTestApp({ loginIpMax: 1000 });
  let browser: Browser;
  let server: Awaited<ReturnType<typeof listen>>;
  const codes: string[] = [];

  before(async () => {
    const { electrician } = await createBankWorld(app);
    const scope = { type: 'bank' as const, id: electrician.id };
    const w = await createStaff(app, 'writer', [{ role: 'writer', scope }]);
    await createStaff(app, 'reviewer', [{ role: 'reviewer', scope }]);
    const writer: Principal = { kind: 'staff', id: w.id, displayName: '王命题', roles: [{ role: 'writer', scope }], tokenVersion: 0 };
    for (const stem of ['第一题：电流的单位是安培。', '第二题：电压的单位是伏特。', '第三题：电阻的单位是欧姆。']) {
      const item = await app.bank.createItem(writer, electrician.id, judgeItem({ stem }), SYSTEM_ACTOR);
      await app.bank.transition(writer, item.id, 1, 'submit', undefined, SYSTEM_ACTOR);
      codes.push(item.code);
    }
    // The first was submitted two days ago: it heads the queue.
    const first = await ItemModel.findOne({ code: codes[0] }).lean();
    await ItemModel.collection.updateOne({ _id: first!._id }, { $set: { updatedAt: new Date(Date.now() - 2 * 86_400_000 - 3 * 3_600_000) } });
    await ItemVersionModel.updateOne({ itemId: first!._id, version: 1 }, { $set: { submittedAt: new Date(Date.now() - 2 * 86_400_000 - 3 * 3_600_000) } });
    server = await listen(app);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('lands on the queue (submitter, waiting time, oldest first) and goes through it with the next button', async () => {
    const page = await newTestPage(browser);
    await signIn(page, server.url, 'reviewer');
    expect(new URL(page.url()).pathname).to.equal('/bank/review');
    const rows = page.locator('[data-testid=review-queue] tbody tr');
    expect(await rows.count()).to.equal(3);
    expect(await rows.first().textContent()).to.contain(codes[0]);
    expect(await page.getByTestId('submitter').first().textContent()).to.equal('王命题');
    expect(await page.getByTestId('waiting').first().textContent()).to.equal('2 天 3 小时');
    await page.screenshot({ path: artifactPath('review-queue.png'), fullPage: true });

    await page.click('[data-testid=review-start]');
    await page.waitForURL(/\/bank\/items\/[0-9a-f]{24}$/);
    expect(await page.locator('h1').textContent()).to.contain(codes[0]);
    // 查重: the reviewer sees the most similar stems of the same point, with their similarity.
    const similar = await page.locator('[data-testid=similar] tbody tr').allTextContents();
    expect(similar.length).to.equal(2);
    expect(similar.join(' ')).to.contain(codes[1]).and.to.contain(codes[2]);
    expect(await page.getByTestId('similarity').first().textContent()).to.match(/^\d+%$/);
    // Reject the first with a checklist and a comment of two lines.
    await page.check('input[name=checklist][value=scientific]');
    await page.check('input[name=checklist][value=matchesPoint]');
    await page.fill('[data-testid=review-form] textarea[name=comment]', '题干表述不完整。\n请补充条件。');
    await page.click('[data-testid=reject-item]');
    await page.waitForURL(/done=reject/);
    expect(await page.locator('.review-comment').first().innerText()).to.equal('题干表述不完整。\n请补充条件。');
    expect(await page.getByTestId('checklist').first().textContent()).to.equal('✓ 科学性 ✓ 与鉴定点相符');
    const rejected = await ItemVersionModel.findOne({ 'review.decision': 'rejected' }).lean();
    expect(rejected!.review!.checklist).to.deep.equal(['scientific', 'matchesPoint']);
    expect(rejected!.review!.comment).to.equal('题干表述不完整。\n请补充条件。');

    // Next, next: approve the other two, then the queue says it is empty.
    for (const code of codes.slice(1)) {
      await page.click('[data-testid=review-next]');
      await page.waitForURL(/\/bank\/items\/[0-9a-f]{24}$/);
      expect(await page.locator('h1').textContent()).to.contain(code);
      for (const check of ['scientific', 'conventions', 'uniqueAnswer', 'matchesPoint']) await page.check(`input[name=checklist][value=${check}]`);
      await page.click('[data-testid=approve-item]');
      await page.waitForURL(/done=approve/);
    }
    await page.click('[data-testid=review-next]');
    await page.waitForURL(/\/bank\/review\?done=empty/);
    expect(await page.getByTestId('done').textContent()).to.contain('队列已审完');
    expect(await ItemVersionModel.countDocuments({ 'review.decision': 'approved' })).to.equal(2);
  });

  it('shows the writer the rejection comment while editing', async () => {
    const page = await newTestPage(browser);
    await signIn(page, server.url, 'writer');
    const item = await ItemModel.findOne({ code: codes[0] }).lean();
    await page.goto(`${server.url}/bank/items/${String(item!._id)}/edit`);
    const note = page.getByTestId('rejection');
    expect(await note.textContent()).to.contain('上次退回意见');
    expect(await note.locator('.review-comment').innerText()).to.equal('题干表述不完整。\n请补充条件。');
  });
});
