import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScanResultSchema, type ScanResult } from '../../src/model/scan.js';
import { scanCase } from '../../src/pipeline/scan.js';
import { scanToJson } from '../../src/report/json-privacy.js';
import type { JsonPrivacy } from '../../src/report/json-privacy.js';
import { renderScanJsonChunks } from '../../src/report/scan-json.js';
import { writePrivateCase } from '../support/private-case.js';
import { makeTempDir } from '../support/tree.js';

/** Issue 15: `scan --json` is streamed; its text must stay what the one-string path printed. */
const PRIVACY: JsonPrivacy[] = [{}, { includeText: true }, { includeIdentity: true }, { includeText: true, includeIdentity: true }];
const oldPath = (scan: ScanResult, options: JsonPrivacy): string => `${JSON.stringify(scanToJson(scan, options), null, 2)}\n`;

let privateCase: ScanResult;
let emptyCase: ScanResult;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  const temp = await makeTempDir();
  cleanup = temp.cleanup;
  const root = path.join(temp.dir, 'case');
  await writePrivateCase(root);
  privateCase = await scanCase(root, { ocr: { enabled: false } });
  const empty = path.join(temp.dir, 'empty');
  await (await import('node:fs/promises')).mkdir(empty);
  emptyCase = await scanCase(empty, { ocr: { enabled: false } });
}, 60_000);
afterAll(async () => cleanup());

describe('streamed scan JSON', () => {
  it('the private case has what redaction changes (so the comparisons below can differ)', () => {
    expect(privateCase.files.length).toBeGreaterThan(2);
    expect(privateCase.patients.length).toBeGreaterThan(1);
    expect(oldPath(privateCase, {})).not.toEqual(oldPath(privateCase, { includeText: true, includeIdentity: true }));
  });

  for (const options of PRIVACY) {
    it(`is the same text as the one-string path, and schema-valid (${JSON.stringify(options)})`, () => {
      for (const scan of [privateCase, emptyCase]) {
        const streamed = [...renderScanJsonChunks(scan, options)].join('');
        expect(streamed).toBe(oldPath(scan, options));
        expect(ScanResultSchema.safeParse(JSON.parse(streamed)).success).toBe(true);
      }
    });
  }

  it('comes in pieces when the inventory is large, never one string of it all', () => {
    const many: ScanResult = { ...privateCase, files: Array.from({ length: 3000 }, (_, i) => ({ ...privateCase.files[0]!, path: `f/${String(i).padStart(5, '0')}` })) };
    const chunks = [...renderScanJsonChunks(many, { includeText: true, includeIdentity: true })];
    expect(chunks.length).toBeGreaterThan(3);
    expect(Math.max(...chunks.map((c) => c.length))).toBeLessThan(200 * 1024);
    expect(chunks.join('')).toBe(oldPath(many, { includeText: true, includeIdentity: true }));
  });

  it('writes many redacted entries, batch after batch, as the one-string path does', () => {
    // Every file of the private case over and over, so batches hold each kind of entry and end at any of them.
    const files = Array.from({ length: 500 }, (_, i) => ({ ...privateCase.files[i % privateCase.files.length]!, path: `f/${String(i).padStart(5, '0')}` }));
    const many: ScanResult = { ...privateCase, files };
    for (const options of PRIVACY) expect([...renderScanJsonChunks(many, options)].join(''), JSON.stringify(options)).toBe(oldPath(many, options));
  });
});
