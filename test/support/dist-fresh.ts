/**
 * Vitest global setup: the tests that run the built CLI (test/e2e, bin/casepack)
 * or import dist/ must never run stale or missing code silently. Before any
 * test runs, dist/ is compared with src/; when it is missing or older, or holds
 * output of a source file that no longer exists, it is rebuilt as `npm run build` does
 * (tsc, then the CLI bundle: scripts/bundle.mjs), and a failed build fails the run loudly.
 * `npm test` builds first, so there this is only a cheap check.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SRC = path.join(ROOT, 'src');
const DIST = path.join(ROOT, 'dist');
/** Inputs of the build besides src/. */
const BUILD_CONFIGS = ['tsconfig.json', 'tsconfig.build.json'].map((f) => path.join(ROOT, f));
/** What bin/casepack and the library entry load: without them nothing runs. */
const ENTRY_POINTS = ['index.js', 'cli/main.js', 'cli-bundle/main.js'];
/** The CLI bundle's chunks come from all of src/, not one source file each. */
const BUNDLE = path.join(DIST, 'cli-bundle');

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name));
}

const mtime = (file: string): number => statSync(file).mtimeMs;

/** Output files whose source is gone (a module moved or deleted): dist/a/b.js without src/a/b.ts. */
function orphanedOutputs(distFiles: string[]): string[] {
  return distFiles.filter((file) => {
    if (file.startsWith(`${BUNDLE}${path.sep}`)) return false;
    const relative = path.relative(DIST, file);
    const stem = relative.replace(/(\.d\.ts|\.js\.map|\.d\.ts\.map|\.js)$/, '');
    if (stem === relative) return false;
    return !existsSync(path.join(SRC, `${stem}.ts`));
  });
}

/** Why dist/ cannot be trusted, or null when it is the build of today's src/. */
export function distStaleness(): { reason: string; orphans: string[] } | null {
  const missing = ENTRY_POINTS.filter((entry) => !existsSync(path.join(DIST, entry)));
  if (missing.length) return { reason: `missing ${missing.map((m) => `dist/${m}`).join(', ')}`, orphans: [] };
  const distFiles = filesUnder(DIST);
  const orphans = orphanedOutputs(distFiles);
  if (orphans.length) return { reason: `${orphans.length} output files of deleted or moved sources, e.g. ${path.relative(ROOT, orphans[0]!)}`, orphans };
  const inputs = [...filesUnder(SRC), ...BUILD_CONFIGS.filter((f) => existsSync(f))];
  const newestInput = inputs.reduce((best, file) => (mtime(file) > best.at ? { file, at: mtime(file) } : best), { file: '', at: 0 });
  const oldestOutput = Math.min(...distFiles.filter((f) => f.endsWith('.js')).map(mtime));
  if (newestInput.at > oldestOutput) return { reason: `${path.relative(ROOT, newestInput.file)} is newer than the build`, orphans: [] };
  return null;
}

export default function ensureFreshDist(): void {
  const stale = distStaleness();
  if (!stale) return;
  console.warn(`\n*** dist/ is stale (${stale.reason}): building it with tsc -p tsconfig.build.json and scripts/bundle.mjs ***\n`);
  for (const orphan of stale.orphans) rmSync(orphan, { force: true });
  const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  for (const step of [[tsc, '-p', 'tsconfig.build.json'], [path.join(ROOT, 'scripts', 'bundle.mjs')]]) {
    const build = spawnSync(process.execPath, step, { cwd: ROOT, encoding: 'utf8' });
    if (build.status !== 0) {
      throw new Error(`dist/ is stale (${stale.reason}) and the build failed: fix it and run npm run build\n${build.stdout}${build.stderr}`);
    }
  }
  const still = distStaleness();
  if (still) throw new Error(`dist/ is still stale after building (${still.reason}): run npm run build`);
}
