import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect } from 'vitest';

/**
 * Reads the module log of a `node --import bench/lib/module-count.mjs bin/casepack …` run. bin/casepack runs the
 * CLI bundle (scripts/bundle.mjs), so the log names chunks: each is replaced by the modules it holds, named as
 * tsc's dist/ and node_modules/ files, so a test can still ask "was classify/reading.js loaded?".
 * It also checks the run loaded the bundle and no module of dist/ beside it (on the main thread): that would be a
 * second copy of the module's state (registries, caches, `instanceof UsageError`).
 */
const ROOT = path.resolve(import.meta.dirname, '../..');
const DIST_URL = pathToFileURL(path.join(ROOT, 'dist')).href;
const BUNDLE_URL = `${DIST_URL}/cli-bundle`;

export async function modulesInLog(logFile: string): Promise<string[]> {
  const urls = (await readFile(logFile, 'utf8')).split('\n').filter(Boolean);
  expect(urls.some((u) => u.startsWith(`${BUNDLE_URL}/`))).toBe(true);
  expect(urls.filter((u) => u.startsWith(`${DIST_URL}/`) && !u.startsWith(`${BUNDLE_URL}/`))).toEqual([]);
  const map = JSON.parse(await readFile(path.join(ROOT, 'dist', 'cli-bundle', 'chunks.json'), 'utf8')) as Record<string, string[]>;
  return urls.flatMap((url) => {
    if (!url.startsWith(`${BUNDLE_URL}/`)) return [url];
    const inputs = map[url.slice(BUNDLE_URL.length + 1)];
    expect(inputs, url).toBeDefined();
    return (inputs ?? []).map((input) => pathToFileURL(path.join(ROOT, input.startsWith('src/') ? `dist/${input.slice(4).replace(/\.ts$/, '.js')}` : input)).href);
  });
}
