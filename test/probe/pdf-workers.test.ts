import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { probeFile } from '../../src/probe/index.js';
import { configurePdfDecoding, pdfDecodeWorkerCount, warmPdfDecoding } from '../../src/probe/pdf/decode.js';
import type { ProbeOutput } from '../../src/probe/types.js';
import { makeReportPdf } from '../../tools/synth/report-pdf.js';
import { makeTempDir } from '../support/tree.js';

/**
 * Issue 13: pdf-lib and pdf.js decode in a bounded pool of worker threads. A
 * PDF whose decoding hangs or allocates without end costs its worker (stopped
 * at the time or heap limit, then replaced), not the run: the file gets a
 * finding and is packed as it is, and the other files are read. The test hooks
 * make the worker of one named file stall or fill its heap, standing in for a
 * hostile file (the real ones are measured by `npm run fuzz -- --bombs`).
 */
let temp: Awaited<ReturnType<typeof makeTempDir>>;
let report: Uint8Array;
beforeAll(async () => {
  temp = await makeTempDir('casepack-pdf-workers-');
  report = await makeReportPdf({ title: 'Histopathology report', sections: [{ blocks: ['Invasive ductal carcinoma, grade 2.'] }] });
});
afterEach(async () => { await configurePdfDecoding('defaults'); });
afterAll(async () => { await temp.cleanup(); });

async function probeNamed(names: string[]): Promise<Map<string, ProbeOutput>> {
  const outputs = await Promise.all(names.map(async (name) => {
    const absPath = path.join(temp.dir, name);
    await writeFile(absPath, report);
    return [name, await probeFile({ relPath: name, absPath, size: report.length }, {})] as const;
  }));
  return new Map(outputs);
}

function expectReadNormally(output: ProbeOutput | undefined): void {
  expect(output?.findings).toEqual([]);
  expect(output?.pdf?.text).toContain('carcinoma');
}

describe('PDF decoding in bounded workers', () => {
  it('a file whose decoding hangs is stopped at the time limit with PDF_DECODE_TIMEOUT; the others are read', async () => {
    await configurePdfDecoding({ timeoutMs: 1_500, testHooks: { paths: /^hang/, stallMs: 60_000 } });
    const outputs = await probeNamed(['hang.pdf', 'a.pdf', 'b.pdf', 'c.pdf']);
    expect(outputs.get('hang.pdf')?.findings.map((f) => f.code)).toEqual(['PDF_DECODE_TIMEOUT']);
    // Marked so that nothing later opens it (no OCR, no merge): it is packed as it is.
    expect(outputs.get('hang.pdf')?.pdf).toMatchObject({ damaged: true, hasText: false });
    for (const name of ['a.pdf', 'b.pdf', 'c.pdf']) expectReadNormally(outputs.get(name));
    expect(pdfDecodeWorkerCount()).toBeLessThanOrEqual(2);
  });

  it('a file whose decoding fills the heap is stopped at the heap limit with PDF_TOO_LARGE_TO_READ; the others are read', async () => {
    await configurePdfDecoding({ maxHeapMb: 48, testHooks: { paths: /^greedy/, exhaustHeap: true } });
    const outputs = await probeNamed(['greedy.pdf', 'd.pdf', 'e.pdf']);
    const refused = outputs.get('greedy.pdf');
    expect(refused?.findings.map((f) => f.code)).toEqual(['PDF_TOO_LARGE_TO_READ']);
    expect(String(refused?.findings[0]?.details?.['reason'])).toMatch(/more than 48 MB/);
    expect(refused?.pdf).toMatchObject({ damaged: true, hasText: false });
    for (const name of ['d.pdf', 'e.pdf']) expectReadNormally(outputs.get(name));
  });

  it('workers started ahead of the first PDF (warm) are the pool\'s: no more of them, and they read the files', async () => {
    await configurePdfDecoding({ size: 2 });
    expect(pdfDecodeWorkerCount()).toBe(0);
    warmPdfDecoding();
    warmPdfDecoding();
    expect(pdfDecodeWorkerCount()).toBe(2);
    const outputs = await probeNamed(['f.pdf', 'g.pdf', 'h.pdf']);
    for (const name of ['f.pdf', 'g.pdf', 'h.pdf']) expectReadNormally(outputs.get(name));
    expect(pdfDecodeWorkerCount()).toBe(2);
  });
});
