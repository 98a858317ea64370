import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';
import { TEST_PASSWORD } from './identity';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ARTIFACTS_DIR = path.resolve(import.meta.dirname, '../../test-artifacts');

const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-dev-shm-usage',
  '--disable-quic',
];

/** Launches Debian's Chromium; fails loudly (never skips) when it is missing. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}. Run 'npm run setup:test' (installs chromium and CJK fonts with apt) or set CHROMIUM_PATH.`);
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: FLAGS });
}

export function artifactPath(name: string): string {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  return path.join(ARTIFACTS_DIR, name);
}

/**
 * A page ready for tests. tsx compiles test files with esbuild's keepNames, so functions
 * passed to page.evaluate reference a `__name` helper that the browser lacks; define it.
 */
export async function newTestPage(browser: Browser, options: BrowserContextOptions = {}): Promise<Page> {
  const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1200, height: 900 }, ...options });
  await context.addInitScript('globalThis.__name = (target) => target;');
  return context.newPage();
}

/** Signs in through the real login page and waits until it has left it. */
export async function signInThroughPage(page: Page, base: string, username: string, password = TEST_PASSWORD): Promise<void> {
  await page.goto(`${base}/login`);
  await page.fill('#username', username);
  await page.fill('#password', password);
  await page.click('[data-testid=login-form] button[type=submit]');
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}
