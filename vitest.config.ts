import { defineConfig } from 'vitest/config';
import { TEST_CACHE_HOME } from './test/support/test-cache-dir.js';

/**
 * `npm test`: every behaviour test, in well under 5 minutes on 2 cores. The
 * stress and scale suites (test/slow: 100,000 files, multi-GB files, chaos
 * trees) run as `npm run test:slow` (vitest.slow.config.ts); CI runs both.
 */
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/slow/**', '**/node_modules/**'],
    // Tests of the built CLI must never run a stale or missing dist/: rebuilt here when it is.
    globalSetup: ['test/support/dist-fresh.ts'],
    env: { XDG_CACHE_HOME: TEST_CACHE_HOME },
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Vitest's default is one worker fewer than the cores: one worker on a
    // 2-core machine. Many files mostly wait on child processes (the CLI,
    // qpdf, Chromium), so two workers keep both cores busy.
    maxWorkers: 2,
  },
});
