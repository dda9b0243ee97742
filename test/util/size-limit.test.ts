import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { packetSizeLimit } from '../../src/casefile/user-config.js';
import { loadUserConfig } from '../../src/casefile/user-config-file.js';
import { UsageError } from '../../src/util/errors.js';
import { DEFAULT_MAX_PACKET_BYTES, formatSizeLimit, parseSizeLimit } from '../../src/util/size-limit.js';
import { makeTempDir } from '../support/tree.js';

describe('packet size limit (--max-size, packet.maxSize)', () => {
  it('reads a number and a decimal unit, KB, MB or GB, in any case, with or without a space', () => {
    expect(parseSizeLimit('500MB')).toBe(500_000_000);
    expect(parseSizeLimit('2 GB')).toBe(2_000_000_000);
    expect(parseSizeLimit('1.5gb')).toBe(1_500_000_000);
    expect(parseSizeLimit('2000KB')).toBe(2_000_000);
    expect(formatSizeLimit(DEFAULT_MAX_PACKET_BYTES)).toBe('2 GB');
    expect(formatSizeLimit(1_500_000)).toBe('1.5 MB');
  });

  it.each(['500', '500M', '500 MiB', '2GiB', '-1MB', '0MB', '1e3MB', 'MB', '500MB extra', '', '0.5MB', '999KB'])('refuses %j with a usage error', (text) => {
    expect(() => parseSizeLimit(text)).toThrow(UsageError);
  });

  it('comes from the flag, else the user config, else 2 GB; a bad packet.maxSize names the field', async () => {
    const tmp = await makeTempDir();
    try {
      const env = { XDG_CONFIG_HOME: tmp.dir, HOME: '/nonexistent-home' };
      await mkdir(path.join(tmp.dir, 'casepack'));
      await writeFile(path.join(tmp.dir, 'casepack', 'config.yaml'), 'packet:\n  maxSize: 500MB\n');
      const config = await loadUserConfig(env);
      expect(packetSizeLimit(undefined, config)).toBe(500_000_000);
      expect(packetSizeLimit(3_000_000, config)).toBe(3_000_000);
      expect(packetSizeLimit(undefined, undefined)).toBe(DEFAULT_MAX_PACKET_BYTES);
      await writeFile(path.join(tmp.dir, 'casepack', 'config.yaml'), 'packet:\n  maxSize: 500\n');
      await expect(loadUserConfig(env)).rejects.toThrow(/packet\.maxSize/);
    } finally {
      await tmp.cleanup();
    }
  });
});
