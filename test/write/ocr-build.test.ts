import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OcrPage } from '../../src/extract/ocr/types.js';
import { buildPacket, type BuildResult } from '../../src/pipeline/build.js';
import { scanFixtureCase, writeFixtureCase, type FixtureCase } from '../support/packet-fixtures.js';
import { hasTool, run } from '../support/packet-tools.js';
import { makeTempDir } from '../support/tree.js';

const PHOTO = 'WhatsApp/IMG_0001.png';
const tools = hasTool('unzip') && hasTool('pdftotext') && hasTool('qpdf');

/** What the extraction stage hands over for a photo it read poorly: one word, confidence 35. */
const unsurePage: OcrPage = {
  pageIndex: 0, width: 120, height: 160, dpi: 72, rotation: 0, skewDegrees: 0,
  words: [{ text: 'Referral', box: { x0: 10, y0: 20, x1: 90, y1: 40 }, confidence: 35 }],
  text: 'Referral', meanConfidence: 35,
};

describe.skipIf(!tools)('buildPacket with recognised text', () => {
  let tmp: { dir: string; cleanup: () => Promise<void> };
  let fixture: FixtureCase;
  let result: BuildResult;
  let extracted: string;

  beforeAll(async () => {
    tmp = await makeTempDir();
    fixture = await writeFixtureCase(path.join(tmp.dir, 'case'));
    const scan = await scanFixtureCase(fixture.root);
    const packet = path.join(tmp.dir, 'packet.zip');
    const texts = new Map([[PHOTO, { ocr: { provenance: { source: 'ocr' as const, meanConfidence: 35, lowConfidencePages: [] }, pages: [unsurePage] } }]]);
    result = await buildPacket(fixture.root, { output: packet, scan, texts });
    extracted = path.join(tmp.dir, 'x');
    await mkdir(extracted);
    run('unzip', ['-q', packet, '-d', extracted]);
  }, 60_000);
  afterAll(() => tmp.cleanup());

  it('flags the low-confidence photo with a finding that names the file', () => {
    const flagged = result.findings.filter((f) => f.code === 'OCR_LOW_CONFIDENCE');
    expect(flagged).toHaveLength(1);
    expect(flagged[0]?.paths).toEqual([PHOTO]);
    expect(flagged[0]?.severity).toBe('warning');
  });

  it('marks it in the index and says in the bookmark that its text was recognised', () => {
    const index = run('pdftotext', [path.join(extracted, '00_Index.pdf'), '-']).stdout.replace(/\s+/g, ' ');
    // The table wraps cells, so the phrases are looked for one piece at a time.
    expect(index).toContain('recognised by OCR');
    expect(index).toContain('check by eye');
    const merged = result.manifest!.entries.find((e) => e.sources.includes(PHOTO))!;
    const outlines = JSON.parse(run('qpdf', ['--json', '--json-key=outlines', path.join(extracted, merged.path)]).stdout) as { outlines: { title: string }[] };
    expect(outlines.outlines.map((o) => o.title).filter((t) => t.endsWith('(scan, text recognised)'))).toHaveLength(1);
    expect(run('pdftotext', [path.join(extracted, merged.path), '-']).stdout).toContain('Referral');
  });
});
