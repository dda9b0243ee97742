import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyUserDefaults, parseUserConfig } from '../../src/casefile/user-config.js';
import { loadUserConfig, userConfigPath } from '../../src/casefile/user-config-file.js';
import { UsageError } from '../../src/util/errors.js';
import { makeTempDir } from '../support/tree.js';

describe('user config: defaults, --config and CASEPACK_CONFIG', () => {
  let tmp: { dir: string; cleanup: () => Promise<void> };
  beforeEach(async () => { tmp = await makeTempDir(); });
  afterEach(() => tmp.cleanup());

  it('CASEPACK_CONFIG names the file; --config wins over it; a named file that is missing is an error, the default place is not', async () => {
    const a = path.join(tmp.dir, 'a.yaml');
    const b = path.join(tmp.dir, 'b.yaml');
    await writeFile(a, 'checklist: general\n');
    await writeFile(b, 'checklist: international-review\n');
    const env = { CASEPACK_CONFIG: a, XDG_CONFIG_HOME: tmp.dir, HOME: '/nonexistent-home' };
    expect(userConfigPath(env)).toBe(a);
    expect((await loadUserConfig(env))?.checklist).toBe('general');
    expect((await loadUserConfig(env, b))?.checklist).toBe('international-review');
    await expect(loadUserConfig(env, path.join(tmp.dir, 'nope.yaml'))).rejects.toThrow(/nope\.yaml \(from --config\) does not exist/);
    await expect(loadUserConfig({ ...env, CASEPACK_CONFIG: path.join(tmp.dir, 'gone.yaml') })).rejects.toThrow(/from CASEPACK_CONFIG/);
    expect(await loadUserConfig({ XDG_CONFIG_HOME: tmp.dir, HOME: '/nonexistent-home' })).toBeUndefined();
  });

  it('reads checklist, organisation, ocrLanguages and packet.maxSize; a checklist file is found beside the config', async () => {
    const file = path.join(tmp.dir, 'team', 'config.yaml');
    await mkdir(path.dirname(file), { recursive: true });
    const config = parseUserConfig('checklist: lists/ours.yaml\norganisation: Example Care Network\nocrLanguages: [eng, spa]\npacket:\n  maxSize: 500MB\nsender:\n  name: Sam Coordinator\n', file);
    expect(config).toEqual({
      checklist: path.join(tmp.dir, 'team', 'lists', 'ours.yaml'),
      organisation: 'Example Care Network',
      ocrLanguages: ['eng', 'spa'],
      packet: { maxSize: '500MB' },
      sender: { name: 'Sam Coordinator' },
    });
    // A built-in id stays an id.
    expect(parseUserConfig('checklist: international-review\n', file).checklist).toBe('international-review');
  });

  it('casepack.yaml wins setting by setting; a sender is taken whole, the organisation completes only the config\'s sender', () => {
    const config = parseUserConfig('checklist: international-review\norganisation: Example Care Network\nocrLanguages: [spa]\nsender:\n  name: Sam Coordinator\n  phone: "+1 555 0100"\n', '/x/config.yaml');
    expect(applyUserDefaults(undefined, config)).toEqual({
      checklist: 'international-review',
      ocrLanguages: ['spa'],
      sender: { name: 'Sam Coordinator', phone: '+1 555 0100', organisation: 'Example Care Network' },
    });
    const own = applyUserDefaults({ checklist: 'general', sender: { name: 'Ana Daughter' }, diagnosis: 'x' }, config);
    expect(own).toEqual({ checklist: 'general', sender: { name: 'Ana Daughter' }, diagnosis: 'x', ocrLanguages: ['spa'] });
    expect(applyUserDefaults({ ocrLanguages: ['deu'] }, config)?.ocrLanguages).toEqual(['deu']);
    expect(applyUserDefaults({ diagnosis: 'x' }, undefined)).toEqual({ diagnosis: 'x' });
    expect(applyUserDefaults(undefined, {})).toBeUndefined();
  });

  it('lists every problem in words with line and column, and the key meant', () => {
    const file = '/home/sam/.config/casepack/config.yaml';
    let error: unknown;
    try {
      parseUserConfig('sender:\n  nme: Sam\nchecklst: general\npacket:\n  maxSize: lots\nocrLanguages: [English]\n', file);
    } catch (err) { error = err; }
    expect(error).toBeInstanceOf(UsageError);
    const lines = (error as Error).message.split('\n');
    expect(lines[0]).toBe(`the config file ${file} has 5 problems; fix them (or move the file away):`);
    expect(lines.slice(1)).toEqual(expect.arrayContaining([
      `  ${file}, line 1, column 1, field sender.name: is missing: it is needed here, as text.`,
      `  ${file}, line 2, column 3, field sender.nme: "nme" is not a setting under sender; did you mean \`name\`?`,
      `  ${file}, line 3, column 1, field checklst: "checklst" is not a setting in ${file}; did you mean \`checklist\`?`,
      `  ${file}, line 5, column 12, field packet.maxSize: should be a number and a unit, KB, MB or GB, of at least 1MB (e.g. 500MB or 2GB).`,
      `  ${file}, line 6, column 16, field ocrLanguages[0]: should be a tesseract language code such as eng, spa or chi_sim, not "English".`,
    ]));
    expect(() => parseUserConfig('a: [\n', file)).toThrow(/config\.yaml, line \d+, column \d+ is not valid YAML/);
  });
});
