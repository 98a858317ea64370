import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import { buildTestApp, listen } from '../support/app';
import { useFreshDatabase } from '../support/database';
import { launchChromium, newTestPage, signInThroughPage as signIn } from '../support/browser';
import { createStaff } from '../support/identity';
import { AuditEntryModel } from '../../server/audit/model';

describe('audit filters in Chromium, in local (Beijing) time', function () {
  this.timeout(90_000);
  useFreshDatabase('e2e_audit');
  const app = buildTestApp({ loginIpMax: 1000 });
  let browser: Browser;
  let server: Awaited<ReturnType<typeof listen>>;

  before(async () => {
    await createStaff(app, 'admin', [{ role: 'admin', scope: { type: 'global' } }]);
    await createStaff(app, 'li.writer', []);
    // li.writer's account was created at 09:30 Beijing time (01:30 UTC) on 1 December 2026.
    await AuditEntryModel.updateMany({ action: 'user.create', 'target.label': 'li.writer' }, { $set: { at: new Date('2026-12-01T01:30:00Z') } });
    server = await listen(app);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('finds an act by the hour it happened in Beijing, and by its Chinese action name', async () => {
    const page = await newTestPage(browser, { timezoneId: 'Europe/London' });
    await signIn(page, server.url, 'admin');
    await page.goto(`${server.url}/audit`);
    await page.selectOption('select[name=action]', { label: '新建用户' });
    await page.fill('input[name=from]', '2026-12-01T09:00');
    await page.fill('input[name=to]', '2026-12-01T10:00');
    await page.click('[data-testid=audit-filters] button[type=submit]');
    await page.waitForURL(/action=user\.create/);
    const rows = page.locator('[data-testid=audit-table] tbody tr');
    expect(await rows.count()).to.equal(1);
    expect(await rows.first().textContent()).to.contain('新建用户');
    expect(await page.getByTestId('audit-at').first().textContent()).to.contain('09:30');
    // The form keeps the times as typed, in Beijing time.
    expect(await page.inputValue('input[name=from]')).to.equal('2026-12-01T09:00');

    // The same hour in UTC finds nothing: the filter is not read as UTC.
    await page.fill('input[name=from]', '2026-12-01T01:00');
    await page.fill('input[name=to]', '2026-12-01T02:00');
    await page.click('[data-testid=audit-filters] button[type=submit]');
    await page.waitForLoadState('load');
    expect(await page.locator('[data-testid=audit-table]').count()).to.equal(0);
    expect(await page.textContent('main')).to.contain('没有符合条件的记录。');
  });
});
