import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import type { PrivateTempDir } from '../util/tempdir.js';

const run = promisify(execFile);
let counter = 0;

/**
 * HEIC (iPhone photos of paper reports) → JPEG, offline, with libheif's
 * `heif-convert` (Debian libheif-examples). No pure-JS HEIC decoder is small
 * and maintained enough to ship; without the tool the photo is packed as it is.
 */
export function heicConverter(staging: PrivateTempDir): (bytes: Uint8Array) => Promise<Uint8Array | null> {
  return async (bytes) => {
    const n = counter++;
    const input = staging.resolve(`photo-${n}.heic`);
    const output = staging.resolve(`photo-${n}.jpg`);
    try {
      await writeFile(input, bytes, { mode: 0o600 });
      await run('heif-convert', ['-q', '90', input, output], { timeout: 60_000 });
      return await readFile(output);
    } catch {
      return null;
    }
  };
}
