import { open, writeFile } from 'node:fs/promises';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FamilySchema } from '../../src/model/scan.js';
import { probeDicom } from '../../src/probe/dicom/index.js';
import { writeDicom } from '../../tools/synth/dicom-writer.js';
import { makeTempDir } from '../support/tree.js';

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => ({ dir, cleanup } = await makeTempDir()));
afterAll(async () => cleanup());

const SEEDS = [
  writeDicom({ patientName: 'DOE^JOHN', studyDate: '20250101', rows: 16, columns: 16, pixelData: { length: 512 }, transferSyntax: 'explicit-le' }),
  writeDicom({ patientName: 'DOE^JOHN', rows: 16, columns: 16, pixelData: { length: 512 }, transferSyntax: 'implicit-le', preamble: false, fileMeta: false }),
  writeDicom({ patientName: 'DOE^JOHN', rows: 16, columns: 16, pixelData: { length: 512 }, transferSyntax: 'explicit-be' }),
  writeDicom({ srText: [{ concept: 'Findings', text: 'Nothing to report.' }], transferSyntax: 'deflate' }),
  writeDicom({ encapsulatedPdf: Buffer.from('%PDF-1.4\n%%EOF\n') }),
];

/**
 * Damaged copies (cut anywhere, bytes overwritten anywhere) must come back as
 * a result with findings, never as an exception out of the probe.
 */
describe('probeDicom never throws on damaged input', () => {
  it('survives truncation and corruption of valid files', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: SEEDS.length - 1 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }),
        async (seedIndex, cut, flips) => {
          const seed = SEEDS[seedIndex] ?? Buffer.alloc(0);
          const bytes = Buffer.from(seed.subarray(0, Math.max(1, Math.floor(seed.length * cut))));
          for (const [where, value] of flips) bytes[Math.floor(where * (bytes.length - 1))] = value;
          const file = path.join(dir, `f${n++}`);
          await writeFile(file, bytes);
          // Called directly, not through probeFile: the dispatcher would turn a throw into PROBE_FAILED and hide it.
          const handle = await open(file, 'r');
          try {
            const out = await probeDicom({ relPath: 'f', absPath: file, size: bytes.length, head: bytes.subarray(0, 4096), handle, options: {} });
            expect(FamilySchema.options).toContain(out.family);
            expect(Array.isArray(out.findings)).toBe(true);
          } finally {
            await handle.close();
          }
        },
      ),
      { numRuns: 300, seed: 20251122 },
    );
  });
});
