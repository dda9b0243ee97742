#!/usr/bin/env node
// Copies the regular-weight WOFF chunks of Noto Sans SC and KR (@fontsource,
// SIL OFL 1.1) into assets/fonts/, with their unicode-range table and licence.
// Why vendored and not a dependency: the two packages install 126 MB (nine
// weights, two formats); the one weight the index uses is 8 MB. Run at
// development time only (it needs the npm registry); the result is committed.
//   node scripts/vendor-cjk-fonts.mjs [--from <folder holding @fontsource/…>]
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const PACKAGES = [
  { name: '@fontsource/noto-sans-sc', file: 'noto-sans-sc', version: '5.3.0' },
  { name: '@fontsource/noto-sans-kr', file: 'noto-sans-kr', version: '5.3.0' },
];
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const fromIdx = process.argv.indexOf('--from');
let from = fromIdx > 0 ? process.argv[fromIdx + 1] : undefined;
let temp;
if (!from) {
  temp = mkdtempSync(path.join(os.tmpdir(), 'casepack-cjk-'));
  for (const pkg of PACKAGES) {
    const tgz = execFileSync('npm', ['pack', `${pkg.name}@${pkg.version}`, '--silent'], { cwd: temp, encoding: 'utf8' }).trim().split('\n').pop();
    const dest = path.join(temp, pkg.name);
    mkdirSync(dest, { recursive: true });
    execFileSync('tar', ['-xzf', path.join(temp, tgz), '-C', dest, '--strip-components=1']);
  }
  from = temp;
}
for (const pkg of PACKAGES) {
  const src = path.join(from, pkg.name);
  const dest = path.join(root, 'assets', 'fonts', pkg.file);
  rmSync(dest, { recursive: true, force: true });
  mkdirSync(dest, { recursive: true });
  const version = JSON.parse(readFileSync(path.join(src, 'package.json'), 'utf8')).version;
  copyFileSync(path.join(src, 'unicode.json'), path.join(dest, 'unicode.json'));
  copyFileSync(path.join(src, 'LICENSE'), path.join(dest, 'LICENSE'));
  let count = 0;
  for (const f of readdirSync(path.join(src, 'files'))) {
    if (!f.endsWith('-400-normal.woff')) continue;
    copyFileSync(path.join(src, 'files', f), path.join(dest, f));
    count += 1;
  }
  writeFileSync(path.join(dest, 'SOURCE.md'), `${pkg.name}@${version} (npm), files/*-400-normal.woff, unicode.json and LICENSE copied unchanged by scripts/vendor-cjk-fonts.mjs.\nFont: Noto Sans ${pkg.file.endsWith('sc') ? 'SC' : 'KR'} by Google, SIL Open Font License 1.1 (LICENSE).\n`);
  console.log(`${pkg.name}@${version}: ${count} chunks → ${path.relative(root, dest)}`);
}
if (temp && existsSync(temp)) rmSync(temp, { recursive: true, force: true });
