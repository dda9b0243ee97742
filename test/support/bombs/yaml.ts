import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Bomb } from './types.js';

/**
 * Billion laughs: nine anchors, each a list of nine references to the one
 * before, expand to 9^8 ≈ 43 million strings from a few hundred bytes. A YAML
 * parser without an alias budget builds them all; casepack must refuse the
 * file as invalid input (exit 2), whichever YAML file carries it.
 */
function billionLaughs(): string {
  const lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]'];
  for (let i = 1; i <= 8; i++) lines.push(`a${i}: &a${i} [${Array.from({ length: 9 }, () => `*a${i - 1}`).join(', ')}]`);
  return lines.join('\n') + '\n';
}

async function caseWithOneReport(dir: string): Promise<string> {
  const caseDir = path.join(dir, 'case');
  await mkdir(caseDir);
  await writeFile(path.join(caseDir, 'notes.txt'), 'Pathology report\nDate of report: 12 September 2025\n');
  return caseDir;
}

export const bombs: Bomb[] = [
  {
    name: 'yaml-alias-casefile',
    family: 'yaml',
    description: 'casepack.yaml of 600 bytes whose aliases expand to 43 million strings',
    async make(dir) {
      const caseDir = await caseWithOneReport(dir);
      await writeFile(path.join(caseDir, 'casepack.yaml'), billionLaughs());
      return ['scan', caseDir];
    },
    expectCodes: [],
    expectExit: [2],
    limits: { maxRssMb: 400, maxSeconds: 10 },
  },
  {
    name: 'yaml-alias-checklist',
    family: 'yaml',
    description: 'a checklist of 600 bytes whose aliases expand to 43 million strings',
    async make(dir) {
      const caseDir = await caseWithOneReport(dir);
      const checklist = path.join(dir, 'checklist.yaml');
      await writeFile(checklist, billionLaughs());
      return ['check', caseDir, '--checklist', checklist];
    },
    expectCodes: [],
    expectExit: [2],
    limits: { maxRssMb: 400, maxSeconds: 10 },
  },
];
