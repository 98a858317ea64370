import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import { buildTestApp, listen } from '../support/app';
import { useFreshDatabase } from '../support/database';
import { launchChromium, newTestPage, artifactPath } from '../support/browser';
import { createStaff, TEST_PASSWORD } from '../support/identity';
import { UserModel } from '../../server/identity/model';
import { createBankWorld } from '../support/bank';

describe('staff sign-in and user administration in Chromium', function () {
  this.timeout(90_000);
  useFreshDatabase('e2e_login');
  const app = buildTestApp({ loginIpMax: 1000 });
  let browser: Browser;
  let server: Awaited<ReturnType<typeof listen>>;

  before(async () => {
    await createStaff(app, 'admin', [{ role: 'admin', scope: { type: 'global' } }]);
    await createBankWorld(app);
    server = await listen(app);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('signs in through the real login page, manages a user with confirmation, and signs out', async () => {
    const page = await newTestPage(browser);
    await page.goto(`${server.url}/admin/users`);
    await page.waitForURL(/\/login\?next=/);

    await page.fill('#username', 'admin');
    await page.fill('#password', 'wrong-password-1');
    await page.click('button[type=submit]');
    expect(await page.getByTestId('login-error').textContent()).to.contain('用户名或密码错误');

    await page.fill('#password', TEST_PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForURL(/\/admin\/users$/);
    expect(await page.getByTestId('signed-in-as').textContent()).to.contain('admin 测试');
    const cookies = await page.context().cookies();
    const session = cookies.find((c) => c.name === 'session');
    expect(session?.httpOnly).to.equal(true);
    expect(session?.sameSite).to.equal('Strict');

    await page.click('a[href="/admin/users/new"]');
    await page.fill('#username', 'reviewer.li');
    await page.fill('#displayName', '李审题');
    await page.fill('#password', 'short');
    await page.click('[data-testid=user-new-form] button[type=submit]');
    // The error is in Chinese, beside the field, and what was typed stays.
    expect(await page.locator('.field-error[data-field=password]').allTextContents()).to.include('密码至少需要 10 个字符。');
    expect(await page.inputValue('#displayName')).to.equal('李审题');
    await page.fill('#password', 'reviewer-pass-1');
    await page.selectOption('#role', 'reviewer');
    // The scope is picked from the occupations that exist, narrowed by typing.
    await page.fill('#scope-filter', '6-31-01');
    expect(await page.locator('#scope option:not([hidden])').allTextContents()).to.deep.equal(['6-31-01-03 电工']);
    expect(await page.inputValue('#scope')).to.equal('occupation:6-31-01-03');
    await page.click('[data-testid=user-new-form] button[type=submit]');
    await page.waitForURL(/\/admin\/users\/[0-9a-f]{24}\?done=created/);
    expect(await page.getByTestId('grants').textContent()).to.contain('职业 6-31-01-03 电工');
    // A second grant picked from the list of banks.
    await page.selectOption('#grant-role', 'writer');
    await page.fill('#grant-scope-filter', 'NAT-HG');
    await page.click('[data-testid=grant-form] button[type=submit]');
    await page.waitForURL(/done=granted/);
    expect(await page.getByTestId('grants').textContent()).to.contain('题库 NAT-HG 焊工国家题库');

    // Disabling asks first; dismissing keeps the account active.
    page.once('dialog', (dialog) => void dialog.dismiss());
    await page.click('button.danger:has-text("停用账号")');
    expect((await UserModel.findOne({ username: 'reviewer.li' }).lean())!.status).to.equal('active');
    page.once('dialog', (dialog) => void dialog.accept());
    await page.click('button.danger:has-text("停用账号")');
    await page.waitForURL(/done=disabled/);
    expect((await UserModel.findOne({ username: 'reviewer.li' }).lean())!.status).to.equal('disabled');
    await page.screenshot({ path: artifactPath('admin-user-detail.png'), fullPage: true });

    await page.click('button.linklike:has-text("退出登录")');
    await page.waitForURL(`${server.url}/`);
    await page.goto(`${server.url}/admin/users`);
    await page.waitForURL(/\/login/);
  });
});
