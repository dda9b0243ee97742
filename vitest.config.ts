import { readFileSync } from 'node:fs';
import { globSync } from 'tinyglobby';
import { defineConfig } from 'vitest/config';
import { TEST_CACHE_HOME } from './test/support/test-cache-dir.js';

/**
 * Test files that replace modules or globals (vi.mock, vi.spyOn, stubbed env)
 * run in a fresh module graph each: shared with other files, their mocks
 * would leak (seen: a spied casepack.yaml reader made another file's parse
 * report 35 findings instead of 1). A file that asserts on process-wide state
 * another file may have changed says so with an `@vitest-isolate` comment. Every other file shares its worker's
 * modules, which halves `npm test` on 2 cores (measured 245 s → 140 s: most
 * of the time went to importing pdf.js, tesseract.js and sharp once per file).
 */
const REPLACES_MODULES_OR_GLOBALS = /\bvi\.(?:mock|doMock|spyOn|stubEnv|stubGlobal|hoisted|resetModules)\(|@vitest-isolate/;
const ALL_TESTS = ['test/**/*.test.ts'];
const NOT_HERE = ['test/slow/**', '**/node_modules/**'];
const isolatedFiles = globSync(ALL_TESTS, { ignore: NOT_HERE })
  .filter((file) => REPLACES_MODULES_OR_GLOBALS.test(readFileSync(file, 'utf8')));

/**
 * `npm test`: every behaviour test, in well under 5 minutes on 2 cores. The
 * suites that are heavy by nature (test/slow: 100,000 files, multi-GB files,
 * chaos trees, real OCR of whole cases, headless Chromium, the CLI under a
 * network guard) run as `npm run test:slow` (vitest.slow.config.ts); CI runs both.
 */
export default defineConfig({
  test: {
    // Tests of the built CLI must never run a stale or missing dist/: rebuilt here when it is.
    globalSetup: ['test/support/dist-fresh.ts'],
    env: { XDG_CACHE_HOME: TEST_CACHE_HOME },
    // As long as a hook may take: on a machine shared by several runs (load 30+ on 2 cores) a CLI build of the
    // fixture case took over 60 s, and a timeout there says nothing about the code. Passing tests take no longer.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Vitest's default is one worker fewer than the cores: one worker on a
    // 2-core machine. Many files mostly wait on child processes (the CLI,
    // qpdf, Chromium), so two workers keep both cores busy.
    maxWorkers: 2,
    projects: [
      { extends: true, test: { name: 'isolated', include: isolatedFiles, isolate: true } },
      { extends: true, test: { name: 'shared', include: ALL_TESTS, exclude: [...NOT_HERE, ...isolatedFiles], isolate: false } },
    ],
  },
});
