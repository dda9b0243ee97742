import { open, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { probeFile } from '../../src/probe/index.js';
import { probePdfBytes } from '../../src/probe/pdf/index.js';
import type { ProbeOutput } from '../../src/probe/types.js';
import { corpusAvailable } from '../support/corpus.js';
import { CORPUS_DIR, hashTree } from '../support/tree.js';

const PDF_DIR = path.join(CORPUS_DIR, 'pdf');

async function probeCorpus(name: string): Promise<ProbeOutput> {
  const absPath = path.join(PDF_DIR, name);
  return probeFile({ relPath: `pdf/${name}`, absPath, size: (await stat(absPath)).size });
}

const codes = (output: ProbeOutput): string[] => output.findings.map((item) => item.code);

/** Expectations from ../shared/corpus/SOURCES.md, one row per file. */
describe.skipIf(!corpusAvailable)('PDF probe over the real corpus (SOURCES.md)', () => {
  it('tracemonkey: 14 pages of text, metadata read, text bounded', async () => {
    const output = await probeCorpus('tracemonkey.pdf');
    expect(output.pdf).toMatchObject({ pages: 14, hasText: true, damaged: false, encrypted: false, version: '1.4', producer: 'pdfeTeX-1.21a', creationDate: '2009-04-01' });
    expect(output.pdf?.text).toContain('Trace-based Just-in-Time Type Specialization');
    expect(output.pdf?.textChars).toBeLessThanOrEqual(20_000);
    expect(output.findings).toEqual([]);
  });

  it.each([['alphatrans.pdf', 1], ['ISO_12233-reschart.pdf', 1]])('%s: a normal PDF with text', async (name, pages) => {
    const output = await probeCorpus(name);
    expect(output.pdf).toMatchObject({ pages, hasText: true, damaged: false, encrypted: false });
    expect(output.findings).toEqual([]);
  });

  it('issue7229: scanned image-only, 2 pages, no text (its bad first xref entry is repaired by every reader)', async () => {
    const output = await probeCorpus('issue7229_scanned_image_only.pdf');
    expect(output.pdf).toMatchObject({ pages: 2, hasText: false, textChars: 0, damaged: false });
    expect(output.findings).toEqual([]);
  });

  it('scan-bad: truncated (no %%EOF) is damaged, with the page that could be recovered', async () => {
    const output = await probeCorpus('scan-bad_truncated_scan.pdf');
    expect(output.pdf).toMatchObject({ damaged: true, pages: 1 });
    expect(codes(output)).toEqual(['PDF_DAMAGED']);
    expect(output.findings[0]?.severity).toBe('error');
    expect(output.findings[0]?.details?.reason).toMatch(/truncated/);
  });

  it('issue9418: broken cross-reference data (poppler finds 0 pages) is damaged', async () => {
    const output = await probeCorpus('issue9418_broken_xref.pdf');
    expect(output.pdf?.damaged).toBe(true);
    expect(codes(output)).toEqual(['PDF_DAMAGED']);
    // pdf-lib and pdf.js rebuild the index by scanning and recover the one page; strict readers show none.
    expect(output.findings[0]?.details).toMatchObject({ recoveredPages: 1 });
  });

  it('helloworld-bad: wrong xref offsets are recoverable: 1 page with text, not damaged', async () => {
    const output = await probeCorpus('helloworld-bad.pdf');
    expect(output.pdf).toMatchObject({ pages: 1, hasText: true, damaged: false, text: 'Hello, world!' });
    expect(output.findings).toEqual([]);
  });

  it('damaged-stream: the corrupt stream is an unused object; the page and its text are still read', async () => {
    const output = await probeCorpus('qpdf_damaged-stream.pdf');
    expect(output.pdf).toMatchObject({ pages: 1, hasText: true, text: 'Potato' });
    expect(codes(output)).not.toContain('PROBE_FAILED');
  });

  it.each(['issue6010_1_userpw_abc.pdf', 'qpdf_enc-R6-AES256_userpw_view.pdf', 'qpdf_enc-R2-RC4-40_userpw_view.pdf'])(
    '%s: needs a user password',
    async (name) => {
      const output = await probeCorpus(name);
      expect(output.pdf).toMatchObject({ encrypted: true, needsPassword: true, hasText: false, damaged: false });
      expect(codes(output)).toEqual(['PDF_ENCRYPTED']);
    },
  );

  it('qpdf R2 RC4-40: the page count is readable without the password', async () => {
    expect((await probeCorpus('qpdf_enc-R2-RC4-40_userpw_view.pdf')).pdf?.pages).toBe(30);
  });

  it('qpdf R3 owner-only: opens without a password, 30 pages, text read, restriction reported', async () => {
    const output = await probeCorpus('qpdf_enc-R3-RC4-128_owner-only.pdf');
    expect(output.pdf).toMatchObject({ encrypted: true, needsPassword: false, pages: 30, hasText: true, damaged: false });
    expect(codes(output)).toEqual(['PDF_RESTRICTED']);
  });

  it('leading-junk: still a PDF, headerOffset > 0, owner-only encryption, 30 pages', async () => {
    const output = await probeCorpus('qpdf_leading-junk.pdf');
    expect(output.family).toBe('pdf');
    expect(output.pdf?.headerOffset).toBeGreaterThan(0);
    expect(output.pdf).toMatchObject({ headerOffset: 14, pages: 30, encrypted: true, needsPassword: false, damaged: false });
    expect(codes(output)).toEqual(['PDF_RESTRICTED']);
  });

  it('never throws and never reports PROBE_FAILED on any corpus PDF, and leaves the corpus untouched', async () => {
    const before = await hashTree(PDF_DIR);
    const { readdir } = await import('node:fs/promises');
    for (const name of (await readdir(PDF_DIR)).sort()) {
      const output = await probeCorpus(name);
      expect(output.family).toBe('pdf');
      expect(codes(output)).not.toContain('PROBE_FAILED');
    }
    expect(await hashTree(PDF_DIR)).toBe(before);
  });

  it('the PDF inside the DICOM Encapsulated PDF sample probes like alphatrans.pdf', async () => {
    const dcm = path.join(CORPUS_DIR, 'dicom/generated/SYNTHETIC-encapsulated-pdf.dcm');
    const dicom = await probeFile({ relPath: 'SYNTHETIC-encapsulated-pdf.dcm', absPath: dcm, size: (await stat(dcm)).size });
    const located = dicom.dicom?.encapsulatedPdf;
    expect(located).toBeDefined();
    if (!located) return;
    const handle = await open(dcm, 'r');
    let embedded: Buffer;
    try {
      embedded = Buffer.alloc(located.length);
      await handle.read(embedded, 0, located.length, located.offset);
    } finally {
      await handle.close();
    }
    const output = await probePdfBytes(embedded, 'SYNTHETIC-encapsulated-pdf.dcm');
    const reference = await probeCorpus('alphatrans.pdf');
    expect(output.pdf).toMatchObject({ pages: 1, hasText: true, damaged: false });
    expect(output.pdf?.text).toBe(reference.pdf?.text);
    // pdf2dcm pads the payload to an even length; the PDF itself is byte-identical.
    const original = await readFile(path.join(PDF_DIR, 'alphatrans.pdf'));
    expect(embedded.subarray(0, original.length).equals(original)).toBe(true);
  });
});
