import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * A fresh XDG cache folder per test run: OCR results are shared between the
 * run's test files (the same fixture scan is recognised once), and the
 * user's own cache is never read or written by tests.
 */
export const TEST_CACHE_HOME = mkdtempSync(path.join(tmpdir(), 'casepack-test-cache-'));
