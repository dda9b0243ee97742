import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { codeUrl, PACKAGE_ROOT, packagePath } from '../../src/util/package-root.js';

/**
 * The CLI runs as a bundle (dist/cli-bundle/, scripts/bundle.mjs), where a module's own import.meta.url names
 * a chunk: every file casepack finds from its code goes through util/package-root.ts. Needs `npm run build`.
 */
const ROOT = path.resolve(import.meta.dirname, '../..');
const BUNDLE = path.join(ROOT, 'dist', 'cli-bundle');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => path.join(e.parentPath, e.name));
}

/** Every literal path given to codeUrl() and packagePath() in src/. */
const used = sourceFiles(path.join(ROOT, 'src')).flatMap((file) =>
  [...readFileSync(file, 'utf8').matchAll(/\b(codeUrl|packagePath)\('([^']+)'\)/g)].map((m) => ({ fn: m[1] as string, target: m[2] as string, file })));

describe('package-root', () => {
  it('finds the package from src/ (tests, tsx)', () => {
    expect(PACKAGE_ROOT).toBe(`${ROOT}${path.sep}`);
    expect(fileURLToPath(codeUrl('util/package-root.ts'))).toBe(path.join(ROOT, 'src', 'util', 'package-root.ts'));
  });

  it('names files that exist, in src/ and in the build (workers run from dist/, also for the bundle)', () => {
    expect(used.length).toBeGreaterThan(10);
    for (const { fn, target, file } of used) {
      const where = `${fn}('${target}') in ${path.relative(ROOT, file)}`;
      if (fn === 'packagePath') expect(existsSync(packagePath(target)), where).toBe(true);
      else {
        expect(existsSync(path.join(ROOT, 'src', target.replace(/\.js$/, '.ts'))) || existsSync(path.join(ROOT, 'src', target)), where).toBe(true);
        if (target.endsWith('.ts')) continue; // the source itself, for runs without a build
        expect(existsSync(path.join(ROOT, 'dist', target)), where).toBe(true);
      }
    }
  });
});

describe('the CLI bundle', () => {
  const chunks = readdirSync(BUNDLE).filter((f) => f.endsWith('.js'));
  const bundled = (readFileSync(path.join(ROOT, 'scripts', 'bundle.mjs'), 'utf8').match(/CASEPACK_BUNDLED_PACKAGES \?\? '([^']+)'/)?.[1] ?? '').split(',');

  it('sits one folder below dist/, flat, as package-root.ts assumes', () => {
    expect(chunks).toContain('main.js');
    expect(readdirSync(BUNDLE, { withFileTypes: true }).filter((e) => e.isDirectory())).toEqual([]);
  });

  it('imports only its own chunks, Node\'s modules and the packages it leaves external: no module of dist/ (a second copy of its state)', () => {
    expect(bundled.length).toBeGreaterThan(3);
    const specifiers = chunks.flatMap((chunk) => [...readFileSync(path.join(BUNDLE, chunk), 'utf8')
      .matchAll(/(?:^|[\s;])(?:import|export)\s*(?:[\w*${}\s,]+from\s*)?["']([^"']+)["']|\bimport\(\s*["']([^"']+)["']\s*\)/gm)]
      .map((m) => ({ chunk, specifier: (m[1] ?? m[2]) as string })));
    expect(specifiers.length).toBeGreaterThan(chunks.length);
    for (const { chunk, specifier } of specifiers) {
      if (specifier.startsWith('./')) expect(chunks, `${chunk} imports ${specifier}`).toContain(specifier.slice(2));
      else if (!specifier.startsWith('node:')) {
        expect(specifier.startsWith('.'), `${chunk} imports ${specifier}`).toBe(false);
        const name = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0];
        expect(bundled, `${chunk} imports ${specifier}, a package it should hold`).not.toContain(name);
      }
    }
  });

  it('finds no file next to its own chunks (a module-relative URL would point into dist/cli-bundle/): only package-root.ts does', () => {
    const relative = chunks.flatMap((chunk) => {
      const text = readFileSync(path.join(BUNDLE, chunk), 'utf8');
      expect(text, chunk).not.toMatch(/import\.meta\.dirname|import\.meta\.filename/);
      return [...text.matchAll(/new URL\(\s*["']([^"']*)["'],\s*import\.meta\.url\)/g)].map((m) => m[1]);
    });
    expect(relative.sort()).toEqual(['../', '../../']);
  });

  it('carries the licence of every package compiled into it', () => {
    const notices = readFileSync(path.join(BUNDLE, 'THIRD-PARTY-LICENSES.txt'), 'utf8');
    const map = JSON.parse(readFileSync(path.join(BUNDLE, 'chunks.json'), 'utf8')) as Record<string, string[]>;
    const packages = new Set(Object.values(map).flat().flatMap((input) => /^node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input)?.[1] ?? []));
    expect([...packages]).toEqual(expect.arrayContaining(['zod', 'yaml']));
    for (const name of packages) expect(notices, name).toMatch(new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} \\d`, 'm'));
  });
});
