// Installs Debian packages with apt when the process may: as root, or with passwordless sudo.
// Used by the test setup (Chromium, fonts) and the embedded database (PostgreSQL server).
import { spawnSync } from 'node:child_process';
import { commandPath } from './commands';

export class AptError extends Error {
  override name = 'AptError';
}

/** True when apt-get exists and this process can run it (root, or `sudo -n` works). */
export function canUseApt(): boolean {
  if (!commandPath('apt-get')) return false;
  if (process.getuid?.() === 0) return true;
  return spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0;
}

/**
 * `apt-get update` then `apt-get install` of `packages`, printing the commands it runs to
 * `log`. Throws AptError naming the packages and the manual command when apt fails.
 */
export function aptInstall(packages: string[], log: (line: string) => void = (line) => console.log(line)): void {
  const prefix = process.getuid?.() === 0 ? [] : ['sudo', '-n'];
  const run = (args: string[]) => {
    const [command, ...rest] = [...prefix, ...args];
    log(`$ ${[command, ...rest].join(' ')}`);
    const result = spawnSync(command!, rest, {
      // apt's own output goes to stderr so that a benchmark's stdout stays figures only.
      stdio: ['ignore', process.stderr, process.stderr],
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    if (result.status !== 0) {
      throw new AptError(
        `Could not install ${packages.join(', ')} with apt (exit ${result.status}). ` +
          `Install them yourself: sudo apt-get install -y ${packages.join(' ')}`,
      );
    }
  };
  run(['apt-get', 'update', '-qq']);
  run(['apt-get', 'install', '-y', '-qq', '--no-install-recommends', ...packages]);
}
