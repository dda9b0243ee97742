import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const README = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const PACKAGE = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { license: string; scripts: Record<string, string> };

function packedFiles(): string[] {
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return (JSON.parse(out) as { files: { path: string }[] }[])[0]?.files.map((f) => f.path) ?? [];
}

/**
 * The npm package ships the product only: test-data writers, evaluation sets
 * and harnesses, and doc generators live in tools/ and fixtures/ and stay out.
 * test/slow/package-install.test.ts installs the real tarball.
 */
describe('the npm package', () => {
  const files = packedFiles();

  it('holds the built product, the checklists and the CLI, and no test-data writer, evaluation set, doc generator or source map', () => {
    expect(files).toContain('bin/casepack');
    expect(files).toContain('dist/index.js');
    expect(files).toContain('dist/cli/main.js');
    // What bin/casepack loads, with the licence texts of the packages compiled into it (scripts/bundle.mjs).
    for (const file of ['dist/cli-bundle/main.js', 'dist/cli-bundle/THIRD-PARTY-LICENSES.txt']) expect(files).toContain(file);
    expect(files).toContain('checklists/general.yaml');
    // The default OCR model ships in the package (no download at run time), with its Apache-2.0 licence and notice.
    for (const file of ['assets/tessdata-fast/eng.traineddata.gz', 'assets/tessdata-fast/LICENSE', 'assets/tessdata-fast/NOTICE']) expect(files).toContain(file);
    const notProduct = files.filter((f) => /^(tools|test|fixtures|scripts|bench|src)\/|^dist\/(tools|test|scripts|bench|src)\/|\/(synth|eval)\/|eval-(set|heldout)|\.map$|\.tsbuildinfo$/.test(f));
    expect(notProduct).toEqual([]);
  });

  it('carries the MIT licence text with its holder, and every docs/ page the README links to', () => {
    expect(PACKAGE.license).toBe('MIT');
    expect(files).toContain('LICENSE');
    const licence = readFileSync(path.join(ROOT, 'LICENSE'), 'utf8');
    expect(licence).toMatch(/^MIT License\n\nCopyright \(c\) \d{4} casepack contributors\n/);
    const linked = [...README.matchAll(/\]\((docs\/[^)#\s]+)/g)].map((m) => m[1] as string);
    expect(linked.length).toBeGreaterThan(3);
    for (const doc of new Set(linked)) expect(files, doc).toContain(doc);
  });

  it('is built when packed (prepack, from a clean dist/), not on every install (no prepare: npm 11 warns about install scripts)', () => {
    expect(PACKAGE.scripts['prepare']).toBeUndefined();
    expect(PACKAGE.scripts['prepack']).toMatch(/npm run clean && npm run build/);
    expect(PACKAGE.scripts['clean']).toContain("rmSync('dist'");
    // A fresh clone has no dist/ without prepare: the README's first command builds before it runs the CLI.
    expect(README).toMatch(/npm install && npm run build && node bin\/casepack build fixtures\/demo-case/);
  });
});
