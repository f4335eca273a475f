/**
 * Builds the web app (web/ → web/dist) when the build is missing or older than its sources, so
 * `npm start` and the browser tests always serve the current pages without a build on every run.
 * Run directly (`tsx src/web/build-app.ts`, what `npm start` does first) or call ensureWebBuilt().
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { WEB_DIST } from './app-files.js';

const WEB_ROOT = path.resolve(WEB_DIST, '..');

function newestMtime(entry: string): number {
  if (!existsSync(entry)) return 0;
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(entry).map((name) => newestMtime(path.join(entry, name))));
}

/** True when web/dist is missing or a source file changed after it was built. */
export function webBuildIsStale(root = WEB_ROOT): boolean {
  const built = path.join(root, 'dist', 'index.html');
  if (!existsSync(built)) return true;
  const sources = ['index.html', 'vite.config.ts', 'src', 'public'].map((p) => newestMtime(path.join(root, p)));
  return Math.max(...sources) > statSync(built).mtimeMs;
}

export async function ensureWebBuilt(options: { force?: boolean; log?: (line: string) => void } = {}): Promise<boolean> {
  if (!options.force && !webBuildIsStale()) return false;
  options.log?.('Building the web app (web/ → web/dist)…');
  const { build } = await import('vite');
  // Vite builds React's development bundle when NODE_ENV says so (vitest sets "test"): always ship production.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile: path.join(WEB_ROOT, 'vite.config.ts'), logLevel: 'warn', mode: 'production' });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
  return true;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const force = process.argv.includes('--force');
  ensureWebBuilt({ force, log: (line) => process.stderr.write(`${line}\n`) })
    .then((built) => {
      if (!built) process.stderr.write('The web app is up to date (web/dist).\n');
    })
    .catch((error: unknown) => {
      process.stderr.write(`Building the web app failed: ${(error as Error).message}\n`);
      process.exit(1);
    });
}
