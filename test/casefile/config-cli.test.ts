import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CheckResultSchema } from '../../src/model/check.js';
import { runCliInProcess } from '../support/cli.js';
import { writeCaseFolder } from '../support/scan-builder.js';
import { hashTree, makeTempDir } from '../support/tree.js';

describe('settings on the command line: --config and a broken casepack.yaml', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  // No user config from the machine running the tests.
  let env: Record<string, string>;
  beforeEach(async () => {
    ({ dir, cleanup } = await makeTempDir());
    env = { XDG_CONFIG_HOME: path.join(dir, 'xdg'), CASEPACK_CONFIG: '' };
  });
  afterEach(async () => cleanup());

  it('a broken casepack.yaml is printed first and alone, in words, with exit 2 and no checklist report', async () => {
    const caseDir = path.join(dir, 'case-a');
    await writeCaseFolder(caseDir, { ctDate: '2025-10-05', caseFileYaml: 'patient:\n  name: Jane\nquestons:\n  - Is surgery possible?\nasOf: 2025-9-1\n' });
    const before = await hashTree(caseDir);
    const { code, stdout, stderr } = await runCliInProcess(['check', caseDir, '--no-ocr'], env);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    const lines = stderr.trim().split('\n');
    expect(lines).toEqual([
      'casepack: casepack.yaml, line 3, column 1, field questons: "questons" is not a setting in casepack.yaml; did you mean `questions`?',
      'casepack: casepack.yaml, line 5, column 7, field asOf: should be a date as YYYY-MM-DD, e.g. 2025-09-12, not "2025-9-1".',
      `casepack: fix ${path.join(caseDir, 'casepack.yaml')} and run again: the checklist report is left out until the case's settings can be read.`,
    ]);
    expect(await hashTree(caseDir)).toBe(before);
  });

  it('--config: its checklist is the default, casepack.yaml\'s wins over it, --checklist wins over both', async () => {
    const config = path.join(dir, 'team.yaml');
    await writeFile(config, 'checklist: international-review\n');
    const plain = path.join(dir, 'plain');
    await writeCaseFolder(plain, { ctDate: '2025-10-05' });
    const own = path.join(dir, 'own');
    await writeCaseFolder(own, { ctDate: '2025-10-05', caseFileYaml: 'checklist: general\n' });
    const id = async (...args: string[]) => CheckResultSchema.parse(JSON.parse((await runCliInProcess(['check', ...args, '--json', '--no-ocr'], env)).stdout)).checklist.id;
    expect(await id(plain)).toBe('general');
    expect(await id(plain, '--config', config)).toBe('international-review');
    expect(await id(plain)).toBe('general');
    // The same file named by the environment.
    expect(CheckResultSchema.parse(JSON.parse((await runCliInProcess(['check', plain, '--json', '--no-ocr'], { ...env, CASEPACK_CONFIG: config })).stdout)).checklist.id).toBe('international-review');
    expect(await id(own, '--config', config)).toBe('general');
    expect(await id(plain, '--config', config, '--checklist', 'general')).toBe('general');
  });

  it('a broken or missing --config stops every command before any case is read (exit 2, its problems alone)', async () => {
    const caseDir = path.join(dir, 'case-a');
    await writeCaseFolder(caseDir, { ctDate: '2025-10-05' });
    const config = path.join(dir, 'team.yaml');
    await writeFile(config, 'sender:\n  name: Sam\n  emial: sam@example.org\n');
    for (const command of [['check', caseDir], ['scan', caseDir], ['build', caseDir, '--dry-run']]) {
      const run = await runCliInProcess([...command, '--config', config, '--no-ocr'], env);
      expect(run.code, command.join(' ')).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toContain(`${config}, line 3, column 3, field sender.emial: "emial" is not a setting under sender; did you mean \`email\`?`);
    }
    const missing = await runCliInProcess(['check', caseDir, '--config', path.join(dir, 'nope.yaml')], env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/nope\.yaml \(from --config\) does not exist/);
  });
});
