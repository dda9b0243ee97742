// `npm run build`'s second step: the CLI as an esbuild bundle in dist/cli-bundle/, which bin/casepack loads.
// Why: every run paid Node's per-module work (resolve, read, compile, link) for each of the ~30-300 ES modules
// it loaded (issue 15, start-up). What stays as it was:
// - dist/ from tsc: the library API (dist/index.js), the tests and every worker script run it (a worker is its
//   own thread, so its copy of a module shares no state with the bundle's);
// - lazy loading: each `import()` of src/ stays a chunk loaded when its work comes up (code splitting), so an
//   empty scan loads no more than before;
// - packages are external (loaded from node_modules as before) except BUNDLED_PACKAGES, pure-JS libraries
//   whose many modules cost more to load than to parse as one chunk (measured: docs/performance.md, start-up).
//   Their licence texts go to dist/cli-bundle/THIRD-PARTY-LICENSES.txt, which the published package carries.
// src/util/package-root.ts finds the package's files from a module one folder below src/ or dist/: the chunks
// are written flat into dist/cli-bundle/ for that reason.
import { readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const ROOT = path.resolve(import.meta.dirname, '..');
const OUT_DIR = path.join(ROOT, 'dist', 'cli-bundle');
const ENTRY = path.join(ROOT, 'src', 'cli', 'main.ts');

/** Packages compiled into the bundle; every other package is imported from node_modules at run time. */
export const BUNDLED_PACKAGES = (process.env.CASEPACK_BUNDLED_PACKAGES ?? 'zod,yaml,chrono-node,date-fns,franc-min,picomatch,tinyglobby,image-size,exifr,commander')
  .split(',').filter(Boolean);

const packageOf = (specifier) => (specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]);

/**
 * casepack's imports of packages not in BUNDLED_PACKAGES stay imports, and so do Node's modules. A bundled
 * package's own dependencies are bundled with it: from dist/cli-bundle/ a nested node_modules is out of reach.
 */
const externalPackages = {
  name: 'external-packages',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith('node:')) return { path: args.path, external: true };
      if (args.importer.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
      return BUNDLED_PACKAGES.includes(packageOf(args.path)) ? undefined : { path: args.path, external: true };
    });
  },
};

/**
 * A JSON file (the shipped classifier model, ~650 KB) as `JSON.parse` of one string: V8 parses JSON text
 * much faster than the same data as a JavaScript object literal, esbuild's default. Node's own JSON modules
 * (the unbundled dist/) use JSON.parse too.
 */
const jsonAsParse = {
  name: 'json-as-parse',
  setup(build) {
    build.onLoad({ filter: /\.json$/ }, (args) => ({
      contents: `export default JSON.parse(${JSON.stringify(JSON.stringify(JSON.parse(readFileSync(args.path, 'utf8'))))});`,
      loader: 'js',
    }));
  },
};

export async function bundle() {
  rmSync(OUT_DIR, { recursive: true, force: true });
  // package-root.ts assumes its code sits one folder below dist/ (as util/ does).
  if (path.relative(path.join(ROOT, 'dist'), OUT_DIR).split(path.sep).length !== 1) throw new Error('dist/cli-bundle must sit directly in dist/');
  const result = await esbuild.build({
    entryPoints: { main: ENTRY },
    outdir: OUT_DIR,
    chunkNames: '[name]-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // CommonJS packages compiled into an ES chunk still call require() for Node's modules.
    banner: { js: "import { createRequire as __casepackCreateRequire } from 'node:module'; const require = __casepackCreateRequire(import.meta.url);" },
    legalComments: 'none',
    plugins: [externalPackages, jsonAsParse],
    metafile: true,
    logLevel: 'warning',
  });
  writeFileSync(path.join(OUT_DIR, 'THIRD-PARTY-LICENSES.txt'), licences(result.metafile));
  writeFileSync(path.join(OUT_DIR, CHUNK_MAP), `${JSON.stringify(chunkMap(result.metafile))}\n`);
  return result;
}

/** Beside the chunks: which source modules and packages each one holds ("which chunk is reading.ts in?"). */
export const CHUNK_MAP = 'chunks.json';

function chunkMap(metafile) {
  const map = {};
  for (const [output, { inputs }] of Object.entries(metafile.outputs)) {
    map[path.basename(output)] = Object.keys(inputs).map((input) => input.replace(/^.*node_modules\//, 'node_modules/')).sort();
  }
  return map;
}

/** The licence file of every package with code in the bundle (their notices must travel with that code). */
function licences(metafile) {
  const packages = new Map();
  for (const input of Object.keys(metafile.inputs)) {
    const match = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (match) packages.set(match[1], path.join(ROOT, input.slice(0, match.index + match[0].length)));
  }
  const parts = ['casepack\'s CLI bundle (dist/cli-bundle/) contains code of these packages, under these licences.\n'];
  for (const [name, dir] of [...packages].sort(([a], [b]) => a.localeCompare(b))) {
    const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
    const file = readdirSync(dir).find((f) => /^(licen[cs]e|copying)(\.|$)/i.test(f));
    const text = file ? readFileSync(path.join(dir, file), 'utf8').trim() : shippedWithoutFile(name, manifest);
    parts.push(`${'='.repeat(72)}\n${name} ${manifest.version}\n${'='.repeat(72)}\n${text}\n`);
  }
  return parts.join('\n');
}

/** A package that ships no licence file (franc-min): the licence its package.json declares, with its author. */
function shippedWithoutFile(name, manifest) {
  const author = typeof manifest.author === 'string' ? manifest.author : manifest.author?.name;
  if (manifest.license !== 'MIT' || !author) throw new Error(`${name}: no licence file to carry with its bundled code`);
  return `(${name} ships no licence file; its package.json declares "license": "MIT", "author": "${author}". The MIT licence:)\n\n`
    + `Copyright (c) ${author}\n\n${MIT_TEXT}`;
}

const MIT_TEXT = `Permission is hereby granted, free of charge, to any person obtaining a copy of this software and associated
documentation files (the "Software"), to deal in the Software without restriction, including without limitation the
rights to use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies of the Software, and to permit
persons to whom the Software is furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all copies or substantial portions of the
Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT NOT LIMITED TO THE
WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR
COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR
OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.`;

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const started = Date.now();
  const result = await bundle();
  const outputs = Object.keys(result.metafile.outputs).length;
  // On stderr: `npm pack --json` runs the build (prepack) and its stdout must stay the JSON npm prints.
  console.error(`bundle: ${outputs} files in ${path.relative(ROOT, OUT_DIR)} (${Date.now() - started} ms)`);
}
