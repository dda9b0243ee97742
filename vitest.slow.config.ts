import { defineConfig } from 'vitest/config';
import { TEST_CACHE_HOME } from './test/support/test-cache-dir.js';

/**
 * `npm run test:slow`: suites kept out of `npm test` because they are heavy by
 * nature: stress and scale (100,000 files, multi-GB files, chaos trees deeper
 * than PATH_MAX), real OCR of whole cases, headless Chromium, and the real CLI
 * run in child processes under a network guard. CI runs it after `npm test`
 * (.ci/run), so nothing here leaves CI. Same guarantees: dist/ is rebuilt
 * first when stale.
 */
export default defineConfig({
  test: {
    include: ['test/slow/**/*.test.ts'],
    globalSetup: ['test/support/dist-fresh.ts'],
    env: { XDG_CACHE_HOME: TEST_CACHE_HOME },
    testTimeout: 600_000,
    hookTimeout: 600_000,
    pool: 'forks',
  },
});
