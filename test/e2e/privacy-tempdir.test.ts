// @vitest-isolate: counts the process's SIGINT handlers, which other files' runs in a shared worker may hold.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrivateWriteStream, makePrivateTempDir, withPrivateTempDir, writePrivateFile } from '../../src/util/tempdir.js';
import { makeTempDir } from '../support/tree.js';

const modeOf = async (p: string): Promise<number> => (await stat(p)).mode & 0o777;

describe('private temp folders', () => {
  it('creates 0700 folders and 0600 files, even under a permissive umask', async () => {
    const previous = process.umask(0o000);
    try {
      await withPrivateTempDir(async (dir) => {
        expect(await modeOf(dir.path)).toBe(0o700);
        await writePrivateFile(dir.resolve('a.bin'), 'x');
        expect(await modeOf(dir.resolve('a.bin'))).toBe(0o600);
        const stream = createPrivateWriteStream(dir.resolve('b.bin'));
        await new Promise<void>((resolve, reject) => stream.end('y', () => resolve()).on('error', reject));
        expect(await modeOf(dir.resolve('b.bin'))).toBe(0o600);
      });
    } finally {
      process.umask(previous);
    }
  });

  it('removes the folder after the work, also when the work throws', async () => {
    let seen = '';
    await expect(withPrivateTempDir(async (dir) => {
      seen = dir.path;
      await writePrivateFile(dir.resolve('x'), 'secret');
      throw new Error('boom');
    })).rejects.toThrow('boom');
    expect(seen).not.toBe('');
    expect(existsSync(seen)).toBe(false);
  });

  it('never overwrites an existing file', async () => {
    const dir = await makePrivateTempDir();
    try {
      await writePrivateFile(dir.resolve('x'), 'one');
      await expect(writePrivateFile(dir.resolve('x'), 'two')).rejects.toMatchObject({ code: 'EEXIST' });
      expect(await readFile(dir.resolve('x'), 'utf8')).toBe('one');
    } finally {
      await dir.remove();
    }
  });

  it('holds no signal handler once every folder is removed', async () => {
    const before = process.listenerCount('SIGINT');
    const dir = await makePrivateTempDir();
    expect(process.listenerCount('SIGINT')).toBe(before + 1);
    await dir.remove();
    expect(process.listenerCount('SIGINT')).toBe(before);
  });
});

describe('private temp folders in a process that ends', () => {
  let work: { dir: string; cleanup: () => Promise<void> };
  let script: string;

  beforeAll(async () => {
    work = await makeTempDir();
    // The module only needs Node built-ins, so a plain transpile runs it in a child without a build.
    const source = await readFile(path.resolve(import.meta.dirname, '../../src/util/tempdir.ts'), 'utf8');
    const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
    await writeFile(path.join(work.dir, 'tempdir.mjs'), js);
    script = path.join(work.dir, 'child.mjs');
    await writeFile(script, `
import { makePrivateTempDir, writePrivateFile } from './tempdir.mjs';
const dir = await makePrivateTempDir({ parent: process.argv[2] });
await writePrivateFile(dir.resolve('staged.bin'), 'data');
process.stdout.write(dir.path + '\\n');
if (process.argv[3] === 'exit') process.exit(0);
// Like signal-exit (loaded by the spinner): a listener that only defers to the others.
if (process.argv[4] === 'deferring') process.on('SIGINT', () => {});
if (process.argv[3] === 'throw') throw new Error('crash');
setInterval(() => {}, 1000);
`);
  });
  afterAll(async () => work.cleanup());

  function runChild(mode: 'exit' | 'throw' | 'SIGINT' | 'SIGTERM', extra = ''): Promise<{ tempPath: string; code: number | null }> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [script, work.dir, mode, extra], { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('\n') && (mode === 'SIGINT' || mode === 'SIGTERM')) child.kill(mode);
      });
      child.on('error', reject);
      child.on('close', (code) => resolve({ tempPath: out.trim(), code }));
    });
  }

  it.each([
    ['exit', 0],
    ['throw', 1],
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)('removes the folder on %s (exit status %i)', async (mode, expected) => {
    const { tempPath, code } = await runChild(mode);
    expect(tempPath.startsWith(work.dir)).toBe(true);
    expect(code).toBe(expected);
    expect(existsSync(tempPath)).toBe(false);
  });

  it('still exits on SIGINT when another listener only defers (signal-exit style)', async () => {
    const { tempPath, code } = await runChild('SIGINT', 'deferring');
    expect(code).toBe(130);
    expect(existsSync(tempPath)).toBe(false);
  });
});
