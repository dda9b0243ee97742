import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { scanCase } from '../../src/pipeline/scan.js';
import { walkCase } from '../../src/walk/walk.js';
import { hashTree, makeTempDir } from '../support/tree.js';

/**
 * Hostile folder trees: each must end in a listing plus findings, never a
 * hang, a crash or a followed link. The case tree must be unchanged after.
 */

let temp: { dir: string; cleanup: () => Promise<void> };
let caseDir: string;
beforeEach(async () => {
  temp = await makeTempDir('casepack-tree-');
  caseDir = path.join(temp.dir, 'case');
  await mkdir(caseDir);
});
afterEach(async () => temp.cleanup());

const codesFor = (findings: { code: string; paths: string[] }[], rel: string): string[] =>
  findings.filter((f) => f.paths.includes(rel)).map((f) => f.code);

describe('links', () => {
  it('reports a symlink loop and does not follow it', async () => {
    await symlink('b', path.join(caseDir, 'a'));
    await symlink('a', path.join(caseDir, 'b'));
    await writeFile(path.join(caseDir, 'note.txt'), 'hello');
    const walked = await walkCase(caseDir);
    expect(walked.files.map((f) => f.path)).toEqual(['note.txt']);
    expect(codesFor(walked.findings, 'a')).toEqual(['WALK_LINK_LOOP']);
    expect(codesFor(walked.findings, 'b')).toEqual(['WALK_LINK_LOOP']);
  });

  it('does not descend into a folder link that points back up (a cycle)', async () => {
    await mkdir(path.join(caseDir, 'sub'));
    await writeFile(path.join(caseDir, 'sub', 'x.txt'), 'x');
    await symlink('..', path.join(caseDir, 'sub', 'up'));
    const walked = await walkCase(caseDir);
    expect(walked.files.map((f) => f.path)).toEqual(['sub/x.txt']);
    expect(walked.linksInsideRoot).toBe(1);
  });

  it('reports links leaving the root and never reads their target', async () => {
    const outside = path.join(temp.dir, 'outside');
    await mkdir(outside);
    await writeFile(path.join(outside, 'secret.txt'), 'not part of the case');
    await symlink(outside, path.join(caseDir, 'dirlink'));
    await symlink(path.join(outside, 'secret.txt'), path.join(caseDir, 'filelink.txt'));
    await symlink('/nonexistent/nowhere', path.join(caseDir, 'broken'));
    const scan = await scanCase(caseDir);
    expect(scan.files).toEqual([]);
    expect(codesFor(scan.findings, 'dirlink')).toEqual(['WALK_LINK_OUTSIDE_ROOT']);
    expect(codesFor(scan.findings, 'filelink.txt')).toEqual(['WALK_LINK_OUTSIDE_ROOT']);
    expect(codesFor(scan.findings, 'broken')).toEqual(['WALK_BROKEN_LINK']);
  });

  it('scans a case folder that is itself a symlink', async () => {
    await writeFile(path.join(caseDir, 'report.txt'), 'Pathology report');
    const linked = path.join(temp.dir, 'linked-case');
    await symlink(caseDir, linked);
    const before = await hashTree(caseDir);
    const scan = await scanCase(linked);
    expect(scan.files.map((f) => f.path)).toEqual(['report.txt']);
    expect(scan.findings.filter((f) => f.code.startsWith('WALK_'))).toEqual([]);
    expect(await hashTree(caseDir)).toBe(before);
  });
});

describe('special files', () => {
  let server: Server | undefined;
  afterEach(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = undefined;
  });

  it('skips a FIFO without opening it (a blocking open would hang the scan)', async () => {
    execFileSync('mkfifo', [path.join(caseDir, 'pipe')]);
    await writeFile(path.join(caseDir, 'ok.txt'), 'fine');
    const scan = await scanCase(caseDir);
    expect(scan.files.map((f) => f.path)).toEqual(['ok.txt']);
    expect(codesFor(scan.findings, 'pipe')).toEqual(['WALK_SPECIAL_FILE']);
  }, 10_000);

  it('skips a Unix socket', async () => {
    const socketPath = path.join(caseDir, 'sock');
    server = createServer();
    await new Promise<void>((resolve) => server?.listen(socketPath, resolve));
    const scan = await scanCase(caseDir);
    expect(scan.files).toEqual([]);
    expect(codesFor(scan.findings, 'sock')).toEqual(['WALK_SPECIAL_FILE']);
  });
});

