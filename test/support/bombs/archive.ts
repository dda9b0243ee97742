import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { crc32, createDeflateRaw, createGzip } from 'node:zlib';
import { makeZip, type ZipEntrySpec } from '../fuzz-zip.js';
import type { Bomb } from './types.js';

/**
 * Archive bombs (issue 13, B4/B5 and their cousins). Everything is made in
 * Node by streaming zeros through zlib, so no GiB is ever held in memory and
 * each file on disk stays under ~5 MB. A small ZIP writer of its own (stored
 * or pre-deflated entries, sizes that may lie) keeps the bombs independent
 * of any archiving library's sanity checks.
 */

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;
const ZERO_CHUNK = Buffer.alloc(MiB);

/** `size` zero bytes, raw-deflated as they stream, with their CRC-32. */
async function deflatedZeros(size: number): Promise<{ data: Buffer; crc: number }> {
  const deflate = createDeflateRaw({ level: 6 });
  const parts: Buffer[] = [];
  deflate.on('data', (part: Buffer) => parts.push(part));
  let crc = 0;
  for (let left = size; left > 0; left -= ZERO_CHUNK.length) {
    const piece = ZERO_CHUNK.subarray(0, Math.min(left, ZERO_CHUNK.length));
    crc = crc32(piece, crc);
    if (!deflate.write(piece)) await once(deflate, 'drain');
  }
  deflate.end();
  await once(deflate, 'end');
  return { data: Buffer.concat(parts), crc: crc >>> 0 };
}

function zeroEntries(count: number, deflated: { data: Buffer; crc: number }, size: number, declaredSize = size): ZipEntrySpec[] {
  return Array.from({ length: count }, (_, i) => ({
    name: `zeros/${String(i).padStart(4, '0')}.bin`, deflated: deflated.data, crc: deflated.crc, declaredSize,
  }));
}


/** `size` zeros gzipped straight to `file`, never whole in memory. */
async function gzipZerosTo(file: string, size: number): Promise<void> {
  async function* zeros(): AsyncGenerator<Buffer> {
    for (let left = size; left > 0; left -= ZERO_CHUNK.length) yield ZERO_CHUNK.subarray(0, Math.min(left, ZERO_CHUNK.length));
  }
  await pipeline(Readable.from(zeros()), createGzip({ level: 6 }), createWriteStream(file));
}

/** A case folder holding one file, scanned: the hostile file is all the case has. */
async function caseWith(dir: string, name: string, bytes?: Buffer): Promise<{ file: string; args: string[] }> {
  const caseDir = path.join(dir, 'case');
  await mkdir(caseDir, { recursive: true });
  const file = path.join(caseDir, name);
  if (bytes) await writeFile(file, bytes);
  return { file, args: ['scan', caseDir] };
}

async function hundredTimes15MiB(count = 100): Promise<Buffer> {
  return makeZip(zeroEntries(count, await deflatedZeros(15 * MiB), 15 * MiB));
}

const LIMITS = { maxRssMb: 400, maxSeconds: 60 };

export const bombs: Bomb[] = [
  {
    name: 'zip-100x15mib',
    family: 'archive',
    description: 'B4: 1.5 MB ZIP of 100 entries × 15 MiB zeros, each under the per-entry ratio floor (1.5 GB unpacked)',
    async make(dir) {
      return (await caseWith(dir, 'portal.zip', await hundredTimes15MiB())).args;
    },
    expectCodes: ['ARCHIVE_ENTRY_REFUSED'],
    expectExit: [0, 1],
    limits: LIMITS,
  },
  {
    name: 'gzip-4gib-zeros',
    family: 'archive',
    description: 'B5: ~4 MB gzip of 4 GiB zeros (one member), stopped while it streams',
    async make(dir) {
      const { file, args } = await caseWith(dir, 'scan.dcm.gz');
      await gzipZerosTo(file, 4 * GiB);
      return args;
    },
    expectCodes: ['ARCHIVE_ENTRY_REFUSED'],
    expectExit: [0, 1],
    limits: LIMITS,
  },
  {
    name: 'zip-in-zip',
    family: 'archive',
    description: 'a ZIP of 3 ZIPs of 100 × 15 MiB zeros each (4.5 GB two levels down): inner archives listed, not unpacked',
    async make(dir) {
      const inner = await hundredTimes15MiB();
      const outer = makeZip([1, 2, 3].map((n) => ({ name: `part${n}.zip`, data: inner })));
      return (await caseWith(dir, 'nested.zip', outer)).args;
    },
    expectCodes: ['ARCHIVE_NOT_EXPANDED'],
    expectExit: [0, 1],
    limits: LIMITS,
  },
  {
    name: 'zip-lying-sizes',
    family: 'archive',
    description: 'a ZIP whose 8 entries declare 1 KiB each but inflate to 256 MiB of zeros each',
    async make(dir) {
      const zeros = await deflatedZeros(256 * MiB);
      return (await caseWith(dir, 'liar.zip', makeZip(zeroEntries(8, zeros, 256 * MiB, 1024)))).args;
    },
    expectCodes: ['ARCHIVE_UNREADABLE'],
    expectExit: [0, 1],
    limits: LIMITS,
  },
  {
    name: 'zip-60000-empty',
    family: 'archive',
    description: 'a ZIP of 60,000 empty entries (over the 50,000-entry limit)',
    async make(dir) {
      const entries = Array.from({ length: 60_000 }, (_, i) => ({ name: i.toString(36) }));
      return (await caseWith(dir, 'many.zip', makeZip(entries))).args;
    },
    expectCodes: ['ARCHIVE_ENTRY_REFUSED'],
    expectExit: [0, 1],
    // Bounded (50,000 files are created and probed, the rest refused) but bound by file-system
    // round trips: 106 s measured on 2 cores at load average 20, so 60 s would flag the machine.
    limits: { maxRssMb: 400, maxSeconds: 180 },
  },
];
