/**
 * Builds the web app (src/web -> dist/web) with Vite.
 *   node scripts/build-web.ts              always build
 *   node scripts/build-web.ts --if-stale   build only when dist/web/index.html is missing or older
 *                                          than any input (src/web/**, vite.config.ts, package-lock.json)
 * Prints one line; exits non-zero when the build fails.
 */
import { readdir, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import config from '../vite.config.ts';

const projectRoot = fileURLToPath(new URL('..', import.meta.url));
const builtIndex = join(projectRoot, 'dist', 'web', 'index.html');
const inputs = [join(projectRoot, 'src', 'web'), join(projectRoot, 'vite.config.ts'), join(projectRoot, 'package-lock.json')];

async function modifiedAtMs(path: string): Promise<number | null> {
  try {
    return (await stat(path)).mtimeMs;
  } catch {
    return null;
  }
}

/** The newest modification time of a file, or of any file under a folder. */
async function newestMtimeMs(path: string): Promise<number> {
  const info = await stat(path).catch(() => null);
  if (info === null) return 0;
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs; // a deleted file shows only as a newer folder
  for (const entry of await readdir(path, { recursive: true, withFileTypes: true })) {
    const full = join(entry.parentPath, entry.name);
    const mtime = (await stat(full).catch(() => null))?.mtimeMs ?? 0;
    if (mtime > newest) newest = mtime;
  }
  return newest;
}

async function isStale(): Promise<boolean> {
  const builtAt = await modifiedAtMs(builtIndex);
  if (builtAt === null) return true;
  const newestInputs = await Promise.all(inputs.map(newestMtimeMs));
  return newestInputs.some((mtime) => mtime > builtAt);
}

async function main(): Promise<void> {
  const ifStale = process.argv.includes('--if-stale');
  const display = relative(projectRoot, builtIndex);
  if (ifStale && !(await isStale())) {
    console.log(`web: ${display} is fresh, not rebuilt`);
    return;
  }
  const started = performance.now();
  await build({ ...config, configFile: false, logLevel: 'warn' });
  console.log(`web: built ${relative(projectRoot, join(projectRoot, 'dist', 'web'))} in ${Math.round(performance.now() - started)} ms`);
}

try {
  await main();
} catch (error) {
  console.error(`web: build failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
