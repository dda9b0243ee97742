import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseCaseFile } from '../../src/casefile/load.js';
import { ChecklistError, parseChecklistText } from '../../src/check/checklist-schema.js';
import { runCliInProcess } from '../support/cli.js';
import { makeTempDir } from '../support/tree.js';

/**
 * B9: a "billion laughs" YAML (each alias doubles the one before) must be
 * refused as bad input: a CASEFILE_INVALID finding / ChecklistError (exit 2),
 * never a crash (exit 3) and never expanded.
 */
function aliasBomb(levels = 30): string {
  const lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i < levels; i++) lines.push(`a${i}: &a${i} [*a${i - 1},*a${i - 1},*a${i - 1},*a${i - 1},*a${i - 1},*a${i - 1},*a${i - 1},*a${i - 1},*a${i - 1}]`);
  return lines.join('\n') + '\n';
}

let temp: { dir: string; cleanup: () => Promise<void> };
beforeEach(async () => { temp = await makeTempDir('casepack-yaml-'); });
afterEach(async () => temp.cleanup());

describe('YAML resource limits (B9)', () => {
  it('an alias bomb in casepack.yaml is a CASEFILE_INVALID finding, not an exception', () => {
    const { caseFile, findings } = parseCaseFile(aliasBomb());
    expect(caseFile).toBeUndefined();
    expect(findings.map((f) => f.code)).toEqual(['CASEFILE_INVALID']);
    expect(findings[0]?.message).toMatch(/alias/i);
  });

  it('a document nested too deep or too large is refused the same way', () => {
    expect(parseCaseFile('a: ' + '['.repeat(5000) + ']'.repeat(5000) + '\n').findings.map((f) => f.code)).toEqual(['CASEFILE_INVALID']);
    expect(parseCaseFile(`diagnosis: "${'x'.repeat(2 * 1024 * 1024)}"\n`).findings.map((f) => f.code)).toEqual(['CASEFILE_INVALID']);
  });

  it('an alias bomb in a checklist is a ChecklistError (a usage error)', () => {
    expect(() => parseChecklistText(aliasBomb(), 'bomb.yaml')).toThrow(ChecklistError);
    expect(() => parseChecklistText(aliasBomb(), 'bomb.yaml')).toThrow(/alias/i);
  });

  it('the CLI exits 2 for either, with one plain line and no stack', async () => {
    const caseDir = path.join(temp.dir, 'case');
    await mkdir(caseDir);
    await writeFile(path.join(caseDir, 'note.txt'), 'Discharge summary');
    await writeFile(path.join(caseDir, 'casepack.yaml'), aliasBomb());
    const fromCaseFile = await runCliInProcess(['check', caseDir], { NO_COLOR: '1' });
    expect(fromCaseFile.code, fromCaseFile.stderr).toBe(2);
    const checklist = path.join(temp.dir, 'bomb.yaml');
    await writeFile(checklist, aliasBomb());
    await writeFile(path.join(caseDir, 'casepack.yaml'), 'patient:\n  name: Test\n');
    const fromChecklist = await runCliInProcess(['check', caseDir, '--checklist', checklist], { NO_COLOR: '1' });
    expect(fromChecklist.code, fromChecklist.stderr).toBe(2);
    expect(fromChecklist.stderr).toMatch(/alias/i);
    expect(fromChecklist.stderr).not.toMatch(/\n\s+at /);
  }, 60_000);
});
