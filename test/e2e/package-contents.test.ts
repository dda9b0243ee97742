import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');

/**
 * The npm package ships the product only: test-data writers, evaluation sets
 * and harnesses, and doc generators live in tools/ and fixtures/ and stay out.
 */
describe('the npm package', () => {
  it('holds the built product, the checklists and the CLI, and no test-data writer, evaluation set or doc generator', () => {
    const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    const files = (JSON.parse(out) as { files: { path: string }[] }[])[0]?.files.map((f) => f.path) ?? [];
    expect(files).toContain('bin/casepack');
    expect(files).toContain('dist/index.js');
    expect(files).toContain('checklists/general.yaml');
    const notProduct = files.filter((f) => /^(tools|test|fixtures|scripts|bench)\/|\/(synth|eval|docs)\/|eval-(set|heldout)|generate\.js/.test(f));
    expect(notProduct).toEqual([]);
  });
});
