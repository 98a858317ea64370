// Installs what a fresh machine lacks for the test suite: Debian's Chromium, CJK fonts and
// poppler-utils (pdftotext, pdftoppm, pdffonts check printed PDFs), and
// the PostgreSQL server (apt), and the embedded FerretDB (built with Go). Safe to run again: it
// only acts when something is missing, and fails loudly when it cannot install.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { ensureFerretdbBinary, LauncherError } from '../db/ferretdb-binary';
import { ensurePostgresBinaries } from '../db/postgres-cluster';
import { aptInstall } from './apt';
import { commandPath } from './commands';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const APT_PACKAGES = ['chromium', 'fonts-noto-cjk', 'fonts-wqy-microhei'];

function hasCjkFont(): boolean {
  const result = spawnSync('fc-list', [':lang=zh'], { encoding: 'utf8' });
  return result.status === 0 && result.stdout.trim().length > 0;
}

async function main(): Promise<void> {
  const needChromium = !existsSync(CHROMIUM);
  const needFonts = !hasCjkFont();
  const needPoppler = !commandPath('pdftotext') || !commandPath('pdftoppm') || !commandPath('pdffonts');
  if (needChromium || needFonts || needPoppler) {
    const packages = [...APT_PACKAGES.filter((p) => (p === 'chromium' ? needChromium : needFonts)), ...(needPoppler ? ['poppler-utils'] : [])];
    console.log(`Installing system packages for the browser tests: ${packages.join(', ')}`);
    try {
      aptInstall(packages);
    } catch (error) {
      throw new Error(`${(error as Error).message} (or set CHROMIUM_PATH to a Chromium you have)`);
    }
  }
  if (process.env.MONGODB_URI || commandPath('mongod')) return;
  // The tests run on the embedded default, FerretDB over PostgreSQL: both must be there.
  if (process.env.EMBEDDED_DATABASE !== 'sqlite' && !ensurePostgresBinaries((line) => console.log(line))) {
    throw new LauncherError('The tests need the PostgreSQL server (apt-get install postgresql), and it could not be installed. Or set MONGODB_URI to a MongoDB you run.');
  }
  await ensureFerretdbBinary((line) => console.log(line));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
