import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where casepack's own files are, whichever copy of its code is running. This module sits at
 * `<code>/util/package-root.{ts,js}`, `<code>` being src/ (tests, tsx) or dist/ (tsc's build); the
 * CLI bundle (scripts/bundle.mjs) writes its files to dist/cli-bundle/, also one folder below dist/,
 * so the same relative URLs hold there (the bundle script refuses any other depth, and a test checks
 * these paths from the bundle). A module's own `import.meta.url` does not: inside the bundle it names
 * a chunk, not the module's place in dist/.
 */
const CODE_ROOT = new URL('../', import.meta.url);
const PACKAGE_ROOT_URL = new URL('../../', import.meta.url);

/** The package's folder: package.json, assets/, checklists/. */
export const PACKAGE_ROOT = fileURLToPath(PACKAGE_ROOT_URL);

/**
 * A module of casepack's code by its path under src/ (or dist/), e.g. `probe/pdf/decode-worker.js`:
 * worker scripts and the data files tsc copies beside them. From the bundle it is the file in dist/
 * (workers run tsc's output: a worker is its own thread, so the two copies share no state).
 */
export function codeUrl(fromCodeRoot: string): URL {
  return new URL(fromCodeRoot, CODE_ROOT);
}

/** A file shipped in the package, by its path from the package folder, e.g. `assets/fonts/`. */
export function packagePath(fromPackageRoot: string): string {
  return path.join(PACKAGE_ROOT, fromPackageRoot);
}
