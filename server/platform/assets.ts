import path from 'node:path';
import { buildSync } from 'esbuild';
import { VIEWS_DIR } from './views';

/** Browser entry points (TypeScript), bundled to views/assets/build/<name>.js. */
export const CLIENT_ENTRIES: Record<string, string> = {
  site: path.resolve(import.meta.dirname, 'client/site.ts'),
  'item-editor': path.resolve(import.meta.dirname, '../bank/client/item-editor.ts'),
  'blueprint-grid': path.resolve(import.meta.dirname, '../assembly/client/blueprint-grid.ts'),
  exam: path.resolve(import.meta.dirname, '../delivery/client/exam.ts'),
  lobby: path.resolve(import.meta.dirname, '../delivery/client/lobby.ts'),
  proctor: path.resolve(import.meta.dirname, '../delivery/client/proctor.ts'),
};

export const BUILD_DIR = path.join(VIEWS_DIR, 'assets', 'build');

let built = false;

/** Bundles the browser scripts once per process (tens of milliseconds with esbuild). */
export function buildClientAssets(): void {
  if (built) return;
  buildSync({
    entryPoints: CLIENT_ENTRIES,
    outdir: BUILD_DIR,
    bundle: true,
    format: 'iife',
    target: ['chrome100', 'firefox100', 'safari15'],
    minify: true,
    sourcemap: 'linked',
    logLevel: 'error',
  });
  built = true;
}
