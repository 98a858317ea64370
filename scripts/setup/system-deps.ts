// Installs what a fresh machine lacks for the test suite: Debian's Chromium and CJK fonts
// (apt), and the embedded FerretDB (built with Go). Safe to run again: it only acts when
// something is missing, and fails loudly when it cannot install.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { ensureFerretdbBinary, LauncherError } from '../db/ferretdb-binary';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const APT_PACKAGES = ['chromium', 'fonts-noto-cjk', 'fonts-wqy-microhei'];

function hasCjkFont(): boolean {
  const result = spawnSync('fc-list', [':lang=zh'], { encoding: 'utf8' });
  return result.status === 0 && result.stdout.trim().length > 0;
}

function aptInstall(packages: string[]): void {
  const isRoot = process.getuid?.() === 0;
  const prefix = isRoot ? [] : ['sudo', '-n'];
  const run = (args: string[]) => {
    const [command, ...rest] = [...prefix, ...args];
    console.log(`$ ${[command, ...rest].join(' ')}`);
    const result = spawnSync(command!, rest, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    if (result.status !== 0) {
      throw new Error(
        `Could not install ${packages.join(', ')} with apt (exit ${result.status}). ` +
          `Install them yourself (sudo apt-get install -y ${packages.join(' ')}) or set CHROMIUM_PATH.`,
      );
    }
  };
  run(['apt-get', 'update', '-qq']);
  run(['apt-get', 'install', '-y', '-qq', '--no-install-recommends', ...packages]);
}

async function main(): Promise<void> {
  const needChromium = !existsSync(CHROMIUM);
  const needFonts = !hasCjkFont();
  if (needChromium || needFonts) {
    const packages = APT_PACKAGES.filter((p) => (p === 'chromium' ? needChromium : needFonts));
    console.log(`Installing system packages for the browser tests: ${packages.join(', ')}`);
    aptInstall(packages);
  }
  if (!process.env.MONGODB_URI && spawnSync('sh', ['-c', 'command -v mongod'], { stdio: 'ignore' }).status !== 0) {
    await ensureFerretdbBinary((line) => console.log(line));
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof LauncherError || error instanceof Error ? error.message : error);
  process.exit(1);
});
