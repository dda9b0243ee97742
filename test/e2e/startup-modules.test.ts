import { spawnSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Chalk } from 'chalk';
import { Output } from '../../src/cli/output.js';
import { modulesInLog } from '../support/module-log.js';
import { makeTempDir } from '../support/tree.js';
import { writeDicom } from '../../tools/synth/dicom-writer.js';

/**
 * Issue 15: a scan loads a library only when its work comes up. Counted by module list (a loader
 * hook logs every module loaded), never by time. The bench reports the CPU time beside it.
 */
const BIN = path.resolve(import.meta.dirname, '../../bin/casepack');
const HOOK = path.resolve(import.meta.dirname, '../../bench/lib/module-count.mjs');
const HEAVY = ['zod', 'yaml', 'chrono-node', 'date-fns', 'franc-min', 'chalk', 'ora', 'yauzl', 'picomatch'];

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => ({ dir, cleanup } = await makeTempDir()));
afterAll(async () => cleanup());

async function modulesLoaded(args: string[], name: string): Promise<string[]> {
  const log = path.join(dir, `${name}.modules`);
  const result = spawnSync(process.execPath, ['--import', HOOK, BIN, ...args], { encoding: 'utf8', env: { ...process.env, CASEPACK_MODULE_LOG: log }, timeout: 60_000 });
  expect(result.status, result.stderr).toBe(0);
  return modulesInLog(log);
}

const packagesIn = (urls: string[]): string[] => [...new Set(urls.flatMap((u) => /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(u)?.[1] ?? []))];

describe('start-up of scan', () => {
  it('an empty folder loads none of the heavy libraries, as text or as JSON', async () => {
    const empty = path.join(dir, 'empty');
    await mkdir(empty);
    for (const args of [['scan', empty], ['scan', '--json', empty]]) {
      const urls = await modulesLoaded(args, String(args.length));
      expect(packagesIn(urls).filter((p) => HEAVY.includes(p))).toEqual([]);
      expect(urls.filter((u) => /\/dist\/(classify|extract\/ocr\/cache|group|check|write)\//.test(u))).toEqual([]);
      expect(urls.length).toBeLessThan(80);
      expect(urls.some((u) => u.endsWith('/dist/cli/commands/scan-run.js'))).toBe(true);
    }
  }, 120_000);

  it('a CD of images is classified from its headers: the document reader and its libraries stay unloaded', async () => {
    const cd = path.join(dir, 'cd');
    await mkdir(cd);
    await writeFile(path.join(cd, 'IM000001'), writeDicom({ modality: 'CT', studyDescription: 'CT CHEST' }));
    const urls = await modulesLoaded(['scan', '--json', cd], 'cd');
    expect(packagesIn(urls).filter((p) => HEAVY.includes(p) && p !== 'picomatch')).toEqual([]);
    expect(urls.filter((u) => /\/dist\/classify\/(reading|document|language|dates\/index|markers\/index)\.js$/.test(u))).toEqual([]);
    expect(urls.some((u) => u.endsWith('/dist/classify/index.js'))).toBe(true);
    // Nothing in it has text to extract: the extraction stage and the OCR engine stay unloaded too.
    expect(urls.filter((u) => /\/dist\/extract\/(index|ocr\/engine|ocr\/cache)\.js$/.test(u) || u.includes('/node_modules/tesseract.js/'))).toEqual([]);
    expect(urls.some((u) => u.includes('/node_modules/dicom-parser/'))).toBe(true);
  }, 120_000);

  it('a case with a casepack.yaml and a document loads what they need (so the list above can fail)', async () => {
    const root = path.join(dir, 'case');
    await mkdir(root);
    await writeFile(path.join(root, 'casepack.yaml'), 'dateOrder: DMY\n');
    await writeFile(path.join(root, 'note.txt'), 'Clinic letter of 12 March 2025. Biopsy shows adenocarcinoma.\n');
    const loaded = packagesIn(await modulesLoaded(['scan', '--no-ocr', root], 'case'));
    expect(loaded).toEqual(expect.arrayContaining(['yaml', 'zod', 'chrono-node', 'franc-min']));
  }, 120_000);
});

describe('colours without chalk', () => {
  it('writes what chalk writes at level 1, nested and across lines', () => {
    const chalk = new Chalk({ level: 1 });
    const ours = new Output({ color: true }).c;
    const samples = ['plain', '', 'two\nlines', 'crlf\r\nend', `outer ${chalk.red('inner')} tail`, `x${chalk.bold('b')}y`];
    for (const style of ['bold', 'dim', 'red', 'green', 'yellow', 'blue'] as const) {
      for (const text of samples) expect(ours[style](text)).toBe(chalk[style](text));
    }
    expect(new Output({ color: false }).c.red('x')).toBe('x');
  });
});
