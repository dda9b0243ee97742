import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { open, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeFile } from '../../src/probe/index.js';
import { probePdfBytes } from '../../src/probe/pdf/index.js';
import { probeLargePdf } from '../../src/probe/pdf/large.js';
import type { ProbeOptions, ProbeOutput } from '../../src/probe/types.js';
import { makeReportPdf, makeScannedPdf, type ReportSpec } from '../../tools/synth/report-pdf.js';
import { makeTempDir } from '../support/tree.js';

let temp: Awaited<ReturnType<typeof makeTempDir>>;
beforeAll(async () => { temp = await makeTempDir('casepack-pdf-'); });
afterAll(async () => { await temp.cleanup(); });

let counter = 0;
async function probeWritten(bytes: Uint8Array, options: ProbeOptions = {}): Promise<ProbeOutput> {
  counter += 1;
  const relPath = `doc-${counter}.pdf`;
  const absPath = path.join(temp.dir, relPath);
  await writeFile(absPath, bytes);
  return probeFile({ relPath, absPath, size: bytes.length }, options);
}

const codes = (output: ProbeOutput): string[] => output.findings.map((item) => item.code);

function pagedReport(pageCount: number): ReportSpec {
  const blocks: ReportSpec['sections'][number]['blocks'] = [];
  for (let page = 1; page <= pageCount; page += 1) {
    if (page > 1) blocks.push({ type: 'pageBreak' });
    blocks.push(`Marker for page ${page}.`);
  }
  return { title: 'Histopathology report', sections: [{ blocks }] };
}

describe('probePdf on generated PDFs', () => {
  it('reads pages, text, version and Info metadata of a text report', async () => {
    const bytes = await makeReportPdf({
      title: 'Histopathology report',
      fields: [['Date of procedure', '12/09/2025']],
      sections: [{ heading: 'Diagnosis', blocks: ['Invasive ductal carcinoma.'] }],
      metadata: { creationDate: '2025-09-14T08:00:00Z', modificationDate: '2025-09-15T08:00:00Z', producer: 'LabSys 4.2' },
    });
    const output = await probeWritten(bytes);
    expect(output.family).toBe('pdf');
    expect(output.findings).toEqual([]);
    expect(output.pdf).toMatchObject({
      pages: 1, encrypted: false, needsPassword: false, damaged: false, hasText: true, headerOffset: 0, version: '1.7',
      title: 'Histopathology report', producer: 'LabSys 4.2', creationDate: '2025-09-14', modificationDate: '2025-09-15',
    });
    expect(output.pdf?.text).toContain('Invasive ductal carcinoma.');
    expect(output.pdf?.text).toContain('Date of procedure: 12/09/2025');
    expect(output.pdf?.textChars).toBe(output.pdf?.text?.length);
  });

  it('finds no text in a scanned (image-only) PDF, and counts its pages', async () => {
    const output = await probeWritten(await makeScannedPdf({ pages: 3, seed: 11 }));
    expect(output.pdf).toMatchObject({ pages: 3, hasText: false, textChars: 0, damaged: false });
    expect(output.pdf?.text).toBeUndefined();
    expect(output.findings).toEqual([]);
  });

  it('extracts text from the first pages only, bounded by maxTextPages and maxTextChars', async () => {
    const bytes = await makeReportPdf(pagedReport(8));
    const byDefault = await probeWritten(bytes);
    expect(byDefault.pdf?.pages).toBe(8);
    expect(byDefault.pdf?.text).toContain('Marker for page 5.');
    expect(byDefault.pdf?.text).not.toContain('Marker for page 6.');

    const twoPages = await probeWritten(bytes, { maxTextPages: 2 });
    expect(twoPages.pdf?.text).toContain('Marker for page 2.');
    expect(twoPages.pdf?.text).not.toContain('Marker for page 3.');

    const fewChars = await probeWritten(bytes, { maxTextChars: 40 });
    expect(fewChars.pdf?.textChars).toBe(40);
    expect(fewChars.pdf?.text).toHaveLength(40);
  });

  it('keeps no text when extractText is false, but still says whether there is some', async () => {
    const output = await probeWritten(await makeReportPdf(pagedReport(1)), { extractText: false });
    expect(output.pdf?.hasText).toBe(true);
    expect(output.pdf?.textChars).toBeGreaterThan(0);
    expect(output.pdf?.text).toBeUndefined();
  });

  it('accepts junk before the %PDF header and reports where the header is', async () => {
    const junk = Buffer.from('Content-Type: application/pdf\r\n\r\n');
    const output = await probeWritten(Buffer.concat([junk, await makeReportPdf(pagedReport(2))]));
    expect(output.family).toBe('pdf');
    expect(output.pdf).toMatchObject({ headerOffset: junk.length, pages: 2, damaged: false, hasText: true });
  });

  it('reports a PDF cut short as damaged, with the pages it could still recover', async () => {
    const whole = await makeReportPdf(pagedReport(3));
    const output = await probeWritten(whole.subarray(0, Math.floor(whole.length * 0.8)));
    expect(output.pdf?.damaged).toBe(true);
    expect(codes(output)).toEqual(['PDF_DAMAGED']);
    expect(output.findings[0]?.details?.reason).toMatch(/truncated/);
  });

  it('reports an unloadable PDF as damaged without throwing', async () => {
    const output = await probeWritten(Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(2000, 0x41)]));
    expect(output.family).toBe('pdf');
    expect(output.pdf).toMatchObject({ damaged: true, hasText: false });
    // pdf-lib "loads" it with no pages; either way nothing readable is claimed.
    expect([null, 0]).toContain(output.pdf?.pages);
    expect(codes(output)).toEqual(['PDF_DAMAGED']);
    expect(output.findings[0]?.severity).toBe('error');
  });

  it('notices a cross-reference table that sends strict readers to the wrong object', async () => {
    const bytes = Buffer.from(await makeReportPdf(pagedReport(1)));
    const text = bytes.toString('latin1');
    const root = Number(/\/Root (\d+) 0 R/.exec(text)?.[1]);
    const xrefAt = text.lastIndexOf('\nxref\n') + 1;
    // Entry lines are 20 bytes after the "xref\n0 N\n" header; point the catalog's entry at the file start.
    const entriesAt = text.indexOf('\n', text.indexOf('\n', xrefAt) + 1) + 1;
    const entryAt = entriesAt + root * 20;
    expect(text.slice(entryAt + 10, entryAt + 18)).toBe(' 00000 n');
    bytes.write('0000000000', entryAt, 'latin1');
    const output = await probeWritten(bytes);
    expect(output.pdf?.pages).toBe(1);
    expect(output.pdf?.damaged).toBe(true);
    expect(output.findings).toHaveLength(1);
    expect(output.findings[0]).toMatchObject({ code: 'PDF_DAMAGED', severity: 'warning' });
  });

  it('probes PDF bytes held by the caller without taking them over', async () => {
    const bytes = Buffer.from(await makeReportPdf(pagedReport(1)));
    const digest = createHash('sha256').update(bytes).digest('hex');
    const output = await probePdfBytes(bytes, 'embedded.dcm');
    expect(output.pdf).toMatchObject({ pages: 1, hasText: true });
    expect(bytes.byteLength).toBeGreaterThan(0);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(digest);
    const garbage = await probePdfBytes(Buffer.from('not a pdf at all'), 'embedded.dcm');
    expect(garbage.pdf?.damaged).toBe(true);
  });

  it('reads only both ends of a very large PDF, and says so', async () => {
    const bytes = await makeReportPdf({ ...pagedReport(4), metadata: { producer: 'Big Scanner 9', creationDate: '2024-03-05T10:00:00Z' } });
    const file = path.join(temp.dir, 'large.pdf');
    await writeFile(file, bytes);
    const handle = await open(file, 'r');
    try {
      const output = await probeLargePdf(handle, bytes.length, 'large.pdf', 1000);
      expect(output.pdf).toMatchObject({ pages: 4, producer: 'Big Scanner 9', creationDate: '2024-03-05', hasText: false, damaged: false });
      expect(codes(output)).toEqual(['PDF_PARTLY_EXAMINED']);
      expect(output.findings[0]?.details).toMatchObject({ size: bytes.length, capBytes: 1000 });
    } finally {
      await handle.close();
    }
  });
});

