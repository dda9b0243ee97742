import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { withUserSender } from '../../src/casefile/user-config.js';
import { loadUserConfig, userConfigPath } from '../../src/casefile/user-config-file.js';
import { UsageError } from '../../src/util/errors.js';
import { makeTempDir } from '../support/tree.js';

describe('user-level config (sender set once for every case)', () => {
  let tmp: { dir: string; cleanup: () => Promise<void> };
  let env: NodeJS.ProcessEnv;
  const write = async (text: string): Promise<void> => {
    await mkdir(path.join(tmp.dir, 'casepack'), { recursive: true });
    await writeFile(path.join(tmp.dir, 'casepack', 'config.yaml'), text);
  };
  beforeEach(async () => { tmp = await makeTempDir(); env = { XDG_CONFIG_HOME: tmp.dir, HOME: '/nonexistent-home' }; });
  afterEach(() => tmp.cleanup());

  it('lives under XDG_CONFIG_HOME, else ~/.config (a relative XDG_CONFIG_HOME is ignored)', () => {
    expect(userConfigPath(env)).toBe(path.join(tmp.dir, 'casepack', 'config.yaml'));
    expect(userConfigPath({ HOME: '/home/coord' })).toBe('/home/coord/.config/casepack/config.yaml');
    expect(userConfigPath({ HOME: '/home/coord', XDG_CONFIG_HOME: 'rel/dir' })).toBe('/home/coord/.config/casepack/config.yaml');
  });

  it('is optional: no file, no config', async () => {
    expect(await loadUserConfig(env)).toBeUndefined();
  });

  it('reads the sender, and casepack.yaml\'s own sender wins over it', async () => {
    await write('sender:\n  name: Sam Coordinator\n  email: sam@example.org\n');
    const config = await loadUserConfig(env);
    expect(config?.sender).toEqual({ name: 'Sam Coordinator', email: 'sam@example.org' });
    expect(withUserSender(undefined, config)?.sender?.name).toBe('Sam Coordinator');
    expect(withUserSender({ diagnosis: 'x' }, config)).toEqual({ diagnosis: 'x', sender: config?.sender });
    expect(withUserSender({ sender: { name: 'Case Sender' } }, config)?.sender?.name).toBe('Case Sender');
  });

  it('refuses an invalid file with a usage error that names the file and the field', async () => {
    await write('sender:\n  nme: Typo\n');
    const err = await loadUserConfig(env).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message).toContain(path.join(tmp.dir, 'casepack', 'config.yaml'));
    expect((err as Error).message).toMatch(/sender/);
    await write('sender: [unclosed\n');
    await expect(loadUserConfig(env)).rejects.toThrow(/not valid YAML/);
  });
});
