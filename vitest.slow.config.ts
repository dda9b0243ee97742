import { defineConfig } from 'vitest/config';
import { TEST_CACHE_HOME } from './test/support/test-cache-dir.js';

/**
 * `npm run test:slow`: stress and scale suites kept out of `npm test` (100,000
 * files, multi-GB files, chaos trees deeper than PATH_MAX). Same guarantees:
 * dist/ is rebuilt first when stale.
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