function qpdfAvailable(): boolean {
  try { execFileSync('qpdf', ['--version'], { stdio: 'ignore' }); return true; } catch { return false; }
}
const hasQpdf = qpdfAvailable();
if (!hasQpdf) console.warn('\n*** qpdf not installed: encrypted-PDF tests in test/pdf-probe.test.ts are SKIPPED ***\n');

describe.skipIf(!hasQpdf)('probePdf on PDFs encrypted by qpdf', () => {
  async function encrypted(userPassword: string): Promise<Buffer> {
    const source = path.join(temp.dir, `plain-${userPassword || 'none'}.pdf`);
    const target = path.join(temp.dir, `enc-${userPassword || 'none'}.pdf`);
    await writeFile(source, await makeReportPdf(pagedReport(2)));
    execFileSync('qpdf', ['--encrypt', userPassword, 'owner-secret', '256', '--print=none', '--', source, target]);
    return readFile(target);
  }

  it('needs a password when a user password is set', async () => {
    const output = await probeWritten(await encrypted('open-sesame'));
    expect(output.pdf).toMatchObject({ encrypted: true, needsPassword: true, hasText: false, damaged: false });
    expect(codes(output)).toEqual(['PDF_ENCRYPTED']);
  });

  it('opens an owner-password-only PDF, reads its text and reports the restriction', async () => {
    const output = await probeWritten(await encrypted(''));
    expect(output.pdf).toMatchObject({ encrypted: true, needsPassword: false, pages: 2, hasText: true, damaged: false });
    expect(output.pdf?.text).toContain('Marker for page 2.');
    expect(codes(output)).toEqual(['PDF_RESTRICTED']);
  });
});
