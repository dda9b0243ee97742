import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

describe('npm run train', () => {
  it('fails with a clear message when the corpus snapshot is missing', () => {
    let out = '';
    try {
      execFileSync(process.execPath, ['--import', 'tsx', 'scripts/train.mjs', '--mtsamples', '/nonexistent/snapshot'], { encoding: 'utf8', stdio: 'pipe', env: { ...process.env, CASEPACK_MTSAMPLES: '' } });
    } catch (err) {
      out = String((err as { stderr?: string }).stderr);
    }
    expect(out).toContain('no MTSamples snapshot at /nonexistent/snapshot');
    expect(out).toContain('github:ML4LHS/clinspacy');
    expect(out).not.toMatch(/\n\s+at /);
  }, 120_000);
});
