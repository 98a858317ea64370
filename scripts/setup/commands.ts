import { spawnSync } from 'node:child_process';

/** Where `command` is on PATH, or undefined when it is not there. */
export function commandPath(command: string): string | undefined {
  const result = spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' });
  const found = result.status === 0 ? result.stdout.trim() : '';
  return found || undefined;
}