describe('odd files and names', () => {
  it('reports a zero-byte file as empty and keeps it listed', async () => {
    await writeFile(path.join(caseDir, 'empty.pdf'), '');
    const scan = await scanCase(caseDir);
    expect(scan.files.map((f) => [f.path, f.family])).toEqual([['empty.pdf', 'empty']]);
    expect(codesFor(scan.findings, 'empty.pdf')).toEqual(['FILE_EMPTY']);
  });

  it('keeps names with newlines, RTL marks and both Unicode normal forms exactly as on disk', async () => {
    const names = [
      'line\nbreak.txt',
      'invoice\u202Efdp.exe.txt', // right-to-left override, a classic spoof
      'caf\u00e9.txt', // NFC
      'cafe\u0301.txt', // NFD: a different name on Linux
      ' leading and trailing .txt ',
      'tab\there.txt',
    ];
    for (const name of names) await writeFile(path.join(caseDir, name), `content of ${names.indexOf(name)}`);
    const before = await hashTree(caseDir);
    const scan = await scanCase(caseDir);
    expect(scan.files.map((f) => f.path).sort()).toEqual([...names].sort());
    for (const file of scan.files) expect(existsSync(path.join(caseDir, file.path))).toBe(true);
    // The JSON form must round-trip every name without loss.
    const back = JSON.parse(JSON.stringify(scan)) as typeof scan;
    expect(back.files.map((f) => f.path)).toEqual(scan.files.map((f) => f.path));
    expect(await hashTree(caseDir)).toBe(before);
  });

  it('survives paths longer than PATH_MAX: lists what it can reach and reports the rest', async () => {
    const segment = 'd'.repeat(200);
    const depth = 25; // 25 x 201 > 4096 bytes
    // Stepping into each folder with a relative chdir builds a tree that no absolute path can name.
    const builder = 'import os,sys\nos.chdir(sys.argv[1])\nfor _ in range(int(sys.argv[3])):\n  os.mkdir(sys.argv[2]); os.chdir(sys.argv[2]); open("f.txt","w").write("deep")';
    execFileSync('/usr/bin/python3', ['-c', builder, caseDir, segment, String(depth)]);
    try {
      await checkLongPaths(segment, depth);
    } finally {
      // Node's rm cannot name the deepest levels either; coreutils rm works relative to each folder.
      execFileSync('rm', ['-rf', path.join(caseDir, segment)]);
    }
  }, 30_000);
});

async function checkLongPaths(segment: string, depth: number): Promise<void> {
  await writeFile(path.join(caseDir, `${'n'.repeat(250)}.txt`), 'longest name');
  const scan = await scanCase(caseDir);
  const listed = new Set(scan.files.map((f) => f.path));
  expect(listed.has(`${'n'.repeat(250)}.txt`)).toBe(true);
  expect(listed.has(`${segment}/f.txt`)).toBe(true);
  // Every level is either listed or named by a finding: nothing vanishes silently.
  const reported = new Set(scan.findings.flatMap((f) => f.paths));
  for (let level = 1; level <= depth; level++) {
    const dir = Array.from({ length: level }, () => segment).join('/');
    const file = `${dir}/f.txt`;
    const covered = listed.has(file) || [...reported].some((p) => file.startsWith(p) || p.startsWith(dir));
    expect(covered, `level ${level}`).toBe(true);
  }
  const unreachable = scan.findings.filter((f) => f.code === 'WALK_UNREADABLE').map((f) => f.details?.['reason']);
  console.log(`long paths: ${scan.files.length} files listed, unreachable: ${JSON.stringify(unreachable)}`);
}
