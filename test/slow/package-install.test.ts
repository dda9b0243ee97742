import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { cp, lstat, mkdir, readdir, readFile, symlink } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashTree, makeTempDir } from '../support/tree.js';

/**
 * What a new user does: the tarball `npm pack` makes (prepack builds it from a
 * clean dist/), installed globally into an empty prefix, then `casepack` run
 * from a folder that is not the project's. The copy packed is the project's
 * own files, so a stale dist/ here cannot hide a broken prepack.
 *
 * The install takes the dependencies from npm's cache when it has them
 * (--offline), else from the registry (--prefer-offline; CI has one). With
 * neither, the test says so and is skipped: nothing was installed to test.
 * Figures (sizes, start-up time) are printed, never asserted: speed belongs in
 * `npm run bench`.
 */
const ROOT = path.resolve(import.meta.dirname, '../..');
const BUILD_INPUTS = ['package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json', 'src', 'scripts/bundle.mjs', 'bin', 'checklists', 'assets', 'docs', 'LICENSE', 'README.md'];
const VERSION = (JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

/** The environment of `npm run test:slow` minus what npm set for this project's own run. */
function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_(package|lifecycle)_/i.test(key)));
}

function npm(args: string[], cwd: string): SpawnSyncReturns<string> {
  return spawnSync('npm', [...args, '--no-audit', '--no-fund'], { cwd, encoding: 'utf8', env: cleanEnv(), maxBuffer: 64 * 1024 * 1024, timeout: 900_000 });
}

async function treeBytes(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) total += await treeBytes(full);
    else total += (await lstat(full)).size;
  }
  return total;
}

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

let temp: { dir: string; cleanup: () => Promise<void> };
let tarball: string;
let packed: { filename: string; size: number; unpackedSize: number; entryCount: number; files: { path: string }[] };
let installError: string | undefined;
let bin: string;
let elsewhere: string;

beforeAll(async () => {
  temp = await makeTempDir('casepack-install-');
  const source = path.join(temp.dir, 'source');
  await mkdir(source);
  for (const name of BUILD_INPUTS) await cp(path.join(ROOT, name), path.join(source, name), { recursive: true });
  // The compiler and the types come from the project's install; nothing is downloaded to build.
  await symlink(path.join(ROOT, 'node_modules'), path.join(source, 'node_modules'), 'dir');
  const pack = npm(['pack', '--json', '--pack-destination', temp.dir], source);
  expect(pack.status, pack.stderr).toBe(0);
  packed = (JSON.parse(pack.stdout) as (typeof packed)[])[0] as typeof packed;
  tarball = path.join(temp.dir, packed.filename);

  const prefix = path.join(temp.dir, 'prefix');
  let mode = '--offline';
  let install = npm(['install', '--global', '--prefix', prefix, tarball, mode], temp.dir);
  if (install.status !== 0 && /ENOTCACHED/.test(install.stderr)) install = npm(['install', '--global', '--prefix', prefix, tarball, (mode = '--prefer-offline')], temp.dir);
  if (install.status !== 0) installError = install.stderr.trim().split('\n').slice(-3).join('\n');
  bin = path.join(prefix, 'bin', 'casepack');
  elsewhere = path.join(temp.dir, 'elsewhere');
  await mkdir(elsewhere);
  if (!installError) console.log(`casepack ${VERSION}: tarball ${mb(packed.size)}, unpacked ${mb(packed.unpackedSize)} in ${packed.entryCount} files; installed (npm install ${mode}) with its dependencies ${mb(await treeBytes(prefix))}`);
}, 1_800_000);
afterAll(async () => temp?.cleanup());

function casepack(args: string[], cwd = elsewhere): SpawnSyncReturns<string> {
  return spawnSync(bin, args, { cwd, encoding: 'utf8', env: { ...cleanEnv(), NO_COLOR: '1' }, timeout: 600_000 });
}

describe('npm pack, then npm install --global from the tarball', () => {
  it('packs the product only: the CLI, the built library, checklists, fonts, docs and the licence', () => {
    const files = packed.files.map((f) => f.path);
    expect(files).toEqual(expect.arrayContaining(['bin/casepack', 'dist/cli/main.js', 'dist/cli-bundle/main.js', 'dist/cli-bundle/THIRD-PARTY-LICENSES.txt', 'dist/index.d.ts', 'checklists/general.yaml', 'docs/packet.md', 'LICENSE', 'README.md', 'package.json']));
    expect(files.filter((f) => !/^(bin|dist|checklists|assets|docs)\/|^(LICENSE|README\.md|package\.json)$/.test(f))).toEqual([]);
    expect(files.filter((f) => /\.map$|^dist\/(tools|test|scripts|bench|src)\//.test(f))).toEqual([]);
  });

  it('runs casepack --version and -v from another folder, and prints the start-up time', (ctx) => {
    if (installError) {
      console.warn(`SKIPPED: the tarball could not be installed without a registry or a filled npm cache:\n${installError}`);
      ctx.skip();
    }
    const long = casepack(['--version']);
    expect(long.status, long.stderr).toBe(0);
    expect(long.stdout.trim()).toBe(VERSION);
    expect(casepack(['-v']).stdout.trim()).toBe(VERSION);
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const started = performance.now();
      casepack(['--version']);
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    console.log(`start-up (casepack --version), median of 5: ${Math.round(times[2] as number)} ms`);
  });

  it('builds the demo case from another folder: the packet and its SHA-256 beside it, exit 1 (the demo lacks two items on purpose), verified, the case unchanged', async (ctx) => {
    if (installError) ctx.skip();
    const caseDir = path.join(elsewhere, 'jane');
    await cp(path.join(ROOT, 'fixtures/demo-case'), caseDir, { recursive: true });
    const before = await hashTree(caseDir);
    const build = casepack(['build', 'jane', '-o', 'jane-packet.zip']);
    expect(build.status, build.stderr).toBe(1);
    expect(build.stdout).toMatch(/SHA-256: [0-9a-f]{64} \(also in jane-packet\.zip\.sha256\)/);
    expect(build.stdout).toContain('Operative report');
    const verify = casepack(['verify', 'jane-packet.zip']);
    expect(verify.status, verify.stdout + verify.stderr).toBe(0);
    expect(verify.stdout).toContain("The packet's SHA-256 matches jane-packet.zip.sha256");
    expect(await hashTree(caseDir)).toBe(before);
  });
});
