// Screenshots of each role's main page at 1366×768 (laptop) and 820×1180 (tablet portrait),
// taken in Chromium against a throw-away embedded database seeded with the demo data, into
// docs/screenshots/ (linked from the README's tour). Run with `npm run screenshots`
// (`-- --only examiner,checker` takes only those files).
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startDatabase } from './db/launcher';
import { uriWithDefaultDatabase } from './db/uri';
import { seedDemoData, DEMO_PASSWORD } from './demo/seed';
import { startServer } from '../server/main';
import { loadConfig } from '../server/config';
import { createLogger } from '../server/platform/logger';
import { ExamSessionModel } from '../server/sessions/model';
import { launchChromium, signInThroughPage } from '../test/support/browser';
import type { App } from '../server/app';
import { UserModel } from '../server/identity/model';

/** The demo skill session's first candidate, as the examiner (or checker) sees it. */
async function firstCandidate(app: App, username: string): Promise<string> {
  const user = await UserModel.findOne({ username }).lean();
  const work = await app.scoring.workFor({ kind: 'staff', id: String(user!._id), displayName: user!.displayName, roles: user!.roles, tokenVersion: user!.tokenVersion });
  return work[0]!.panels[0]!.candidates[0]!.registrationId;
}

const OUT = path.resolve(import.meta.dirname, '../docs/screenshots');
const VIEWPORTS = [
  { name: '1366x768', width: 1366, height: 768 },
  { name: '820x1180', width: 820, height: 1180 },
] as const;

/** Each role, and the page it lands on (or is shown first). */
const ROLES: Array<{ username: string; file: string; path?: (app: App) => Promise<string> | string }> = [
  { username: 'admin', file: 'admin' },
  { username: 'bankadmin', file: 'bank-admin' },
  { username: 'writer', file: 'writer' },
  { username: 'reviewer', file: 'reviewer' },
  { username: 'supervisor', file: 'supervisor' },
  { username: 'examiner1', file: 'examiner' },
  { username: 'examiner1', file: 'examiner-sheet', path: async (app) => `/scoring/registrations/${await firstCandidate(app, 'examiner1')}/tasks/1` },
  { username: 'checker', file: 'checker', path: async (app) => `/scoring/registrations/${await firstCandidate(app, 'checker')}/check` },
  { username: 'centreadmin', file: 'centre-results', path: async () => `/sessions/${String((await ExamSessionModel.findOne({ title: '电工三级理论知识考试（成绩演示）' }).lean())?._id)}/results` },
];
const only = (() => {
  const i = process.argv.indexOf('--only');
  return i > 0 ? new Set((process.argv[i + 1] ?? '').split(',')) : undefined;
})();

async function main(): Promise<void> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'skill-screens-'));
  const database = await startDatabase({ dataDir, log: (line) => console.log(line) });
  const config = { ...loadConfig({ NODE_ENV: 'development', LOG_LEVEL: 'warn', PORT: '0' }), mongodbUri: uriWithDefaultDatabase(database.uri, 'screens'), jwtSecret: 'screenshots-secret-screenshots-secret-0123', dataKey: 'screenshots-data-key-screenshots-data-key-01', bcryptCost: 10 };
  const server = await startServer(config, createLogger('warn'));
  const browser = await launchChromium();
  try {
    await seedDemoData({ app: server.app, log: (line) => console.log(line) });
    mkdirSync(OUT, { recursive: true });
    for (const role of ROLES.filter((r) => !only || only.has(r.file))) {
      for (const viewport of VIEWPORTS) {
        const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: viewport.width, height: viewport.height } });
        const page = await context.newPage();
        await signInThroughPage(page, server.url, role.username, DEMO_PASSWORD);
        if (role.path) await page.goto(`${server.url}${await role.path(server.app)}`);
        const file = path.join(OUT, `${role.file}-${viewport.name}.png`);
        await page.screenshot({ path: file });
        console.log(`${file} (${new URL(page.url()).pathname})`);
        await context.close();
      }
    }
  } finally {
    await browser.close();
    await server.close();
    await database.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
