import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeFile } from '../../src/probe/index.js';
import type { ProbeOutput } from '../../src/probe/types.js';
import { makeReportPdf } from '../../tools/synth/report-pdf.js';
import { lzwDecodedSizeUpTo, runLengthDecodedSizeUpTo } from '../../src/probe/pdf/streams.js';
import { contentStreamBombPdf, flateBomb, fontStreamBombPdf, imageXObjectBombPdf, lzwContentBombPdf, lzwRunBomb, pdfOf, runLengthBomb, runLengthContentBombPdf } from '../support/bombs/pdf.js';
import { makeTempDir } from '../support/tree.js';

/**
 * Issue 13, B3: a PDF whose streams inflate far beyond its size is refused
 * before pdf-lib or pdf.js inflate them (a 1 MB page of 1 GiB of spaces took
 * 4.4 GB). 128 MiB bombs (128 KB files) stand in for the GiB ones here: above
 * the cap, quick to refuse; the GiB ones are measured by the bomb runner.
 */
let temp: Awaited<ReturnType<typeof makeTempDir>>;
beforeAll(async () => { temp = await makeTempDir('casepack-pdf-bombs-'); });
afterAll(async () => { await temp.cleanup(); });

async function probeBytes(name: string, bytes: Uint8Array): Promise<ProbeOutput> {
  const absPath = path.join(temp.dir, name);
  await writeFile(absPath, bytes);
  return probeFile({ relPath: name, absPath, size: bytes.length }, {});
}

describe('B3: PDF streams that inflate beyond the cap', () => {
  it.each([
    ['content stream', 'content.pdf', () => contentStreamBombPdf(128)],
    ['embedded font file', 'font.pdf', () => fontStreamBombPdf(128)],
    ['image XObject declaring 32768 x 32768 pixels', 'image.pdf', () => imageXObjectBombPdf(1)],
    ['LZW-coded content stream', 'lzw.pdf', () => lzwContentBombPdf(128)],
    ['RunLength-coded content stream', 'runlength.pdf', () => runLengthContentBombPdf(128)],
  ])('%s: PDF_TOO_LARGE_TO_READ, not opened, page count from the page tree', async (_label, name, make) => {
    const output = await probeBytes(name, make());
    expect(output.family).toBe('pdf');
    expect(output.findings.map((f) => f.code)).toEqual(['PDF_TOO_LARGE_TO_READ']);
    // Marked so that nothing later opens it (no OCR, no merge): it is packed as it is.
    expect(output.pdf).toMatchObject({ damaged: true, hasText: false, pages: 1 });
  });

  it('many streams each under the cap but together over it are refused too', async () => {
    const page = (content: number): string => `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents ${content} 0 R >>`;
    const stream = flateBomb(60);
    const objects = [{ dict: '<< /Type /Catalog /Pages 2 0 R >>' }, { dict: '<< /Type /Pages /Kids [3 0 R 4 0 R 5 0 R 6 0 R 7 0 R] /Count 5 >>' }];
    for (let i = 0; i < 5; i += 1) objects.push({ dict: page(8 + i) });
    for (let i = 0; i < 5; i += 1) objects.push({ dict: '/Filter /FlateDecode', stream } as never);
    const output = await probeBytes('many.pdf', pdfOf(objects));
    expect(output.findings.map((f) => f.code)).toEqual(['PDF_TOO_LARGE_TO_READ']);
    expect(output.findings[0]?.details?.['reason']).toBe('streams together inflate beyond the cap');
  });

  it('LZW and RunLength streams are counted exactly, and the count stops past the cap', () => {
    const lzw = lzwRunBomb(3);
    expect(lzw.decodedBytes).toBe(3 * (3838 * 3839) / 2);
    expect(lzwDecodedSizeUpTo(lzw.stream, 1e9)).toBe(lzw.decodedBytes);
    expect(lzwDecodedSizeUpTo(lzw.stream, 1000)).toBeLessThan(1000 + 3839);
    // A run of 3 literal bytes, a run of 100 repeats, end of data.
    expect(runLengthDecodedSizeUpTo(Buffer.from([2, 65, 66, 67, 157, 32, 128]), 1e9)).toBe(103);
    expect(runLengthDecodedSizeUpTo(runLengthBomb(2), 1e9)).toBe(2 * 1024 * 1024);
  });

  it('an ordinary report still reads normally', async () => {
    const bytes = await makeReportPdf({ title: 'Histopathology report', sections: [{ blocks: ['Invasive ductal carcinoma, grade 2.'] }] });
    const output = await probeBytes('report.pdf', bytes);
    expect(output.findings).toEqual([]);
    expect(output.pdf?.text).toContain('carcinoma');
  });
});
