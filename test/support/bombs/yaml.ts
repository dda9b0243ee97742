import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Bomb } from './types.js';

/**
 * YAML bombs (B9): casepack.yaml and checklists are the only YAML casepack
 * reads. Each must be refused as bad input (exit 2) within a few MB and
 * seconds, never expanded and never a crash (exit 3).
 */

/** "Billion laughs": 9 strings, each level 9 aliases of the level before (9^levels strings once expanded). */
export function aliasBombYaml(levels = 12): string {
  const lines = ['l0: &l0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i < levels; i++) lines.push(`l${i}: &l${i} [${Array(9).fill(`*l${i - 1}`).join(',')}]`);
  return `${lines.join('\n')}\n`;
}

async function caseWith(dir: string, caseFile: string): Promise<string> {
  const caseDir = path.join(dir, 'case');
  await mkdir(caseDir, { recursive: true });
  await writeFile(path.join(caseDir, 'note.txt'), 'Discharge summary\n');
  await writeFile(path.join(caseDir, 'casepack.yaml'), caseFile);
  return caseDir;
}

const LIMITS = { maxRssMb: 400, maxSeconds: 30 };

export const bombs: Bomb[] = [
  {
    name: 'yaml-alias-casefile',
    family: 'yaml',
    description: 'casepack.yaml with 12 levels of 9 aliases (9^12 strings expanded)',
    make: async (dir) => ['check', await caseWith(dir, aliasBombYaml())],
    expectCodes: ['CASEFILE_INVALID'],
    expectExit: [2],
    limits: LIMITS,
  },
  {
    name: 'yaml-alias-checklist',
    family: 'yaml',
    description: 'a checklist given with --checklist holding the same alias bomb',
    make: async (dir) => {
      const caseDir = await caseWith(dir, 'patient:\n  name: Test\n');
      const checklist = path.join(dir, 'bomb-checklist.yaml');
      await writeFile(checklist, aliasBombYaml());
      return ['check', caseDir, '--checklist', checklist];
    },
    expectCodes: [],
    expectExit: [2],
    limits: LIMITS,
  },
  {
    name: 'yaml-deep-nesting',
    family: 'yaml',
    description: 'casepack.yaml nested 100000 flow sequences deep (900 KB)',
    make: async (dir) => ['check', await caseWith(dir, `diagnosis: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`)],
    expectCodes: ['CASEFILE_INVALID'],
    expectExit: [2],
    limits: LIMITS,
  },
  {
    name: 'yaml-huge-casefile',
    family: 'yaml',
    description: 'casepack.yaml of 4 MB (one long string): refused before it is read',
    make: async (dir) => ['check', await caseWith(dir, `diagnosis: "${'x'.repeat(4 * 1024 * 1024)}"\n`)],
    expectCodes: ['CASEFILE_INVALID'],
    expectExit: [2],
    limits: LIMITS,
  },
];
